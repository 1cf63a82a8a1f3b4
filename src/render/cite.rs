//! "Cite this page": the permalink, a Chicago-style citation and a BibTeX
//! entry for a page of the dossier, and for an article page the same for the
//! original publication.
//!
//! Citations are plain text (`html::cite` writes them escaped); the one
//! italic part of a Chicago citation, the publication's name, is kept apart
//! so that it can be set in italics.

use chrono::NaiveDate;

use crate::model::{Article, PartialDate};

/// What a citation needs to know of the dossier.
pub struct Citer<'a> {
    pub site_title: &'a str,
    /// Cited as the dossier's author.
    pub editor: Option<&'a str>,
    /// Ends with `/`.
    pub base_url: &'a str,
    pub built: NaiveDate,
}

/// A Chicago citation in three parts: `before`, the italic `container`, `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChicagoView {
    pub before: String,
    pub container: Option<String>,
    pub after: String,
    /// The whole citation as plain text.
    pub text: String,
}

impl ChicagoView {
    fn new(before: String, container: Option<String>, after: String) -> ChicagoView {
        let text = format!("{before}{}{after}", container.as_deref().unwrap_or(""));
        ChicagoView {
            before,
            container,
            after,
            text,
        }
    }
}

/// A citation of one work: the dossier's page, or the original article.
#[derive(Debug, Clone)]
pub struct CitationView {
    pub chicago: ChicagoView,
    pub bibtex: String,
}

/// The "Cite this page" block.
#[derive(Debug, Clone)]
pub struct CiteView {
    /// base_url + the page's path.
    pub permalink: String,
    pub page: CitationView,
    /// An article page also cites the original publication.
    pub original: Option<CitationView>,
}

impl Citer<'_> {
    /// base_url + `path`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// Cites the dossier's page at `path`, whose title is `title`; `key` (the
    /// page's slug, unique in the dossier) names the BibTeX entry.
    pub fn page(&self, key: &str, title: &str, path: &str) -> CitationView {
        let permalink = self.permalink(path);
        let built = PartialDate::from_naive(self.built);
        let author = self.editor.map(|e| format!("{} ", sentence(e)));
        let chicago = ChicagoView::new(
            format!(
                "{}\u{201c}{}\u{201d} {} Last modified {}. {permalink}.",
                author.unwrap_or_default(),
                sentence(title),
                sentence(self.site_title),
                chicago_date(built),
            ),
            None,
            String::new(),
        );
        let mut entry = BibEntry::new("online", key);
        if let Some(editor) = self.editor {
            entry.field("author", &format!("{{{}}}", bib_escape(editor)));
        }
        entry.field("title", &bib_escape(title));
        entry.field("organization", &bib_escape(self.site_title));
        entry.field("date", &built.iso());
        entry.field("url", &bib_url(&permalink));
        entry.field("urldate", &built.iso());
        CitationView {
            chicago,
            bibtex: entry.finish(),
        }
    }

    /// Cites the article as its publication published it.
    pub fn original(&self, key: &str, article: &Article) -> CitationView {
        let author = article
            .author
            .as_deref()
            .map(|a| format!("{} ", sentence(a)))
            .unwrap_or_default();
        let accessed = article
            .retrieved
            .map(|d| format!(" Accessed {}.", chicago_date(d)))
            .unwrap_or_default();
        let url = article
            .url
            .as_deref()
            .map(|u| format!(" {}.", u.trim_end_matches('.')))
            .unwrap_or_default();
        let chicago = ChicagoView::new(
            format!("{author}\u{201c}{}\u{201d} ", sentence(&article.title)),
            Some(article.source.clone()),
            format!(", {}.{accessed}{url}", chicago_date(article.published)),
        );
        let mut entry = BibEntry::new("article", &format!("{key}:original"));
        entry.field("entrysubtype", "newspaper");
        if let Some(author) = &article.author {
            entry.field("author", &format!("{{{}}}", bib_escape(author)));
        }
        entry.field("title", &bib_escape(&article.title));
        entry.field("journaltitle", &bib_escape(&article.source));
        entry.field("date", &article.published.iso());
        if let Some(url) = &article.url {
            entry.field("url", &bib_url(url));
        }
        if let Some(retrieved) = article.retrieved {
            entry.field("urldate", &retrieved.iso());
        }
        CitationView {
            chicago,
            bibtex: entry.finish(),
        }
    }
}

/// "2013", "March 2024", "March 12, 2024": Chicago's order for dates.
pub fn chicago_date(date: PartialDate) -> String {
    match (date.month_name(), date.day) {
        (None, _) => date.year.to_string(),
        (Some(month), None) => format!("{month} {}", date.year),
        (Some(month), Some(day)) => format!("{month} {day}, {}", date.year),
    }
}

/// The text as an element of a citation: ending with one full stop, or with
/// its own question or exclamation mark.
fn sentence(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    if text.ends_with(['?', '!']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// A BibTeX entry, one field a line.
struct BibEntry {
    text: String,
}

impl BibEntry {
    fn new(kind: &str, key: &str) -> BibEntry {
        BibEntry {
            text: format!("@{kind}{{{key},\n"),
        }
    }

    /// `value` is already escaped.
    fn field(&mut self, name: &str, value: &str) {
        self.text += &format!("  {name} = {{{value}}},\n");
    }

    fn finish(self) -> String {
        self.text + "}"
    }
}

/// Escapes the characters that (La)TeX and BibTeX treat specially.
pub fn bib_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A URL as biblatex reads it (verbatim): only braces and white space must go.
fn bib_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citer(editor: Option<&'static str>) -> Citer<'static> {
        Citer {
            site_title: "Nordland and Mordor",
            editor,
            base_url: "https://example.org/nk/",
            built: NaiveDate::from_ymd_opt(2023, 11, 14).unwrap(),
        }
    }

    #[test]
    fn cites_a_page_of_the_dossier() {
        let cite = citer(Some("Jane Analyst")).page("han", "Han Sol Mi", "people/han.html");
        assert_eq!(
            cite.chicago.text,
            "Jane Analyst. \u{201c}Han Sol Mi.\u{201d} Nordland and Mordor. \
             Last modified November 14, 2023. https://example.org/nk/people/han.html."
        );
        assert_eq!(
            cite.bibtex,
            "@online{han,\n  author = {{Jane Analyst}},\n  title = {Han Sol Mi},\n  \
             organization = {Nordland and Mordor},\n  date = {2023-11-14},\n  \
             url = {https://example.org/nk/people/han.html},\n  urldate = {2023-11-14},\n}"
        );
        let anonymous = citer(None).page("han", "Han Sol Mi.", "people/han.html");
        assert!(anonymous
            .chicago
            .text
            .starts_with("\u{201c}Han Sol Mi.\u{201d} Nordland"));
        assert!(!anonymous.bibtex.contains("author"));
    }

    #[test]
    fn dates_keep_their_precision() {
        let date = |s| chicago_date(PartialDate::parse(s).unwrap());
        assert_eq!(date("2013"), "2013");
        assert_eq!(date("2024-03"), "March 2024");
        assert_eq!(date("2024-03-02"), "March 2, 2024");
    }

    #[test]
    fn escapes_what_tex_reads_as_commands() {
        assert_eq!(
            bib_escape("R&D {50%} $5 #1 a_b"),
            "R\\&D \\{50\\%\\} \\$5 \\#1 a\\_b"
        );
        assert_eq!(
            bib_escape("a~b^c\\d"),
            "a\\textasciitilde{}b\\textasciicircum{}c\\textbackslash{}d"
        );
        assert_eq!(
            bib_url("https://x.org/a b{c}"),
            "https://x.org/a%20b%7Bc%7D"
        );
    }
}
