//! Located errors and warnings, collected so that one run reports them all.
//!
//! A [`Diagnostic`] carries its file, line and column resolved at creation,
//! with the offending line for a caret display, so it can be printed without
//! the files it came from.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// The offending line and the columns to underline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub line_text: String,
    /// 1-based column of the first underlined character.
    pub column: usize,
    pub width: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    /// Boxed: most diagnostics travel in `Result`s, which should stay small.
    pub snippet: Option<Box<Snippet>>,
}

impl Diagnostic {
    /// A diagnostic at `span` of `file`, with the line shown under it.
    pub fn at(severity: Severity, file: &SourceFile, span: Span, message: String) -> Self {
        let (line, column) = file.line_col(span.start);
        let line_text = file.line_text(line).to_string();
        let (end_line, end_column) = file.line_col(span.end);
        let width = if end_line == line && end_column > column {
            end_column - column
        } else {
            1
        };
        Diagnostic {
            severity,
            path: file.path.clone(),
            line,
            column,
            message,
            help: None,
            snippet: Some(Box::new(Snippet {
                line_text,
                column,
                width,
            })),
        }
    }

    pub fn error_at(file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Self::at(Severity::Error, file, span, message.into())
    }

    pub fn warning_at(file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Self::at(Severity::Warning, file, span, message.into())
    }

    /// A diagnostic about a whole file (a bad name, a file that cannot be read): line 1.
    pub fn for_file(severity: Severity, path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Prints the diagnostic in the style of rustc, coloured when `colour` is set.
    pub fn render(&self, colour: bool) -> String {
        let paint = Paint { on: colour };
        let (label, tint) = match self.severity {
            Severity::Error => ("error", RED),
            Severity::Warning => ("warning", YELLOW),
        };
        let mut out = format!(
            "{}: {}: {}\n",
            paint.bold(&format!(
                "{}:{}:{}",
                self.path.display(),
                self.line,
                self.column
            )),
            paint.tint(tint, label),
            paint.bold(&self.message)
        );
        if let Some(snippet) = &self.snippet {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let caret = format!(
                "{}{}",
                " ".repeat(snippet.column - 1),
                "^".repeat(snippet.width)
            );
            out += &format!("{gutter} {}\n", paint.tint(BLUE, "|"));
            out += &format!(
                "{} {} {}\n",
                paint.tint(BLUE, &number),
                paint.tint(BLUE, "|"),
                snippet.line_text
            );
            out += &format!(
                "{gutter} {} {}\n",
                paint.tint(BLUE, "|"),
                paint.tint(tint, &caret)
            );
        }
        if let Some(help) = &self.help {
            out += &format!("  = {}: {help}\n", paint.bold("help"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

const RED: &str = "31";
const YELLOW: &str = "33";
const BLUE: &str = "34";

struct Paint {
    on: bool,
}

impl Paint {
    fn tint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[1;{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn bold(&self, text: &str) -> String {
        if self.on {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Every diagnostic of a run, in a stable order.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Adds the diagnostics `other` collected (from a stage run in parallel).
    pub fn append(&mut self, mut other: Diagnostics) {
        self.items.append(&mut other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics sorted by file, then position, so output is stable
    /// whatever order parallel stages found them in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        self.items.extend(iter);
    }
}

/// The candidate closest to `wrong`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::normalized_damerau_levenshtein(wrong, candidate),
                candidate,
            )
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_caret() {
        let file = SourceFile::new(
            "people/x.md".into(),
            "+++\nname = \"X\"\ncountry = \"nowhere\"\n".into(),
        );
        let d = Diagnostic::error_at(&file, 25..34, "unknown country 'nowhere'")
            .with_help("did you mean 'narnia'?");
        let text = d.render(false);
        assert!(
            text.starts_with("people/x.md:3:11: error: unknown country 'nowhere'\n"),
            "{text}"
        );
        assert!(text.contains("3 | country = \"nowhere\"\n"), "{text}");
        assert!(text.contains("  |           ^^^^^^^^^\n"), "{text}");
        assert!(text.contains("= help: did you mean 'narnia'?"), "{text}");
    }

    #[test]
    fn suggests_only_close_candidates() {
        assert_eq!(did_you_mean("gondr", ["gondor", "rohan"]), Some("gondor"));
        assert_eq!(did_you_mean("xyz", ["gondor", "rohan"]), None);
    }
}
