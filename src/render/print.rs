//! `print.html`: the whole dossier on one page, for printing a briefing pack.
//!
//! Every link between parts of the dossier points at an anchor of the page
//! itself, so that the pack reads the same on paper and offline:
//! `#article-SLUG`, `#article-SLUG--p4` (a slug never holds two hyphens in a
//! row), `#person-SLUG`, `#country-SLUG`, `#event-SLUG`, `#note-SLUG`. Article
//! texts are the ones the text stage rendered, relinked (`html_relinked`).
//!
//! Each article's section (`print-article.html`) and each person's,
//! country's and event's entry (`print-entry.html`) is rendered on its own,
//! in parallel; the page template (`print.html`) places the joined parts.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Corpus, Kind, Target};
use crate::sorting::name_key;
use crate::urls;

use super::pages::{Site, UP};
use super::views::DateView;

/// The anchor of a page's section in `print.html`.
pub fn anchor(corpus: &Corpus, target: Target) -> String {
    format!("{}-{}", target.kind().noun(), corpus.slug(target))
}

fn paragraph_anchor(corpus: &Corpus, article: usize, number: usize) -> String {
    format!("{}--p{number}", anchor(corpus, Target::Article(article)))
}

/// The page: its table of contents, and its parts already rendered.
#[derive(Serialize)]
pub struct PrintView {
    /// The articles, newest first, for the table of contents.
    pub articles: Vec<PrintLink>,
    pub notes: usize,
    pub people: usize,
    pub countries: usize,
    pub events: usize,
    /// The parts' HTML, each the joined sections or entries of its kind.
    pub articles_html: String,
    pub people_html: String,
    pub countries_html: String,
    pub events_html: String,
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
            targets.sort_by_cached_key(|t| name_key(c.name(*t)));
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

/// A link within `print.html`.
#[derive(Serialize)]
pub struct PrintLink {
    pub name: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct PrintArticle {
    pub anchor: String,
    pub title: String,
    pub source: String,
    pub author: Option<String>,
    pub published: DateView,
    pub url: Option<String>,
    pub retrieved: Option<DateView>,
    pub summary: Option<String>,
    pub permalink: String,
    pub blocks: Vec<PrintBlock>,
}

#[derive(Serialize)]
pub struct PrintBlock {
    pub number: usize,
    pub anchor: String,
    pub html: String,
    pub notes: Vec<PrintNote>,
}

#[derive(Serialize)]
pub struct PrintNote {
    pub anchor: String,
    pub quote: String,
    pub body: String,
    pub author: Option<String>,
    pub date: Option<DateView>,
}

/// A person, country or event.
#[derive(Serialize)]
pub struct PrintEntity {
    pub anchor: String,
    pub name: String,
    pub permalink: String,
    /// An event's dates.
    pub date: Option<DateView>,
    pub end: Option<DateView>,
    pub place: Option<String>,
    pub aliases: Vec<String>,
    pub roles: Vec<String>,
    pub country: Option<PrintLink>,
    pub people: Vec<PrintLink>,
    pub countries: Vec<PrintLink>,
    pub body: String,
    /// The articles that mention it, each with its paragraphs (`¶4`).
    pub mentioned_in: Vec<PrintMentions>,
    /// An event's sources.
    pub sources: Vec<PrintLink>,
}

/// An article that mentions an entity, and the paragraphs that do.
#[derive(Serialize)]
pub struct PrintMentions {
    pub article: PrintLink,
    /// The article's anchor; a paragraph's is `{anchor}--p{number}`.
    pub anchor: String,
    pub paragraphs: Vec<usize>,
}

/// Mention links as the text stage made them (for pages one folder down) →
/// their anchors in `print.html`.
pub fn relinks(c: &Corpus) -> HashMap<String, String> {
    c.entities()
        .map(|t| (urls::link(UP, c, t), format!("#{}", anchor(c, t))))
        .collect()
}

impl PrintView {
    /// The page around its parts' HTML (`[articles, people, countries, events]`).
    pub fn new(site: &Site, parts: &Parts, html: [String; 4]) -> PrintView {
        let c = site.corpus;
        let [articles_html, people_html, countries_html, events_html] = html;
        PrintView {
            articles: parts
                .articles
                .iter()
                .map(|&a| link(c, Target::Article(a)))
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

fn link(c: &Corpus, t: Target) -> PrintLink {
    PrintLink {
        name: c.name(t).to_string(),
        href: format!("#{}", anchor(c, t)),
    }
}

pub fn article(site: &Site, index: usize, relinks: &HashMap<String, String>) -> PrintArticle {
    let c = site.corpus;
    let a = &c.articles[index];
    let text = &site.texts[index];
    let relink = |href: &str| {
        relinks
            .get(href)
            .cloned()
            .unwrap_or_else(|| from_article_folder(href))
    };
    let mut blocks: Vec<PrintBlock> = text
        .blocks
        .iter()
        .enumerate()
        .map(|(i, block)| {
            let anchor = paragraph_anchor(c, index, i + 1);
            PrintBlock {
                number: i + 1,
                html: block.html_relinked(i + 1, &anchor, relink),
                anchor,
                notes: Vec::new(),
            }
        })
        .collect();
    for &(n, block) in &text.notes {
        let note = &c.notes[n];
        blocks[block].notes.push(PrintNote {
            anchor: format!("note-{}", note.slug),
            quote: note.quote.value.clone(),
            body: site.body_html_linked(&note.body, |t| format!("#{}", anchor(c, t))),
            author: note.author.clone(),
            date: note.date.map(DateView::from),
        });
    }
    PrintArticle {
        anchor: anchor(c, Target::Article(index)),
        title: a.title.clone(),
        source: a.source.clone(),
        author: a.author.clone(),
        published: a.published.into(),
        url: a.url.clone(),
        retrieved: a.retrieved.map(DateView::from),
        summary: a.summary.clone(),
        permalink: site
            .citer
            .permalink(&urls::page_path(c, Target::Article(index))),
        blocks,
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

/// The entry of a person, country or event.
pub fn entity(site: &Site, target: Target) -> PrintEntity {
    let c = site.corpus;
    let link = |t: Target| link(c, t);
    let backlinks = site.analysis.backlinks(target);
    let mut mentioned_in: Vec<(usize, Vec<usize>)> = Vec::new();
    for m in &backlinks.mentions {
        let number = site.texts[m.article].mentions[m.mention].block + 1;
        match mentioned_in.last_mut() {
            Some((article, paragraphs)) if *article == m.article => {
                if paragraphs.last() != Some(&number) {
                    paragraphs.push(number);
                }
            }
            _ => mentioned_in.push((m.article, vec![number])),
        }
    }
    let mentioned_in = mentioned_in
        .into_iter()
        .map(|(article, paragraphs)| PrintMentions {
            article: link(Target::Article(article)),
            anchor: anchor(c, Target::Article(article)),
            paragraphs,
        })
        .collect();
    let mut entity = PrintEntity {
        anchor: anchor(c, target),
        name: c.name(target).to_string(),
        permalink: site.citer.permalink(&urls::page_path(c, target)),
        date: None,
        end: None,
        place: None,
        aliases: c
            .names_of(target)
            .into_iter()
            .skip(1)
            .map(|n| n.value.clone())
            .collect(),
        roles: Vec::new(),
        country: None,
        people: Vec::new(),
        countries: Vec::new(),
        body: site.body_html_linked(c.body(target), |t| format!("#{}", anchor(c, t))),
        mentioned_in,
        sources: Vec::new(),
    };
    match target {
        Target::Person(p) => {
            entity.roles = c.people[p].roles.clone();
            entity.country = site.resolved.person_country[p].map(|k| link(Target::Country(k)));
        }
        Target::Event(e) => {
            let event = &c.events[e];
            let links = &site.resolved.event_links[e];
            entity.date = Some(event.date.into());
            entity.end = event.end.map(DateView::from);
            entity.place = event.place.clone();
            entity.people = links
                .people
                .iter()
                .map(|&p| link(Target::Person(p)))
                .collect();
            entity.countries = links
                .countries
                .iter()
                .map(|&k| link(Target::Country(k)))
                .collect();
            entity.sources = links
                .sources
                .iter()
                .map(|&a| link(Target::Article(a)))
                .collect();
        }
        Target::Country(_) | Target::Article(_) => {}
    }
    entity
}
