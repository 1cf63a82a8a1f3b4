//! `dossier`: a static site generator for research dossiers.
//!
//! A build is a pipeline of stages, each returning a new value:
//!
//! ```text
//! content/ ──load──▶ Corpus ──resolve──▶ Resolved ──text──▶ [ArticleText]
//!                                                              │
//!            public/ ◀──write── Staging ◀──render── Analysis ◀─┘ analyse
//! ```
//!
//! Every stage reports problems into one [`Diagnostics`] collector, so a run
//! shows every error; nothing is written unless there are none.
//!
//! `build`, `check` ([`check`]) and `serve` ([`serve`]) share the pipeline up
//! to rendering ([`load_content`], [`analyse_content`], [`render_site`]); they
//! differ in where the rendered files go.
//!
//! The date a build stamps on its pages (citations, the feed) is
//! `SOURCE_DATE_EPOCH` when that is set, else today's date in UTC.

pub mod analyse;
pub mod check;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pictures;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod sorting;
pub mod source;
#[cfg(test)]
mod testing;
pub mod text;
pub mod urls;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use analyse::Analysis;
use chrono::NaiveDate;
use diagnostics::{Diagnostic, Diagnostics, Severity};
use model::Corpus;
use output::Staging;
use progress::{Progress, Silent};
use render::Theme;
use resolve::Resolved;
use text::ArticleText;

/// Where to read and write, and what to override.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Replaces `base_url` from `dossier.toml` (a project site's sub-path, say).
    pub base_url: Option<String>,
    /// The process ends after the build, so what the build made need not
    /// be freed: the system takes it back at once, where freeing it string
    /// by string takes tens of milliseconds at 10,000 articles.
    pub exits_after: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub files_written: usize,
    /// The HTML pages among the files.
    pub pages_written: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Every diagnostic of a failed build, errors and warnings, sorted by place.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl From<Diagnostics> for BuildFailure {
    fn from(diagnostics: Diagnostics) -> Self {
        BuildFailure {
            diagnostics: diagnostics.into_sorted(),
        }
    }
}

/// The content, checked and analysed: everything the pages are made from.
pub struct Analysed<'c> {
    pub corpus: &'c Corpus,
    pub resolved: Resolved<'c>,
    pub texts: Vec<ArticleText>,
    pub analysis: Analysis,
}

/// Builds the site: load → resolve → text → analyse → render → write.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    build_with(options, &Silent)
}

/// [`build`], telling `progress` where it is.
pub fn build_with(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildFailure> {
    let mut diagnostics = Diagnostics::default();
    progress.stage("reading", None);
    let Some(corpus) = load_content(
        &options.content,
        options.base_url.as_deref(),
        &mut diagnostics,
    ) else {
        return Err(diagnostics.into());
    };
    progress.stage("checking", None);
    // The theme's templates are compiled while the content is checked, on
    // a core those stages leave idle at times.
    let (analysed, theme) = rayon::join(
        || analyse_content(&corpus, &mut diagnostics),
        || Theme::load(&options.content),
    );
    let Some(analysed) = analysed else {
        return Err(diagnostics.into());
    };
    let written = Staging::new(&options.output, &options.content)
        .map_err(output_error)
        .and_then(|staging| {
            progress.stage("writing", Some(staging.file_counter()));
            let files = render_analysed(&analysed, site_date()?, &theme?, &staging)?;
            let pages = staging.pages_written();
            staging.commit().map_err(|e| output_error(e.to_string()))?;
            Ok((files, pages))
        });
    if options.exits_after {
        std::mem::forget(analysed);
        std::mem::forget(corpus);
    } else {
        drop_in_parallel(analysed);
    }
    match written {
        Ok((files_written, pages_written)) => Ok(BuildReport {
            files_written,
            pages_written,
            warnings: diagnostics.into_sorted(),
        }),
        Err(error) => {
            diagnostics.push(error);
            Err(diagnostics.into())
        }
    }
}

/// Frees what a build made, on every core: the articles' texts alone are
/// hundreds of thousands of strings, some 70 ms at 10,000 articles to free
/// one by one.
fn drop_in_parallel(analysed: Analysed) {
    let Analysed {
        texts,
        resolved,
        analysis,
        ..
    } = analysed;
    rayon::join(
        || texts.into_par_iter().for_each(drop),
        || drop((resolved, analysis)),
    );
}

/// Stage 1: reads and validates the content folder. `None` if there is
/// nothing to go on (no content folder, a bad `--base-url`).
pub fn load_content(
    content: &Path,
    base_url: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> Option<Corpus> {
    if let Some(url) = base_url {
        if let Err(message) = load::check_base_url(url) {
            diagnostics.push(Diagnostic::for_file(
                Severity::Error,
                "--base-url".as_ref(),
                message,
            ));
            return None;
        }
    }
    load::load(content, base_url, diagnostics)
}

/// Stages 2 to 4: resolve → text → analyse. `None` if the content has errors
/// (they are in `diagnostics`), since pages are made only from valid content.
pub fn analyse_content<'c>(
    corpus: &'c Corpus,
    diagnostics: &mut Diagnostics,
) -> Option<Analysed<'c>> {
    let resolved = resolve::resolve(corpus, diagnostics);
    let texts = text::process(corpus, &resolved, render::ARTICLE_ROOT, diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    let analysis = analyse::analyse(corpus, &resolved, &texts);
    Some(Analysed {
        corpus,
        resolved,
        texts,
        analysis,
    })
}

/// Stage 5: renders every file of the site into `staging`, with the theme of
/// `content`; the number of files.
pub fn render_site(
    analysed: &Analysed,
    content: &Path,
    staging: &Staging,
) -> Result<usize, Diagnostic> {
    let theme = Theme::load(content)?;
    render_analysed(analysed, site_date()?, &theme, staging)
}

/// Renders every file of the site into `staging` with `theme`, stamped
/// `built`; the number of files.
pub fn render_analysed(
    analysed: &Analysed,
    built: NaiveDate,
    theme: &Theme,
    staging: &Staging,
) -> Result<usize, Diagnostic> {
    render::render(
        analysed.corpus,
        &analysed.resolved,
        &analysed.texts,
        &analysed.analysis,
        built,
        theme,
        staging,
    )
}

/// The date this build stamps on its pages: see [`build_date`].
pub fn site_date() -> Result<NaiveDate, Diagnostic> {
    build_date(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()).map_err(|message| {
        Diagnostic::for_file(Severity::Error, "SOURCE_DATE_EPOCH".as_ref(), message)
    })
}

/// The build's date: `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when set,
/// so that two builds of the same content are byte-identical; else today.
pub fn build_date(source_date_epoch: Option<&str>) -> Result<NaiveDate, String> {
    let Some(value) = source_date_epoch.filter(|v| !v.is_empty()) else {
        return Ok(chrono::Utc::now().date_naive());
    };
    value
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .map(|time| time.date_naive())
        .ok_or_else(|| {
            format!("SOURCE_DATE_EPOCH '{value}' is not a number of seconds since 1970-01-01")
        })
}

fn output_error(message: String) -> Diagnostic {
    Diagnostic::for_file(Severity::Error, "output".as_ref(), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_date_comes_from_source_date_epoch() {
        let date = build_date(Some("1700000000")).unwrap();
        assert_eq!(date, NaiveDate::from_ymd_opt(2023, 11, 14).unwrap());
        assert!(build_date(Some("yesterday")).is_err());
        assert_eq!(build_date(None).unwrap(), chrono::Utc::now().date_naive());
    }
}
