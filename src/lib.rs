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
//! The date a build stamps on its pages (citations, the feed) is
//! `SOURCE_DATE_EPOCH` when that is set, else today's date in UTC.

pub mod analyse;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod sorting;
pub mod source;
pub mod text;
pub mod urls;

use std::path::PathBuf;

use chrono::NaiveDate;
use diagnostics::{Diagnostic, Diagnostics, Severity};
use render::Theme;

/// Where to read and write, and what to override.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Replaces `base_url` from `dossier.toml` (a project site's sub-path, say).
    pub base_url: Option<String>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub files_written: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Every diagnostic of a failed build, errors and warnings, sorted by place.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the site: load → resolve → text → analyse → render → write.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let mut diagnostics = Diagnostics::default();
    let built = match build_date(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref()) {
        Ok(date) => date,
        Err(message) => {
            let error =
                Diagnostic::for_file(Severity::Error, "SOURCE_DATE_EPOCH".as_ref(), message);
            return Err(fail(diagnostics, error));
        }
    };
    if let Some(url) = &options.base_url {
        if let Err(message) = load::check_base_url(url) {
            return Err(fail(
                diagnostics,
                Diagnostic::for_file(Severity::Error, "--base-url".as_ref(), message),
            ));
        }
    }
    let Some(corpus) = load::load(
        &options.content,
        options.base_url.as_deref(),
        &mut diagnostics,
    ) else {
        return Err(BuildFailure {
            diagnostics: diagnostics.into_sorted(),
        });
    };
    let resolved = resolve::resolve(&corpus, &mut diagnostics);
    let texts = text::process(&corpus, &resolved, render::ARTICLE_ROOT, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(BuildFailure {
            diagnostics: diagnostics.into_sorted(),
        });
    }
    let analysis = analyse::analyse(&corpus, &resolved, &texts);
    let written = Theme::load(&options.content).and_then(|theme| {
        let staging =
            output::Staging::new(&options.output, &options.content).map_err(output_error)?;
        let files = render::render(
            &corpus, &resolved, &texts, &analysis, built, &theme, &staging,
        )?;
        staging.commit().map_err(|e| output_error(e.to_string()))?;
        Ok(files)
    });
    match written {
        Ok(files_written) => Ok(BuildReport {
            files_written,
            warnings: diagnostics.into_sorted(),
        }),
        Err(error) => Err(fail(diagnostics, error)),
    }
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

fn fail(mut diagnostics: Diagnostics, error: Diagnostic) -> BuildFailure {
    diagnostics.push(error);
    BuildFailure {
        diagnostics: diagnostics.into_sorted(),
    }
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
