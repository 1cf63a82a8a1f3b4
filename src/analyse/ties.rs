//! Ties between entities: mentioned in the same paragraph, or taking part in
//! the same event.

use foldhash::HashMap;

use crate::model::Target;
use crate::resolve::Resolved;
use crate::text::ArticleText;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tie {
    /// Paragraphs that mention both.
    pub co_mentions: u32,
    /// Events both take part in.
    pub co_events: u32,
}

/// Every tie, keyed by the pair in sorted order.
#[derive(Debug, Default)]
pub struct Ties {
    pairs: HashMap<(Target, Target), Tie>,
    /// For each entity, its partners in a stable order.
    partners: HashMap<Target, Vec<Target>>,
}

impl Ties {
    pub fn count(resolved: &Resolved, texts: &[ArticleText]) -> Ties {
        let mut ties = Ties::default();
        for text in texts {
            for mut group in paragraph_groups(text) {
                ties.add_group(&mut group, |tie| tie.co_mentions += 1);
            }
        }
        for links in &resolved.event_links {
            let mut participants: Vec<Target> = links
                .countries
                .iter()
                .map(|&i| Target::Country(i))
                .chain(links.people.iter().map(|&i| Target::Person(i)))
                .collect();
            ties.add_group(&mut participants, |tie| tie.co_events += 1);
        }
        for partners in ties.partners.values_mut() {
            partners.sort();
        }
        ties
    }

    /// The ties as if `old`, one article's text, had been `new` when
    /// counted; the entities whose ties changed.
    pub fn replace_text(&mut self, old: &ArticleText, new: &ArticleText) -> Vec<Target> {
        let mut delta: HashMap<(Target, Target), i64> = HashMap::default();
        for (text, step) in [(old, -1), (new, 1)] {
            for mut group in paragraph_groups(text) {
                for pair in pairs(&mut group) {
                    *delta.entry(pair).or_default() += step;
                }
            }
        }
        let mut changed = Vec::new();
        for ((a, b), step) in delta.into_iter().filter(|(_, step)| *step != 0) {
            self.add_co_mentions(a, b, step);
            changed.extend([a, b]);
        }
        changed.sort();
        changed.dedup();
        changed
    }

    /// `step` more (or fewer) paragraphs that mention `a` and `b` (`a < b`);
    /// a tie that falls to nothing is no tie, as if never counted.
    fn add_co_mentions(&mut self, a: Target, b: Target, step: i64) {
        let tie = self.pairs.entry((a, b)).or_insert_with(|| {
            for (one, other) in [(a, b), (b, a)] {
                let partners = self.partners.entry(one).or_default();
                let at = partners.binary_search(&other).unwrap_err();
                partners.insert(at, other);
            }
            Tie::default()
        });
        tie.co_mentions = u32::try_from(i64::from(tie.co_mentions) + step).expect("counted");
        if *tie != Tie::default() {
            return;
        }
        self.pairs.remove(&(a, b));
        for (one, other) in [(a, b), (b, a)] {
            let partners = self.partners.get_mut(&one).expect("a partner");
            partners.retain(|&p| p != other);
            if partners.is_empty() {
                self.partners.remove(&one);
            }
        }
    }

    /// Counts one tie between every two distinct members of a group.
    fn add_group(&mut self, group: &mut Vec<Target>, bump: impl Fn(&mut Tie)) {
        for (a, b) in pairs(group) {
            let tie = self.pairs.entry((a, b)).or_insert_with(|| {
                self.partners.entry(a).or_default().push(b);
                self.partners.entry(b).or_default().push(a);
                Tie::default()
            });
            bump(tie);
        }
    }

    pub fn between(&self, a: Target, b: Target) -> Tie {
        let key = if a < b { (a, b) } else { (b, a) };
        self.pairs.get(&key).copied().unwrap_or_default()
    }

    /// An entity's partners with their ties, in a stable order.
    pub fn of(&self, target: Target) -> impl Iterator<Item = (Target, Tie)> + '_ {
        self.partners
            .get(&target)
            .into_iter()
            .flatten()
            .map(move |&other| (other, self.between(target, other)))
    }

    /// Every tie, sorted by pair.
    pub fn all(&self) -> Vec<((Target, Target), Tie)> {
        let mut all: Vec<_> = self.pairs.iter().map(|(k, v)| (*k, *v)).collect();
        all.sort_by_key(|(k, _)| *k);
        all
    }
}

/// The entities mentioned in each paragraph of a text that mentions any.
fn paragraph_groups(text: &ArticleText) -> impl Iterator<Item = Vec<Target>> + '_ {
    text.mentions
        .chunk_by(|a, b| a.block == b.block)
        .map(|mentions| mentions.iter().map(|m| m.target).collect())
}

/// Every two distinct members of a group, each pair in sorted order.
fn pairs(group: &mut Vec<Target>) -> impl Iterator<Item = (Target, Target)> + '_ {
    group.sort();
    group.dedup();
    let group: &[Target] = group;
    group
        .iter()
        .enumerate()
        .flat_map(move |(i, &a)| group[i + 1..].iter().map(move |&b| (a, b)))
}
