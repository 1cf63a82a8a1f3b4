//! The pictures' inputs, built from the analysis, and their text equivalents.
//!
//! 1. Timeline: one [`TimelineItem`] per event, spanning the days from the first of its
//!    `date` to the last of its `end` (or of its `date`), at the coarser precision of the two,
//!    in the lanes named after its countries. The full timeline is drawn once, on
//!    `timeline.html`; each person and country page draws its own events in one lane.
//! 2. Front-page map: every person and country is a node sized by its mentions, every tie
//!    between two of them (paragraphs naming both, events with both) an edge. Drawn once per
//!    build; the drawing keeps the strongest ties under [`MapCap::FRONT_PAGE`], and the page
//!    lists the [`FRONT_TIES`] strongest as text.
//! 3. Ego map: an entity, its strongest partners among people and countries (as many as
//!    [`MapCap::EGO`] draws) and the ties among them. The partners are chosen here, so that a
//!    page costs its own ties and no more; the page lists them as text.
//!
//! What every person and country page draws the same way, each entity's map node and each
//! event's timeline mark, is made once per build ([`SharedPictures`]) and borrowed by each page.
//!
//! Ties are ranked as the drawing ranks them: weight (paragraphs plus events), then shared
//! events, then the slugs, so the text lists exactly the strongest ties drawn. Every `href`
//! is relative to the page the picture is on. Events are never map nodes.

use std::borrow::Cow;
use std::cmp::Reverse;

use crate::analyse::Tie;
use crate::model::{Precision as DatePrecision, Target};
use crate::pictures::{
    relationship_map_svg, timeline_svg, MapCap, MapEdge, MapNode, MapOptions, NodeKind, Precision,
    TimelineItem, TimelineStyle,
};
use crate::urls;

use super::pages::{Site, UP};
use super::views::{FrontMapView, Item, PartnerView, TieView};

/// How many ties the front page lists beside its map.
pub const FRONT_TIES: usize = 15;

/// What the pictures of every person and country page draw the same way, made once per build
/// on first use rather than again for each page.
pub struct SharedPictures {
    /// Each person's, then each country's, page address from a page one folder down.
    entity_hrefs: Vec<String>,
    /// Each event as a timeline mark, for a page one folder down.
    event_marks: Vec<TimelineItem>,
}

/// An entity's ego map and its text equivalent.
pub struct EgoMap {
    pub svg: Option<String>,
    pub ties: Vec<PartnerView>,
    /// Partners among people and countries left off the map.
    pub more: usize,
}

/// The order in which ties are drawn and listed, strongest first.
fn rank<'s>(tie: Tie, a: &'s str, b: &'s str) -> (Reverse<u32>, Reverse<u32>, &'s str, &'s str) {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    (
        Reverse(tie.co_mentions + tie.co_events),
        Reverse(tie.co_events),
        first,
        second,
    )
}

fn coarsest(a: DatePrecision, b: DatePrecision) -> Precision {
    let order = |p: DatePrecision| match p {
        DatePrecision::Year => 0,
        DatePrecision::Month => 1,
        DatePrecision::Day => 2,
    };
    match order(a).min(order(b)) {
        0 => Precision::Year,
        1 => Precision::Month,
        _ => Precision::Day,
    }
}

impl Site<'_> {
    fn shared_pictures(&self) -> &SharedPictures {
        self.pictures.get_or_init(|| {
            let c = self.corpus;
            SharedPictures {
                entity_hrefs: self.map_targets().map(|t| urls::link(UP, c, t)).collect(),
                event_marks: (0..c.events.len())
                    .map(|e| self.timeline_item(e, UP))
                    .collect(),
            }
        })
    }

    /// Every person, then every country: the nodes a map may draw, in [`Site::node_index`]
    /// order.
    fn map_targets(&self) -> impl Iterator<Item = Target> {
        let c = self.corpus;
        (0..c.people.len())
            .map(Target::Person)
            .chain((0..c.countries.len()).map(Target::Country))
    }

    /// Every event on one timeline, one lane per country, for a page at `root`.
    pub(super) fn timeline_picture(&self, root: &str) -> String {
        let items: Vec<TimelineItem> = self
            .analysis
            .chronology
            .iter()
            .map(|&e| self.timeline_item(e, root))
            .collect();
        timeline_svg(&items, TimelineStyle::Full, "Timeline of every event")
    }

    /// An entity's own events on a small timeline, for its page; none without events.
    pub(super) fn compact_timeline(&self, target: Target, events: &[usize]) -> Option<String> {
        if events.is_empty() {
            return None;
        }
        let marks = &self.shared_pictures().event_marks;
        let items = events.iter().map(|&e| &marks[e]);
        let title = format!("Timeline of the events of {}", self.corpus.name(target));
        Some(timeline_svg(items, TimelineStyle::Compact, &title))
    }

    fn timeline_item(&self, event: usize, root: &str) -> TimelineItem {
        let c = self.corpus;
        let e = &c.events[event];
        let last = e.end.unwrap_or(e.date);
        let date_label = match e.end {
            Some(end) => format!("{} \u{2013} {end}", e.date),
            None => e.date.to_string(),
        };
        TimelineItem {
            title: e.title.value.clone(),
            href: urls::link(root, c, Target::Event(event)),
            start: e.date.first_day(),
            end: last.last_day(),
            precision: coarsest(e.date.precision(), last.precision()),
            date_label,
            lanes: self.resolved.event_links[event]
                .countries
                .iter()
                .map(|&k| c.countries[k].name.value.clone())
                .collect(),
        }
    }

    /// A map node's index among people then countries; `None` for anything else.
    fn node_index(&self, target: Target) -> Option<usize> {
        match target {
            Target::Person(i) => Some(i),
            Target::Country(k) => Some(self.corpus.people.len() + k),
            _ => None,
        }
    }

    /// The node of `target`, linking to `href`.
    fn map_node<'s>(&'s self, target: Target, href: Cow<'s, str>) -> MapNode<'s> {
        let c = self.corpus;
        MapNode {
            key: Cow::Borrowed(c.slug(target).as_str()),
            label: Cow::Borrowed(c.name(target)),
            href,
            kind: match target {
                Target::Country(_) => NodeKind::Country,
                _ => NodeKind::Person,
            },
            mentions: self.analysis.backlinks(target).mentions.len() as u32,
        }
    }

    fn slug(&self, target: Target) -> &str {
        self.corpus.slug(target).as_str()
    }

    /// The front page's map of every person and country, with its strongest ties as text.
    pub(super) fn front_map(&self) -> FrontMapView {
        let c = self.corpus;
        let targets: Vec<Target> = self.map_targets().collect();
        let nodes: Vec<MapNode> = targets
            .iter()
            .map(|&t| self.map_node(t, Cow::Owned(urls::link("", c, t))))
            .collect();
        let mut edges: Vec<MapEdge> = Vec::new();
        for (a, &target) in targets.iter().enumerate() {
            for (other, tie) in self.analysis.ties.of(target) {
                if let Some(b) = self.node_index(other).filter(|&b| b > a) {
                    edges.push(MapEdge {
                        a,
                        b,
                        co_mentions: tie.co_mentions,
                        co_events: tie.co_events,
                    });
                }
            }
        }
        let cap = MapCap::FRONT_PAGE;
        let options = MapOptions {
            title: "Who deals with whom: the people and countries of the dossier",
            cap,
            center: None,
        };
        let svg = relationship_map_svg(&nodes, &edges, &options);
        let cap_note = (nodes.len() > cap.max_nodes || edges.len() > cap.max_edges).then(|| {
            format!(
                "The map draws only the strongest ties: at most {} of the {} people and \
                 countries, and {} of their {} ties.",
                cap.max_nodes,
                nodes.len(),
                cap.max_edges,
                edges.len()
            )
        });
        let tie = |e: &MapEdge| Tie {
            co_mentions: e.co_mentions,
            co_events: e.co_events,
        };
        edges.sort_unstable_by(|x, y| {
            rank(tie(x), &nodes[x.a].key, &nodes[x.b].key).cmp(&rank(
                tie(y),
                &nodes[y.a].key,
                &nodes[y.b].key,
            ))
        });
        let ties = edges
            .iter()
            .take(FRONT_TIES)
            .map(|e| TieView {
                a: Item::new(c, targets[e.a], ""),
                b: Item::new(c, targets[e.b], ""),
                co_mentions: e.co_mentions,
                co_events: e.co_events,
            })
            .collect();
        FrontMapView {
            svg: svg.into(),
            ties,
            cap_note,
        }
    }

    /// An entity's ego map: it, its strongest partners among people and countries, and the
    /// ties among them.
    pub(super) fn ego_map(&self, target: Target) -> EgoMap {
        let ties = &self.analysis.ties;
        let mut partners: Vec<(Target, Tie)> = ties
            .of(target)
            .filter(|(other, _)| self.node_index(*other).is_some())
            .collect();
        let total = partners.len();
        let center = self.slug(target);
        partners.sort_unstable_by(|(x, tx), (y, ty)| {
            rank(*tx, center, self.slug(*x)).cmp(&rank(*ty, center, self.slug(*y)))
        });
        partners.truncate(MapCap::EGO.max_nodes - 1);
        if partners.is_empty() {
            return EgoMap {
                svg: None,
                ties: Vec::new(),
                more: 0,
            };
        }
        let members: Vec<Target> = std::iter::once(target)
            .chain(partners.iter().map(|(t, _)| *t))
            .collect();
        let hrefs = &self.shared_pictures().entity_hrefs;
        let nodes: Vec<MapNode> = members
            .iter()
            .map(|&t| {
                let node = self
                    .node_index(t)
                    .expect("ego maps are of people and countries");
                self.map_node(t, Cow::Borrowed(&hrefs[node]))
            })
            .collect();
        let mut edges = Vec::new();
        for (a, &x) in members.iter().enumerate() {
            for (b, &y) in members.iter().enumerate().skip(a + 1) {
                let tie = if a == 0 {
                    partners[b - 1].1
                } else {
                    ties.between(x, y)
                };
                if tie != Tie::default() {
                    edges.push(MapEdge {
                        a,
                        b,
                        co_mentions: tie.co_mentions,
                        co_events: tie.co_events,
                    });
                }
            }
        }
        let title = format!("Ties of {}", self.corpus.name(target));
        let options = MapOptions {
            title: &title,
            cap: MapCap::EGO,
            center: Some(0),
        };
        EgoMap {
            svg: Some(relationship_map_svg(&nodes, &edges, &options)),
            more: total - partners.len(),
            ties: partners
                .into_iter()
                .map(|(other, tie)| PartnerView {
                    item: Item::new(self.corpus, other, UP),
                    co_mentions: tie.co_mentions,
                    co_events: tie.co_events,
                })
                .collect(),
        }
    }
}
