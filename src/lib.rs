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

pub mod analyse;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pictures;
pub mod render;
pub mod resolve;
pub mod sorting;
pub mod source;
pub mod text;
pub mod urls;

use std::path::PathBuf;

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
        let files = render::render(&corpus, &resolved, &texts, &analysis, &theme, &staging)?;
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

fn fail(mut diagnostics: Diagnostics, error: Diagnostic) -> BuildFailure {
    diagnostics.push(error);
    BuildFailure {
        diagnostics: diagnostics.into_sorted(),
    }
}

fn output_error(message: String) -> Diagnostic {
    Diagnostic::for_file(Severity::Error, "output".as_ref(), message)
}
