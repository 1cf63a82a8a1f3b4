//! The built-in theme. dossier writes its most numerous pages (articles,
//! people, countries, events) in Rust while their templates are the
//! built-in ones; copies of those templates in a dossier's `templates/`
//! folder are rendered by Tera instead. Both must give the very same site.

mod common;

use std::path::Path;

use common::{assert_copied_templates_render_the_same_site, files_below, Dossier};

#[test]
fn copies_of_the_built_in_templates_render_the_same_small_site() {
    assert_copied_templates_render_the_same_site(&Dossier::sample());
}

#[test]
fn the_same_with_an_editor_and_no_description() {
    let dossier = Dossier::sample();
    dossier.write(
        "dossier.toml",
        "title = \"Fixture <Dossier> & Co\"\nbase_url = \"https://example.org/fixture/\"\neditor = \"Ann O'Hara\"\nlanguage = \"en-GB\"\n",
    );
    assert_copied_templates_render_the_same_site(&dossier);
}

#[test]
fn the_same_for_the_bundled_dossier() {
    let dossier = Dossier {
        dir: tempfile::tempdir().unwrap(),
    };
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for (relative, bytes) in files_below(&bundled) {
        dossier.write_bytes(&relative, &bytes);
    }
    assert_copied_templates_render_the_same_site(&dossier);
}
