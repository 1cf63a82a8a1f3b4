//! The built site, read as a reader's browser would: parsed HTML, followed links.

mod common;

use common::{broken_links, select, text_of, Dossier};

#[test]
fn every_page_of_the_contract_is_written() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    for page in [
        "index.html",
        "timeline.html",
        "404.html",
        ".nojekyll",
        "articles/index.html",
        "articles/chronicle.html",
        "people/index.html",
        "people/aragorn.html",
        "countries/index.html",
        "countries/gondor.html",
        "events/index.html",
        "events/coronation.html",
        "search.html",
        "search-index.js",
        "print.html",
        "sitemap.xml",
        "feed.xml",
        "static/style.css",
        "static/search.js",
        "static/dossier.js",
    ] {
        assert!(site.root.join(page).is_file(), "{page} is missing");
    }
}

#[test]
fn every_internal_link_names_an_existing_file_and_anchor() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let problems = broken_links(&site.root);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn nothing_is_loaded_from_another_host() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    for (path, bytes) in site.files() {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let page = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        for element in select(&page, "[src], link[href]") {
            let url = element
                .value()
                .attr("src")
                .or(element.value().attr("href"))
                .unwrap();
            let canonical = element.value().attr("rel") == Some("canonical");
            assert!(canonical || !url.contains("://"), "{path} loads {url}");
        }
    }
}

/// The mention links of an article paragraph: (text, href).
fn mentions(site: &common::Site, page: &str, paragraph: &str) -> Vec<(String, String)> {
    let page = site.page(page);
    select(&page, &format!("#{paragraph} a.mention"))
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_string()))
        .collect()
}

#[test]
fn mentions_are_whole_words_possessives_included() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let found = mentions(&site, "articles/chronicle.html", "p2");
    assert_eq!(
        found,
        [
            ("Aragorn".to_string(), "../people/aragorn.html".to_string()),
            ("Strider".to_string(), "../people/aragorn.html".to_string()),
        ],
        "possessives are mentions; 'Gondorian' is not a mention of Gondor"
    );
}

#[test]
fn the_longest_name_wins_and_dotted_aliases_match() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let found = mentions(&site, "articles/chronicle.html", "p3");
    let names: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names, ["South Gondor", "Gondor", "U.N. Envoy"]);
    assert_eq!(found[0].1, "../countries/south-gondor.html");
    assert_eq!(found[1].1, "../countries/gondor.html");
}

#[test]
fn no_mention_inside_code_or_an_existing_link() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    assert!(mentions(&site, "articles/chronicle.html", "p4").is_empty());
    let page = site.page("articles/chronicle.html");
    let code = select(&page, "#p4 code");
    assert_eq!(text_of(&code[0]), "Aragorn");
}

#[test]
fn raw_html_in_an_article_is_shown_as_text() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let page = site.page("articles/chronicle.html");
    assert!(
        select(&page, ".block-text script").is_empty(),
        "no script element"
    );
    let block = select(&page, "#p5");
    assert!(text_of(&block[0]).contains("<script>alert(\"Rohan\")</script>"));
}

#[test]
fn every_top_level_block_has_a_numbered_anchor_with_a_visible_link() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let page = site.page("articles/chronicle.html");
    let blocks = select(&page, ".block-text > [id]");
    let ids: Vec<&str> = blocks
        .iter()
        .map(|b| b.value().attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4", "p5", "p6"]);
    let tags: Vec<&str> = blocks.iter().map(|b| b.value().name()).collect();
    assert_eq!(tags, ["h1", "p", "p", "p", "p", "ul"]);
    let numbers: Vec<String> = select(&page, "a.pnum").iter().map(text_of).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6"]);
}

#[test]
fn a_note_sits_beside_its_paragraph_with_the_quote_highlighted() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let page = site.page("articles/chronicle.html");
    let marks = select(&page, "#p2 mark.quote");
    let highlighted: String = marks.iter().map(text_of).collect();
    assert_eq!(highlighted, "seen by Strider's friends");
    let notes = select(&page, ".block.annotated .note");
    assert_eq!(notes.len(), 1);
    assert!(text_of(&notes[0]).contains("Who were they?"));
    let block_of_note = select(&page, ".block.annotated .block-text > [id]");
    assert_eq!(block_of_note[0].value().attr("id"), Some("p2"));
}

#[test]
fn entity_pages_link_each_mention_to_its_paragraph_with_the_sentence() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let page = site.page("people/aragorn.html");
    let passages = select(&page, "ul.passages li");
    let found: Vec<(String, String)> = passages
        .iter()
        .map(|li| {
            let link = select_in(li, "a.pref");
            (link.value().attr("href").unwrap().to_string(), text_of(li))
        })
        .collect();
    assert!(found
        .iter()
        .any(|(href, text)| href == "../articles/chronicle.html#p2"
            && text.contains("Aragorn's crowning was seen by Strider's friends.")));
    assert!(
        found
            .iter()
            .any(|(href, _)| href == "../articles/chronicle.html#p3"),
        "U.N. Envoy in p3"
    );
    assert!(found
        .iter()
        .any(|(href, text)| href == "../articles/letter.html#p1"
            && text.contains("Théoden and Aragorn spoke")));
    // Following each link lands on a paragraph that names him.
    for (href, _) in &found {
        let (file, anchor) = href.trim_start_matches("../").split_once('#').unwrap();
        let article = site.page(file);
        let links = format!("#{anchor} a.mention[href='../people/aragorn.html']");
        assert!(!select(&article, &links).is_empty(), "{href}");
    }
}

/// Two mentions in one sentence make one passage; a mention in the next
/// sentence makes its own, even when another entity's mention comes between.
#[test]
fn each_sentence_that_mentions_an_entity_is_a_passage() {
    let dossier = Dossier::sample();
    dossier.write(
        "articles/ride.md",
        "+++\ntitle = \"The Ride\"\nsource = \"Post\"\npublished = \"3019\"\n+++\n\
         Aragorn rode north and Aragorn sang. Gondor rejoiced, and Aragorn smiled.\n",
    );
    let site = dossier.build();
    let page = site.page("people/aragorn.html");
    let passages: Vec<String> = select(&page, "ul.passages li")
        .iter()
        .filter(|li| {
            select_in(li, "a.pref").value().attr("href") == Some("../articles/ride.html#p1")
        })
        .map(text_of)
        .collect();
    assert_eq!(passages.len(), 2, "{passages:?}");
    assert!(passages[0].contains("Aragorn rode north and Aragorn sang."));
    assert!(passages[1].contains("Gondor rejoiced, and Aragorn smiled."));
}

/// Passages are copied unescaped from paragraphs with nothing to escape: the
/// others must still come out as text, never as markup.
#[test]
fn passages_show_markup_characters_as_text() {
    let dossier = Dossier::sample();
    dossier.write(
        "articles/escapes.md",
        "+++\ntitle = \"Escapes\"\nsource = \"Post\"\npublished = \"3019-06\"\n+++\n\
         Aragorn wrote <b>bold</b> & 'quoted' \"words\".\n\nAragorn rode on.\n",
    );
    let site = dossier.build();
    let page = site.page("people/aragorn.html");
    let passages: Vec<String> = select(&page, "ul.passages li")
        .iter()
        .filter(|li| {
            select_in(li, "a.pref")
                .value()
                .attr("href")
                .unwrap()
                .contains("escapes")
        })
        .map(text_of)
        .collect();
    assert_eq!(
        passages,
        [
            "¶1 Aragorn wrote <b>bold</b> & 'quoted' \"words\".",
            "¶2 Aragorn rode on."
        ]
    );
    assert!(
        select(&page, "ul.passages b").is_empty(),
        "no element from the text"
    );
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .next()
        .unwrap()
}

#[test]
fn entity_pages_show_events_in_date_order_and_co_mentions() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let page = site.page("people/aragorn.html");
    let events: Vec<String> = select(&page, "#events ~ ul.items a")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(events, ["Council at Edoras", "Coronation of Aragorn"]);
    let related: Vec<String> = select(&page, "ul.related a").iter().map(text_of).collect();
    assert!(related.contains(&"Théoden".to_string()), "{related:?}");
    let annotations = select(&page, ".note");
    assert_eq!(annotations.len(), 1, "the note links to Aragorn");
}

#[test]
fn event_pages_show_sources_participants_and_neighbours() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let page = site.page("events/council.html");
    let text = text_of(&select(&page, "main")[0]);
    assert!(text.contains("October 3018"));
    let reported: Vec<&str> = select(&page, "#reported ~ ul.items a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(reported, ["../articles/letter.html"]);
    let prev = select(&page, "a[rel=prev]");
    let next = select(&page, "a[rel=next]");
    assert_eq!(
        prev[0].value().attr("href"),
        Some("../events/long-war.html")
    );
    assert_eq!(
        next[0].value().attr("href"),
        Some("../events/coronation.html")
    );
    let passages = select(&page, "ul.passages a.pref");
    assert_eq!(
        passages[0].value().attr("href"),
        Some("../articles/letter.html#p1")
    );
}

#[test]
fn the_timeline_puts_partial_dates_before_the_days_of_their_period() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let page = site.page("timeline.html");
    let entries: Vec<String> = select(&page, "li.entry > a").iter().map(text_of).collect();
    assert_eq!(
        entries,
        [
            "The Long War",
            "Council at Edoras",
            "A Letter",
            "Coronation of Aragorn",
            "The Chronicle"
        ]
    );
    let headings: Vec<String> = select(&page, "section.month h3")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(
        headings,
        ["3018, month unknown", "October 3018", "May 3019"]
    );
    let dates: Vec<String> = select(&page, "li.entry time")
        .iter()
        .take(2)
        .map(text_of)
        .collect();
    assert_eq!(dates, ["3018", "March 3019"], "a date keeps its precision");
}

#[test]
fn lists_sort_names_ignoring_case_and_accents() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let page = site.page("people/index.html");
    let names: Vec<String> = select(&page, "ul.items a").iter().map(text_of).collect();
    assert_eq!(names, ["Aragorn", "Éowyn", "Théoden"]);
}

#[test]
fn wikilinks_in_bodies_point_at_their_pages() {
    let dossier = Dossier::sample();
    let site = dossier.build();
    let page = site.page("countries/gondor.html");
    let links: Vec<(String, String)> = select(&page, ".analyst-notes a")
        .iter()
        .map(|a| (text_of(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        links,
        [
            ("Aragorn".to_string(), "../people/aragorn.html".to_string()),
            (
                "the horse-lords".to_string(),
                "../countries/rohan.html".to_string()
            ),
        ]
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let dossier = Dossier::sample();
    let first = dossier.build().files();
    let second = dossier.build().files();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dossier = Dossier::sample();
    let before = dossier.build().files();
    dossier.write(
        "people/aragorn.md",
        "+++\nname = \"Aragorn\"\ncountry = \"gondr\"\n+++\n",
    );
    let run = dossier.run(&["build"]);
    assert_eq!(run.status, 1);
    assert_eq!(common::files_below(&dossier.output()), before);
    let leftovers: Vec<_> = std::fs::read_dir(dossier.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "only content/ and public/: {leftovers:?}"
    );
}

#[test]
fn base_url_flag_overrides_the_permalinks() {
    let dossier = Dossier::sample();
    let run = dossier.run(&["build", "--base-url", "https://user.github.io/repo"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = common::Site {
        root: dossier.output(),
    }
    .page("people/aragorn.html");
    let canonical = select(&page, "link[rel=canonical]");
    assert_eq!(
        canonical[0].value().attr("href"),
        Some("https://user.github.io/repo/people/aragorn.html")
    );
}

#[test]
fn refuses_to_write_over_the_content_folder() {
    let dossier = Dossier::sample();
    for output in ["content", ".", "/"] {
        let run = dossier.run(&["build", "--output", output]);
        assert_ne!(run.status, 0, "--output {output} must be refused");
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    }
    assert!(dossier.content().join("people/aragorn.md").is_file());
}
