//! Each kind of content error: exit status 1, the file, line and column, a
//! clear message, and every error of the run reported together.

mod common;

use common::Dossier;

/// Builds, expecting failure, and returns stderr.
fn failing_build(dossier: &Dossier) -> String {
    let run = dossier.run(&["build"]);
    assert_eq!(
        run.status, 1,
        "expected content errors, got:\n{}",
        run.stderr
    );
    assert!(!dossier.output().exists(), "nothing is written");
    run.stderr
}

/// Asserts a diagnostic line `LOCATION: error: …MESSAGE…`.
fn assert_error(stderr: &str, location: &str, message: &str) {
    let wanted = format!("{location}: error: ");
    let line = stderr
        .lines()
        .find(|l| l.starts_with(&wanted))
        .unwrap_or_else(|| panic!("no error at {location} in:\n{stderr}"));
    assert!(line.contains(message), "{line:?} should say {message:?}");
}

#[test]
fn missing_front_matter() {
    let d = Dossier::sample();
    d.write("people/nobody.md", "name = \"Nobody\"\n");
    assert_error(
        &failing_build(&d),
        "content/people/nobody.md:1:1",
        "missing front matter",
    );
}

#[test]
fn unterminated_front_matter() {
    let d = Dossier::sample();
    d.write("people/nobody.md", "+++\nname = \"Nobody\"\n\nText.\n");
    assert_error(
        &failing_build(&d),
        "content/people/nobody.md:1:1",
        "unterminated front matter",
    );
}

#[test]
fn invalid_toml_points_at_the_mistake() {
    let d = Dossier::sample();
    d.write(
        "people/nobody.md",
        "+++\nname = \"Nobody\"\nroles = [\"a\",\n+++\n",
    );
    let stderr = failing_build(&d);
    assert!(
        stderr.contains("content/people/nobody.md:4:")
            || stderr.contains("content/people/nobody.md:3:"),
        "{stderr}"
    );
    assert!(stderr.contains("invalid front matter"), "{stderr}");
}

#[test]
fn unknown_field_is_an_error_at_its_line() {
    let d = Dossier::sample();
    d.write(
        "people/nobody.md",
        "+++\nname = \"Nobody\"\nnickname = \"N\"\n+++\n",
    );
    assert_error(
        &failing_build(&d),
        "content/people/nobody.md:3:1",
        "unknown field `nickname`",
    );
}

#[test]
fn missing_required_field() {
    let d = Dossier::sample();
    d.write(
        "articles/untitled.md",
        "+++\nsource = \"Post\"\npublished = \"2020\"\n+++\nText.\n",
    );
    assert_error(
        &failing_build(&d),
        "content/articles/untitled.md:1:1",
        "missing required field 'title'",
    );
}

#[test]
fn bad_date() {
    let d = Dossier::sample();
    d.write(
        "events/later.md",
        "+++\ntitle = \"Later\"\ndate = \"3019-5-1\"\n+++\n",
    );
    assert_error(
        &failing_build(&d),
        "content/events/later.md:3:8",
        "invalid date '3019-5-1'",
    );
}

#[test]
fn impossible_date() {
    let d = Dossier::sample();
    d.write(
        "events/later.md",
        "+++\ntitle = \"Later\"\ndate = \"3019-02-30\"\n+++\n",
    );
    assert_error(
        &failing_build(&d),
        "content/events/later.md:3:8",
        "has no day 30",
    );
}

#[test]
fn end_before_date() {
    let d = Dossier::sample();
    d.write(
        "events/later.md",
        "+++\ntitle = \"Later\"\ndate = \"3019-05\"\nend = \"3019-04-30\"\n+++\n",
    );
    assert_error(
        &failing_build(&d),
        "content/events/later.md:4:7",
        "'end' (3019-04-30) is before 'date' (3019-05)",
    );
}

#[test]
fn unknown_slug_with_a_suggestion() {
    let d = Dossier::sample();
    d.write(
        "people/faramir.md",
        "+++\nname = \"Faramir\"\ncountry = \"gondr\"\n+++\n",
    );
    assert_error(
        &failing_build(&d),
        "content/people/faramir.md:3:11",
        "unknown country 'gondr' (did you mean 'gondor'?)",
    );
}

#[test]
fn slug_of_the_wrong_kind() {
    let d = Dossier::sample();
    d.write(
        "people/faramir.md",
        "+++\nname = \"Faramir\"\ncountry = \"aragorn\"\n+++\n",
    );
    assert_error(
        &failing_build(&d),
        "content/people/faramir.md:3:11",
        "'aragorn' is a person, not a country",
    );
}

#[test]
fn bad_slug_file_name() {
    let d = Dossier::sample();
    d.write("people/Bad_Name.md", "+++\nname = \"Bad\"\n+++\n");
    assert_error(
        &failing_build(&d),
        "content/people/Bad_Name.md:1:1",
        "bad file name",
    );
}

#[test]
fn non_utf8_file_points_at_the_first_bad_byte() {
    let d = Dossier::sample();
    d.write_bytes("people/latin.md", b"+++\nname = \"Lat\xe9n\"\n+++\n");
    assert_error(
        &failing_build(&d),
        "content/people/latin.md:2:12",
        "not valid UTF-8",
    );
}

#[test]
fn quote_not_found() {
    let d = Dossier::sample();
    d.write(
        "notes/wrong.md",
        "+++\narticle = \"chronicle\"\nquote = \"never written\"\n+++\nHmm.\n",
    );
    assert_error(
        &failing_build(&d),
        "content/notes/wrong.md:3:9",
        "the quote is not in article 'chronicle'",
    );
}

#[test]
fn quote_across_two_paragraphs_is_not_found() {
    let d = Dossier::sample();
    d.write(
        "notes/wrong.md",
        "+++\narticle = \"chronicle\"\nquote = \"stood by. Envoys\"\n+++\nHmm.\n",
    );
    assert_error(
        &failing_build(&d),
        "content/notes/wrong.md:3:9",
        "the quote is not in article 'chronicle'",
    );
}

#[test]
fn quote_found_twice() {
    let d = Dossier::sample();
    d.write(
        "notes/vague.md",
        "+++\narticle = \"chronicle\"\nquote = \"Gondor\"\n+++\nHmm.\n",
    );
    assert_error(
        &failing_build(&d),
        "content/notes/vague.md:3:9",
        "the quote occurs 3 times in article 'chronicle' (in p2, p3)",
    );
}

#[test]
fn note_on_an_unknown_article() {
    let d = Dossier::sample();
    d.write(
        "notes/lost.md",
        "+++\narticle = \"chronicl\"\nquote = \"x\"\n+++\n",
    );
    assert_error(
        &failing_build(&d),
        "content/notes/lost.md:2:11",
        "unknown article 'chronicl' (did you mean 'chronicle'?)",
    );
}

#[test]
fn unknown_wikilink() {
    let d = Dossier::sample();
    d.write(
        "people/faramir.md",
        "+++\nname = \"Faramir\"\n+++\nBrother of\n[[Boromir]].\n",
    );
    assert_error(
        &failing_build(&d),
        "content/people/faramir.md:5:1",
        "unknown wikilink target '[[Boromir]]'",
    );
}

#[test]
fn ambiguous_wikilink() {
    let d = Dossier::sample();
    // An article titled like a person: the name alone cannot say which.
    d.write(
        "articles/aragorn-profile.md",
        "+++\ntitle = \"Aragorn\"\nsource = \"Post\"\npublished = \"3019\"\n+++\nA profile.\n",
    );
    d.write(
        "people/faramir.md",
        "+++\nname = \"Faramir\"\n+++\nServed [[Aragorn]].\n",
    );
    let stderr = failing_build(&d);
    assert_error(
        &stderr,
        "content/people/faramir.md:4:8",
        "ambiguous wikilink '[[Aragorn]]'",
    );
    assert!(
        stderr.contains("content/people/aragorn.md")
            && stderr.contains("content/articles/aragorn-profile.md"),
        "{stderr}"
    );
}

#[test]
fn alias_claimed_by_two_entities_names_both_files() {
    let d = Dossier::sample();
    d.write(
        "people/denethor.md",
        "+++\nname = \"Denethor\"\naliases = [\"Minas Tirith\"]\n+++\n",
    );
    let stderr = failing_build(&d);
    let line = stderr
        .lines()
        .find(|l| l.contains("error: the name 'Minas Tirith' is claimed by"))
        .expect(&stderr);
    assert!(
        line.starts_with("content/countries/gondor.md:3:12:")
            && line.ends_with("by this country and by content/people/denethor.md")
            || line.starts_with("content/people/denethor.md:3:12:")
                && line.ends_with("by this person and by content/countries/gondor.md"),
        "{line}"
    );
}

#[test]
fn slug_used_in_two_folders() {
    let d = Dossier::sample();
    d.write(
        "events/rohan.md",
        "+++\ntitle = \"Ride of Rohan\"\ndate = \"3019\"\n+++\n",
    );
    let stderr = failing_build(&d);
    let first = "content/countries/rohan.md";
    let second = "content/events/rohan.md";
    assert!(
        stderr.contains(&format!(
            "{second}:1:1: error: slug 'rohan' is already used by {first}"
        )) || stderr.contains(&format!(
            "{first}:1:1: error: slug 'rohan' is already used by {second}"
        )),
        "{stderr}"
    );
}

#[test]
fn missing_base_url() {
    let d = Dossier::sample();
    d.write("dossier.toml", "title = \"No URL\"\n");
    assert_error(
        &failing_build(&d),
        "content/dossier.toml:1:1",
        "missing required field 'base_url'",
    );
}

#[test]
fn relative_base_url() {
    let d = Dossier::sample();
    d.write(
        "dossier.toml",
        "title = \"T\"\nbase_url = \"example.org\"\n",
    );
    assert_error(
        &failing_build(&d),
        "content/dossier.toml:2:12",
        "must be an absolute URL",
    );
}

#[test]
fn every_error_of_a_run_is_reported_with_its_caret() {
    let d = Dossier::sample();
    d.write(
        "people/faramir.md",
        "+++\nname = \"Faramir\"\ncountry = \"gondr\"\n+++\n[[Boromir]]\n",
    );
    d.write(
        "events/later.md",
        "+++\ntitle = \"Later\"\ndate = \"soon\"\n+++\n",
    );
    d.write(
        "notes/vague.md",
        "+++\narticle = \"chronicle\"\nquote = \"Gondor\"\n+++\n",
    );
    d.write("people/broken.md", "+++\nname = \n+++\n");
    let stderr = failing_build(&d);
    for location in [
        "content/events/later.md:3:8",
        "content/notes/vague.md:3:9",
        "content/people/faramir.md:3:11",
        "content/people/faramir.md:5:1",
        "content/people/broken.md:2:",
    ] {
        assert!(
            stderr.contains(location),
            "{location} missing from:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("3 | country = \"gondr\"\n  |           ^^^^^^^"),
        "caret under the slug:\n{stderr}"
    );
    assert!(stderr.contains("build failed: 5 errors"), "{stderr}");
}

#[test]
fn references_to_a_broken_file_are_not_reported_twice() {
    let d = Dossier::sample();
    // aragorn.md fails to parse; the files that name him by slug must not add errors.
    d.write("people/aragorn.md", "+++\nname = \"Aragorn\nbroken\n+++\n");
    let stderr = failing_build(&d);
    assert!(
        stderr.contains("content/people/aragorn.md:3:7: error: invalid front matter"),
        "{stderr}"
    );
    assert!(!stderr.contains("unknown person 'aragorn'"), "{stderr}");
    assert!(!stderr.contains("[[aragorn]]"), "{stderr}");
}

#[test]
fn stray_files_and_folders_are_warnings() {
    let d = Dossier::sample();
    d.write("people/notes.txt", "a text file");
    d.write("drafts/idea.md", "+++\n+++\n");
    let run = d.run(&["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/people/notes.txt:1:1: warning: not a content file, skipped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/drafts:1:1: warning: not a content folder, skipped"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 warnings"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_with_2() {
    let d = Dossier::sample();
    let run = d.run(&["build", "--no-such-flag"]);
    assert_eq!(run.status, 2);
    let run = d.run(&["frobnicate"]);
    assert_eq!(run.status, 2);
}

#[test]
fn missing_content_folder() {
    let d = Dossier::new();
    let run = d.run(&["build", "--content", "nowhere"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr
            .contains("nowhere:1:1: error: content folder not found"),
        "{}",
        run.stderr
    );
}
