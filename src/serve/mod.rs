//! `dossier serve`: build into memory, serve on 127.0.0.1, rebuild on change,
//! reload the open page.
//!
//! 1. Build the site into memory ([`MemorySite`]): nothing is written to disk,
//!    so there is nothing to clean up.
//! 2. Serve it over HTTP on 127.0.0.1 only (`http`), with a live-reload script
//!    in every page, and, while the content has errors, an overlay listing them
//!    over the last good site.
//! 3. Watch the content folder (its theme overrides included) and rebuild
//!    what the change touches:
//!    - a file of `static/`: only the static files are read again;
//!    - a file of `templates/`: the pages are rendered again from the
//!      analysis kept in memory, without reading the content;
//!    - anything else: the whole pipeline, since one name can change every page.
//! 4. Compare the new site with the last one, file by file: a browser reloads
//!    only if its own page changed (or a stylesheet, or the errors shown).

mod http;
mod memory;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::progress::Progress;
use crate::render::Theme;
use crate::{analyse_content, load_content, render_site, Analysed};

pub use http::Shared;
pub use memory::{Files, MemorySite};

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
    /// Every page, from the content already analysed.
    Templates,
    /// The whole pipeline.
    Content,
}

impl Rebuild {
    pub fn describe(self) -> &'static str {
        match self {
            Rebuild::Static => "static files updated",
            Rebuild::Templates => "pages rendered again",
            Rebuild::Content => "built",
        }
    }
}

/// How long the content folder must be quiet before a change is built.
const QUIET: Duration = Duration::from_millis(200);

enum Signal {
    Changed(Vec<PathBuf>),
    WatchError(String),
    Stop,
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
    let shared = Arc::new(Shared::new());
    let mut server = Server {
        content: &content,
        shared: &shared,
        progress,
        current: Files::default(),
        failing: false,
    };
    // Watching from the start, so that no change made during the first build
    // is missed; listening after it, so that the first request finds a site.
    let _watcher = watch(&content, tx)?;
    let mut http: Option<http::Http> = None;
    let mut change = Some(Rebuild::Content);
    // Each turn is a full build; `change` is `None` once Ctrl-C is pressed.
    'build: while change.is_some() {
        let started = Instant::now();
        let mut diagnostics = Diagnostics::default();
        progress.stage("reading", None);
        let corpus = load_content(&content, None, &mut diagnostics);
        progress.stage("checking", None);
        let analysed = corpus
            .as_ref()
            .and_then(|corpus| analyse_content(corpus, &mut diagnostics));
        server.render(
            analysed.as_ref(),
            Rebuild::Content,
            diagnostics,
            started,
            report,
        );
        if http.is_none() {
            let started = http::start(options.port, Arc::clone(&shared))?;
            let wanted =
                (options.port != 0 && started.port != options.port).then_some(options.port);
            report(ServeEvent::Listening {
                url: format!("http://127.0.0.1:{}/", started.port),
                wanted,
            });
            http = Some(started);
        }
        loop {
            change = server.next_change(&rx, report);
            match change {
                None | Some(Rebuild::Content) => continue 'build,
                // After a failure, only a full build can say the errors are gone.
                Some(_) if server.failing => continue 'build,
                Some(what) => {
                    let started = Instant::now();
                    server.render(
                        analysed.as_ref(),
                        what,
                        Diagnostics::default(),
                        started,
                        report,
                    );
                }
            }
        }
    }
    shared.stop();
    if let Some(http) = http {
        http.stop();
    }
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
}

impl Server<'_> {
    /// Renders what `what` asks (from `analysed`, if the content had no
    /// errors) and publishes the site, or the errors over the last good site.
    fn render(
        &mut self,
        analysed: Option<&Analysed>,
        what: Rebuild,
        mut diagnostics: Diagnostics,
        started: Instant,
        report: &mut dyn FnMut(ServeEvent),
    ) {
        let built = match (what, analysed) {
            (Rebuild::Static, _) => self.with_new_static_files(),
            (_, Some(analysed)) => self.render_pages(analysed),
            (_, None) => Err(None),
        };
        self.progress.finish();
        let fixed = self.failing;
        self.failing = built.is_err();
        match built {
            Ok((files, pages)) => {
                let first = self.current.is_empty();
                let changed = self.shared.publish_site(&self.current, &files);
                self.current = files;
                let warnings = diagnostics.into_sorted();
                report(ServeEvent::Built {
                    what,
                    pages,
                    changed: (!first).then_some(changed),
                    fixed,
                    took: started.elapsed(),
                    warnings: &warnings,
                });
            }
            Err(error) => {
                diagnostics.extend(error);
                let diagnostics = diagnostics.into_sorted();
                self.shared.publish_errors(&diagnostics);
                report(ServeEvent::Failed {
                    diagnostics: &diagnostics,
                    took: started.elapsed(),
                    last_good: !self.current.is_empty(),
                });
            }
        }
    }

    fn render_pages(&self, analysed: &Analysed) -> Result<(Files, usize), Option<Diagnostic>> {
        let site = Arc::new(MemorySite::default());
        let staging = Staging::to_sink(Arc::clone(&site) as Arc<_>);
        self.progress
            .stage("rendering", Some(staging.file_counter()));
        render_site(analysed, self.content, &staging).map_err(Some)?;
        let pages = staging.pages_written();
        drop(staging);
        let site = Arc::into_inner(site).expect("the staging is dropped");
        Ok((site.into_files(), pages))
    }

    /// The last good site with the theme's static files read again.
    fn with_new_static_files(&self) -> Result<(Files, usize), Option<Diagnostic>> {
        let theme = Theme::load(self.content).map_err(Some)?;
        let mut files: HashMap<String, Arc<[u8]>> = self
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

    /// Waits for a change worth a rebuild, and says how much to redo;
    /// `None` on Ctrl-C.
    fn next_change(
        &self,
        rx: &mpsc::Receiver<Signal>,
        report: &mut dyn FnMut(ServeEvent),
    ) -> Option<Rebuild> {
        loop {
            let mut paths = match rx.recv() {
                Ok(Signal::Changed(paths)) => paths,
                Ok(Signal::WatchError(message)) => {
                    report(ServeEvent::WatchError { message: &message });
                    continue;
                }
                Ok(Signal::Stop) | Err(_) => return None,
            };
            // A save is several events, and changes made during the last
            // build are waiting: all are one change, once the folder is quiet.
            loop {
                match rx.recv_timeout(QUIET) {
                    Ok(Signal::Changed(more)) => paths.extend(more),
                    Ok(Signal::WatchError(_)) => {}
                    Ok(Signal::Stop) => return None,
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                }
            }
            let relative: Vec<String> = paths
                .iter()
                .filter_map(|p| relative_to(self.content, p))
                .filter(|p| !is_editor_litter(p))
                .collect();
            let Some(what) = relative.iter().map(|p| classify(p)).max() else {
                continue;
            };
            // Name what the person changed, not an editor's or a tool's
            // temporary files that came and went.
            let mut shown: Vec<String> = relative
                .into_iter()
                .filter(|p| {
                    p.ends_with(".md")
                        || p.ends_with(".toml")
                        || classify(p) != Rebuild::Content
                        || self.content.join(p).exists()
                })
                .collect();
            shown.sort();
            shown.dedup();
            if !shown.is_empty() {
                report(ServeEvent::Changed { paths: &shown });
            }
            return Some(what);
        }
    }
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
