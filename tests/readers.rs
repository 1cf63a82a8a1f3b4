//! What readers get beyond the pages: citations, the search index, the print
//! page, the sitemap and the feed.

mod common;

use std::collections::BTreeSet;

use biblatex::{Bibliography, ChunksExt, EntryType};
use common::{broken_links, select, text_of, Dossier, Site};
use scraper::Html;

const BASE: &str = "https://example.org/fixture/";
/// SOURCE_DATE_EPOCH=1700000000, set by the harness, is 14 November 2023.
const BUILT_CHICAGO: &str = "November 14, 2023";
const BUILT_ISO: &str = "2023-11-14";

/// The sample dossier with an editor, and an article whose title holds every
/// character that TeX reads as a command.
fn dossier() -> Dossier {
    let d = Dossier::sample();
    d.write(
        "dossier.toml",
        "title = \"Fixture Dossier\"\ndescription = \"A test\"\nbase_url = \"https://example.org/fixture/\"\neditor = \"Jo Analyst\"\n",
    );
    d.write(
        "articles/odd-title.md",
        "+++\ntitle = \"Profits & Losses: 50% {up} for A_B #1, $2 ~ ^\\\\ Why?\"\nsource = \"R&D Weekly\"\npublished = \"2020\"\nurl = \"https://news.example/a_b?x=1&y=%20\"\nretrieved = \"2021-02\"\n+++\nA short text.\n",
    );
    d
}

/// Paths of the pages that carry "Cite this page".
fn citable_pages(site: &Site) -> Vec<String> {
    site.files()
        .into_keys()
        .filter(|p| {
            ["articles/", "people/", "countries/", "events/"]
                .iter()
                .any(|folder| p.starts_with(folder))
                && p.ends_with(".html")
                && !p.ends_with("index.html")
        })
        .collect()
}

fn one(page: &Html, css: &str) -> String {
    let found = select(page, css);
    assert_eq!(found.len(), 1, "{css}: {} found", found.len());
    text_of(&found[0])
}

fn attr(page: &Html, css: &str, name: &str) -> String {
    let found = select(page, css);
    assert_eq!(found.len(), 1, "{css}: {} found", found.len());
    found[0].value().attr(name).unwrap_or_default().to_string()
}

#[test]
fn every_cite_block_gives_the_permalink_and_a_chicago_citation_of_the_page() {
    let dossier = dossier();
    let site = dossier.build();
    let pages = citable_pages(&site);
    assert_eq!(pages.len(), 3 + 3 + 3 + 3, "{pages:?}");
    for path in pages {
        let page = site.page(&path);
        let permalink = format!("{BASE}{path}");
        let title = one(&page, ".page-header h1");
        assert_eq!(one(&page, "#cite-permalink"), permalink, "{path}");
        assert_eq!(attr(&page, "link[rel=canonical]", "href"), permalink);
        let chicago = one(&page, "#cite-chicago");
        let title_cited = if title.ends_with('?') {
            format!("\u{201c}{title}\u{201d}")
        } else {
            format!("\u{201c}{title}.\u{201d}")
        };
        for part in [
            "Jo Analyst. ",
            title_cited.as_str(),
            " Fixture Dossier. ",
            BUILT_CHICAGO,
            permalink.as_str(),
        ] {
            assert!(
                chicago.contains(part),
                "{path}: {part:?} not in {chicago:?}"
            );
        }
    }
}

#[test]
fn head_carries_citation_and_open_graph_tags() {
    let dossier = dossier();
    let site = dossier.build();
    for path in citable_pages(&site)
        .into_iter()
        .chain(["index.html".to_string(), "timeline.html".to_string()])
    {
        let page = site.page(&path);
        let meta = |name: &str| attr(&page, &format!("meta[name={name}]"), "content");
        let og = |name: &str| attr(&page, &format!("meta[property='og:{name}']"), "content");
        let permalink = format!("{BASE}{path}");
        let title = one(&page, "head > title");
        assert!(title.starts_with(&meta("citation_title")), "{path}");
        assert_eq!(meta("citation_author"), "Jo Analyst");
        assert_eq!(meta("citation_publication_date"), "2023/11/14");
        assert_eq!(meta("citation_publisher"), "Fixture Dossier");
        assert_eq!(meta("citation_public_url"), permalink);
        assert_eq!(og("url"), permalink);
        assert_eq!(og("site_name"), "Fixture Dossier");
        assert_eq!(og("title"), meta("citation_title"));
    }
    let article = site.page("articles/chronicle.html");
    assert_eq!(
        attr(&article, "meta[property='og:type']", "content"),
        "article"
    );
}

#[test]
fn every_bibtex_entry_parses_and_names_the_page() {
    let dossier = dossier();
    let site = dossier.build();
    for path in citable_pages(&site) {
        let page = site.page(&path);
        let source = one(&page, "#cite-bibtex");
        let bibliography =
            Bibliography::parse(&source).unwrap_or_else(|e| panic!("{path}: {e:?}\n{source}"));
        assert_eq!(bibliography.len(), 1);
        let entry = bibliography.iter().next().unwrap();
        let slug = path.rsplit('/').next().unwrap().trim_end_matches(".html");
        assert_eq!(entry.key, slug);
        assert_eq!(entry.entry_type, EntryType::Online);
        assert_eq!(entry.url().unwrap(), format!("{BASE}{path}"));
        assert_eq!(
            entry.title().unwrap().format_verbatim(),
            one(&page, ".page-header h1")
        );
        let date = entry.get("date").unwrap().format_verbatim();
        assert_eq!(date, BUILT_ISO);
        let report = entry.verify();
        assert!(
            report.is_ok(),
            "{path}: missing {:?}, superfluous {:?}, malformed {:?}",
            report.missing,
            report.superfluous,
            report.malformed.iter().map(|(f, _)| f).collect::<Vec<_>>()
        );
    }
}

#[test]
fn an_article_page_also_cites_the_original_publication() {
    let dossier = dossier();
    let site = dossier.build();
    let page = site.page("articles/chronicle.html");
    assert_eq!(
        one(&page, "#cite-original-chicago"),
        "A. Scribe. \u{201c}The Chronicle.\u{201d} Gazette, May 2, 3019. https://news.example/chronicle."
    );
    assert_eq!(one(&page, "#cite-original-chicago i"), "Gazette");
    let bibliography = Bibliography::parse(&one(&page, "#cite-original-bibtex")).unwrap();
    let entry = bibliography.get("chronicle:original").unwrap();
    assert_eq!(entry.entry_type, EntryType::Article);
    assert!(entry.verify().is_ok(), "author, title, journaltitle, date");
    assert_eq!(entry.url().unwrap(), "https://news.example/chronicle");
    assert_eq!(entry.journal_title().unwrap().format_verbatim(), "Gazette");

    let odd = site.page("articles/odd-title.html");
    let title = "Profits & Losses: 50% {up} for A_B #1, $2 ~ ^\\ Why?";
    for id in ["#cite-bibtex", "#cite-original-bibtex"] {
        let source = one(&odd, id);
        let bibliography =
            Bibliography::parse(&source).unwrap_or_else(|e| panic!("{e:?}\n{source}"));
        let entry = bibliography.iter().next().unwrap();
        assert_eq!(entry.title().unwrap().format_verbatim(), title, "{source}");
    }
    let original = Bibliography::parse(&one(&odd, "#cite-original-bibtex")).unwrap();
    let entry = original.get("odd-title:original").unwrap();
    assert_eq!(entry.url().unwrap(), "https://news.example/a_b?x=1&y=%20");
    assert_eq!(
        one(&odd, "#cite-original-chicago"),
        format!("\u{201c}{title}\u{201d} R&D Weekly, 2020. Accessed February 2021. https://news.example/a_b?x=1&y=%20.")
    );
}

/// The number shows its permalink on hover; dossier.js adds the button that
/// copies it (tests/browser checks that it does).
#[test]
fn each_paragraph_offers_its_permalink() {
    let dossier = dossier();
    let site = dossier.build();
    let page = site.page("articles/chronicle.html");
    let numbers = select(&page, "a.pnum");
    assert_eq!(numbers.len(), 6);
    for (i, link) in numbers.iter().enumerate() {
        let permalink = format!("{BASE}articles/chronicle.html#p{}", i + 1);
        assert_eq!(
            link.value().attr("href"),
            Some(format!("#p{}", i + 1).as_str())
        );
        assert_eq!(
            link.value().attr("title"),
            Some(format!("Paragraph {}; permalink: {permalink}", i + 1).as_str())
        );
    }
    let canonical = select(&page, "link[rel=canonical]");
    assert_eq!(
        canonical[0].value().attr("href"),
        Some(format!("{BASE}articles/chronicle.html").as_str()),
        "dossier.js makes each paragraph's permalink from the canonical link"
    );
}

#[test]
fn absolute_urls_appear_only_in_canonical_links_and_citations() {
    let dossier = dossier();
    let site = dossier.build();
    for (path, bytes) in site.files() {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let page = Html::parse_document(&String::from_utf8(bytes).unwrap());
        for element in select(&page, "[href], [src], [action]") {
            let canonical = element.value().attr("rel") == Some("canonical");
            for name in ["href", "src", "action"] {
                let value = element.value().attr(name).unwrap_or_default();
                assert!(
                    canonical || !value.starts_with(BASE),
                    "{path}: {name}={value}"
                );
            }
        }
    }
}

#[test]
fn the_sitemap_lists_every_page_but_404_and_search() {
    let dossier = dossier();
    let site = dossier.build();
    let xml = std::fs::read_to_string(site.root.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let listed: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    let unique: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(unique.len(), listed.len(), "no page twice");
    let expected: BTreeSet<String> = site
        .files()
        .into_keys()
        .filter(|p| p.ends_with(".html") && p != "404.html" && p != "search.html")
        .map(|p| format!("{BASE}{p}"))
        .collect();
    assert_eq!(unique, expected);
    assert!(unique.contains(&format!("{BASE}print.html")));
}

#[test]
fn the_feed_is_atom_with_every_article_and_event_newest_first() {
    let dossier = dossier();
    let site = dossier.build();
    let xml = std::fs::read_to_string(site.root.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(atom));
    let child = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|n| n.has_tag_name((atom, name)))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(child(feed, "id").unwrap(), format!("{BASE}feed.xml"));
    assert_eq!(child(feed, "title").unwrap(), "Fixture Dossier");
    assert_eq!(child(feed, "updated").unwrap(), "2023-11-14T00:00:00Z");
    let author = feed.children().find(|n| n.has_tag_name((atom, "author")));
    assert_eq!(child(author.unwrap(), "name").unwrap(), "Jo Analyst");
    let entries: Vec<(String, String)> = feed
        .children()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .map(|e| (child(e, "id").unwrap(), child(e, "updated").unwrap()))
        .collect();
    let ids: BTreeSet<String> = entries.iter().map(|(id, _)| id.clone()).collect();
    let expected: BTreeSet<String> = site
        .files()
        .into_keys()
        .filter(|p| {
            (p.starts_with("articles/") || p.starts_with("events/")) && !p.ends_with("index.html")
        })
        .map(|p| format!("{BASE}{p}"))
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(ids.len(), entries.len());
    let dates: Vec<&String> = entries.iter().map(|(_, d)| d).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert_eq!(entries[0].0, format!("{BASE}articles/chronicle.html"));
}

/// The search index as the browser sees it.
fn search_index(site: &Site) -> serde_json::Value {
    let js = std::fs::read_to_string(site.root.join("search-index.js")).unwrap();
    let json = js
        .strip_prefix("window.searchIndex = ")
        .and_then(|j| j.strip_suffix(";\n"))
        .expect("window.searchIndex = {...};");
    serde_json::from_str(json).unwrap()
}

/// The documents listed for a folded word, decoded as `static/search.js`
/// does: digits from `]` come before a gap's last digit, `#` to `[`.
fn postings(index: &serde_json::Value, word: &str) -> Vec<usize> {
    let words = index["words"].as_array().unwrap();
    let at = words
        .iter()
        .position(|w| w == word)
        .unwrap_or_else(|| panic!("{word} is not in the index"));
    let (mut id, mut n, mut ids) = (0, 0, Vec::new());
    for c in index["postings"][at].as_str().unwrap().bytes() {
        if c >= b']' {
            n = n * 34 + usize::from(c - b']');
        } else {
            id += n * 57 + usize::from(c - b'#');
            ids.push(id);
            n = 0;
        }
    }
    ids
}

/// A search result as the browser makes it from the index.
#[derive(Debug)]
struct SearchDoc {
    path: String,
    kind: String,
    anchor: String,
    text: String,
}

/// Every document of the index, in order: each page lists its top, then an
/// article's paragraph numbers and note slugs, and the texts follow suit.
fn search_docs(index: &serde_json::Value) -> Vec<SearchDoc> {
    let kinds = index["kinds"].as_array().unwrap();
    let mut texts = index["texts"].as_array().unwrap().iter();
    let mut docs = Vec::new();
    for page in index["pages"].as_array().unwrap() {
        let kind = kinds[page[0].as_u64().unwrap() as usize].as_str().unwrap();
        let top = std::iter::once((kind, String::new()));
        let paragraphs = page[3].as_array().unwrap().iter();
        let paragraphs = paragraphs.map(|n| ("article", format!("p{n}")));
        let notes = page[4].as_array().unwrap().iter();
        let notes = notes.map(|slug| ("note", format!("note-{}", slug.as_str().unwrap())));
        for (kind, anchor) in top.chain(paragraphs).chain(notes) {
            docs.push(SearchDoc {
                path: page[1].as_str().unwrap().to_string(),
                kind: kind.to_string(),
                anchor,
                text: texts.next().unwrap().as_str().unwrap().to_string(),
            });
        }
    }
    assert!(texts.next().is_none(), "a text for every document");
    docs
}

#[test]
fn the_search_index_finds_a_phrase_in_its_paragraph() {
    let dossier = dossier();
    let site = dossier.build();
    let index = search_index(&site);
    assert_eq!(index["format"], 2);
    let docs = search_docs(&index);
    let crowning = postings(&index, "crowning");
    let strider = postings(&index, "strider");
    let both: Vec<&usize> = crowning.iter().filter(|d| strider.contains(d)).collect();
    let hits: Vec<String> = both
        .iter()
        .map(|&&d| format!("{}#{}", docs[d].path, docs[d].anchor))
        .collect();
    assert!(
        hits.contains(&"articles/chronicle.html#p2".to_string()),
        "{hits:?}"
    );
    // The paragraph is there, under that anchor, with the phrase.
    let page = site.page("articles/chronicle.html");
    assert!(one(&page, "#p2").contains("Aragorn's crowning was seen by Strider's friends."));
    let doc = docs
        .iter()
        .find(|d| d.anchor == "p2" && d.path == "articles/chronicle.html")
        .unwrap();
    assert!(doc.text.contains("seen by Strider's friends"));
    // Every kind is searchable, and accents fold for the browser as here.
    let kinds: BTreeSet<&str> = docs.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["article", "note", "person", "country", "event"])
    );
    assert!(!postings(&index, "eowyn").is_empty());
    assert_eq!(index["fold"]["É"], "e");
    assert_eq!(index["fold"]["é"], "e");
    // A note links to its place on the article page.
    let note = docs
        .iter()
        .find(|d| d.anchor == "note-crowning-witnesses")
        .unwrap();
    assert!(note.text.contains("Who were they?"));
    assert_eq!(
        one(&page, "#note-crowning-witnesses blockquote"),
        "seen by   Strider's friends"
    );
}

#[test]
fn every_search_result_links_to_an_existing_page_and_anchor() {
    let dossier = dossier();
    let site = dossier.build();
    let index = search_index(&site);
    for doc in search_docs(&index) {
        let html = site.page(&doc.path);
        if !doc.anchor.is_empty() {
            assert_eq!(
                select(&html, &format!("[id='{}']", doc.anchor)).len(),
                1,
                "{}#{}",
                doc.path,
                doc.anchor
            );
        }
    }
    let search = site.page("search.html");
    let scripts: Vec<&str> = select(&search, "script[src]")
        .iter()
        .map(|s| s.value().attr("src").unwrap())
        .collect();
    assert!(scripts.contains(&"search-index.js"), "{scripts:?}");
    assert!(scripts.contains(&"static/search.js"), "{scripts:?}");
}

#[test]
fn print_html_holds_the_whole_dossier_linked_within_itself() {
    let dossier = dossier();
    let site = dossier.build();
    let print = site.page("print.html");
    let ids: BTreeSet<String> = select(&print, "[id]")
        .iter()
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    for path in citable_pages(&site) {
        let (folder, file) = path.split_once('/').unwrap();
        let slug = file.trim_end_matches(".html");
        let noun = match folder {
            "articles" => "article",
            "people" => "person",
            "countries" => "country",
            _ => "event",
        };
        let anchor = format!("{noun}-{slug}");
        assert!(ids.contains(&anchor), "{anchor} missing from print.html");
        if noun == "article" {
            let page = site.page(&path);
            let blocks = select(&page, ".block-text > [id]").len();
            for n in 1..=blocks {
                assert!(ids.contains(&format!("{anchor}--p{n}")), "{anchor}--p{n}");
            }
            assert!(one(&print, &format!("#{anchor} h3")) == one(&page, ".page-header h1"));
        }
    }
    // Mentions and wikilinks lead within the page; the note is beside its paragraph.
    let mention = select(&print, "#article-chronicle--p2 a.mention");
    assert_eq!(mention[0].value().attr("href"), Some("#person-aragorn"));
    assert_eq!(select(&print, "#note-crowning-witnesses").len(), 1);
    let wikilinks: Vec<&str> = select(&print, "#country-gondor .analyst-notes a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(wikilinks, ["#person-aragorn", "#country-rohan"]);
    let problems = broken_links(&site.root);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_project_site_base_url_reaches_every_citation() {
    let dossier = dossier();
    let run = dossier.run(&["build", "--base-url", "https://user.github.io/repo/"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let site = Site {
        root: dossier.output(),
    };
    let page = site.page("people/aragorn.html");
    let permalink = "https://user.github.io/repo/people/aragorn.html";
    assert_eq!(one(&page, "#cite-permalink"), permalink);
    assert!(one(&page, "#cite-chicago").contains(permalink));
    assert!(one(&page, "#cite-bibtex").contains(permalink));
    let sitemap = std::fs::read_to_string(site.root.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(permalink));
    assert!(!sitemap.contains(BASE));
}

#[test]
fn a_malformed_source_date_epoch_is_an_error() {
    let dossier = dossier();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .current_dir(dossier.dir.path())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "last tuesday")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("SOURCE_DATE_EPOCH"));
}
