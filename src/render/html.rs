//! The parts that pages repeat many times — list items, paragraphs with their
//! notes, passages that mention an entity — written straight to HTML.
//!
//! A country's page in a large dossier lists thousands of passages; through
//! Tera, each one is first copied into a JSON value, then looked up field by
//! field and escaped, which made template interpretation most of a build's
//! time. Here each part is written once into a string, escaped as it goes,
//! and the templates place the parts where the page wants them.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::model::{Corpus, PartialDate, Target};
use crate::urls;

use super::cite::{ChicagoView, CitationView, CiteView};
use super::fragment::Fragment;
use super::views::NoteView;

/// A piece of HTML and how many entries it lists, so that a template can
/// test for entries and count them without looking into the HTML.
#[derive(Serialize, Default)]
pub struct Part {
    pub html: Fragment,
    pub count: usize,
}

/// Escapes what HTML needs escaped and nothing more: Tera's default also
/// escapes `/`, which makes every link unreadable in the page source.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], onto the end of `out`.
pub fn escape_into(out: &mut String, text: &str) {
    write_escaped(out, text).expect("a String takes any text");
}

/// Whether `text` holds a character that `escape` replaces. The text stage
/// asks once for each paragraph, so that the many passages quoted from
/// paragraphs that need none are copied as they are.
pub fn needs_escaping(text: &str) -> bool {
    // A fold rather than `any` or `memchr`: without an early exit it is
    // vectorised, and for the short texts escaped most (titles, names,
    // links) it is several times faster than setting up a search.
    text.bytes().fold(false, |found, byte| {
        found | matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\'')
    })
}

/// Writes `text` escaped as `escape` does (the templates' escape), to any writer.
pub fn write_escaped(out: &mut impl fmt::Write, text: &str) -> fmt::Result {
    if !needs_escaping(text) {
        return out.write_str(text);
    }
    let bytes = text.as_bytes();
    // Each of these is one byte in UTF-8, and never part of another character.
    // Quotes are common in prose and the others rare, so each kind is found by
    // its own vectorised search, redone only once the text has passed its find.
    let next_markup =
        |from: usize| memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map(|at| from + at);
    let next_quote = |from: usize| memchr::memchr2(b'"', b'\'', &bytes[from..]).map(|at| from + at);
    let (mut markup, mut quote) = (next_markup(0), next_quote(0));
    let mut copied = 0;
    loop {
        let at = match (markup, quote) {
            (Some(m), Some(q)) => m.min(q),
            (Some(at), None) | (None, Some(at)) => at,
            (None, None) => break,
        };
        out.write_str(&text[copied..at])?;
        out.write_str(match bytes[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        copied = at + 1;
        if markup == Some(at) {
            markup = next_markup(copied);
        } else {
            quote = next_quote(copied);
        }
    }
    out.write_str(&text[copied..])
}

/// Writes HTML into a string: `raw` for markup, `text` for what must be escaped.
#[derive(Default)]
pub struct Html(String);

impl Html {
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// `text`, escaped if `escape`: false only for text known to hold
    /// nothing to escape ([`needs_escaping`]).
    pub fn text_if(&mut self, text: &str, escape: bool) -> &mut Self {
        match escape {
            true => self.text(text),
            false => self.raw(text),
        }
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.0, text);
        self
    }

    pub fn number(&mut self, number: usize) -> &mut Self {
        self.raw(itoa::Buffer::new().format(number))
    }

    /// `<time datetime="2024-03">March 2024</time>`.
    pub fn date(&mut self, date: PartialDate) -> &mut Self {
        self.raw("<time datetime=\"");
        date.write_iso(&mut self.0)
            .expect("a String takes any text");
        self.raw("\">");
        write!(self.0, "{date}").expect("a String takes any text");
        self.raw("</time>")
    }

    /// A link to `target` from a page whose way to the root is `root`.
    pub fn href(&mut self, root: &str, corpus: &Corpus, target: Target) -> &mut Self {
        self.text(&urls::link(root, corpus, target))
    }

    pub fn into_part(self, count: usize) -> Part {
        Part {
            html: self.0.into(),
            count,
        }
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// `<ul class="items">` of links to `targets`, in their order, each with its
/// date and a short second line.
pub fn items(corpus: &Corpus, targets: &[Target], root: &str) -> Part {
    let mut h = Html::default();
    h.raw("<ul class=\"items\">\n");
    for &target in targets {
        item(&mut h, corpus, target, root);
    }
    h.raw("</ul>\n");
    h.into_part(targets.len())
}

fn item(h: &mut Html, corpus: &Corpus, target: Target, root: &str) {
    h.raw("<li class=\"item kind-")
        .raw(target.kind().noun())
        .raw("\"><a href=\"")
        .href(root, corpus, target)
        .raw("\">")
        .text(corpus.name(target))
        .raw("</a>");
    let (date, end, meta) = dated(corpus, target);
    if let Some(date) = date {
        h.raw(" <span class=\"item-date\">").date(date);
        if let Some(end) = end {
            h.raw(" – ").date(end);
        }
        h.raw("</span>");
    }
    if let Some(meta) = meta {
        h.raw(" <span class=\"item-meta\">")
            .text(&meta)
            .raw("</span>");
    }
    h.raw("</li>\n");
}

/// What a list shows beside a link: its date, its end, and a short second
/// line (an article's source, an event's place, a person's roles).
pub fn dated(
    corpus: &Corpus,
    target: Target,
) -> (
    Option<PartialDate>,
    Option<PartialDate>,
    Option<Cow<'_, str>>,
) {
    match target {
        Target::Article(i) => {
            let a = &corpus.articles[i];
            (Some(a.published), None, Some(Cow::Borrowed(&a.source)))
        }
        Target::Event(i) => {
            let e = &corpus.events[i];
            (Some(e.date), e.end, e.place.as_deref().map(Cow::Borrowed))
        }
        Target::Person(i) => {
            let roles = &corpus.people[i].roles;
            let meta = (!roles.is_empty()).then(|| Cow::Owned(roles.join("; ")));
            (None, None, meta)
        }
        Target::Country(_) => (None, None, None),
    }
}

/// Links to `targets` in a sentence: `<a>A</a>, <a>B</a>`.
pub fn inline_links(corpus: &Corpus, targets: &[Target], root: &str) -> Part {
    let mut h = Html::default();
    for (n, &target) in targets.iter().enumerate() {
        if n > 0 {
            h.raw(", ");
        }
        h.raw("<a href=\"")
            .href(root, corpus, target)
            .raw("\">")
            .text(corpus.name(target))
            .raw("</a>");
    }
    h.into_part(targets.len())
}

/// The timeline page's `<ul class="entries">` of dated events and articles.
pub fn timeline_entries(corpus: &Corpus, targets: &[Target], root: &str) -> Part {
    let mut h = Html::default();
    h.raw("<ul class=\"entries\">\n");
    for &target in targets {
        let kind = target.kind().noun();
        let (date, end, meta) = dated(corpus, target);
        h.raw("<li class=\"entry kind-")
            .raw(kind)
            .raw("\"><span class=\"badge\">")
            .raw(kind)
            .raw("</span> ");
        if let Some(date) = date {
            h.date(date);
        }
        if let Some(end) = end {
            h.raw(" – ").date(end);
        }
        h.raw(" <a href=\"")
            .href(root, corpus, target)
            .raw("\">")
            .text(corpus.name(target))
            .raw("</a>");
        if let Some(meta) = meta {
            h.raw(" <span class=\"item-meta\">")
                .text(&meta)
                .raw("</span>");
        }
        h.raw("</li>\n");
    }
    h.raw("</ul>\n");
    h.into_part(targets.len())
}

/// Notes, each an `<aside class="note">`; `on_article` leaves out the link to
/// the paragraph, which the note sits beside.
pub fn notes<'n>(notes: impl IntoIterator<Item = &'n NoteView>, on_article: bool) -> Part {
    let mut h = Html::default();
    let mut count = 0;
    for note in notes {
        write_note(&mut h, note, on_article);
        count += 1;
    }
    h.into_part(count)
}

fn write_note(h: &mut Html, note: &NoteView, on_article: bool) {
    h.raw("<aside class=\"note\" id=\"")
        .text(&note.id)
        .raw("\" aria-label=\"Note on paragraph ")
        .number(note.paragraph)
        .raw("\">\n  <blockquote class=\"note-quote\"><mark>")
        .text(&note.quote)
        .raw("</mark></blockquote>\n");
    if !on_article {
        h.raw("  <p class=\"note-where\">On <a href=\"")
            .text(&note.paragraph_href)
            .raw("\">")
            .text(&note.article)
            .raw(", paragraph ")
            .number(note.paragraph)
            .raw("</a></p>\n");
    }
    h.raw("  <div class=\"note-body\">")
        .raw(&note.body)
        .raw("</div>\n");
    if note.author.is_some() || note.date.is_some() {
        h.raw("  <p class=\"note-meta\">");
        if let Some(author) = &note.author {
            h.text(author);
        }
        if let Some(date) = note.date {
            if note.author.is_some() {
                h.raw(", ");
            }
            h.date(date);
        }
        h.raw("</p>\n");
    }
    h.raw("</aside>\n");
}

/// An article's text: each top-level block with its number, which links to
/// it and shows its permalink on hover, and the notes on it. dossier.js gives
/// each number a button that copies the permalink: without JavaScript it
/// would only be hidden, so it is not written into every paragraph.
pub fn blocks(
    notes_by_block: Vec<Vec<&NoteView>>,
    text_size: usize,
    permalink: &str,
    write_block: impl Fn(&mut String, usize),
) -> String {
    let permalink = escape(permalink);
    // The blocks and their chrome (notes aside), sized at once rather than
    // grown: `text_size` is about the length of their HTML.
    let chrome = notes_by_block.len() * (permalink.len() + 300);
    let mut h = Html(String::with_capacity(text_size + chrome));
    for (index, notes) in notes_by_block.into_iter().enumerate() {
        let number = index + 1;
        h.raw("<div class=\"block")
            .raw(if notes.is_empty() { "" } else { " annotated" })
            .raw("\">\n  <span class=\"pnum-box\"><a class=\"pnum\" href=\"#p")
            .number(number)
            .raw("\" title=\"Paragraph ")
            .number(number)
            .raw("; permalink: ")
            .raw(&permalink)
            .raw("#p")
            .number(number)
            .raw("\" aria-label=\"Paragraph ")
            .number(number)
            .raw("\">")
            .number(number)
            .raw("</a></span>\n  <div class=\"block-text\">");
        write_block(&mut h.0, index);
        h.raw("</div>\n");
        if !notes.is_empty() {
            h.raw("  <div class=\"block-notes\">")
                .raw(self::notes(notes, true).html.as_str())
                .raw("</div>\n");
        }
        h.raw("</div>\n");
    }
    h.into_string()
}

/// A sentence that mentions an entity, split around the mention.
pub struct Passage<'t> {
    pub paragraph: usize,
    pub before: Cow<'t, str>,
    pub mention: &'t str,
    pub after: Cow<'t, str>,
    /// Whether the paragraph's text holds characters to escape.
    pub escape: bool,
}

/// An article that mentions or tags an entity, with its passages.
pub struct Source<'t> {
    pub article: usize,
    pub passages: Vec<Passage<'t>>,
    pub tagged: bool,
}

/// `<ol class="sources">`: each article with the passages that mention the
/// entity, each passage linking to its paragraph.
pub fn sources(corpus: &Corpus, sources: &[Source], root: &str) -> Part {
    let mut h = Html::default();
    h.raw("<ol class=\"sources\">\n");
    for source in sources {
        let article = &corpus.articles[source.article];
        let href = urls::link(root, corpus, Target::Article(source.article));
        h.raw("  <li class=\"source\">\n    <p class=\"source-title\"><a href=\"")
            .text(&href)
            .raw("\">")
            .text(&article.title)
            .raw("</a> <span class=\"item-meta\">")
            .text(&article.source)
            .raw(", ")
            .date(article.published)
            .raw("</span>");
        if source.tagged && source.passages.is_empty() {
            h.raw(" <span class=\"tag-only\">tagged</span>");
        }
        h.raw("</p>\n");
        if !source.passages.is_empty() {
            h.raw("    <ul class=\"passages\">\n");
            for passage in &source.passages {
                // A page's address is made of slugs: nothing in it to escape.
                h.raw("      <li><a class=\"pref\" href=\"")
                    .raw(&href)
                    .raw("#p")
                    .number(passage.paragraph)
                    .raw("\">¶")
                    .number(passage.paragraph)
                    .raw("</a> ")
                    .text_if(&passage.before, passage.escape)
                    .raw("<strong>")
                    .text_if(passage.mention, passage.escape)
                    .raw("</strong>")
                    .text_if(&passage.after, passage.escape);
                h.raw("</li>\n");
            }
            h.raw("    </ul>\n");
        }
        h.raw("  </li>\n");
    }
    h.raw("</ol>\n");
    h.into_part(sources.len())
}

/// The "Cite this page" section: the permalink, then the page's citations
/// (and the original publication's), each with a button that copies it.
pub fn cite(cite: &CiteView) -> String {
    let mut h = Html::default();
    h.raw("<section class=\"cite\" id=\"cite\" aria-labelledby=\"cite-heading\">\n  <h2 id=\"cite-heading\">Cite this page</h2>\n  <dl class=\"cite-list\">\n    <dt>Permalink</dt>\n    <dd><code class=\"cite-permalink\" id=\"cite-permalink\">")
        .text(&cite.permalink)
        .raw("</code> ");
    copy_button(&mut h, "cite-permalink", "the permalink");
    h.raw("</dd>\n");
    citation(&mut h, &cite.page, "cite");
    h.raw("  </dl>\n");
    if let Some(original) = &cite.original {
        h.raw("  <h3 id=\"cite-original-heading\">The original publication</h3>\n  <dl class=\"cite-list cite-original\" aria-labelledby=\"cite-original-heading\">\n");
        citation(&mut h, original, "cite-original");
        h.raw("  </dl>\n  <p class=\"cite-help\">Each paragraph of an article has its own permalink: its number in the margin links to it.</p>\n");
    }
    h.raw("</section>\n");
    h.into_string()
}

/// A citation's Chicago and BibTeX forms, as `<dt>`/`<dd>` pairs whose
/// elements' ids start with `id`.
fn citation(h: &mut Html, citation: &CitationView, id: &str) {
    let chicago_id = format!("{id}-chicago");
    let bibtex_id = format!("{id}-bibtex");
    h.raw("    <dt>Chicago</dt>\n    <dd><p class=\"cite-chicago\" id=\"")
        .raw(&chicago_id)
        .raw("\">");
    chicago(h, &citation.chicago);
    h.raw("</p> ");
    copy_button(h, &chicago_id, "the citation");
    h.raw("</dd>\n    <dt>BibTeX</dt>\n    <dd><pre class=\"cite-bibtex\" id=\"")
        .raw(&bibtex_id)
        .raw("\">")
        .text(&citation.bibtex)
        .raw("</pre> ");
    copy_button(h, &bibtex_id, "the BibTeX entry");
    h.raw("</dd>\n");
}

/// A Chicago citation, the publication's name in italics.
fn chicago(h: &mut Html, chicago: &ChicagoView) {
    h.text(&chicago.before);
    if let Some(container) = &chicago.container {
        h.raw("<i>").text(container).raw("</i>");
    }
    h.text(&chicago.after);
}

/// A button that dossier.js shows and has copy the text of element `id`.
fn copy_button(h: &mut Html, id: &str, what: &str) {
    h.raw("<button type=\"button\" class=\"copy\" data-copy=\"")
        .raw(id)
        .raw("\" hidden>Copy ")
        .raw(what)
        .raw("</button>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_only_what_html_needs() {
        assert_eq!(
            escape(r#"<a href="x/y">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x/y&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape("Ünïcode — fine"), "Ünïcode — fine");
    }

    /// The two searches must together find every special byte, in order,
    /// however quotes and markup interleave.
    #[test]
    fn escape_matches_replacing_character_by_character() {
        let alphabet = ['a', '&', '<', '>', '"', '\'', 'é', ' '];
        let mut sequence = crate::testing::Sequence::new(7);
        for length in 0..40 {
            for _ in 0..50 {
                let text: String = (0..length)
                    .map(|_| alphabet[sequence.below(alphabet.len())])
                    .collect();
                let expected: String = text
                    .chars()
                    .map(|c| match c {
                        '&' => "&amp;".to_string(),
                        '<' => "&lt;".to_string(),
                        '>' => "&gt;".to_string(),
                        '"' => "&quot;".to_string(),
                        '\'' => "&#39;".to_string(),
                        c => c.to_string(),
                    })
                    .collect();
                assert_eq!(escape(&text), expected, "{text:?}");
            }
        }
    }
}
