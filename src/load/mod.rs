//! Stage 1, load: a content folder → a [`Corpus`].
//!
//! 1. Walk the folder: `dossier.toml`, then one folder per kind; anything else
//!    is a warning and skipped.
//! 2. Read each file in parallel: UTF-8, `+++` front matter, TOML with spans.
//! 3. Convert raw front matter into model types (`convert`).
//! 4. Check that each slug names one thing in the whole dossier.

mod convert;
mod front_matter;
mod raw;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::{Article, Config, Corpus, Country, Event, Kind, Note, Person, Slug};
use crate::source::{FileId, SourceFile, SourceMap};

pub use convert::check_base_url;

/// Folders of the content folder that hold a theme override rather than content.
pub const THEME_FOLDERS: [&str; 2] = ["templates", "static"];

const CONFIG_FILE: &str = "dossier.toml";

/// Loads and validates every file of `content`, reporting every problem in
/// `diagnostics`. The corpus holds the files that loaded, so that later stages
/// can still check them; `None` only if there is no content folder.
pub fn load(
    content: &Path,
    base_url: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> Option<Corpus> {
    if !content.is_dir() {
        diagnostics.push(Diagnostic::for_file(
            Severity::Error,
            content,
            "content folder not found",
        ));
        return None;
    }
    let files = find_content_files(content, diagnostics);
    let mut sources = SourceMap::default();
    let config = load_config(
        &content.join(CONFIG_FILE),
        base_url,
        &mut sources,
        diagnostics,
    );
    let first_id = sources.len();
    let loaded: Vec<LoadedFile> = files
        .par_iter()
        .enumerate()
        .map(|(i, (kind, path))| load_file(*kind, path, FileId((first_id + i) as u32)))
        .collect();
    // Sized at once: this gathering runs on one core.
    let of_kind = |kind| files.iter().filter(|(k, _)| *k == kind).count();
    let mut corpus = Corpus {
        // Without a valid dossier.toml the build fails, but the files are
        // still checked, so a placeholder stands in.
        config: config.unwrap_or_else(Config::placeholder),
        failed_slugs: HashSet::new(),
        sources: SourceMap::default(),
        articles: Vec::with_capacity(of_kind(Kind::Article)),
        people: Vec::with_capacity(of_kind(Kind::Person)),
        countries: Vec::with_capacity(of_kind(Kind::Country)),
        events: Vec::with_capacity(of_kind(Kind::Event)),
        notes: Vec::with_capacity(of_kind(Kind::Note)),
    };
    sources.reserve(loaded.len());
    for file in loaded {
        diagnostics.extend(file.diagnostics);
        match file.content {
            Some(Content::Article(a)) => corpus.articles.push(a),
            Some(Content::Person(p)) => corpus.people.push(p),
            Some(Content::Country(c)) => corpus.countries.push(c),
            Some(Content::Event(e)) => corpus.events.push(e),
            Some(Content::Note(n)) => corpus.notes.push(n),
            None => {
                if let Ok(slug) = slug_of(&file.source.path) {
                    corpus.failed_slugs.insert(slug.to_string());
                }
            }
        }
        sources.add(file.source);
    }
    corpus.sources = sources;
    check_unique_slugs(&corpus, diagnostics);
    Some(corpus)
}

/// The `.md` files of each kind's folder, in a stable order; warnings for anything else.
fn find_content_files(content: &Path, diagnostics: &mut Diagnostics) -> Vec<(Kind, PathBuf)> {
    // Sorted once at the end by names read once: walkdir's own sorting
    // reads each entry's name from its path at every comparison.
    let mut files = Vec::new();
    let mut folder = None;
    let mut walker = WalkDir::new(content).min_depth(1).into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(content).to_path_buf();
                diagnostics.push(Diagnostic::for_file(
                    Severity::Error,
                    &path,
                    error.to_string(),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        let is_dir = entry.file_type().is_dir();
        if name.starts_with('.') {
            // Hidden files (.git, .DS_Store, .gitkeep) belong to tools, not to the dossier.
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.depth() == 1 {
            // The walk goes down into each folder as it meets it.
            folder = Kind::ALL.into_iter().find(|k| k.folder() == name);
        }
        match (entry.depth(), is_dir, folder) {
            (1, true, Some(_)) => {}
            (1, true, None) if THEME_FOLDERS.contains(&name.as_ref()) => walker.skip_current_dir(),
            (1, false, _) if name == CONFIG_FILE => {}
            (2, false, Some(kind)) if name.ends_with(".md") => {
                let name = entry.file_name().to_owned();
                files.push((kind.folder(), name, kind, entry.into_path()));
            }
            (_, true, _) => {
                walker.skip_current_dir();
                diagnostics.push(skipped(entry.path(), "not a content folder"));
            }
            (_, false, _) => diagnostics.push(skipped(entry.path(), "not a content file")),
        }
    }
    files.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    files
        .into_iter()
        .map(|(_, _, kind, path)| (kind, path))
        .collect()
}

fn skipped(path: &Path, why: &str) -> Diagnostic {
    let expected = Kind::ALL.map(|k| k.folder()).join("/, ");
    Diagnostic::for_file(Severity::Warning, path, format!("{why}, skipped")).with_help(format!(
        "content goes in {CONFIG_FILE} and .md files in {expected}/"
    ))
}

fn load_config(
    path: &Path,
    base_url: Option<&str>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Config> {
    let Ok(bytes) = std::fs::read(path) else {
        diagnostics.push(Diagnostic::for_file(
            Severity::Error,
            path,
            format!("missing {CONFIG_FILE}: a dossier needs a title and a base_url"),
        ));
        return None;
    };
    let (source, utf8_error) = decode(path, bytes);
    let id = FileId(sources.len() as u32);
    let whole = 0..source.text.len();
    let mut cx = convert::FileContext {
        file: &source,
        id,
        offset: 0,
        body: whole.clone(),
        diagnostics: utf8_error.into_iter().collect(),
    };
    let config = parse_toml(&source.text[whole], &mut cx)
        .and_then(|raw| convert::config(raw, base_url, &mut cx));
    diagnostics.extend(cx.diagnostics);
    sources.add(source);
    config
}

/// One article file read again (by `dossier serve`, after an edit to it), as
/// [`load`] reads it: its text under `id`, the article or `None`, and the
/// file's diagnostics.
pub fn reload_article(path: &Path, id: FileId) -> (SourceFile, Option<Article>, Vec<Diagnostic>) {
    let file = load_file(Kind::Article, path, id);
    let article = match file.content {
        Some(Content::Article(article)) => Some(article),
        _ => None,
    };
    (file.source, article, file.diagnostics)
}

enum Content {
    Article(Article),
    Person(Person),
    Country(Country),
    Event(Event),
    Note(Note),
}

struct LoadedFile {
    source: SourceFile,
    content: Option<Content>,
    diagnostics: Vec<Diagnostic>,
}

fn load_file(kind: Kind, path: &Path, id: FileId) -> LoadedFile {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return LoadedFile {
                source: SourceFile::new(path.to_path_buf(), String::new()),
                content: None,
                diagnostics: vec![Diagnostic::for_file(
                    Severity::Error,
                    path,
                    error.to_string(),
                )],
            }
        }
    };
    let (source, utf8_error) = decode(path, bytes);
    if let Some(error) = utf8_error {
        return LoadedFile {
            source,
            content: None,
            diagnostics: vec![error],
        };
    }
    let (content, diagnostics) = parse_content(kind, &source, id);
    LoadedFile {
        source,
        content,
        diagnostics,
    }
}

/// The text of a file, and an error at the first byte that is not UTF-8.
fn decode(path: &Path, bytes: Vec<u8>) -> (SourceFile, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile::new(path.to_path_buf(), text), None),
        Err(error) => {
            let bad = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = SourceFile::new(path.to_path_buf(), text);
            let lossy_offset = String::from_utf8_lossy(&error.as_bytes()[..bad]).len();
            let diagnostic = Diagnostic::error_at(
                &file,
                lossy_offset..lossy_offset + 1,
                "the file is not valid UTF-8: save it as UTF-8",
            );
            (file, Some(diagnostic))
        }
    }
}

fn parse_content(
    kind: Kind,
    source: &SourceFile,
    id: FileId,
) -> (Option<Content>, Vec<Diagnostic>) {
    let file_error =
        |message: String| vec![Diagnostic::for_file(Severity::Error, &source.path, message)];
    let parts = match front_matter::split(&source.text) {
        Ok(parts) => parts,
        Err(error) => return (None, file_error(error.message().to_string())),
    };
    let slug = slug_of(&source.path).map_err(file_error);
    let mut cx = convert::FileContext {
        file: source,
        id,
        offset: parts.front_matter.start,
        body: parts.body,
        diagnostics: Vec::new(),
    };
    let toml = &source.text[parts.front_matter];
    let slug_ok = slug.as_ref().ok().cloned();
    let content = match kind {
        Kind::Article => parse_as(toml, slug_ok, &mut cx, convert::article, Content::Article),
        Kind::Person => parse_as(toml, slug_ok, &mut cx, convert::person, Content::Person),
        Kind::Country => parse_as(toml, slug_ok, &mut cx, convert::country, Content::Country),
        Kind::Event => parse_as(toml, slug_ok, &mut cx, convert::event, Content::Event),
        Kind::Note => parse_as(toml, slug_ok, &mut cx, convert::note, Content::Note),
    };
    let mut diagnostics = cx.diagnostics;
    if let Err(slug_errors) = slug {
        diagnostics.extend(slug_errors);
    }
    (content, diagnostics)
}

/// Parses the front matter of one kind and converts it to its model type.
fn parse_as<R: DeserializeOwned, T>(
    toml_text: &str,
    slug: Option<Slug>,
    cx: &mut convert::FileContext,
    convert: fn(Option<Slug>, R, &mut convert::FileContext) -> Option<T>,
    wrap: fn(T) -> Content,
) -> Option<Content> {
    let raw = parse_toml(toml_text, cx)?;
    convert(slug, raw, cx).map(wrap)
}

fn slug_of(path: &Path) -> Result<Slug, String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    Slug::parse(&stem).map_err(|why| format!("bad file name: {why}"))
}

/// Parses front matter TOML; a syntax or type error is reported at its position.
fn parse_toml<T: DeserializeOwned>(toml_text: &str, cx: &mut convert::FileContext) -> Option<T> {
    match toml::from_str(toml_text) {
        Ok(value) => Some(value),
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            let message = error.message().trim().to_string();
            cx.diagnostics.push(Diagnostic::error_at(
                cx.file,
                span.start + cx.offset..span.end + cx.offset,
                format!("invalid front matter: {message}"),
            ));
            None
        }
    }
}

/// A slug names one thing in the whole dossier.
fn check_unique_slugs(corpus: &Corpus, diagnostics: &mut Diagnostics) {
    let slugs = corpus
        .articles
        .iter()
        .map(|a| (&a.slug, a.body.file))
        .chain(corpus.people.iter().map(|p| (&p.slug, p.body.file)))
        .chain(corpus.countries.iter().map(|c| (&c.slug, c.body.file)))
        .chain(corpus.events.iter().map(|e| (&e.slug, e.body.file)))
        .chain(corpus.notes.iter().map(|n| (&n.slug, n.body.file)));
    // A fast hash: this runs on one core, over every file of the dossier.
    let files = corpus.sources.len();
    let mut first_seen: foldhash::HashMap<&Slug, FileId> =
        foldhash::HashMap::with_capacity_and_hasher(files, Default::default());
    for (slug, file) in slugs {
        if let Some(first) = first_seen.insert(slug, file) {
            first_seen.insert(slug, first);
            diagnostics.push(Diagnostic::for_file(
                Severity::Error,
                corpus.sources.path(file),
                format!(
                    "slug '{slug}' is already used by {}: a slug names one thing in the whole dossier",
                    corpus.sources.path(first).display()
                ),
            ));
        }
    }
}
