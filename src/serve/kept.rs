//! What a good build leaves in memory for the next change: the corpus and
//! everything made from it, so that the templates can be applied again, or
//! one edited article read and processed again alone.

use std::collections::HashMap;
use std::path::Path;

use self_cell::self_cell;

use crate::analyse::Analysis;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Corpus, Target};
use crate::render::ARTICLE_ROOT;
use crate::resolve::{self, ArticleTags, EventLinks, Names, Resolved};
use crate::source::FileId;
use crate::text::{self, ArticleText, MentionMatcher};
use crate::{analyse_content, load, load_content, Analysed};

self_cell!(
    /// The content of a good build, analysed.
    pub struct Kept {
        owner: Corpus,
        #[covariant]
        dependent: Analysed,
    }
);

/// What an edit to one article changed, for [`crate::render::ArticleEdit`].
pub struct ArticleChange {
    pub article: usize,
    pub old_text: ArticleText,
    pub old_tags: ArticleTags,
    pub front_matter_changed: bool,
    /// The entities whose mention count or ties changed.
    pub pictured: Vec<Target>,
    /// The edited file's warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Why an edit cannot be processed alone: the whole pipeline must run.
pub struct WholeBuild;

impl Kept {
    /// Runs the pipeline up to rendering; `None` with the errors in `diagnostics`.
    pub fn build(content: &Path, diagnostics: &mut Diagnostics) -> Option<Kept> {
        let corpus = load_content(content, None, diagnostics)?;
        Kept::try_new(corpus, |corpus| {
            analyse_content(corpus, diagnostics).ok_or(())
        })
        .ok()
    }

    pub fn analysed(&self) -> &Analysed<'_> {
        self.borrow_dependent()
    }

    /// The index of the article whose file is `articles/{slug}.md`.
    pub fn article_named(&self, slug: &str) -> Option<usize> {
        let articles = &self.borrow_owner().articles;
        articles
            .iter()
            .position(|article| article.slug.as_str() == slug)
    }

    /// The file of `article`.
    pub fn path_of(&self, article: usize) -> &Path {
        let corpus = self.borrow_owner();
        corpus.sources.path(corpus.articles[article].body.file)
    }

    /// The automaton that finds the entities' names in article text.
    pub fn matcher(&self) -> MentionMatcher {
        MentionMatcher::new(&self.analysed().resolved.names.mention_patterns)
    }

    /// The content with `article` read and processed again, and the analysis
    /// brought up to date; `Err` if the edit renamed anything or has errors,
    /// which the whole pipeline reports. `matcher` is [`Kept::matcher`].
    pub fn edit_article(
        self,
        article: usize,
        matcher: &MentionMatcher,
    ) -> Result<(Kept, ArticleChange), WholeBuild> {
        let corpus = self.borrow_owner();
        let old = &corpus.articles[article];
        let file = old.body.file;
        let (source, new, mut warnings) = load::reload_article(corpus.sources.path(file), file);
        let new = new.filter(|new| new.title == old.title).ok_or(WholeBuild)?;
        if warnings.iter().any(Diagnostic::is_error) {
            return Err(WholeBuild);
        }
        let old_text = &corpus.sources.get(file).text;
        let front_matter_changed =
            source.text[..new.body.span.start] != old_text[..old.body.span.start];
        let (mut corpus, mut parts) = self.into_parts();
        corpus.articles[article] = new;
        corpus.sources.replace(file, source);
        let mut change = None;
        let mut diagnostics = Diagnostics::default();
        let kept = Kept::try_new(corpus, |corpus| {
            let (analysed, edit) = parts.with_article(corpus, article, matcher, &mut diagnostics);
            change = Some(edit);
            if diagnostics.has_errors() {
                Err(())
            } else {
                Ok(analysed)
            }
        })
        .map_err(|_| WholeBuild)?;
        let (old_text, old_tags, pictured) = change.expect("set when built");
        warnings.extend(diagnostics.into_sorted());
        Ok((
            kept,
            ArticleChange {
                article,
                old_text,
                old_tags,
                front_matter_changed,
                pictured,
                warnings,
            },
        ))
    }

    /// The corpus and the owned parts of its analysis, apart.
    fn into_parts(mut self) -> (Corpus, Parts) {
        let parts = self.with_dependent_mut(|_, analysed| {
            let resolved = &mut analysed.resolved;
            Parts {
                article_tags: std::mem::take(&mut resolved.article_tags),
                person_country: std::mem::take(&mut resolved.person_country),
                event_links: std::mem::take(&mut resolved.event_links),
                note_article: std::mem::take(&mut resolved.note_article),
                wikilinks: std::mem::take(&mut resolved.wikilinks),
                texts: std::mem::take(&mut analysed.texts),
                analysis: std::mem::take(&mut analysed.analysis),
            }
        });
        (self.into_owner(), parts)
    }
}

/// What [`Kept::edit_article`] takes apart and puts together again.
struct Parts {
    article_tags: Vec<ArticleTags>,
    person_country: Vec<Option<usize>>,
    event_links: Vec<EventLinks>,
    note_article: Vec<Option<usize>>,
    wikilinks: HashMap<FileId, Vec<Target>>,
    texts: Vec<ArticleText>,
    analysis: Analysis,
}

/// An edit's old text and tags, and the entities whose pictures it changed.
type Edit = (ArticleText, ArticleTags, Vec<Target>);

impl Parts {
    /// The analysis of `corpus`, whose `article` alone changed: its tags
    /// resolved again (the names, borrowed from the corpus, looked up again),
    /// its text processed again, the analysis updated.
    fn with_article<'c>(
        &mut self,
        corpus: &'c Corpus,
        article: usize,
        matcher: &MentionMatcher,
        diagnostics: &mut Diagnostics,
    ) -> (Analysed<'c>, Edit) {
        let names = Names::build(corpus, diagnostics);
        let tags = resolve::article_tags(corpus, &names, &corpus.articles[article], diagnostics);
        let mut article_tags = std::mem::take(&mut self.article_tags);
        let old_tags = std::mem::replace(&mut article_tags[article], tags);
        let resolved = Resolved {
            names,
            article_tags,
            person_country: std::mem::take(&mut self.person_country),
            event_links: std::mem::take(&mut self.event_links),
            note_article: std::mem::take(&mut self.note_article),
            wikilinks: std::mem::take(&mut self.wikilinks),
        };
        let mut texts = std::mem::take(&mut self.texts);
        let text = text::process_article(
            corpus,
            &resolved,
            matcher,
            article,
            ARTICLE_ROOT,
            diagnostics,
        );
        let old_text = std::mem::replace(&mut texts[article], text);
        let mut analysis = std::mem::take(&mut self.analysis);
        let pictured = analysis.replace_article(
            article,
            (&old_text, &old_tags),
            (&texts[article], &resolved.article_tags[article]),
        );
        let analysed = Analysed {
            corpus,
            resolved,
            texts,
            analysis,
        };
        (analysed, (old_text, old_tags, pictured))
    }
}
