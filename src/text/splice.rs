//! Puts mention links and quote highlights into a block's events.
//!
//! Both are ranges of the block's plain text. An editable text event that a
//! range touches is cut into pieces; each piece sits in at most one link, and
//! a highlighted piece gets its own `<mark>`, so the HTML always nests.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use crate::model::{Corpus, Target};
use crate::urls;

use super::blocks::{Block, Segment};

/// How a mention link starts in the HTML; its address and `">` follow.
pub const MENTION_OPEN: &str = "<a class=\"mention\" href=\"";

/// The opening tag of a mention link to each person, country and event,
/// made once for every article rather than once for each mention.
pub struct MentionTags {
    people: Vec<String>,
    countries: Vec<String>,
    events: Vec<String>,
}

impl MentionTags {
    /// Tags linking from a page whose way back to the root is `link_base`.
    pub fn new(corpus: &Corpus, link_base: &str) -> MentionTags {
        MentionTags::with_hrefs(corpus, |target| urls::link(link_base, corpus, target))
    }

    /// Tags linking each entity to where `href` says.
    pub fn with_hrefs(corpus: &Corpus, href: impl Fn(Target) -> String) -> MentionTags {
        let tags = |count: usize, target: fn(usize) -> Target| -> Vec<String> {
            (0..count)
                .map(|i| [MENTION_OPEN, &href(target(i)), "\">"].concat())
                .collect()
        };
        MentionTags {
            people: tags(corpus.people.len(), Target::Person),
            countries: tags(corpus.countries.len(), Target::Country),
            events: tags(corpus.events.len(), Target::Event),
        }
    }

    /// The opening tag of a link to `target`.
    pub fn open(&self, target: Target) -> &str {
        match target {
            Target::Person(i) => &self.people[i],
            Target::Country(i) => &self.countries[i],
            Target::Event(i) => &self.events[i],
            // Mentions are of names, and articles have none.
            Target::Article(_) => unreachable!("an article is never mentioned by name"),
        }
    }
}

/// A mention to link: its range in the plain text and its link's opening tag.
pub struct LinkCut<'t> {
    pub range: Range<usize>,
    pub open: &'t str,
}

/// A quoted passage to highlight, for the note with this slug.
pub struct MarkCut {
    pub range: Range<usize>,
    pub note: String,
}

/// The block's events, taken out of it, with links and highlights spliced in.
pub fn splice<'a>(
    block: &mut Block<'a>,
    links: &[LinkCut<'a>],
    marks: &[MarkCut],
) -> Vec<Event<'a>> {
    let events = std::mem::take(&mut block.events);
    if links.is_empty() && marks.is_empty() {
        return events;
    }
    let mut segments = block.segments.iter().filter(|s| s.editable).peekable();
    let mut out = Vec::with_capacity(events.len() + 4 * links.len());
    for (index, event) in events.into_iter().enumerate() {
        let segment = segments.next_if(|s| s.event == index);
        match (segment, event) {
            (Some(segment), Event::Text(text)) if touches(segment, links, marks) => {
                push_pieces(&mut out, text, segment.plain.clone(), links, marks)
            }
            (_, event) => out.push(event),
        }
    }
    out
}

fn touches(segment: &Segment, links: &[LinkCut], marks: &[MarkCut]) -> bool {
    let overlaps = |r: &Range<usize>| r.start < segment.plain.end && segment.plain.start < r.end;
    links.iter().any(|l| overlaps(&l.range)) || marks.iter().any(|m| overlaps(&m.range))
}

/// Cuts the text of one segment (`text`, the plain text's `segment`) at the
/// links' and marks' ends, and pushes the pieces, wrapped.
fn push_pieces<'a>(
    out: &mut Vec<Event<'a>>,
    text: CowStr<'a>,
    segment: Range<usize>,
    links: &[LinkCut<'a>],
    marks: &[MarkCut],
) {
    let inside = |p: usize| p > segment.start && p < segment.end;
    let mut cuts: Vec<usize> = vec![segment.start, segment.end];
    for range in links
        .iter()
        .map(|l| &l.range)
        .chain(marks.iter().map(|m| &m.range))
    {
        cuts.extend([range.start, range.end].into_iter().filter(|&p| inside(p)));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut open_link: Option<usize> = None;
    for piece in cuts.windows(2).map(|w| w[0]..w[1]) {
        let covers = |r: &Range<usize>| r.start <= piece.start && piece.end <= r.end;
        let link = links.iter().position(|l| covers(&l.range));
        if link != open_link {
            if open_link.is_some() {
                out.push(html(CLOSE_LINK));
            }
            if let Some(i) = link {
                out.push(html(links[i].open));
            }
            open_link = link;
        }
        let within = piece.start - segment.start..piece.end - segment.start;
        // Most text is borrowed from the article's Markdown: so are its pieces.
        let text = Event::Text(match text {
            CowStr::Borrowed(whole) => CowStr::Borrowed(&whole[within]),
            ref whole => whole[within].to_string().into(),
        });
        match marks.iter().find(|m| covers(&m.range)) {
            Some(mark) => {
                out.push(html(format!(
                    "<mark class=\"quote\" data-note=\"{}\">",
                    mark.note
                )));
                out.push(text);
                out.push(html("</mark>"));
            }
            None => out.push(text),
        }
    }
    if open_link.is_some() {
        out.push(html(CLOSE_LINK));
    }
}

const CLOSE_LINK: &str = "</a>";

fn html<'a>(tag: impl Into<CowStr<'a>>) -> Event<'a> {
    Event::InlineHtml(tag.into())
}

#[cfg(test)]
mod tests {
    use super::super::blocks::{split_blocks, Block};
    use super::*;
    use pulldown_cmark::{html::push_html, Parser};

    fn render(markdown: &str, links: &[LinkCut], marks: &[MarkCut]) -> String {
        let block = split_blocks(Parser::new(markdown)).remove(0);
        let mut out = String::new();
        push_html(
            &mut out,
            splice(&mut Block::new(block), links, marks).into_iter(),
        );
        out
    }

    #[test]
    fn links_a_mention() {
        let links = [LinkCut {
            range: 4..10,
            open: "<a class=\"mention\" href=\"../people/x.html\">",
        }];
        assert_eq!(
            render("Say Gondor's name", &links, &[]),
            "<p>Say <a class=\"mention\" href=\"../people/x.html\">Gondor</a>'s name</p>\n"
        );
    }

    #[test]
    fn highlights_across_emphasis_with_nested_tags() {
        let marks = [MarkCut {
            range: 2..6,
            note: "n".into(),
        }];
        let html = render("a *bc* de", &[], &marks);
        assert_eq!(html, "<p>a <em><mark class=\"quote\" data-note=\"n\">bc</mark></em><mark class=\"quote\" data-note=\"n\"> d</mark>e</p>\n");
    }

    #[test]
    fn a_highlight_inside_a_link_stays_inside_it() {
        let links = [LinkCut {
            range: 0..6,
            open: "<a class=\"mention\" href=\"x.html\">",
        }];
        let marks = [MarkCut {
            range: 3..9,
            note: "n".into(),
        }];
        let html = render("Gondor rises", &links, &marks);
        assert_eq!(html, "<p><a class=\"mention\" href=\"x.html\">Gon<mark class=\"quote\" data-note=\"n\">dor</mark></a><mark class=\"quote\" data-note=\"n\"> ri</mark>ses</p>\n");
    }
}
