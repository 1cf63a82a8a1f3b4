//! `dossier new` and `dossier init`: content files with their front matter
//! filled in, never written over an existing file.
//!
//! 1. `new`: the slug from the title (transliterated, lowercase, hyphens),
//!    the file `content/FOLDER/SLUG.md` refused if it or the slug exists,
//!    then the kind's front matter: required fields filled, optional ones
//!    commented, dates today (`SOURCE_DATE_EPOCH` when set).
//! 2. `init`: `content/` with `dossier.toml` and one example of each kind,
//!    which builds and checks without a warning.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{did_you_mean, Diagnostic, Severity};
use crate::model::Kind;

/// Why nothing was written.
#[derive(Debug)]
pub enum ScaffoldError {
    /// The command was asked something it cannot do (exit status 2).
    Usage(String),
    /// The content folder stands in the way (exit status 1).
    Refused(Diagnostic),
}

/// What `dossier new` is asked to write.
#[derive(Clone, Debug)]
pub struct NewFile {
    pub kind: Kind,
    pub title: String,
    /// An article's publication.
    pub source: Option<String>,
    /// A note's article (slug) and quoted passage.
    pub article: Option<String>,
    pub quote: Option<String>,
}

/// Writes a new content file into `content`; its path.
pub fn new_file(content: &Path, request: &NewFile, today: &str) -> Result<PathBuf, ScaffoldError> {
    let slug = slugify(&request.title);
    if slug.is_empty() {
        return Err(ScaffoldError::Usage(format!(
            "the title '{}' has no letters or digits to make a file name from",
            request.title
        )));
    }
    if !content.is_dir() {
        return Err(refused(
            content,
            "content folder not found",
            "run `dossier init` to start a dossier, or name the folder with --content",
        ));
    }
    let text = match request.kind {
        Kind::Article => article(request, today),
        Kind::Person => person(&request.title),
        Kind::Country => country(&request.title),
        Kind::Event => event(&request.title, today),
        Kind::Note => note(content, request, today)?,
    };
    let path = content
        .join(request.kind.folder())
        .join(format!("{slug}.md"));
    if path.exists() {
        return Err(refused(
            &path,
            "the file exists already: refusing to write over it",
            "choose another title, or edit the file",
        ));
    }
    for kind in Kind::ALL {
        let other = content.join(kind.folder()).join(format!("{slug}.md"));
        if other.exists() {
            return Err(refused(
                &path,
                &format!(
                    "slug '{slug}' is already used by {}: a slug names one thing in the whole dossier",
                    other.display()
                ),
                "choose another title",
            ));
        }
    }
    write_new(&path, &text)?;
    Ok(path)
}

/// Starts a dossier: `DIR/content/` with `dossier.toml` and one example of
/// each kind; refused if `DIR/content` exists and is not empty. The files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let content = if dir == Path::new(".") {
        PathBuf::from("content")
    } else {
        dir.join("content")
    };
    let occupied = fs::read_dir(&content).is_ok_and(|mut entries| entries.next().is_some());
    if occupied || content.is_file() {
        return Err(refused(
            &content,
            "the folder exists and is not empty: refusing to write into it",
            "run `dossier init` in an empty folder, or name a new one: `dossier init my-dossier`",
        ));
    }
    let mut written = Vec::new();
    for (relative, text) in EXAMPLE {
        let path = content.join(relative);
        write_new(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// The example dossier: every kind, aliases in two spellings, a wikilink, a
/// note on a passage, an event with its source.
const EXAMPLE: [(&str, &str); 6] = [
    ("dossier.toml", include_str!("example/dossier.toml")),
    (
        "articles/minister-arrives-2024.md",
        include_str!("example/article.md"),
    ),
    ("people/anna-kovar.md", include_str!("example/person.md")),
    ("countries/ruritania.md", include_str!("example/country.md")),
    (
        "events/kovar-visits-zenda-2024.md",
        include_str!("example/event.md"),
    ),
    ("notes/a-new-beginning.md", include_str!("example/note.md")),
];

/// A file name from a title: `Han Sŏl-mi` → `han-sol-mi`.
pub fn slugify(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Today as `YYYY-MM-DD`: the day of `SOURCE_DATE_EPOCH` when set, else the local date.
pub fn today() -> String {
    let from_epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0));
    match from_epoch {
        Some(time) => time.date_naive().format("%Y-%m-%d").to_string(),
        None => chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
    }
}

/// A TOML string literal.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn article(request: &NewFile, today: &str) -> String {
    let source = request.source.as_deref().unwrap_or("Unknown");
    format!(
        r#"+++
title = {title}
source = {source}  # required: the publication, e.g. "Agence France-Presse"
published = "{today}"  # required: "YYYY", "YYYY-MM" or "YYYY-MM-DD"
retrieved = "{today}"  # when it was collected
# author = "..."
# url = "https://..."  # the original's address
# summary = "..."
# countries = ["country-slug"]  # tags by slug, added to what the text mentions
# people = ["person-slug"]
# events = ["event-slug"]
+++
The article's text as published, one paragraph per block.
"#,
        title = quoted(&request.title),
        source = quoted(source),
    )
}

fn person(name: &str) -> String {
    format!(
        r#"+++
name = {name}
# aliases = ["Other Spelling"]  # every other way the sources write the name
# country = "country-slug"
# roles = ["Role (year)"]
+++
"#,
        name = quoted(name)
    )
}

fn country(name: &str) -> String {
    format!(
        r#"+++
name = {name}
# aliases = ["Capital", "Abbreviation"]  # other names the sources use for it
+++
"#,
        name = quoted(name)
    )
}

fn event(title: &str, today: &str) -> String {
    format!(
        r#"+++
title = {title}
date = "{today}"  # required: "YYYY", "YYYY-MM" or "YYYY-MM-DD"
# end = "YYYY-MM-DD"  # not before date
# place = "..."
# countries = ["country-slug"]
# people = ["person-slug"]
# sources = ["article-slug"]  # the articles that report it
# aliases = ["Other Name"]  # names the articles use for it
+++
"#,
        title = quoted(title)
    )
}

fn note(content: &Path, request: &NewFile, today: &str) -> Result<String, ScaffoldError> {
    let (Some(article), Some(quote)) = (&request.article, &request.quote) else {
        return Err(ScaffoldError::Usage(
            "a note annotates a passage of one article: give --article SLUG and --quote TEXT"
                .to_string(),
        ));
    };
    let articles = content.join(Kind::Article.folder());
    if !articles.join(format!("{article}.md")).is_file() {
        let known: Vec<String> = fs::read_dir(&articles)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".md").map(str::to_string)
            })
            .collect();
        let suggestion = did_you_mean(article, known.iter().map(String::as_str))
            .map(|close| format!(" (did you mean '{close}'?)"))
            .unwrap_or_default();
        return Err(ScaffoldError::Usage(format!(
            "unknown article '{article}'{suggestion}: --article takes the slug of a file in {}",
            articles.display()
        )));
    }
    Ok(format!(
        r#"+++
article = {article}
quote = {quote}  # a passage of the article's text, found exactly once
date = "{today}"
# author = "..."
+++
"#,
        article = quoted(article),
        quote = quoted(quote)
    ))
}

fn refused(path: &Path, message: &str, help: &str) -> ScaffoldError {
    ScaffoldError::Refused(Diagnostic::for_file(Severity::Error, path, message).with_help(help))
}

/// Creates `path` (and its folder), failing if it exists.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let fail = |e: std::io::Error| {
        ScaffoldError::Refused(Diagnostic::for_file(
            Severity::Error,
            path,
            format!("cannot write the file: {e}"),
        ))
    };
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder).map_err(fail)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_transliterate_and_join_words_with_single_hyphens() {
        assert_eq!(slugify("Han Sŏl-mi"), "han-sol-mi");
        assert_eq!(slugify("  Kharkül: visit (2024)! "), "kharkul-visit-2024");
        assert_eq!(slugify("Moskva — Москва"), "moskva-moskva");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn today_honours_source_date_epoch_format() {
        let today = today();
        assert_eq!(today.len(), 10);
        assert_eq!(&today[4..5], "-");
    }
}
