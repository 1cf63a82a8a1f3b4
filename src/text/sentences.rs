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

/// Finds the sentences around the mentions of one block, segmenting only
/// near them.
///
/// Segmenting a whole block (UAX #29) costs a table look-up per character;
/// mentions need only their own sentences. For mentions taken in order, each
/// character is segmented at most once: segmentation resumes at the last
/// boundary found, or jumps to the last place before a mention that is
/// certainly a sentence start (see [`certain_start`]). Segmentation that
/// starts at a true boundary finds the boundaries that a segmentation of the
/// whole block finds: no rule looks back across the first character of a
/// sentence (it is never a space, a closing mark, Extend or Format).
pub struct Sentences<'a> {
    plain: &'a str,
    /// Every boundary from the first to the last, in order.
    starts: Vec<usize>,
    /// Segmented to the end of the text.
    done: bool,
}

impl<'a> Sentences<'a> {
    pub fn new(plain: &'a str) -> Sentences<'a> {
        Sentences {
            plain,
            starts: Vec::new(),
            done: false,
        }
    }

    /// The sentence (or sentences, if the mention straddles a boundary) around `range`.
    pub fn around(&mut self, range: Range<usize>) -> Sentence {
        let plain = self.plain;
        let until = range.end.max(range.start + 1);
        let jump = certain_start(plain, range.start);
        let known = |starts: &[usize]| starts.first().is_some_and(|&f| f <= range.start);
        if !known(&self.starts) || (!self.done && jump > *self.starts.last().expect("known")) {
            self.starts.clear();
            self.starts.push(jump);
            self.done = false;
        }
        while !self.done && *self.starts.last().expect("not empty") < until {
            let from = *self.starts.last().expect("not empty");
            let mut next = plain[from..].split_sentence_bound_indices().skip(1);
            loop {
                match next.next() {
                    Some((offset, _)) => {
                        self.starts.push(from + offset);
                        if from + offset >= until {
                            break;
                        }
                    }
                    None => {
                        self.done = true;
                        break;
                    }
                }
            }
        }
        let first = self.starts.partition_point(|&s| s <= range.start) - 1;
        let last = self.starts.partition_point(|&s| s < until);
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

/// The last offset at or before `at` that is a sentence start whatever comes
/// before it: an ASCII capital after `.`, `?` or `!` and one space. UAX #29
/// breaks there (rule SB11; SB6–SB10 do not apply before a capital after a
/// space), and no rule looks back across a capital, so the text from there on
/// segments as it does within the whole block. 0 if there is none.
fn certain_start(plain: &str, at: usize) -> usize {
    let bytes = plain.as_bytes();
    let mut i = at.min(bytes.len().saturating_sub(1));
    while i >= 2 {
        if bytes[i].is_ascii_uppercase()
            && bytes[i - 1] == b' '
            && matches!(bytes[i - 2], b'.' | b'?' | b'!')
        {
            return i;
        }
        i -= 1;
    }
    0
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
        let sentence = Sentences::new(plain).around(at..at + 6);
        assert_eq!(sentence.before, "Then ");
        assert_eq!(sentence.mention, "Gondor");
        assert_eq!(sentence.after, " spoke.");
    }

    #[test]
    fn shortens_very_long_sentences() {
        let plain = format!("{} Gondor {}", "a".repeat(500), "b".repeat(500));
        let at = plain.find("Gondor").unwrap();
        let sentence = Sentences::new(&plain).around(at..at + 6);
        assert!(sentence.before.starts_with('…') && sentence.before.len() < 220);
        assert!(sentence.after.ends_with('…') && sentence.after.len() < 220);
    }

    /// The sentence found by segmenting the whole text, as before.
    fn whole(plain: &str, range: Range<usize>) -> (usize, usize) {
        let starts: Vec<usize> = plain
            .split_sentence_bound_indices()
            .map(|(i, _)| i)
            .collect();
        let first = starts.partition_point(|&s| s <= range.start) - 1;
        let last = starts.partition_point(|&s| s < range.end.max(range.start + 1));
        (
            starts[first],
            starts.get(last).copied().unwrap_or(plain.len()),
        )
    }

    #[test]
    fn local_segmentation_agrees_with_the_whole_block() {
        let texts = [
            "Gondor spoke. Then Gondor spoke again! Did Gondor? Yes.",
            "The U.S. Envoy met Gondor. He said \"Gondor.\" Then left.",
            "Mr. Gondor arrived. (Gondor left.) Gondor. Gondor",
            "etc. Gondor e.g. Gondor said: \u{201c}Go.\u{201d} Gondor and gondor. A. B. Gondor",
            "Gondor… Gondor. . . Gondor?! Gondor 3.5 Gondor. 1. Gondor",
            "Ein Satz. Gondor. Über Gondor. é. Gondor",
        ];
        for text in texts {
            let mut in_order = Sentences::new(text);
            for (at, _) in text.match_indices("Gondor") {
                let range = at..at + 6;
                let sentence = Sentences::new(text).around(range.clone());
                assert_eq!(in_order.around(range.clone()), sentence);
                let (start, end) = whole(text, range.clone());
                assert_eq!(sentence.start, start, "{text:?} at {at}");
                assert_eq!(
                    sentence.after,
                    keep_start(text[range.end..end].trim_end()),
                    "{text:?} at {at}"
                );
            }
        }
    }
}
