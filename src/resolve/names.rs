//! Every way the corpus can name a page: slugs, names, aliases and titles.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Corpus, Kind, Target};

/// Every page's slug, title and names are keys: a fast hash with a fixed
/// seed (the keys are the dossier's own).
type Map<K, V> = HashMap<K, V, FixedState>;

pub struct Names<'c> {
    /// Slug → page, for front-matter references.
    pub by_slug: Map<&'c str, Target>,
    /// Slug, name, alias or title → pages, for wikilinks (more than one: ambiguous).
    pub by_link_text: Map<&'c str, Vec<Target>>,
    /// The names and aliases to find in article texts, each claimed by one entity,
    /// in a stable order.
    pub mention_patterns: Vec<(&'c str, Target)>,
}

impl<'c> Names<'c> {
    pub fn build(corpus: &'c Corpus, diagnostics: &mut Diagnostics) -> Names<'c> {
        // Sized at once: this stage runs on one core, and a table grown by
        // doubling hashes every key again at each step.
        let pages = corpus.articles.len() + corpus.entities().count();
        let mut by_slug: Map<&str, Target> =
            Map::with_capacity_and_hasher(pages, FixedState::default());
        by_slug.extend(all_pages(corpus).map(|t| (corpus.slug(t).as_str(), t)));
        let mention_patterns = mention_patterns(corpus, diagnostics);
        let mut by_link_text: Map<&str, Vec<Target>> = Map::with_capacity_and_hasher(
            pages + corpus.articles.len() + mention_patterns.len(),
            FixedState::default(),
        );
        let titles = (0..corpus.articles.len())
            .map(Target::Article)
            .map(|t| (corpus.name(t), t));
        let slugs = by_slug.iter().map(|(slug, t)| (*slug, *t));
        for (text, target) in slugs.chain(titles).chain(mention_patterns.iter().copied()) {
            let targets = by_link_text.entry(text).or_default();
            if !targets.contains(&target) {
                targets.push(target);
                targets.sort();
            }
        }
        Names {
            by_slug,
            by_link_text,
            mention_patterns,
        }
    }

    /// The slugs of one kind, for "did you mean".
    pub fn slugs_of(&self, kind: Kind) -> impl Iterator<Item = &'c str> + '_ {
        self.by_slug
            .iter()
            .filter(move |(_, t)| t.kind() == kind)
            .map(|(slug, _)| *slug)
    }
}

fn all_pages(corpus: &Corpus) -> impl Iterator<Item = Target> + '_ {
    (0..corpus.articles.len())
        .map(Target::Article)
        .chain(corpus.entities())
}

/// Names and aliases of people, countries and events; a name claimed by two
/// entities is an error naming both files.
fn mention_patterns<'c>(
    corpus: &'c Corpus,
    diagnostics: &mut Diagnostics,
) -> Vec<(&'c str, Target)> {
    let names = corpus.entities().map(|t| corpus.names_of(t).len()).sum();
    let mut owner: Map<&str, Target> = Map::with_capacity_and_hasher(names, FixedState::default());
    let mut patterns = Vec::with_capacity(names);
    for target in corpus.entities() {
        for name in corpus.names_of(target) {
            match owner.get(name.value.as_str()) {
                Some(&other) if other == target => {}
                Some(&other) => {
                    let file = corpus.body(target).file;
                    let other_path = corpus.sources.path(corpus.body(other).file);
                    diagnostics.push(
                        Diagnostic::error_at(
                            corpus.sources.get(file),
                            name.span.clone(),
                            format!(
                                "the name '{}' is claimed by this {} and by {}",
                                name.value,
                                target.kind().noun(),
                                other_path.display()
                            ),
                        )
                        .with_help("a name or alias may refer to one entity only: remove it from one of the two files"),
                    );
                }
                None => {
                    owner.insert(&name.value, target);
                    patterns.push((name.value.as_str(), target));
                }
            }
        }
    }
    patterns
}
