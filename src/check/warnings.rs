//! What an editor wants to know about content that builds: each a warning at
//! the file, line and column to change.
//!
//! 1. A person or country nothing mentions: no article names or tags it, no
//!    event involves it, no other page links to it (at its name). An event is
//!    tied to the articles it names as sources, and checked by 3.
//! 2. An article that mentions no entity and tags none (at its first line).
//! 3. An event without sources (at its title).
//! 4. A name in an article's text that looks like a known name but is none of
//!    its spellings, so it is not linked (at the text, with the name meant).

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Target;
use crate::Analysed;

use super::near_miss::NearMisses;

/// Every editor warning about `analysed` content, in no particular order.
pub fn editor_warnings(analysed: &Analysed) -> Vec<Diagnostic> {
    let mut warnings = unmentioned_entities(analysed);
    warnings.extend(articles_mentioning_nothing(analysed));
    warnings.extend(events_without_sources(analysed));
    warnings.extend(near_miss_names(analysed));
    warnings
}

fn unmentioned_entities(analysed: &Analysed) -> Vec<Diagnostic> {
    let corpus = analysed.corpus;
    let mut linked: HashSet<Target> = HashSet::new();
    for (file, targets) in &analysed.resolved.wikilinks {
        linked.extend(
            targets
                .iter()
                .filter(|t| corpus.body(**t).file != *file)
                .copied(),
        );
    }
    linked.extend(
        analysed
            .resolved
            .person_country
            .iter()
            .flatten()
            .map(|&c| Target::Country(c)),
    );
    // An event is tied to the articles its `sources` name, and one without
    // sources has its own warning.
    let people_and_countries = corpus
        .entities()
        .filter(|target| !matches!(target, Target::Event(_)));
    people_and_countries
        .filter(|target| {
            let backlinks = analysed.analysis.backlinks(*target);
            backlinks.mentions.is_empty()
                && backlinks.tagged_by.is_empty()
                && backlinks.events.is_empty()
                && !linked.contains(target)
        })
        .map(|target| {
            let name = corpus.names_of(target)[0];
            let file = corpus.sources.get(corpus.body(target).file);
            let kind = target.kind();
            Diagnostic::at(
                Severity::Warning,
                file,
                name.span.clone(),
                format!(
                    "nothing mentions the {} '{}': no article names or tags it, no event involves it, and no page links to it",
                    kind.noun(),
                    name.value,
                ),
            )
            .with_help(format!(
                "if the articles spell it another way, add that spelling to `aliases`; or tag an article with {} = [\"{}\"]",
                kind.folder(),
                corpus.slug(target)
            ))
        })
        .collect()
}

fn articles_mentioning_nothing(analysed: &Analysed) -> Vec<Diagnostic> {
    let corpus = analysed.corpus;
    corpus
        .articles
        .iter()
        .zip(&analysed.texts)
        .zip(&analysed.resolved.article_tags)
        .filter(|((_, text), tags)| {
            text.mentions.is_empty()
                && tags.people.is_empty()
                && tags.countries.is_empty()
                && tags.events.is_empty()
        })
        .map(|((article, _), _)| {
            Diagnostic::for_file(
                Severity::Warning,
                corpus.sources.path(article.body.file),
                format!(
                    "the article '{}' mentions no person, country or event, and is tagged with none",
                    article.title
                ),
            )
            .with_help(
                "add the names its text uses to the entities' `aliases`, or tag it with `people`, `countries` or `events`",
            )
        })
        .collect()
}

fn events_without_sources(analysed: &Analysed) -> Vec<Diagnostic> {
    let corpus = analysed.corpus;
    corpus
        .events
        .iter()
        .enumerate()
        .filter(|(_, event)| event.sources.is_empty())
        .map(|(index, event)| {
            let backlinks = analysed.analysis.backlinks(Target::Event(index));
            let mut reporting: Vec<&str> = backlinks
                .mentions
                .iter()
                .map(|m| m.article)
                .chain(backlinks.tagged_by.iter().copied())
                .map(|a| corpus.articles[a].slug.as_str())
                .collect();
            reporting.sort_unstable();
            reporting.dedup();
            let help = if reporting.is_empty() {
                "list the articles that report it: sources = [\"article-slug\"]".to_string()
            } else {
                let quoted: Vec<String> = reporting.iter().map(|s| format!("\"{s}\"")).collect();
                format!(
                    "these articles mention or tag it: sources = [{}]",
                    quoted.join(", ")
                )
            };
            Diagnostic::at(
                Severity::Warning,
                corpus.sources.get(event.body.file),
                event.title.span.clone(),
                format!("the event '{}' has no sources", event.title.value),
            )
            .with_help(help)
        })
        .collect()
}

fn near_miss_names(analysed: &Analysed) -> Vec<Diagnostic> {
    let corpus = analysed.corpus;
    let finder = NearMisses::new(&analysed.resolved.names.mention_patterns);
    corpus
        .articles
        .par_iter()
        .flat_map_iter(|article| {
            let body = corpus.text(&article.body);
            let file = corpus.sources.get(article.body.file);
            let offset = article.body.span.start;
            finder
                .find(body, &prose(body))
                .into_iter()
                .map(move |miss| {
                    let written = &body[miss.range.clone()];
                    let span = miss.range.start + offset..miss.range.end + offset;
                    let owner = corpus.sources.path(corpus.body(miss.target).file);
                    Diagnostic::at(
                        Severity::Warning,
                        file,
                        span,
                        format!(
                            "'{written}' is not a name of any entity, so it is not linked (did you mean '{}'?)",
                            miss.name
                        ),
                    )
                    .with_help(format!(
                        "if '{written}' is right, add it to `aliases` in {}",
                        owner.display()
                    ))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The byte ranges of an article body where mentions are looked for: text
/// outside code, links, images and raw HTML, with the line breaks inside
/// paragraphs. Text that differs from its source (an escape, an entity) is left out.
fn prose(markdown: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut skip_depth = 0usize;
    let parser = Parser::new_ext(markdown, crate::markdown::options(false)).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => {
                skip_depth += 1
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            Event::Text(text) if skip_depth == 0 && markdown[range.clone()] == *text => {
                ranges.push(range)
            }
            Event::SoftBreak if skip_depth == 0 => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::prose;

    #[test]
    fn prose_leaves_out_code_links_and_html() {
        let text = "A *b* `c` [d](x.html) <i>e</i>\nf\n\n```\ng\n```\n";
        let pieces: Vec<&str> = prose(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(pieces, ["A ", "b", " ", " ", " ", "e", "\n", "f"]);
    }
}
