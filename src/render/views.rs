//! The data each template sees: typed, serializable, sorted before handing over.

use std::borrow::Cow;

use serde::Serialize;

use crate::model::{Corpus, PartialDate, Target};
use crate::urls;

use super::html::Html;

pub use super::fragment::Fragment;
pub use super::html::Part;

/// What every page knows of the site.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: &'a str,
    pub language: &'a str,
    pub editor: Option<&'a str>,
    pub generator: &'static str,
    /// The date the build stamps on its pages: `SOURCE_DATE_EPOCH` or today.
    pub built: DateView,
}

/// Wraps a page's own view with what every template needs.
#[derive(Serialize)]
pub struct PageContext<'a, T> {
    pub site: &'a SiteView<'a>,
    /// The way back to the site root from this page: `""` or `"../"`.
    pub root: &'a str,
    /// The page's path from the root, for its permalink.
    pub path: &'a str,
    pub head: HeadView<'a>,
    pub title: &'a str,
    /// `index`, `timeline`, `list`, `article`, `person`, `country`, `event`, `404`.
    pub kind: &'a str,
    pub page: T,
}

/// What the `<head>` says of the page to search engines, reference managers
/// and link previews: the canonical URL, `citation_*` and Open Graph tags.
#[derive(Serialize)]
pub struct HeadView<'a> {
    /// base_url + path.
    pub permalink: String,
    pub description: Option<&'a str>,
    /// Open Graph's type: `article` for an article page, else `website`.
    pub og_type: &'static str,
    /// The build date as `citation_publication_date` wants it: `2023/11/14`.
    pub citation_date: &'a str,
    /// 404.html has no permalink of its own.
    pub citable: bool,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    pub label: String,
    pub iso: String,
    /// `<time datetime="ISO">LABEL</time>`, made here rather than by a Tera
    /// macro, which costs more than the rest of an article page's shell.
    pub html: String,
}

impl From<PartialDate> for DateView {
    fn from(date: PartialDate) -> Self {
        let mut html = Html::default();
        html.date(date);
        DateView {
            label: date.to_string(),
            iso: date.iso(),
            html: html.into_string(),
        }
    }
}

/// A link to a page in a list.
#[derive(Serialize, Clone)]
pub struct Item {
    pub name: String,
    pub href: String,
    /// `article`, `person`, `country` or `event`.
    pub kind: &'static str,
    pub date: Option<DateView>,
    pub end: Option<DateView>,
    /// A short second line: an article's source, an event's place, a person's roles.
    pub meta: Option<String>,
}

impl Item {
    pub fn new(corpus: &Corpus, target: Target, root: &str) -> Item {
        let (date, end, meta) = super::html::dated(corpus, target);
        Item {
            name: corpus.name(target).to_string(),
            href: urls::link(root, corpus, target),
            kind: target.kind().noun(),
            date: date.map(DateView::from),
            end: end.map(DateView::from),
            meta: meta.map(Cow::into_owned),
        }
    }
}

#[derive(Serialize)]
pub struct Count {
    pub label: &'static str,
    pub count: usize,
    pub href: String,
}

#[derive(Serialize)]
pub struct IndexView {
    pub counts: Vec<Count>,
    pub latest_events: Part,
    pub latest_articles: Part,
    pub notes: usize,
    /// The relationship map and its text equivalent (none on the 404 page).
    pub map: Option<FrontMapView>,
}

#[derive(Serialize)]
pub struct ListView {
    pub heading: &'static str,
    pub intro: &'static str,
    pub items: Part,
}

#[derive(Serialize)]
pub struct TimelineView {
    /// Every event drawn as an inline `<svg class="dossier-timeline">`.
    pub svg: Fragment,
    pub years: Vec<YearGroup>,
    pub events: usize,
    pub articles: usize,
}

#[derive(Serialize)]
pub struct YearGroup {
    pub year: i32,
    pub months: Vec<MonthGroup>,
}

/// Entries of one month; `month` is `None` for those dated to the year only.
#[derive(Serialize)]
pub struct MonthGroup {
    pub month: Option<&'static str>,
    pub entries: Part,
}

/// A note as shown beside its paragraph or on the pages it links to.
pub struct NoteView {
    pub id: String,
    pub quote: String,
    pub author: Option<String>,
    pub date: Option<PartialDate>,
    pub body: String,
    /// The annotated paragraph: `../articles/SLUG.html#p4`.
    pub paragraph_href: String,
    pub paragraph: usize,
    pub article: String,
}

#[derive(Serialize)]
pub struct ArticleView {
    pub title: String,
    pub source: String,
    pub author: Option<String>,
    pub published: DateView,
    pub url: Option<String>,
    pub retrieved: Option<DateView>,
    pub summary: Option<String>,
    /// The text, block by block, with the notes beside their blocks.
    pub text: Fragment,
    pub people: Part,
    pub countries: Part,
    pub events: Part,
    pub note_count: usize,
    /// The "Cite this page" section.
    pub cite: Fragment,
}

#[derive(Serialize)]
pub struct RelatedView {
    pub item: Item,
    pub count: u32,
}

/// A person's or a country's page.
#[derive(Serialize)]
pub struct EntityView {
    pub name: String,
    pub kind_label: &'static str,
    pub aliases: Vec<String>,
    pub country: Option<Item>,
    pub roles: Vec<String>,
    pub body: Fragment,
    pub notes: Part,
    pub events: Part,
    pub people: Part,
    pub sources: Part,
    pub mention_count: usize,
    pub related: Vec<RelatedView>,
    /// Its events on a small timeline (none without events).
    pub timeline_svg: Option<Fragment>,
    /// Its ego map (none without ties to people or countries).
    pub map_svg: Option<Fragment>,
    /// The map's text equivalent: the partners drawn, strongest first.
    pub ties: Vec<PartnerView>,
    /// Partners left off the map and the list.
    pub more_ties: usize,
    /// The "Cite this page" section.
    pub cite: Fragment,
}

#[derive(Serialize)]
pub struct EventView {
    pub title: String,
    pub date: DateView,
    pub end: Option<DateView>,
    pub place: Option<String>,
    pub aliases: Vec<String>,
    pub countries: Part,
    pub people: Part,
    pub body: Fragment,
    pub notes: Part,
    pub reported_by: Part,
    pub sources: Part,
    pub mention_count: usize,
    pub previous: Option<Item>,
    pub next: Option<Item>,
    /// The "Cite this page" section.
    pub cite: Fragment,
}

#[derive(Serialize)]
pub struct SearchView {
    /// The index's file, from the site root.
    pub index: &'static str,
}

/// The front page's relationship map and its text equivalent.
#[derive(Serialize)]
pub struct FrontMapView {
    /// An inline `<svg class="dossier-map">`.
    pub svg: Fragment,
    /// The strongest ties, strongest first.
    pub ties: Vec<TieView>,
    /// Said when the map draws only the strongest ties.
    pub cap_note: Option<String>,
}

/// A tie between two entities, as listed beside the front page's map.
#[derive(Serialize)]
pub struct TieView {
    pub a: Item,
    pub b: Item,
    pub co_mentions: u32,
    pub co_events: u32,
}

/// One of an entity's partners, as listed beside its ego map.
#[derive(Serialize)]
pub struct PartnerView {
    pub item: Item,
    pub co_mentions: u32,
    pub co_events: u32,
}
