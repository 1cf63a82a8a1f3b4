//! The internal links and anchors of a rendered site.
//!
//! 1. As each file is rendered, [`LinkCollector`] records its path and, for a
//!    page, tokenizes it once (html5gum, the WHATWG tokenizer that lychee
//!    uses) keeping only its ids and the `href` and `src` of its elements.
//!    A link is stored once per folder it is written in (`../people/x.html`
//!    means the same from every page of a folder), so memory grows with the
//!    number of distinct links, not with the size of the site.
//! 2. [`LinkCollector::finish`] resolves each distinct link once: relative,
//!    naming a file that exists (never a folder), and with a `#fragment` an
//!    element id of the page it names.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

use crate::output::SiteSink;

/// A link that does not lead where it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page it is on, from the site root.
    pub page: String,
    /// The `href` or `src` as written in the page (entities decoded).
    pub href: String,
    pub problem: Problem,
    /// Where it is in the page, 1-based.
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `/x.html`: breaks under a sub-path and from `file://`.
    NotRelative,
    /// More `..` than the page is deep.
    OutsideSite,
    /// The site has no such file; the path it resolved to.
    NoFile(String),
    /// A folder, which works on a server but not from `file://`.
    Folder(String),
    /// The file exists but has no element with this id.
    NoAnchor { file: String, fragment: String },
}

/// What [`LinkCollector::finish`] found.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub pages: usize,
    /// Internal links checked, counting each occurrence.
    pub links: usize,
    pub broken: Vec<BrokenLink>,
    /// Every file of the site, for suggestions.
    pub files: Vec<String>,
}

/// Keeps the ids and links of each page written to it.
#[derive(Default)]
pub struct LinkCollector {
    collected: Mutex<Collected>,
}

#[derive(Default)]
struct Collected {
    files: HashSet<String>,
    /// Page → the ids of its elements.
    ids: HashMap<String, HashSet<String>>,
    /// Folder → link as written → index in `hrefs`.
    interned: HashMap<String, HashMap<String, u32>>,
    /// (folder, link as written), each once.
    hrefs: Vec<(String, String)>,
    pages: Vec<PageLinks>,
}

struct PageLinks {
    path: String,
    /// (index in `hrefs`, line, column)
    links: Vec<(u32, u32, u32)>,
}

/// The one-page print of the dossier repeats every page's text with its links
/// rebased to the root: a broken link there is the same mistake as on the page
/// it comes from, already reported at the line that wrote it.
const DERIVED_PAGES: [&str; 1] = ["print.html"];

impl SiteSink for LinkCollector {
    fn write(&self, relative: &str, bytes: &[u8]) -> std::io::Result<()> {
        let scanned = relative.ends_with(".html").then(|| scan(bytes));
        let mut collected = self.collected.lock().unwrap_or_else(|e| e.into_inner());
        collected.files.insert(relative.to_string());
        if let Some(mut scanned) = scanned {
            if DERIVED_PAGES.contains(&relative) {
                scanned.links.clear();
            }
            collected.add_page(relative, scanned);
        }
        Ok(())
    }
}

impl Collected {
    fn add_page(&mut self, path: &str, scanned: Scanned) {
        self.ids
            .insert(path.to_string(), scanned.ids.into_iter().collect());
        let folder = folder_of(path);
        let by_href = self.interned.entry(folder.to_string()).or_default();
        let mut links = Vec::with_capacity(scanned.links.len());
        for (href, line, column) in scanned.links {
            let index = match by_href.get(href.as_str()) {
                Some(&index) => index,
                None => {
                    let index = self.hrefs.len() as u32;
                    self.hrefs.push((folder.to_string(), href.clone()));
                    by_href.insert(href, index);
                    index
                }
            };
            links.push((index, line as u32, column as u32));
        }
        self.pages.push(PageLinks {
            path: path.to_string(),
            links,
        });
    }
}

impl LinkCollector {
    /// Checks every link of every page collected.
    pub fn finish(self) -> LinkReport {
        let collected = self
            .collected
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let folders: HashSet<&str> = collected
            .files
            .iter()
            .flat_map(|f| f.match_indices('/').map(move |(i, _)| &f[..i]))
            .collect();
        let site = SiteFiles {
            files: &collected.files,
            folders: &folders,
            ids: &collected.ids,
        };
        let verdicts: Vec<Verdict> = collected
            .hrefs
            .iter()
            .map(|(folder, href)| site.judge(folder, href))
            .collect();
        let mut report = LinkReport {
            pages: collected.pages.len(),
            ..LinkReport::default()
        };
        for page in &collected.pages {
            for &(index, line, column) in &page.links {
                let problem = match &verdicts[index as usize] {
                    Verdict::External => continue,
                    Verdict::Fine => None,
                    Verdict::Broken(problem) => Some(problem.clone()),
                    Verdict::OnThisPage(fragment) => {
                        let known = site
                            .ids
                            .get(&page.path)
                            .is_some_and(|ids| ids.contains(fragment));
                        (!known).then(|| Problem::NoAnchor {
                            file: page.path.clone(),
                            fragment: fragment.clone(),
                        })
                    }
                };
                report.links += 1;
                if let Some(problem) = problem {
                    report.broken.push(BrokenLink {
                        page: page.path.clone(),
                        href: collected.hrefs[index as usize].1.clone(),
                        problem,
                        line: line as usize,
                        column: column as usize,
                    });
                }
            }
        }
        report
            .broken
            .sort_by(|a, b| (&a.page, a.line, a.column).cmp(&(&b.page, b.line, b.column)));
        let mut files: Vec<String> = collected.files.into_iter().collect();
        files.sort();
        report.files = files;
        report
    }
}

/// What a link written in a folder leads to.
enum Verdict {
    /// Another host, a `mailto:`: not this site's to check.
    External,
    Fine,
    /// `#id` alone: judged per page.
    OnThisPage(String),
    Broken(Problem),
}

struct SiteFiles<'a> {
    files: &'a HashSet<String>,
    folders: &'a HashSet<&'a str>,
    ids: &'a HashMap<String, HashSet<String>>,
}

impl SiteFiles<'_> {
    fn judge(&self, folder: &str, href: &str) -> Verdict {
        if is_external(href) {
            return Verdict::External;
        }
        if href.starts_with('/') {
            return Verdict::Broken(Problem::NotRelative);
        }
        let (rest, fragment) = match href.split_once('#') {
            Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
            None => (href, None),
        };
        let path = rest.split_once('?').map_or(rest, |(path, _)| path);
        if path.is_empty() {
            return match fragment {
                Some(fragment) if !fragment.is_empty() => Verdict::OnThisPage(fragment),
                _ => Verdict::Fine,
            };
        }
        let Some(target) = join(folder, &percent_decode(path)) else {
            return Verdict::Broken(Problem::OutsideSite);
        };
        if target.is_empty() || path.ends_with('/') || self.folders.contains(target.as_str()) {
            return Verdict::Broken(Problem::Folder(target));
        }
        if !self.files.contains(&target) {
            return Verdict::Broken(Problem::NoFile(target));
        }
        match fragment {
            Some(fragment) if !fragment.is_empty() && target.ends_with(".html") => {
                if self
                    .ids
                    .get(&target)
                    .is_some_and(|ids| ids.contains(&fragment))
                {
                    Verdict::Fine
                } else {
                    Verdict::Broken(Problem::NoAnchor {
                        file: target,
                        fragment,
                    })
                }
            }
            _ => Verdict::Fine,
        }
    }
}

/// `https:`, `mailto:`, `data:`, … or `//host/`: not a file of this site.
fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    let Some(colon) = href.find(':') else {
        return false;
    };
    let scheme = &href[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `people/x.html` → `people`; `index.html` → ``.
fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// `path` read from a page in `folder`, as a path from the site root; `None`
/// if it climbs out of the site.
fn join(folder: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// `%20` → ` `; anything that is not a valid escape is kept as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
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

/// The ids and the links of one page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scanned {
    pub ids: Vec<String>,
    /// (value, line, column) of each `href` and `src`.
    pub links: Vec<(String, usize, usize)>,
}

/// Tokenizes a page once, keeping element ids (and `<a name>`) and the values
/// of `href` and `src` attributes with their positions.
pub fn scan(html: &[u8]) -> Scanned {
    let mut scanned = Scanned::default();
    let mut tag: Vec<u8> = Vec::new();
    let mut attribute: Vec<u8> = Vec::new();
    let mut lines = LineCounter::new(html);
    let mut emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, span: Span<usize>| -> Option<std::convert::Infallible> {
            match event {
                CallbackEvent::OpenStartTag { name } => {
                    tag.clear();
                    tag.extend_from_slice(name);
                }
                CallbackEvent::AttributeName { name } => {
                    attribute.clear();
                    attribute.extend_from_slice(name);
                }
                CallbackEvent::AttributeValue { value } => {
                    let value = || String::from_utf8_lossy(value).into_owned();
                    match attribute.as_slice() {
                        b"id" => scanned.ids.push(value()),
                        b"name" if tag == b"a" => scanned.ids.push(value()),
                        b"href" | b"src" => {
                            let (line, column) = lines.position(span.start);
                            scanned.links.push((value(), line, column));
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
            None
        },
    );
    // Switch to raw text in <script>, <style> and the like, as a browser does.
    emitter.naively_switch_states(true);
    let _ = Tokenizer::new_with_emitter(html, emitter).finish();
    scanned
}

/// Byte offset → 1-based line and column, for offsets that only increase.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
    line_start: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            at: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            // Out of order: count again from the start.
            *self = LineCounter::new(self.text);
        }
        for (i, &b) in self.text[self.at..offset].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.at + i + 1;
            }
        }
        self.at = offset;
        let column = String::from_utf8_lossy(&self.text[self.line_start..offset])
            .chars()
            .count();
        (self.line, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_ids_and_links_with_their_positions() {
        let html = b"<!DOCTYPE html>\n<p id=\"p1\">x <a href=\"../a.html#p2\">y</a></p>\n\
            <script>var s = '<a href=\"nope.html\">';</script>\n<img src=\"s.png\"><a name=\"old\"></a>";
        let scanned = scan(html);
        assert_eq!(scanned.ids, ["p1", "old"]);
        assert_eq!(
            scanned.links,
            [
                ("../a.html#p2".to_string(), 2, 23),
                ("s.png".to_string(), 4, 11)
            ]
        );
    }

    #[test]
    fn decodes_entities_in_attributes() {
        let scanned = scan(b"<a href=\"x.html?a=1&amp;b=2\">");
        assert_eq!(scanned.links[0].0, "x.html?a=1&b=2");
    }

    fn check(pages: &[(&str, &str)]) -> Vec<(String, Problem)> {
        let collector = LinkCollector::default();
        for (path, html) in pages {
            collector.write(path, html.as_bytes()).unwrap();
        }
        collector
            .finish()
            .broken
            .into_iter()
            .map(|b| (b.href, b.problem))
            .collect()
    }

    #[test]
    fn finds_missing_files_folders_anchors_and_absolute_paths() {
        let index = "<a href=\"people/a.html#bio\"></a><a href=\"people/a.html#nope\"></a>\
                     <a href=\"people/b.html\"></a><a href=\"people/\"></a><a href=\"people\"></a>\
                     <a href=\"/people/a.html\"></a><a href=\"../x.html\"></a><a href=\"#top\"></a>\
                     <a href=\"https://example.org/\"></a><a href=\"mailto:a@b\"></a><a id=\"top\"></a>\
                     <a href=\"style%20sheet.css\"></a><a href=\"people/a.html?x=1\"></a>";
        let broken = check(&[
            ("index.html", index),
            (
                "people/a.html",
                "<h2 id=\"bio\">Bio</h2><a href=\"../index.html#gone\"></a>",
            ),
            ("style sheet.css", ""),
        ]);
        assert_eq!(
            broken,
            [
                (
                    "people/a.html#nope".to_string(),
                    Problem::NoAnchor {
                        file: "people/a.html".into(),
                        fragment: "nope".into()
                    }
                ),
                (
                    "people/b.html".to_string(),
                    Problem::NoFile("people/b.html".into())
                ),
                ("people/".to_string(), Problem::Folder("people".into())),
                ("people".to_string(), Problem::Folder("people".into())),
                ("/people/a.html".to_string(), Problem::NotRelative),
                ("../x.html".to_string(), Problem::OutsideSite),
                (
                    "../index.html#gone".to_string(),
                    Problem::NoAnchor {
                        file: "index.html".into(),
                        fragment: "gone".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_fragment_alone_names_an_id_of_its_own_page() {
        let broken = check(&[
            ("a.html", "<a href=\"#x\"></a><p id=\"x\"></p>"),
            ("b.html", "<a href=\"#x\"></a>"),
        ]);
        assert_eq!(broken.len(), 1);
    }

    #[test]
    fn joins_relative_paths() {
        assert_eq!(join("people", "../a/b.html").as_deref(), Some("a/b.html"));
        assert_eq!(join("", "./a.html").as_deref(), Some("a.html"));
        assert_eq!(join("", "../a.html"), None);
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
        assert!(is_external("https://x") && is_external("mailto:x") && is_external("//x"));
        assert!(!is_external("a.html") && !is_external("a.html#b:c"));
    }
}
