//! `sitemap.xml` and `feed.xml`: the views of the two XML files, rendered by
//! the theme's `sitemap.xml` and `feed.xml` templates (Tera escapes `.xml`
//! templates as it does HTML, which is also valid XML escaping).
//!
//! Both hold absolute URLs built from base_url: they are read by crawlers and
//! feed readers, not from disk.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Corpus, PartialDate, Target};
use crate::urls;

use super::pages::Site;

#[derive(Serialize)]
pub struct SitemapView {
    /// Absolute URLs, in the order the pages are listed by the renderer.
    pub urls: Vec<String>,
}

impl SitemapView {
    /// `paths` are the site's pages, relative to the root.
    pub fn new<'p>(base_url: &str, paths: impl Iterator<Item = &'p str>) -> SitemapView {
        SitemapView {
            urls: paths.map(|p| xml_text(&format!("{base_url}{p}"))).collect(),
        }
    }
}

/// An Atom feed of every article and event, newest first.
#[derive(Serialize)]
pub struct FeedView {
    /// The feed's own address: base_url + `feed.xml`; also its id.
    pub self_url: String,
    pub site_url: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The feed's author: the editor, else the dossier's title.
    pub author: String,
    /// RFC 3339: the build date at midnight UTC.
    pub updated: String,
    pub entries: Vec<EntryView>,
}

#[derive(Serialize)]
pub struct EntryView {
    /// The page's permalink, which is also the entry's id.
    pub url: String,
    pub title: String,
    /// `article` or `event`.
    pub kind: &'static str,
    /// RFC 3339: the first day of the article's or event's date.
    pub updated: String,
    pub author: Option<String>,
    pub summary: String,
}

impl FeedView {
    pub fn new(site: &Site, built: NaiveDate) -> FeedView {
        let c = site.corpus;
        let config = &c.config;
        let mut dated: Vec<(PartialDate, Target)> = (0..c.articles.len())
            .map(|a| (c.articles[a].published, Target::Article(a)))
            .chain((0..c.events.len()).map(|e| (c.events[e].date, Target::Event(e))))
            .collect();
        // Newest first; on the same date articles before events, then by slug.
        dated.sort_by(|(da, ta), (db, tb)| {
            db.cmp(da)
                .then(ta.kind().cmp(&tb.kind()))
                .then_with(|| c.slug(*ta).cmp(c.slug(*tb)))
        });
        FeedView {
            self_url: xml_text(&format!("{}feed.xml", config.base_url)),
            site_url: xml_text(&config.base_url),
            title: xml_text(&config.title),
            subtitle: config.description.as_deref().map(xml_text),
            author: xml_text(config.editor.as_deref().unwrap_or(&config.title)),
            updated: rfc3339(built),
            entries: dated
                .into_iter()
                .map(|(date, target)| entry(c, date, target))
                .collect(),
        }
    }
}

fn entry(c: &Corpus, date: PartialDate, target: Target) -> EntryView {
    let url = format!("{}{}", c.config.base_url, urls::page_path(c, target));
    let (author, summary) = match target {
        Target::Article(a) => {
            let article = &c.articles[a];
            let published = format!("{}, {}", article.source, article.published);
            (
                article.author.clone(),
                article.summary.clone().unwrap_or(published),
            )
        }
        Target::Event(e) => {
            let event = &c.events[e];
            let mut when = event.date.to_string();
            if let Some(end) = event.end {
                when += &format!(" – {end}");
            }
            if let Some(place) = &event.place {
                when += &format!(", {place}");
            }
            (None, when)
        }
        Target::Person(_) | Target::Country(_) => unreachable!("only articles and events"),
    };
    EntryView {
        url: xml_text(&url),
        title: xml_text(c.name(target)),
        kind: target.kind().noun(),
        updated: rfc3339(date.first_day()),
        author: author.as_deref().map(xml_text),
        summary: xml_text(&summary),
    }
}

fn rfc3339(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

/// Drops the characters XML 1.0 does not allow at all (most C0 controls);
/// the template escapes the rest.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r') || c > '\u{9f}')
        .filter(|&c| !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_characters_xml_allows() {
        assert_eq!(xml_text("a\u{1}b\tc\u{ffff}"), "ab\tc");
        assert_eq!(
            rfc3339(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()),
            "2024-03-01T00:00:00Z"
        );
    }
}
