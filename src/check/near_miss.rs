//! Names in article texts that look like a known name but are none of its
//! spellings, so that they are not linked: `Han Sol-mi` for `Han Sol Mi`,
//! `Brezhnev` for `Brejnev`, `Kharkul` for `Kharkül`.
//!
//! 1. Every name and alias is folded into a key, word by word: transliterated
//!    to ASCII and lower-cased; common romanisation variants made one
//!    (`ou`→`u`, `eo`→`o`, `kh`→`h`, `zh`→`j`, `oe`/`oi`); doubled letters
//!    made single; then the words joined, dropping the spaces, hyphens, dots
//!    and apostrophes between them.
//! 2. The prose of an article is folded the same way, once, keeping where
//!    each folded letter came from; any other character, and markup, is a
//!    barrier no key crosses.
//! 3. One Aho-Corasick automaton over the keys finds every folded match in a
//!    single pass, so the cost grows with the text, not with text × names.
//!    A match that starts and ends at word boundaries and is not written
//!    exactly as a name is a near miss; where it overlaps an exact name, the
//!    text is linked already and nothing is said.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::model::Target;

/// Keys shorter than this match too many ordinary words (`US`, `Kim`).
const MIN_KEY: usize = 4;
/// Stands for a character no key crosses.
const BARRIER: u8 = b'|';

/// Names (and what they name) that share one key.
type Named<'c> = Vec<(&'c str, Target)>;

/// One automaton over the folded names of a corpus.
pub struct NearMisses<'c> {
    automaton: Option<AhoCorasick>,
    /// For each pattern of the automaton, the names that fold to it.
    names: Vec<Named<'c>>,
    exact: HashSet<&'c str>,
}

/// A near miss in a text: its byte range and the name it resembles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMiss<'c> {
    pub range: Range<usize>,
    pub name: &'c str,
    pub target: Target,
}

/// A folded letter and the byte range of the text it came from (offsets as
/// `u32`, which keeps a unit small: a text has one per letter).
#[derive(Clone, Copy, Debug)]
struct Unit {
    byte: u8,
    start: u32,
    end: u32,
}

impl<'c> NearMisses<'c> {
    pub fn new(patterns: &[(&'c str, Target)]) -> NearMisses<'c> {
        let mut by_key: HashMap<Vec<u8>, Named<'c>> = HashMap::new();
        for &(name, target) in patterns {
            let key = key_of(name);
            if key.len() >= MIN_KEY {
                by_key.entry(key).or_default().push((name, target));
            }
        }
        let mut keys: Vec<(Vec<u8>, Named)> = by_key.into_iter().collect();
        keys.sort();
        let automaton = (!keys.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(keys.iter().map(|(key, _)| key))
                .expect("keys fit in an automaton")
        });
        NearMisses {
            automaton,
            names: keys.into_iter().map(|(_, names)| names).collect(),
            exact: patterns.iter().map(|(name, _)| *name).collect(),
        }
    }

    /// The near misses in the `prose` ranges of `text` (ranges in order; a gap
    /// between two ranges is markup, a barrier).
    pub fn find(&self, text: &str, prose: &[Range<usize>]) -> Vec<NearMiss<'c>> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let units = fold(text, prose);
        let folded: Vec<u8> = units.iter().map(|u| u.byte).collect();
        let mut exact: Vec<Range<usize>> = Vec::new();
        let mut misses: Vec<NearMiss> = Vec::new();
        for found in automaton.find_overlapping_iter(&folded) {
            let range = units[found.start()].start as usize..units[found.end() - 1].end as usize;
            if !is_whole_word(text, &range) {
                continue;
            }
            let written = &text[range.clone()];
            if self.exact.contains(collapse_spaces(written).as_str()) {
                exact.push(range);
                continue;
            }
            let candidates = &self.names[found.pattern().as_usize()];
            let Some(&(name, target)) = closest(written, candidates) else {
                continue;
            };
            let shouting = |s: &str| s.chars().any(char::is_uppercase);
            if shouting(name) && !shouting(written) {
                continue; // an ordinary word: `china` plates, a `turkey`
            }
            misses.push(NearMiss {
                range,
                name,
                target,
            });
        }
        misses.retain(|m| {
            !exact
                .iter()
                .any(|e| e.start < m.range.end && m.range.start < e.end)
        });
        misses.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        let mut kept: Vec<NearMiss> = Vec::new();
        for miss in misses {
            if kept
                .last()
                .is_none_or(|last| miss.range.start >= last.range.end)
            {
                kept.push(miss);
            }
        }
        kept
    }
}

/// Of names with one key, the one written most like `written`: first with
/// accents and case set aside, then as written.
fn closest<'a, 'c>(written: &str, names: &'a [(&'c str, Target)]) -> Option<&'a (&'c str, Target)> {
    let plain = |text: &str| deunicode::deunicode(text).to_lowercase();
    let (written_plain, written_lower) = (plain(written), written.to_lowercase());
    let score = |name: &str| {
        (
            strsim::normalized_damerau_levenshtein(&written_plain, &plain(name)),
            strsim::normalized_damerau_levenshtein(&written_lower, &name.to_lowercase()),
        )
    };
    names.iter().max_by(|a, b| {
        let (a_score, b_score) = (score(a.0), score(b.0));
        a_score
            .0
            .total_cmp(&b_score.0)
            .then(a_score.1.total_cmp(&b_score.1))
            .then_with(|| b.0.cmp(a.0))
    })
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rule of mentions: neither preceded nor followed by a letter, digit or `_`.
fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Characters between the words of one name: dropped when folding.
fn joins_words(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '‐' | '‑' | '.' | '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`'
        )
}

/// Folds the `prose` ranges of `text` (see the module's comment).
fn fold(text: &str, prose: &[Range<usize>]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(text.len());
    let mut word: Vec<Unit> = Vec::new();
    let mut last_end = None;
    for range in prose {
        if last_end.is_some_and(|end| end != range.start) {
            fold_word(&mut word, &mut out);
            out.push(barrier(range.start as u32));
        }
        last_end = Some(range.end);
        for (offset, c) in text[range.clone()].char_indices() {
            let start = (range.start + offset) as u32;
            let end = start + c.len_utf8() as u32;
            if c.is_alphanumeric() {
                push_ascii(c, start, end, &mut word);
            } else {
                fold_word(&mut word, &mut out);
                if !joins_words(c) {
                    out.push(barrier(start));
                }
            }
        }
    }
    fold_word(&mut word, &mut out);
    out
}

/// A name's key: the name folded as one piece of prose.
fn key_of(name: &str) -> Vec<u8> {
    fold(name, std::slice::from_ref(&(0..name.len())))
        .iter()
        .map(|u| u.byte)
        .collect()
}

fn barrier(at: u32) -> Unit {
    Unit {
        byte: BARRIER,
        start: at,
        end: at,
    }
}

/// `c` transliterated to lowercase ASCII letters and digits, as units.
fn push_ascii(c: char, start: u32, end: u32, word: &mut Vec<Unit>) {
    let mut push = |b: u8| {
        if b.is_ascii_alphanumeric() {
            word.push(Unit {
                byte: b.to_ascii_lowercase(),
                start,
                end,
            });
        }
    };
    if c.is_ascii() {
        push(c as u8);
    } else if let Some(ascii) = deunicode::deunicode_char(c) {
        ascii.bytes().for_each(push);
    }
}

/// Romanisation variants that name the same sound: each pair folds to one symbol.
const PAIRS: [(&[u8; 2], u8); 6] = [
    (b"ou", b'u'),
    (b"eo", b'o'),
    (b"kh", b'h'),
    (b"zh", b'j'),
    (b"oe", b'O'),
    (b"oi", b'O'),
];

/// Folds one word's units into `out`: pairs first, then doubled letters.
fn fold_word(word: &mut Vec<Unit>, out: &mut Vec<Unit>) {
    let mut i = 0;
    let first = out.len();
    while i < word.len() {
        let pair = word
            .get(i + 1)
            .and_then(|next| {
                PAIRS
                    .iter()
                    .find(|(p, _)| p[0] == word[i].byte && p[1] == next.byte)
            })
            .map(|(_, symbol)| *symbol);
        let unit = match pair {
            Some(symbol) => {
                i += 2;
                Unit {
                    byte: symbol,
                    start: word[i - 2].start,
                    end: word[i - 1].end,
                }
            }
            None => {
                i += 1;
                word[i - 1]
            }
        };
        match out[first..].last_mut() {
            Some(last) if last.byte == unit.byte && unit.byte.is_ascii_alphabetic() => {
                last.end = unit.end;
            }
            _ => out.push(unit),
        }
    }
    word.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> String {
        String::from_utf8(key_of(name)).unwrap()
    }

    fn misses(text: &str, names: &[&'static str]) -> Vec<(String, &'static str)> {
        let patterns: Vec<(&str, Target)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, Target::Person(i)))
            .collect();
        NearMisses::new(&patterns)
            .find(text, std::slice::from_ref(&(0..text.len())))
            .into_iter()
            .map(|m| (text[m.range].to_string(), m.name))
            .collect()
    }

    #[test]
    fn folds_spelling_variants_to_one_key() {
        assert_eq!(key("Han Sol-mi"), key("Han Sol Mi"));
        assert_eq!(key("Kharkül"), key("Kharkul"));
        assert_eq!(key("Brezhnev"), key("Brejnev"));
        assert_eq!(key("Tallinn"), key("Talin"));
        assert_eq!(key("Moe Lin Ha"), key("Moi Lin-ha"));
        assert_eq!(key("Han Soul Mi"), key("Han Sul Mi"));
        assert_eq!(key("Jeong"), key("Jong"));
        assert_eq!(key("U.S."), key("US"));
        assert_ne!(key("Han Sol Mi"), key("Han Sul Mi"));
        assert_eq!(key("Kim, Jong"), "kim|jong");
    }

    #[test]
    fn finds_near_misses_but_not_exact_names() {
        let names = ["Han Sol Mi", "Mordor", "Kharkul"];
        assert_eq!(
            misses(
                "Han Sol-mi met Mordor's Kharkül, then HAN SOL MI left Mordor.",
                &names
            ),
            [
                ("Han Sol-mi".to_string(), "Han Sol Mi"),
                ("Kharkül".to_string(), "Kharkul"),
                ("HAN SOL MI".to_string(), "Han Sol Mi"),
            ]
        );
    }

    #[test]
    fn whole_words_only_and_no_ordinary_words() {
        let names = ["Mordor", "Turkey"];
        assert!(misses("Mordorn Mordors xMordor", &names).is_empty());
        assert!(misses("a turkey for dinner", &names).is_empty());
    }

    #[test]
    fn exact_names_win_over_near_misses_inside_them() {
        // "Gondor" folds like "Gon-dor", but inside the exact name it is linked already.
        let names = ["South Gondor", "Gon-dor"];
        assert!(misses("In South Gondor today.", &names).is_empty());
        assert_eq!(
            misses("In Gondor today.", &names),
            [("Gondor".to_string(), "Gon-dor")]
        );
    }

    #[test]
    fn a_name_across_a_line_break_is_exact() {
        assert!(misses("Han Sol\nMi spoke", &["Han Sol Mi"]).is_empty());
    }

    #[test]
    fn markup_between_words_is_a_barrier() {
        let text = "Han *Sol* Mi";
        let patterns = [("Han Sol Mi", Target::Person(0))];
        let found = NearMisses::new(&patterns).find(text, &[0..4, 5..8, 9..12]);
        assert!(found.is_empty());
    }
}
