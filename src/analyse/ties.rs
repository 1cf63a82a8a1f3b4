//! Ties between entities: mentioned in the same paragraph, or taking part in
//! the same event.

use std::collections::HashMap;

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
            let mut start = 0;
            while start < text.mentions.len() {
                let block = text.mentions[start].block;
                let end = start + text.mentions[start..].partition_point(|m| m.block == block);
                let mut targets: Vec<Target> =
                    text.mentions[start..end].iter().map(|m| m.target).collect();
                ties.add_group(&mut targets, |tie| tie.co_mentions += 1);
                start = end;
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

    /// Counts one tie between every two distinct members of a group.
    fn add_group(&mut self, group: &mut Vec<Target>, bump: impl Fn(&mut Tie)) {
        group.sort();
        group.dedup();
        for (i, &a) in group.iter().enumerate() {
            for &b in &group[i + 1..] {
                let tie = self.pairs.entry((a, b)).or_insert_with(|| {
                    self.partners.entry(a).or_default().push(b);
                    self.partners.entry(b).or_default().push(a);
                    Tie::default()
                });
                bump(tie);
            }
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
