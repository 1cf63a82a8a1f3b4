//! Where each page lives in the output, and relative links between pages.

use crate::model::{Corpus, Target};

/// The page's path from the site root: `people/SLUG.html`.
pub fn page_path(corpus: &Corpus, target: Target) -> String {
    link("", corpus, target)
}

/// A link to `target` from a page whose way back to the root is `root` (`""` or `"../"`).
/// Built by pushing the parts, not by `format!`: it is made for every mention
/// and every listed page.
pub fn link(root: &str, corpus: &Corpus, target: Target) -> String {
    let folder = target.kind().folder();
    let slug = corpus.slug(target).as_str();
    let mut link = String::with_capacity(root.len() + folder.len() + slug.len() + 6);
    for part in [root, folder, "/", slug, ".html"] {
        link.push_str(part);
    }
    link
}
