//! Renders the analyst's own Markdown (entity, event and note bodies), with
//! wikilinks pointing at the pages resolved for them.

use pulldown_cmark::{html::push_html, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::model::Target;

/// `targets` are the body's wikilink targets in order, as resolved; `link`
/// gives the address of each and `name` the words a bare `[[slug]]` shows
/// (a reader should see "Gondor", not "gondor-kingdom").
pub fn render_body<'n>(
    markdown: &str,
    targets: &[Target],
    link: impl Fn(Target) -> String,
    name: impl Fn(Target) -> &'n str,
) -> String {
    let mut targets = targets.iter();
    // The target of an unpiped wikilink whose text is still to come.
    let mut naming: Option<Target> = None;
    let events =
        Parser::new_ext(markdown, crate::markdown::options(true)).map(|event| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                title,
                id,
                ..
            }) => {
                let target = *targets.next().expect("every wikilink was resolved");
                naming = (!has_pothole).then_some(target);
                Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(link(target)),
                    title,
                    id,
                })
            }
            Event::Text(_) if naming.is_some() => {
                let target = naming.take().expect("checked");
                Event::Text(CowStr::from(name(target).to_string()))
            }
            Event::End(TagEnd::Link) => {
                naming = None;
                event
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

    #[test]
    fn a_bare_wikilink_shows_its_target_name_and_a_piped_one_its_text() {
        let targets = [Target::Person(0), Target::Country(1)];
        let html = render_body(
            "See [[gondor-king]] and [[realm|the realm]].",
            &targets,
            |t| format!("{t:?}.html"),
            |t| {
                if t == Target::Person(0) {
                    "The King"
                } else {
                    "Gondor"
                }
            },
        );
        assert_eq!(
            html,
            "<p>See <a href=\"Person(0).html\">The King</a> and <a href=\"Country(1).html\">the realm</a>.</p>\n"
        );
    }
}
