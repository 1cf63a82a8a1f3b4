//! An article body as top-level blocks, each with its plain text.
//!
//! Plain text is the block's text with Markdown markup removed and runs of
//! white space as one space. Text events outside code blocks are rewritten to
//! exactly their share of the plain text (HTML collapses white space anyway),
//! so a byte range of the plain text maps onto the events without a table.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// A piece of a block's plain text and the event it came from.
#[derive(Debug, Clone)]
pub struct Segment {
    pub event: usize,
    pub plain: Range<usize>,
    /// A `Text` event outside code, whose text equals its plain text: it can be split.
    pub editable: bool,
    /// Outside links and images: a mention may be linked here.
    pub linkable: bool,
}

/// One top-level block: its events, plain text and segments.
pub struct Block<'a> {
    pub events: Vec<Event<'a>>,
    pub plain: String,
    pub segments: Vec<Segment>,
}

/// Raw HTML in article texts is third-party markup: show it as text.
pub fn raw_html_as_text(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        other => other,
    }
}

/// Groups events into top-level blocks (a paragraph, heading, list, quote, table, rule…).
pub fn split_blocks<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Vec<Event<'a>>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    let mut depth = 0usize;
    for event in events {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        current.push(event);
        if depth == 0 {
            blocks.push(std::mem::take(&mut current));
        }
    }
    blocks
}

impl<'a> Block<'a> {
    pub fn new(mut events: Vec<Event<'a>>) -> Block<'a> {
        // Sized once: the plain text is kept for the whole build, and a
        // string grown by doubling would hold up to twice its length.
        let longest = events.iter().map(|event| match event {
            Event::Text(text) | Event::Code(text) => text.len() + 1,
            _ => 1,
        });
        let mut plain = PlainText {
            text: String::with_capacity(longest.sum()),
            ends_in_separator: false,
        };
        let mut segments = Vec::new();
        let mut in_code_block = false;
        let mut link_depth = 0usize;
        for (index, event) in events.iter_mut().enumerate() {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
                Event::End(TagEnd::CodeBlock) => in_code_block = false,
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => link_depth += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => link_depth -= 1,
                Event::Text(text) => {
                    let (range, as_is) = plain.push(text);
                    let editable = !in_code_block;
                    // Most text has no white space to collapse: it keeps its borrow.
                    if editable && !as_is {
                        *text = plain.text[range.clone()].to_string().into();
                    }
                    segments.push(Segment {
                        event: index,
                        plain: range,
                        editable,
                        linkable: editable && link_depth == 0,
                    });
                }
                Event::Code(text) => {
                    let (range, _) = plain.push(text);
                    segments.push(Segment {
                        event: index,
                        plain: range,
                        editable: false,
                        linkable: false,
                    });
                }
                Event::SoftBreak | Event::HardBreak => plain.space(),
                Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
                ) => plain.space(),
                _ => {}
            }
        }
        Block {
            events,
            plain: plain.finish(),
            segments,
        }
    }
}

/// Builds plain text, collapsing white space across event boundaries.
#[derive(Default)]
struct PlainText {
    text: String,
    /// Whether the text ends in the space [`PlainText::space`] put after
    /// the last item or paragraph, which is no part of any text.
    ends_in_separator: bool,
}

impl PlainText {
    /// Appends `raw` with white space collapsed; the range it took, and
    /// whether `raw` was appended as it is. Runs of text are copied whole:
    /// only white space other than a single space after a non-space needs
    /// rewriting.
    fn push(&mut self, raw: &str) -> (Range<usize>, bool) {
        let start = self.text.len();
        let bytes = raw.as_bytes();
        // Whether the text so far, with `raw[copied..at]` appended, ends in a
        // space (or is empty: no space may lead it either).
        let mut after_space = self.text.is_empty() || self.text.ends_with(' ');
        if !(after_space && raw.starts_with(' ')) && is_collapsed(bytes) {
            self.text.push_str(raw);
            self.ends_in_separator &= raw.is_empty();
            return (start..self.text.len(), true);
        }
        let mut copied = 0;
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == b' ' && !after_space {
                after_space = true;
                at += 1;
                continue;
            }
            let width = whitespace_width(raw, at);
            if width == 0 {
                after_space = false;
                at += 1;
                continue;
            }
            self.text.push_str(&raw[copied..at]);
            self.space();
            after_space = true;
            at += width;
            copied = at;
        }
        self.text.push_str(&raw[copied..]);
        // A space written above is the text's own.
        self.ends_in_separator &= self.text.len() == start;
        (start..self.text.len(), copied == 0)
    }

    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
            self.ends_in_separator = true;
        }
    }

    /// The text without a separator at its end: a paragraph's plain text is
    /// then its line of Markdown as it is, when it has no markup.
    fn finish(mut self) -> String {
        if self.ends_in_separator {
            self.text.pop();
        }
        self.text
    }
}

/// Whether `text` holds no white space but single spaces. Checked without
/// an early exit so that it is vectorised: most text is like this, and
/// [`PlainText::push`] then copies it whole instead of looking at each byte.
/// May answer `false` for other control characters too.
fn is_collapsed(text: &[u8]) -> bool {
    let byte = |at: usize| text.get(at).copied().unwrap_or(0);
    let n = text.len();
    // The last two bytes, where no three-byte character starts.
    let tail = (n.saturating_sub(2)..n).any(|at| {
        let (x, y) = (byte(at), byte(at + 1));
        x < 0x20 || (x == b' ' && y == b' ') || (x == 0xC2 && matches!(y, 0x85 | 0xA0))
    });
    if n < 3 {
        return !tail;
    }
    let triples = text[..n - 2].iter().zip(&text[1..n - 1]).zip(&text[2..]);
    let found = triples.fold(false, |found, ((&x, &y), &z)| {
        found
            | (x < 0x20)
            | ((x == b' ') & (y == b' '))
            // U+0085, U+00A0
            | ((x == 0xC2) & ((y == 0x85) | (y == 0xA0)))
            // U+1680
            | ((x == 0xE1) & (y == 0x9A) & (z == 0x80))
            // U+2000–U+200A, U+2028, U+2029, U+202F
            | ((x == 0xE2) & (y == 0x80) & ((z <= 0x8A) | (z == 0xA8) | (z == 0xA9) | (z == 0xAF)))
            // U+205F
            | ((x == 0xE2) & (y == 0x81) & (z == 0x9F))
            // U+3000
            | ((x == 0xE3) & (y == 0x80) & (z == 0x80))
    });
    !(found || tail)
}

/// The length of the white-space character at byte `at` of `text`; 0 if
/// there is none there (in the middle of a character too). Looked at byte by
/// byte, as this is for every byte of every article: only these lead bytes
/// start a white-space character beyond ASCII (U+0085, U+00A0, U+1680,
/// U+2000–U+205F, U+3000).
fn whitespace_width(text: &str, at: usize) -> usize {
    match text.as_bytes()[at] {
        b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => text[at..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// Runs of white space as one space, ends trimmed: how quotes are compared.
pub fn normalize_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    #[test]
    fn white_space_beyond_ascii_is_one_space_too() {
        let mut plain = PlainText::default();
        plain.push("a\u{a0}b\u{3000}\u{2009} c\u{85}é\u{1680}ü\u{2028}");
        assert_eq!(plain.text, "a b c é ü ");
        let mut plain = PlainText::default();
        plain.push("\u{e9}\u{2019}\u{3042}");
        assert_eq!(
            plain.text, "é’あ",
            "letters whose lead bytes start white space too"
        );
    }

    #[test]
    fn every_white_space_character_but_the_single_space_is_seen() {
        let white: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace() && *c != ' ')
            .collect();
        for c in white {
            for text in [
                format!("{c}"),
                format!("ab{c}"),
                format!("a{c}bc"),
                format!("{c}abcd"),
            ] {
                assert!(!is_collapsed(text.as_bytes()), "{:?} in {text:?}", c);
            }
        }
        for text in ["a  b", "  ", "ab  "] {
            assert!(!is_collapsed(text.as_bytes()), "{text:?}");
        }
        for text in ["", "a", " a b ", "“é’あ” – «ü»", "ab "] {
            assert!(is_collapsed(text.as_bytes()), "{text:?}");
        }
    }

    #[test]
    fn runs_of_spaces_collapse_across_pushes() {
        let mut plain = PlainText::default();
        let (first, first_as_is) = plain.push(" a b  c\n\t d ");
        let (second, second_as_is) = plain.push(" e\u{a0} f");
        plain.space();
        plain.push("  g ");
        assert_eq!(plain.text, "a b c d e f g ");
        assert_eq!(&plain.text[first], "a b c d ");
        assert_eq!(&plain.text[second], "e f");
        assert!(!first_as_is && !second_as_is);
        let (third, third_as_is) = plain.push("h i ");
        assert_eq!((&plain.text[third], third_as_is), ("h i ", true));
        let (_, leading_space_as_is) = plain.push(" j");
        assert!(!leading_space_as_is, "the space after `i ` is dropped");
    }

    fn blocks(markdown: &str) -> Vec<String> {
        split_blocks(Parser::new(markdown).map(raw_html_as_text))
            .into_iter()
            .map(|events| Block::new(events).plain)
            .collect()
    }

    #[test]
    fn one_block_per_top_level_element_with_markup_removed() {
        let plain = blocks("A *b*  `c`\nd.\n\n# Head\n\n- one\n- two\n\n> quoted\n\n---\n");
        assert_eq!(plain, ["A b c d.", "Head", "one two", "quoted", ""]);
    }

    #[test]
    fn a_space_of_the_text_itself_stays_at_its_end() {
        assert_eq!(blocks("x `a `\n"), ["x a "]);
    }

    #[test]
    fn raw_html_is_text() {
        let plain = blocks("<div>x</div>\n\nA <b>b</b>\n");
        assert_eq!(plain, ["<div>x</div> ", "A <b>b</b>"]);
    }
}
