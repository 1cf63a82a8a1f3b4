//! The 1,000-article synthetic corpus of `gen_corpus.py`: it builds, and every
//! link of the site leads to a page and an anchor that exist. No timings here;
//! speed is measured by `cargo bench` and the bench scripts.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_copied_templates_render_the_same_site, broken_links, Dossier};

/// The corpus generator: `bench/gen_corpus.py` in the repository, or the
/// shared copy in a `shared/bench/` beside the repository or one of its parents.
fn generator() -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let in_repo = repo.join("bench/gen_corpus.py");
    if in_repo.is_file() {
        return in_repo;
    }
    repo.ancestors()
        .map(|dir| dir.join("shared/bench/gen_corpus.py"))
        .find(|path| path.is_file())
        .expect("gen_corpus.py: neither bench/ nor a shared/bench/ beside the repository")
}

#[test]
fn the_1k_corpus_builds_with_every_link_whole() {
    let dossier = Dossier {
        dir: tempfile::tempdir().unwrap(),
    };
    let generated = Command::new("python3")
        .arg(generator())
        .args(["--articles", "1000", "--seed", "1", "--format", "dossier"])
        .arg("--out")
        .arg(dossier.dir.path())
        .status()
        .expect("python3 runs");
    assert!(generated.success(), "gen_corpus.py failed");
    let site = dossier.build();
    let articles = std::fs::read_dir(site.root.join("articles"))
        .unwrap()
        .filter(|entry| entry.as_ref().unwrap().file_name() != "index.html")
        .count();
    assert_eq!(articles, 1000, "one page per article");
    let broken = broken_links(&site.root);
    assert!(
        broken.is_empty(),
        "{} broken links, the first: {:#?}",
        broken.len(),
        &broken[..broken.len().min(20)]
    );
    // The pages dossier writes in Rust match their templates on every kind
    // of content the generator makes.
    assert_copied_templates_render_the_same_site(&dossier);
}
