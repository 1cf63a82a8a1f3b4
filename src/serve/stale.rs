//! The files of the site served that edits to articles made out of date, and
//! when each is rendered again: the pages in the background, most wanted
//! first; the files that hold every article when asked for.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::time::Instant;

use crate::model::Corpus;
use crate::render::{SiteFile, Touched};

use super::http::StaleFiles;

/// How many stale pages are rendered between two looks for a new change.
const BATCH: usize = 32;

#[derive(Default)]
pub struct Stale {
    /// Rendered while no change waits, a batch at a time.
    queue: VecDeque<SiteFile>,
    /// Rendered when asked for.
    on_request: BTreeSet<SiteFile>,
    /// The work on `queue` since it was last empty.
    done: Option<Done>,
}

/// Stale pages rendered since the queue was last empty.
#[derive(Clone, Copy)]
pub struct Done {
    /// When the first of the edits that filled the queue was seen.
    pub started: Instant,
    pub pages: usize,
    /// Files served that changed.
    pub changed: usize,
}

impl Stale {
    /// Adds the files an edit seen at `started` touched (its page aside,
    /// rendered already): they go before those of earlier edits.
    pub fn add(&mut self, touched: Touched, started: Instant) {
        let newer: Vec<SiteFile> = touched
            .showing
            .into_iter()
            .chain(touched.pictures)
            .collect();
        let seen: HashSet<SiteFile> = newer.iter().copied().collect();
        self.queue.retain(|file| !seen.contains(file));
        for file in newer.into_iter().rev() {
            self.queue.push_front(file);
        }
        self.on_request.extend(touched.whole);
        if !self.queue.is_empty() {
            self.done.get_or_insert(Done {
                started,
                pages: 0,
                changed: 0,
            });
        }
    }

    /// Whether pages wait to be rendered in the background.
    pub fn has_queue(&self) -> bool {
        !self.queue.is_empty()
    }

    /// The next pages to render in the background.
    pub fn next_batch(&mut self) -> Vec<SiteFile> {
        let count = self.queue.len().min(BATCH);
        self.queue.drain(..count).collect()
    }

    /// Counts a batch of `pages` served, `changed` files of which changed;
    /// what was done once the queue is empty.
    pub fn served(&mut self, pages: usize, changed: usize) -> Option<Done> {
        let done = self.done.as_mut()?;
        done.pages += pages;
        done.changed += changed;
        if self.queue.is_empty() {
            self.done.take()
        } else {
            None
        }
    }

    /// Takes the stale files among `paths` (of the site), to render them now.
    pub fn take_paths(&mut self, corpus: &Corpus, paths: &[String]) -> Vec<SiteFile> {
        let wanted = |file: &SiteFile| paths.contains(&file.path(corpus));
        let mut taken: Vec<SiteFile> = self.queue.iter().copied().filter(wanted).collect();
        taken.extend(self.on_request.iter().copied().filter(wanted));
        self.queue.retain(|file| !taken.contains(file));
        self.on_request.retain(|file| !taken.contains(file));
        taken
    }

    /// The paths of the stale files, for the requests to wait on.
    pub fn paths(&self, corpus: &Corpus) -> StaleFiles {
        let until_asked: HashSet<String> = self
            .on_request
            .iter()
            .map(|file| file.path(corpus))
            .collect();
        let queued = self.queue.iter().map(|file| file.path(corpus));
        StaleFiles {
            all: until_asked.iter().cloned().chain(queued).collect(),
            until_asked,
        }
    }
}
