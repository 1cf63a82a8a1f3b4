//! Pictures drawn at build time as inline SVG: the timeline and the relationship map.
//!
//! This module knows nothing of the rest of the crate. The engine passes plain structs
//! ([`TimelineItem`], [`MapNode`], [`MapEdge`]) whose `href`s it has already made relative,
//! and gets back one `<svg>` element as a `String`, to be placed in a page as it is.
//!
//! How a picture is made:
//! 1. The input is put in a fixed order (lanes by name ignoring case and accents, events by
//!    date, ties by strength then key), so equal input gives byte-identical output: no hash
//!    map is iterated, no clock or random number is read, every number is written with one decimal.
//! 2. What is drawn is chosen: the timeline cuts runs of [`BREAK_YEARS`] or more empty years
//!    out of its axis and marks each cut as a break; the map keeps the strongest ties under
//!    its [`MapCap`].
//! 3. Shapes are placed: a timeline mark spans exactly the days its date covers and is packed
//!    into the first free row of its lane; an ego map's partners are put on a ring around
//!    it, and the front page's map is laid out by the `force_graph` crate (a force-directed
//!    layout on `petgraph`) from fixed start positions for a fixed number of steps.
//! 4. Text labels are placed greedily, only where they overlap nothing; everything unlabelled
//!    still has its `<title>` tooltip, and the engine renders the text equivalent beside it.
//! 5. The SVG is written: `viewBox`, `width`/`height` (its natural size; CSS may scale it or
//!    scroll it), `role="img"`, `<title>` and `<desc>`, and every mark or node an
//!    `<a href>` holding its own `<title>`. Links get `tabindex="-1"`: inside an image they
//!    are for the mouse, keyboard and screen-reader users follow the text equivalent.
//!
//! Styling: every element carries a CSS class (listed in `timeline.rs` and `map.rs`) and also
//! default `fill`/`stroke` attributes, so a picture renders without any stylesheet. Meaning
//! never rests on colour alone: precision is shown by shape (hollow bar, filled bar, dot) and
//! people and countries by shape (circle, square).

mod map;
mod timeline;

pub use map::{relationship_map_svg, MapCap, MapEdge, MapNode, MapOptions, NodeKind};
pub use timeline::{timeline_svg, Precision, TimelineItem, TimelineStyle, BREAK_YEARS};

use std::fmt::{self, Display, Write};

/// Average width of one character of the 11 px sans-serif label font, rounded up, used to
/// decide where a label has room.
const CHAR_WIDTH: f64 = 6.6;

/// Text escaped for XML character data and attribute values.
struct Esc<'a>(&'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::render::write_escaped(f, self.0)
    }
}

/// A coordinate written with one decimal, never as `-0.0`. It is written as a whole number
/// of tenths: formatting a float with `{:.1}` costs many times more, and a map has hundreds
/// of numbers.
struct Num(f64);

impl Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let abs = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", abs / 10, abs % 10)
    }
}

/// The estimated width in pixels of `text` in the label font.
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// An axis-aligned box, used to keep labels from overlapping.
#[derive(Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// The smallest box holding both.
    fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    fn moved(&self, dx: f64, dy: f64) -> Rect {
        Rect {
            x0: self.x0 + dx,
            y0: self.y0 + dy,
            x1: self.x1 + dx,
            y1: self.y1 + dy,
        }
    }
}

/// Writes the opening `<svg>` tag with its `<title>` and `<desc>`.
fn open_svg(out: &mut String, class: &str, size: (f64, f64), title: &str, desc: &str) {
    let (w, h) = (Num(size.0), Num(size.1));
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">\
         \n<title>{}</title>\n<desc>{}</desc>\n",
        Esc(title),
        Esc(desc)
    );
}

#[cfg(test)]
mod test_support {
    //! Helpers shared by the tests of both pictures.

    /// Parses `svg` with a real XML parser and returns the document.
    pub fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).expect("the SVG is well-formed XML")
    }

    /// The `<a>` elements of `doc`, in document order.
    pub fn links<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
        doc.descendants().filter(|n| n.has_tag_name("a")).collect()
    }

    /// The text of the `<title>` child of `node`.
    pub fn title_of<'a>(node: roxmltree::Node<'a, 'a>) -> &'a str {
        node.children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .expect("a <title> child")
    }

    /// Checks the root: `viewBox`, `role="img"`, a `<title>` and a `<desc>`.
    pub fn check_root(doc: &roxmltree::Document<'_>) {
        let root = doc.root_element();
        assert!(root.has_tag_name("svg"));
        assert!(root.attribute("viewBox").is_some());
        assert_eq!(root.attribute("role"), Some("img"));
        let kids: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert!(kids[0].has_tag_name("title"));
        assert!(kids[1].has_tag_name("desc"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters() {
        let s = Esc("a<b & \"c\" 'd'>").to_string();
        assert_eq!(s, "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
    }

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        assert_eq!(Num(1.26).to_string(), "1.3");
        assert_eq!(Num(-0.04).to_string(), "0.0");
        assert_eq!(Num(12.0).to_string(), "12.0");
    }
}
