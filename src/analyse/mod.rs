//! Stage 4, analyse: what the pages say about each other.
//!
//! 1. Backlinks: for each person, country and event, the article paragraphs
//!    that mention it, the articles that tag it, the notes that link to it.
//! 2. Ties: how often two entities are mentioned in the same paragraph, and
//!    how often two take part in the same event.
//! 3. Chronology: events in date order, each with its neighbours.
//!
//! After an edit to one article's text or tags, [`Analysis::replace_article`]
//! brings the analysis up to date without counting the other articles again.

mod ties;

use foldhash::HashMap;

use crate::model::{Corpus, Target};
use crate::resolve::{ArticleTags, Resolved};
use crate::sorting::NameOrder;
use crate::text::ArticleText;

pub use ties::{Tie, Ties};

/// A mention, found again: the article and the index in its `mentions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MentionRef {
    pub article: usize,
    pub mention: usize,
    /// The mention's block, copied here: the paragraphs an entity is
    /// mentioned in are listed without a look into each article's mentions.
    pub block: usize,
}

/// What points at one person, country or event.
#[derive(Debug, Default)]
pub struct Backlinks {
    pub mentions: Vec<MentionRef>,
    /// Articles tagging the entity in their front matter.
    pub tagged_by: Vec<usize>,
    /// Notes whose body links to the entity.
    pub notes: Vec<usize>,
    /// Events the entity takes part in (people and countries), in date order.
    pub events: Vec<usize>,
    /// People whose country this is (countries only), by name.
    pub people: Vec<usize>,
}

#[derive(Default)]
pub struct Analysis {
    backlinks: HashMap<Target, Backlinks>,
    pub ties: Ties,
    /// Every event index, oldest first.
    pub chronology: Vec<usize>,
    /// Each event's place in `chronology`.
    pub event_position: Vec<usize>,
    /// Entities in the order of their names, for every list sorted by name.
    pub name_order: NameOrder,
}

impl Analysis {
    pub fn backlinks(&self, target: Target) -> &Backlinks {
        static EMPTY: Backlinks = Backlinks {
            mentions: Vec::new(),
            tagged_by: Vec::new(),
            notes: Vec::new(),
            events: Vec::new(),
            people: Vec::new(),
        };
        self.backlinks.get(&target).unwrap_or(&EMPTY)
    }

    /// The analysis as if `article`'s text and tags had been `new` rather
    /// than `old` (its entities' names and everything else unchanged); the
    /// entities whose mention count or ties changed, which the pictures show.
    pub fn replace_article(
        &mut self,
        article: usize,
        old: (&ArticleText, &ArticleTags),
        new: (&ArticleText, &ArticleTags),
    ) -> Vec<Target> {
        let mut changed = self.ties.replace_text(old.0, new.0);
        changed.extend(self.replace_mentions(article, old.0, new.0));
        self.replace_tags(article, old.1, new.1);
        changed.sort();
        changed.dedup();
        changed
    }

    /// The mentions of `article` in the backlinks, as `new` has them rather
    /// than `old`; the entities mentioned more or less often.
    fn replace_mentions(
        &mut self,
        article: usize,
        old: &ArticleText,
        new: &ArticleText,
    ) -> Vec<Target> {
        let mut count: HashMap<Target, i64> = HashMap::default();
        for m in &old.mentions {
            *count.entry(m.target).or_default() -= 1;
            let mentions = &mut self.backlinks.entry(m.target).or_default().mentions;
            mentions.retain(|r| r.article != article);
        }
        for (mention, m) in new.mentions.iter().enumerate() {
            *count.entry(m.target).or_default() += 1;
            // Each list is in article order: this article's mentions go
            // after those of the articles before it, in text order.
            let mentions = &mut self.backlinks.entry(m.target).or_default().mentions;
            let at = mentions.partition_point(|r| r.article <= article);
            mentions.insert(
                at,
                MentionRef {
                    article,
                    mention,
                    block: m.block,
                },
            );
        }
        count
            .into_iter()
            .filter(|(_, n)| *n != 0)
            .map(|(t, _)| t)
            .collect()
    }

    /// The entities tagged by `article`, as `new` has them rather than `old`.
    fn replace_tags(&mut self, article: usize, old: &ArticleTags, new: &ArticleTags) {
        for target in old.targets() {
            let tagged_by = &mut self.backlinks.entry(target).or_default().tagged_by;
            tagged_by.retain(|&a| a != article);
        }
        for target in new.targets() {
            let tagged_by = &mut self.backlinks.entry(target).or_default().tagged_by;
            let at = tagged_by.partition_point(|&a| a <= article);
            tagged_by.insert(at, article);
        }
    }

    /// The events just before and after in the chronology.
    pub fn neighbours(&self, event: usize) -> (Option<usize>, Option<usize>) {
        let at = self.event_position[event];
        let previous = at.checked_sub(1).map(|i| self.chronology[i]);
        (previous, self.chronology.get(at + 1).copied())
    }
}

pub fn analyse(corpus: &Corpus, resolved: &Resolved, texts: &[ArticleText]) -> Analysis {
    let chronology = chronology(corpus);
    let mut event_position = vec![0; corpus.events.len()];
    for (position, &event) in chronology.iter().enumerate() {
        event_position[event] = position;
    }
    let name_order = NameOrder::new(corpus);
    // Each is a pass over every mention: on two cores at once.
    let (backlinks, ties) = rayon::join(
        || backlinks(corpus, resolved, texts, &chronology, &name_order),
        || Ties::count(resolved, texts),
    );
    Analysis {
        backlinks,
        ties,
        chronology,
        event_position,
        name_order,
    }
}

/// What links to each entity: mentions, tags, notes, events and people.
fn backlinks(
    corpus: &Corpus,
    resolved: &Resolved,
    texts: &[ArticleText],
    chronology: &[usize],
    name_order: &NameOrder,
) -> HashMap<Target, Backlinks> {
    let mut backlinks: HashMap<Target, Backlinks> = HashMap::default();
    add_mentions(&mut backlinks, texts);
    add_tags(&mut backlinks, resolved);
    add_note_links(&mut backlinks, corpus, resolved);
    add_participation(&mut backlinks, resolved, chronology);
    add_people_of_countries(&mut backlinks, corpus, resolved, name_order);
    backlinks
}

/// Event indices by date, then end, then title: a partial date before the
/// fully known dates of its period.
fn chronology(corpus: &Corpus) -> Vec<usize> {
    let mut order: Vec<usize> = (0..corpus.events.len()).collect();
    let key = |i: &usize| {
        let e = &corpus.events[*i];
        (
            e.date,
            e.end.unwrap_or(e.date),
            e.title.value.as_str(),
            e.slug.as_str(),
        )
    };
    order.sort_by(|a, b| key(a).cmp(&key(b)));
    order
}

fn add_mentions(backlinks: &mut HashMap<Target, Backlinks>, texts: &[ArticleText]) {
    for (article, text) in texts.iter().enumerate() {
        for (mention, m) in text.mentions.iter().enumerate() {
            let entry = backlinks.entry(m.target).or_default();
            entry.mentions.push(MentionRef {
                article,
                mention,
                block: m.block,
            });
        }
    }
}

fn add_tags(backlinks: &mut HashMap<Target, Backlinks>, resolved: &Resolved) {
    for (article, tags) in resolved.article_tags.iter().enumerate() {
        for target in tags.targets() {
            backlinks.entry(target).or_default().tagged_by.push(article);
        }
    }
}

fn add_note_links(
    backlinks: &mut HashMap<Target, Backlinks>,
    corpus: &Corpus,
    resolved: &Resolved,
) {
    for (index, note) in corpus.notes.iter().enumerate() {
        let mut targets = resolved
            .wikilinks
            .get(&note.body.file)
            .cloned()
            .unwrap_or_default();
        targets.sort();
        targets.dedup();
        for target in targets {
            backlinks.entry(target).or_default().notes.push(index);
        }
    }
}

fn add_participation(
    backlinks: &mut HashMap<Target, Backlinks>,
    resolved: &Resolved,
    chronology: &[usize],
) {
    for &event in chronology {
        let links = &resolved.event_links[event];
        let participants = links
            .countries
            .iter()
            .map(|&i| Target::Country(i))
            .chain(links.people.iter().map(|&i| Target::Person(i)));
        for target in participants {
            backlinks.entry(target).or_default().events.push(event);
        }
    }
}

fn add_people_of_countries(
    backlinks: &mut HashMap<Target, Backlinks>,
    corpus: &Corpus,
    resolved: &Resolved,
    name_order: &NameOrder,
) {
    let mut people: Vec<usize> = (0..corpus.people.len()).collect();
    people.sort_by_key(|&p| name_order.rank(Target::Person(p)));
    for person in people {
        if let Some(country) = resolved.person_country[person] {
            backlinks
                .entry(Target::Country(country))
                .or_default()
                .people
                .push(person);
        }
    }
}
