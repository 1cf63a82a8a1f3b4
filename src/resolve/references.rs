//! Front-matter slugs → indices into the corpus, each checked for its kind.

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::model::{Article, Corpus, Kind, Ref, Target};
use crate::source::FileId;

use super::Names;

/// The pages an article is tagged with, in the order written.
#[derive(Debug, Default)]
pub struct ArticleTags {
    pub countries: Vec<usize>,
    pub people: Vec<usize>,
    pub events: Vec<usize>,
}

impl ArticleTags {
    /// The tagged pages, countries then people then events, as written.
    pub fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        let countries = self.countries.iter().map(|&i| Target::Country(i));
        let people = self.people.iter().map(|&i| Target::Person(i));
        let events = self.events.iter().map(|&i| Target::Event(i));
        countries.chain(people).chain(events)
    }
}

#[derive(Debug, Default)]
pub struct EventLinks {
    pub countries: Vec<usize>,
    pub people: Vec<usize>,
    /// Articles that report the event.
    pub sources: Vec<usize>,
}

pub struct References {
    pub article_tags: Vec<ArticleTags>,
    pub person_country: Vec<Option<usize>>,
    pub event_links: Vec<EventLinks>,
    pub note_article: Vec<Option<usize>>,
}

pub fn resolve(corpus: &Corpus, names: &Names, diagnostics: &mut Diagnostics) -> References {
    let mut lookup = Lookup {
        corpus,
        names,
        diagnostics,
    };
    let article_tags = corpus
        .articles
        .iter()
        .map(|a| lookup.article_tags(a))
        .collect();
    let person_country = corpus
        .people
        .iter()
        .map(|p| {
            let country = p.country.as_ref()?;
            lookup.one(country, Kind::Country, p.body.file)
        })
        .collect();
    let event_links = corpus
        .events
        .iter()
        .map(|e| EventLinks {
            countries: lookup.all(&e.countries, Kind::Country, e.body.file),
            people: lookup.all(&e.people, Kind::Person, e.body.file),
            sources: lookup.all(&e.sources, Kind::Article, e.body.file),
        })
        .collect();
    let note_article = corpus
        .notes
        .iter()
        .map(|n| lookup.one(&n.article, Kind::Article, n.body.file))
        .collect();
    References {
        article_tags,
        person_country,
        event_links,
        note_article,
    }
}

/// The tags of `article` resolved again, as `resolve` does, after an edit to it.
pub fn article_tags(
    corpus: &Corpus,
    names: &Names,
    article: &Article,
    diagnostics: &mut Diagnostics,
) -> ArticleTags {
    let mut lookup = Lookup {
        corpus,
        names,
        diagnostics,
    };
    lookup.article_tags(article)
}

struct Lookup<'a, 'c> {
    corpus: &'a Corpus,
    names: &'a Names<'c>,
    diagnostics: &'a mut Diagnostics,
}

impl Lookup<'_, '_> {
    fn article_tags(&mut self, a: &Article) -> ArticleTags {
        ArticleTags {
            countries: self.all(&a.countries, Kind::Country, a.body.file),
            people: self.all(&a.people, Kind::Person, a.body.file),
            events: self.all(&a.events, Kind::Event, a.body.file),
        }
    }

    fn all(&mut self, refs: &[Ref], kind: Kind, file: FileId) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for r in refs {
            if let Some(index) = self.one(r, kind, file) {
                if !found.contains(&index) {
                    found.push(index);
                }
            }
        }
        found
    }

    /// The index of the page `r` names, which must be of `kind`.
    fn one(&mut self, r: &Ref, kind: Kind, file: FileId) -> Option<usize> {
        let error = match self.names.by_slug.get(r.value.as_str()) {
            Some(&target) if target.kind() == kind => return Some(index(target)),
            None if self.corpus.failed_slugs.contains(&r.value) => return None,
            Some(&other) => Diagnostic::error_at(
                self.corpus.sources.get(file),
                r.span.clone(),
                format!(
                    "'{}' is a {}, not a {}",
                    r.value,
                    other.kind().noun(),
                    kind.noun()
                ),
            ),
            None => {
                let suggestion = match did_you_mean(&r.value, self.names.slugs_of(kind)) {
                    Some(close) => format!(" (did you mean '{close}'?)"),
                    None => String::new(),
                };
                Diagnostic::error_at(
                    self.corpus.sources.get(file),
                    r.span.clone(),
                    format!("unknown {} '{}'{suggestion}", kind.noun(), r.value),
                )
                .with_help(format!(
                    "a {} is a file {}/SLUG.md in the content folder",
                    kind.noun(),
                    kind.folder()
                ))
            }
        };
        self.diagnostics.push(error);
        None
    }
}

fn index(target: Target) -> usize {
    match target {
        Target::Article(i) | Target::Person(i) | Target::Country(i) | Target::Event(i) => i,
    }
}
