//! Slugs: the path segments of output URLs. A slug from a file name or front
//! matter never escapes the output folder and is portable to every file system.

/// Names Windows reserves for devices, in any letter case and with any extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Checks a slug given by an author: one path segment of lowercase ASCII
/// letters, digits, `-` and `_`, not starting with `-`/`_`, not a reserved name.
pub fn validate(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("the slug is empty".into());
    }
    if slug.len() > 100 {
        return Err("the slug is longer than 100 characters".into());
    }
    if let Some(c) = slug
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "the slug `{slug}` has the character {c:?}; use lowercase a–z, 0–9, '-' and '_' only"
        ));
    }
    if slug.starts_with(['-', '_']) {
        return Err(format!(
            "the slug `{slug}` must start with a letter or digit"
        ));
    }
    if RESERVED.contains(&slug) {
        return Err(format!(
            "the slug `{slug}` is a reserved device name on Windows"
        ));
    }
    Ok(())
}

/// Derives a slug from a file stem: lowercase ASCII letters and digits, runs of
/// anything else become one `-`. Returns `None` when nothing is left.
pub fn from_stem(stem: &str) -> Option<String> {
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '_']).to_string();
    (validate(&out).is_ok()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unsafe_slugs() {
        for bad in [
            "", "..", "a/b", "a\\b", "/abs", "A", "a b", "con", "nul", "-x", "a:b", "a*b", "稀土",
            "a.b",
        ] {
            assert!(validate(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(validate("us-policy_2025").is_ok());
    }

    #[test]
    fn derives_from_stems() {
        assert_eq!(
            from_stem("2024-12-01 Export Controls").as_deref(),
            Some("2024-12-01-export-controls")
        );
        assert_eq!(
            from_stem("000_dcebf9981143983a").as_deref(),
            Some("000_dcebf9981143983a")
        );
        assert_eq!(from_stem("稀土"), None);
        assert_eq!(from_stem("CON"), None);
    }
}
