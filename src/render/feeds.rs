//! `sitemap.xml` and `feed.xml`: the views of the two XML files, rendered by
//! the theme's `sitemap.xml` and `feed.xml` templates (Tera escapes `.xml`
//! templates as it does HTML, which is also valid XML escaping).
//!
//! Both hold absolute URLs built from base_url: they are read by crawlers and
//! feed readers, not from disk.
//!
//! While a theme does not override them, both are written here instead, byte
//! for byte as the built-in templates render them ([`feed_xml`],
//! [`sitemap_xml`]): the feed lists every article and event, and Tera took
//! longer over it than over any page. `tests/theme.rs` checks that copies of
//! the templates give the same files.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Corpus, PartialDate, Target};
use crate::urls;

use super::html::escape_into;
use super::pages::Site;
use super::views::SiteView;

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

/// `sitemap.xml` as the built-in template renders it.
pub fn sitemap_xml(_: &SiteView, sitemap: &SitemapView) -> String {
    let size: usize = sitemap.urls.iter().map(|url| url.len() + 32).sum();
    let mut xml = String::with_capacity(size + 128);
    xml += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
            <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for url in &sitemap.urls {
        xml += "  <url><loc>";
        escape_into(&mut xml, url);
        xml += "</loc></url>\n";
    }
    xml += "</urlset>\n";
    xml
}

/// `feed.xml` as the built-in template renders it.
pub fn feed_xml(site: &SiteView, feed: &FeedView) -> String {
    let mut xml = String::with_capacity(feed.entries.len() * 640 + 1024);
    // `{{ value }}`, escaped; and `{% if value %}`, where an empty text is false.
    let value = |xml: &mut String, before: &str, value: &str, after: &str| {
        *xml += before;
        escape_into(xml, value);
        *xml += after;
    };
    value(
        &mut xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
        site.language,
        "\">\n",
    );
    value(&mut xml, "  <id>", &feed.self_url, "</id>\n");
    value(&mut xml, "  <title>", &feed.title, "</title>\n");
    if let Some(subtitle) = given(&feed.subtitle) {
        value(&mut xml, "  <subtitle>", subtitle, "</subtitle>\n");
    }
    value(
        &mut xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"",
        &feed.self_url,
        "\"/>\n",
    );
    value(
        &mut xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"",
        &feed.site_url,
        "\"/>\n",
    );
    value(&mut xml, "  <updated>", &feed.updated, "</updated>\n");
    value(
        &mut xml,
        "  <author><name>",
        &feed.author,
        "</name></author>\n",
    );
    value(&mut xml, "  <generator>", site.generator, "</generator>\n");
    for entry in &feed.entries {
        value(&mut xml, "  <entry>\n    <id>", &entry.url, "</id>\n");
        value(&mut xml, "    <title>", &entry.title, "</title>\n");
        value(
            &mut xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"",
            &entry.url,
            "\"/>\n",
        );
        value(&mut xml, "    <updated>", &entry.updated, "</updated>\n");
        value(
            &mut xml,
            "    <published>",
            &entry.updated,
            "</published>\n",
        );
        if let Some(author) = given(&entry.author) {
            value(&mut xml, "    <author><name>", author, "</name></author>\n");
        }
        value(&mut xml, "    <category term=\"", entry.kind, "\"/>\n");
        value(
            &mut xml,
            "    <summary>",
            &entry.summary,
            "</summary>\n  </entry>\n",
        );
    }
    xml += "</feed>\n";
    xml
}

/// A value that a template's `{% if value %}` takes as given: not empty.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

fn rfc3339(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

/// Drops the characters XML 1.0 does not allow at all (most C0 controls);
/// the template escapes the rest.
fn xml_text(text: &str) -> String {
    // Bytes that no such character is made of: most text has none.
    if !text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xC2 || b == 0xEF)
    {
        return text.to_owned();
    }
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
        assert_eq!(xml_text("\u{7f}a\u{85}b\u{fffe}"), "ab");
        assert_eq!(xml_text("é – \u{a0}\u{fffd}"), "é – \u{a0}\u{fffd}");
        assert_eq!(
            rfc3339(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()),
            "2024-03-01T00:00:00Z"
        );
    }
}
