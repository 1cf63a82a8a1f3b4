//! Builds the view of each page from the analysed corpus.

use std::collections::HashSet;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::analyse::{Analysis, MentionRef};
use crate::model::{Corpus, Kind, PartialDate, Target};
use crate::resolve::Resolved;
use crate::text::{ArticleText, MentionTags, Sentence};
use crate::urls;

use super::cite::{CiteView, Citer};
use super::html::{self, Passage, Source};
use super::markdown::render_body;
use super::pictures::SharedPictures;
use super::views::*;

/// Article indices, newest first (then by title).
fn newest_first(corpus: &Corpus) -> Vec<usize> {
    // Sorted by keys gathered in one array: sorting indices would fetch two
    // articles from all over memory at every comparison.
    let mut keys: Vec<(PartialDate, &str, usize)> = corpus
        .articles
        .iter()
        .enumerate()
        .map(|(index, a)| (a.published, a.title.as_str(), index))
        .collect();
    keys.sort_by(|a, b| (b.0, a.1).cmp(&(a.0, b.1)));
    keys.into_iter().map(|(_, _, index)| index).collect()
}

/// Pages below the root link back with this prefix.
pub const UP: &str = "../";
/// How many entities a page lists as "mentioned alongside".
const RELATED_LIMIT: usize = 12;
/// How many events and articles the front page lists.
const LATEST_LIMIT: usize = 6;

/// Everything the pages are built from.
pub struct Site<'a> {
    pub corpus: &'a Corpus,
    pub resolved: &'a Resolved<'a>,
    pub texts: &'a [ArticleText],
    pub analysis: &'a Analysis,
    pub citer: Citer<'a>,
    /// Every note, rendered once for pages one folder down.
    pub notes: Vec<NoteView>,
    /// Article indices, newest first.
    pub newest_first: Vec<usize>,
    /// Each article's place in `newest_first`.
    article_rank: Vec<usize>,
    /// The mention links of article texts, on their pages one folder down
    /// (as [`crate::render::ARTICLE_ROOT`] made them in the text stage).
    mention_tags: MentionTags,
    /// What the pictures of every person and country page share, made on first use.
    pub(super) pictures: OnceLock<SharedPictures>,
}

impl<'a> Site<'a> {
    pub fn new(
        corpus: &'a Corpus,
        resolved: &'a Resolved<'a>,
        texts: &'a [ArticleText],
        analysis: &'a Analysis,
        citer: Citer<'a>,
    ) -> Site<'a> {
        let mut site = Site {
            corpus,
            resolved,
            texts,
            analysis,
            citer,
            notes: Vec::new(),
            newest_first: Vec::new(),
            article_rank: Vec::new(),
            mention_tags: MentionTags::new(corpus, UP),
            pictures: OnceLock::new(),
        };
        // Rendering starts only once both are ready: the notes on every
        // core, the articles sorted on one of them meanwhile.
        let (newest_first, notes) = rayon::join(
            || newest_first(corpus),
            || {
                (0..corpus.notes.len())
                    .into_par_iter()
                    .map(|n| site.note_view(n))
                    .collect()
            },
        );
        site.article_rank = vec![0; newest_first.len()];
        for (rank, &article) in newest_first.iter().enumerate() {
            site.article_rank[article] = rank;
        }
        site.newest_first = newest_first;
        site.notes = notes;
        site
    }

    fn note_view(&self, index: usize) -> NoteView {
        let note = &self.corpus.notes[index];
        let article = self.resolved.note_article[index].expect("checked in resolve");
        let block = self.texts[article]
            .notes
            .iter()
            .find(|(n, _)| *n == index)
            .map_or(0, |(_, block)| *block);
        NoteView {
            id: format!("note-{}", note.slug),
            quote: note.quote.value.clone(),
            author: note.author.clone(),
            date: note.date,
            body: self.body_html(&note.body),
            paragraph_href: format!(
                "{}#p{}",
                urls::link(UP, self.corpus, Target::Article(article)),
                block + 1
            ),
            paragraph: block + 1,
            article: self.corpus.articles[article].title.clone(),
        }
    }

    fn body_html(&self, body: &crate::model::Body) -> String {
        self.body_html_linked(body, |t| urls::link(UP, self.corpus, t))
    }

    /// A body's HTML with its wikilinks pointing where `link` says.
    pub fn body_html_linked(
        &self,
        body: &crate::model::Body,
        link: impl Fn(Target) -> String,
    ) -> String {
        let links = self
            .resolved
            .wikilinks
            .get(&body.file)
            .map_or(&[][..], Vec::as_slice);
        render_body(self.corpus.text(body), links, link, |t| self.corpus.name(t))
    }

    fn item(&self, target: Target) -> Item {
        Item::new(self.corpus, target, UP)
    }

    /// A list of links to `targets`, in their order, from a page one folder down.
    fn items(&self, targets: &[Target]) -> Part {
        html::items(self.corpus, targets, UP)
    }

    fn items_by_name(&self, targets: impl Iterator<Item = Target>) -> Part {
        self.items(&self.by_name(targets))
    }

    /// `targets` sorted by name, each once.
    fn by_name(&self, targets: impl Iterator<Item = Target>) -> Vec<Target> {
        let mut targets: Vec<Target> = targets.collect();
        targets.sort_by_key(|&t| self.analysis.name_order.rank(t));
        targets.dedup();
        targets
    }

    fn events_by_date(&self, events: impl Iterator<Item = usize>) -> Part {
        let mut events: Vec<usize> = events.collect();
        events.sort_by_key(|&e| self.analysis.event_position[e]);
        events.dedup();
        let targets: Vec<Target> = events.into_iter().map(Target::Event).collect();
        self.items(&targets)
    }

    fn notes(&self, notes: &[usize]) -> Part {
        html::notes(notes.iter().map(|&n| &self.notes[n]), false)
    }

    pub fn index(&self, root: &str) -> IndexView {
        let c = self.corpus;
        let count = |label, count, kind: Kind| Count {
            label,
            count,
            href: format!("{root}{}/index.html", kind.folder()),
        };
        let latest_events = self.analysis.chronology.iter().rev().take(LATEST_LIMIT);
        let latest_articles = self.newest_first.iter().take(LATEST_LIMIT);
        IndexView {
            counts: vec![
                count("Articles", c.articles.len(), Kind::Article),
                count("People", c.people.len(), Kind::Person),
                count("Countries", c.countries.len(), Kind::Country),
                count("Events", c.events.len(), Kind::Event),
            ],
            latest_events: html::items(
                c,
                &latest_events.map(|&e| Target::Event(e)).collect::<Vec<_>>(),
                root,
            ),
            latest_articles: html::items(
                c,
                &latest_articles
                    .map(|&a| Target::Article(a))
                    .collect::<Vec<_>>(),
                root,
            ),
            notes: c.notes.len(),
            // The 404 page shares this view and links by absolute URL: no map there.
            map: root.is_empty().then(|| self.front_map()),
        }
    }

    pub fn list(&self, kind: Kind) -> ListView {
        let c = self.corpus;
        let (heading, intro, items) = match kind {
            Kind::Article => (
                "Articles",
                "Every source article, newest first.",
                self.items(
                    &self
                        .newest_first
                        .iter()
                        .map(|&a| Target::Article(a))
                        .collect::<Vec<_>>(),
                ),
            ),
            Kind::Person => (
                "People",
                "Everyone in the dossier, by name.",
                self.items_by_name((0..c.people.len()).map(Target::Person)),
            ),
            Kind::Country => (
                "Countries",
                "Every country in the dossier, by name.",
                self.items_by_name((0..c.countries.len()).map(Target::Country)),
            ),
            Kind::Event | Kind::Note => (
                "Events",
                "Every event, oldest first.",
                self.events_by_date(self.analysis.chronology.iter().copied()),
            ),
        };
        ListView {
            heading,
            intro,
            items,
        }
    }

    pub fn timeline(&self, root: &str) -> TimelineView {
        let c = self.corpus;
        let mut entries: Vec<(crate::model::PartialDate, u8, usize, Target)> = self
            .analysis
            .chronology
            .iter()
            .enumerate()
            .map(|(position, &e)| (c.events[e].date, 0, position, Target::Event(e)))
            .chain(
                self.newest_first
                    .iter()
                    .rev()
                    .enumerate()
                    .map(|(position, &a)| {
                        (c.articles[a].published, 1, position, Target::Article(a))
                    }),
            )
            .collect();
        entries.sort();
        let mut years: Vec<YearGroup> = Vec::new();
        for group in entries.chunk_by(|a, b| (a.0.year, a.0.month) == (b.0.year, b.0.month)) {
            let date = group[0].0;
            if years.last().is_none_or(|y| y.year != date.year) {
                years.push(YearGroup {
                    year: date.year,
                    months: Vec::new(),
                });
            }
            let targets: Vec<Target> = group.iter().map(|entry| entry.3).collect();
            years.last_mut().expect("pushed").months.push(MonthGroup {
                month: date.month_name(),
                entries: html::timeline_entries(c, &targets, root),
            });
        }
        TimelineView {
            svg: self.timeline_picture(root).into(),
            years,
            events: c.events.len(),
            articles: c.articles.len(),
        }
    }

    pub fn article(&self, index: usize) -> ArticleView {
        let article = &self.corpus.articles[index];
        let text = &self.texts[index];
        let target = Target::Article(index);
        let path = urls::page_path(self.corpus, target);
        let permalink = self.citer.permalink(&path);
        let mut notes_by_block: Vec<Vec<&NoteView>> = vec![Vec::new(); text.blocks.len()];
        for &(note, block) in &text.notes {
            notes_by_block[block].push(&self.notes[note]);
        }
        let markdown = self.corpus.text(&article.body);
        // About as long as the text's HTML: its Markdown and mention links.
        let text_size = markdown.len() + 80 * text.mentions.len();
        let write_block = |out: &mut String, block: usize| {
            text.write_block(out, block, markdown, &self.mention_tags)
        };
        let tags = &self.resolved.article_tags[index];
        let mentioned = || text.mentions.iter().map(|m| m.target);
        ArticleView {
            title: article.title.clone(),
            source: article.source.clone(),
            author: article.author.clone(),
            published: article.published.into(),
            url: article.url.clone(),
            retrieved: article.retrieved.map(DateView::from),
            summary: article.summary.clone(),
            text: html::blocks(notes_by_block, text_size, &permalink, write_block).into(),
            people: self.items_by_name(
                tags.people
                    .iter()
                    .map(|&p| Target::Person(p))
                    .chain(mentioned().filter(|t| matches!(t, Target::Person(_)))),
            ),
            countries: self.items_by_name(
                tags.countries
                    .iter()
                    .map(|&p| Target::Country(p))
                    .chain(mentioned().filter(|t| matches!(t, Target::Country(_)))),
            ),
            events: self.events_by_date(tags.events.iter().copied().chain(mentioned().filter_map(
                |t| match t {
                    Target::Event(e) => Some(e),
                    _ => None,
                },
            ))),
            note_count: text.notes.len(),
            cite: html::cite(&CiteView {
                permalink,
                page: self
                    .citer
                    .page(article.slug.as_str(), &article.title, &path),
                original: Some(self.citer.original(article.slug.as_str(), article)),
            })
            .into(),
        }
    }

    /// The "Cite this page" block of a person's, country's or event's page.
    fn cite(&self, target: Target) -> String {
        let path = urls::page_path(self.corpus, target);
        html::cite(&CiteView {
            permalink: self.citer.permalink(&path),
            page: self.citer.page(
                self.corpus.slug(target).as_str(),
                self.corpus.name(target),
                &path,
            ),
            original: None,
        })
    }

    pub fn entity(&self, target: Target) -> EntityView {
        let c = self.corpus;
        let backlinks = self.analysis.backlinks(target);
        let (kind_label, country, roles) = match target {
            Target::Person(i) => (
                "Person",
                self.resolved.person_country[i].map(|k| self.item(Target::Country(k))),
                c.people[i].roles.clone(),
            ),
            _ => ("Country", None, Vec::new()),
        };
        let ego = self.ego_map(target);
        EntityView {
            name: c.name(target).to_string(),
            kind_label,
            aliases: self.aliases(target),
            country,
            roles,
            body: self.body_html(c.body(target)).into(),
            notes: self.notes(&backlinks.notes),
            events: self.events_by_date(backlinks.events.iter().copied()),
            people: self.items(
                &backlinks
                    .people
                    .iter()
                    .map(|&p| Target::Person(p))
                    .collect::<Vec<_>>(),
            ),
            sources: self.sources(&backlinks.mentions, &backlinks.tagged_by),
            mention_count: backlinks.mentions.len(),
            related: self.related(target),
            timeline_svg: self
                .compact_timeline(target, &backlinks.events)
                .map(Fragment::from),
            map_svg: ego.svg.map(Fragment::from),
            ties: ego.ties,
            more_ties: ego.more,
            cite: self.cite(target).into(),
        }
    }

    pub fn event(&self, index: usize) -> EventView {
        let c = self.corpus;
        let event = &c.events[index];
        let target = Target::Event(index);
        let backlinks = self.analysis.backlinks(target);
        let links = &self.resolved.event_links[index];
        let (previous, next) = self.analysis.neighbours(index);
        EventView {
            title: event.title.value.clone(),
            date: event.date.into(),
            end: event.end.map(DateView::from),
            place: event.place.clone(),
            aliases: self.aliases(target),
            countries: html::inline_links(
                c,
                &self.by_name(links.countries.iter().map(|&k| Target::Country(k))),
                UP,
            ),
            people: html::inline_links(
                c,
                &self.by_name(links.people.iter().map(|&p| Target::Person(p))),
                UP,
            ),
            body: self.body_html(&event.body).into(),
            notes: self.notes(&backlinks.notes),
            reported_by: self.items(
                &links
                    .sources
                    .iter()
                    .map(|&a| Target::Article(a))
                    .collect::<Vec<_>>(),
            ),
            sources: self.sources(&backlinks.mentions, &backlinks.tagged_by),
            mention_count: backlinks.mentions.len(),
            previous: previous.map(|e| self.item(Target::Event(e))),
            next: next.map(|e| self.item(Target::Event(e))),
            cite: self.cite(target).into(),
        }
    }

    fn aliases(&self, target: Target) -> Vec<String> {
        self.corpus
            .names_of(target)
            .into_iter()
            .skip(1)
            .map(|n| n.value.clone())
            .collect()
    }

    /// The articles that mention or tag an entity, newest first, each with the
    /// sentences that mention it (one passage per sentence).
    fn sources(&self, mentions: &[MentionRef], tagged_by: &[usize]) -> Part {
        // Each mention's sentence and paragraph, read in a loop that does
        // nothing else: they lie scattered over every article's memory, and
        // such a loop lets the processor wait for many of them at once.
        let found: Vec<(&MentionRef, Sentence, &str, bool)> = mentions
            .iter()
            .map(|m| {
                let text = &self.texts[m.article];
                let sentence = text.mentions[m.mention].sentence.clone();
                let block = &text.blocks[m.block];
                let markdown = self.corpus.text(&self.corpus.articles[m.article].body);
                (
                    m,
                    sentence,
                    block.plain(markdown),
                    block.plain_needs_escaping,
                )
            })
            .collect();
        let mut sources: Vec<Source> = Vec::new();
        // The article, block and sentence of the last passage: a sentence
        // that names the entity twice is shown once.
        let mut last_sentence = None;
        for &(m, ref sentence, plain, escape) in &found {
            if sources.last().is_none_or(|s| s.article != m.article) {
                sources.push(Source {
                    article: m.article,
                    passages: Vec::new(),
                    tagged: false,
                });
            }
            let at = Some((m.article, m.block, sentence.start));
            if at == last_sentence {
                continue;
            }
            last_sentence = at;
            sources.last_mut().expect("pushed").passages.push(Passage {
                paragraph: m.block + 1,
                before: sentence.before(plain),
                mention: sentence.mention(plain),
                after: sentence.after(plain),
                escape,
            });
        }
        let mentioned: HashSet<usize> = sources.iter().map(|s| s.article).collect();
        let tagged_only = tagged_by.iter().filter(|a| !mentioned.contains(a));
        sources.extend(tagged_only.map(|&article| Source {
            article,
            passages: Vec::new(),
            tagged: false,
        }));
        sources.sort_by_key(|s| self.article_rank[s.article]);
        let tagged: HashSet<usize> = tagged_by.iter().copied().collect();
        for source in &mut sources {
            source.tagged = tagged.contains(&source.article);
        }
        html::sources(self.corpus, &sources, UP)
    }

    /// The entities most often mentioned in the same paragraphs.
    fn related(&self, target: Target) -> Vec<RelatedView> {
        let mut ties: Vec<(Target, u32)> = self
            .analysis
            .ties
            .of(target)
            .filter(|(_, tie)| tie.co_mentions > 0)
            .map(|(other, tie)| (other, tie.co_mentions))
            .collect();
        ties.sort_by_key(|&(other, count)| {
            (
                std::cmp::Reverse(count),
                self.analysis.name_order.rank(other),
            )
        });
        ties.into_iter()
            .take(RELATED_LIMIT)
            .map(|(other, count)| RelatedView {
                item: self.item(other),
                count,
            })
            .collect()
    }
}
