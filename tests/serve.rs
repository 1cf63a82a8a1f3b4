//! `dossier serve`: answers over HTTP on 127.0.0.1, picks up an edit, shows a
//! broken edit's errors over the last good site, tells open pages to reload,
//! and stops cleanly on Ctrl-C. Every wait is bounded; every connection is to
//! 127.0.0.1.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Dossier;

/// Longest wait for anything: a start, a rebuild, a stop.
const PATIENCE: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    address: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(dossier: &Dossier, port: u16) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", &port.to_string()])
            .current_dir(dossier.dir.path())
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        {
            let stderr = Arc::clone(&stderr);
            let pipe = child.stderr.take().unwrap();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut all = stderr.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
            });
        }
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            address: String::new(),
            stderr,
        };
        let line = rx
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no URL printed:\n{}", server.stderr()));
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        server.address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `GET path`: the status and the body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = self.connect();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").expect("a response");
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, body.to_string())
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream.set_write_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// Polls `path` until its body satisfies `wanted`; the body.
    fn wait_for(&self, path: &str, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let (_, body) = self.get(path);
            if wanted(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never showed {what}; last served:\n{body}\nserver said:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the server has said `what` `times` times in all.
    fn wait_for_log(&self, what: &str, times: usize) {
        let deadline = Instant::now() + PATIENCE;
        while self.stderr().matches(what).count() < times {
            assert!(
                Instant::now() < deadline,
                "the server never said {what:?} {times} times:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the reload events.
    fn events(&self) -> Events {
        let mut stream = self.connect();
        write!(
            stream,
            "GET /__dossier/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.address
        )
        .unwrap();
        Events(BufReader::new(stream))
    }

    /// Sends Ctrl-C (SIGINT) and waits for the exit status.
    fn interrupt(&mut self) -> i32 {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

struct Events(BufReader<TcpStream>);

impl Events {
    /// The data of the next event.
    fn next(&mut self) -> String {
        self.next_within(PATIENCE).expect("an event in time")
    }

    /// The data of the next event, if one comes within `wait`.
    fn next_within(&mut self, wait: Duration) -> Option<String> {
        self.0.get_ref().set_read_timeout(Some(wait)).unwrap();
        loop {
            let mut line = String::new();
            match self.0.read_line(&mut line) {
                Ok(0) => panic!("the event stream ended"),
                Ok(_) => {}
                Err(_) => return None,
            }
            if let Some(data) = line.strip_prefix("data: ") {
                return Some(data.trim().to_string());
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_the_site_and_then_the_edited_page() {
    let d = Dossier::sample();
    let server = Server::start(&d, 0);
    let (status, page) = server.get("/people/aragorn.html");
    assert_eq!(status, 200);
    assert!(page.contains("Heir of"), "{page}");
    assert!(
        page.contains("new EventSource(\"/__dossier/events\")"),
        "the live-reload script is in served pages"
    );
    let (status, index) = server.get("/");
    assert_eq!(status, 200);
    assert!(index.contains("Fixture Dossier"));
    let (status, _) = server.get("/people/nobody.html");
    assert_eq!(status, 404);
    let (status, css) = server.get("/static/style.css");
    assert_eq!(status, 200);
    assert!(!css.contains("EventSource"));

    d.write(
        "people/aragorn.md",
        "+++\nname = \"Aragorn\"\naliases = [\"Strider\", \"U.N. Envoy\"]\ncountry = \"gondor\"\n+++\nCrowned at last, heir of [[Gondor]].\n",
    );
    server.wait_for("/people/aragorn.html", "the edit", |page| {
        page.contains("Crowned at last")
    });
    assert!(!d.output().exists(), "serve writes no site to disk");
    assert!(
        !std::fs::read_to_string(d.content().join("people/aragorn.md"))
            .unwrap()
            .contains("EventSource"),
        "nothing is written into the content"
    );
}

#[test]
fn a_broken_edit_shows_its_errors_over_the_last_good_site_until_fixed() {
    let d = Dossier::sample();
    let server = Server::start(&d, 0);
    let good = "+++\nname = \"Aragorn\"\ncountry = \"gondor\"\n+++\nHeir of [[Gondor]].\n";
    d.write(
        "people/aragorn.md",
        "+++\nname = \"Aragorn\"\ncountry = \"gondr\"\n+++\nA <broken> edit.\n",
    );
    let page = server.wait_for("/people/aragorn.html", "the errors", |page| {
        page.contains("id=\"dossier-errors\"")
    });
    assert!(
        page.contains("content/people/aragorn.md:3:11: error: unknown country 'gondr' (did you mean 'gondor'?)"),
        "{page}"
    );
    assert!(
        page.contains("Heir of"),
        "the last good page is still served"
    );
    assert!(!page.contains("<broken>"));
    let stderr = server.stderr();
    assert!(
        stderr.contains("still serving the last good site"),
        "{stderr}"
    );
    d.write("people/aragorn.md", good);
    server.wait_for("/people/aragorn.html", "the fix", |page| {
        !page.contains("dossier-errors")
    });
}

#[test]
fn open_pages_are_told_which_pages_a_change_touched() {
    let d = Dossier::sample();
    let server = Server::start(&d, 0);
    let mut events = server.events();
    let first = events.next();
    assert!(first.starts_with("{\"generation\":1,"), "{first}");
    d.write(
        "countries/rohan.md",
        "+++\nname = \"Rohan\"\naliases = [\"Edoras\"]\n+++\nThe horse-lords.\n",
    );
    let change = events.next();
    assert!(change.starts_with("{\"generation\":2,"), "{change}");
    assert!(change.contains("\"all\":false"), "{change}");
    assert!(change.contains("\"countries/rohan.html\""), "{change}");
    assert!(!change.contains("\"people/aragorn.html\""), "{change}");
}

#[test]
fn a_taken_port_gives_another_and_ctrl_c_stops_cleanly() {
    let d = Dossier::sample();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut server = Server::start(&d, port);
    assert_ne!(server.address, format!("127.0.0.1:{port}"));
    assert_eq!(server.get("/index.html").0, 200);
    assert!(
        server.stderr().contains(&format!("port {port} is taken")),
        "{}",
        server.stderr()
    );
    assert_eq!(server.interrupt(), 0, "Ctrl-C is a clean exit");
    let deadline = Instant::now() + PATIENCE;
    while !server.stderr().contains("stopped") {
        assert!(Instant::now() < deadline, "{}", server.stderr());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_theme_change_redoes_only_what_it_touches() {
    let d = Dossier::sample();
    let server = Server::start(&d, 0);
    d.write("static/style.css", "body { color: teal; }\n");
    server.wait_for("/static/style.css", "the new stylesheet", |css| {
        css.contains("teal")
    });
    d.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1>Lost in the archive</h1>{% endblock main %}\n",
    );
    server.wait_for("/no-such-page.html", "the new template", |page| {
        page.contains("Lost in the archive")
    });
    let stderr = server.stderr();
    assert!(stderr.contains("static files updated"), "{stderr}");
    assert!(stderr.contains("pages rendered again"), "{stderr}");
}

/// The chronicle of `Dossier::sample`, with `body` after its front matter.
fn chronicle(front_matter: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"The Chronicle\"\nsource = \"Gazette\"\nauthor = \"A. Scribe\"\n\
         url = \"https://news.example/chronicle\"\n{front_matter}+++\n{body}"
    )
}

const CHRONICLE_BODY: &str = "# The crowning\n\n\
    Aragorn's crowning was seen by Strider's friends. The Gondorian guards stood by.\n\n\
    Envoys of South Gondor came, and Gondor rejoiced; the U.N. Envoy spoke.\n\n\
    - Théoden of Rohan came.\n- Edoras was empty.\n";

/// A page as built, without what the server adds to it.
fn without_reload_script(served: &str) -> String {
    let Some(start) = served.rfind("<script>\n(function (generation, server)") else {
        return served.to_string();
    };
    let end = start + served[start..].find("</script>\n").unwrap() + "</script>\n".len();
    format!("{}{}", &served[..start], &served[end..])
}

#[test]
fn an_article_edit_renders_what_it_touches_and_nothing_else() {
    let d = Dossier::sample();
    let published = "published = 3019-05-02\n";
    d.write(
        "articles/chronicle.md",
        &chronicle(published, CHRONICLE_BODY),
    );
    let server = Server::start(&d, 0);
    let mut events = server.events();
    assert!(events.next().starts_with("{\"generation\":1,"));
    let body = CHRONICLE_BODY.replace("Gondor came,", "Gondor came by ship,");
    d.write("articles/chronicle.md", &chronicle(published, &body));
    server.wait_for("/articles/chronicle.html", "the edit", |page| {
        page.contains("came by ship")
    });
    server.wait_for("/countries/south-gondor.html", "the edit", |page| {
        page.contains("came by ship")
    });
    server.wait_for_log("pages it touches updated", 1);
    let stderr = server.stderr();
    assert!(stderr.contains("article updated: 1 page"), "{stderr}");
    assert_eq!(
        stderr.matches("built ").count(),
        1,
        "one full build: {stderr}"
    );
    // What the open pages were told of since: no page the edit left as it
    // was. (The stream gives the latest change when it can send: one it
    // missed is seen by a page as a jump, which reloads it; so which pages
    // were named cannot be checked, only which were not.)
    let mut told = events.next();
    while let Some(more) = events.next_within(Duration::from_millis(500)) {
        told.push_str(&more);
    }
    for page in [
        "articles/letter.html",
        "people/eowyn.html",
        "people/theoden.html",
        "index.html",
        "articles/index.html",
        "timeline.html",
    ] {
        assert!(!told.contains(&format!("\"{page}\"")), "{page}: {told}");
    }
    assert!(!told.contains("\"all\":true"), "{told}");
}

#[test]
fn after_article_edits_the_site_served_is_the_site_built() {
    let d = Dossier::sample();
    let server = Server::start(&d, 0);
    let edits = [
        // A new first paragraph: new mentions and ties; every paragraph
        // and the note's quote move one down.
        chronicle(
            "published = 3019-05-02\n",
            &CHRONICLE_BODY.replace(
                "# The crowning\n\n",
                "# The crowning\n\nÉowyn rode with Théoden to Minas Tirith.\n\n",
            ),
        ),
        // Another date, a summary and a tag; a mention and a tie gone.
        chronicle(
            "published = 3017-01-09\nsummary = \"Who came.\"\npeople = [\"eowyn\"]\n",
            &CHRONICLE_BODY.replace("Envoys of South Gondor came, and ", ""),
        ),
    ];
    for (done, edit) in edits.iter().enumerate() {
        d.write("articles/chronicle.md", edit);
        server.wait_for_log("article updated", done + 1);
        server.wait_for_log("pages it touches updated", done + 1);
        let built = d.build().files();
        for (path, bytes) in &built {
            let (status, served) = server.get(&format!("/{path}"));
            assert_eq!(status, 200, "{path}");
            let built = String::from_utf8_lossy(bytes);
            assert!(
                without_reload_script(&served) == built,
                "edit {}: {path} served differs from built:\n{served}\n---\n{built}",
                done + 1
            );
        }
    }
    let stderr = server.stderr();
    assert_eq!(
        stderr.matches("built ").count(),
        1,
        "one full build: {stderr}"
    );
}
