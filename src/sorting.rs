//! Sorting names as readers expect: ignoring case and accents.

use rayon::prelude::*;

use crate::model::{Corpus, Target};

/// A key that sorts "Élise" with "Elise" and "abe" with "Abe"; the name itself
/// breaks ties so the order is total.
fn name_key(name: &str) -> (String, String) {
    (deunicode::deunicode(name).to_lowercase(), name.to_string())
}

/// Each person's, country's and event's place among them all in the order
/// of `name_key`, found once: pages sort their lists of entities by these
/// numbers, where sorting by name would fold the same names' case and
/// accents again on every page that lists them.
#[derive(Default)]
pub struct NameOrder {
    people: Vec<u32>,
    countries: Vec<u32>,
    events: Vec<u32>,
}

impl NameOrder {
    pub fn new(corpus: &Corpus) -> NameOrder {
        let entities: Vec<Target> = corpus.entities().collect();
        // Equal names (an error reported elsewhere) keep the entities' order.
        let mut keyed: Vec<((String, String), Target)> = entities
            .into_par_iter()
            .map(|t| (name_key(corpus.name(t)), t))
            .collect();
        keyed.par_sort_unstable();
        let mut order = NameOrder {
            people: vec![0; corpus.people.len()],
            countries: vec![0; corpus.countries.len()],
            events: vec![0; corpus.events.len()],
        };
        for (rank, (_, target)) in keyed.into_iter().enumerate() {
            let rank = rank as u32;
            match target {
                Target::Person(i) => order.people[i] = rank,
                Target::Country(i) => order.countries[i] = rank,
                Target::Event(i) => order.events[i] = rank,
                Target::Article(_) => unreachable!("`entities` holds no article"),
            }
        }
        order
    }

    /// `entity`'s place in the order of names.
    pub fn rank(&self, entity: Target) -> u32 {
        match entity {
            Target::Person(i) => self.people[i],
            Target::Country(i) => self.countries[i],
            Target::Event(i) => self.events[i],
            Target::Article(_) => panic!("articles are ordered by date, not by name"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn ignores_case_and_accents() {
        let mut names = vec!["zeta", "Élise", "adam", "Eliot"];
        names.sort_by_key(|n| name_key(n));
        assert_eq!(names, ["adam", "Eliot", "Élise", "zeta"]);
    }
}
