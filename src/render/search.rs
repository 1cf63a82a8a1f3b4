//! The full-text search index, `search-index.js`, which `search.html` loads
//! with a `<script>` tag so that search works from `file://` as over HTTP.
//!
//! 1. Collect the documents: every article's header, paragraphs (the plain
//!    text the text stage already made) and notes, then every person,
//!    country and event.
//! 2. Cut each document into words and fold them (lower case, Latin accents
//!    removed), in parallel over runs of documents; each run keeps, for each
//!    word, its documents already encoded as gaps (see [`push_gap`]).
//! 3. Write the file as it is made, never whole in memory: the pages, each
//!    with the anchors of its documents; the documents' texts (for
//!    snippets); the sorted words with their runs' gaps joined; and the
//!    folding table that the browser applies to queries, so that both sides
//!    fold alike. `static/search.js` reads it.
//!
//! What the browser can derive is left out: a document's page, kind and
//! anchor follow from the page that lists it. No stemming, no scores stored:
//! the browser ranks by how rare the query's words are and whether the whole
//! query occurs as written.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use rayon::prelude::*;

use crate::model::{Corpus, Kind, Target};
use crate::urls;

use super::markdown::plain_text;
use super::pages::Site;

/// The format of `search-index.js`; `static/search.js` checks it.
pub const FORMAT: u32 = 2;
/// Kinds of document, by their number in the index.
const KINDS: [&str; 5] = ["article", "note", "person", "country", "event"];
/// Documents per run of the parallel word count.
const RUN: usize = 2048;

/// A page of the index and its documents, in this order: the page's top (a
/// person, say, or an article's header), then an article's paragraphs and
/// notes. Written as `[kind, path, title, paragraphs, notes]`.
struct IndexPage<'a> {
    target: Target,
    /// The article's paragraphs that are documents, by number (`p4` → 4).
    paragraphs: Vec<usize>,
    /// The slugs of the article's notes (anchor `note-SLUG`).
    notes: Vec<&'a str>,
}

/// Writes `search-index.js` to `out` as it is produced.
pub fn write_index(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    let c = site.corpus;
    let (pages, texts) = collect(site);
    let runs: Vec<Run> = texts
        .par_chunks(RUN)
        .enumerate()
        .map(|(n, chunk)| Run::count(chunk, (n * RUN) as u32))
        .collect();
    let (words, chars) = join(runs);
    write!(out, "window.searchIndex = {{\"format\":{FORMAT},\"kinds\":")?;
    serde_json::to_writer(&mut *out, &KINDS)?;
    out.write_all(b",\"pages\":")?;
    write_array(out, pages.iter(), |out, page| {
        let target = page.target;
        let page = (
            kind_number(target.kind()),
            urls::page_path(c, target),
            c.name(target),
            &page.paragraphs,
            &page.notes,
        );
        Ok(serde_json::to_writer(out, &page)?)
    })?;
    out.write_all(b",\"texts\":")?;
    write_array(out, texts.iter(), |out, text| write_json_string(out, text))?;
    out.write_all(b",\"words\":")?;
    write_array(out, words.iter(), |out, (word, _)| {
        Ok(serde_json::to_writer(out, word)?)
    })?;
    out.write_all(b",\"postings\":")?;
    write_array(out, words.iter(), |out, (_, lists)| {
        write_postings(out, lists)
    })?;
    out.write_all(b",\"fold\":")?;
    serde_json::to_writer(&mut *out, &fold_table(&chars))?;
    out.write_all(b"};\n")
}

/// `[a,b,c]`, each item written by `item`.
fn write_array<T>(
    out: &mut dyn Write,
    items: impl Iterator<Item = T>,
    mut item: impl FnMut(&mut dyn Write, T) -> io::Result<()>,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, value) in items.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        item(out, value)?;
    }
    out.write_all(b"]")
}

/// `text` as a JSON string, as `serde_json` writes it. Most paragraphs hold
/// nothing that JSON escapes: those are copied as they are, where
/// `serde_json` looks up every byte (the texts are most of the index).
fn write_json_string(out: &mut dyn Write, text: &str) -> io::Result<()> {
    // A fold rather than `any`: without an early exit, it is vectorised.
    let escapes = text.bytes().fold(false, |escapes, b| {
        escapes | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if escapes {
        return Ok(serde_json::to_writer(out, text)?);
    }
    out.write_all(b"\"")?;
    out.write_all(text.as_bytes())?;
    out.write_all(b"\"")
}

fn kind_number(kind: Kind) -> u8 {
    KINDS
        .iter()
        .position(|k| *k == kind.noun())
        .expect("a searchable kind") as u8
}

/// The pages and the documents' texts, in a fixed order: each article with
/// its header, paragraphs and notes, then people, countries and events.
fn collect<'a>(site: &Site<'a>) -> (Vec<IndexPage<'a>>, Vec<Cow<'a, str>>) {
    let c: &'a Corpus = site.corpus;
    let mut pages = Vec::new();
    let mut texts = Vec::new();
    let mut notes_of: Vec<Vec<usize>> = vec![Vec::new(); c.articles.len()];
    for (note, article) in site.resolved.note_article.iter().enumerate() {
        if let Some(article) = article {
            notes_of[*article].push(note);
        }
    }
    for (a, article) in c.articles.iter().enumerate() {
        let header = [
            Some(article.title.as_str()),
            Some(article.source.as_str()),
            article.author.as_deref(),
            article.summary.as_deref(),
        ];
        texts.push(join_text(header.into_iter().flatten()).into());
        let mut paragraphs = Vec::new();
        let markdown = c.text(&article.body);
        for (b, block) in site.texts[a].blocks.iter().enumerate() {
            let plain = block.plain(markdown).trim();
            if !plain.is_empty() {
                paragraphs.push(b + 1);
                texts.push(plain.into());
            }
        }
        let mut notes = Vec::new();
        for &n in &notes_of[a] {
            let note = &c.notes[n];
            let body = plain_text(c.text(&note.body));
            notes.push(note.slug.as_str());
            texts.push(format!("{} \u{2014} {body}", note.quote.value).into());
        }
        pages.push(IndexPage {
            target: Target::Article(a),
            paragraphs,
            notes,
        });
    }
    for target in c.entities() {
        texts.push(entity_text(c, target).into());
        pages.push(IndexPage {
            target,
            paragraphs: Vec::new(),
            notes: Vec::new(),
        });
    }
    (pages, texts)
}

/// A person's, country's or event's names, roles or date and place, and text.
fn entity_text(c: &Corpus, target: Target) -> String {
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
    join_text(parts.iter().map(String::as_str))
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

/// A fast hash with a fixed seed: words are short, and the index is no
/// target for hash flooding.
type WordMap<V> = HashMap<String, V, foldhash::fast::FixedState>;

/// One word's documents within a run: the first, the last, and the gaps
/// between them as [`push_gap`] writes them.
struct Postings {
    first: u32,
    last: u32,
    gaps: Vec<u8>,
}

/// The words of a run of documents.
struct Run {
    /// Word → its documents in the run.
    postings: WordMap<Postings>,
    /// Non-ASCII characters met, for the folding table.
    chars: BTreeSet<char>,
}

impl Run {
    /// The words of `texts`, the documents numbered from `first`, folded as
    /// they are read.
    fn count(texts: &[Cow<str>], first: u32) -> Run {
        let mut run = Run {
            postings: WordMap::default(),
            chars: BTreeSet::new(),
        };
        let mut folded = String::new();
        for (i, text) in texts.iter().enumerate() {
            let id = first + i as u32;
            for_each_word(text, |word, is_folded| {
                // Most words are already folded: looked up as they stand.
                if is_folded {
                    run.add(word, id);
                    return;
                }
                folded.clear();
                for ch in word.chars() {
                    if !ch.is_ascii() {
                        run.chars.insert(ch);
                    }
                    folded.push(fold(ch));
                }
                run.add(&folded, id);
            });
        }
        run
    }

    /// Lists document `id` under `word`, unless the word is a single letter
    /// (or empty: what lies between two separators).
    fn add(&mut self, word: &str, id: u32) {
        if word.chars().nth(1).is_none() {
            return;
        }
        match self.postings.get_mut(word) {
            Some(list) if list.last == id => {}
            Some(list) => {
                push_gap(&mut list.gaps, id - list.last);
                list.last = id;
            }
            None => {
                let list = Postings {
                    first: id,
                    last: id,
                    gaps: Vec::new(),
                };
                self.postings.insert(word.to_owned(), list);
            }
        }
    }
}

/// Calls `each` with every word of `text` and whether it is folded already
/// (ASCII lower case and digits only). A word is a run of letters and digits
/// (the browser's `[\p{Alphabetic}\p{N}]+`). The text is read a byte at a
/// time, and only non-ASCII characters are decoded: most of it is ASCII.
fn for_each_word(text: &str, mut each: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut is_folded = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (in_word, len) = match b {
            b'a'..=b'z' | b'0'..=b'9' => (true, 1),
            b'A'..=b'Z' => {
                is_folded = false;
                (true, 1)
            }
            0..=0x7f => (false, 1),
            _ => {
                let c = text[i..].chars().next().expect("a character starts here");
                let in_word = c.is_alphanumeric();
                is_folded &= !in_word;
                (in_word, c.len_utf8())
            }
        };
        if !in_word {
            if start < i {
                each(&text[start..i], is_folded);
            }
            start = i + len;
            is_folded = true;
        }
        i += len;
    }
    if start < bytes.len() {
        each(&text[start..], is_folded);
    }
}

/// The runs' words, sorted by UTF-16 code units (the browser's string
/// order), each with its runs' documents in run order (so ascending); and
/// the non-ASCII characters met.
#[allow(clippy::type_complexity)]
fn join(runs: Vec<Run>) -> (Vec<(String, Vec<Postings>)>, BTreeSet<char>) {
    let mut all: WordMap<Vec<Postings>> = WordMap::default();
    let mut chars = BTreeSet::new();
    for run in runs {
        chars.extend(run.chars);
        for (word, list) in run.postings {
            all.entry(word).or_default().push(list);
        }
    }
    let mut words: Vec<(String, Vec<Postings>)> = all.into_iter().collect();
    words.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    (words, chars)
}

/// One word's documents, its runs' lists joined, as a JSON string.
fn write_postings(out: &mut dyn Write, lists: &[Postings]) -> io::Result<()> {
    let mut bytes = vec![b'"'];
    let mut previous = 0;
    for list in lists {
        push_gap(&mut bytes, list.first - previous);
        bytes.extend_from_slice(&list.gaps);
        previous = list.last;
    }
    bytes.push(b'"');
    out.write_all(&bytes)
}

/// The last digit of a gap, `#` to `[`: 57 characters that need no escaping
/// in a JSON string.
const LAST_DIGITS: (u8, u32) = (b'#', 57);
/// The digits before it, `]` to `~`, most significant first.
const MORE_DIGITS: (u8, u32) = (b']', 34);

/// Appends a gap between ascending document numbers (the first number is its
/// gap from 0) in one character if below 57, two if below 1,938, and so on;
/// as the digits that come before the last differ from it, the gaps need no
/// separator.
fn push_gap(out: &mut Vec<u8>, gap: u32) {
    let (last_base, last_radix) = LAST_DIGITS;
    let (more_base, more_radix) = MORE_DIGITS;
    let mut digits = [0u8; 8];
    let mut len = 0;
    let mut rest = gap / last_radix;
    while rest > 0 {
        digits[len] = more_base + (rest % more_radix) as u8;
        len += 1;
        rest /= more_radix;
    }
    out.extend(digits[..len].iter().rev());
    out.push(last_base + (gap % last_radix) as u8);
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

    /// Reads documents back from gaps, as `static/search.js` does.
    fn decode(gaps: &[u8]) -> Vec<u32> {
        let (last_base, last_radix) = LAST_DIGITS;
        let (more_base, more_radix) = MORE_DIGITS;
        let (mut id, mut n, mut ids) = (0u32, 0u32, Vec::new());
        for &c in gaps {
            if c >= more_base {
                n = n * more_radix + u32::from(c - more_base);
            } else {
                id += n * last_radix + u32::from(c - last_base);
                ids.push(id);
                n = 0;
            }
        }
        ids
    }

    #[test]
    fn texts_are_written_as_serde_json_writes_them() {
        for text in [
            "plain text, “quoted”",
            "a \"quote\"",
            "back\\slash",
            "tab\there",
            "\u{1}",
        ] {
            let mut out = Vec::new();
            write_json_string(&mut out, text).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
    }

    #[test]
    fn gaps_are_short_and_need_no_separator_nor_escape() {
        let mut out = Vec::new();
        for gap in [0, 56, 57, 1937, 1938] {
            push_gap(&mut out, gap);
        }
        assert_eq!(out, b"#[^#~[^]#");
        let ids = [0, 56, 113, 2050, 3988];
        assert_eq!(decode(&out), ids);
        let mut big = Vec::new();
        push_gap(&mut big, 5);
        push_gap(&mut big, u32::MAX - 5);
        assert_eq!(decode(&big), [5, u32::MAX]);
        assert!(!big.iter().any(|b| matches!(b, b'"' | b'\\')));
    }

    #[test]
    fn words_are_runs_of_two_letters_or_digits_or_more() {
        let run = Run::count(&[Cow::from("Mordor's U.N. envoy, 2024—Ümbar")], 0);
        let words: BTreeSet<&str> = run.postings.keys().map(String::as_str).collect();
        assert_eq!(words, BTreeSet::from(["2024", "envoy", "mordor", "umbar"]));
    }

    #[test]
    fn runs_list_each_document_once_per_word() {
        let texts = [Cow::from("Han met Han"), Cow::from("hán left")];
        let run = Run::count(&texts, 7);
        let han = &run.postings["han"];
        assert_eq!((han.first, han.last, decode(&han.gaps)), (7, 8, vec![1]));
        assert_eq!(run.postings["met"].last, 7);
        assert!(!run.postings.contains_key("a"));
        assert_eq!(fold_table(&run.chars)["á"], "a");
    }

    #[test]
    fn joined_runs_list_a_word_in_ascending_order() {
        let first = [Cow::from("Rohan"), Cow::from("Gondor and Rohan")];
        let second = [Cow::from("Rohan riders"), Cow::from("Gondor")];
        let runs = vec![Run::count(&first, 0), Run::count(&second, 2000)];
        let (words, _) = join(runs);
        let sorted: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(sorted, ["and", "gondor", "riders", "rohan"]);
        let mut out = Vec::new();
        write_postings(&mut out, &words[3].1).unwrap();
        assert_eq!(decode(&out[1..out.len() - 1]), [0, 1, 2000]);
    }
}
