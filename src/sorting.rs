//! Sorting names as readers expect: ignoring case and accents.

/// A key that sorts "Élise" with "Elise" and "abe" with "Abe"; the name itself
/// breaks ties so the order is total.
pub fn name_key(name: &str) -> (String, String) {
    (deunicode::deunicode(name).to_lowercase(), name.to_string())
}

#[cfg(test)]
mod tests {
    use super::name_key;

    #[test]
    fn ignores_case_and_accents() {
        let mut names = vec!["zeta", "Élise", "adam", "Eliot"];
        names.sort_by_key(|n| name_key(n));
        assert_eq!(names, ["adam", "Eliot", "Élise", "zeta"]);
    }
}
