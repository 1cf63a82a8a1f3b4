//! The Markdown dialect shared by every stage that parses bodies.

use pulldown_cmark::Options;

/// CommonMark plus tables, footnotes and strikethrough; never "smart" punctuation.
/// Wikilinks only in the analyst's own bodies: article texts are third-party text.
pub fn options(wikilinks: bool) -> Options {
    let mut options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    if wikilinks {
        options |= Options::ENABLE_WIKILINKS;
    }
    options
}
