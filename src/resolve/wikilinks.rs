//! `[[target]]` and `[[target|shown text]]` in the analyst's own bodies.

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Parser, Tag};
use rayon::prelude::*;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{Body, Corpus, Target};
use crate::source::FileId;

use super::Names;

/// The targets of each body's wikilinks, in order; an error for each that
/// names nothing or more than one page.
pub fn resolve(
    corpus: &Corpus,
    names: &Names,
    diagnostics: &mut Diagnostics,
) -> HashMap<FileId, Vec<Target>> {
    let bodies: Vec<&Body> = corpus
        .people
        .iter()
        .map(|p| &p.body)
        .chain(corpus.countries.iter().map(|c| &c.body))
        .chain(corpus.events.iter().map(|e| &e.body))
        .chain(corpus.notes.iter().map(|n| &n.body))
        .collect();
    let resolved: Vec<(FileId, Vec<Target>, Vec<Diagnostic>)> = bodies
        .par_iter()
        .map(|body| {
            let (targets, errors) = resolve_body(corpus, names, body);
            (body.file, targets, errors)
        })
        .collect();
    let mut links = HashMap::new();
    for (file, targets, errors) in resolved {
        diagnostics.extend(errors);
        links.insert(file, targets);
    }
    links
}

fn resolve_body(corpus: &Corpus, names: &Names, body: &Body) -> (Vec<Target>, Vec<Diagnostic>) {
    let text = corpus.text(body);
    let file = corpus.sources.get(body.file);
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    let parser = Parser::new_ext(text, crate::markdown::options(true)).into_offset_iter();
    for (event, range) in parser {
        let Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { .. },
            dest_url,
            ..
        }) = event
        else {
            continue;
        };
        let span = body.span.start + range.start..body.span.start + range.end;
        if corpus.failed_slugs.contains(dest_url.trim()) {
            continue;
        }
        match lookup(corpus, names, dest_url.trim()) {
            Ok(target) => targets.push(target),
            Err(message) => errors.push(Diagnostic::error_at(file, span, message)),
        }
    }
    (targets, errors)
}

fn lookup(corpus: &Corpus, names: &Names, key: &str) -> Result<Target, String> {
    match names.by_link_text.get(key).map(Vec::as_slice) {
        Some([target]) => Ok(*target),
        Some(many) => {
            let pages: Vec<String> = many
                .iter()
                .map(|t| {
                    let path = corpus.sources.path(corpus.body(*t).file);
                    format!("{} ({})", path.display(), corpus.slug(*t))
                })
                .collect();
            Err(format!(
                "ambiguous wikilink '[[{key}]]': it names {}; link by slug instead",
                pages.join(" and ")
            ))
        }
        None => {
            let suggestion = did_you_mean(key, names.by_link_text.keys().copied())
                .map(|close| format!(" (did you mean '{close}'?)"))
                .unwrap_or_default();
            Err(format!(
                "unknown wikilink target '[[{key}]]': no article, person, country or event \
                 has this slug, name or title{suggestion}"
            ))
        }
    }
}
