//! Stage 5, render: views → Tera templates → files in the staging folder.
//!
//! 1. Load the theme: built-in templates and static files, with the content
//!    folder's overrides (`theme`).
//! 2. Render the analyst's notes once (`markdown`), then build each page's
//!    view (`pages`, `views`). The parts a page repeats by the hundred (lists,
//!    paragraphs with their notes, passages, "Cite this page") are written
//!    as HTML in Rust (`html`); the templates lay the page out around them.
//!    The pictures (timeline, relationship maps) are drawn from the analysis
//!    as inline SVG (`pictures`).
//! 3. Render every file in one parallel pass ([`Renderer`]) and write it:
//!    the pages, the one-page print of the dossier (`print`) and the search
//!    index (`search`), both streamed, `sitemap.xml` and `feed.xml`
//!    (`feeds`); copy the static files. `serve` renders only the files an
//!    edit touches (`touched`).

mod cite;
mod feeds;
mod fragment;
mod html;
mod markdown;
mod pages;
mod pictures;
mod print;
mod search;
mod shells;
mod theme;
mod touched;
mod views;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::analyse::Analysis;
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Corpus, Kind, PartialDate, Target};
use crate::output::Staging;
use crate::resolve::Resolved;
use crate::text::ArticleText;
use crate::urls;

pub use html::{needs_escaping, write_escaped};
pub use theme::Theme;
pub use touched::{ArticleEdit, Touched};

/// Article texts are shown on pages one folder below the root.
pub const ARTICLE_ROOT: &str = pages::UP;

use cite::Citer;
use fragment::Fragment;
use pages::{Site, UP};
use shells::Shell;
use views::{HeadView, PageContext, SiteView};

/// One page of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Index,
    Timeline,
    Search,
    Print,
    List(Kind),
    Article(usize),
    Entity(Target),
    Event(usize),
    NotFound,
}

impl Page {
    /// The page's file, from the site root.
    pub fn path(self, corpus: &Corpus) -> String {
        match self {
            Page::Index => "index.html".to_string(),
            Page::Timeline => "timeline.html".to_string(),
            Page::Search => "search.html".to_string(),
            Page::Print => "print.html".to_string(),
            Page::NotFound => "404.html".to_string(),
            Page::List(kind) => format!("{}/index.html", kind.folder()),
            Page::Article(i) => urls::page_path(corpus, Target::Article(i)),
            Page::Entity(target) => urls::page_path(corpus, target),
            Page::Event(i) => urls::page_path(corpus, Target::Event(i)),
        }
    }

    /// The sitemap lists every page but these.
    fn in_sitemap(self) -> bool {
        !matches!(self, Page::NotFound | Page::Search)
    }
}

/// The search index's file, loaded by `search.html` with a `<script>` tag.
pub const SEARCH_INDEX: &str = "search-index.js";

/// The contents of the search index alone, as `render` writes it (for
/// benchmarks: this builds the pages' shared data first, as `render` does).
pub fn search_index(
    corpus: &Corpus,
    resolved: &Resolved,
    texts: &[ArticleText],
    analysis: &Analysis,
    built: NaiveDate,
) -> Vec<u8> {
    let citer = Citer {
        site_title: &corpus.config.title,
        editor: corpus.config.editor.as_deref(),
        base_url: &corpus.config.base_url,
        built,
    };
    let mut js = Vec::new();
    search::write_index(
        &Site::new(corpus, resolved, texts, analysis, citer),
        &mut js,
    )
    .expect("a Vec takes any bytes");
    js
}

/// A file of the site made from the content (the theme's static files aside).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SiteFile {
    Page(Page),
    Sitemap,
    Feed,
    SearchIndex,
}

impl SiteFile {
    /// The file, from the site root.
    pub fn path(self, corpus: &Corpus) -> String {
        match self {
            SiteFile::Page(page) => page.path(corpus),
            SiteFile::Sitemap => "sitemap.xml".to_string(),
            SiteFile::Feed => "feed.xml".to_string(),
            SiteFile::SearchIndex => SEARCH_INDEX.to_string(),
        }
    }
}

/// Renders and writes every file; the number of files written.
pub fn render(
    corpus: &Corpus,
    resolved: &Resolved,
    texts: &[ArticleText],
    analysis: &Analysis,
    built: NaiveDate,
    theme: &Theme,
    staging: &Staging,
) -> Result<usize, Diagnostic> {
    let renderer = Renderer::new(corpus, resolved, texts, analysis, built, theme);
    for kind in [Kind::Article, Kind::Person, Kind::Country, Kind::Event] {
        staging.create_dir(kind.folder()).map_err(write_error)?;
    }
    let files = renderer.all_files();
    renderer.render_files(&files, staging)?;
    staging.write(".nojekyll", b"").map_err(write_error)?;
    for (path, bytes) in &theme.static_files {
        let path = format!("static/{path}");
        if let Some((folder, _)) = path.rsplit_once('/') {
            staging.create_dir(folder).map_err(write_error)?;
        }
        staging.write(&path, bytes).map_err(write_error)?;
    }
    Ok(files.len() + 1 + theme.static_files.len())
}

/// Renders the files made from the content, all of them or a chosen few (as
/// `dossier serve` does after an edit).
pub struct Renderer<'a> {
    site: Site<'a>,
    site_view: SiteView<'a>,
    theme: &'a Theme,
    built: NaiveDate,
}

impl<'a> Renderer<'a> {
    pub fn new(
        corpus: &'a Corpus,
        resolved: &'a Resolved,
        texts: &'a [ArticleText],
        analysis: &'a Analysis,
        built: NaiveDate,
        theme: &'a Theme,
    ) -> Renderer<'a> {
        let citer = Citer {
            site_title: &corpus.config.title,
            editor: corpus.config.editor.as_deref(),
            base_url: &corpus.config.base_url,
            built,
        };
        let site_view = SiteView {
            title: &corpus.config.title,
            description: corpus.config.description.as_deref(),
            base_url: &corpus.config.base_url,
            language: &corpus.config.language,
            editor: corpus.config.editor.as_deref(),
            generator: concat!("dossier ", env!("CARGO_PKG_VERSION")),
            built: PartialDate::from_naive(built).into(),
        };
        Renderer {
            site: Site::new(corpus, resolved, texts, analysis, citer),
            site_view,
            theme,
            built,
        }
    }

    /// Every file made from the content. The longest to make come first, so
    /// that rendering in parallel does not end waiting on one of them.
    pub fn all_files(&self) -> Vec<SiteFile> {
        [SiteFile::SearchIndex, SiteFile::Feed, SiteFile::Sitemap]
            .into_iter()
            .chain(all_pages(self.site.corpus).into_iter().map(SiteFile::Page))
            .collect()
    }

    /// Renders and writes `files` (their folders exist), all in parallel.
    pub fn render_files(&self, files: &[SiteFile], staging: &Staging) -> Result<(), Diagnostic> {
        let writer = PageWriter {
            site_view: &self.site_view,
            citation_date: self.site_view.built.iso.replace('-', "/"),
            theme: self.theme,
            staging,
        };
        files
            .par_iter()
            .with_max_len(FILES_PER_TASK)
            .try_for_each(|file| self.render_file(&writer, *file))
    }

    fn render_file(&self, writer: &PageWriter, file: SiteFile) -> Result<(), Diagnostic> {
        let site = &self.site;
        match file {
            SiteFile::Page(page) => render_page(site, writer, page),
            SiteFile::Sitemap => {
                let paths: Vec<String> = all_pages(site.corpus)
                    .into_iter()
                    .filter(|p| p.in_sitemap())
                    .map(|p| p.path(site.corpus))
                    .collect();
                let base_url = &site.corpus.config.base_url;
                let sitemap = feeds::SitemapView::new(base_url, paths.iter().map(String::as_str));
                writer.write_xml("sitemap.xml", &sitemap, feeds::sitemap_xml)
            }
            SiteFile::Feed => writer.write_xml(
                "feed.xml",
                &feeds::FeedView::new(site, self.built),
                feeds::feed_xml,
            ),
            SiteFile::SearchIndex => writer
                .staging
                .write_streamed(SEARCH_INDEX, |out| search::write_index(site, out))
                .map_err(write_error),
        }
    }
}

/// Every page of the site, in the order the sitemap lists them.
fn all_pages(corpus: &Corpus) -> Vec<Page> {
    let fixed = [
        Page::Index,
        Page::Timeline,
        Page::Search,
        Page::Print,
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

/// Files rendered in one go, at most, by one thread. Rayon halves the work
/// only as idle threads take it: without a cap, one profile of a 30,000-article
/// build ended with a thread rendering article pages for a tenth of a second
/// while the other waited.
const FILES_PER_TASK: usize = 16;

/// Renders views through the theme's templates into the staging folder.
struct PageWriter<'a> {
    site_view: &'a SiteView<'a>,
    /// The build date as `citation_publication_date` wants it: `2023/11/14`,
    /// made once for every page.
    citation_date: String,
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
        self.write_described(path, template, kind, title, None, view)
    }

    /// A page's HTML, rendered as `write` writes it.
    fn html<T: Serialize>(
        &self,
        path: &str,
        template: &str,
        kind: &str,
        title: &str,
        view: &T,
    ) -> Result<String, Diagnostic> {
        let (shell, fragments) = self.render(path, template, kind, title, None, view)?;
        Ok(fragment::pieces(&shell, &fragments).concat())
    }

    /// Writes a page whose description (for link previews) is its own, not the site's.
    fn write_described<T: Serialize>(
        &self,
        path: &str,
        template: &str,
        kind: &str,
        title: &str,
        description: Option<&str>,
        view: &T,
    ) -> Result<(), Diagnostic> {
        let (shell, fragments) = self.render(path, template, kind, title, description, view)?;
        self.staging
            .write_pieces(path, &fragment::pieces(&shell, &fragments))
            .map_err(write_error)
    }

    /// Writes an article, person, country or event page: in Rust while the
    /// templates it is made of are the built-in ones (see [`shells`]), else
    /// through them.
    fn write_shell<T: Serialize>(
        &self,
        path: &str,
        shell: &Shell<T>,
        kind: &str,
        title: &str,
        description: Option<&str>,
        view: &T,
    ) -> Result<(), Diagnostic> {
        if !self.theme.built_in(shell.made_of) {
            return self.write_described(path, shell.template, kind, title, description, view);
        }
        let context = self.context(path, kind, title, description, view);
        let pieces = (shell.write)(&context);
        let pieces: Vec<&str> = pieces.iter().map(|p| p.as_ref()).collect();
        self.staging
            .write_pieces(path, &pieces)
            .map_err(write_error)
    }

    /// What every page's template sees, around `view`.
    fn context<'c, T: Serialize>(
        &'c self,
        path: &'c str,
        kind: &'c str,
        title: &'c str,
        description: Option<&'c str>,
        view: T,
    ) -> PageContext<'c, T> {
        // 404.html is served at any depth by GitHub Pages: it links by absolute URL.
        let root = match (kind, path.contains('/')) {
            ("404", _) => self.site_view.base_url,
            (_, true) => UP,
            (_, false) => "",
        };
        let head = HeadView {
            permalink: format!("{}{path}", self.site_view.base_url),
            description: description.or(self.site_view.description),
            og_type: if kind == "article" {
                "article"
            } else {
                "website"
            },
            citation_date: &self.citation_date,
            citable: kind != "404",
        };
        PageContext {
            site: self.site_view,
            root,
            path,
            head,
            title,
            kind,
            page: view,
        }
    }

    /// The page's template rendered around `view`, and the fragments that
    /// its placeholders stand for.
    fn render<T: Serialize>(
        &self,
        path: &str,
        template: &str,
        kind: &str,
        title: &str,
        description: Option<&str>,
        view: &T,
    ) -> Result<(String, Vec<Fragment>), Diagnostic> {
        let context = self.context(path, kind, title, description, view);
        let (context, fragments) = fragment::collecting(|| Context::from_serialize(&context));
        let context = context.map_err(|e| template_failure(template, &e))?;
        let shell = self
            .theme
            .tera
            .render(template, &context)
            .map_err(|e| template_failure(template, &e))?;
        Ok((shell, fragments))
    }

    /// Renders a template that is not a page (an XML file): it sees `site` and `page`.
    fn render_xml<T: Serialize>(&self, template: &str, view: &T) -> Result<String, Diagnostic> {
        #[derive(Serialize)]
        struct FragmentContext<'a, T: Serialize> {
            site: &'a SiteView<'a>,
            page: &'a T,
        }
        let context = FragmentContext {
            site: self.site_view,
            page: view,
        };
        let context =
            Context::from_serialize(&context).map_err(|e| template_failure(template, &e))?;
        self.theme
            .tera
            .render(template, &context)
            .map_err(|e| template_failure(template, &e))
    }

    /// Writes `sitemap.xml` or `feed.xml`: with `built_in` while the theme
    /// has the built-in template of that name, else through its own.
    fn write_xml<T: Serialize>(
        &self,
        name: &str,
        view: &T,
        built_in: fn(&SiteView, &T) -> String,
    ) -> Result<(), Diagnostic> {
        let xml = match self.theme.built_in(&[name]) {
            true => built_in(self.site_view, view),
            false => self.render_xml(name, view)?,
        };
        self.staging
            .write(name, xml.as_bytes())
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
        Page::Search => writer.write(
            "search.html",
            "search.html",
            "search",
            "Search",
            &views::SearchView {
                index: SEARCH_INDEX,
            },
        ),
        Page::Print => {
            let parts = print::Parts::new(site);
            let shell = writer.html(
                "print.html",
                "print.html",
                "print",
                "The whole dossier",
                &print::PrintView::new(site, &parts),
            )?;
            writer
                .staging
                .write_streamed("print.html", |out| print::write(site, &parts, &shell, out))
                .map_err(write_error)
        }
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
            writer.write_shell(
                &urls::page_path(corpus, Target::Article(i)),
                &shells::ARTICLE,
                "article",
                &view.title,
                view.summary.as_deref(),
                &view,
            )
        }
        Page::Entity(target) => {
            let view = site.entity(target);
            writer.write_shell(
                &urls::page_path(corpus, target),
                &shells::ENTITY,
                target.kind().noun(),
                &view.name,
                None,
                &view,
            )
        }
        Page::Event(i) => {
            let view = site.event(i);
            writer.write_shell(
                &urls::page_path(corpus, Target::Event(i)),
                &shells::EVENT,
                "event",
                &view.title,
                None,
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
