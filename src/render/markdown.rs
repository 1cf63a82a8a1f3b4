//! Renders the analyst's own Markdown (entity, event and note bodies), with
//! wikilinks pointing at the pages resolved for them.

use pulldown_cmark::{html::push_html, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::model::Target;

/// `targets` are the body's wikilink targets in order, as resolved; `link`
/// gives the address of each.
pub fn render_body(markdown: &str, targets: &[Target], link: impl Fn(Target) -> String) -> String {
    let mut targets = targets.iter();
    let events =
        Parser::new_ext(markdown, crate::markdown::options(true)).map(|event| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                title,
                id,
                ..
            }) => {
                let target = targets.next().expect("every wikilink was resolved");
                Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(link(*target)),
                    title,
                    id,
                })
            }
            other => other,
        });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    push_html(&mut html, events);
    html
}

/// The text of a Markdown body without its markup, white space collapsed: what
/// the search index holds of the analyst's notes.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    let space = |text: &mut String| {
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
    };
    for event in Parser::new_ext(markdown, crate::markdown::options(true)) {
        match event {
            Event::Text(chunk) | Event::Code(chunk) => {
                for c in chunk.chars() {
                    if c.is_whitespace() {
                        space(&mut text);
                    } else {
                        text.push(c);
                    }
                }
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => space(&mut text),
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup_and_keeps_words_apart() {
        assert_eq!(
            plain_text("A *b* `c`\nd.\n\n- one\n- [[slug|two]]\n"),
            "A b c d. one two"
        );
        assert_eq!(plain_text("x  y\n\nz"), "x y z");
    }
}
