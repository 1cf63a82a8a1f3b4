//! Finding the names of people, countries and events in article text.
//!
//! The rule: case-sensitive, whole words (neither preceded nor followed by a
//! letter, digit or underscore, so `Gondor's` mentions `Gondor` and `U.S.`
//! can be an alias), the leftmost-longest match winning where names overlap.

use std::collections::HashMap;
use std::ops::Range;

use foldhash::fast::FixedState;

use crate::model::Target;

/// Every name and alias as a trie of tokens (a word, or one character that
/// is not a word character), built once per build.
///
/// A mention starts after no word character, with a byte that starts some
/// name: the text is read once, a table look-up per byte, and only there are
/// its tokens looked up, one level of the trie each, for as long as some
/// name goes on. Unlike an automaton over every name, this costs next to
/// nothing for the words that start no name, most words of most texts; and
/// unlike comparing every name that starts with a word, it does not slow
/// down as the names that share a first word (`Operation …`, `2024 …`) grow
/// in number with the dossier.
pub struct MentionMatcher {
    root: Node,
    /// Whether some name starts with these two bytes, by [`pair`].
    first_pairs: Vec<bool>,
}

/// The names that go on past a token, and the one that ends there.
#[derive(Default)]
struct Node {
    /// The entity whose name ends with this token. (A name claimed by two
    /// entities is an error found elsewhere; here the first claim stands.)
    target: Option<Target>,
    next: HashMap<Box<str>, Node, FixedState>,
}

/// A name found in the text: its byte range and the entity it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub target: Target,
}

impl MentionMatcher {
    pub fn new(patterns: &[(&str, Target)]) -> MentionMatcher {
        let mut matcher = MentionMatcher {
            root: Node::default(),
            first_pairs: vec![false; 1 << 16],
        };
        for &(name, target) in patterns.iter().filter(|(name, _)| !name.is_empty()) {
            match *name.as_bytes() {
                [first] => {
                    (0..=255).for_each(|second| matcher.first_pairs[pair(first, second)] = true)
                }
                [first, second, ..] => matcher.first_pairs[pair(first, second)] = true,
                [] => {}
            }
            let mut node = &mut matcher.root;
            let mut at = 0;
            while at < name.len() {
                let end = token_end(name, at);
                node = node.next.entry(name[at..end].into()).or_default();
                at = end;
            }
            node.target.get_or_insert(target);
        }
        matcher
    }

    /// The mentions within `range` of `text`; word boundaries are judged on
    /// the whole `text`, so a range may be one piece of a longer paragraph.
    pub fn find(&self, text: &str, range: Range<usize>) -> Vec<Found> {
        let mut candidates = Vec::new();
        let bytes = text.as_bytes();
        // One table look-up per byte: a name's first two bytes are never
        // the middle of a character, and they are rarely met.
        for at in range.clone() {
            let next = bytes.get(at + 1).copied().unwrap_or(0);
            if self.first_pairs[pair(bytes[at], next)] && !after_word_char(text, at) {
                self.names_at(text, at, range.end, &mut candidates);
            }
        }
        leftmost_longest(candidates)
    }

    /// The names that start at `start`, end by `limit` and are whole words,
    /// longest first.
    fn names_at(&self, text: &str, start: usize, limit: usize, out: &mut Vec<Found>) {
        let first = out.len();
        let mut node = &self.root;
        let mut at = start;
        while at < limit {
            let end = token_end(text, at);
            let Some(next) = node.next.get(&text[at..end]).filter(|_| end <= limit) else {
                break;
            };
            (node, at) = (next, end);
            if let Some(target) = node.target {
                if !text[at..].chars().next().is_some_and(is_word_char) {
                    out.push(Found {
                        range: start..at,
                        target,
                    });
                }
            }
        }
        out[first..].reverse();
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether the character at byte `at` is a word character; ASCII is
/// answered without decoding.
fn is_word_char_at(text: &str, at: usize) -> bool {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        byte.is_ascii_alphanumeric() || byte == b'_'
    } else {
        text[at..].chars().next().is_some_and(is_word_char)
    }
}

/// Two bytes as an index into a table of 2¹⁶.
fn pair(first: u8, second: u8) -> usize {
    usize::from(first) << 8 | usize::from(second)
}

/// Whether the character before byte `at` is a word character.
fn after_word_char(text: &str, at: usize) -> bool {
    match at.checked_sub(1).map(|before| text.as_bytes()[before]) {
        None => false,
        Some(byte) if byte.is_ascii() => byte.is_ascii_alphanumeric() || byte == b'_',
        Some(_) => text[..at].chars().next_back().is_some_and(is_word_char),
    }
}

/// The length of the UTF-8 character that starts with `lead`.
fn char_width(lead: u8) -> usize {
    match lead {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// Where the token starting at byte `at` ends: after its run of word
/// characters, or after the one character there if it is no word character.
fn token_end(text: &str, at: usize) -> usize {
    let mut end = at;
    while end < text.len() && is_word_char_at(text, end) {
        end += char_width(text.as_bytes()[end]);
    }
    if end == at {
        end += char_width(text.as_bytes()[at]);
    }
    end
}

/// Keeps, from candidates in order of start, longest first at each start,
/// those that do not overlap an earlier kept one.
fn leftmost_longest(candidates: Vec<Found>) -> Vec<Found> {
    let mut kept: Vec<Found> = Vec::new();
    for candidate in candidates {
        if kept
            .last()
            .is_none_or(|last| candidate.range.start >= last.range.end)
        {
            kept.push(candidate);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, patterns: &[&str]) -> Vec<String> {
        let with_targets: Vec<(&str, Target)> = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| (*p, Target::Person(i)))
            .collect();
        MentionMatcher::new(&with_targets)
            .find(text, 0..text.len())
            .into_iter()
            .map(|f| text[f.range].to_string())
            .collect()
    }

    #[test]
    fn matches_whole_words_only() {
        assert_eq!(
            names("Gondorian Gondor xGondor Gondor_x Gondor2", &["Gondor"]),
            ["Gondor"]
        );
    }

    #[test]
    fn possessive_is_a_mention() {
        assert_eq!(names("Gondor's king", &["Gondor"]), ["Gondor"]);
    }

    #[test]
    fn longest_match_wins() {
        assert_eq!(
            names("South Gondor and Gondor", &["Gondor", "South Gondor"]),
            ["South Gondor", "Gondor"]
        );
    }

    #[test]
    fn case_sensitive() {
        assert!(names("gondor", &["Gondor"]).is_empty());
    }

    #[test]
    fn alias_with_dots_matches_at_word_edges() {
        assert_eq!(names("the U.S. said", &["U.S."]), ["U.S."]);
    }

    #[test]
    fn a_shorter_whole_word_survives_a_longer_partial_one() {
        // "Rohan" is a whole word here though "Rohanese" is not a word of the text.
        assert_eq!(
            names("Rohanes", &["Rohan", "Rohanese"]),
            Vec::<String>::new()
        );
        assert_eq!(names("Rohan ese", &["Rohan", "Rohan es"]), ["Rohan"]);
    }

    /// The rule, checked the slow way: every name at every place.
    fn by_brute_force(text: &str, range: Range<usize>, patterns: &[&str]) -> Vec<Found> {
        let whole_word = |r: &Range<usize>| {
            !text[..r.start]
                .chars()
                .next_back()
                .is_some_and(is_word_char)
                && !text[r.end..].chars().next().is_some_and(is_word_char)
        };
        let mut candidates = Vec::new();
        for start in (range.start..range.end).filter(|&i| text.is_char_boundary(i)) {
            for (i, name) in patterns.iter().enumerate() {
                let found = start..start + name.len();
                if text[start..range.end].starts_with(name) && whole_word(&found) {
                    candidates.push(Found {
                        range: found,
                        target: Target::Person(i),
                    });
                }
            }
        }
        candidates.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
        leftmost_longest(candidates)
    }

    #[test]
    fn finds_what_trying_every_name_everywhere_finds() {
        let pieces = [
            "Ana",
            "Ana Bel",
            "Bel",
            "Éa",
            "éa",
            "_",
            "'",
            ".",
            " ",
            " ",
            "x",
            "9",
            "U.S.",
            "(",
            ")",
            "Ülan",
            "Ülan Bator",
            "—",
            "Bator",
            "an",
            "\u{a0}",
        ];
        let patterns = [
            "Ana",
            "Ana Bel",
            "Ana Bel Ana",
            "Ana B",
            "Ana.",
            "Bel",
            "Éa",
            "U.S.",
            "(Bel)",
            "Ülan Bator",
            ".",
            "Bator",
        ];
        let with_targets: Vec<(&str, Target)> = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| (*p, Target::Person(i)))
            .collect();
        let matcher = MentionMatcher::new(&with_targets);
        let mut sequence = crate::testing::Sequence::new(7);
        let mut next = |n: usize| sequence.below(n);
        for _ in 0..2000 {
            let text: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
            let boundaries: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let (a, b) = (
                boundaries[next(boundaries.len())],
                boundaries[next(boundaries.len())],
            );
            let range = a.min(b)..a.max(b);
            assert_eq!(
                matcher.find(&text, range.clone()),
                by_brute_force(&text, range.clone(), &patterns),
                "in {text:?}, {range:?}"
            );
        }
    }

    #[test]
    fn non_ascii_letters_are_word_characters() {
        assert!(names("Gondoré", &["Gondor"]).is_empty());
    }
}
