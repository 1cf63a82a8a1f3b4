//! `dossier serve`: build into memory, serve on 127.0.0.1, rebuild on change,
//! reload the open page.
//!
//! 1. Build the site into memory ([`MemorySite`]): nothing is written to disk,
//!    so there is nothing to clean up. The content, analysed, is kept too
//!    (`kept`).
//! 2. Serve it over HTTP on 127.0.0.1 only (`http`), with a live-reload script
//!    in every page, and, while the content has errors, an overlay listing them
//!    over the last good site.
//! 3. Watch the content folder (its theme overrides included) and rebuild
//!    what the change touches:
//!    - a file of `static/`: only the static files are read again;
//!    - a file of `templates/`: the pages are rendered again from the
//!      analysis kept in memory, without reading the content;
//!    - one article, edited without renaming anything: that file alone is
//!      read and processed again and the analysis updated; its page is
//!      rendered and served at once. The other files the edit touches
//!      ([`crate::render::Touched`]) are stale: the pages are rendered in
//!      small batches while no other change waits, and each batch is served
//!      when done; the print page and the search index, which hold every
//!      article and take longest, wait until asked for. A request for a stale
//!      file has it rendered before it is answered;
//!    - anything else: the whole pipeline, since one name can change every page.
//! 4. Compare the new site with the last one, file by file: a browser reloads
//!    only if its own page changed (or a stylesheet, or the errors shown), or
//!    if it shows a file left stale until asked for.

mod http;
mod kept;
mod memory;
mod stale;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::progress::Progress;
use crate::render::{ArticleEdit, Renderer, SiteFile, Theme, Touched};
use crate::text::MentionMatcher;
use crate::{render_analysed, site_date};

pub use http::Shared;
pub use memory::{FileMap, Files, MemorySite};

use kept::{ArticleChange, Kept};
use stale::Stale;

/// What `dossier serve` is asked.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub content: PathBuf,
    /// The port wanted; another free one if it is taken; 0 for any.
    pub port: u16,
}

/// What the server tells the person running it.
pub enum ServeEvent<'a> {
    /// The site is served at `url`; `wanted` is set if that port was taken.
    Listening { url: String, wanted: Option<u16> },
    /// A build succeeded.
    Built {
        what: Rebuild,
        pages: usize,
        /// Files that differ from the last good site (`None` for the first build).
        changed: Option<usize>,
        /// Whether the last build had failed.
        fixed: bool,
        took: Duration,
        warnings: &'a [Diagnostic],
    },
    /// A build failed: the last good site, if there is one, is still served.
    Failed {
        diagnostics: &'a [Diagnostic],
        took: Duration,
        last_good: bool,
    },
    /// The watcher reported a problem; the server goes on.
    WatchError { message: &'a str },
    /// Files changed: `paths` (relative to the content folder).
    Changed { paths: &'a [String] },
    /// Ctrl-C: the server has stopped.
    Stopped,
}

/// How much a change made the server redo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rebuild {
    /// The theme's static files only.
    Static,
    /// One article's page, after an edit to that article alone.
    Article,
    /// The other pages that edit touched, rendered in the background.
    Touched,
    /// Every page, from the content already analysed.
    Templates,
    /// The whole pipeline.
    Content,
}

impl Rebuild {
    pub fn describe(self) -> &'static str {
        match self {
            Rebuild::Static => "static files updated",
            Rebuild::Article => "article updated:",
            Rebuild::Touched => "pages it touches updated:",
            Rebuild::Templates => "pages rendered again",
            Rebuild::Content => "built",
        }
    }
}

/// How long the content folder must be quiet before a change is built: the
/// events of one save come within a few milliseconds.
const QUIET: Duration = Duration::from_millis(50);

enum Signal {
    Changed(Vec<PathBuf>),
    /// A request for a stale file: its path in the site.
    Wanted(String),
    WatchError(String),
    Stop,
}

/// What the server does next.
enum Change {
    /// Files of the content folder changed: redo this much.
    Files(Rebuild, Vec<String>),
    /// Stale files were asked for: their paths in the site.
    Wanted(Vec<String>),
    /// Nothing waits: render the next stale files.
    Background,
}

/// Serves until Ctrl-C. An error only if the server cannot start.
pub fn serve(
    options: &ServeOptions,
    progress: &dyn Progress,
    report: &mut dyn FnMut(ServeEvent),
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel::<Signal>();
    {
        let tx = tx.clone();
        ctrlc::set_handler(move || {
            let _ = tx.send(Signal::Stop);
        })
        .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    }
    let content = options.content.clone();
    if !content.is_dir() {
        return Err(format!("{}: content folder not found", content.display()));
    }
    let shared = {
        let tx = tx.clone();
        Arc::new(Shared::new(move |path| {
            let _ = tx.send(Signal::Wanted(path));
        }))
    };
    let mut server = Server {
        content: &content,
        shared: &shared,
        progress,
        current: Files::default(),
        failing: false,
        kept: None,
        theme: None,
        matcher: None,
        warnings: Vec::new(),
        stale: Stale::default(),
        asked: Vec::new(),
    };
    // Watching from the start, so that no change made during the first build
    // is missed; listening after it, so that the first request finds a site.
    let _watcher = watch(&content, tx)?;
    server.build_all(Instant::now(), report);
    let http = http::start(options.port, Arc::clone(&shared))?;
    let wanted = (options.port != 0 && http.port != options.port).then_some(options.port);
    report(ServeEvent::Listening {
        url: format!("http://127.0.0.1:{}/", http.port),
        wanted,
    });
    while let Some(change) = server.next_change(&rx, report) {
        server.apply(change, report);
    }
    shared.stop();
    http.stop();
    report(ServeEvent::Stopped);
    Ok(())
}

/// The serve loop's state between builds.
struct Server<'a> {
    content: &'a Path,
    shared: &'a Arc<Shared>,
    progress: &'a dyn Progress,
    /// The last good site.
    current: Files,
    /// Whether the last build failed (its errors are shown over `current`).
    failing: bool,
    /// The content of the last good build, the theme it was rendered with,
    /// and the automaton that finds its entities' names.
    kept: Option<Kept>,
    theme: Option<Theme>,
    matcher: Option<MentionMatcher>,
    /// The last good build's warnings.
    warnings: Vec<Diagnostic>,
    /// Files of `current` that the last edits made out of date.
    stale: Stale,
    /// Stale files asked for while a change was being gathered.
    asked: Vec<String>,
}

/// A site rendered, or why not (`None`: the errors are in the diagnostics).
type Rendered = Result<(Files, usize), Option<Diagnostic>>;

impl Server<'_> {
    fn apply(&mut self, change: Change, report: &mut dyn FnMut(ServeEvent)) {
        let started = Instant::now();
        match change {
            Change::Background => self.render_stale_batch(report),
            Change::Wanted(paths) => self.render_wanted(&paths, report),
            // After a failure, only a full build can say the errors are gone.
            Change::Files(_, _) if self.failing || self.kept.is_none() => {
                self.build_all(started, report)
            }
            Change::Files(Rebuild::Static, _) => {
                let built = self.with_new_static_files();
                self.publish(Rebuild::Static, built, Vec::new(), started, report);
            }
            Change::Files(Rebuild::Templates, _) => {
                self.stale = Stale::default();
                self.theme = None;
                let built = self.render_all();
                self.publish(Rebuild::Templates, built, Vec::new(), started, report);
            }
            Change::Files(_, paths) => match self.edited_article(&paths) {
                Some(article) => self.edit_article(article, started, report),
                None => self.build_all(started, report),
            },
        }
        let asked = std::mem::take(&mut self.asked);
        if !asked.is_empty() {
            self.render_wanted(&asked, report);
        }
    }

    /// The whole pipeline, and every file rendered.
    fn build_all(&mut self, started: Instant, report: &mut dyn FnMut(ServeEvent)) {
        self.stale = Stale::default();
        self.matcher = None;
        self.theme = None;
        let mut diagnostics = Diagnostics::default();
        self.progress.stage("reading", None);
        self.kept = Kept::build(self.content, &mut diagnostics);
        let built = self.render_all();
        let diagnostics = diagnostics.into_sorted();
        if built.is_ok() {
            self.warnings = diagnostics.clone();
        }
        self.publish(Rebuild::Content, built, diagnostics, started, report);
        // Made now, while nothing waits, for the first edit.
        self.matcher = self.kept.as_ref().map(Kept::matcher);
    }

    /// Every file of the kept content, with the theme loaded if it is not.
    fn render_all(&mut self) -> Rendered {
        let kept = self.kept.as_ref().ok_or(None)?;
        let theme = match self.theme.take() {
            Some(theme) => theme,
            None => Theme::load(self.content).map_err(Some)?,
        };
        let theme = self.theme.insert(theme);
        let analysed = kept.analysed();
        let built = site_date().map_err(Some)?;
        self.progress.stage("rendering", None);
        let (files, pages) =
            into_memory(|staging| render_analysed(analysed, built, theme, staging).map(|_| ()))
                .map_err(Some)?;
        Ok((Arc::new(files), pages))
    }

    /// The renderer of the kept content, for an edit's few files.
    fn renderer(&self) -> Result<Renderer<'_>, Option<Diagnostic>> {
        let kept = self.kept.as_ref().ok_or(None)?;
        let theme = self.theme.as_ref().ok_or(None)?;
        let analysed = kept.analysed();
        Ok(Renderer::new(
            analysed.corpus,
            &analysed.resolved,
            &analysed.texts,
            &analysed.analysis,
            site_date().map_err(Some)?,
            theme,
        ))
    }

    /// The site served, with `files` rendered again.
    fn with_files_rendered(&self, renderer: &Renderer, files: &[SiteFile]) -> Rendered {
        let (rendered, pages) =
            into_memory(|staging| renderer.render_files(files, staging)).map_err(Some)?;
        let mut site = (*self.current).clone();
        site.extend(rendered);
        Ok((Arc::new(site), pages))
    }

    /// The article of `articles/{slug}.md` if that file alone changed and
    /// still exists.
    fn edited_article(&self, paths: &[String]) -> Option<usize> {
        let [path] = paths else { return None };
        let slug = path.strip_prefix("articles/")?.strip_suffix(".md")?;
        let article = self.kept.as_ref()?.article_named(slug)?;
        self.content.join(path).is_file().then_some(article)
    }

    /// Processes an edit to one article alone, serves its page, and leaves
    /// the other files it touches stale; the whole pipeline if it cannot.
    fn edit_article(
        &mut self,
        article: usize,
        started: Instant,
        report: &mut dyn FnMut(ServeEvent),
    ) {
        let (Some(kept), Some(matcher)) = (self.kept.take(), &self.matcher) else {
            return self.build_all(started, report);
        };
        let Ok((kept, change)) = kept.edit_article(article, matcher) else {
            return self.build_all(started, report);
        };
        let path = kept.path_of(article).to_path_buf();
        self.kept = Some(kept);
        let mut warnings = Diagnostics::default();
        warnings.extend(self.warnings.drain(..).filter(|w| w.path != path));
        warnings.extend(change.warnings.iter().cloned());
        self.warnings = warnings.into_sorted();
        let built = self.render_edit(&change).map(|(files, pages, touched)| {
            self.stale.add(touched, started);
            (files, pages)
        });
        let warnings = self.warnings.clone();
        self.publish(Rebuild::Article, built, warnings, started, report);
    }

    /// The article's page rendered again, and the other files the edit touches.
    fn render_edit(
        &self,
        change: &ArticleChange,
    ) -> Result<(Files, usize, Touched), Option<Diagnostic>> {
        let renderer = self.renderer()?;
        let touched = renderer.touched_by(&ArticleEdit {
            article: change.article,
            old_text: &change.old_text,
            old_tags: &change.old_tags,
            front_matter_changed: change.front_matter_changed,
            pictured: &change.pictured,
        });
        let (files, pages) = self.with_files_rendered(&renderer, &[touched.page])?;
        Ok((files, pages, touched))
    }

    /// Renders the next stale pages and serves them; says so once none is left.
    fn render_stale_batch(&mut self, report: &mut dyn FnMut(ServeEvent)) {
        let batch = self.stale.next_batch();
        let started = Instant::now();
        let built = self.render_some(&batch);
        if let Ok((files, pages)) = built {
            let changed = self.serve_site(files);
            if let Some(done) = self.stale.served(pages, changed) {
                report(ServeEvent::Built {
                    what: Rebuild::Touched,
                    pages: done.pages,
                    changed: Some(done.changed),
                    fixed: false,
                    took: done.started.elapsed(),
                    warnings: &self.warnings,
                });
            }
        } else {
            self.publish(Rebuild::Touched, built, Vec::new(), started, report);
        }
    }

    /// Renders the stale files among `paths`, asked for, and serves them.
    fn render_wanted(&mut self, paths: &[String], report: &mut dyn FnMut(ServeEvent)) {
        let Some(kept) = &self.kept else { return };
        let wanted = self.stale.take_paths(kept.analysed().corpus, paths);
        if wanted.is_empty() {
            return;
        }
        let started = Instant::now();
        match self.render_some(&wanted) {
            Ok((files, _)) => {
                self.serve_site(files);
            }
            built => self.publish(Rebuild::Touched, built, Vec::new(), started, report),
        }
    }

    /// The site served, with `files` of the kept content rendered again.
    fn render_some(&self, files: &[SiteFile]) -> Rendered {
        let renderer = self.renderer()?;
        self.with_files_rendered(&renderer, files)
    }

    /// Serves what `what` built, with its warnings among `diagnostics`, or
    /// its errors over the last good site, and says so.
    fn publish(
        &mut self,
        what: Rebuild,
        built: Rendered,
        diagnostics: Vec<Diagnostic>,
        started: Instant,
        report: &mut dyn FnMut(ServeEvent),
    ) {
        self.progress.finish();
        let fixed = self.failing;
        self.failing = built.is_err();
        match built {
            Ok((files, pages)) => {
                let first = self.current.is_empty();
                let changed = self.serve_site(files);
                report(ServeEvent::Built {
                    what,
                    pages,
                    changed: (!first).then_some(changed),
                    fixed,
                    took: started.elapsed(),
                    warnings: &diagnostics,
                });
            }
            Err(error) => {
                self.stale = Stale::default();
                let mut all = Diagnostics::default();
                all.extend(diagnostics);
                all.extend(error);
                let diagnostics = all.into_sorted();
                self.shared.publish_errors(&diagnostics);
                report(ServeEvent::Failed {
                    diagnostics: &diagnostics,
                    took: started.elapsed(),
                    last_good: !self.current.is_empty(),
                });
            }
        }
    }

    /// Serves `files`, which replace the site served; the number of files changed.
    fn serve_site(&mut self, files: Files) -> usize {
        let stale = match &self.kept {
            Some(kept) => self.stale.paths(kept.analysed().corpus),
            None => Default::default(),
        };
        let changed = self.shared.publish_site(&self.current, &files, stale);
        self.current = files;
        changed
    }

    /// The last good site with the theme's static files read again.
    fn with_new_static_files(&self) -> Rendered {
        let theme = Theme::load(self.content).map_err(Some)?;
        let mut files: FileMap = self
            .current
            .iter()
            .filter(|(path, _)| !path.starts_with("static/"))
            .map(|(path, bytes)| (path.clone(), Arc::clone(bytes)))
            .collect();
        for (path, bytes) in theme.static_files {
            files.insert(format!("static/{path}"), bytes.into());
        }
        let pages = files.keys().filter(|p| p.ends_with(".html")).count();
        Ok((Arc::new(files), pages))
    }

    /// Waits for a change worth a rebuild, or for a request for a stale
    /// file; `Background` at once if stale pages wait and nothing else does;
    /// `None` on Ctrl-C.
    fn next_change(
        &mut self,
        rx: &mpsc::Receiver<Signal>,
        report: &mut dyn FnMut(ServeEvent),
    ) -> Option<Change> {
        loop {
            let signal = if self.stale.has_queue() {
                match rx.try_recv() {
                    Ok(signal) => signal,
                    Err(mpsc::TryRecvError::Empty) => return Some(Change::Background),
                    Err(mpsc::TryRecvError::Disconnected) => return None,
                }
            } else {
                rx.recv().ok()?
            };
            let mut paths = match signal {
                Signal::Changed(paths) => paths,
                Signal::Wanted(path) => return Some(Change::Wanted(vec![path])),
                Signal::WatchError(message) => {
                    report(ServeEvent::WatchError { message: &message });
                    continue;
                }
                Signal::Stop => return None,
            };
            // A save is several events, and changes made during the last
            // build are waiting: all are one change, once the folder is quiet.
            // Requests for stale files wait until it is built.
            loop {
                match rx.recv_timeout(QUIET) {
                    Ok(Signal::Changed(more)) => paths.extend(more),
                    Ok(Signal::Wanted(path)) => self.asked.push(path),
                    Ok(Signal::WatchError(_)) => {}
                    Ok(Signal::Stop) => return None,
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                }
            }
            if let Some(change) = self.file_change(&paths, report) {
                return Some(change);
            }
        }
    }

    /// What changed `paths` (as the watcher gives them) make the server redo;
    /// `None` if they are only an editor's litter.
    fn file_change(&self, paths: &[PathBuf], report: &mut dyn FnMut(ServeEvent)) -> Option<Change> {
        let mut relative: Vec<String> = paths
            .iter()
            .filter_map(|p| relative_to(self.content, p))
            .filter(|p| !is_editor_litter(p))
            .collect();
        relative.sort();
        relative.dedup();
        let what = relative.iter().map(|p| classify(p)).max()?;
        // Name what the person changed, not an editor's or a tool's
        // temporary files that came and went.
        let shown: Vec<String> = relative
            .into_iter()
            .filter(|p| {
                p.ends_with(".md")
                    || p.ends_with(".toml")
                    || classify(p) != Rebuild::Content
                    || self.content.join(p).exists()
            })
            .collect();
        if !shown.is_empty() {
            report(ServeEvent::Changed { paths: &shown });
        }
        Some(Change::Files(what, shown))
    }
}

/// The files `render` writes, kept in memory; the number of pages among them.
fn into_memory(
    render: impl FnOnce(&Staging) -> Result<(), Diagnostic>,
) -> Result<(FileMap, usize), Diagnostic> {
    let site = Arc::new(MemorySite::default());
    let staging = Staging::to_sink(Arc::clone(&site) as Arc<_>);
    render(&staging)?;
    let pages = staging.pages_written();
    drop(staging);
    let site = Arc::into_inner(site).expect("the staging is dropped");
    Ok((site.into_files(), pages))
}

/// How much a change to `relative` (from the content folder) makes the server redo.
fn classify(relative: &str) -> Rebuild {
    match relative.split('/').next() {
        Some("static") => Rebuild::Static,
        Some("templates") => Rebuild::Templates,
        _ => Rebuild::Content,
    }
}

/// A changed path as a `/`-separated path inside the content folder, whether
/// the watcher reports it as given or resolved.
fn relative_to(content: &Path, path: &Path) -> Option<String> {
    let canonical = || std::fs::canonicalize(content).ok();
    let relative = path
        .strip_prefix(content)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| Some(path.strip_prefix(canonical()?).ok()?.to_path_buf()))
        .or_else(|| {
            let parent = std::fs::canonicalize(path.parent()?).ok()?;
            Some(
                parent
                    .strip_prefix(canonical()?)
                    .ok()?
                    .join(path.file_name()?),
            )
        })?;
    let text = relative.to_string_lossy().replace('\\', "/");
    Some(if text.is_empty() {
        ".".to_string()
    } else {
        text
    })
}

/// Swap, backup and lock files that editors write beside the real ones.
fn is_editor_litter(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || relative
            .split('/')
            .any(|part| part.starts_with('.') && part != "." && part != "..")
}

/// Watches `content` recursively. Opening or reading a file is not a change
/// (the server's own reads would rebuild it for ever); closing a file written
/// to, and anything else, is.
fn watch(content: &Path, tx: mpsc::Sender<Signal>) -> Result<RecommendedWatcher, String> {
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
        let written = AccessKind::Close(AccessMode::Write);
        let signal = match result {
            Ok(event) if matches!(event.kind, EventKind::Access(kind) if kind != written) => return,
            Ok(event) => Signal::Changed(event.paths),
            Err(error) => Signal::WatchError(error.to_string()),
        };
        let _ = tx.send(signal);
    })
    .map_err(|e| format!("cannot watch {}: {e}", content.display()))?;
    watcher
        .watch(content, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", content.display()))?;
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_classified_by_its_folder() {
        assert_eq!(classify("static/style.css"), Rebuild::Static);
        assert_eq!(classify("templates/base.html"), Rebuild::Templates);
        assert_eq!(classify("people/x.md"), Rebuild::Content);
        assert_eq!(classify("dossier.toml"), Rebuild::Content);
    }

    #[test]
    fn editor_litter_is_ignored() {
        for litter in [
            "people/.x.md.swp",
            "people/x.md~",
            "4913",
            ".git/index",
            "people/.#x.md",
        ] {
            assert!(is_editor_litter(litter), "{litter}");
        }
        assert!(!is_editor_litter("people/x.md"));
    }
}
