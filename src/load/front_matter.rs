//! Splits a content file into its `+++` TOML front matter and Markdown body.

use crate::source::Span;

const FENCE: &str = "+++";

/// Where the two parts of a content file lie in its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Parts {
    /// The TOML between the fences.
    pub front_matter: Span,
    /// The Markdown after the closing fence.
    pub body: Span,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    Missing,
    Unterminated,
}

impl SplitError {
    pub fn message(&self) -> &'static str {
        match self {
            SplitError::Missing => "missing front matter: a content file starts with a line '+++'",
            SplitError::Unterminated => "unterminated front matter: no closing line '+++'",
        }
    }
}

/// Finds the fences: the first line must be `+++`, the front matter ends at the next `+++` line.
pub fn split(text: &str) -> Result<Parts, SplitError> {
    let mut lines = line_spans(text);
    let first = lines.next().ok_or(SplitError::Missing)?;
    if text[first.clone()].trim_end() != FENCE {
        return Err(SplitError::Missing);
    }
    let closing = lines
        .find(|line| text[line.clone()].trim_end() == FENCE)
        .ok_or(SplitError::Unterminated)?;
    let body_start = text[closing.end..]
        .find('\n')
        .map_or(text.len(), |i| closing.end + i + 1);
    Ok(Parts {
        front_matter: after_line_break(text, first.end)..closing.start,
        body: body_start..text.len(),
    })
}

/// Each line's span, without its line break.
fn line_spans(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = start..end;
        start = end + 1;
        Some(line)
    })
}

fn after_line_break(text: &str, line_end: usize) -> usize {
    (line_end + 1).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_front_matter_and_body() {
        let text = "+++\ntitle = \"A\"\n+++\nBody.\n";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.front_matter], "title = \"A\"\n");
        assert_eq!(&text[parts.body], "Body.\n");
    }

    #[test]
    fn accepts_windows_line_breaks_and_an_empty_body() {
        let text = "+++\r\ntitle = \"A\"\r\n+++";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.front_matter], "title = \"A\"\r\n");
        assert_eq!(&text[parts.body], "");
    }

    #[test]
    fn reports_missing_and_unterminated_fences() {
        assert_eq!(split("title = 1\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("+++\ntitle = 1\n"), Err(SplitError::Unterminated));
    }
}
