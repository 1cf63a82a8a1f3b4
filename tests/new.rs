//! `dossier new` and `dossier init`: files that build as they are, named
//! from their titles, never written over anything.

mod common;

use std::fs;

use common::{run_in, Dossier};

#[test]
fn new_writes_each_kind_with_its_front_matter_and_the_dossier_still_builds() {
    let d = Dossier::sample();
    let cases: [(&[&str], &str); 5] = [
        (
            &["new", "person", "Pak Myŏng-ho"],
            "content/people/pak-myong-ho.md",
        ),
        (&["new", "country", "Mordor"], "content/countries/mordor.md"),
        (
            &["new", "event", "Battle of the Pelennor Fields"],
            "content/events/battle-of-the-pelennor-fields.md",
        ),
        (
            &[
                "new",
                "article",
                "A “New” Report: Gondor's Riders!",
                "--source",
                "Gazette",
            ],
            "content/articles/a-new-report-gondor-s-riders.md",
        ),
        (
            &[
                "new",
                "note",
                "On the guards",
                "--article",
                "chronicle",
                "--quote",
                "The Gondorian guards",
            ],
            "content/notes/on-the-guards.md",
        ),
    ];
    for (args, path) in cases {
        let run = d.run(args);
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout.trim(), path, "prints the path written");
        assert!(d.dir.path().join(path).is_file(), "{path}");
    }
    let person = fs::read_to_string(d.content().join("people/pak-myong-ho.md")).unwrap();
    assert!(
        person.starts_with("+++\nname = \"Pak Myŏng-ho\"\n"),
        "{person}"
    );
    let event =
        fs::read_to_string(d.content().join("events/battle-of-the-pelennor-fields.md")).unwrap();
    assert!(
        event.contains("date = \"2023-11-14\""),
        "today, from SOURCE_DATE_EPOCH:\n{event}"
    );
    let article =
        fs::read_to_string(d.content().join("articles/a-new-report-gondor-s-riders.md")).unwrap();
    assert!(article.contains("source = \"Gazette\""), "{article}");
    let site = d.build();
    assert!(site.root.join("people/pak-myong-ho.html").is_file());
    assert!(site
        .root
        .join("articles/a-new-report-gondor-s-riders.html")
        .is_file());
}

#[test]
fn new_refuses_to_write_over_a_file_or_reuse_a_slug() {
    let d = Dossier::sample();
    let before = fs::read_to_string(d.content().join("people/aragorn.md")).unwrap();
    let run = d.run(&["new", "person", "Aragorn"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/people/aragorn.md:1:1: error: the file exists already: refusing to write over it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(d.content().join("people/aragorn.md")).unwrap(),
        before
    );
    let run = d.run(&["new", "event", "Rohan"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("slug 'rohan' is already used by"),
        "{}",
        run.stderr
    );
    assert!(!d.content().join("events/rohan.md").exists());
}

#[test]
fn new_with_an_unknown_kind_or_no_usable_title_is_a_usage_error() {
    let d = Dossier::sample();
    assert_eq!(d.run(&["new", "planet", "Arda"]).status, 2);
    assert_eq!(d.run(&["new", "person"]).status, 2);
    let run = d.run(&["new", "person", "!!!"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no letters or digits"),
        "{}",
        run.stderr
    );
}

#[test]
fn new_note_without_an_existing_article_and_a_quote_is_a_usage_error() {
    let d = Dossier::sample();
    let run = d.run(&["new", "note", "Why"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--article SLUG and --quote TEXT"),
        "{}",
        run.stderr
    );
    let run = d.run(&[
        "new",
        "note",
        "Why",
        "--article",
        "chronicl",
        "--quote",
        "x",
    ]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: unknown article 'chronicl' (did you mean 'chronicle'?)"),
        "{}",
        run.stderr
    );
    assert!(!d.content().join("notes/why.md").exists());
}

#[test]
fn init_starts_a_dossier_that_builds_and_checks_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for kind in ["articles", "people", "countries", "events", "notes"] {
        let files = fs::read_dir(dir.path().join("content").join(kind)).unwrap();
        assert_eq!(files.count(), 1, "one example in {kind}/");
    }
    assert!(
        run.stdout.lines().any(|l| l == "content/dossier.toml"),
        "{}",
        run.stdout
    );
    let build = run_in(dir.path(), &["build"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    let summary = build.stderr.trim_end();
    assert!(
        summary.starts_with("built ")
            && summary.contains(" pages (")
            && summary.contains(" files) into public in ")
            && summary.ends_with('s'),
        "the summary line: pages, files, time:\n{}",
        build.stderr
    );
    let check = run_in(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(check.status, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("0 errors, 0 warnings"),
        "{}",
        check.stderr
    );
    // Both spellings of the example person are linked, and the note sits on its article.
    let article = fs::read_to_string(
        dir.path()
            .join("public/articles/minister-arrives-2024.html"),
    )
    .unwrap();
    assert_eq!(
        article
            .matches("class=\"mention\" href=\"../people/anna-kovar.html\"")
            .count(),
        2
    );
    assert!(article.contains("class=\"note\""));
}

#[test]
fn init_writes_into_a_named_folder_and_refuses_a_content_folder_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "nk-mn"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(dir.path().join("nk-mn/content/dossier.toml").is_file());
    assert!(
        run.stderr.contains("cd nk-mn && dossier serve"),
        "{}",
        run.stderr
    );
    let again = run_in(dir.path(), &["init", "nk-mn"]);
    assert_eq!(again.status, 1, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("nk-mn/content:1:1: error: the folder exists and is not empty"),
        "{}",
        again.stderr
    );
}
