//! The theme: the built-in templates and static files, each overridden by a
//! file of the same name in the content folder's `templates/` or `static/`.

use std::fmt;
use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Severity};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme.rs"));
}

pub struct Theme {
    pub tera: Tera,
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
        for (name, bytes) in user_files(&content.join("templates")) {
            let text = String::from_utf8(bytes).map_err(|_| {
                let path = content.join("templates").join(&name);
                Diagnostic::for_file(Severity::Error, &path, "the template is not valid UTF-8")
            })?;
            override_or_add(&mut templates, name, text);
        }
        for (name, bytes) in user_files(&content.join("static")) {
            override_or_add(&mut static_files, name, bytes);
        }
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates).map_err(|error| {
            Diagnostic::for_file(
                Severity::Error,
                &content.join("templates"),
                template_error(&error),
            )
        })?;
        Ok(Theme { tera, static_files })
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

/// Escapes what HTML needs escaped and nothing more: Tera's default also
/// escapes `/`, which makes every link unreadable in the page source.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    write_escaped(&mut out, text).expect("a String takes any text");
    out
}

/// Writes `text` escaped as the templates escape it, for HTML written in Rust.
pub fn write_escaped(out: &mut impl fmt::Write, text: &str) -> fmt::Result {
    let mut rest = text;
    // By byte: each of these is one byte in UTF-8, and never part of another character.
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.write_str(&rest[..at])?;
        out.write_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        rest = &rest[at + 1..];
    }
    out.write_str(rest)
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
