//! A small harness: write a dossier into a temporary folder, run the real
//! `dossier` binary on it, and read the site back with an HTML parser.

#![allow(dead_code)] // each test file uses its own part of the harness

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub struct Dossier {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary gave.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Dossier {
    /// An empty dossier with a valid `dossier.toml`.
    pub fn new() -> Dossier {
        let dossier = Dossier {
            dir: tempfile::tempdir().unwrap(),
        };
        dossier.write(
            "dossier.toml",
            "title = \"Fixture Dossier\"\ndescription = \"A test\"\nbase_url = \"https://example.org/fixture/\"\n",
        );
        dossier
    }

    /// The fixture used across the site tests: a small world with every kind.
    pub fn sample() -> Dossier {
        let d = Dossier::new();
        d.write("countries/gondor.md", "+++\nname = \"Gondor\"\naliases = [\"Minas Tirith\"]\n+++\nA kingdom. See [[aragorn]] and [[Rohan|the horse-lords]].\n");
        d.write(
            "countries/south-gondor.md",
            "+++\nname = \"South Gondor\"\n+++\nA region.\n",
        );
        d.write(
            "countries/rohan.md",
            "+++\nname = \"Rohan\"\naliases = [\"Edoras\"]\n+++\n",
        );
        d.write(
            "people/aragorn.md",
            "+++\nname = \"Aragorn\"\naliases = [\"Strider\", \"U.N. Envoy\"]\ncountry = \"gondor\"\nroles = [\"King (3019)\"]\n+++\nHeir of [[Gondor]].\n",
        );
        d.write(
            "people/theoden.md",
            "+++\nname = \"Théoden\"\ncountry = \"rohan\"\n+++\n",
        );
        d.write(
            "people/eowyn.md",
            "+++\nname = \"Éowyn\"\ncountry = \"rohan\"\n+++\n",
        );
        d.write(
            "events/coronation.md",
            "+++\ntitle = \"Coronation of Aragorn\"\ndate = \"3019-05-01\"\nplace = \"Minas Tirith\"\ncountries = [\"gondor\"]\npeople = [\"aragorn\"]\nsources = [\"chronicle\"]\n+++\nReported in [[chronicle]].\n",
        );
        d.write(
            "events/council.md",
            "+++\ntitle = \"Council at Edoras\"\ndate = \"3018-10\"\ncountries = [\"rohan\", \"gondor\"]\npeople = [\"theoden\", \"aragorn\"]\nsources = [\"letter\"]\n+++\n",
        );
        d.write(
            "events/long-war.md",
            "+++\ntitle = \"The Long War\"\ndate = \"3018\"\nend = \"3019-03\"\nsources = [\"letter\"]\n+++\n",
        );
        d.write(
            "articles/chronicle.md",
            "+++\ntitle = \"The Chronicle\"\nsource = \"Gazette\"\nauthor = \"A. Scribe\"\npublished = 3019-05-02\nurl = \"https://news.example/chronicle\"\n+++\n\
             # The crowning\n\n\
             Aragorn's crowning was seen by Strider's friends. The Gondorian guards stood by.\n\n\
             Envoys of South Gondor came, and Gondor rejoiced; the U.N. Envoy spoke.\n\n\
             Nobody said `Aragorn` in code, nor [Rohan](https://rohan.example) in a link.\n\n\
             <script>alert(\"Rohan\")</script>\n\n\
             - Théoden of Rohan came.\n- Edoras was empty.\n",
        );
        d.write(
            "articles/letter.md",
            "+++\ntitle = \"A Letter\"\nsource = \"Post\"\npublished = \"3018-10\"\n+++\nThe Council at Edoras met. Théoden and Aragorn spoke of the war.\n",
        );
        d.write(
            "notes/crowning-witnesses.md",
            "+++\narticle = \"chronicle\"\nquote = \"seen by   Strider's friends\"\nauthor = \"Editor\"\n+++\nWho were they? See [[Aragorn]].\n",
        );
        d
    }

    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.content().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, relative: &str) {
        fs::remove_file(self.content().join(relative)).unwrap();
    }

    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    pub fn output(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Runs `dossier ARGS` in the dossier's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }

    /// `dossier build`, which must succeed.
    pub fn build(&self) -> Site {
        let run = self.run(&["build"]);
        assert_eq!(run.status, 0, "build failed:\n{}", run.stderr);
        Site {
            root: self.output(),
        }
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A built site on disk.
pub struct Site {
    pub root: PathBuf,
}

impl Site {
    pub fn page(&self, relative: &str) -> Html {
        let text = fs::read_to_string(self.root.join(relative))
            .unwrap_or_else(|e| panic!("{relative}: {e}"));
        Html::parse_document(&text)
    }

    /// Every file of the site, path → bytes.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        files_below(&self.root)
    }
}

pub fn files_below(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (relative, fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(css).unwrap()).collect()
}

pub fn text_of(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>()
}

/// Checks every `href` and `src` of every HTML page: relative, naming an
/// existing file (never a folder), and, with a `#fragment`, an existing id.
/// Returns the problems found.
pub fn broken_links(root: &Path) -> Vec<String> {
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(PathBuf, String)> = Vec::new();
    let any_id = Selector::parse("[id]").unwrap();
    let linking = Selector::parse("[href], [src]").unwrap();
    for entry in walkdir::WalkDir::new(root).into_iter().map(|e| e.unwrap()) {
        let path = entry.path().to_path_buf();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = Html::parse_document(&fs::read_to_string(&path).unwrap());
        let page_ids = page
            .select(&any_id)
            .map(|e| e.value().attr("id").unwrap().to_string())
            .collect();
        ids.insert(path.clone(), page_ids);
        if path.file_name().unwrap() == "404.html" {
            continue; // links by absolute URL, by design
        }
        for element in page.select(&linking) {
            for attr in ["href", "src"] {
                if let Some(value) = element.value().attr(attr) {
                    links.push((path.clone(), value.to_string()));
                }
            }
        }
    }
    let mut problems = Vec::new();
    for (page, link) in links {
        if link.starts_with("https://")
            || link.starts_with("http://")
            || link.starts_with("mailto:")
        {
            continue; // external: only ever linked, never loaded (checked elsewhere)
        }
        if link.starts_with('/') || link.contains("://") {
            problems.push(format!("{}: non-relative link {link}", page.display()));
            continue;
        }
        let (file, fragment) = link
            .split_once('#')
            .map_or((link.as_str(), None), |(f, a)| (f, Some(a)));
        let target = if file.is_empty() {
            page.clone()
        } else {
            normalize(&page.parent().unwrap().join(file))
        };
        if !target.is_file() {
            problems.push(format!("{}: {link} names no file", page.display()));
            continue;
        }
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            if target.extension().is_some_and(|e| e == "html")
                && !ids.get(&target).is_some_and(|ids| ids.contains(fragment))
            {
                problems.push(format!("{}: {link} names no anchor", page.display()));
            }
        }
    }
    problems
}

fn normalize(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// Copies the built-in templates into `dossier`'s `templates/` folder.
fn copy_built_in_templates(dossier: &Dossier) {
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for entry in fs::read_dir(built_in).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        dossier.write(
            &format!("templates/{name}"),
            &fs::read_to_string(&path).unwrap(),
        );
    }
}

/// Builds `dossier` with the built-in theme, then with copies of its
/// templates, and asserts that every file is the same.
pub fn assert_copied_templates_render_the_same_site(dossier: &Dossier) {
    let built_in = files_below(&dossier.build().root);
    copy_built_in_templates(dossier);
    let copied = files_below(&dossier.build().root);
    assert_eq!(
        built_in.keys().collect::<Vec<_>>(),
        copied.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &built_in {
        let theirs = &copied[path];
        if bytes != theirs {
            let at = bytes.iter().zip(theirs).take_while(|(a, b)| a == b).count();
            let around = |b: &[u8]| {
                String::from_utf8_lossy(&b[at.saturating_sub(120)..(at + 120).min(b.len())])
                    .into_owned()
            };
            panic!(
                "{path} differs at byte {at}:\nbuilt-in theme: {}\ncopied templates: {}",
                around(bytes),
                around(theirs)
            );
        }
    }
}
