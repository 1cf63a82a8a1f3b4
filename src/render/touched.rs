//! Which files an edit to one article touches, so that `dossier serve` can
//! render those alone. An edit that renames nothing (no entity's name, not
//! the article's title) changes:
//!
//! 1. the article's own page;
//! 2. the pages that show its text or its notes: those of the people,
//!    countries and events it mentions or tags, before or after the edit, of
//!    the events it reports, and of what its notes link to; when its front
//!    matter changed, the lists that show its date and source too (the
//!    articles index, the timeline, the front page and 404 page, the feed);
//! 3. the pictures of the entities whose mention count or ties it changed:
//!    the front page's map, and each ego map they are drawn on (the pages of
//!    their partners);
//! 4. the files that hold every article: the print page and the search index.
//!
//! Nothing else shows an article: the sitemap lists the same pages.

use std::collections::BTreeSet;

use crate::model::{Kind, Target};
use crate::resolve::ArticleTags;
use crate::text::ArticleText;

use super::{Page, Renderer, SiteFile};

/// An edit to one article that renamed nothing.
pub struct ArticleEdit<'a> {
    pub article: usize,
    /// Its text and tags before the edit.
    pub old_text: &'a ArticleText,
    pub old_tags: &'a ArticleTags,
    /// Whether its front matter changed (its date, source, summary, tags…).
    pub front_matter_changed: bool,
    /// The entities whose mention count or ties changed.
    pub pictured: &'a [Target],
}

/// The files an edit touches, in the groups of the module's list.
pub struct Touched {
    pub page: SiteFile,
    pub showing: Vec<SiteFile>,
    pub pictures: Vec<SiteFile>,
    pub whole: Vec<SiteFile>,
}

impl Renderer<'_> {
    /// The files `edit` touches, rendered from the content after it.
    pub fn touched_by(&self, edit: &ArticleEdit) -> Touched {
        let shown_on = self.showing(edit);
        let mut showing: Vec<SiteFile> = shown_on.iter().map(|&t| entity_file(t)).collect();
        if edit.front_matter_changed {
            showing.extend(
                [
                    Page::List(Kind::Article),
                    Page::Index,
                    Page::NotFound,
                    Page::Timeline,
                ]
                .map(SiteFile::Page),
            );
            showing.push(SiteFile::Feed);
        }
        let mut pictures = BTreeSet::new();
        if !edit.pictured.is_empty() {
            pictures.insert(SiteFile::Page(Page::Index));
        }
        let ties = &self.site.analysis.ties;
        for &target in edit.pictured {
            let partners = ties.of(target).map(|(partner, _)| partner);
            let with_map = partners.filter(|t| matches!(t, Target::Person(_) | Target::Country(_)));
            pictures.extend(with_map.map(entity_file));
        }
        for file in &showing {
            pictures.remove(file);
        }
        Touched {
            page: SiteFile::Page(Page::Article(edit.article)),
            showing,
            pictures: pictures.into_iter().collect(),
            whole: vec![SiteFile::Page(Page::Print), SiteFile::SearchIndex],
        }
    }

    /// The people, countries and events whose pages show the article.
    fn showing(&self, edit: &ArticleEdit) -> BTreeSet<Target> {
        let site = &self.site;
        let article = edit.article;
        let mentioned = [edit.old_text, &site.texts[article]]
            .into_iter()
            .flat_map(|text| text.mentions.iter().map(|m| m.target));
        let tagged = [edit.old_tags, &site.resolved.article_tags[article]]
            .into_iter()
            .flat_map(ArticleTags::targets);
        let reporting = (site.resolved.event_links.iter().enumerate())
            .filter(|(_, links)| links.sources.contains(&article))
            .map(|(event, _)| Target::Event(event));
        let notes = (site.resolved.note_article.iter().enumerate())
            .filter(|(_, annotated)| **annotated == Some(article))
            .map(|(note, _)| &site.corpus.notes[note].body.file);
        let linked_from_notes = notes
            .filter_map(|file| site.resolved.wikilinks.get(file))
            .flatten()
            .copied()
            .filter(|t| !matches!(t, Target::Article(_)));
        mentioned
            .chain(tagged)
            .chain(reporting)
            .chain(linked_from_notes)
            .collect()
    }
}

/// The page of a person, country or event.
fn entity_file(target: Target) -> SiteFile {
    SiteFile::Page(match target {
        Target::Event(i) => Page::Event(i),
        other => Page::Entity(other),
    })
}
