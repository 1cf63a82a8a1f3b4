//! The build's stages on a synthetic corpus of `gen_corpus.py` (1,000
//! articles; `DOSSIER_BENCH_ARTICLES=30000` for another size), generated
//! into a temporary folder once per run:
//! loading, mention finding (throughput in bytes of article text), the text
//! stage, analysis, the search index, rendering (into a staging folder) and
//! writing.
//!
//! The search index is benched with the pages' shared data it is built from
//! (`render::search_index`), as the render stage builds both.
//!
//! `cargo bench` runs them all; `cargo bench -- mentions` one of them. The
//! site is written below `$TMPDIR`: set `TMPDIR=/dev/shm` to write to memory,
//! as the measurements do.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use dossier::diagnostics::Diagnostics;
use dossier::model::Corpus;
use dossier::output::Staging;
use dossier::render::{Theme, ARTICLE_ROOT};
use dossier::text::MentionMatcher;
use dossier::{analyse, load, render, resolve, text};

/// As in the `dossier` binary, so that allocation costs what it costs there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The corpus's size unless `DOSSIER_BENCH_ARTICLES` says otherwise: large
/// dossiers have more names to find and colder caches.
fn articles() -> String {
    std::env::var("DOSSIER_BENCH_ARTICLES").unwrap_or_else(|_| "1000".to_string())
}

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

/// Generates the corpus; its `content` folder is in the returned folder.
fn corpus_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let status = Command::new("python3")
        .arg(generator())
        .args([
            "--articles",
            &articles(),
            "--seed",
            "1",
            "--format",
            "dossier",
        ])
        .arg("--out")
        .arg(dir.path())
        .status()
        .expect("python3 runs");
    assert!(status.success(), "gen_corpus.py failed");
    dir
}

fn loaded(content: &Path) -> Corpus {
    let mut diagnostics = Diagnostics::default();
    let corpus = load::load(content, None, &mut diagnostics).expect("content folder");
    assert!(!diagnostics.has_errors(), "the corpus loads without errors");
    corpus
}

fn stages(c: &mut Criterion) {
    let dir = corpus_dir();
    let content = dir.path().join("content");
    let corpus = loaded(&content);
    let mut diagnostics = Diagnostics::default();
    let resolved = resolve::resolve(&corpus, &mut diagnostics);
    let texts = text::process(&corpus, &resolved, ARTICLE_ROOT, &mut diagnostics);
    assert!(
        !diagnostics.has_errors(),
        "the corpus resolves without errors"
    );
    let analysis = analyse::analyse(&corpus, &resolved, &texts);
    let theme = Theme::load(&content).expect("the built-in theme");
    let built = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");

    let mut group = c.benchmark_group("stages");
    group.sample_size(10);

    group.bench_function("load", |b| b.iter(|| loaded(&content)));

    let bodies: Vec<&str> = corpus
        .articles
        .iter()
        .map(|a| corpus.text(&a.body))
        .collect();
    let bytes: usize = bodies.iter().map(|body| body.len()).sum();
    let matcher = MentionMatcher::new(&resolved.names.mention_patterns);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("mentions", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|body| matcher.find(body, 0..body.len()).len())
                .sum::<usize>()
        })
    });
    group.bench_function("text", |b| {
        b.iter(|| {
            let mut diagnostics = Diagnostics::default();
            text::process(&corpus, &resolved, ARTICLE_ROOT, &mut diagnostics)
        })
    });
    group.throughput(Throughput::Elements(corpus.articles.len() as u64));

    group.bench_function("analyse", |b| {
        b.iter(|| analyse::analyse(&corpus, &resolved, &texts))
    });

    group.bench_function("search_index", |b| {
        b.iter(|| render::search_index(&corpus, &resolved, &texts, &analysis, built))
    });

    let out = tempfile::tempdir().expect("a temporary folder");
    let output = out.path().join("public");
    group.bench_function("render", |b| {
        b.iter_batched(
            || Staging::new(&output, &content).expect("a staging folder"),
            |staging| {
                render::render(
                    &corpus, &resolved, &texts, &analysis, built, &theme, &staging,
                )
                .expect("renders");
                staging // removed outside the measurement
            },
            BatchSize::PerIteration,
        )
    });

    // Writing alone: the files of a built site, written again one by one.
    let staging = Staging::new(&output, &content).expect("a staging folder");
    render::render(
        &corpus, &resolved, &texts, &analysis, built, &theme, &staging,
    )
    .expect("renders");
    staging.commit().expect("commits");
    let files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&output)
        .into_iter()
        .map(|entry| entry.expect("readable"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(&output).expect("below");
            let relative = relative.to_string_lossy().into_owned();
            (relative, std::fs::read(entry.path()).expect("readable"))
        })
        .collect();
    let folders: Vec<String> = files
        .iter()
        .filter_map(|(path, _)| path.rsplit_once('/').map(|(folder, _)| folder.to_string()))
        .collect();
    let written: u64 = files.iter().map(|(_, bytes)| bytes.len() as u64).sum();
    group.throughput(Throughput::Bytes(written));
    group.bench_function("write", |b| {
        b.iter_batched(
            || {
                let staging = Staging::new(&output, &content).expect("a staging folder");
                for folder in &folders {
                    staging.create_dir(folder).expect("creates");
                }
                staging
            },
            |staging| {
                for (path, bytes) in &files {
                    staging.write(path, bytes).expect("writes");
                }
                staging
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
