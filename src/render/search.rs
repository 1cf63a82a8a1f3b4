//! The full-text search index, `search-index.js`, which `search.html` loads
//! with a `<script>` tag so that search works from `file://` as over HTTP.
//!
//! 1. Collect the documents: every article paragraph (the plain text the text
//!    stage already made), every article's header, note, person, country and
//!    event.
//! 2. Cut each document into words and fold them (lower case, Latin accents
//!    removed), in parallel over runs of documents; each run keeps its own
//!    word → documents lists, already in document order.
//! 3. Join the runs' lists and write the file: pages, documents with their
//!    text (for snippets), the sorted words with their documents as base-36
//!    gaps, and the folding table that the browser applies to queries, so
//!    that both sides fold alike. `static/search.js` reads it.
//!
//! No stemming, no scores stored: the browser ranks by how rare the query's
//! words are and whether the whole query occurs as written.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Corpus, Kind, Target};
use crate::urls;

use super::markdown::plain_text;
use super::pages::Site;

/// The format of `search-index.js`; `static/search.js` checks it.
pub const FORMAT: u32 = 1;
/// Kinds of document, by their number in the index.
const KINDS: [&str; 5] = ["article", "note", "person", "country", "event"];
/// Documents per run of the parallel word count.
const RUN: usize = 2048;

/// One searchable passage: a whole page, or a paragraph or note of an article.
struct Doc<'a> {
    page: u32,
    kind: u8,
    /// The fragment on the page: `p4`, `note-SLUG`, or empty for the page's top.
    anchor: String,
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct IndexFile<'a> {
    format: u32,
    kinds: [&'static str; 5],
    /// `[kind, path, title]`.
    pages: Vec<(u8, String, &'a str)>,
    /// `[page, kind, anchor, text]`.
    docs: Vec<(u32, u8, &'a str, &'a str)>,
    /// Folded words, sorted by UTF-16 code units (the browser's string order).
    words: Vec<String>,
    /// For each word, its documents: ascending numbers as base-36 gaps, comma-separated.
    postings: Vec<String>,
    /// Characters the index folds, to the letter they fold to.
    fold: BTreeMap<String, String>,
}

/// The contents of `search-index.js`.
pub fn index_js(site: &Site) -> Vec<u8> {
    let c = site.corpus;
    let (pages, docs) = collect(site);
    let runs: Vec<Run> = docs
        .par_chunks(RUN)
        .enumerate()
        .map(|(n, chunk)| Run::count(chunk, (n * RUN) as u32))
        .collect();
    let (words, postings, folded) = join(runs);
    let file = IndexFile {
        format: FORMAT,
        kinds: KINDS,
        pages: pages
            .iter()
            .map(|&t| (kind_number(t.kind()), urls::page_path(c, t), c.name(t)))
            .collect(),
        docs: docs
            .iter()
            .map(|d| (d.page, d.kind, d.anchor.as_str(), d.text.as_ref()))
            .collect(),
        words,
        postings,
        fold: fold_table(&folded),
    };
    let mut js = b"window.searchIndex = ".to_vec();
    serde_json::to_writer(&mut js, &file).expect("an index serializes");
    js.extend_from_slice(b";\n");
    js
}

fn kind_number(kind: Kind) -> u8 {
    KINDS
        .iter()
        .position(|k| *k == kind.noun())
        .expect("a searchable kind") as u8
}

/// The pages and documents, in a fixed order: each article with its
/// paragraphs and notes, then people, countries and events.
fn collect<'a>(site: &Site<'a>) -> (Vec<Target>, Vec<Doc<'a>>) {
    let c: &'a Corpus = site.corpus;
    let mut pages = Vec::new();
    let mut docs = Vec::new();
    let mut notes_of: Vec<Vec<usize>> = vec![Vec::new(); c.articles.len()];
    for (note, article) in site.resolved.note_article.iter().enumerate() {
        if let Some(article) = article {
            notes_of[*article].push(note);
        }
    }
    for (a, article) in c.articles.iter().enumerate() {
        let page = pages.len() as u32;
        pages.push(Target::Article(a));
        let header = [
            Some(article.title.as_str()),
            Some(article.source.as_str()),
            article.author.as_deref(),
            article.summary.as_deref(),
        ];
        docs.push(Doc {
            page,
            kind: 0,
            anchor: String::new(),
            text: join_text(header.into_iter().flatten()).into(),
        });
        for (b, block) in site.texts[a].blocks.iter().enumerate() {
            if !block.plain.trim().is_empty() {
                docs.push(Doc {
                    page,
                    kind: 0,
                    anchor: format!("p{}", b + 1),
                    text: block.plain.trim().into(),
                });
            }
        }
        for &n in &notes_of[a] {
            let note = &c.notes[n];
            let body = plain_text(c.text(&note.body));
            docs.push(Doc {
                page,
                kind: 1,
                anchor: format!("note-{}", note.slug),
                text: format!("{} \u{2014} {body}", note.quote.value).into(),
            });
        }
    }
    let entities: Vec<Target> = c.entities().collect();
    for target in entities {
        let page = pages.len() as u32;
        pages.push(target);
        let mut parts: Vec<String> = c.names_of(target).iter().map(|n| n.value.clone()).collect();
        match target {
            Target::Person(p) => parts.extend(c.people[p].roles.iter().cloned()),
            Target::Event(e) => {
                let event = &c.events[e];
                parts.push(event.date.to_string());
                parts.extend(event.place.clone());
            }
            _ => {}
        }
        parts.push(plain_text(c.text(c.body(target))));
        docs.push(Doc {
            page,
            kind: kind_number(target.kind()),
            anchor: String::new(),
            text: join_text(parts.iter().map(String::as_str)).into(),
        });
    }
    (pages, docs)
}

/// Non-empty parts joined into sentences: "Title. Source. Summary".
fn join_text<'s>(parts: impl Iterator<Item = &'s str>) -> String {
    let mut text = String::new();
    for part in parts.map(str::trim).filter(|p| !p.is_empty()) {
        if !text.is_empty() {
            text += if text.ends_with(['.', '!', '?']) {
                " "
            } else {
                ". "
            };
        }
        text += part;
    }
    text
}

/// FNV-1a: words are short, and the index is no target for hash flooding.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type WordMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

/// The words of a run of documents.
struct Run {
    /// Word → documents, ascending.
    postings: WordMap<Vec<u32>>,
    /// Non-ASCII characters met, for the folding table.
    chars: BTreeSet<char>,
}

impl Run {
    fn count(docs: &[Doc], first: u32) -> Run {
        let mut run = Run {
            postings: WordMap::default(),
            chars: BTreeSet::new(),
        };
        let mut word = String::new();
        for (i, doc) in docs.iter().enumerate() {
            let id = first + i as u32;
            for piece in words(&doc.text) {
                word.clear();
                if piece.is_ascii() {
                    if piece.len() < 2 {
                        continue;
                    }
                    word.push_str(piece);
                    word.make_ascii_lowercase();
                } else {
                    for ch in piece.chars() {
                        if !ch.is_ascii() {
                            run.chars.insert(ch);
                        }
                        word.push(fold(ch));
                    }
                    if word.chars().count() < 2 {
                        continue;
                    }
                }
                match run.postings.get_mut(word.as_str()) {
                    Some(list) if list.last() == Some(&id) => {}
                    Some(list) => list.push(id),
                    None => {
                        run.postings.insert(word.clone(), vec![id]);
                    }
                }
            }
        }
        run
    }
}

/// Joins the runs' lists (runs come in document order) and encodes them.
fn join(runs: Vec<Run>) -> (Vec<String>, Vec<String>, BTreeSet<char>) {
    let mut all: WordMap<Vec<u32>> = WordMap::default();
    let mut chars = BTreeSet::new();
    for run in runs {
        chars.extend(run.chars);
        for (word, ids) in run.postings {
            all.entry(word).or_default().extend(ids);
        }
    }
    let mut entries: Vec<(Vec<u16>, String, Vec<u32>)> = all
        .into_iter()
        .map(|(word, ids)| (word.encode_utf16().collect(), word, ids))
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut words = Vec::with_capacity(entries.len());
    let mut postings = Vec::with_capacity(entries.len());
    for (_, word, ids) in entries {
        words.push(word);
        postings.push(encode_gaps(&ids));
    }
    (words, postings, chars)
}

/// Ascending numbers as base-36 gaps: `[3, 5, 40]` → `"3,2,z"`.
fn encode_gaps(ids: &[u32]) -> String {
    let mut out = String::with_capacity(ids.len() * 3);
    let mut previous = 0;
    for (i, &id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_base36(&mut out, id - previous);
        previous = id;
    }
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 8];
    let mut len = 0;
    loop {
        digits[len] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        len += 1;
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[..len].iter().rev().map(|&d| d as char));
}

/// Runs of letters and digits: what the index and the browser call words.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Lower case, and Latin letters without their accents (`É` → `e`).
pub fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    let lower = match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    };
    if matches!(lower, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}') {
        if let Some(&[base]) = deunicode::deunicode_char(lower).map(str::as_bytes) {
            if base.is_ascii_alphanumeric() {
                return base.to_ascii_lowercase() as char;
            }
        }
    }
    lower
}

/// Every character met, and its lower case, that folds to another.
fn fold_table(chars: &BTreeSet<char>) -> BTreeMap<String, String> {
    let mut table = BTreeMap::new();
    for &c in chars {
        let lower = c.to_lowercase().collect::<String>();
        for form in [c.to_string(), lower] {
            let mut it = form.chars();
            if let (Some(one), None) = (it.next(), it.next()) {
                if fold(one) != one {
                    table.insert(form.clone(), fold(one).to_string());
                }
            }
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_latin_accents_only() {
        let folded: String = "ÉowynÆØßДİ".chars().map(fold).collect();
        assert_eq!(folded, "eowynæoßдi");
    }

    #[test]
    fn gaps_are_base_36() {
        assert_eq!(encode_gaps(&[3, 5, 40, 1340]), "3,2,z,104");
        assert_eq!(encode_gaps(&[0]), "0");
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        let found: Vec<&str> = words("Mordor's U.N. envoy, 2024—Umbar").collect();
        assert_eq!(found, ["Mordor", "s", "U", "N", "envoy", "2024", "Umbar"]);
    }

    #[test]
    fn runs_list_each_document_once_per_word() {
        let doc = |text: &'static str| Doc {
            page: 0,
            kind: 0,
            anchor: String::new(),
            text: text.into(),
        };
        let run = Run::count(&[doc("Han met Han"), doc("hán left")], 7);
        assert_eq!(run.postings["han"], [7, 8]);
        assert_eq!(run.postings["met"], [7]);
        assert!(!run.postings.contains_key("a"));
        assert_eq!(fold_table(&run.chars)["á"], "a");
    }
}
