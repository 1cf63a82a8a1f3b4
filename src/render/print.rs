//! `print.html`: the whole dossier on one page, for printing a briefing pack.
//!
//! Every link between parts of the dossier points at an anchor of the page
//! itself, so that the pack reads the same on paper and offline:
//! `#article-SLUG`, `#article-SLUG--p4` (a slug never holds two hyphens in a
//! row), `#person-SLUG`, `#country-SLUG`, `#event-SLUG`, `#note-SLUG`. Article
//! texts are the ones the text stage rendered, relinked (`write_relinked`).
//!
//! The page is a tenth of the site, so it is never whole in memory: its shell
//! (the `print.html` template) is rendered with a marker in place of each of
//! its four parts, and [`write`] streams the shell out, writing each part
//! where its marker stands, [`CHUNK`] sections or entries at a time, rendered
//! in parallel and dropped once written. Those sections and entries repeat by
//! the thousand and are written here in Rust, escaped as the templates
//! escape: through a template, building each one's context cost more than
//! writing its HTML.

use std::collections::HashMap;
use std::fmt::{self, Display, Write as _};
use std::io;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Corpus, Kind, PartialDate, Target};
use crate::output::write_all_vectored;
use crate::text::MentionTags;
use crate::urls;

use super::html::write_escaped;
use super::pages::{Site, UP};

/// Sections or entries rendered at once, in parallel, between two writes:
/// what bounds the memory the page takes while it is written.
const CHUNK: usize = 256;

/// Stand in for the page's four parts (articles, people, countries, events)
/// in its rendered shell.
const MARKERS: [&str; 4] = [
    "<!--dossier:print-articles-->",
    "<!--dossier:print-people-->",
    "<!--dossier:print-countries-->",
    "<!--dossier:print-events-->",
];

/// The anchor of a page's section in `print.html`.
struct Anchor<'a>(&'a Corpus, Target);

impl Display for Anchor<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Anchor(corpus, target) = *self;
        let slug = Text(corpus.slug(target).as_str());
        write!(f, "{}-{slug}", target.kind().noun())
    }
}

/// Text shown in HTML, escaped.
struct Text<'a>(&'a str);

impl Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaped(f, self.0)
    }
}

/// A date: `<time datetime="2024-03">March 2024</time>` (neither form holds
/// a character HTML escapes).
struct Time(PartialDate);

impl Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, r#"<time datetime="{}">{}</time>"#, self.0.iso(), self.0)
    }
}

/// A link to a section of the page, showing its name.
struct Link<'a>(&'a Corpus, Target);

impl Display for Link<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Link(corpus, target) = *self;
        let name = Text(corpus.name(target));
        write!(f, r##"<a href="#{}">{name}</a>"##, Anchor(corpus, target))
    }
}

/// The page's shell: its table of contents, and a marker for each part.
#[derive(Serialize)]
pub struct PrintView {
    /// The articles, newest first, for the table of contents.
    pub articles: Vec<PrintLink>,
    pub notes: usize,
    pub people: usize,
    pub countries: usize,
    pub events: usize,
    /// Where each part goes: the joined sections or entries of its kind.
    pub articles_html: &'static str,
    pub people_html: &'static str,
    pub countries_html: &'static str,
    pub events_html: &'static str,
}

/// A link within `print.html`.
#[derive(Serialize)]
pub struct PrintLink {
    pub name: String,
    pub href: String,
}

/// The parts of the page, in order.
pub struct Parts {
    /// Article indices.
    pub articles: Vec<usize>,
    pub people: Vec<Target>,
    pub countries: Vec<Target>,
    pub events: Vec<Target>,
}

impl Parts {
    /// Articles newest first, people and countries by name, events oldest first.
    pub fn new(site: &Site) -> Parts {
        let c = site.corpus;
        let by_name = |mut targets: Vec<Target>| {
            targets.sort_by_key(|&t| site.analysis.name_order.rank(t));
            targets
        };
        Parts {
            articles: site.newest_first.clone(),
            people: by_name((0..c.people.len()).map(Target::Person).collect()),
            countries: by_name((0..c.countries.len()).map(Target::Country).collect()),
            events: site
                .analysis
                .chronology
                .iter()
                .map(|&e| Target::Event(e))
                .collect(),
        }
    }
}

impl PrintView {
    pub fn new(site: &Site, parts: &Parts) -> PrintView {
        let c = site.corpus;
        let [articles_html, people_html, countries_html, events_html] = MARKERS;
        PrintView {
            articles: parts
                .articles
                .iter()
                .map(|&a| {
                    let target = Target::Article(a);
                    PrintLink {
                        name: c.name(target).to_string(),
                        href: format!("#{}", Anchor(c, target)),
                    }
                })
                .collect(),
            notes: c.notes.len(),
            people: parts.people.len(),
            countries: parts.countries.len(),
            events: parts.events.len(),
            articles_html,
            people_html,
            countries_html,
            events_html,
        }
    }
}

/// Writes the page to `out`: `shell`, the template rendered around a
/// [`PrintView`], with each part in place of its marker.
pub fn write(site: &Site, parts: &Parts, shell: &str, out: &mut dyn io::Write) -> io::Result<()> {
    let links = PrintLinks::new(site.corpus);
    let articles = ArticleLinks::new(site.corpus);
    for piece in splice(shell) {
        match piece {
            Piece::Shell(html) => out.write_all(html.as_bytes())?,
            Piece::Part(0) => write_chunked(out, &parts.articles, |html, a| {
                article(html, site, a, &links)
            })?,
            Piece::Part(part) => {
                // The parts after the articles: people, countries, events.
                let entries = [&parts.people, &parts.countries, &parts.events][part - 1];
                write_chunked(out, entries, |html, t| entry(html, site, &articles, t))?;
            }
        }
    }
    Ok(())
}

/// A piece of the page: HTML of the shell, or the place of a part (its index
/// in [`MARKERS`]).
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Shell(&'a str),
    Part(usize),
}

/// `shell` cut at its markers, in order.
fn splice(shell: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = shell;
    while let Some((at, part)) = MARKERS
        .iter()
        .enumerate()
        .filter_map(|(part, marker)| rest.find(marker).map(|at| (at, part)))
        .min()
    {
        pieces.push(Piece::Shell(&rest[..at]));
        pieces.push(Piece::Part(part));
        rest = &rest[at + MARKERS[part].len()..];
    }
    pieces.push(Piece::Shell(rest));
    pieces
}

/// Writes each item's HTML in order, [`CHUNK`] items rendered at a time in parallel.
fn write_chunked<I: Copy + Sync>(
    out: &mut dyn io::Write,
    items: &[I],
    render: impl Fn(&mut String, I) -> fmt::Result + Sync,
) -> io::Result<()> {
    for chunk in items.chunks(CHUNK) {
        let html: Vec<String> = chunk
            .par_iter()
            .map(|&item| {
                let mut html = String::new();
                render(&mut html, item).expect("a String takes any text");
                html
            })
            .collect();
        let pieces: Vec<&str> = html.iter().map(String::as_str).collect();
        write_all_vectored(out, &pieces)?;
    }
    Ok(())
}

/// Each article's anchor in `print.html`, and a link to it showing its
/// title, made once: an article is listed under every entity it mentions.
struct ArticleLinks {
    anchors: Vec<String>,
    links: Vec<String>,
}

impl ArticleLinks {
    fn new(c: &Corpus) -> ArticleLinks {
        let articles = (0..c.articles.len()).map(Target::Article);
        ArticleLinks {
            anchors: articles.clone().map(|a| Anchor(c, a).to_string()).collect(),
            links: articles.map(|a| Link(c, a).to_string()).collect(),
        }
    }
}

/// Looked up for every link in every article: a fast hash with a fixed
/// seed (the keys are the dossier's own links).
type Relinks = HashMap<String, String, foldhash::fast::FixedState>;

/// Where the links of article texts go in `print.html`: each entity to its
/// anchor in the page.
struct PrintLinks {
    /// The mention links of paragraphs written from their plain text.
    mentions: MentionTags,
    /// Mention links as the text stage made them in other blocks (for pages
    /// one folder down) → the entities' anchors.
    relinks: Relinks,
}

impl PrintLinks {
    fn new(c: &Corpus) -> PrintLinks {
        let anchor = |t| format!("#{}", Anchor(c, t));
        PrintLinks {
            mentions: MentionTags::with_hrefs(c, anchor),
            relinks: c
                .entities()
                .map(|t| (urls::link(UP, c, t), anchor(t)))
                .collect(),
        }
    }
}

/// A URL written on an article page (one folder down), as seen from the root.
fn from_article_folder(url: &str) -> String {
    let is_relative =
        !url.contains("://") && !url.starts_with(['#', '/']) && !url.starts_with("mailto:");
    match url.strip_prefix(UP) {
        Some(from_root) if is_relative => from_root.to_string(),
        None if is_relative => format!("{}/{url}", Kind::Article.folder()),
        _ => url.to_string(),
    }
}

/// A `<dt>` and its `<dd>`, the items joined by `separator`; nothing without items.
fn fact<D: Display>(
    html: &mut String,
    term: &str,
    items: impl IntoIterator<Item = D>,
    separator: &str,
) -> fmt::Result {
    let mut items = items.into_iter().peekable();
    if items.peek().is_none() {
        return Ok(());
    }
    write!(html, "    <dt>{term}</dt><dd>")?;
    for (i, item) in items.enumerate() {
        if i > 0 {
            html.push_str(separator);
        }
        write!(html, "{item}")?;
    }
    writeln!(html, "</dd>")
}

/// An article's section: its source block, then its text, paragraph by
/// paragraph, each note beside its paragraph.
fn article(html: &mut String, site: &Site, index: usize, links: &PrintLinks) -> fmt::Result {
    let c = site.corpus;
    let a = &c.articles[index];
    let target = Target::Article(index);
    let id = Anchor(c, target).to_string();
    // The text, its links relinked, and some 300 bytes of markup a paragraph.
    let text = &site.texts[index];
    let markdown = c.text(&a.body);
    html.reserve(markdown.len() + 80 * text.mentions.len() + 300 * text.blocks.len() + 1000);
    writeln!(
        html,
        r#"<article class="article print-article" id="{id}" aria-labelledby="{id}-h">"#
    )?;
    writeln!(html, r#"  <h3 id="{id}-h">{}</h3>"#, Text(&a.title))?;
    writeln!(html, r#"  <dl class="source-block">"#)?;
    fact(html, "Publication", Some(Text(&a.source)), "")?;
    fact(html, "Author", a.author.as_deref().map(Text), "")?;
    fact(html, "Published", Some(Time(a.published)), "")?;
    if let Some(url) = &a.url {
        let url = Text(url);
        let link =
            format!(r#"<a class="external url" href="{url}" rel="external noopener">{url}</a>"#);
        fact(html, "Original", Some(link), "")?;
    }
    fact(html, "Retrieved", a.retrieved.map(Time), "")?;
    in_the_dossier(html, site, target)?;
    writeln!(html, "  </dl>")?;
    if let Some(summary) = &a.summary {
        writeln!(html, r#"  <p class="lede">{}</p>"#, Text(summary))?;
    }
    writeln!(html, r#"  <div class="text">"#)?;
    for block in 0..text.blocks.len() {
        paragraph(html, site, (index, &id), block, links)?;
    }
    writeln!(html, "  </div>\n</article>")
}

/// The page's permalink, as the last of the facts.
fn in_the_dossier(html: &mut String, site: &Site, target: Target) -> fmt::Result {
    let permalink = site.citer.permalink(&urls::page_path(site.corpus, target));
    writeln!(
        html,
        "    <dt>In the dossier</dt><dd><code>{}</code></dd>",
        Text(&permalink)
    )
}

/// A block of an article's text (`block`, from 0), numbered, with its notes;
/// `article` is the article's index and anchor.
fn paragraph(
    html: &mut String,
    site: &Site,
    (article, article_anchor): (usize, &str),
    block: usize,
    links: &PrintLinks,
) -> fmt::Result {
    let text = &site.texts[article];
    let markdown = site.corpus.text(&site.corpus.articles[article].body);
    let number = block + 1;
    // Pieced together rather than formatted: this is for every paragraph of
    // the dossier.
    let mut digits = itoa::Buffer::new();
    let number_text = digits.format(number);
    let anchor = [article_anchor, "--p", number_text].concat();
    let relink = |href: &str, out: &mut String| match links.relinks.get(href) {
        Some(anchor) => out.push_str(anchor),
        None => out.push_str(&from_article_folder(href)),
    };
    let notes: Vec<usize> = text
        .notes
        .iter()
        .filter(|&&(_, b)| b == block)
        .map(|&(note, _)| note)
        .collect();
    let class = if notes.is_empty() {
        "block"
    } else {
        "block annotated"
    };
    for piece in [
        r#"  <div class=""#,
        class,
        "\">\n",
        r##"    <span class="pnum-box"><a class="pnum" href="#"##,
        &anchor,
        r#"" aria-label="Paragraph "#,
        number_text,
        "\">",
        number_text,
        "</a></span>\n",
        r#"    <div class="block-text">"#,
    ] {
        html.push_str(piece);
    }
    text.write_block_relinked(html, block, markdown, &anchor, &links.mentions, relink);
    html.push_str("</div>\n");
    if !notes.is_empty() {
        writeln!(html, r#"    <div class="block-notes">"#)?;
        for note in notes {
            self::note(html, site, note, number)?;
        }
        writeln!(html, "    </div>")?;
    }
    writeln!(html, "  </div>")
}

/// A note beside its paragraph, the passage it is on highlighted.
fn note(html: &mut String, site: &Site, index: usize, paragraph: usize) -> fmt::Result {
    let c = site.corpus;
    let note = &c.notes[index];
    let body = site.body_html_linked(&note.body, |t| format!("#{}", Anchor(c, t)));
    writeln!(
        html,
        r#"      <aside class="note" id="note-{}" aria-label="Note on paragraph {paragraph}">"#,
        Text(note.slug.as_str())
    )?;
    writeln!(
        html,
        r#"        <blockquote class="note-quote"><mark>{}</mark></blockquote>"#,
        Text(&note.quote.value)
    )?;
    writeln!(html, r#"        <div class="note-body">{body}</div>"#)?;
    let author = note.author.as_deref().map(|a| Text(a).to_string());
    let meta: Vec<String> = author
        .into_iter()
        .chain(note.date.map(|d| Time(d).to_string()))
        .collect();
    if !meta.is_empty() {
        writeln!(
            html,
            r#"        <p class="note-meta">{}</p>"#,
            meta.join(", ")
        )?;
    }
    writeln!(html, "      </aside>")
}

/// A person's, country's or event's entry: its facts, the analyst's notes,
/// and the paragraphs that mention it.
fn entry(html: &mut String, site: &Site, articles: &ArticleLinks, target: Target) -> fmt::Result {
    let c = site.corpus;
    let id = Anchor(c, target);
    writeln!(
        html,
        r#"<article class="print-entity" id="{id}" aria-labelledby="{id}-h">"#
    )?;
    writeln!(html, r#"  <h3 id="{id}-h">{}</h3>"#, Text(c.name(target)))?;
    writeln!(html, r#"  <dl class="facts">"#)?;
    facts(html, site, target)?;
    in_the_dossier(html, site, target)?;
    writeln!(html, "  </dl>")?;
    let body = site.body_html_linked(c.body(target), |t| format!("#{}", Anchor(c, t)));
    if !body.is_empty() {
        writeln!(html, r#"  <div class="analyst-notes">{body}</div>"#)?;
    }
    mentioned_in(html, site, articles, target)?;
    writeln!(html, "</article>")
}

/// What an entry says of a person, country or event before its permalink.
fn facts(html: &mut String, site: &Site, target: Target) -> fmt::Result {
    let c = site.corpus;
    let aliases = c.names_of(target);
    let aliases = aliases.iter().skip(1).map(|n| Text(&n.value));
    let link = |t: Target| Link(c, t);
    match target {
        Target::Event(e) => {
            let event = &c.events[e];
            let links = &site.resolved.event_links[e];
            let end = event.end.map(|end| format!(" – {}", Time(end)));
            let date = format!("{}{}", Time(event.date), end.unwrap_or_default());
            fact(html, "Date", Some(date), "")?;
            fact(html, "Place", event.place.as_deref().map(Text), "")?;
            fact(html, "Also called", aliases, " · ")?;
            let people = links.people.iter().map(|&p| link(Target::Person(p)));
            fact(html, "People", people, ", ")?;
            let countries = links.countries.iter().map(|&k| link(Target::Country(k)));
            fact(html, "Countries", countries, ", ")?;
            let sources = links.sources.iter().map(|&a| link(Target::Article(a)));
            fact(html, "Sources", sources, "; ")
        }
        Target::Person(p) => {
            fact(html, "Also written", aliases, " · ")?;
            let country = site.resolved.person_country[p].map(|k| link(Target::Country(k)));
            fact(html, "Country", country, "")?;
            fact(
                html,
                "Roles",
                c.people[p].roles.iter().map(|r| Text(r)),
                "; ",
            )
        }
        Target::Country(_) | Target::Article(_) => fact(html, "Also written", aliases, " · "),
    }
}

/// "Mentioned in:" each article that mentions the entity, with the
/// paragraphs that do (`¶4`).
fn mentioned_in(
    html: &mut String,
    site: &Site,
    links: &ArticleLinks,
    target: Target,
) -> fmt::Result {
    let mut articles: Vec<(usize, Vec<usize>)> = Vec::new();
    for m in &site.analysis.backlinks(target).mentions {
        let number = m.block + 1;
        match articles.last_mut() {
            Some((article, paragraphs)) if *article == m.article => {
                if paragraphs.last() != Some(&number) {
                    paragraphs.push(number);
                }
            }
            _ => articles.push((m.article, vec![number])),
        }
    }
    if articles.is_empty() {
        return Ok(());
    }
    html.push_str(r#"  <p class="print-mentions">Mentioned in: "#);
    let mut number = itoa::Buffer::new();
    for (i, (article, paragraphs)) in articles.into_iter().enumerate() {
        if i > 0 {
            html.push_str("; ");
        }
        html.push_str(&links.links[article]);
        // A country can be mentioned in thousands of paragraphs: each link
        // is pieced together, not formatted.
        for p in paragraphs {
            let p = number.format(p);
            let anchor = &links.anchors[article];
            for piece in [
                r##" <a class="pref" href="#"##,
                anchor,
                "--p",
                p,
                "\">¶",
                p,
                "</a>",
            ] {
                html.push_str(piece);
            }
        }
    }
    writeln!(html, ".</p>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_the_templates_escape_it() {
        assert_eq!(
            Text(r#"<b class='x'>Tom & "Jerry"</b>"#).to_string(),
            "&lt;b class=&#39;x&#39;&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;"
        );
        assert_eq!(Text("é/ü").to_string(), "é/ü");
    }

    #[test]
    fn a_fact_joins_its_items_and_is_left_out_without_any() {
        let mut html = String::new();
        fact(&mut html, "Roles", ["a<b", "c"].map(Text), "; ").unwrap();
        fact(&mut html, "Place", None::<Text>, "").unwrap();
        assert_eq!(html, "    <dt>Roles</dt><dd>a&lt;b; c</dd>\n");
    }

    #[test]
    fn the_shell_is_cut_at_its_markers_in_order() {
        let shell = format!(
            "<h>{}|{}|{}{}</h>",
            MARKERS[1], MARKERS[0], MARKERS[2], MARKERS[3]
        );
        assert_eq!(
            splice(&shell),
            [
                Piece::Shell("<h>"),
                Piece::Part(1),
                Piece::Shell("|"),
                Piece::Part(0),
                Piece::Shell("|"),
                Piece::Part(2),
                Piece::Shell(""),
                Piece::Part(3),
                Piece::Shell("</h>"),
            ]
        );
    }
}
