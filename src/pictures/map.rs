//! The relationship map: people and countries as nodes, ties between them as edges.
//!
//! **Ties.** An edge joins two entities named in the same paragraph (`co_mentions` counts the
//! paragraphs) or taking part in the same event (`co_events` counts the events); its weight is
//! the sum. Edges with a shared event are drawn solid, the others dashed; the stroke width
//! grows with the weight. A node's size grows with its `mentions`; people are circles,
//! countries squares.
//!
//! **Cap.** When there are more than [`MapCap`] allows, the strongest ties are kept: edges are
//! ranked by weight, then shared events, then the two keys in order (for an ego map, the
//! centre's own ties come first). Going down that ranking, a tie brings in both its ends while
//! both fit under `max_nodes`, until `max_nodes` or `max_edges` is reached; room left is given
//! to the most mentioned of the other nodes (ties broken by key). The edges drawn are the
//! best-ranked ones among the kept nodes, at most `max_edges`.
//!
//! **Layout.** `force_graph` 0.4 (a force-directed layout on `petgraph` 0.8, MIT, no
//! randomness: the caller gives the start positions) was chosen over `fdg-sim` (on the old
//! `petgraph` 0.6 and `glam` 0.21, places nodes at random from a global generator),
//! `forceatlas2` (AGPL-3.0, which this MIT crate cannot take) and `layout-rs` (a layered
//! layout for directed graphs that draws its own SVG). It runs a fixed number of steps (200,
//! or 100 for an ego map) from start positions on a circle in the order the nodes were kept,
//! cooling linearly to a standstill; an ego map's centre is anchored. More mentioned nodes
//! get more mass, so more room. The result is stretched to fill the picture (one axis at most
//! 1.5 times more than the other). Labels go right, left, above or below a node, the first
//! spot that touches no node and no label; the centre's and the most mentioned nodes' labels
//! are placed first.
//!
//! **CSS classes.** `dossier-map` (and `map-ego` with a centre) on the `<svg>`; groups
//! `map-edges` and `map-nodes`; `map-edge` with `shared-event` or `co-mention` on each line;
//! `map-node` with `person` or `country` (and `map-center`) on each `<a>`; `map-label`.

use super::{open_svg, text_width, Esc, Num, Rect};
use force_graph::{EdgeData, ForceGraph, NodeData, SimulationParameters};
use std::cmp::Reverse;
use std::fmt::Write;

/// The number of layout steps, fixed so that the layout is the same on every build.
const MAP_STEPS: usize = 200;
/// Fewer for an ego map, which starts near its final shape and is drawn a thousand times.
const EGO_STEPS: usize = 100;
/// The time step of the simulation.
const STEP: f32 = 0.02;
const MARGIN: f64 = 12.0;
const TEXT_FILL: &str = "fill=\"#1f2933\"";

/// Whether a node is a person or a country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Person,
    Country,
}

/// One entity.
#[derive(Clone, Debug)]
pub struct MapNode {
    /// A unique, stable id (the slug): breaks ties in the ranking.
    pub key: String,
    pub label: String,
    /// The entity page's address relative to the page the picture is on, used as it is.
    pub href: String,
    pub kind: NodeKind,
    /// How often the entity is mentioned: sets the node's size.
    pub mentions: u32,
}

/// A tie between `nodes[a]` and `nodes[b]`. Self-ties and indices out of range are ignored.
#[derive(Clone, Debug)]
pub struct MapEdge {
    pub a: usize,
    pub b: usize,
    /// The paragraphs naming both.
    pub co_mentions: u32,
    /// The events both take part in.
    pub co_events: u32,
}

impl MapEdge {
    /// The tie's strength: paragraphs plus events.
    pub fn weight(&self) -> u32 {
        self.co_mentions + self.co_events
    }
}

/// The most nodes and edges a map draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapCap {
    pub max_nodes: usize,
    pub max_edges: usize,
}

impl MapCap {
    /// The front page's map: 60 entities and their 150 strongest ties.
    pub const FRONT_PAGE: MapCap = MapCap {
        max_nodes: 60,
        max_edges: 150,
    };
    /// A person's or country's ego map: it and its 15 strongest partners, 40 ties.
    pub const EGO: MapCap = MapCap {
        max_nodes: 16,
        max_edges: 40,
    };
}

/// What to draw besides the graph.
#[derive(Clone, Copy, Debug)]
pub struct MapOptions<'a> {
    /// The picture's accessible name, e.g. "Relationship map".
    pub title: &'a str,
    pub cap: MapCap,
    /// For an ego map: the index of the page's own entity, kept, ranked first and anchored
    /// in the middle.
    pub center: Option<usize>,
}

/// The nodes and edges kept under the cap, as indices into the input, best first.
struct Selection {
    nodes: Vec<usize>,
    /// Copies of the kept edges, each with `a` the end whose key comes first.
    edges: Vec<MapEdge>,
    /// How many valid edges the input had.
    total_edges: usize,
    /// For each input node, its position in `nodes` (meaningful for kept nodes only).
    slot: Vec<usize>,
}

/// Each node's place in the order of keys, so that ties are broken by comparing numbers.
fn key_ranks(nodes: &[MapNode]) -> Vec<u32> {
    let mut by_key: Vec<usize> = (0..nodes.len()).collect();
    by_key.sort_unstable_by(|&i, &j| nodes[i].key.cmp(&nodes[j].key).then(i.cmp(&j)));
    let mut ranks = vec![0; nodes.len()];
    for (rank, &i) in by_key.iter().enumerate() {
        ranks[i] = rank as u32;
    }
    ranks
}

/// Copies of the valid edges, strongest first, each with `a` the end whose key comes first.
fn rank_edges(edges: &[MapEdge], keys: &[u32], center: Option<usize>) -> Vec<MapEdge> {
    let n = keys.len();
    let mut ranked: Vec<_> = edges
        .iter()
        .filter(|e| e.a != e.b && e.a < n && e.b < n)
        .map(|e| {
            let (a, b) = if keys[e.a] < keys[e.b] {
                (e.a, e.b)
            } else {
                (e.b, e.a)
            };
            let touches = center.is_some_and(|c| c == a || c == b);
            let rank = (
                !touches,
                Reverse(e.weight()),
                Reverse(e.co_events),
                keys[a],
                keys[b],
            );
            (rank, MapEdge { a, b, ..e.clone() })
        })
        .collect();
    ranked.sort_unstable_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, e)| e).collect()
}

/// The nodes chosen so far, in the order they were chosen.
struct Kept {
    flags: Vec<bool>,
    order: Vec<usize>,
}

impl Kept {
    fn admit(&mut self, i: usize) {
        if !self.flags[i] {
            self.flags[i] = true;
            self.order.push(i);
        }
    }

    /// Goes down the ranked ties, admitting both ends of each tie that fits, until `cap`
    /// is reached.
    fn admit_ties(&mut self, ranked: &[MapEdge], cap: MapCap) {
        let mut admitted = 0;
        for e in ranked {
            if self.order.len() >= cap.max_nodes || admitted >= cap.max_edges {
                break;
            }
            let new = usize::from(!self.flags[e.a]) + usize::from(!self.flags[e.b]);
            if self.order.len() + new <= cap.max_nodes {
                self.admit(e.a);
                self.admit(e.b);
                admitted += 1;
            }
        }
    }

    /// Fills the room left under `max_nodes` with the most mentioned other nodes.
    fn fill(&mut self, nodes: &[MapNode], keys: &[u32], max_nodes: usize) {
        let mut rest: Vec<usize> = (0..nodes.len()).filter(|&i| !self.flags[i]).collect();
        rest.sort_unstable_by_key(|&i| (Reverse(nodes[i].mentions), keys[i]));
        let room = max_nodes.saturating_sub(self.order.len());
        for i in rest.into_iter().take(room) {
            self.admit(i);
        }
    }
}

fn select(nodes: &[MapNode], edges: &[MapEdge], options: &MapOptions) -> Selection {
    let keys = key_ranks(nodes);
    let ranked = rank_edges(edges, &keys, options.center);
    let mut kept = Kept {
        flags: vec![false; nodes.len()],
        order: Vec::new(),
    };
    if let Some(c) = options.center.filter(|&c| c < nodes.len()) {
        kept.admit(c);
    }
    kept.admit_ties(&ranked, options.cap);
    kept.fill(nodes, &keys, options.cap.max_nodes);
    let total_edges = ranked.len();
    let edges = ranked
        .into_iter()
        .filter(|e| kept.flags[e.a] && kept.flags[e.b])
        .take(options.cap.max_edges)
        .collect();
    let mut slot = vec![0; nodes.len()];
    for (i, &node) in kept.order.iter().enumerate() {
        slot[node] = i;
    }
    Selection {
        nodes: kept.order,
        edges,
        total_edges,
        slot,
    }
}

/// The picture's size for `n` nodes: about 130 px squared per node, within 360–960 px wide.
fn canvas(n: usize) -> (f64, f64) {
    let w = (130.0 * (n as f64).sqrt()).clamp(360.0, 960.0).round();
    (w, (w * 0.7).round())
}

/// A start position on a circle, rounded to 0.01 so that no last-bit difference of `sin`
/// and `cos` between platforms reaches the layout.
fn start_position(i: usize, n: usize) -> (f32, f32) {
    let angle = std::f32::consts::TAU * i as f32 / n as f32;
    let ring = 60.0 * (n as f32).sqrt();
    let round = |v: f32| (v * 100.0).round() / 100.0;
    (round(ring * angle.cos()), round(ring * angle.sin()))
}

/// The share of the most mentions that `node` has, from 0 to 1.
fn share(node: &MapNode, most: u32) -> f64 {
    if most == 0 {
        0.0
    } else {
        f64::from(node.mentions) / f64::from(most)
    }
}

/// The selected nodes and edges as a `force_graph` graph, each node's user data its
/// position in `sel.nodes`.
fn force_graph(nodes: &[MapNode], sel: &Selection, center: Option<usize>) -> ForceGraph<usize> {
    let most = sel
        .nodes
        .iter()
        .map(|&i| nodes[i].mentions)
        .max()
        .unwrap_or(0);
    let mut graph = ForceGraph::new(SimulationParameters::default());
    let mut ids = Vec::with_capacity(sel.nodes.len());
    for (i, &node) in sel.nodes.iter().enumerate() {
        let is_anchor = center == Some(node);
        let (x, y) = if is_anchor {
            (0.0, 0.0)
        } else {
            start_position(i, sel.nodes.len())
        };
        let mass = 6.0 + 8.0 * share(&nodes[node], most).sqrt() as f32;
        ids.push(graph.add_node(NodeData {
            x,
            y,
            mass,
            is_anchor,
            user_data: i,
        }));
    }
    for e in &sel.edges {
        graph.add_edge(ids[sel.slot[e.a]], ids[sel.slot[e.b]], EdgeData::default());
    }
    graph
}

/// Runs the force-directed layout, slowing the nodes linearly to a standstill; returns one
/// raw position per selected node.
fn layout(nodes: &[MapNode], sel: &Selection, center: Option<usize>) -> Vec<(f64, f64)> {
    let mut graph = force_graph(nodes, sel, center);
    let steps = if center.is_some() {
        EGO_STEPS
    } else {
        MAP_STEPS
    };
    let speed = graph.parameters.node_speed;
    for k in 0..steps {
        graph.parameters.node_speed = speed * (1.0 - k as f32 / steps as f32);
        graph.update(STEP);
    }
    let mut pos = vec![(0.0, 0.0); sel.nodes.len()];
    graph.visit_nodes(|n| pos[n.data.user_data] = (f64::from(n.x()), f64::from(n.y())));
    pos
}

/// Scales and moves `pos` to fill `size`, keeping `inset` free on every side; one axis is
/// stretched at most 1.5 times more than the other.
fn fit_to(pos: &mut [(f64, f64)], size: (f64, f64), inset: f64) {
    let fold = |f: fn(f64, f64) -> f64, start: f64, axis: fn(&(f64, f64)) -> f64| {
        pos.iter().map(axis).fold(start, f)
    };
    let (x0, x1) = (
        fold(f64::min, f64::MAX, |p| p.0),
        fold(f64::max, f64::MIN, |p| p.0),
    );
    let (y0, y1) = (
        fold(f64::min, f64::MAX, |p| p.1),
        fold(f64::max, f64::MIN, |p| p.1),
    );
    let (w, h) = (size.0 - 2.0 * inset, size.1 - 2.0 * inset);
    let (sx, sy) = (w / (x1 - x0).max(1e-9), h / (y1 - y0).max(1e-9));
    let (sx, sy) = (sx.min(1.5 * sy), sy.min(1.5 * sx));
    for p in pos.iter_mut() {
        p.0 = size.0 / 2.0 + (p.0 - (x0 + x1) / 2.0) * sx;
        p.1 = size.1 / 2.0 + (p.1 - (y0 + y1) / 2.0) * sy;
    }
}

/// One node as drawn.
struct Placed<'a> {
    node: &'a MapNode,
    x: f64,
    y: f64,
    r: f64,
    center: bool,
    /// Its label, if it has room for one.
    label: Option<Label>,
}

/// Where a node's label is written.
struct Label {
    x: f64,
    y: f64,
    anchor: &'static str,
}

impl Placed<'_> {
    fn bounds(&self) -> Rect {
        Rect {
            x0: self.x - self.r,
            y0: self.y - self.r,
            x1: self.x + self.r,
            y1: self.y + self.r,
        }
    }
}

/// The boxes a label of width `w` may take around node `p`: right, left, above, below; each
/// with the x and `text-anchor` of its text and the y of its baseline.
fn label_spots(p: &Placed, w: f64) -> [(Rect, f64, &'static str, f64); 4] {
    let (x, y, r) = (p.x, p.y, p.r);
    let beside = |x0: f64| Rect {
        x0,
        y0: y - 8.0,
        x1: x0 + w,
        y1: y + 5.0,
    };
    let stacked = |base: f64| Rect {
        x0: x - w / 2.0,
        y0: base - 9.0,
        x1: x + w / 2.0,
        y1: base + 3.0,
    };
    [
        (beside(x + r + 3.0), x + r + 3.0, "start", y + 4.0),
        (beside(x - r - 3.0 - w), x - r - 3.0, "end", y + 4.0),
        (stacked(y - r - 4.0), x, "middle", y - r - 4.0),
        (stacked(y + r + 12.0), x, "middle", y + r + 12.0),
    ]
}

/// Gives labels, in priority order (the centre, then the most mentioned), to the nodes whose
/// label fits beside, above or below them without touching a node, another label or the edge.
fn place_labels(placed: &mut [Placed], size: (f64, f64)) {
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by_key(|&i| {
        let p = &placed[i];
        (
            Reverse(p.center),
            Reverse(p.node.mentions),
            p.node.key.as_str(),
        )
    });
    let bounds: Vec<Rect> = placed.iter().map(Placed::bounds).collect();
    let mut taken: Vec<Rect> = Vec::new();
    for i in order {
        let free = |b: &Rect| {
            b.x0 >= 0.0
                && b.x1 <= size.0
                && b.y0 >= 0.0
                && b.y1 <= size.1
                && !taken.iter().any(|l| l.overlaps(b))
                && !bounds
                    .iter()
                    .enumerate()
                    .any(|(j, n)| j != i && n.overlaps(b))
        };
        let spots = label_spots(&placed[i], text_width(&placed[i].node.label));
        if let Some(&(b, x, anchor, y)) = spots.iter().find(|s| free(&s.0)) {
            taken.push(b);
            placed[i].label = Some(Label { x, y, anchor });
        }
    }
}

/// Draws the relationship map of `nodes` and `edges`, keeping the strongest ties under
/// `options.cap`.
pub fn relationship_map_svg(nodes: &[MapNode], edges: &[MapEdge], options: &MapOptions) -> String {
    let sel = select(nodes, edges, options);
    let size = canvas(sel.nodes.len());
    let class = if options.center.is_some() {
        "dossier-map map-ego"
    } else {
        "dossier-map"
    };
    let mut out = String::with_capacity(400 * (sel.nodes.len() + sel.edges.len()) + 2048);
    open_svg(&mut out, class, size, options.title, &describe(nodes, &sel));
    if sel.nodes.is_empty() {
        let _ = writeln!(
            out,
            "<text x=\"12.0\" y=\"24.0\" {TEXT_FILL}>No people or countries to show.</text>"
        );
    } else {
        let placed = place(nodes, &sel, options.center, size);
        write_edges(&mut out, &sel, &placed);
        write_nodes(&mut out, &placed);
    }
    out.push_str("</svg>\n");
    out
}

/// Lays the selected nodes out in a picture of `size` and places their labels.
fn place<'a>(
    nodes: &'a [MapNode],
    sel: &Selection,
    center: Option<usize>,
    size: (f64, f64),
) -> Vec<Placed<'a>> {
    let most = sel
        .nodes
        .iter()
        .map(|&i| nodes[i].mentions)
        .max()
        .unwrap_or(0);
    let radius = |node: &MapNode| 5.0 + 11.0 * share(node, most).sqrt();
    let mut pos = layout(nodes, sel, center);
    let widest = sel
        .nodes
        .iter()
        .map(|&i| radius(&nodes[i]))
        .fold(0.0, f64::max);
    fit_to(&mut pos, size, MARGIN + widest);
    let mut placed: Vec<Placed> = sel
        .nodes
        .iter()
        .zip(pos)
        .map(|(&i, (x, y))| Placed {
            node: &nodes[i],
            x,
            y,
            r: radius(&nodes[i]),
            center: center == Some(i),
            label: None,
        })
        .collect();
    place_labels(&mut placed, size);
    placed
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a tie stands for, e.g. "3 paragraphs together, 1 shared event".
fn tie_counts(e: &MapEdge) -> String {
    let mut parts = Vec::new();
    if e.co_mentions > 0 {
        parts.push(plural(
            e.co_mentions as usize,
            "paragraph together",
            "paragraphs together",
        ));
    }
    if e.co_events > 0 {
        parts.push(plural(
            e.co_events as usize,
            "shared event",
            "shared events",
        ));
    }
    parts.join(", ")
}

fn tie_text(nodes: &[MapNode], e: &MapEdge) -> String {
    format!(
        "{} \u{2013} {}: {}",
        nodes[e.a].label,
        nodes[e.b].label,
        tie_counts(e)
    )
}

/// The `<desc>`: what is drawn, how to read it, and the strongest ties.
fn describe(nodes: &[MapNode], sel: &Selection) -> String {
    let people = sel
        .nodes
        .iter()
        .filter(|&&i| nodes[i].kind == NodeKind::Person)
        .count();
    let mut d = format!(
        "{} and {}, {}. A line joins two entities named in the same paragraph (dashed) or taking \
         part in the same event (solid); a thicker line is a stronger tie. People are circles \
         and countries squares; a larger shape is mentioned more often.",
        plural(people, "person", "people"),
        plural(sel.nodes.len() - people, "country", "countries"),
        plural(sel.edges.len(), "tie", "ties")
    );
    if sel.nodes.len() < nodes.len() || sel.edges.len() < sel.total_edges {
        let _ = write!(
            d,
            " Only the strongest ties are drawn: {} of {} entities, {} of {} ties.",
            sel.nodes.len(),
            nodes.len(),
            sel.edges.len(),
            sel.total_edges
        );
    }
    let strongest: Vec<String> = sel
        .edges
        .iter()
        .take(3)
        .map(|e| tie_text(nodes, e))
        .collect();
    if !strongest.is_empty() {
        let _ = write!(d, " Strongest: {}.", strongest.join("; "));
    }
    d
}

/// Writes the edges, weakest first so that the strongest lie on top.
fn write_edges(out: &mut String, sel: &Selection, placed: &[Placed]) {
    let most = sel
        .edges
        .iter()
        .map(MapEdge::weight)
        .max()
        .unwrap_or(1)
        .max(1);
    out.push_str("<g class=\"map-edges\">\n");
    for e in sel.edges.iter().rev() {
        let (p, q) = (&placed[sel.slot[e.a]], &placed[sel.slot[e.b]]);
        let width = 1.0 + 4.0 * (f64::from(e.weight()) / f64::from(most)).sqrt();
        let (class, dash) = if e.co_events > 0 {
            ("shared-event", "")
        } else {
            ("co-mention", " stroke-dasharray=\"5 3\"")
        };
        let _ = writeln!(
            out,
            "<line class=\"map-edge {class}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" \
             stroke=\"#7b8494\" stroke-width=\"{}\"{dash}><title>{} \u{2013} {}: {}</title></line>",
            Num(p.x),
            Num(p.y),
            Num(q.x),
            Num(q.y),
            Num(width),
            Esc(&p.node.label),
            Esc(&q.node.label),
            tie_counts(e)
        );
    }
    out.push_str("</g>\n");
}

/// Writes the nodes, least mentioned first so that the larger lie on top.
fn write_nodes(out: &mut String, placed: &[Placed]) {
    let mut order: Vec<&Placed> = placed.iter().collect();
    order.sort_by_key(|p| (p.center, p.node.mentions, Reverse(p.node.key.as_str())));
    out.push_str("<g class=\"map-nodes\">\n");
    for p in order {
        let (kind, what) = match p.node.kind {
            NodeKind::Person => ("person", "person"),
            NodeKind::Country => ("country", "country"),
        };
        let center = if p.center { " map-center" } else { "" };
        let _ = write!(
            out,
            "<a href=\"{}\" tabindex=\"-1\" class=\"map-node {kind}{center}\"><title>{} ({what}): {}</title>",
            Esc(&p.node.href),
            Esc(&p.node.label),
            plural(p.node.mentions as usize, "mention", "mentions")
        );
        write_node_shape(out, p);
        if let Some(Label { x, y, anchor }) = p.label {
            let _ = write!(
                out,
                "<text class=\"map-label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" {TEXT_FILL} \
                 stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
                Num(x),
                Num(y),
                Esc(&p.node.label)
            );
        }
        out.push_str("</a>\n");
    }
    out.push_str("</g>\n");
}

/// A circle for a person, a square of about the same area for a country.
fn write_node_shape(out: &mut String, p: &Placed) {
    let outline = if p.center {
        "stroke=\"#111111\" stroke-width=\"3\""
    } else {
        "stroke=\"#ffffff\" stroke-width=\"1.5\""
    };
    let _ = match p.node.kind {
        NodeKind::Person => write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"#1f5fa8\" {outline}/>",
            Num(p.x),
            Num(p.y),
            Num(p.r)
        ),
        NodeKind::Country => {
            let side = p.r * 1.77;
            write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{s}\" height=\"{s}\" fill=\"#a34d00\" {outline}/>",
                Num(p.x - side / 2.0),
                Num(p.y - side / 2.0),
                s = Num(side)
            )
        }
    };
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_root, links, parse, title_of};
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn node(key: &str, kind: NodeKind, mentions: u32) -> MapNode {
        let folder = if kind == NodeKind::Person {
            "people"
        } else {
            "countries"
        };
        MapNode {
            key: key.to_string(),
            label: key.to_uppercase(),
            href: format!("../{folder}/{key}.html"),
            kind,
            mentions,
        }
    }

    fn edge(a: usize, b: usize, co_mentions: u32, co_events: u32) -> MapEdge {
        MapEdge {
            a,
            b,
            co_mentions,
            co_events,
        }
    }

    fn options(cap: MapCap) -> MapOptions<'static> {
        MapOptions {
            title: "Relationship map",
            cap,
            center: None,
        }
    }

    const ALL: MapCap = MapCap {
        max_nodes: 1000,
        max_edges: 1000,
    };

    /// `n` nodes, every third a country, with ties of distinct weights between neighbours.
    fn ring(n: usize) -> (Vec<MapNode>, Vec<MapEdge>) {
        let kind = |i: usize| {
            if i.is_multiple_of(3) {
                NodeKind::Country
            } else {
                NodeKind::Person
            }
        };
        let nodes = (0..n)
            .map(|i| node(&format!("n{i:03}"), kind(i), (i * 7 % 13) as u32))
            .collect();
        let mut edges: Vec<MapEdge> = (0..n)
            .map(|i| edge(i, (i + 1) % n, i as u32 + 1, 0))
            .collect();
        edges.extend((0..n / 2).map(|i| edge(i, i + n / 2, 0, i as u32 + 1)));
        (nodes, edges)
    }

    /// The drawn nodes by label: (href, class, centre).
    fn drawn_nodes(doc: &roxmltree::Document) -> BTreeMap<String, (String, String, (f64, f64))> {
        let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        links(doc)
            .into_iter()
            .map(|a| {
                let label = title_of(a).split(" (").next().unwrap().to_string();
                let shape = a
                    .children()
                    .find(|c| c.has_tag_name("circle") || c.has_tag_name("rect"))
                    .unwrap();
                let centre = if shape.has_tag_name("circle") {
                    (num(shape, "cx"), num(shape, "cy"))
                } else {
                    (
                        num(shape, "x") + num(shape, "width") / 2.0,
                        num(shape, "y") + num(shape, "height") / 2.0,
                    )
                };
                let class = a.attribute("class").unwrap().to_string();
                (
                    label,
                    (a.attribute("href").unwrap().to_string(), class, centre),
                )
            })
            .collect()
    }

    /// A drawn edge: the counts in its tooltip and its two ends.
    type DrawnEdge = (String, [(f64, f64); 2]);

    /// The drawn edges by the labels of their ends.
    fn drawn_edges(doc: &roxmltree::Document) -> BTreeMap<(String, String), DrawnEdge> {
        let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        doc.descendants()
            .filter(|n| {
                n.has_tag_name("line") && n.attribute("class").unwrap().starts_with("map-edge")
            })
            .map(|l| {
                let (pair, counts) = title_of(l).split_once(": ").unwrap();
                let (a, b) = pair.split_once(" \u{2013} ").unwrap();
                let ends = [(num(l, "x1"), num(l, "y1")), (num(l, "x2"), num(l, "y2"))];
                ((a.to_string(), b.to_string()), (counts.to_string(), ends))
            })
            .collect()
    }

    #[test]
    fn the_svg_is_xml_with_title_and_desc() {
        let (nodes, edges) = ring(12);
        check_root(&parse(&relationship_map_svg(&nodes, &edges, &options(ALL))));
        check_root(&parse(&relationship_map_svg(&[], &[], &options(ALL))));
    }

    #[test]
    fn every_node_is_drawn_and_links_to_its_page() {
        let (nodes, edges) = ring(12);
        let svg = relationship_map_svg(&nodes, &edges, &options(ALL));
        let drawn = drawn_nodes(&parse(&svg));
        assert_eq!(drawn.len(), nodes.len());
        for n in &nodes {
            let (href, class, _) = &drawn[&n.label];
            assert_eq!(href, &n.href);
            let kind = if n.kind == NodeKind::Person {
                "person"
            } else {
                "country"
            };
            assert_eq!(class, &format!("map-node {kind}"));
        }
    }

    /// Paragraphs and events naming entities by index, as the engine would read them.
    const PARAGRAPHS: [&[usize]; 5] = [&[0, 1], &[0, 1, 2], &[2, 3], &[1], &[3, 0]];
    const EVENTS: [&[usize]; 3] = [&[0, 1], &[1, 2, 3], &[4, 1]];

    /// The engine's way: count the pairs of each paragraph and event.
    fn ties_by_pairs() -> Vec<MapEdge> {
        let mut ties: BTreeMap<(usize, usize), (u32, u32)> = BTreeMap::new();
        for (groups, is_event) in [(&PARAGRAPHS[..], false), (&EVENTS[..], true)] {
            for group in groups {
                for (i, &a) in group.iter().enumerate() {
                    for &b in &group[i + 1..] {
                        let tie = ties.entry((a.min(b), a.max(b))).or_default();
                        *(if is_event { &mut tie.1 } else { &mut tie.0 }) += 1;
                    }
                }
            }
        }
        ties.into_iter()
            .map(|((a, b), (m, e))| edge(a, b, m, e))
            .collect()
    }

    #[test]
    fn edges_equal_the_co_mention_and_co_participation_graph() {
        let nodes: Vec<MapNode> = (0..5)
            .map(|i| node(&format!("e{i}"), NodeKind::Person, 3))
            .collect();
        let svg = relationship_map_svg(&nodes, &ties_by_pairs(), &options(ALL));
        let doc = parse(&svg);
        let (drawn, centres) = (drawn_edges(&doc), drawn_nodes(&doc));
        let mut expected = BTreeSet::new();
        for a in 0..5 {
            for b in a + 1..5 {
                let both = |g: &&&[usize]| g.contains(&a) && g.contains(&b);
                let (m, e) = (
                    PARAGRAPHS.iter().filter(both).count(),
                    EVENTS.iter().filter(both).count(),
                );
                if m + e > 0 {
                    expected.insert((nodes[a].label.clone(), nodes[b].label.clone(), m, e));
                }
            }
        }
        assert_eq!(drawn.len(), expected.len());
        for (a, b, m, e) in expected {
            let (counts, ends) = drawn
                .get(&(a.clone(), b.clone()))
                .or_else(|| drawn.get(&(b.clone(), a.clone())))
                .unwrap();
            let want = tie_counts(&edge(0, 1, m as u32, e as u32));
            assert_eq!(counts, &want);
            let (ca, cb) = (centres[&a].2, centres[&b].2);
            let near =
                |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).abs() < 0.11 && (p.1 - q.1).abs() < 0.11;
            assert!(
                (near(ends[0], ca) && near(ends[1], cb))
                    || (near(ends[0], cb) && near(ends[1], ca))
            );
        }
    }

    #[test]
    fn the_cap_keeps_the_strongest_ties() {
        let (nodes, edges) = ring(20);
        let svg = relationship_map_svg(
            &nodes,
            &edges,
            &options(MapCap {
                max_nodes: 20,
                max_edges: 3,
            }),
        );
        let drawn = drawn_edges(&parse(&svg));
        let mut weights: Vec<u32> = edges.iter().map(MapEdge::weight).collect();
        weights.sort_unstable_by(|a, b| b.cmp(a));
        let pair = |a: &str, b: &str| (a.min(b).to_string(), a.max(b).to_string());
        let kept: BTreeSet<_> = edges
            .iter()
            .filter(|e| e.weight() >= weights[2])
            .map(|e| pair(&nodes[e.a].label, &nodes[e.b].label))
            .collect();
        let got: BTreeSet<_> = drawn.keys().map(|(a, b)| pair(a, b)).collect();
        assert_eq!(got, kept);
    }

    #[test]
    fn the_node_cap_takes_both_ends_of_the_strongest_ties_then_the_most_mentioned() {
        let nodes: Vec<MapNode> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .zip([1, 1, 1, 1, 50, 2])
            .map(|(k, m)| node(k, NodeKind::Person, m))
            .collect();
        let edges = vec![
            edge(0, 1, 9, 0),
            edge(2, 3, 5, 0),
            edge(0, 2, 5, 0),
            edge(1, 3, 1, 0),
        ];
        let cap = MapCap {
            max_nodes: 3,
            max_edges: 10,
        };
        let doc_text = relationship_map_svg(&nodes, &edges, &options(cap));
        let doc = parse(&doc_text);
        let drawn: Vec<String> = drawn_nodes(&doc).into_keys().collect();
        // a–b first; c–d (5, keys c, d) ties with a–c (5, keys a, c) and loses on keys, so
        // a–c brings c; e fills nothing as the cap is reached.
        assert_eq!(drawn, ["A", "B", "C"]);
        let edges_drawn: Vec<(String, String)> = drawn_edges(&doc).into_keys().collect();
        assert_eq!(
            edges_drawn,
            [("A".into(), "B".into()), ("A".into(), "C".into())]
        );
        let cap = MapCap {
            max_nodes: 5,
            max_edges: 10,
        };
        let doc_text = relationship_map_svg(&nodes, &edges, &options(cap));
        let drawn: Vec<String> = drawn_nodes(&parse(&doc_text)).into_keys().collect();
        assert_eq!(
            drawn,
            ["A", "B", "C", "D", "E"],
            "room left goes to the most mentioned"
        );
    }

    #[test]
    fn an_ego_map_keeps_its_centre_and_its_own_ties_first() {
        let (nodes, edges) = ring(20);
        let center = Some(5);
        let cap = MapCap {
            max_nodes: 3,
            max_edges: 10,
        };
        let svg = relationship_map_svg(
            &nodes,
            &edges,
            &MapOptions {
                center,
                ..options(cap)
            },
        );
        let doc = parse(&svg);
        assert!(doc
            .root_element()
            .attribute("class")
            .unwrap()
            .contains("map-ego"));
        let drawn = drawn_nodes(&doc);
        // N005's ties: N005–N006 and N005–N015 weigh 6, and the shared events of the
        // second put it first; N004–N005 weighs 5 and does not fit.
        assert_eq!(drawn.keys().collect::<Vec<_>>(), ["N005", "N006", "N015"]);
        assert!(drawn["N005"].1.ends_with("map-center"));
    }

    #[test]
    fn bad_edges_are_ignored() {
        let (nodes, mut edges) = ring(6);
        let count = edges.len();
        edges.push(edge(2, 2, 5, 5));
        edges.push(edge(2, 99, 5, 5));
        let svg = relationship_map_svg(&nodes, &edges, &options(ALL));
        assert_eq!(drawn_edges(&parse(&svg)).len(), count);
    }

    #[test]
    fn equal_input_gives_equal_bytes_whatever_its_order() {
        let (nodes, edges) = ring(40);
        let a = relationship_map_svg(&nodes, &edges, &options(MapCap::FRONT_PAGE));
        assert_eq!(
            a,
            relationship_map_svg(&nodes, &edges, &options(MapCap::FRONT_PAGE))
        );
        let n = nodes.len();
        let moved = |i: usize| n - 1 - i;
        let rev_nodes: Vec<MapNode> = nodes.iter().rev().cloned().collect();
        let rev_edges: Vec<MapEdge> = edges
            .iter()
            .rev()
            .map(|e| edge(moved(e.b), moved(e.a), e.co_mentions, e.co_events))
            .collect();
        let b = relationship_map_svg(&rev_nodes, &rev_edges, &options(MapCap::FRONT_PAGE));
        assert_eq!(a, b);
    }

    #[test]
    fn labels_overlap_neither_nodes_nor_each_other() {
        let (nodes, edges) = ring(60);
        let svg = relationship_map_svg(&nodes, &edges, &options(MapCap::FRONT_PAGE));
        let mut placed = Vec::new();
        for (_, (_, _, (x, y))) in drawn_nodes(&parse(&svg)) {
            placed.push(Rect {
                x0: x - 5.0,
                y0: y - 5.0,
                x1: x + 5.0,
                y1: y + 5.0,
            });
        }
        let doc = parse(&svg);
        let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        let labels: Vec<Rect> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("map-label"))
            .map(|t| {
                let (w, x, y) = (text_width(t.text().unwrap()), num(t, "x"), num(t, "y"));
                let x0 = match t.attribute("text-anchor") {
                    Some("end") => x - w,
                    Some("middle") => x - w / 2.0,
                    _ => x,
                };
                Rect {
                    x0: x0 + 0.2,
                    y0: y - 7.0,
                    x1: x0 + w - 0.2,
                    y1: y + 2.0,
                }
            })
            .collect();
        assert!(labels.len() > 30, "most nodes have a label");
        for (i, l) in labels.iter().enumerate() {
            assert!(labels[i + 1..].iter().all(|m| !m.overlaps(l)));
            assert!(placed.iter().all(|n| !n.overlaps(l)));
        }
    }

    #[test]
    fn text_is_escaped() {
        let mut nodes = vec![
            node("a", NodeKind::Person, 2),
            node("b", NodeKind::Country, 1),
        ];
        nodes[0].label = "Kim <\"Jr\"> & co".to_string();
        nodes[0].href = "../people/a.html?x=1&y=2".to_string();
        let svg = relationship_map_svg(&nodes, &[edge(0, 1, 1, 1)], &options(ALL));
        let doc = parse(&svg);
        let drawn = drawn_nodes(&doc);
        assert_eq!(drawn["Kim <\"Jr\"> & co"].0, "../people/a.html?x=1&y=2");
        assert!(drawn_edges(&doc).contains_key(&("Kim <\"Jr\"> & co".to_string(), "B".to_string())));
    }

    #[test]
    fn the_front_page_map_scales_to_a_large_dossier() {
        let nodes: Vec<MapNode> = (0..1060)
            .map(|i| {
                node(
                    &format!("k{i:04}"),
                    if i < 60 {
                        NodeKind::Country
                    } else {
                        NodeKind::Person
                    },
                    (5000 / (i + 1)) as u32,
                )
            })
            .collect();
        let edges: Vec<MapEdge> = (0..20_000)
            .map(|i| {
                edge(
                    i % 1060,
                    (i * 7 + 1) % 1060,
                    (i % 17) as u32,
                    (i % 5) as u32,
                )
            })
            .collect();
        let svg = relationship_map_svg(&nodes, &edges, &options(MapCap::FRONT_PAGE));
        let doc = parse(&svg);
        assert_eq!(drawn_nodes(&doc).len(), MapCap::FRONT_PAGE.max_nodes);
        assert!(drawn_edges(&doc).len() <= MapCap::FRONT_PAGE.max_edges);
        assert!(svg.contains("Only the strongest ties are drawn"));
    }
}
