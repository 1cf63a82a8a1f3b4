//! The theme: the built-in templates and static files, each overridden by a
//! file of the same name in the content folder's `templates/` or `static/`.

use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Severity};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

pub struct Theme {
    pub tera: Tera,
    /// The templates the content folder overrides.
    overridden: Vec<String>,
    /// Path under `static/` → bytes.
    pub static_files: Vec<(String, Vec<u8>)>,
}

impl Theme {
    pub fn load(content: &Path) -> Result<Theme, Diagnostic> {
        let mut templates: Vec<(String, String)> = embedded::TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut static_files: Vec<(String, Vec<u8>)> = embedded::STATIC_FILES
            .iter()
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .collect();
        let mut overridden = Vec::new();
        for (name, bytes) in user_files(&content.join("templates")) {
            let text = String::from_utf8(bytes).map_err(|_| {
                let path = content.join("templates").join(&name);
                Diagnostic::for_file(Severity::Error, &path, "the template is not valid UTF-8")
            })?;
            overridden.push(name.clone());
            override_or_add(&mut templates, name, text);
        }
        for (name, bytes) in user_files(&content.join("static")) {
            override_or_add(&mut static_files, name, bytes);
        }
        let mut tera = Tera::default();
        tera.set_escape_fn(super::html::escape);
        tera.add_raw_templates(templates).map_err(|error| {
            Diagnostic::for_file(
                Severity::Error,
                &content.join("templates"),
                template_error(&error),
            )
        })?;
        Ok(Theme {
            tera,
            overridden,
            static_files,
        })
    }

    /// Whether none of `templates` is overridden, so that a page made of
    /// them alone may be written without Tera (see `shells`).
    pub fn built_in(&self, templates: &[&str]) -> bool {
        !templates
            .iter()
            .any(|t| self.overridden.iter().any(|o| o == t))
    }
}

fn override_or_add<T>(files: &mut Vec<(String, T)>, name: String, value: T) {
    match files.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = value,
        None => files.push((name, value)),
    }
}

/// Files below `dir`, by path relative to it, in a stable order.
fn user_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((relative, std::fs::read(e.path()).ok()?))
        })
        .collect()
}

/// Tera's error with its causes, which hold the useful part.
pub fn template_error(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message += &format!(": {cause}");
        source = cause.source();
    }
    message
}
