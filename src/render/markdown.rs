//! Renders the analyst's own Markdown (entity, event and note bodies), with
//! wikilinks pointing at the pages resolved for them.

use pulldown_cmark::{html::push_html, CowStr, Event, LinkType, Parser, Tag};

use crate::model::{Corpus, Target};
use crate::urls;

/// `targets` are the body's wikilink targets in order, as resolved.
pub fn render_body(corpus: &Corpus, markdown: &str, targets: &[Target], root: &str) -> String {
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
                    dest_url: CowStr::from(urls::link(root, corpus, *target)),
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
