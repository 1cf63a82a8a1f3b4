//! `dossier check`: the errors of a build, broken links and anchors of the
//! rendered site traced to where they were written, the editor's warnings,
//! the exit status, and nothing written.

mod common;

use common::{files_below, Dossier, Run};

/// Runs `dossier check ARGS`, expecting `status`; returns stderr.
fn check(dossier: &Dossier, args: &[&str], status: i32) -> String {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let Run {
        status: got,
        stderr,
        ..
    } = dossier.run(&all);
    assert_eq!(got, status, "exit status of check:\n{stderr}");
    stderr
}

/// Asserts a diagnostic line `LOCATION: KIND: …MESSAGE…`, returning the
/// diagnostic (up to the next blank line).
fn assert_diagnostic<'a>(stderr: &'a str, location: &str, kind: &str, message: &str) -> &'a str {
    let wanted = format!("{location}: {kind}: ");
    let start = stderr
        .find(&wanted)
        .unwrap_or_else(|| panic!("no {kind} at {location} in:\n{stderr}"));
    let text = &stderr[start..];
    let text = &text[..text.find("\n\n").unwrap_or(text.len())];
    let first_line = text.lines().next().unwrap();
    assert!(
        first_line.contains(message),
        "{first_line:?} should say {message:?}"
    );
    text
}

/// The sample fixture without its one warning (a person no article names).
fn clean_sample() -> Dossier {
    let d = Dossier::sample();
    d.remove("people/eowyn.md");
    d
}

#[test]
fn a_clean_dossier_passes_and_nothing_is_written() {
    let d = clean_sample();
    let before = files_below(d.dir.path());
    let stderr = check(&d, &[], 0);
    assert!(
        stderr.contains("checked ") && stderr.contains(": 0 errors, 0 warnings"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\r'),
        "no colour and no progress display when piped:\n{stderr:?}"
    );
    assert!(!d.output().exists(), "check writes no site");
    assert_eq!(files_below(d.dir.path()), before, "check changes no file");
}

#[test]
fn a_broken_link_in_an_article_is_an_error_at_its_place() {
    let d = clean_sample();
    d.write(
        "articles/gossip.md",
        "+++\ntitle = \"Gossip\"\nsource = \"Post\"\npublished = \"3019\"\n+++\n\
         Aragorn was seen.\n\nSee [his file](../people/aragon.html) for more.\n",
    );
    let stderr = check(&d, &[], 1);
    let diagnostic = assert_diagnostic(
        &stderr,
        "content/articles/gossip.md:8:16",
        "error",
        "broken link '../people/aragon.html': the site has no file people/aragon.html \
         (did you mean 'people/aragorn.html'?)",
    );
    let caret = format!("\n  | {}{}", " ".repeat(15), "^".repeat(21));
    assert!(
        diagnostic.contains("\n8 | See [his file](../people/aragon.html) for more.\n")
            && diagnostic.contains(&caret),
        "a caret under the link:\n{diagnostic}"
    );
    assert!(
        stderr.contains("check failed: 1 error, 0 warnings"),
        "{stderr}"
    );
    assert!(!d.output().exists());
}

#[test]
fn a_broken_anchor_in_an_analyst_note_is_an_error() {
    let d = clean_sample();
    d.write(
        "people/theoden.md",
        "+++\nname = \"Théoden\"\ncountry = \"rohan\"\n+++\nHe rode, says [the chronicle](../articles/chronicle.html#p99).\n",
    );
    let stderr = check(&d, &[], 1);
    assert_diagnostic(
        &stderr,
        "content/people/theoden.md:5:31",
        "error",
        "broken link '../articles/chronicle.html#p99': articles/chronicle.html has no anchor '#p99'",
    );
}

#[test]
fn a_broken_link_in_a_template_override_is_one_error_counting_its_pages() {
    let d = clean_sample();
    d.write(
        "templates/list.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1>{{ page.heading }}</h1>\n<p><a href=\"../all.html\">All</a></p>{% endblock main %}\n",
    );
    let stderr = check(&d, &[], 1);
    assert_diagnostic(
        &stderr,
        "content/templates/list.html:3:13",
        "error",
        "broken link '../all.html': the site has no file all.html (on 4 pages, e.g. articles/index.html)",
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

#[test]
fn a_link_to_a_folder_or_an_absolute_path_is_an_error() {
    let d = clean_sample();
    d.write(
        "countries/rohan.md",
        "+++\nname = \"Rohan\"\naliases = [\"Edoras\"]\n+++\nSee [everyone](../people/) and [home](/index.html).\n",
    );
    let stderr = check(&d, &[], 1);
    assert_diagnostic(
        &stderr,
        "content/countries/rohan.md:5:16",
        "error",
        "link '../people/' names a folder, not a file",
    );
    assert_diagnostic(
        &stderr,
        "content/countries/rohan.md:5:39",
        "error",
        "link '/index.html' is not relative",
    );
}

#[test]
fn an_entity_nothing_mentions_is_a_warning_at_its_name() {
    let d = Dossier::sample(); // Éowyn: no article names or tags her
    let stderr = check(&d, &[], 0);
    let diagnostic = assert_diagnostic(
        &stderr,
        "content/people/eowyn.md:2:8",
        "warning",
        "nothing mentions the person 'Éowyn'",
    );
    assert!(diagnostic.contains("people = [\"eowyn\"]"), "{diagnostic}");
    assert!(stderr.contains(": 0 errors, 1 warning"), "{stderr}");
}

#[test]
fn an_article_that_mentions_nothing_is_a_warning() {
    let d = clean_sample();
    d.write(
        "articles/weather.md",
        "+++\ntitle = \"Weather\"\nsource = \"Post\"\npublished = \"3019\"\n+++\nRain all week.\n",
    );
    let stderr = check(&d, &[], 0);
    assert_diagnostic(
        &stderr,
        "content/articles/weather.md:1:1",
        "warning",
        "the article 'Weather' mentions no person, country or event, and is tagged with none",
    );
}

#[test]
fn an_event_without_sources_is_a_warning_naming_the_articles_that_mention_it() {
    let d = clean_sample();
    d.write(
        "events/council.md",
        "+++\ntitle = \"Council at Edoras\"\ndate = \"3018-10\"\n+++\n",
    );
    let stderr = check(&d, &[], 0);
    let diagnostic = assert_diagnostic(
        &stderr,
        "content/events/council.md:2:9",
        "warning",
        "the event 'Council at Edoras' has no sources",
    );
    assert!(
        diagnostic.contains("these articles mention or tag it: sources = [\"letter\"]"),
        "{diagnostic}"
    );
}

#[test]
fn a_near_miss_of_a_known_name_is_a_warning_at_its_exact_place() {
    let d = clean_sample();
    d.write(
        "articles/rumour.md",
        "+++\ntitle = \"Rumour\"\nsource = \"Post\"\npublished = \"3019\"\n+++\n\
         Aragorn spoke in Minas-Tirith.\nThen Theoden and STRIDER left; Strider's friends\nstayed in `Minas-Tirith` code.\n",
    );
    let stderr = check(&d, &[], 0);
    assert_diagnostic(
        &stderr,
        "content/articles/rumour.md:6:18",
        "warning",
        "'Minas-Tirith' is not a name of any entity, so it is not linked (did you mean 'Minas Tirith'?)",
    );
    let diagnostic = assert_diagnostic(
        &stderr,
        "content/articles/rumour.md:7:6",
        "warning",
        "'Theoden' is not a name of any entity, so it is not linked (did you mean 'Théoden'?)",
    );
    assert!(
        diagnostic.contains("add it to `aliases` in content/people/theoden.md"),
        "{diagnostic}"
    );
    assert_diagnostic(
        &stderr,
        "content/articles/rumour.md:7:18",
        "warning",
        "(did you mean 'Strider'?)",
    );
    assert_eq!(
        stderr.matches("warning:").count(),
        3,
        "not in code:\n{stderr}"
    );
}

#[test]
fn deny_warnings_makes_a_warning_fail_the_check() {
    let d = Dossier::sample();
    check(&d, &[], 0);
    let stderr = check(&d, &["--deny-warnings"], 1);
    assert!(
        stderr.contains("warnings denied by --deny-warnings"),
        "{stderr}"
    );
}

#[test]
fn content_errors_are_those_of_a_build_and_every_one_is_reported() {
    let d = Dossier::sample();
    d.write(
        "people/faramir.md",
        "+++\nname = \"Faramir\"\ncountry = \"gondr\"\n+++\n[[Boromir]]\n",
    );
    let stderr = check(&d, &[], 1);
    assert_diagnostic(
        &stderr,
        "content/people/faramir.md:3:11",
        "error",
        "unknown country 'gondr' (did you mean 'gondor'?)",
    );
    assert_diagnostic(
        &stderr,
        "content/people/faramir.md:5:1",
        "error",
        "unknown wikilink target '[[Boromir]]'",
    );
    assert!(
        stderr.contains("check failed: 2 errors") && stderr.contains("links are checked once"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let d = Dossier::sample();
    check(&d, &["--no-such-flag"], 2);
}
