//! Embeds the default theme (`templates/`, `static/`) in the binary, so that an
//! installed `dossier` builds a content folder from anywhere.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut code = String::new();
    code += &table("TEMPLATES", &root.join("templates"), "&str", "include_str");
    code += &table(
        "STATIC_FILES",
        &root.join("static"),
        "&[u8]",
        "include_bytes",
    );
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("theme.rs");
    fs::write(out, code).expect("write theme.rs");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=static");
}

/// `pub static NAME: &[(&str, TYPE)] = &[("relative/path", MACRO!("/abs/path")), …];`
fn table(name: &str, dir: &Path, kind: &str, include: &str) -> String {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut code = format!("pub static {name}: &[(&str, {kind})] = &[\n");
    for file in files {
        let relative = file.strip_prefix(dir).expect("inside dir");
        let relative = relative.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({relative:?}, {include}!({:?})),",
            file.display().to_string()
        )
        .expect("write to string");
        println!("cargo:rerun-if-changed={}", file.display());
    }
    code + "];\n"
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
