//! Stage 3, text: one pass over each article's Markdown.
//!
//! 1. Parse, showing raw HTML as text, and group the events into top-level
//!    blocks, each with its plain text (`blocks`).
//! 2. Find the mentions of people, countries and events in each block
//!    (`mentions`), with the sentence around each (`sentences`).
//! 3. Find each note's quote in the plain text; it must occur exactly once.
//! 4. Splice in mention links and quote highlights (`splice`), render the
//!    whole article once, and cut the HTML back into blocks to give each its
//!    paragraph anchor `p1`, `p2`, …
//!
//! Most blocks are a paragraph of one line of text: such a block keeps
//! neither a copy of its plain text (a range of the Markdown instead) nor its
//! HTML, which pages write from the plain text and mentions when they need
//! it (`ArticleText::write_block`). Two copies of every article's text, kept
//! for the whole build, were most of its memory.

mod blocks;
mod mentions;
mod sentences;
mod splice;

use std::fmt::Write;
use std::ops::Range;

use pulldown_cmark::{html::push_html, CowStr, Event, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html_body_text;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Corpus, Target};
use crate::render::needs_escaping;
use crate::resolve::Resolved;

pub use blocks::normalize_whitespace;
pub use mentions::MentionMatcher;
pub use sentences::Sentence;
pub use splice::MentionTags;

use blocks::Block;
use splice::{LinkCut, MarkCut};

/// An article's text, ready for its page and for the entity pages.
pub struct ArticleText {
    pub blocks: Vec<RenderedBlock>,
    /// In block order.
    pub mentions: Vec<Mention>,
    /// (note, block): where each note's quote was found once, as it must be.
    pub notes: Vec<(usize, usize)>,
}

pub struct RenderedBlock {
    html: BlockHtml,
    plain: Plain,
    /// Whether the plain text holds characters that HTML escapes: passages
    /// quoted from it on entity pages are copied as they are when it does not.
    pub plain_needs_escaping: bool,
}

/// How a block's HTML is kept.
enum BlockHtml {
    /// A paragraph of one line of text, as most blocks are: its HTML, a `<p>`
    /// of the plain text with a link at each mention, is written when a page
    /// needs it rather than kept for the whole build.
    Paragraph,
    /// Any other block, rendered: its first element carries `id="pN"`, its
    /// links are made with the `link_base` given to [`process`].
    Rendered(String),
}

/// Where a block's plain text is kept.
enum Plain {
    /// As it stands in the article's Markdown, at this range: a paragraph
    /// of one line without markup, as most are, is not kept twice.
    InMarkdown(Range<u32>),
    Own(Box<str>),
}

impl RenderedBlock {
    /// The block's text without markup, white space collapsed; `markdown` is
    /// the article's text that [`process`] was given.
    pub fn plain<'t>(&'t self, markdown: &'t str) -> &'t str {
        match &self.plain {
            Plain::InMarkdown(range) => &markdown[range.start as usize..range.end as usize],
            Plain::Own(plain) => plain,
        }
    }
}

impl ArticleText {
    /// Writes block `block`'s HTML as the article's own page shows it to
    /// `out`: `markdown` is the article's text and `tags` the mention links
    /// made with the `link_base` given to [`process`].
    pub fn write_block(&self, out: &mut String, block: usize, markdown: &str, tags: &MentionTags) {
        match &self.blocks[block].html {
            BlockHtml::Rendered(html) => out.push_str(html),
            BlockHtml::Paragraph => {
                let mut digits = itoa::Buffer::new();
                let anchor = ["p", digits.format(block + 1)];
                self.write_paragraph(out, block, markdown, &anchor, tags);
            }
        }
    }

    /// Writes block `block`'s HTML for another page (the one-page print of
    /// the dossier) to `out`: its anchor `anchor`, its mention links as in
    /// `tags`, and the address of any other link, as made with the
    /// `link_base` given to [`process`], replaced by what `relink(address,
    /// out)` writes.
    pub fn write_block_relinked(
        &self,
        out: &mut String,
        block: usize,
        markdown: &str,
        anchor: &str,
        tags: &MentionTags,
        relink: impl Fn(&str, &mut String),
    ) {
        match &self.blocks[block].html {
            BlockHtml::Rendered(html) => write_relinked(html, out, block + 1, anchor, relink),
            BlockHtml::Paragraph => self.write_paragraph(out, block, markdown, &[anchor], tags),
        }
    }

    /// Block `block` of this text, whose Markdown is `markdown`, as a
    /// [`BlockHtml::Paragraph`] is written: `anchor` is its `id`, in pieces.
    fn write_paragraph(
        &self,
        out: &mut String,
        block: usize,
        markdown: &str,
        anchor: &[&str],
        tags: &MentionTags,
    ) {
        let first = self.mentions.partition_point(|m| m.block < block);
        let count = self.mentions[first..].partition_point(|m| m.block == block);
        let mentions = &self.mentions[first..first + count];
        let plain = self.blocks[block].plain(markdown);
        write_paragraph(out, plain, mentions, anchor, |t| tags.open(t));
    }
}

/// A [`BlockHtml::Paragraph`]'s HTML, as the text stage would have rendered
/// it (a test compares them): its plain text escaped as pulldown-cmark
/// escapes text, each of its `mentions` in a link that `open` starts;
/// `anchor` is its `id`, in pieces.
fn write_paragraph<'t>(
    out: &mut String,
    plain: &str,
    mentions: &[Mention],
    anchor: &[&str],
    open: impl Fn(Target) -> &'t str,
) {
    out.push_str("<p id=\"");
    anchor.iter().for_each(|piece| out.push_str(piece));
    out.push_str("\">");
    let escape = |out: &mut String, text: &str| {
        escape_html_body_text(out, text).expect("a String takes any text");
    };
    let mut at = 0;
    for mention in mentions {
        let range = mention.sentence.mention_range();
        escape(out, &plain[at..range.start]);
        out.push_str(open(mention.target));
        escape(out, &plain[range.clone()]);
        out.push_str("</a>");
        at = range.end;
    }
    escape(out, &plain[at..]);
    out.push_str("</p>");
}

/// Writes a rendered block's `html` for another page to `out`: its anchor
/// `p{number}` renamed `anchor`, and the address of each link replaced by
/// what `relink(address, out)` writes.
fn write_relinked(
    html: &str,
    out: &mut String,
    number: usize,
    anchor: &str,
    relink: impl Fn(&str, &mut String),
) {
    // The anchor is the first attribute of the first element, right
    // after its name (`with_anchor`).
    let mut rest = html;
    let mut digits = itoa::Buffer::new();
    let number = digits.format(number);
    let id_end = |at: usize| {
        let after = rest[at..].strip_prefix(" id=\"p")?.strip_prefix(number)?;
        after.starts_with('"').then(|| rest.len() - after.len() + 1)
    };
    if let Some((at, end)) = anchor_at(rest).and_then(|at| Some((at, id_end(at)?))) {
        for part in [&rest[..at], " id=\"", anchor, "\""] {
            out.push_str(part);
        }
        rest = &rest[end..];
    }
    // Every link and image, not only mentions: a link the article's own
    // Markdown makes is relative to its page too. Article text cannot hold
    // a bare `href="` (quotes in text are escaped), so each is an attribute.
    while let Some((at, attribute)) = next_url_attribute(rest) {
        let url_start = at + attribute.len();
        let url_end = url_start + memchr::memchr(b'"', &rest.as_bytes()[url_start..]).unwrap_or(0);
        out.push_str(&rest[..url_start]);
        relink(&rest[url_start..url_end], out);
        rest = &rest[url_end..];
    }
    out.push_str(rest);
}

/// The first ` href="` or ` src="` in `html`: its offset and the attribute.
/// `="` only ever opens an attribute's value (text and values hold `"`
/// escaped), so one pass over the `=` finds them all (with `memchr`'s
/// vectorised search: this is every block of `print.html`).
fn next_url_attribute(html: &str) -> Option<(usize, &'static str)> {
    let mut from = 0;
    loop {
        let value = from + memchr::memchr(b'=', &html.as_bytes()[from..])? + 1;
        if html[value..].starts_with('"') {
            for attribute in [" href=\"", " src=\""] {
                if html[..=value].ends_with(attribute) {
                    return Some((value + 1 - attribute.len(), attribute));
                }
            }
        }
        from = value;
    }
}

/// Whether `block` is a paragraph of one text, which
/// [`ArticleText::write_block`] can write from its plain text.
fn is_one_text(block: &Block) -> bool {
    matches!(
        block.events.as_slice(),
        [
            Event::Start(Tag::Paragraph),
            Event::Text(_),
            Event::End(TagEnd::Paragraph)
        ]
    )
}

/// Where `block`'s plain text stands as it is in `markdown`, if it does.
/// Its first text, as parsed, lies in `markdown`: the plain text is looked
/// for there and compared whole.
fn range_in(markdown: &str, block: &Block) -> Option<Range<u32>> {
    let first = block.segments.first()?;
    let Event::Text(text) = &block.events[first.event] else {
        return None;
    };
    let start = (text.as_ptr() as usize).checked_sub(markdown.as_ptr() as usize)?;
    let end = start.checked_add(block.plain.len())?;
    let in_markdown = markdown.get(start..end)? == block.plain;
    in_markdown.then_some(u32::try_from(start).ok()?..u32::try_from(end).ok()?)
}

/// A mention of an entity in a block (0-based: paragraph `p{block + 1}`).
pub struct Mention {
    pub target: Target,
    pub block: usize,
    pub sentence: Sentence,
}

/// Where a note's quote was found: the block of each occurrence.
struct QuoteHits {
    note: usize,
    blocks: Vec<usize>,
}

/// Separates blocks in the rendered HTML. Article texts cannot contain it:
/// their raw HTML is shown as text, so `<` arrives escaped.
const BLOCK_END: &str = "<!--dossier:block-end-->";

/// Articles processed in one go, at most, by one thread. Rayon halves the
/// work only as idle threads take it, so without a cap one thread could be
/// left with hundreds of articles to go through while the others wait.
const ARTICLES_PER_TASK: usize = 16;

/// Processes every article in parallel; errors for quotes that do not occur
/// exactly once. `link_base` prefixes links from the page the text is shown on.
pub fn process(
    corpus: &Corpus,
    resolved: &Resolved,
    link_base: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<ArticleText> {
    let (matcher, (tags, quotes)) = rayon::join(
        || MentionMatcher::new(&resolved.names.mention_patterns),
        || {
            let tags = MentionTags::new(corpus, link_base);
            (tags, quotes_by_article(corpus, resolved))
        },
    );
    let (texts, errors): (Vec<ArticleText>, Vec<Vec<Diagnostic>>) = corpus
        .articles
        .par_iter()
        .zip(quotes.par_iter())
        .with_max_len(ARTICLES_PER_TASK)
        .map(|(article, quotes)| {
            let cx = ArticleContext {
                corpus,
                matcher: &matcher,
                tags: &tags,
                quotes,
            };
            let (text, hits) = cx.process(corpus.text(&article.body));
            with_notes(corpus, text, &hits)
        })
        .unzip();
    diagnostics.extend(errors.into_iter().flatten());
    texts
}

/// One article processed again, as [`process`] does, after an edit that
/// changed no entity's name: `matcher` is the one made from those names.
pub fn process_article(
    corpus: &Corpus,
    resolved: &Resolved,
    matcher: &MentionMatcher,
    article: usize,
    link_base: &str,
    diagnostics: &mut Diagnostics,
) -> ArticleText {
    let quotes: Vec<(usize, String)> = resolved
        .note_article
        .iter()
        .enumerate()
        .filter(|(_, annotated)| **annotated == Some(article))
        .map(|(note, _)| (note, quote_of(corpus, note)))
        .collect();
    let cx = ArticleContext {
        corpus,
        matcher,
        tags: &MentionTags::new(corpus, link_base),
        quotes: &quotes,
    };
    let (text, hits) = cx.process(corpus.text(&corpus.articles[article].body));
    let (text, errors) = with_notes(corpus, text, &hits);
    diagnostics.extend(errors);
    text
}

/// `text` with the notes whose quote was found once; an error for each other.
fn with_notes(
    corpus: &Corpus,
    mut text: ArticleText,
    hits: &[QuoteHits],
) -> (ArticleText, Vec<Diagnostic>) {
    let errors = hits.iter().filter_map(|h| quote_error(corpus, h)).collect();
    text.notes = hits
        .iter()
        .filter_map(|h| match h.blocks.as_slice() {
            [block] => Some((h.note, *block)),
            _ => None,
        })
        .collect();
    (text, errors)
}

/// For each article, its notes' (index, normalized quote).
fn quotes_by_article(corpus: &Corpus, resolved: &Resolved) -> Vec<Vec<(usize, String)>> {
    let mut quotes = vec![Vec::new(); corpus.articles.len()];
    for (note, article) in resolved.note_article.iter().enumerate() {
        if let Some(article) = article {
            quotes[*article].push((note, quote_of(corpus, note)));
        }
    }
    quotes
}

/// A note's quote as it is looked for in the plain text.
fn quote_of(corpus: &Corpus, note: usize) -> String {
    normalize_whitespace(&corpus.notes[note].quote.value)
}

fn quote_error(corpus: &Corpus, hits: &QuoteHits) -> Option<Diagnostic> {
    let note = &corpus.notes[hits.note];
    let file = corpus.sources.get(note.body.file);
    let message = match hits.blocks.as_slice() {
        [_] => return None,
        [] => format!(
            "the quote is not in article '{}': it must be a passage of one paragraph of its text",
            note.article.value
        ),
        many => {
            let mut places: Vec<String> = many.iter().map(|b| format!("p{}", b + 1)).collect();
            places.dedup();
            format!(
                "the quote occurs {} times in article '{}' (in {}): quote a longer passage so that it occurs once",
                many.len(),
                note.article.value,
                places.join(", ")
            )
        }
    };
    Some(Diagnostic::error_at(file, note.quote.span.clone(), message))
}

struct ArticleContext<'a> {
    corpus: &'a Corpus,
    matcher: &'a MentionMatcher,
    tags: &'a MentionTags,
    quotes: &'a [(usize, String)],
}

impl<'a> ArticleContext<'a> {
    fn process(&self, markdown: &'a str) -> (ArticleText, Vec<QuoteHits>) {
        let events = Parser::new_ext(markdown, crate::markdown::options(false))
            .map(blocks::raw_html_as_text);
        let mut hits: Vec<QuoteHits> = self
            .quotes
            .iter()
            .map(|(note, _)| QuoteHits {
                note: *note,
                blocks: Vec::new(),
            })
            .collect();
        let mut mentions = Vec::new();
        let mut spliced: Vec<Event> = Vec::new();
        let mut plains = Vec::new();
        for (index, events) in blocks::split_blocks(events).into_iter().enumerate() {
            let mut block = Block::new(events);
            // Looked for before splicing rewrites the events.
            let in_markdown = range_in(markdown, &block);
            let links = self.find_mentions(&block, index, &mut mentions);
            let marks = self.find_quotes(&block, index, &mut hits);
            let paragraph = in_markdown.is_some() && marks.is_empty() && is_one_text(&block);
            if !paragraph {
                spliced.extend(splice::splice(&mut block, &links, &marks));
            }
            plains.push((block.plain, in_markdown, paragraph));
            spliced.push(Event::Html(CowStr::Borrowed(BLOCK_END)));
        }
        let mut html = String::with_capacity(markdown.len() * 3 / 2);
        push_html(&mut html, spliced.into_iter());
        // Kept for the whole build: sized to fit, not grown by doubling.
        let mut blocks = Vec::with_capacity(plains.len());
        // The rendered HTML is searched once, with a vectorised search.
        let mut block_start = 0;
        let block_html = memchr::memmem::find_iter(html.as_bytes(), BLOCK_END).map(|end| {
            let block = &html[block_start..end];
            block_start = end + BLOCK_END.len();
            block
        });
        blocks.extend(block_html.zip(plains).enumerate().map(
            |(index, (html, (plain, in_markdown, paragraph)))| RenderedBlock {
                html: match paragraph {
                    true => BlockHtml::Paragraph,
                    false => BlockHtml::Rendered(with_anchor(html.trim(), index + 1)),
                },
                plain_needs_escaping: needs_escaping(&plain),
                plain: match in_markdown {
                    Some(range) => Plain::InMarkdown(range),
                    None => Plain::Own(plain.into_boxed_str()),
                },
            },
        ));
        mentions.shrink_to_fit();
        (
            ArticleText {
                blocks,
                mentions,
                notes: Vec::new(),
            },
            hits,
        )
    }

    fn find_mentions(
        &self,
        block: &Block,
        index: usize,
        mentions: &mut Vec<Mention>,
    ) -> Vec<LinkCut<'a>> {
        let found: Vec<mentions::Found> = block
            .segments
            .iter()
            .filter(|s| s.linkable)
            .flat_map(|s| self.matcher.find(&block.plain, s.plain.clone()))
            .collect();
        if found.is_empty() {
            return Vec::new();
        }
        let sentences = sentences::Sentences::new(&block.plain);
        found
            .into_iter()
            .map(|f| {
                mentions.push(Mention {
                    target: f.target,
                    block: index,
                    sentence: sentences.around(f.range.clone()),
                });
                LinkCut {
                    open: self.tags.open(f.target),
                    range: f.range,
                }
            })
            .collect()
    }

    fn find_quotes(&self, block: &Block, index: usize, hits: &mut [QuoteHits]) -> Vec<MarkCut> {
        let mut marks = Vec::new();
        for ((note, quote), hit) in self.quotes.iter().zip(hits.iter_mut()) {
            for start in occurrences(&block.plain, quote) {
                hit.blocks.push(index);
                marks.push(MarkCut {
                    range: start..start + quote.len(),
                    note: self.corpus.notes[*note].slug.to_string(),
                });
            }
        }
        marks
    }
}

/// Start offsets of every occurrence of `needle`, overlapping ones included.
fn occurrences<'h>(haystack: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    let mut from = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() {
            return None;
        }
        let at = from + haystack[from..].find(needle)?;
        from = at + needle.chars().next().map_or(1, char::len_utf8);
        Some(at)
    })
}

/// Where a block's anchor goes, or went: after its first element's name;
/// `None` if it does not start with an element.
fn anchor_at(html: &str) -> Option<usize> {
    html.find([' ', '>', '/']).filter(|_| html.starts_with('<'))
}

/// Gives the block's first element its paragraph anchor: `<p>` → `<p id="p3">`.
fn with_anchor(html: &str, number: usize) -> String {
    let name_end = anchor_at(html);
    // Written into one string of the right size: this is every block's HTML.
    let mut out = String::with_capacity(html.len() + 32);
    match name_end {
        Some(end) => {
            out.push_str(&html[..end]);
            let _ = write!(out, " id=\"p{number}\"");
            out.push_str(&html[end..]);
        }
        None => {
            let _ = write!(out, "<div id=\"p{number}\">{html}</div>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_go_on_the_first_element() {
        assert_eq!(with_anchor("<p>a</p>", 1), "<p id=\"p1\">a</p>");
        assert_eq!(
            with_anchor("<ol start=\"3\"><li>a</li></ol>", 2),
            "<ol id=\"p2\" start=\"3\"><li>a</li></ol>"
        );
        assert_eq!(with_anchor("<hr />", 3), "<hr id=\"p3\" />");
    }

    #[test]
    fn relinks_anchors_and_every_link_for_another_page() {
        let html = "<p id=\"p2\">See <a class=\"mention\" href=\"../people/a.html\">A</a> and \
                    <a href=\"https://x.org\">x</a>, p2 id=&quot;p2&quot;.</p>";
        let mut out = String::new();
        write_relinked(html, &mut out, 2, "article-s--p2", |href, out| {
            match href.strip_prefix("../people/") {
                Some(page) => *out += &format!("#{}", page.trim_end_matches(".html")),
                None => *out += href,
            }
        });
        assert_eq!(
            out,
            "<p id=\"article-s--p2\">See <a class=\"mention\" href=\"#a\">A</a> and \
             <a href=\"https://x.org\">x</a>, p2 id=&quot;p2&quot;.</p>"
        );
        // Another paragraph's anchor (`p21` is not `p2`) is left as it is.
        let mut out = String::new();
        write_relinked(
            "<p id=\"p21\">x</p>",
            &mut out,
            2,
            "article-s--p2",
            |href, out| *out += href,
        );
        assert_eq!(out, "<p id=\"p21\">x</p>");
    }

    /// A paragraph written from its plain text, as pages write most, and the
    /// same paragraph rendered by pulldown-cmark with its links spliced in.
    #[test]
    fn a_paragraph_is_written_as_it_would_be_rendered() {
        let line = "Gondor's envoy said 3 > 2 & \"Rohan\" <agreed>, in Gondor.";
        let events = Parser::new(line).map(blocks::raw_html_as_text);
        let mut block = Block::new(blocks::split_blocks(events).remove(0));
        let targets = [
            ("Gondor", Target::Country(0)),
            ("Rohan", Target::Country(1)),
        ];
        let found = MentionMatcher::new(&targets).find(&block.plain, 0..block.plain.len());
        let sentences = sentences::Sentences::new(&block.plain);
        let open = |t: Target| match t {
            Target::Country(0) => "<a class=\"mention\" href=\"../countries/gondor.html\">",
            _ => "<a class=\"mention\" href=\"../countries/rohan.html\">",
        };
        let mentions: Vec<Mention> = found
            .iter()
            .map(|f| Mention {
                target: f.target,
                block: 0,
                sentence: sentences.around(f.range.clone()),
            })
            .collect();
        let links: Vec<LinkCut> = found
            .iter()
            .map(|f| LinkCut {
                range: f.range.clone(),
                open: open(f.target),
            })
            .collect();
        let mut written = String::new();
        write_paragraph(&mut written, &block.plain, &mentions, &["p1"], open);
        let mut rendered = String::new();
        push_html(
            &mut rendered,
            splice::splice(&mut block, &links, &[]).into_iter(),
        );
        assert_eq!(written, with_anchor(rendered.trim(), 1));
        assert_eq!(mentions.len(), 3);
    }

    #[test]
    fn plain_text_as_it_stands_in_the_markdown_is_found_there() {
        let markdown = "One line, plain.\n\nWith *markup*.\n\nTwo\nlines.\n";
        let events = Parser::new(markdown).map(blocks::raw_html_as_text);
        let ranges: Vec<Option<Range<u32>>> = blocks::split_blocks(events)
            .into_iter()
            .map(|events| range_in(markdown, &Block::new(events)))
            .collect();
        assert_eq!(ranges, [Some(0..16), None, None]);
    }

    #[test]
    fn counts_overlapping_occurrences() {
        assert_eq!(occurrences("aaa", "aa").count(), 2);
        assert_eq!(occurrences("abc", "d").count(), 0);
    }
}
