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
    /// By [`pair_key`]: one number rather than two `Target`s, so that the
    /// table is a third of the size. It is counted on one core while the
    /// other waits, and looked up for every partner on every entity page.
    pairs: HashMap<u64, Tie>,
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
        let tie = self.pairs.entry(pair_key(a, b)).or_insert_with(|| {
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
        self.pairs.remove(&pair_key(a, b));
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
            let tie = self.pairs.entry(pair_key(a, b)).or_insert_with(|| {
                self.partners.entry(a).or_default().push(b);
                self.partners.entry(b).or_default().push(a);
                Tie::default()
            });
            bump(tie);
        }
    }

    pub fn between(&self, a: Target, b: Target) -> Tie {
        let key = if a < b {
            pair_key(a, b)
        } else {
            pair_key(b, a)
        };
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
}

/// The entities mentioned in each paragraph of a text that mentions any.
fn paragraph_groups(text: &ArticleText) -> impl Iterator<Item = Vec<Target>> + '_ {
    text.mentions
        .chunk_by(|a, b| a.block == b.block)
        .map(|mentions| mentions.iter().map(|m| m.target).collect())
}

/// The pair `(a, b)` as one number, `a`'s [`code`] above `b`'s: ordered as
/// the pair of targets is.
fn pair_key(a: Target, b: Target) -> u64 {
    u64::from(code(a)) << 32 | u64::from(code(b))
}

/// Bits of a [`code`] below its kind.
const INDEX_BITS: u32 = 30;

/// A target as a number: its kind in the top two bits, in the order of
/// `Target`'s variants, then its index; ordered as targets are.
fn code(target: Target) -> u32 {
    let (kind, index) = match target {
        Target::Article(i) => (0, i),
        Target::Person(i) => (1, i),
        Target::Country(i) => (2, i),
        Target::Event(i) => (3, i),
    };
    let index = u32::try_from(index)
        .ok()
        .filter(|&i| i < 1 << INDEX_BITS)
        .expect("fewer than 2³⁰ files of a kind");
    kind << INDEX_BITS | index
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_the_order_of_targets() {
        let targets = [
            Target::Article(0),
            Target::Article(7),
            Target::Person(0),
            Target::Person(1 << 20),
            Target::Country(3),
            Target::Event(0),
            Target::Event((1 << INDEX_BITS) - 1),
        ];
        for a in targets {
            for b in targets {
                assert_eq!(code(a).cmp(&code(b)), a.cmp(&b), "{a:?} {b:?}");
                assert_eq!(pair_key(a, b) >> 32, u64::from(code(a)));
            }
        }
    }
}
