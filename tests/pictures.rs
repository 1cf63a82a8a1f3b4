//! The pictures on the built site: the timeline on timeline.html, the relationship map on the
//! front page, and each person's and country's compact timeline and ego map.
//!
//! The SVG is read back as it was written (the bytes between `<svg` and `</svg>`) with an XML
//! parser. What it should show is worked out from the built pages alone — the mention links
//! of each article paragraph, the participants listed on each event page — not from the
//! engine's own analysis.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use common::{broken_links, select, text_of, Dossier, Site};

// ---------------------------------------------------------------------------------------
// Fixtures

/// A second small world, made for the pictures: dates of every precision, ranges, events
/// with several countries and with none, an isolated person and country.
fn world() -> Dossier {
    let d = Dossier::new();
    d.write("countries/alpha.md", "+++\nname = \"Alphaland\"\n+++\n");
    d.write(
        "countries/beta.md",
        "+++\nname = \"Betania\"\naliases = [\"Beta City\"]\n+++\n",
    );
    d.write("countries/gamma.md", "+++\nname = \"Gammaria\"\n+++\n");
    d.write("countries/delta.md", "+++\nname = \"Deltora\"\n+++\n");
    d.write(
        "people/ann.md",
        "+++\nname = \"Ann Archer\"\ncountry = \"alpha\"\n+++\n",
    );
    d.write(
        "people/bob.md",
        "+++\nname = \"Bob Baker\"\ncountry = \"beta\"\n+++\n",
    );
    d.write("people/cy.md", "+++\nname = \"Cy Cole\"\n+++\n");
    d.write("people/dee.md", "+++\nname = \"Dee Dunn\"\n+++\n");
    let event = |slug: &str, title: &str, dates: &str, countries: &str, people: &str| {
        d.write(
            &format!("events/{slug}.md"),
            &format!(
                "+++\ntitle = \"{title}\"\n{dates}\ncountries = [{countries}]\npeople = [{people}]\n+++\n"
            ),
        );
    };
    event(
        "treaty",
        "Treaty of the Two Rivers",
        "date = \"2019\"",
        "\"alpha\", \"beta\"",
        "\"ann\", \"bob\"",
    );
    event(
        "summit",
        "Spring Summit",
        "date = \"2019-06\"",
        "\"alpha\"",
        "\"ann\"",
    );
    event(
        "leap",
        "Leap Day Talks",
        "date = \"2020-02-29\"",
        "",
        "\"cy\"",
    );
    event(
        "visit",
        "Cole's Tour",
        "date = \"2020-03-10\"\nend = \"2020-03-24\"",
        "\"gamma\"",
        "\"cy\"",
    );
    event(
        "blockade",
        "The Blockade",
        "date = \"2020\"\nend = \"2021-03\"",
        "\"beta\"",
        "",
    );
    event(
        "fair",
        "Summer Fair",
        "date = \"2021-07\"\nend = \"2021-07-20\"",
        "\"gamma\", \"alpha\"",
        "\"ann\", \"cy\"",
    );
    event(
        "accord",
        "Autumn Accord",
        "date = \"2021-11-05\"",
        "\"alpha\", \"gamma\"",
        "\"bob\"",
    );
    d.write(
        "articles/one.md",
        "+++\ntitle = \"Dispatch One\"\nsource = \"Wire\"\npublished = \"2021-12-01\"\n+++\n\
         Ann Archer met Bob Baker in Beta City; Alphaland and Betania signed.\n\n\
         Cy Cole stayed home. Cy Cole wrote to Gammaria.\n\n\
         Nobody else came.\n\n\
         - Ann Archer and Cy Cole, at the Summer Fair.\n- Gammaria hosted.\n",
    );
    d.write(
        "articles/two.md",
        "+++\ntitle = \"Dispatch Two\"\nsource = \"Post\"\npublished = \"2021-12-02\"\n+++\n\
         # Alphaland and Betania\n\n\
         Ann Archer's envoy, Bob Baker, and Alphaland again.\n",
    );
    d
}

/// A dossier with more people than the front page's map draws: 80 agents in a ring, each
/// named with the next in paragraphs, a few ties much stronger than the rest.
fn crowd() -> Dossier {
    let d = Dossier::new();
    let n = 80;
    for i in 0..n {
        d.write(
            &format!("people/agent-{i:02}.md"),
            &format!("+++\nname = \"Agent {i:02}\"\n+++\n"),
        );
    }
    let mut text = String::new();
    for i in 0..n {
        let times = if i < 3 { 5 } else { 1 };
        for _ in 0..times {
            text += &format!("Agent {i:02} met Agent {:02}.\n\n", (i + 1) % n);
        }
    }
    d.write(
        "articles/ring.md",
        &format!(
            "+++\ntitle = \"The Ring\"\nsource = \"Wire\"\npublished = \"2020-01-01\"\n+++\n{text}"
        ),
    );
    d
}

// ---------------------------------------------------------------------------------------
// Reading the pictures back

/// Every inline `<svg>…</svg>` of a page, as written.
fn raw_svgs(site: &Site, page: &str) -> Vec<String> {
    let html = fs::read_to_string(site.root.join(page)).unwrap();
    let mut found = Vec::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<svg") {
        let end = start + rest[start..].find("</svg>").expect("a closing </svg>") + 6;
        found.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    found
}

/// The page's pictures whose root has the class `class`; each must parse as XML.
fn pictures(site: &Site, page: &str, class: &str) -> Vec<String> {
    raw_svgs(site, page)
        .into_iter()
        .filter(|svg| {
            let doc = roxmltree::Document::parse(svg)
                .unwrap_or_else(|e| panic!("{page}: an <svg> that is not XML: {e}\n{svg}"));
            let root = doc.root_element();
            root.attribute("class")
                .is_some_and(|c| c.split(' ').any(|c| c == class))
        })
        .collect()
}

/// The one picture of the page with class `class`.
fn picture(site: &Site, page: &str, class: &str) -> String {
    let mut found = pictures(site, page, class);
    assert_eq!(found.len(), 1, "{page}: one svg.{class}");
    found.remove(0)
}

fn has_class(node: roxmltree::Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|c| c == class))
}

fn title_of<'a>(node: roxmltree::Node<'a, 'a>) -> &'a str {
    node.children()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .expect("a <title>")
}

fn num(node: roxmltree::Node, attr: &str) -> f64 {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("no {attr}"))
        .parse()
        .unwrap()
}

/// `href` from `page`, as a path from the site root; it must name an existing file.
fn resolve(site: &Site, page: &str, href: &str) -> String {
    assert!(
        !href.starts_with('/') && !href.contains("://"),
        "{page}: non-relative {href}"
    );
    let mut path = PathBuf::new();
    for part in Path::new(page).parent().unwrap().join(href).components() {
        match part {
            Component::ParentDir => assert!(path.pop(), "{page}: {href} leaves the site"),
            Component::CurDir => {}
            other => path.push(other),
        }
    }
    assert!(
        site.root.join(&path).is_file(),
        "{page}: {href} names no file"
    );
    path.to_string_lossy().into_owned()
}

/// The pages of a folder, as paths from the root (`people/ann.html`).
fn pages_in(site: &Site, folder: &str) -> BTreeSet<String> {
    fs::read_dir(site.root.join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index.html")
        .map(|name| format!("{folder}/{name}"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// The graph, computed from the built pages

/// A tie's counts: paragraphs naming both, events with both.
type Counts = (u32, u32);

/// People and countries (as page paths) and the ties between them.
#[derive(Debug, Default)]
struct Graph {
    nodes: BTreeSet<String>,
    edges: BTreeMap<(String, String), Counts>,
}

impl Graph {
    fn add_group(&mut self, group: &BTreeSet<String>, bump: impl Fn(&mut Counts)) {
        let members: Vec<&String> = group.iter().collect();
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                bump(self.edges.entry(((*a).clone(), (*b).clone())).or_default());
            }
        }
    }

    /// The partners of `node` with their counts.
    fn partners(&self, node: &str) -> BTreeMap<String, Counts> {
        self.edges
            .iter()
            .filter_map(|((a, b), &c)| {
                if a == node {
                    Some((b.clone(), c))
                } else if b == node {
                    Some((a.clone(), c))
                } else {
                    None
                }
            })
            .collect()
    }
}

fn is_node(path: &str) -> bool {
    path.starts_with("people/") || path.starts_with("countries/")
}

/// Co-mention (the mention links of each top-level block of each article page) and
/// co-participation (the people and countries listed on each event page).
fn graph_from_pages(site: &Site) -> Graph {
    let mut nodes = pages_in(site, "people");
    nodes.extend(pages_in(site, "countries"));
    let mut graph = Graph {
        nodes,
        edges: BTreeMap::new(),
    };
    for page in pages_in(site, "articles") {
        let html = site.page(&page);
        for block in select(&html, ".block-text > [id]") {
            let named: BTreeSet<String> = block
                .select(&scraper::Selector::parse("a.mention").unwrap())
                .map(|a| resolve(site, &page, a.value().attr("href").unwrap()))
                .filter(|p| is_node(p))
                .collect();
            graph.add_group(&named, |c| c.0 += 1);
        }
    }
    for page in pages_in(site, "events") {
        let html = site.page(&page);
        let participants: BTreeSet<String> = select(&html, "dl.facts a")
            .iter()
            .map(|a| resolve(site, &page, a.value().attr("href").unwrap()))
            .filter(|p| is_node(p))
            .collect();
        graph.add_group(&participants, |c| c.1 += 1);
    }
    graph
}

/// "3 paragraphs together, 1 shared event" → (3, 1).
fn parse_counts(text: &str) -> Counts {
    let mut counts = (0, 0);
    for part in text.split(", ") {
        let (n, what) = part.split_once(' ').unwrap();
        let n: u32 = n.parse().unwrap();
        if what.starts_with("paragraph") {
            counts.0 = n;
        } else {
            assert!(what.starts_with("shared event"), "{text}");
            counts.1 = n;
        }
    }
    counts
}

/// A drawn map: its nodes (page paths, with their mentions) and edges.
#[derive(Debug)]
struct DrawnMap {
    nodes: BTreeMap<String, u32>,
    edges: BTreeMap<(String, String), Counts>,
    center: Option<String>,
}

fn read_map(site: &Site, page: &str, svg: &str) -> DrawnMap {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut nodes = BTreeMap::new();
    let mut by_label = BTreeMap::new();
    let mut center = None;
    for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
        assert!(has_class(a, "map-node"), "{page}: only nodes are links");
        let path = resolve(site, page, a.attribute("href").unwrap());
        let title = title_of(a);
        let (label, mentions) = title.rsplit_once("): ").unwrap();
        let (label, kind) = label.rsplit_once(" (").unwrap();
        let expected_kind = if path.starts_with("people/") {
            "person"
        } else {
            "country"
        };
        assert_eq!(kind, expected_kind, "{page}: {title}");
        assert!(has_class(a, kind), "{page}: {title} has the class {kind}");
        let shape = if kind == "person" { "circle" } else { "rect" };
        assert!(
            a.children().any(|c| c.has_tag_name(shape)),
            "{page}: a {kind} is drawn as a {shape}"
        );
        let mentions: u32 = mentions.split(' ').next().unwrap().parse().unwrap();
        if has_class(a, "map-center") {
            assert!(center.replace(path.clone()).is_none(), "one centre");
        }
        by_label.insert(label.to_string(), path.clone());
        assert!(
            nodes.insert(path, mentions).is_none(),
            "{page}: a node twice"
        );
    }
    let mut edges = BTreeMap::new();
    for line in doc.descendants().filter(|n| has_class(*n, "map-edge")) {
        let title = title_of(line);
        let (pair, counts) = title.rsplit_once(": ").unwrap();
        let (a, b) = pair.split_once(" \u{2013} ").unwrap();
        let (a, b) = (by_label[a].clone(), by_label[b].clone());
        let counts = parse_counts(counts);
        let solid = if counts.1 > 0 {
            "shared-event"
        } else {
            "co-mention"
        };
        assert!(has_class(line, solid), "{page}: {title} is {solid}");
        let key = if a < b { (a, b) } else { (b, a) };
        assert!(edges.insert(key, counts).is_none(), "{page}: an edge twice");
    }
    DrawnMap {
        nodes,
        edges,
        center,
    }
}

/// "12 in 2 articles" on an entity page → 12.
fn mention_count(site: &Site, page: &str) -> u32 {
    let html = site.page(page);
    let dd = select(&html, "dl.facts dt")
        .into_iter()
        .find(|dt| text_of(dt) == "Mentions")
        .and_then(|dt| {
            dt.next_siblings()
                .find_map(scraper::ElementRef::wrap)
                .map(|dd| text_of(&dd))
        })
        .unwrap();
    dd.split(' ').next().unwrap().parse().unwrap()
}

// ---------------------------------------------------------------------------------------
// The timeline

/// The `<a>` marks of a timeline: href (as a page path) → the mark.
fn marks<'a>(
    site: &Site,
    page: &str,
    doc: &'a roxmltree::Document<'a>,
) -> BTreeMap<String, roxmltree::Node<'a, 'a>> {
    let mut marks = BTreeMap::new();
    for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
        assert!(has_class(a, "tl-mark"), "{page}: only marks are links");
        let path = resolve(site, page, a.attribute("href").unwrap());
        assert!(path.starts_with("events/"), "{page}: {path}");
        assert!(
            marks.insert(path, a).is_none(),
            "{page}: one mark per event"
        );
    }
    marks
}

#[test]
fn the_timeline_is_xml_with_one_linked_mark_per_event() {
    for dossier in [Dossier::sample(), world()] {
        let site = dossier.build();
        let svg = picture(&site, "timeline.html", "dossier-timeline");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert!(has_class(root, "tl-full"));
        assert_eq!(root.attribute("role"), Some("img"));
        let kids: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert!(kids[0].has_tag_name("title") && kids[1].has_tag_name("desc"));
        let marks = marks(&site, "timeline.html", &doc);
        let events = pages_in(&site, "events");
        assert_eq!(marks.keys().cloned().collect::<BTreeSet<_>>(), events);
        for (path, mark) in &marks {
            let page = site.page(path);
            let title = text_of(&select(&page, "h1")[0]);
            assert!(
                title_of(*mark).starts_with(&format!("{title} \u{2014} ")),
                "{path}: the tooltip gives the title and date: {}",
                title_of(*mark)
            );
        }
    }
}

/// An event of the world fixture: its precision, the days it covers, its lanes.
struct Expected {
    page: &'static str,
    precision: &'static str,
    first: NaiveDate,
    last: NaiveDate,
    tooltip_date: &'static str,
    lanes: &'static [&'static str],
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn world_events() -> Vec<Expected> {
    let e = |page, precision, first, last, tooltip_date, lanes| Expected {
        page,
        precision,
        first,
        last,
        tooltip_date,
        lanes,
    };
    vec![
        e(
            "events/treaty.html",
            "year",
            day(2019, 1, 1),
            day(2019, 12, 31),
            "2019",
            &["Alphaland", "Betania"],
        ),
        e(
            "events/summit.html",
            "month",
            day(2019, 6, 1),
            day(2019, 6, 30),
            "June 2019",
            &["Alphaland"],
        ),
        e(
            "events/leap.html",
            "day",
            day(2020, 2, 29),
            day(2020, 2, 29),
            "29 February 2020",
            &["Other"],
        ),
        e(
            "events/visit.html",
            "day",
            day(2020, 3, 10),
            day(2020, 3, 24),
            "10 March 2020 \u{2013} 24 March 2020",
            &["Gammaria"],
        ),
        e(
            "events/blockade.html",
            "year",
            day(2020, 1, 1),
            day(2021, 3, 31),
            "2020 \u{2013} March 2021",
            &["Betania"],
        ),
        e(
            "events/fair.html",
            "month",
            day(2021, 7, 1),
            day(2021, 7, 20),
            "July 2021 \u{2013} 20 July 2021",
            &["Alphaland", "Gammaria"],
        ),
        e(
            "events/accord.html",
            "day",
            day(2021, 11, 5),
            day(2021, 11, 5),
            "5 November 2021",
            &["Alphaland", "Gammaria"],
        ),
    ]
}

/// The x of Jan 1 of each labelled year, read from the axis.
fn year_lines(doc: &roxmltree::Document) -> BTreeMap<i32, f64> {
    let axis = doc
        .descendants()
        .find(|n| has_class(*n, "tl-axis"))
        .unwrap();
    let kids: Vec<_> = axis.children().filter(|n| n.is_element()).collect();
    kids.windows(2)
        .filter(|w| has_class(w[0], "tl-grid") && has_class(w[1], "tl-year"))
        .map(|w| (w[1].text().unwrap().parse().unwrap(), num(w[0], "x1")))
        .collect()
}

#[test]
fn each_mark_spans_the_days_its_date_covers_in_its_countries_lanes() {
    let dossier = world();
    let site = dossier.build();
    let svg = picture(&site, "timeline.html", "dossier-timeline");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // The scale, from the axis: every year from 2019 to 2021 is labelled.
    let years = year_lines(&doc);
    assert_eq!(
        years.keys().copied().collect::<Vec<_>>(),
        [2019, 2020, 2021]
    );
    let jan1 = |y: i32| day(y, 1, 1);
    let px_day = (years[&2021] - years[&2019]) / (jan1(2021) - jan1(2019)).num_days() as f64;
    let x = |d: NaiveDate| years[&d.year()] + (d - jan1(d.year())).num_days() as f64 * px_day;
    let close = |a: f64, b: f64, what: &str| {
        assert!((a - b).abs() <= 0.25, "{what}: drawn at {a}, expected {b}");
    };
    // The lanes: one per country with events, by name, then "Other".
    let lanes: Vec<&str> = doc
        .descendants()
        .filter(|n| has_class(*n, "tl-lane-label"))
        .map(|n| n.text().unwrap())
        .collect();
    assert_eq!(lanes, ["Alphaland", "Betania", "Gammaria", "Other"]);
    let lane_tops: Vec<f64> = doc
        .descendants()
        .filter(|n| has_class(*n, "tl-lane-label"))
        .map(|n| num(n, "y") - 14.0)
        .collect();
    let lane_of = |y: f64| lanes[lane_tops.iter().rposition(|&t| t <= y + 0.05).unwrap()];
    let marks = marks(&site, "timeline.html", &doc);
    let expected = world_events();
    assert_eq!(marks.len(), expected.len());
    for e in &expected {
        let mark = marks[e.page];
        let what = e.page;
        assert!(
            has_class(mark, &format!("precision-{}", e.precision)),
            "{what}: precision-{}",
            e.precision
        );
        assert_eq!(
            title_of(mark).rsplit_once(" \u{2014} ").unwrap().1,
            e.tooltip_date,
            "{what}: the tooltip's date"
        );
        let shapes: Vec<_> = mark
            .children()
            .filter(|n| n.has_tag_name("rect") || n.has_tag_name("circle"))
            .collect();
        let mut drawn_lanes: Vec<&str> = Vec::new();
        for shape in &shapes {
            let days = (e.last - e.first).num_days() + 1;
            if e.precision == "day" && days == 1 {
                assert!(shape.has_tag_name("circle"), "{what}: a day is a dot");
                close(num(*shape, "cx"), x(e.first) + px_day / 2.0, what);
                drawn_lanes.push(lane_of(num(*shape, "cy") - 8.0));
            } else {
                assert!(shape.has_tag_name("rect"), "{what}: a period is a bar");
                close(num(*shape, "x"), x(e.first), what);
                close(num(*shape, "width"), days as f64 * px_day, what);
                let hollow = shape.attribute("fill") == Some("none");
                assert_eq!(hollow, e.precision == "year", "{what}: hollow iff year");
                drawn_lanes.push(lane_of(num(*shape, "y") - 2.0));
            }
        }
        assert_eq!(drawn_lanes, e.lanes, "{what}: one shape per lane");
    }
}

// ---------------------------------------------------------------------------------------
// The maps

#[test]
fn the_front_page_map_is_the_co_mention_and_co_participation_graph() {
    for dossier in [Dossier::sample(), world()] {
        let site = dossier.build();
        let graph = graph_from_pages(&site);
        assert!(!graph.edges.is_empty());
        let svg = picture(&site, "index.html", "dossier-map");
        let map = read_map(&site, "index.html", &svg);
        assert_eq!(map.center, None);
        assert_eq!(
            map.nodes.keys().cloned().collect::<BTreeSet<_>>(),
            graph.nodes,
            "a node for every person and country"
        );
        assert_eq!(
            map.edges, graph.edges,
            "an edge for every tie, with its counts"
        );
        for (node, &mentions) in &map.nodes {
            assert_eq!(mentions, mention_count(&site, node), "{node}: node size");
        }
        // The text equivalent: the strongest ties, each a tie of the graph.
        let page = site.page("index.html");
        let listed = select(&page, "#who-deals ~ ol.ties li");
        assert_eq!(listed.len(), graph.edges.len().min(15));
        let mut weights = Vec::new();
        for li in listed {
            let links: Vec<String> = li
                .select(&scraper::Selector::parse("a").unwrap())
                .map(|a| resolve(&site, "index.html", a.value().attr("href").unwrap()))
                .collect();
            let mut key = (links[0].clone(), links[1].clone());
            if key.0 > key.1 {
                key = (key.1, key.0);
            }
            let counts = parse_counts(&text_of(
                &li.select(&scraper::Selector::parse(".item-meta").unwrap())
                    .next()
                    .unwrap(),
            ));
            assert_eq!(graph.edges.get(&key), Some(&counts), "{key:?}");
            weights.push(counts.0 + counts.1);
        }
        assert!(weights.windows(2).all(|w| w[0] >= w[1]), "strongest first");
    }
}

#[test]
fn each_person_and_country_has_an_ego_map_and_a_timeline_of_its_events() {
    for dossier in [Dossier::sample(), world()] {
        let site = dossier.build();
        let graph = graph_from_pages(&site);
        for node in &graph.nodes {
            let partners = graph.partners(node);
            let html = site.page(node);
            // The compact timeline: a mark for each event listed on the page.
            let listed: BTreeSet<String> = select(&html, "#events ~ ul.items a")
                .iter()
                .map(|a| resolve(&site, node, a.value().attr("href").unwrap()))
                .collect();
            let timelines = pictures(&site, node, "dossier-timeline");
            if listed.is_empty() {
                assert!(timelines.is_empty(), "{node}: no events, no timeline");
            } else {
                assert_eq!(timelines.len(), 1, "{node}: one timeline");
                let doc = roxmltree::Document::parse(&timelines[0]).unwrap();
                assert!(has_class(doc.root_element(), "tl-compact"));
                let drawn: BTreeSet<String> = marks(&site, node, &doc).into_keys().collect();
                assert_eq!(drawn, listed, "{node}: its events");
            }
            // The ego map: the entity, its partners, the ties among them.
            let maps = pictures(&site, node, "dossier-map");
            if partners.is_empty() {
                assert!(maps.is_empty(), "{node}: no ties, no map");
                continue;
            }
            assert_eq!(maps.len(), 1, "{node}: one map");
            let map = read_map(&site, node, &maps[0]);
            assert_eq!(map.center.as_deref(), Some(node.as_str()));
            let mut members: BTreeSet<String> = partners.keys().cloned().collect();
            members.insert(node.clone());
            assert_eq!(
                map.nodes.keys().cloned().collect::<BTreeSet<_>>(),
                members,
                "{node}: itself and its partners"
            );
            let among: BTreeMap<_, _> = graph
                .edges
                .iter()
                .filter(|((a, b), _)| members.contains(a) && members.contains(b))
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            assert_eq!(map.edges, among, "{node}: the ties among them");
            // Its text equivalent: the partners, with their counts.
            let listed: BTreeMap<String, Counts> = select(&html, "#ties ~ ol.ties li")
                .iter()
                .map(|li| {
                    let a = li
                        .select(&scraper::Selector::parse("a").unwrap())
                        .next()
                        .unwrap();
                    let meta = text_of(
                        &li.select(&scraper::Selector::parse(".item-meta").unwrap())
                            .next()
                            .unwrap(),
                    );
                    (
                        resolve(&site, node, a.value().attr("href").unwrap()),
                        parse_counts(meta.split_once(": ").unwrap().1),
                    )
                })
                .collect();
            assert_eq!(listed, partners, "{node}: its ties as text");
        }
    }
}

#[test]
fn the_front_page_map_draws_the_strongest_ties_when_there_are_too_many() {
    let dossier = crowd();
    let site = dossier.build();
    let svg = picture(&site, "index.html", "dossier-map");
    let map = read_map(&site, "index.html", &svg);
    assert_eq!(map.nodes.len(), 60, "the cap on nodes");
    assert!(map.edges.len() <= 150, "the cap on edges");
    for i in 0..3 {
        let key = (
            format!("people/agent-{i:02}.html"),
            format!("people/agent-{:02}.html", i + 1),
        );
        assert_eq!(
            map.edges.get(&key),
            Some(&(5, 0)),
            "a strongest tie is drawn"
        );
    }
    let page = site.page("index.html");
    let note = text_of(&select(&page, "#who-deals ~ .picture-note")[0]);
    assert!(note.contains("at most 60 of the 80"), "{note}");
    // An ego map is drawn on every agent's page, whatever the front page left out.
    let svg = picture(&site, "people/agent-70.html", "dossier-map");
    let ego = read_map(&site, "people/agent-70.html", &svg);
    assert_eq!(ego.nodes.len(), 3);
}

// ---------------------------------------------------------------------------------------
// Every picture

#[test]
fn two_builds_draw_byte_identical_pictures() {
    let dossier = world();
    let first = dossier.run(&["build", "-o", "first"]);
    let second = dossier.run(&["build", "-o", "second"]);
    assert_eq!((first.status, second.status), (0, 0));
    let site = |dir: &str| Site {
        root: dossier.dir.path().join(dir),
    };
    let (a, b) = (site("first"), site("second"));
    let mut pages = vec!["index.html".to_string(), "timeline.html".to_string()];
    pages.extend(pages_in(&a, "people"));
    pages.extend(pages_in(&a, "countries"));
    let mut drawn = 0;
    for page in pages {
        let (x, y) = (raw_svgs(&a, &page), raw_svgs(&b, &page));
        assert_eq!(x, y, "{page}");
        drawn += x.len();
    }
    assert!(drawn > 10);
}

#[test]
fn the_pictures_have_text_equivalents_and_break_no_link() {
    for dossier in [Dossier::sample(), world()] {
        let site = dossier.build();
        assert_eq!(broken_links(&site.root), Vec::<String>::new());
        let timeline = site.page("timeline.html");
        let region = &select(&timeline, ".picture-scroll")[0];
        assert_eq!(region.value().attr("tabindex"), Some("0"));
        assert_eq!(
            select(&timeline, ".picture-scroll > svg.dossier-timeline").len(),
            1
        );
        let entries = select(&timeline, "li.entry.kind-event").len();
        assert_eq!(
            entries,
            pages_in(&site, "events").len(),
            "the list of events"
        );
        let index = site.page("index.html");
        assert_eq!(select(&index, "figure svg.dossier-map").len(), 1);
        assert!(!select(&index, "figure .picture-legend li").is_empty());
        assert!(select(&site.page("404.html"), "svg").is_empty());
    }
}
