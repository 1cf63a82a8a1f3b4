//! The bundled dossier in `content/`: it builds cleanly, and everything in it
//! is connected — no orphan person or country, no event without a source.

mod common;

use std::path::Path;

use common::{broken_links, run_in, select, Site};

fn build_bundled() -> (tempfile::TempDir, Site) {
    let out = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = out.path().join("public");
    let run = run_in(
        repo,
        &[
            "build",
            "--content",
            "content",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("warning"),
        "the bundled dossier builds without warnings:\n{}",
        run.stderr
    );
    (out, Site { root: output })
}

fn pages_of(site: &Site, folder: &str) -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(site.root.join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index.html")
        .map(|name| format!("{folder}/{name}"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_person_and_country_is_linked_from_an_article_or_an_event() {
    let (_out, site) = build_bundled();
    let mut orphans = Vec::new();
    for page_path in pages_of(&site, "people")
        .into_iter()
        .chain(pages_of(&site, "countries"))
    {
        let page = site.page(&page_path);
        let articles = select(&page, "ol.sources li.source");
        let events = select(&page, "#events ~ ul.items li");
        if articles.is_empty() && events.is_empty() {
            orphans.push(page_path);
        }
    }
    assert!(
        orphans.is_empty(),
        "no article or event links to: {orphans:?}"
    );
}

#[test]
fn every_event_has_a_source() {
    let (_out, site) = build_bundled();
    let unsourced: Vec<String> = pages_of(&site, "events")
        .into_iter()
        .filter(|path| select(&site.page(path), "#reported ~ ul.items a").is_empty())
        .collect();
    assert!(
        unsourced.is_empty(),
        "events without sources: {unsourced:?}"
    );
}

#[test]
fn every_internal_link_of_the_bundled_site_resolves() {
    let (_out, site) = build_bundled();
    let problems = broken_links(&site.root);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_bundled_dossier_has_its_five_articles_and_a_dozen_notes() {
    let (_out, site) = build_bundled();
    assert_eq!(pages_of(&site, "articles").len(), 5);
    let notes: usize = pages_of(&site, "articles")
        .iter()
        .map(|path| select(&site.page(path), "aside.note").len())
        .sum();
    assert!(notes >= 12, "{notes} notes");
}

#[test]
fn the_bundled_dossier_passes_check_without_a_warning() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = run_in(repo, &["check", "--content", "content", "--deny-warnings"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(": 0 errors, 0 warnings"),
        "{}",
        run.stderr
    );
}
