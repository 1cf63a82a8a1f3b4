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
//! **Layout of an ego map.** Direct, with no simulation, as there is one per person and
//! country page: the centre in the middle, its partners on an ellipse around it, clockwise
//! from the top, countries then people, each strongest tie to the centre first. The first half
//! goes down the right side, the rest up the left; each side spaces its partners evenly in
//! height, [`RING_ROW`] apart, so that a label written outwards beside its node never meets
//! the next node or label. The picture is then made just large enough for the ring and its
//! labels.
//!
//! **Layout of the front page's map.** One per build, so a force-directed layout:
//! `force_graph` 0.4 (on `petgraph` 0.8, MIT, no randomness: the caller gives the start
//! positions) was chosen over `fdg-sim` (on the old `petgraph` 0.6 and `glam` 0.21, places
//! nodes at random from a global generator), `forceatlas2` (AGPL-3.0, which this MIT crate
//! cannot take) and `layout-rs` (a layered layout for directed graphs that draws its own SVG).
//! It runs [`MAP_STEPS`] steps from start positions on a circle in the order the nodes were
//! kept, cooling linearly to a standstill. More mentioned nodes get more mass, so more room.
//! The result is stretched to fill a picture sized by the number of nodes (one axis at most
//! 1.5 times more than the other).
//!
//! **Labels.** A label goes beside its node on the side facing away from the middle of the
//! picture, else above or below it, else on the other side: the first spot that touches no
//! node, no label and (on the front page) not the picture's edge. An ego map's centre tries
//! above and below first. The centre's and the most mentioned nodes' labels are placed first.
//!
//! **CSS classes.** `dossier-map` (and `map-ego` with a centre) on the `<svg>`; groups
//! `map-edges` and `map-nodes`; `map-edge` with `shared-event` or `co-mention` on each line;
//! `map-node` with `person` or `country` (and `map-center`) on each `<a>`; `map-label`.

use super::{open_svg, text_width, Esc, Num, Rect};
use force_graph::{EdgeData, ForceGraph, NodeData, SimulationParameters};
use std::borrow::Cow;
use std::cmp::Reverse;
use std::fmt::{self, Display, Write};

/// The number of layout steps, fixed so that the layout is the same on every build.
const MAP_STEPS: usize = 200;
/// The time step of the simulation.
const STEP: f32 = 0.02;
const MARGIN: f64 = 12.0;
/// The vertical room each partner of an ego map takes on its side of the ring: more than a
/// label's height plus the largest node's radius, so that labels never meet a neighbour.
const RING_ROW: f64 = 36.0;
/// An ego map's ring is at least this many rows high, so that a few partners do not sit
/// right against the centre.
const RING_MIN_ROWS: usize = 4;
/// The ring's width over its height.
const RING_ASPECT: f64 = 1.6;
const TEXT_FILL: &str = "fill=\"#1f2933\"";

/// Whether a node is a person or a country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Person,
    Country,
}

/// One entity. Its text is borrowed where it can be: an ego map is drawn for every person and
/// country page, from text that is the same on each of them.
#[derive(Clone, Debug)]
pub struct MapNode<'a> {
    /// A unique, stable id (the slug): breaks ties in the ranking.
    pub key: Cow<'a, str>,
    pub label: Cow<'a, str>,
    /// The entity page's address relative to the page the picture is on, used as it is.
    pub href: Cow<'a, str>,
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

/// The most mentions among the selected nodes.
fn most_mentions(nodes: &[MapNode], sel: &Selection) -> u32 {
    sel.nodes
        .iter()
        .map(|&i| nodes[i].mentions)
        .max()
        .unwrap_or(0)
}

/// A node's radius: 5 px, up to 16 px for the most mentioned.
fn radius(node: &MapNode, most: u32) -> f64 {
    5.0 + 11.0 * share(node, most).sqrt()
}

/// The selected nodes and edges as a `force_graph` graph, each node's user data its
/// position in `sel.nodes`. A node with no tie drawn is held by an unseen tie to the first
/// node kept (an end of the strongest tie): with nothing pulling it, the layout would push it
/// into a corner and squeeze everything else into the rest of the picture.
fn force_graph(nodes: &[MapNode], sel: &Selection) -> ForceGraph<usize> {
    let most = most_mentions(nodes, sel);
    let mut graph = ForceGraph::new(SimulationParameters::default());
    let mut ids = Vec::with_capacity(sel.nodes.len());
    for (i, &node) in sel.nodes.iter().enumerate() {
        let (x, y) = start_position(i, sel.nodes.len());
        let mass = 6.0 + 8.0 * share(&nodes[node], most).sqrt() as f32;
        ids.push(graph.add_node(NodeData {
            x,
            y,
            mass,
            is_anchor: false,
            user_data: i,
        }));
    }
    let mut tied = vec![false; ids.len()];
    for e in &sel.edges {
        let (a, b) = (sel.slot[e.a], sel.slot[e.b]);
        graph.add_edge(ids[a], ids[b], EdgeData::default());
        (tied[a], tied[b]) = (true, true);
    }
    if tied[0] {
        for (slot, _) in tied.iter().enumerate().filter(|(_, &t)| !t) {
            graph.add_edge(ids[0], ids[slot], EdgeData::default());
        }
    }
    graph
}

/// Runs the force-directed layout, slowing the nodes linearly to a standstill; returns one
/// raw position per selected node.
fn force_layout(nodes: &[MapNode], sel: &Selection) -> Vec<(f64, f64)> {
    let mut graph = force_graph(nodes, sel);
    let speed = graph.parameters.node_speed;
    for k in 0..MAP_STEPS {
        graph.parameters.node_speed = speed * (1.0 - k as f32 / MAP_STEPS as f32);
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

/// The slots (positions in `sel.nodes`) of an ego map's partners in the order they go round
/// its ring: countries, then people, each strongest tie to the centre first.
fn ring_order(nodes: &[MapNode], sel: &Selection, center: usize) -> Vec<usize> {
    let mut tie = vec![(0, 0); sel.nodes.len()];
    for e in &sel.edges {
        let other = match (e.a == center, e.b == center) {
            (true, _) => e.b,
            (_, true) => e.a,
            _ => continue,
        };
        tie[sel.slot[other]] = (e.weight(), e.co_events);
    }
    let mut order: Vec<usize> = (0..sel.nodes.len())
        .filter(|&s| sel.nodes[s] != center)
        .collect();
    order.sort_by_key(|&s| {
        let node = &nodes[sel.nodes[s]];
        (
            node.kind != NodeKind::Country,
            Reverse(tie[s]),
            node.key.as_ref(),
        )
    });
    order
}

/// An ego map's positions, by slot, around its centre at (0, 0): the partners go clockwise
/// from the top in [`ring_order`], the first half down the right side of an ellipse, the rest
/// up its left side. Each side spaces its partners evenly in height rather than in angle: a
/// label is written outwards, level with its node, and on an ellipse spaced by angle it would
/// run into the next node where the ellipse flattens, at its top and bottom.
fn ring_layout(nodes: &[MapNode], sel: &Selection, center: usize) -> Vec<(f64, f64)> {
    let order = ring_order(nodes, sel, center);
    let (right, left) = order.split_at(order.len().div_ceil(2));
    let ry = RING_ROW / 2.0 * right.len().max(RING_MIN_ROWS) as f64;
    let rx = RING_ASPECT * ry;
    // The point of row `row` of `rows` on one side (`sign` 1 right, -1 left), top to bottom.
    let on_side = |row: usize, rows: usize, sign: f64| {
        let t = (2 * row + 1) as f64 / rows as f64 - 1.0;
        (sign * rx * (1.0 - t * t).sqrt(), ry * t)
    };
    let mut pos = vec![(0.0, 0.0); sel.nodes.len()];
    for (row, &slot) in right.iter().enumerate() {
        pos[slot] = on_side(row, right.len(), 1.0);
    }
    for (row, &slot) in left.iter().rev().enumerate() {
        pos[slot] = on_side(row, left.len(), -1.0);
    }
    pos
}

/// One node as drawn.
struct Placed<'a> {
    node: &'a MapNode<'a>,
    x: f64,
    y: f64,
    r: f64,
    center: bool,
    /// Its label, if it has room for one.
    label: Option<Label>,
}

/// Where a node's label is written.
#[derive(Clone, Copy)]
struct Label {
    /// The x and `text-anchor` of the text, and the y of its baseline.
    x: f64,
    y: f64,
    anchor: &'static str,
    /// The box the text takes.
    area: Rect,
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

/// The spots a label of width `w` may take around node `p`, best first: beside it on the side
/// facing away from `middle`, above or below it (away first), beside it facing `middle`. A node
/// at `middle` itself (an ego map's centre) tries above and below first: its partners are
/// beside it.
fn label_spots(p: &Placed, w: f64, middle: (f64, f64)) -> [Label; 4] {
    let (x, y, r) = (p.x, p.y, p.r);
    let beside = |x: f64, x0: f64, anchor| Label {
        x,
        y: y + 4.0,
        anchor,
        area: Rect {
            x0,
            y0: y - 8.0,
            x1: x0 + w,
            y1: y + 5.0,
        },
    };
    let stacked = |base: f64| Label {
        x,
        y: base,
        anchor: "middle",
        area: Rect {
            x0: x - w / 2.0,
            y0: base - 9.0,
            x1: x + w / 2.0,
            y1: base + 3.0,
        },
    };
    let right = beside(x + r + 3.0, x + r + 3.0, "start");
    let left = beside(x - r - 3.0, x - r - 3.0 - w, "end");
    let (above, below) = (stacked(y - r - 4.0), stacked(y + r + 12.0));
    let (dx, dy) = (x - middle.0, y - middle.1);
    let (side, other_side) = if dx >= 0.0 {
        (right, left)
    } else {
        (left, right)
    };
    let (end, other_end) = if dy > 0.0 {
        (below, above)
    } else {
        (above, below)
    };
    if dx == 0.0 && dy == 0.0 {
        [above, below, right, left]
    } else {
        [side, end, other_end, other_side]
    }
}

/// Gives labels, in priority order (the centre, then the most mentioned), to the nodes whose
/// label fits beside, above or below them without touching a node, another label or, given
/// a `limit`, the edge of a picture of that size.
fn place_labels(placed: &mut [Placed], middle: (f64, f64), limit: Option<(f64, f64)>) {
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by_key(|&i| {
        let p = &placed[i];
        (
            Reverse(p.center),
            Reverse(p.node.mentions),
            p.node.key.as_ref(),
        )
    });
    let bounds: Vec<Rect> = placed.iter().map(Placed::bounds).collect();
    let mut taken: Vec<Rect> = Vec::new();
    for i in order {
        let free = |b: &Rect| {
            limit.is_none_or(|(w, h)| b.x0 >= 0.0 && b.x1 <= w && b.y0 >= 0.0 && b.y1 <= h)
                && !taken.iter().any(|l| l.overlaps(b))
                && !bounds
                    .iter()
                    .enumerate()
                    .any(|(j, n)| j != i && n.overlaps(b))
        };
        let spots = label_spots(&placed[i], text_width(&placed[i].node.label), middle);
        if let Some(label) = spots.into_iter().find(|s| free(&s.area)) {
            taken.push(label.area);
            placed[i].label = Some(label);
        }
    }
}

/// Draws the relationship map of `nodes` and `edges`, keeping the strongest ties under
/// `options.cap`.
pub fn relationship_map_svg(nodes: &[MapNode], edges: &[MapEdge], options: &MapOptions) -> String {
    let sel = select(nodes, edges, options);
    let class = if options.center.is_some() {
        "dossier-map map-ego"
    } else {
        "dossier-map"
    };
    let mut out = String::with_capacity(400 * (sel.nodes.len() + sel.edges.len()) + 2048);
    let desc = describe(nodes, &sel);
    if sel.nodes.is_empty() {
        open_svg(&mut out, class, canvas(0), options.title, &desc);
        let _ = writeln!(
            out,
            "<text x=\"12.0\" y=\"24.0\" {TEXT_FILL}>No people or countries to show.</text>"
        );
    } else {
        let center = options.center.filter(|&c| c < nodes.len());
        let (placed, size) = match center {
            Some(c) => place_ego(nodes, &sel, c),
            None => place_front(nodes, &sel),
        };
        open_svg(&mut out, class, size, options.title, &desc);
        write_edges(&mut out, &sel, &placed);
        write_nodes(&mut out, &placed);
    }
    out.push_str("</svg>\n");
    out
}

/// The selected nodes, at their positions by slot.
fn placed_nodes<'a>(
    nodes: &'a [MapNode<'a>],
    sel: &Selection,
    center: Option<usize>,
    pos: Vec<(f64, f64)>,
) -> Vec<Placed<'a>> {
    let most = most_mentions(nodes, sel);
    sel.nodes
        .iter()
        .zip(pos)
        .map(|(&i, (x, y))| Placed {
            node: &nodes[i],
            x,
            y,
            r: radius(&nodes[i], most),
            center: center == Some(i),
            label: None,
        })
        .collect()
}

/// The front page's map: the force layout stretched over a picture sized by the number of
/// nodes, labels where they fit; returns the nodes and the picture's size.
fn place_front<'a>(nodes: &'a [MapNode<'a>], sel: &Selection) -> (Vec<Placed<'a>>, (f64, f64)) {
    let size = canvas(sel.nodes.len());
    let mut pos = force_layout(nodes, sel);
    let most = most_mentions(nodes, sel);
    let widest = sel
        .nodes
        .iter()
        .map(|&i| radius(&nodes[i], most))
        .fold(0.0, f64::max);
    fit_to(&mut pos, size, MARGIN + widest);
    let mut placed = placed_nodes(nodes, sel, None, pos);
    place_labels(&mut placed, (size.0 / 2.0, size.1 / 2.0), Some(size));
    (placed, size)
}

/// An ego map: the ring layout, every label facing outwards, and a picture just large enough
/// for them; returns the nodes and the picture's size.
fn place_ego<'a>(
    nodes: &'a [MapNode<'a>],
    sel: &Selection,
    center: usize,
) -> (Vec<Placed<'a>>, (f64, f64)) {
    let pos = ring_layout(nodes, sel, center);
    let mut placed = placed_nodes(nodes, sel, Some(center), pos);
    place_labels(&mut placed, (0.0, 0.0), None);
    let size = frame(&mut placed);
    (placed, size)
}

/// Moves the nodes and their labels so that they all lie [`MARGIN`] inside the picture;
/// returns the picture's size.
fn frame(placed: &mut [Placed]) -> (f64, f64) {
    let mut all = placed[0].bounds();
    for p in placed.iter() {
        all = all.union(&p.bounds());
        if let Some(label) = &p.label {
            all = all.union(&label.area);
        }
    }
    let (dx, dy) = (MARGIN - all.x0, MARGIN - all.y0);
    for p in placed.iter_mut() {
        (p.x, p.y) = (p.x + dx, p.y + dy);
        if let Some(label) = &mut p.label {
            (label.x, label.y) = (label.x + dx, label.y + dy);
            label.area = label.area.moved(dx, dy);
        }
    }
    (
        (all.x1 - all.x0 + 2.0 * MARGIN).ceil(),
        (all.y1 - all.y0 + 2.0 * MARGIN).ceil(),
    )
}

/// A count and its noun, e.g. "1 person" or "3 people".
struct Plural<'a>(usize, &'a str, &'a str);

impl Display for Plural<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Plural(n, one, many) = *self;
        write!(f, "{n} {}", if n == 1 { one } else { many })
    }
}

/// What a tie stands for, e.g. "3 paragraphs together, 1 shared event".
struct TieCounts<'a>(&'a MapEdge);

impl Display for TieCounts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (m, e) = (self.0.co_mentions as usize, self.0.co_events as usize);
        let mentions = Plural(m, "paragraph together", "paragraphs together");
        let events = Plural(e, "shared event", "shared events");
        match (m > 0, e > 0) {
            (true, true) => write!(f, "{mentions}, {events}"),
            (true, false) => write!(f, "{mentions}"),
            (false, true) => write!(f, "{events}"),
            (false, false) => Ok(()),
        }
    }
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
        Plural(people, "person", "people"),
        Plural(sel.nodes.len() - people, "country", "countries"),
        Plural(sel.edges.len(), "tie", "ties")
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
    for (i, e) in sel.edges.iter().take(3).enumerate() {
        let lead = if i == 0 { " Strongest: " } else { "; " };
        let (a, b) = (&nodes[e.a].label, &nodes[e.b].label);
        let _ = write!(d, "{lead}{a} \u{2013} {b}: {}", TieCounts(e));
    }
    if !sel.edges.is_empty() {
        d.push('.');
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
            TieCounts(e)
        );
    }
    out.push_str("</g>\n");
}

/// Writes the nodes, least mentioned first so that the larger lie on top.
fn write_nodes(out: &mut String, placed: &[Placed]) {
    let mut order: Vec<&Placed> = placed.iter().collect();
    order.sort_by_key(|p| (p.center, p.node.mentions, Reverse(p.node.key.as_ref())));
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
            Plural(p.node.mentions as usize, "mention", "mentions")
        );
        write_node_shape(out, p);
        if let Some(Label { x, y, anchor, .. }) = p.label {
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

    fn node(key: &str, kind: NodeKind, mentions: u32) -> MapNode<'static> {
        let folder = if kind == NodeKind::Person {
            "people"
        } else {
            "countries"
        };
        MapNode {
            key: key.to_string().into(),
            label: key.to_uppercase().into(),
            href: format!("../{folder}/{key}.html").into(),
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
    fn ring(n: usize) -> (Vec<MapNode<'static>>, Vec<MapEdge>) {
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
            let (href, class, _) = &drawn[n.label.as_ref()];
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
                    expected.insert((nodes[a].label.to_string(), nodes[b].label.to_string(), m, e));
                }
            }
        }
        assert_eq!(drawn.len(), expected.len());
        for (a, b, m, e) in expected {
            let (counts, ends) = drawn
                .get(&(a.clone(), b.clone()))
                .or_else(|| drawn.get(&(b.clone(), a.clone())))
                .unwrap();
            let want = TieCounts(&edge(0, 1, m as u32, e as u32)).to_string();
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

    /// The boxes of the drawn labels, as wide as [`text_width`] estimates, and of the nodes.
    fn label_and_node_boxes(doc: &roxmltree::Document) -> (Vec<Rect>, Vec<Rect>) {
        let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
        let labels = doc
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
        let nodes = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle") || n.has_tag_name("rect"))
            .map(|n| {
                if n.has_tag_name("circle") {
                    let (x, y, r) = (num(n, "cx"), num(n, "cy"), num(n, "r"));
                    Rect {
                        x0: x - r,
                        y0: y - r,
                        x1: x + r,
                        y1: y + r,
                    }
                } else {
                    let (x, y) = (num(n, "x"), num(n, "y"));
                    Rect {
                        x0: x,
                        y0: y,
                        x1: x + num(n, "width"),
                        y1: y + num(n, "height"),
                    }
                }
            })
            .collect();
        (labels, nodes)
    }

    /// No label overlaps another label or a node, and all lie inside the picture.
    fn check_no_overlap(doc: &roxmltree::Document, labels: &[Rect], nodes: &[Rect]) {
        let view: Vec<f64> = doc
            .root_element()
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        for (i, l) in labels.iter().enumerate() {
            assert!(labels[i + 1..].iter().all(|m| !m.overlaps(l)));
            assert!(nodes.iter().all(|n| !n.overlaps(l)));
        }
        for b in labels.iter().chain(nodes) {
            assert!(b.x0 >= 0.0 && b.y0 >= 0.0 && b.x1 <= view[2] && b.y1 <= view[3]);
        }
    }

    #[test]
    fn labels_overlap_neither_nodes_nor_each_other() {
        let (nodes, edges) = ring(60);
        let svg = relationship_map_svg(&nodes, &edges, &options(MapCap::FRONT_PAGE));
        let doc = parse(&svg);
        let (labels, shapes) = label_and_node_boxes(&doc);
        assert!(labels.len() > 30, "most nodes have a label");
        check_no_overlap(&doc, &labels, &shapes);
    }

    #[test]
    fn an_ego_map_rings_its_centre_and_labels_every_node() {
        let kind = |i: usize| {
            if i.is_multiple_of(3) {
                NodeKind::Country
            } else {
                NodeKind::Person
            }
        };
        let nodes: Vec<MapNode> = (0..16)
            .map(|i| MapNode {
                label: format!("Partner Number {i:02} Longname").into(),
                ..node(&format!("p{i:02}"), kind(i), (i * 5 % 17) as u32 + 1)
            })
            .collect();
        // Partner i's tie to the centre weighs i; neighbours on the ring are tied too.
        let mut edges: Vec<MapEdge> = (1..16).map(|i| edge(0, i, i as u32, 0)).collect();
        edges.extend((1..15).map(|i| edge(i, i + 1, 1, 1)));
        let center = MapOptions {
            center: Some(0),
            ..options(MapCap::EGO)
        };
        let svg = relationship_map_svg(&nodes, &edges, &center);
        let doc = parse(&svg);
        let (labels, shapes) = label_and_node_boxes(&doc);
        assert_eq!(labels.len(), 16, "every node has its label");
        check_no_overlap(&doc, &labels, &shapes);
        // Clockwise from the top: countries, then people, strongest tie first; the first
        // half down the right of the centre, the rest up its left.
        let drawn = drawn_nodes(&doc);
        let (cx, cy) = drawn["Partner Number 00 Longname"].2;
        let mut right: Vec<(f64, &str)> = Vec::new();
        let mut left: Vec<(f64, &str)> = Vec::new();
        for (label, (_, _, (x, y))) in &drawn {
            let side = if *x > cx { &mut right } else { &mut left };
            if (*x, *y) != (cx, cy) {
                side.push((*y, &label[15..17]));
            }
        }
        let top_down = |side: &mut Vec<(f64, &str)>| {
            side.sort_by(|a, b| a.0.total_cmp(&b.0));
            side.iter().map(|(_, n)| n.to_string()).collect::<Vec<_>>()
        };
        assert_eq!(
            top_down(&mut right),
            ["15", "12", "09", "06", "03", "14", "13", "11"]
        );
        assert_eq!(
            top_down(&mut left),
            ["01", "02", "04", "05", "07", "08", "10"]
        );
    }

    #[test]
    fn unconnected_nodes_do_not_squeeze_the_rest_into_a_corner() {
        let (mut nodes, edges) = ring(20);
        nodes.push(node("alone1", NodeKind::Person, 1));
        nodes.push(node("alone2", NodeKind::Country, 1));
        let svg = relationship_map_svg(&nodes, &edges, &options(ALL));
        let doc = parse(&svg);
        let width: f64 = doc
            .root_element()
            .attribute("width")
            .unwrap()
            .parse()
            .unwrap();
        let xs: Vec<f64> = drawn_nodes(&doc)
            .into_iter()
            .filter(|(label, _)| !label.starts_with("ALONE"))
            .map(|(_, (_, _, (x, _)))| x)
            .collect();
        let spread =
            xs.iter().fold(f64::MIN, |a, &b| a.max(b)) - xs.iter().fold(f64::MAX, |a, &b| a.min(b));
        assert!(
            spread > 0.6 * width,
            "the tied nodes span {spread} of {width}"
        );
    }

    #[test]
    fn text_is_escaped() {
        let mut nodes = vec![
            node("a", NodeKind::Person, 2),
            node("b", NodeKind::Country, 1),
        ];
        nodes[0].label = "Kim <\"Jr\"> & co".into();
        nodes[0].href = "../people/a.html?x=1&y=2".into();
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
