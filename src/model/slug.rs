//! Slugs: the permanent names of pages.

use std::fmt;

/// A file stem of lowercase ASCII letters, digits and single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// Checks `text` against the slug rule; the error says what is wrong.
    pub fn parse(text: &str) -> Result<Slug, String> {
        let valid_chars = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if text.is_empty() {
            Err("a slug cannot be empty".into())
        } else if !valid_chars {
            Err(format!(
                "'{text}' is not a valid slug: use lowercase ASCII letters, digits and hyphens"
            ))
        } else if text.starts_with('-') || text.ends_with('-') || text.contains("--") {
            Err(format!(
                "'{text}' is not a valid slug: hyphens must be single and between letters or digits"
            ))
        } else {
            Ok(Slug(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Slug;

    #[test]
    fn accepts_lowercase_words_joined_by_single_hyphens() {
        assert!(Slug::parse("a-b-2024").is_ok());
        for bad in ["", "A-b", "a_b", "a--b", "-a", "a-", "é", "a b"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
