//! Where each page lives in the output, and relative links between pages.

use crate::model::{Corpus, Target};

/// The page's path from the site root: `people/SLUG.html`.
pub fn page_path(corpus: &Corpus, target: Target) -> String {
    format!("{}/{}.html", target.kind().folder(), corpus.slug(target))
}

/// A link to `target` from a page whose way back to the root is `root` (`""` or `"../"`).
pub fn link(root: &str, corpus: &Corpus, target: Target) -> String {
    format!("{root}{}", page_path(corpus, target))
}
