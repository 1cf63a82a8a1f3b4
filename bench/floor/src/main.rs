//! The benchmark "floor": the least work any generator must do on a dossier.
//!
//! For every `articles/*.md` in a dossier content folder, skip the `+++` TOML front
//! matter, render the Markdown body to HTML with pulldown-cmark and write one
//! `SLUG.html` per input into the output folder. Single-threaded; no templates,
//! no entities, no links, no indexes. `dossier build` is measured as a multiple of
//! this program's wall time.
//!
//! Usage: `dossier-bench-floor CONTENT_DIR OUTPUT_DIR`

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{html, Options, Parser};
use walkdir::WalkDir;

/// The body of a content file: everything after the closing `+++` line, or the
/// whole text when the file has no front matter.
fn body(text: &str) -> Result<&str, &'static str> {
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Ok(text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end_matches(['\r', '\n']) == "+++" {
            return Ok(&rest[offset..]);
        }
    }
    Err("unterminated front matter")
}

/// The article sources, in file-name order so that runs do the same work.
fn articles(content: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut out = Vec::new();
    let walker = WalkDir::new(content.join("articles"))
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name();
    for entry in walker {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "md") {
            out.push(path.to_path_buf());
        }
    }
    Ok(out)
}

fn run(content: &Path, output: &Path) -> Result<usize, Box<dyn Error>> {
    let inputs = articles(content)?;
    fs::create_dir_all(output)?;
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    // One buffer reused for every page, as a real generator would.
    let mut page = String::new();
    for path in &inputs {
        let text = fs::read_to_string(path)?;
        let body = body(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        page.clear();
        html::push_html(&mut page, Parser::new_ext(body, options));
        let stem = path.file_stem().ok_or("file without a name")?;
        fs::write(output.join(stem).with_extension("html"), &page)?;
    }
    Ok(inputs.len())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, output] = args.as_slice() else {
        eprintln!("usage: dossier-bench-floor CONTENT_DIR OUTPUT_DIR");
        return ExitCode::from(2);
    };
    match run(Path::new(content), Path::new(output)) {
        Ok(n) => {
            eprintln!("floor: rendered {n} articles into {output}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::body;

    #[test]
    fn skips_front_matter() {
        assert_eq!(body("+++\ntitle = \"x\"\n+++\nText\n"), Ok("Text\n"));
        assert_eq!(body("+++\r\na = 1\r\n+++\r\nText"), Ok("Text"));
    }

    #[test]
    fn no_front_matter_is_the_whole_text() {
        assert_eq!(body("Just text\n"), Ok("Just text\n"));
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        assert!(body("+++\ntitle = \"x\"\nText\n").is_err());
    }
}
