//! Stage 5, render: views → Tera templates → files in the staging folder.
//!
//! 1. Load the theme: built-in templates and static files, with the content
//!    folder's overrides (`theme`).
//! 2. Render the analyst's notes once (`markdown`), then build each page's
//!    view (`pages`, `views`).
//!    The pictures (timeline, relationship maps) are drawn from the analysis
//!    as inline SVG (`pictures`).
//! 3. Render every page in parallel and write it; copy the static files.

mod markdown;
mod pages;
mod pictures;
mod theme;
mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::analyse::Analysis;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Corpus, Kind, Target};
use crate::output::Staging;
use crate::resolve::Resolved;
use crate::text::ArticleText;
use crate::urls;

pub use theme::Theme;

/// Article texts are shown on pages one folder below the root.
pub const ARTICLE_ROOT: &str = pages::UP;

use pages::{Site, UP};
use views::{PageContext, SiteView};

/// One page of the site.
#[derive(Clone, Copy)]
enum Page {
    Index,
    Timeline,
    List(Kind),
    Article(usize),
    Entity(Target),
    Event(usize),
    NotFound,
}

/// Renders and writes every page; the number of files written.
pub fn render(
    corpus: &Corpus,
    resolved: &Resolved,
    texts: &[ArticleText],
    analysis: &Analysis,
    theme: &Theme,
    staging: &Staging,
) -> Result<usize, Diagnostic> {
    let site = Site::new(corpus, resolved, texts, analysis);
    let site_view = SiteView {
        title: &corpus.config.title,
        description: corpus.config.description.as_deref(),
        base_url: &corpus.config.base_url,
        language: &corpus.config.language,
        editor: corpus.config.editor.as_deref(),
        generator: concat!("dossier ", env!("CARGO_PKG_VERSION")),
    };
    for kind in [Kind::Article, Kind::Person, Kind::Country, Kind::Event] {
        staging.create_dir(kind.folder()).map_err(write_error)?;
    }
    let pages = all_pages(corpus);
    let writer = PageWriter {
        site_view: &site_view,
        theme,
        staging,
    };
    pages
        .par_iter()
        .map(|&page| render_page(&site, &writer, page))
        .collect::<Result<Vec<()>, Diagnostic>>()?;
    staging.write(".nojekyll", b"").map_err(write_error)?;
    for (path, bytes) in &theme.static_files {
        let path = format!("static/{path}");
        if let Some((folder, _)) = path.rsplit_once('/') {
            staging.create_dir(folder).map_err(write_error)?;
        }
        staging.write(&path, bytes).map_err(write_error)?;
    }
    Ok(pages.len() + 1 + theme.static_files.len())
}

fn all_pages(corpus: &Corpus) -> Vec<Page> {
    let fixed = [
        Page::Index,
        Page::Timeline,
        Page::NotFound,
        Page::List(Kind::Article),
        Page::List(Kind::Person),
        Page::List(Kind::Country),
        Page::List(Kind::Event),
    ];
    let articles = (0..corpus.articles.len()).map(Page::Article);
    let people = (0..corpus.people.len()).map(|i| Page::Entity(Target::Person(i)));
    let countries = (0..corpus.countries.len()).map(|i| Page::Entity(Target::Country(i)));
    let events = (0..corpus.events.len()).map(Page::Event);
    fixed
        .into_iter()
        .chain(articles)
        .chain(people)
        .chain(countries)
        .chain(events)
        .collect()
}

/// Renders views through the theme's templates into the staging folder.
struct PageWriter<'a> {
    site_view: &'a SiteView<'a>,
    theme: &'a Theme,
    staging: &'a Staging,
}

impl PageWriter<'_> {
    fn write<T: Serialize>(
        &self,
        path: &str,
        template: &str,
        kind: &str,
        title: &str,
        view: &T,
    ) -> Result<(), Diagnostic> {
        // 404.html is served at any depth by GitHub Pages: it links by absolute URL.
        let root = match (kind, path.contains('/')) {
            ("404", _) => self.site_view.base_url,
            (_, true) => UP,
            (_, false) => "",
        };
        let context = PageContext {
            site: self.site_view,
            root,
            path,
            title,
            kind,
            page: view,
        };
        let context =
            Context::from_serialize(&context).map_err(|e| template_failure(template, &e))?;
        let html = self
            .theme
            .tera
            .render(template, &context)
            .map_err(|e| template_failure(template, &e))?;
        self.staging
            .write(path, html.as_bytes())
            .map_err(write_error)
    }
}

fn render_page(site: &Site, writer: &PageWriter, page: Page) -> Result<(), Diagnostic> {
    let corpus = site.corpus;
    match page {
        Page::Index => writer.write(
            "index.html",
            "index.html",
            "index",
            &corpus.config.title,
            &site.index(""),
        ),
        Page::NotFound => writer.write(
            "404.html",
            "404.html",
            "404",
            "Page not found",
            &site.index(&corpus.config.base_url),
        ),
        Page::Timeline => writer.write(
            "timeline.html",
            "timeline.html",
            "timeline",
            "Timeline",
            &site.timeline(""),
        ),
        Page::List(kind) => {
            let view = site.list(kind);
            writer.write(
                &format!("{}/index.html", kind.folder()),
                "list.html",
                "list",
                view.heading,
                &view,
            )
        }
        Page::Article(i) => {
            let view = site.article(i);
            writer.write(
                &urls::page_path(corpus, Target::Article(i)),
                "article.html",
                "article",
                &view.title,
                &view,
            )
        }
        Page::Entity(target) => {
            let view = site.entity(target);
            writer.write(
                &urls::page_path(corpus, target),
                "entity.html",
                target.kind().noun(),
                &view.name,
                &view,
            )
        }
        Page::Event(i) => {
            let view = site.event(i);
            writer.write(
                &urls::page_path(corpus, Target::Event(i)),
                "event.html",
                "event",
                &view.title,
                &view,
            )
        }
    }
}

fn template_failure(template: &str, error: &tera::Error) -> Diagnostic {
    Diagnostic::for_file(
        Severity::Error,
        std::path::Path::new(&format!("templates/{template}")),
        format!("the template failed: {}", theme::template_error(error)),
    )
}

fn write_error(error: std::io::Error) -> Diagnostic {
    Diagnostic::for_file(
        Severity::Error,
        std::path::Path::new("."),
        format!("cannot write the site: {error}"),
    )
}
