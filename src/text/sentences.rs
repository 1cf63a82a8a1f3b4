//! The sentence around a mention, for entity pages.

use std::ops::Range;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// Longest context kept on each side of a mention in a very long sentence.
const MAX_SIDE: usize = 200;

/// A sentence split around the mention it shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Where the sentence starts in its block's plain text: two mentions in one
    /// sentence share it.
    #[serde(skip)]
    pub start: usize,
    pub before: String,
    pub mention: String,
    pub after: String,
}

/// Sentence boundaries of one block's plain text, computed once per block.
pub struct Sentences {
    starts: Vec<usize>,
}

impl Sentences {
    pub fn new(plain: &str) -> Sentences {
        Sentences {
            starts: plain
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The sentence (or sentences, if the mention straddles a boundary) around `range`.
    pub fn around(&self, plain: &str, range: Range<usize>) -> Sentence {
        let first = self.starts.partition_point(|&s| s <= range.start) - 1;
        let last = self
            .starts
            .partition_point(|&s| s < range.end.max(range.start + 1));
        let start = self.starts[first];
        let end = self.starts.get(last).copied().unwrap_or(plain.len());
        Sentence {
            start,
            before: keep_end(plain[start..range.start].trim_start()),
            mention: plain[range.clone()].to_string(),
            after: keep_start(plain[range.end..end].trim_end()),
        }
    }
}

fn keep_end(text: &str) -> String {
    if text.len() <= MAX_SIDE {
        return text.to_string();
    }
    let mut cut = text.len() - MAX_SIDE;
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    // Start at a word, not in the middle of one.
    let cut = text[cut..].find(' ').map_or(cut, |space| cut + space + 1);
    format!("…{}", &text[cut..])
}

fn keep_start(text: &str) -> String {
    if text.len() <= MAX_SIDE {
        return text.to_string();
    }
    let mut cut = MAX_SIDE;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = text[..cut].rfind(' ').unwrap_or(cut);
    format!("{}…", &text[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_sentence_around_a_mention() {
        let plain = "First one. Then Gondor spoke. Last.";
        let at = plain.find("Gondor").unwrap();
        let sentence = Sentences::new(plain).around(plain, at..at + 6);
        assert_eq!(sentence.before, "Then ");
        assert_eq!(sentence.mention, "Gondor");
        assert_eq!(sentence.after, " spoke.");
    }

    #[test]
    fn shortens_very_long_sentences() {
        let plain = format!("{} Gondor {}", "a".repeat(500), "b".repeat(500));
        let at = plain.find("Gondor").unwrap();
        let sentence = Sentences::new(&plain).around(&plain, at..at + 6);
        assert!(sentence.before.starts_with('…') && sentence.before.len() < 220);
        assert!(sentence.after.ends_with('…') && sentence.after.len() < 220);
    }
}
