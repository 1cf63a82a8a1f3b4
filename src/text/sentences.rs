//! The sentence around a mention, for entity pages.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Longest context kept on each side of a mention in a very long sentence.
const MAX_SIDE: usize = 200;

/// A sentence split around the mention it shows: byte offsets into its
/// block's plain text, so that a build does not keep a copy of every
/// sentence. There is one for every mention, hundreds of thousands in a large
/// dossier: the offsets are `u32` (a paragraph is far below 4 GiB).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where the sentence starts in its block's plain text: two mentions in one
    /// sentence share it.
    pub start: u32,
    /// The text shown before the mention starts here, and after it ends there.
    before_start: u32,
    mention_start: u32,
    mention_end: u32,
    after_end: u32,
    /// A very long sentence is shortened on that side: shown with `…`.
    cut_before: bool,
    cut_after: bool,
}

impl Sentence {
    /// The text before the mention, given the block's plain text.
    pub fn before<'p>(&self, plain: &'p str) -> Cow<'p, str> {
        let text = slice(plain, self.before_start, self.mention_start);
        match self.cut_before {
            true => Cow::Owned(format!("…{text}")),
            false => Cow::Borrowed(text),
        }
    }

    pub fn mention<'p>(&self, plain: &'p str) -> &'p str {
        slice(plain, self.mention_start, self.mention_end)
    }

    /// Where the mention stands in the block's plain text.
    pub fn mention_range(&self) -> Range<usize> {
        self.mention_start as usize..self.mention_end as usize
    }

    /// The text after the mention, given the block's plain text.
    pub fn after<'p>(&self, plain: &'p str) -> Cow<'p, str> {
        let text = slice(plain, self.mention_end, self.after_end);
        match self.cut_after {
            true => Cow::Owned(format!("{text}…")),
            false => Cow::Borrowed(text),
        }
    }
}

fn slice(plain: &str, start: u32, end: u32) -> &str {
    &plain[start as usize..end as usize]
}

/// An offset into a paragraph's plain text, as a [`Sentence`] keeps it.
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("a paragraph's plain text is below 4 GiB")
}

/// Sentence boundaries of one block's plain text, computed once per block.
pub struct Sentences<'a> {
    plain: &'a str,
    starts: Vec<usize>,
}

impl<'a> Sentences<'a> {
    pub fn new(plain: &'a str) -> Sentences<'a> {
        let starts = near_terminators(plain).unwrap_or_else(|| {
            plain
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .collect()
        });
        Sentences { plain, starts }
    }

    /// The sentence (or sentences, if the mention straddles a boundary) around `range`.
    pub fn around(&self, range: Range<usize>) -> Sentence {
        let plain = self.plain;
        let first = self.starts.partition_point(|&s| s <= range.start) - 1;
        let last = self
            .starts
            .partition_point(|&s| s < range.end.max(range.start + 1));
        let start = self.starts[first];
        let end = self.starts.get(last).copied().unwrap_or(plain.len());
        let before = plain[start..range.start].trim_start();
        let (before, cut_before) = keep_end(before);
        let before_start = range.start - before.len();
        let (after, cut_after) = keep_start(plain[range.end..end].trim_end());
        Sentence {
            start: offset(start),
            before_start: offset(before_start),
            mention_start: offset(range.start),
            mention_end: offset(range.end),
            after_end: offset(range.end + after.len()),
            cut_before,
            cut_after,
        }
    }
}

/// The bytes of a run that may hold a sentence boundary (see
/// [`near_terminators`]), as a table: it is consulted for every byte of text.
const RUN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0x80;
    while byte < 256 {
        table[byte] = true;
        byte += 1;
    }
    let marks = b" .?!\"'()[]{}";
    let mut i = 0;
    while i < marks.len() {
        table[marks[i] as usize] = true;
        i += 1;
    }
    table
};

/// The bytes that make a run worth segmenting (terminators, and non-ASCII
/// characters, whose class is not known here), and the ASCII control
/// characters, for which the whole text is segmented.
const CLUES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte < 0x20 || byte >= 0x7f;
        byte += 1;
    }
    table[b'.' as usize] = true;
    table[b'?' as usize] = true;
    table[b'!' as usize] = true;
    table
};

/// The sentence starts that segmenting the whole text (UAX #29) finds, found
/// by segmenting only short windows around possible sentence ends; `None`
/// for text with ASCII control characters (not met in plain text, where white
/// space is one space), which is segmented whole.
///
/// Segmenting costs a table look-up per character. But a sentence can start
/// only after a terminator, closing marks and spaces (`SATerm Close* Sp*`,
/// rule SB11; paragraph separators are white space, gone from plain text),
/// and in ASCII the terminators are `.?!`, the closing marks `"'()[]{}`.
/// So the text is cut into runs of those characters and non-ASCII ones
/// (whose class is not known here); a run with a terminator or a non-ASCII
/// character is segmented in a window from the character before it to the
/// first ASCII letter or terminator after it. No rule looks further back
/// (the character before the run is ASCII and neither a terminator, a closing
/// mark, a space nor Extend/Format) or further ahead (SB8 stops at a letter
/// or a terminator), so the window decides each place in the run and just
/// after it as the whole text does.
fn near_terminators(plain: &str) -> Option<Vec<usize>> {
    let bytes = plain.as_bytes();
    let in_run = |b: u8| RUN_BYTES[b as usize];
    let ends_search = |b: u8| b.is_ascii_alphabetic() || b".?!".contains(&b);
    let mut starts = if plain.is_empty() { vec![] } else { vec![0] };
    // Only a run with a terminator or a non-ASCII character matters: the
    // text is searched for those (and control characters), and the run
    // around each found.
    let mut searched = 0;
    while let Some(offset) = bytes[searched..].iter().position(|&b| CLUES[b as usize]) {
        let clue = searched + offset;
        if bytes[clue] < 0x20 || bytes[clue] == 0x7f {
            return None;
        }
        let before = bytes[searched..clue].iter().rev();
        let run = clue - before.take_while(|&&b| in_run(b)).count();
        let run_end = clue + bytes[clue..].iter().take_while(|&&b| in_run(b)).count();
        if is_plain_sentence_end(bytes, run..run_end) {
            if starts.last() < Some(&run_end) {
                starts.push(run_end);
            }
            searched = run_end;
            continue;
        }
        if !may_end_a_sentence(&plain[run..run_end]) {
            searched = run_end;
            continue;
        }
        let from = run.saturating_sub(1);
        let until = bytes[run_end..]
            .iter()
            .position(|&b| ends_search(b))
            .map_or(bytes.len(), |at| run_end + at + 1);
        for (offset, _) in plain[from..until].split_sentence_bound_indices() {
            let at = from + offset;
            if at > run && at <= run_end && at < bytes.len() && starts.last() < Some(&at) {
                starts.push(at);
            }
        }
        searched = run_end;
    }
    Some(starts)
}

/// Whether `run` is the commonest end of a sentence, `word. Next`: a
/// terminator and one space, after an ASCII letter or digit and before an ASCII
/// capital. There UAX #29 puts the one boundary of the window before the
/// capital (rule SB11; SB7 and SB8 need no space or a small letter next), so
/// it is known without segmenting, as it is for most sentences of most texts.
fn is_plain_sentence_end(bytes: &[u8], run: std::ops::Range<usize>) -> bool {
    let before = run.start.checked_sub(1).map(|at| bytes[at]);
    matches!(bytes[run.clone()], [b'.' | b'?' | b'!', b' '])
        && before.is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.get(run.end).is_some_and(u8::is_ascii_uppercase)
}

/// Whether a run may hold a sentence boundary. Every boundary in text
/// without line breaks follows a terminator (`SATerm Close* Sp*`, rule SB11),
/// and no letter, quotation mark or dash is one: a run of those and closing
/// marks, say the `’` of `Korea’s`, is not segmented.
fn may_end_a_sentence(run: &str) -> bool {
    run.chars().any(|c| match c {
        '.' | '?' | '!' => true,
        '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2013}' | '\u{2014}' => false,
        '\u{AB}' | '\u{BB}' => false,
        c => !c.is_ascii() && !c.is_alphabetic(),
    })
}

/// The end of `text`, at most about `MAX_SIDE` bytes from a word on; whether it was cut.
fn keep_end(text: &str) -> (&str, bool) {
    if text.len() <= MAX_SIDE {
        return (text, false);
    }
    let mut cut = text.len() - MAX_SIDE;
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    // Start at a word, not in the middle of one.
    let cut = text[cut..].find(' ').map_or(cut, |space| cut + space + 1);
    (&text[cut..], true)
}

/// The start of `text`, at most `MAX_SIDE` bytes to a word's end; whether it was cut.
fn keep_start(text: &str) -> (&str, bool) {
    if text.len() <= MAX_SIDE {
        return (text, false);
    }
    let mut cut = MAX_SIDE;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = text[..cut].rfind(' ').unwrap_or(cut);
    (&text[..cut], true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_sentence_around_a_mention() {
        let plain = "First one. Then Gondor spoke. Last.";
        let at = plain.find("Gondor").unwrap();
        let sentence = Sentences::new(plain).around(at..at + 6);
        assert_eq!(sentence.before(plain), "Then ");
        assert_eq!(sentence.mention(plain), "Gondor");
        assert_eq!(sentence.after(plain), " spoke.");
    }

    #[test]
    fn shortens_very_long_sentences() {
        let plain = format!("{} Gondor {}", "a".repeat(500), "b".repeat(500));
        let at = plain.find("Gondor").unwrap();
        let sentence = Sentences::new(&plain).around(at..at + 6);
        let (before, after) = (sentence.before(&plain), sentence.after(&plain));
        assert!(before.starts_with('…') && before.len() < 220);
        assert!(after.ends_with('…') && after.len() < 220);
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

    /// Random texts of the characters that matter to the rules, and some
    /// that do not: the runs left unsegmented must hold no boundary.
    #[test]
    fn local_segmentation_agrees_on_random_texts() {
        let pieces = [
            "Go", "go", " ", ".", "?", "!", "\"", "'", "(", ")", "’", "‘", "“", "”", "—", "–", "«",
            "»", "é", "É", "Ü", "。", "؟", "…", "\u{ad}", "\u{301}", "3", ",", ":", "-", "x.",
            "A.", "e.g.", "go. Go", "go! Go", "3? Go", "Go. go",
        ];
        let mut sequence = crate::testing::Sequence::new(11);
        let mut next = |n: usize| sequence.below(n);
        for _ in 0..20_000 {
            let text: String = (0..next(14)).map(|_| pieces[next(pieces.len())]).collect();
            let whole_starts: Vec<usize> = text
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .collect();
            assert_eq!(near_terminators(&text), Some(whole_starts), "{text:?}");
        }
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
            "“We came.” Gondor said. ‘Gondor?’ (Gondor.) [Gondor!] x.) Gondor",
            "Gondor. — Gondor.. Gondor?? \"Gondor.\" gondor. 1.5. Gondor. ... Gondor",
            "Gondor.\u{ad} Gondor.\u{301} Gondor。Gondor؟ Gondor. -Gondor. , Gondor",
            "Gondor e.g. (a) Gondor i.e. Gondor: Gondor.”) Gondor",
            "",
            "Gondor",
        ];
        for text in texts {
            let whole_starts: Vec<usize> = text
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .collect();
            assert_eq!(near_terminators(text), Some(whole_starts), "{text:?}");
            let with_control = format!("{text} \u{1}");
            assert_eq!(near_terminators(&with_control), None, "{with_control:?}");
            for (at, _) in text.match_indices("Gondor") {
                let range = at..at + 6;
                let sentence = Sentences::new(text).around(range.clone());
                let (start, end) = whole(text, range.clone());
                assert_eq!(sentence.start as usize, start, "{text:?} at {at}");
                assert_eq!(
                    sentence.after(text),
                    keep_start(text[range.end..end].trim_end()).0,
                    "{text:?} at {at}"
                );
            }
        }
    }
}
