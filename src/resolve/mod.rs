//! Stage 2, resolve: every name and slug written in the corpus → the page it means.
//!
//! 1. Index slugs; resolve front-matter references (tags, a person's country,
//!    an event's participants and sources, a note's article).
//! 2. Collect the names and aliases of people, countries and events: the
//!    patterns the text stage looks for; a name claimed twice is an error.
//! 3. Resolve the wikilinks of every analyst-written body, in order (while
//!    step 1's references are resolved).

mod names;
mod references;
mod wikilinks;

use std::collections::HashMap;

use crate::diagnostics::Diagnostics;
use crate::model::{Corpus, Target};
use crate::source::FileId;

pub use names::Names;
pub use references::{article_tags, ArticleTags, EventLinks};

/// The links of the corpus, all checked.
pub struct Resolved<'c> {
    pub names: Names<'c>,
    pub article_tags: Vec<ArticleTags>,
    pub person_country: Vec<Option<usize>>,
    pub event_links: Vec<EventLinks>,
    /// For each note, the index of the article it annotates (`None`: unknown, an error).
    pub note_article: Vec<Option<usize>>,
    /// The targets of each body's wikilinks, in the order they appear.
    pub wikilinks: HashMap<FileId, Vec<Target>>,
}

pub fn resolve<'c>(corpus: &'c Corpus, diagnostics: &mut Diagnostics) -> Resolved<'c> {
    let names = Names::build(corpus, diagnostics);
    // The front matter's references on one core while the bodies' wikilinks
    // take the others: this stage would otherwise leave all but one idle.
    let mut wikilink_diagnostics = Diagnostics::default();
    let (refs, wikilinks) = rayon::join(
        || references::resolve(corpus, &names, diagnostics),
        || wikilinks::resolve(corpus, &names, &mut wikilink_diagnostics),
    );
    diagnostics.append(wikilink_diagnostics);
    Resolved {
        names,
        article_tags: refs.article_tags,
        person_country: refs.person_country,
        event_links: refs.event_links,
        note_article: refs.note_article,
        wikilinks,
    }
}
