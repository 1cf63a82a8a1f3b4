//! The HTTP side of `serve`: the site from memory on 127.0.0.1, a live-reload
//! script and (while the content has errors) an overlay in every page, and
//! the reload events at `/__dossier/events` (Server-Sent Events). A request
//! for a stale file asks for it and waits until it is rendered.

use std::collections::HashSet;
use std::io::{Cursor, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::diagnostics::Diagnostic;

use super::memory::Files;

const EVENTS: &str = "/__dossier/events";
/// A comment sent on an idle event stream, so a closed tab frees its thread.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// The longest a request waits for a stale file; then it gets the old one.
const STALE_WAIT: Duration = Duration::from_secs(30);

/// The files of a site published that are out of date, by their paths.
#[derive(Default)]
pub struct StaleFiles {
    /// Every one: a request for one waits until it is rendered.
    pub all: HashSet<String>,
    /// Those rendered only when asked for: a page showing one reloads, to ask.
    pub until_asked: HashSet<String>,
}

/// What the request threads serve, and how they learn of a new build.
pub struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// Tells a page that the server it came from was restarted.
    server_id: u64,
    /// Asks for a stale file (its path in the site) to be rendered.
    want: Box<dyn Fn(String) + Send + Sync>,
}

struct State {
    /// Goes up by one with every change a browser should see.
    generation: u64,
    files: Files,
    /// The overlay listing the errors of the last build, if it failed.
    errors: Option<Arc<str>>,
    /// What the last generation changed: every page, or these.
    reload_all: bool,
    reload: Arc<Vec<String>>,
    /// Files of `files` out of date, rendered again when asked for.
    stale: HashSet<String>,
    stopping: bool,
}

impl Shared {
    /// `want` asks for a stale file, by its path in the site, to be rendered.
    pub fn new(want: impl Fn(String) + Send + Sync + 'static) -> Shared {
        let server_id = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64 & 0xffff_ffff_ffff);
        Shared {
            state: Mutex::new(State {
                generation: 0,
                files: Files::default(),
                errors: None,
                reload_all: true,
                reload: Arc::default(),
                stale: HashSet::new(),
                stopping: false,
            }),
            changed: Condvar::new(),
            server_id,
            want: Box::new(want),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Serves `new`, which replaces `old`, with the files of `stale` out of
    /// date; the number of files that changed.
    pub fn publish_site(&self, old: &Files, new: &Files, stale: StaleFiles) -> usize {
        // Most files are shared with the old site: comparing pointers first
        // spares comparing their bytes.
        let same = |old: &Arc<[u8]>, new: &Arc<[u8]>| Arc::ptr_eq(old, new) || old == new;
        let mut changed: Vec<String> = new
            .iter()
            .filter(|(path, bytes)| !old.get(*path).is_some_and(|old| same(old, bytes)))
            .map(|(path, _)| path.clone())
            .chain(old.keys().filter(|p| !new.contains_key(*p)).cloned())
            .collect();
        changed.sort();
        let count = changed.len();
        let mut state = self.lock();
        let errors_cleared = state.errors.take().is_some();
        state.files = Arc::clone(new);
        let newly_stale = stale.until_asked.into_iter();
        changed.extend(newly_stale.filter(|p| !state.stale.contains(p)));
        state.stale = stale.all;
        if changed.is_empty() && !errors_cleared {
            // Requests waiting for a stale file may wait no longer.
            self.changed.notify_all();
            return 0;
        }
        state.generation += 1;
        state.reload_all = errors_cleared || changed.iter().any(|p| reloads_every_page(p));
        if changed.iter().any(|p| p == SEARCH_INDEX) {
            changed.push("search.html".to_string());
        }
        state.reload = Arc::new(changed);
        self.changed.notify_all();
        count
    }

    /// Shows `diagnostics` over the site being served.
    pub fn publish_errors(&self, diagnostics: &[Diagnostic]) {
        let mut state = self.lock();
        state.stale.clear();
        let last_good = !state.files.is_empty();
        state.errors = Some(overlay(diagnostics, last_good).into());
        state.generation += 1;
        state.reload_all = true;
        state.reload = Arc::default();
        self.changed.notify_all();
    }

    /// The state once `file` is not stale, asked for if it is (or once
    /// [`STALE_WAIT`] has passed).
    fn fresh(&self, file: &str) -> MutexGuard<'_, State> {
        let state = self.lock();
        if !state.stale.contains(file) {
            return state;
        }
        drop(state);
        (self.want)(file.to_string());
        let (state, _) = self
            .changed
            .wait_timeout_while(self.lock(), STALE_WAIT, |s| {
                !s.stopping && s.stale.contains(file)
            })
            .unwrap_or_else(|e| e.into_inner());
        state
    }

    /// Ends the event streams.
    pub fn stop(&self) {
        self.lock().stopping = true;
        self.changed.notify_all();
    }
}

/// The running HTTP server.
pub struct Http {
    pub port: u16,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

/// Listens on 127.0.0.1:`port`, or on a free port if that one is taken.
pub fn start(port: u16, shared: Arc<Shared>) -> Result<Http, String> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .or_else(|_| tiny_http::Server::http(("127.0.0.1", 0)))
        .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|address| address.port())
        .ok_or("cannot listen on 127.0.0.1")?;
    let server = Arc::new(server);
    let thread = {
        let server = Arc::clone(&server);
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || handle(request, &shared));
            }
        })
    };
    Ok(Http {
        port,
        server,
        thread: Some(thread),
    })
}

impl Http {
    pub fn stop(mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::empty(StatusCode(405)));
        return;
    }
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if path == EVENTS {
        events(request, shared);
        return;
    }
    let (status, file, bytes, state) = {
        let file = site_path(&path);
        let state = match &file {
            Some(file) => shared.fresh(file),
            None => shared.lock(),
        };
        let found = file.as_ref().and_then(|f| state.files.get(f).cloned());
        let snapshot = Snapshot {
            generation: state.generation,
            errors: state.errors.clone(),
        };
        match (found, file) {
            (Some(bytes), Some(file)) => (200, file, Some(bytes), snapshot),
            _ => (
                404,
                "404.html".to_string(),
                state.files.get("404.html").cloned(),
                snapshot,
            ),
        }
    };
    let content_type = content_type(&file);
    let body: Arc<[u8]> = match bytes {
        Some(bytes) if content_type.starts_with("text/html") => {
            inject(&bytes, &state, shared.server_id).into()
        }
        Some(bytes) => bytes,
        None => inject(
            b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>",
            &state,
            shared.server_id,
        )
        .into(),
    };
    let length = body.len();
    let headers = vec![
        header("Content-Type", content_type),
        header("Cache-Control", "no-store"),
    ];
    let response = Response::new(
        StatusCode(status),
        headers,
        Cursor::new(body),
        Some(length),
        None,
    );
    let _ = request.respond(response);
}

/// What a page is served with.
struct Snapshot {
    generation: u64,
    errors: Option<Arc<str>>,
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// `/people/x.html` → `people/x.html`; `/` and `/people/` → their `index.html`.
/// `None` for a path that climbs out of the site.
fn site_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path);
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The page with the live-reload script (and the errors, if any) before `</body>`.
fn inject(page: &[u8], snapshot: &Snapshot, server_id: u64) -> Vec<u8> {
    let mut addition = String::new();
    if let Some(errors) = &snapshot.errors {
        addition.push_str(errors);
    }
    addition.push_str(&RELOAD_SCRIPT.replace(
        "/*STATE*/",
        &format!("{}, {}", snapshot.generation, server_id),
    ));
    let at = find_last(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + addition.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(addition.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Reloads the page when a build changes it, the stylesheet or the errors shown,
/// or when the server was restarted.
const RELOAD_SCRIPT: &str = r#"<script>
(function (generation, server) {
  var page = decodeURIComponent(location.pathname).replace(/^\/+/, "");
  if (page === "" || page.slice(-1) === "/") { page += "index.html"; }
  var events = new EventSource("/__dossier/events");
  events.onmessage = function (message) {
    var change = JSON.parse(message.data);
    if (change.generation === generation && change.server === server) { return; }
    if (change.server !== server || change.generation !== generation + 1 ||
        change.all || change.pages.indexOf(page) >= 0) {
      events.close();
      location.reload();
    } else {
      generation = change.generation;
    }
  };
})(/*STATE*/);
</script>
"#;

/// The errors of a failed build, over the last good site.
fn overlay(diagnostics: &[Diagnostic], last_good: bool) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut text = String::new();
    for diagnostic in diagnostics {
        text.push_str(&escape(&diagnostic.render(false)));
        text.push('\n');
    }
    format!(
        r#"<div id="dossier-errors" role="alert" style="position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(24,24,27,.96);color:#f4f4f5;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:1.5rem">
<p style="margin:0 0 1rem;font:600 16px/1.4 system-ui,sans-serif;color:#fca5a5">The build failed: {errors} error{plural}. {below}Save a fix and this page reloads.</p>
<pre style="margin:0;white-space:pre-wrap">{text}</pre>
<button type="button" onclick="this.parentNode.remove()" style="margin-top:1rem;font:inherit">Hide</button>
</div>
"#,
        plural = if errors == 1 { "" } else { "s" },
        below = if last_good {
            "Underneath is the last good build. "
        } else {
            ""
        },
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The reload events: the state at once, then each new generation.
fn events(request: Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    let mut seen = None;
    loop {
        let message = {
            let state = shared.lock();
            let (state, _) = shared
                .changed
                .wait_timeout_while(state, KEEP_ALIVE, |s| {
                    !s.stopping && seen == Some(s.generation)
                })
                .unwrap_or_else(|e| e.into_inner());
            if state.stopping {
                return;
            }
            if seen == Some(state.generation) {
                ": still here\n\n".to_string()
            } else {
                seen = Some(state.generation);
                format!("data: {}\n\n", change_json(&state, shared.server_id))
            }
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

fn change_json(state: &State, server_id: u64) -> String {
    let pages: HashSet<&str> = state.reload.iter().map(String::as_str).collect();
    let mut pages: Vec<&str> = pages.into_iter().collect();
    pages.sort_unstable();
    let list: Vec<String> = pages.iter().map(|p| json_string(p)).collect();
    format!(
        r#"{{"generation":{},"server":{},"all":{},"pages":[{}]}}"#,
        state.generation,
        server_id,
        state.reload_all,
        list.join(",")
    )
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The search index, loaded by `search.html` alone.
const SEARCH_INDEX: &str = "search-index.js";

/// Whether a changed file can change how every page looks (the stylesheet, a
/// script): pages, feeds and the search index are seen by one page or none.
fn reloads_every_page(path: &str) -> bool {
    let seen_by_one_page_or_none = path.ends_with(".html")
        || path.ends_with(".xml")
        || path == SEARCH_INDEX
        || path == ".nojekyll";
    !seen_by_one_page_or_none
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_name_files_of_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/people/").as_deref(), Some("people/index.html"));
        assert_eq!(
            site_path("/people/x.html").as_deref(),
            Some("people/x.html")
        );
        assert_eq!(
            site_path("/static/a%20b.css").as_deref(),
            Some("static/a b.css")
        );
        assert_eq!(site_path("/../etc/passwd"), None);
    }

    #[test]
    fn the_script_and_errors_go_before_the_body_ends() {
        let snapshot = Snapshot {
            generation: 3,
            errors: Some("<div>E</div>".into()),
        };
        let page = String::from_utf8(inject(b"<body>x</body></html>", &snapshot, 7)).unwrap();
        assert!(page.starts_with("<body>x<div>E</div><script>"), "{page}");
        assert!(page.contains("})(3, 7);"), "{page}");
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
    }

    #[test]
    fn the_overlay_escapes_the_diagnostics() {
        let d = Diagnostic::for_file(
            crate::diagnostics::Severity::Error,
            "a.md".as_ref(),
            "bad <script>",
        );
        let html = overlay(&[d], true);
        assert!(html.contains("bad &lt;script&gt;"), "{html}");
        assert!(html.contains("1 error."), "{html}");
    }
}
