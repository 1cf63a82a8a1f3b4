//! HTML made in Rust that a page's template places, kept out of the
//! template's context.
//!
//! Tera copies every value of a context into JSON, then into the page it
//! renders. An article's text or an entity's list of sources is most of its
//! page, and would be copied twice for nothing. So while a page's context is
//! made ([`collecting`]), a [`Fragment`] takes the place of its HTML with a
//! short placeholder, and the page is written as [`pieces`]: the rendered
//! shell cut at each placeholder, with the fragment there instead. A template
//! places a fragment with `| safe`, as it would the HTML, and may test it in
//! an `if` (an empty fragment stays empty); a filter would see the
//! placeholder.

use std::cell::RefCell;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// Opens a placeholder; the fragment's number and [`CLOSE`] follow. Private
/// use characters: no escaping touches them, and no text means them.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

thread_local! {
    /// The fragments of the context being made on this thread, by number.
    static COLLECTED: RefCell<Option<Vec<Fragment>>> = const { RefCell::new(None) };
}

/// A piece of HTML for a template to place with `| safe`. Cloning it is
/// cheap: the HTML is shared.
#[derive(Clone, Debug, Default)]
pub struct Fragment(Arc<String>);

impl Fragment {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Fragment {
    fn from(html: String) -> Self {
        Fragment(Arc::new(html))
    }
}

impl Serialize for Fragment {
    /// The placeholder while a page's context is made; the HTML otherwise
    /// (in a feed, say).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_empty() {
            return serializer.serialize_str("");
        }
        let placeholder = COLLECTED.with_borrow_mut(|collected| {
            let collected = collected.as_mut()?;
            collected.push(self.clone());
            Some(format!("{OPEN}{}{CLOSE}", collected.len() - 1))
        });
        serializer.serialize_str(placeholder.as_deref().unwrap_or(&self.0))
    }
}

/// What `make` returns, and the fragments serialized while it ran, each
/// standing in the result as its placeholder.
pub fn collecting<R>(make: impl FnOnce() -> R) -> (R, Vec<Fragment>) {
    let outer = COLLECTED.replace(Some(Vec::new()));
    let made = make();
    let fragments = COLLECTED.replace(outer).unwrap_or_default();
    (made, fragments)
}

/// `shell` cut at its placeholders, each replaced by its fragment: the page,
/// in order. A placeholder with no fragment of its number is left as it is.
pub fn pieces<'a>(shell: &'a str, fragments: &'a [Fragment]) -> Vec<&'a str> {
    let mut pieces = Vec::new();
    let mut rest = shell;
    while let Some(open) = rest.find(OPEN) {
        let after = &rest[open + OPEN.len_utf8()..];
        let fragment = after
            .split_once(CLOSE)
            .and_then(|(number, tail)| Some((fragments.get(number.parse::<usize>().ok()?)?, tail)));
        match fragment {
            Some((fragment, tail)) => {
                pieces.extend([&rest[..open], fragment.as_str()]);
                rest = tail;
            }
            None => {
                pieces.push(&rest[..open + OPEN.len_utf8()]);
                rest = after;
            }
        }
    }
    pieces.push(rest);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct View {
        title: &'static str,
        text: Fragment,
        empty: Fragment,
    }

    fn view() -> View {
        View {
            title: "T",
            text: Fragment::from("<p>a</p>".to_string()),
            empty: Fragment::default(),
        }
    }

    #[test]
    fn a_context_holds_placeholders_and_the_page_its_fragments() {
        let (json, fragments) = collecting(|| serde_json::to_string(&view()).unwrap());
        assert!(!json.contains("<p>"), "{json}");
        assert!(
            json.contains(r#""empty":"""#),
            "an empty fragment stays empty"
        );
        let shell = serde_json::from_str::<serde_json::Value>(&json).unwrap()["text"]
            .as_str()
            .map(|placeholder| format!("<main>{placeholder}</main>"))
            .unwrap();
        assert_eq!(pieces(&shell, &fragments).concat(), "<main><p>a</p></main>");
    }

    #[test]
    fn outside_a_page_a_fragment_is_its_html() {
        let json = serde_json::to_string(&view()).unwrap();
        assert!(json.contains(r#""text":"<p>a</p>""#), "{json}");
    }

    #[test]
    fn a_stray_placeholder_is_left_as_it_is() {
        let shell = format!("a{OPEN}7{CLOSE}b{OPEN}x");
        assert_eq!(pieces(&shell, &[]).concat(), shell);
    }
}
