//! `dossier check`: every validation of a build, then the rendered site's
//! internal links and anchors, then what an editor wants to know. Writes nothing.
//!
//! 1. Load and analyse the content as a build does (`load_content`,
//!    `analyse_content`): the same errors, at the same places.
//! 2. Render the site into a [`LinkCollector`] instead of a folder: each page
//!    is read as it is rendered and only its ids and links are kept (`links`).
//! 3. Check every link and anchor, and trace each broken one back to the file
//!    that wrote it: the content file whose text holds it, or the user's
//!    template, or else the rendered page.
//! 4. Add the editor's warnings (`warnings`, `near_miss`).

pub mod links;
pub mod near_miss;
pub mod warnings;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Severity};
use crate::model::Target;
use crate::output::Staging;
use crate::progress::Progress;
use crate::source::{FileId, SourceFile};
use crate::{analyse_content, load_content, render_site, urls, Analysed};

pub use links::{BrokenLink, LinkCollector, LinkReport, Problem};

/// What a check found.
#[derive(Debug)]
pub struct CheckReport {
    /// Errors and warnings, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages and internal links checked; `None` if the content had errors, so
    /// no site could be rendered to check.
    pub site: Option<(usize, usize)>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks the dossier in `content`; writes nothing.
pub fn check(content: &Path, progress: &dyn Progress) -> CheckReport {
    let mut diagnostics = Diagnostics::default();
    progress.stage("reading", None);
    let Some(corpus) = load_content(content, None, &mut diagnostics) else {
        return report(diagnostics, None);
    };
    progress.stage("checking", None);
    let Some(analysed) = analyse_content(&corpus, &mut diagnostics) else {
        return report(diagnostics, None);
    };
    let collector = Arc::new(LinkCollector::default());
    let staging = Staging::to_sink(Arc::clone(&collector) as Arc<_>);
    progress.stage("rendering", Some(staging.file_counter()));
    let rendered = render_site(&analysed, content, &staging);
    drop(staging);
    let mut site = None;
    match rendered {
        Err(error) => diagnostics.push(error),
        Ok(_) => {
            progress.stage("checking links", None);
            let collector = Arc::into_inner(collector).expect("the staging is dropped");
            let links = collector.finish();
            site = Some((links.pages, links.links));
            diagnostics.extend(broken_link_diagnostics(&analysed, content, &links));
        }
    }
    progress.stage("looking for near misses", None);
    diagnostics.extend(warnings::editor_warnings(&analysed));
    report(diagnostics, site)
}

fn report(diagnostics: Diagnostics, site: Option<(usize, usize)>) -> CheckReport {
    CheckReport {
        diagnostics: diagnostics.into_sorted(),
        site,
    }
}

/// One error per broken link and the place it was written; a link that a
/// template puts on many pages is one error that counts them.
fn broken_link_diagnostics(
    analysed: &Analysed,
    content: &Path,
    links: &LinkReport,
) -> Vec<Diagnostic> {
    let origins = Origins::new(analysed, content);
    let mut grouped: BTreeMap<(PathBuf, usize, usize, String), Group> = BTreeMap::new();
    for broken in &links.broken {
        let (message, help) = describe(broken, &links.files);
        let (mut diagnostic, origin) = origins.locate(broken, message);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        let key = (
            diagnostic.path.clone(),
            diagnostic.line,
            diagnostic.column,
            diagnostic.message.clone(),
        );
        grouped
            .entry(key)
            .or_insert_with(|| Group {
                diagnostic,
                origin,
                pages: Vec::new(),
            })
            .pages
            .push(&broken.page);
    }
    grouped
        .into_values()
        .map(|group| {
            let Group {
                mut diagnostic,
                origin,
                pages,
            } = group;
            if pages.len() > 1 {
                diagnostic.message += &format!(" (on {} pages, e.g. {})", pages.len(), pages[0]);
            } else if origin == Origin::Template {
                diagnostic.message += &format!(" (on {})", pages[0]);
            }
            diagnostic
        })
        .collect()
}

/// One broken link as written, and the pages it is on.
struct Group<'a> {
    diagnostic: Diagnostic,
    origin: Origin,
    pages: Vec<&'a str>,
}

/// The message and help for a broken link.
fn describe(broken: &BrokenLink, files: &[String]) -> (String, Option<String>) {
    let href = &broken.href;
    match &broken.problem {
        Problem::NotRelative => (
            format!("link '{href}' is not relative: it breaks under a sub-path and from file://"),
            Some("write it relative to the page, e.g. '../people/slug.html'".to_string()),
        ),
        Problem::OutsideSite => (
            format!("broken link '{href}': it climbs out of the site"),
            None,
        ),
        Problem::Folder(folder) => (
            format!("link '{href}' names a folder, not a file: it breaks from file://"),
            Some(format!(
                "link to the page itself: '{}index.html'",
                if folder.is_empty() {
                    String::new()
                } else {
                    format!("{}/", href.trim_end_matches('/'))
                }
            )),
        ),
        Problem::NoFile(path) => {
            let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
            let siblings = files
                .iter()
                .filter(|f| f.rsplit_once('/').map_or("", |(f, _)| f) == folder)
                .map(String::as_str);
            let suggestion = did_you_mean(path, siblings)
                .map(|close| format!(" (did you mean '{close}'?)"))
                .unwrap_or_default();
            (
                format!("broken link '{href}': the site has no file {path}{suggestion}"),
                None,
            )
        }
        Problem::NoAnchor { file, fragment } => (
            format!("broken link '{href}': {file} has no anchor '#{fragment}'"),
            None,
        ),
    }
}

/// Which files can have written what is on each page.
struct Origins<'a> {
    analysed: &'a Analysed<'a>,
    /// Page path → content files whose text is shown on it.
    pages: HashMap<String, Vec<FileId>>,
    /// The user's own templates.
    templates: Vec<SourceFile>,
}

impl<'a> Origins<'a> {
    fn new(analysed: &'a Analysed<'a>, content: &Path) -> Origins<'a> {
        let corpus = analysed.corpus;
        let mut pages: HashMap<String, Vec<FileId>> = HashMap::new();
        let articles = (0..corpus.articles.len()).map(Target::Article);
        for target in articles.chain(corpus.entities()) {
            let mut files = vec![corpus.body(target).file];
            let notes: Vec<usize> = match target {
                Target::Article(a) => (0..corpus.notes.len())
                    .filter(|&n| analysed.resolved.note_article[n] == Some(a))
                    .collect(),
                _ => analysed.analysis.backlinks(target).notes.clone(),
            };
            files.extend(notes.iter().map(|&n| corpus.notes[n].body.file));
            pages.insert(urls::page_path(corpus, target), files);
        }
        let dir = content.join("templates");
        let templates = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let text = std::fs::read_to_string(e.path()).ok()?;
                Some(SourceFile::new(e.into_path(), text))
            })
            .collect();
        Origins {
            analysed,
            pages,
            templates,
        }
    }

    /// An error at the place `broken` was written, as far as it can be found.
    fn locate(&self, broken: &BrokenLink, message: String) -> (Diagnostic, Origin) {
        let sources = &self.analysed.corpus.sources;
        let content_files = self
            .pages
            .get(&broken.page)
            .into_iter()
            .flatten()
            .map(|&id| (sources.get(id), Origin::Content));
        let templates = self.templates.iter().map(|t| (t, Origin::Template));
        for (file, origin) in content_files.chain(templates) {
            if let Some(at) = find_written(&file.text, &broken.href) {
                let span = at..at + broken.href.len();
                return (Diagnostic::at(Severity::Error, file, span, message), origin);
            }
        }
        let diagnostic = Diagnostic {
            line: broken.line,
            column: broken.column,
            ..Diagnostic::for_file(
                Severity::Error,
                Path::new(&broken.page),
                format!("{message}, in the page {} as rendered", broken.page),
            )
        };
        (diagnostic, Origin::Page)
    }
}

/// Where a broken link was found to be written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    Content,
    Template,
    Page,
}

/// Where `href` is written in a source: as a Markdown link or HTML attribute
/// value if possible, else anywhere.
fn find_written(text: &str, href: &str) -> Option<usize> {
    for (open, close) in [("(", ")"), ("(", " "), ("\"", "\""), ("'", "'"), ("<", ">")] {
        let quoted = format!("{open}{href}{close}");
        if let Some(at) = text.find(&quoted) {
            return Some(at + open.len());
        }
    }
    text.find(href)
}
