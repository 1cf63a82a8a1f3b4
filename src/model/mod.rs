//! The dossier as loaded and validated: typed, immutable after loading.

mod date;
mod slug;

pub use date::{PartialDate, Precision};
pub use slug::Slug;

use std::collections::HashSet;

use crate::source::{FileId, SourceMap, Span};

/// The kinds of content file, one folder each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Article,
    Person,
    Country,
    Event,
    Note,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Article,
        Kind::Person,
        Kind::Country,
        Kind::Event,
        Kind::Note,
    ];

    /// The folder of the content and of the output pages.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Article => "articles",
            Kind::Person => "people",
            Kind::Country => "countries",
            Kind::Event => "events",
            Kind::Note => "notes",
        }
    }

    /// The word used in messages and on pages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Person => "person",
            Kind::Country => "country",
            Kind::Event => "event",
            Kind::Note => "note",
        }
    }

    pub fn from_noun(noun: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.noun() == noun)
    }
}

/// A page a link can point at: an index into the corpus list of its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Article(usize),
    Person(usize),
    Country(usize),
    Event(usize),
}

impl Target {
    pub fn kind(self) -> Kind {
        match self {
            Target::Article(_) => Kind::Article,
            Target::Person(_) => Kind::Person,
            Target::Country(_) => Kind::Country,
            Target::Event(_) => Kind::Event,
        }
    }
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// A slug written in front matter, not yet checked against the corpus.
pub type Ref = Located<String>;

/// The Markdown body of a file: a range of its source text.
#[derive(Clone, Debug)]
pub struct Body {
    pub file: FileId,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    pub editor: Option<String>,
}

impl Config {
    /// Stands in for a `dossier.toml` with errors, so the rest can still be checked.
    pub fn placeholder() -> Config {
        Config {
            title: String::new(),
            description: None,
            base_url: "https://invalid.invalid/".to_string(),
            language: "en".to_string(),
            editor: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Article {
    pub slug: Slug,
    pub title: String,
    pub source: String,
    pub published: PartialDate,
    pub author: Option<String>,
    pub url: Option<String>,
    pub retrieved: Option<PartialDate>,
    pub summary: Option<String>,
    pub countries: Vec<Ref>,
    pub people: Vec<Ref>,
    pub events: Vec<Ref>,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub slug: Slug,
    pub name: Located<String>,
    pub aliases: Vec<Located<String>>,
    pub country: Option<Ref>,
    pub roles: Vec<String>,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub struct Country {
    pub slug: Slug,
    pub name: Located<String>,
    pub aliases: Vec<Located<String>>,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub struct Event {
    pub slug: Slug,
    pub title: Located<String>,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub place: Option<String>,
    pub countries: Vec<Ref>,
    pub people: Vec<Ref>,
    pub sources: Vec<Ref>,
    pub aliases: Vec<Located<String>>,
    pub body: Body,
}

#[derive(Clone, Debug)]
pub struct Note {
    pub slug: Slug,
    pub article: Ref,
    pub quote: Located<String>,
    pub author: Option<String>,
    pub date: Option<PartialDate>,
    pub body: Body,
}

/// Everything loaded from a content folder. Each list is sorted by slug.
#[derive(Debug)]
pub struct Corpus {
    pub config: Config,
    /// Slugs of files that failed to load: references to them are not errors
    /// of their own, the file's errors are reported already.
    pub failed_slugs: HashSet<String>,
    pub sources: SourceMap,
    pub articles: Vec<Article>,
    pub people: Vec<Person>,
    pub countries: Vec<Country>,
    pub events: Vec<Event>,
    pub notes: Vec<Note>,
}

impl Corpus {
    /// The Markdown text of a body.
    pub fn text(&self, body: &Body) -> &str {
        &self.sources.get(body.file).text[body.span.clone()]
    }

    pub fn slug(&self, target: Target) -> &Slug {
        match target {
            Target::Article(i) => &self.articles[i].slug,
            Target::Person(i) => &self.people[i].slug,
            Target::Country(i) => &self.countries[i].slug,
            Target::Event(i) => &self.events[i].slug,
        }
    }

    /// The name a page is known by: a title for articles and events.
    pub fn name(&self, target: Target) -> &str {
        match target {
            Target::Article(i) => &self.articles[i].title,
            Target::Person(i) => &self.people[i].name.value,
            Target::Country(i) => &self.countries[i].name.value,
            Target::Event(i) => &self.events[i].title.value,
        }
    }

    pub fn body(&self, target: Target) -> &Body {
        match target {
            Target::Article(i) => &self.articles[i].body,
            Target::Person(i) => &self.people[i].body,
            Target::Country(i) => &self.countries[i].body,
            Target::Event(i) => &self.events[i].body,
        }
    }

    /// Every person, country and event: the things mentioned in article texts.
    pub fn entities(&self) -> impl Iterator<Item = Target> + '_ {
        let people = (0..self.people.len()).map(Target::Person);
        let countries = (0..self.countries.len()).map(Target::Country);
        let events = (0..self.events.len()).map(Target::Event);
        people.chain(countries).chain(events)
    }

    /// An entity's name and aliases, each where it was written.
    pub fn names_of(&self, target: Target) -> Vec<&Located<String>> {
        let (name, aliases) = match target {
            Target::Article(_) => return Vec::new(),
            Target::Person(i) => (&self.people[i].name, &self.people[i].aliases),
            Target::Country(i) => (&self.countries[i].name, &self.countries[i].aliases),
            Target::Event(i) => (&self.events[i].title, &self.events[i].aliases),
        };
        std::iter::once(name).chain(aliases).collect()
    }
}
