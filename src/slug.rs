//! Slugs: the path segments of output URLs (file names of pages, events,
//! terms and sources; tags). A slug may be in any script — `概览`,
//! `überblick`, `2024-12-01-export-controls` — and is always in one normal
//! form: NFC, lower case where the script has case. It never escapes the
//! output folder and is portable to every file system: no separators, dots,
//! spaces or punctuation, no control, bidirectional or zero-width
//! characters, no name Windows reserves. Output paths are UTF-8 file names;
//! `urls` percent-encodes them in links.

use unicode_normalization::UnicodeNormalization;

/// Names Windows reserves for devices, in any letter case and with any extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The most bytes a slug may have: file systems allow 255 per name, and a
/// slug is also a file name with an extension (`<slug>.md`).
const MAX_BYTES: usize = 200;

/// `s` in normal form: NFC, then lower case where the script has case
/// (and NFC again: lower-casing can decompose).
pub fn normal_form(s: &str) -> String {
    s.nfc().collect::<String>().to_lowercase().nfc().collect()
}

/// A character no name may hold because it cannot be seen or it changes
/// what is shown: what no one-line text field may hold (`text::controls`:
/// control characters, bidirectional controls, zero-width characters,
/// noncharacters), and in a name also the left-to-right and right-to-left
/// marks, the invisible operators and the soft hyphen. Its description.
pub fn invisible(c: char) -> Option<&'static str> {
    use crate::text::controls::{problem, Field, Problem};
    match problem(c, Field::Line) {
        Some(Problem::Control | Problem::LineBreak) => Some("a control character"),
        Some(Problem::Bidi) => Some("a bidirectional control"),
        Some(Problem::ZeroWidth) => Some("a zero-width character"),
        Some(Problem::Noncharacter) => Some("a Unicode noncharacter"),
        None => match c {
            '\u{200E}' | '\u{200F}' => Some("a bidirectional control"),
            '\u{2061}'..='\u{2064}' | '\u{180E}' => Some("a zero-width character"),
            '\u{00AD}' => Some("a soft hyphen"),
            _ => None,
        },
    }
}

/// Whether a slug may hold `c`: a letter or digit of any script, a
/// combining mark (which some scripts need), `-` or `_`.
fn allowed(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_' || unicode_normalization::char::is_combining_mark(c)
}

/// Checks a slug given by an author (front matter, a sidecar, a glossary
/// id): safe, and already in normal form (references to it must match it
/// exactly, so it is not silently changed).
pub fn validate(slug: &str) -> Result<(), String> {
    check_safe(slug)?;
    let normal = normal_form(slug);
    if normal != slug {
        return Err(format!(
            "the slug `{slug}` is not in normal form (NFC, lower case); write `{normal}`"
        ));
    }
    Ok(())
}

/// `s` in normal form, if that is a safe slug (a tag, or a slug given on
/// the command line).
pub fn normalize(s: &str) -> Result<String, String> {
    // Unsafe characters are named as written, before normalising.
    check_characters(s)?;
    let normal = normal_form(s);
    check_safe(&normal)?;
    Ok(normal)
}

/// The slug of a file stem or title: normal form, and every run of
/// characters a slug may not hold (spaces, punctuation) one `-`.
/// `"2024-12-01 Export Controls"` → `2024-12-01-export-controls`,
/// `"Überblick"` → `überblick`, `"概览"` → `概览`. An invisible character is
/// refused (it would make two names that look alike differ), as is a stem
/// with nothing left or a reserved name.
pub fn from_stem(stem: &str) -> Result<String, String> {
    if let Some((c, what)) = stem.chars().find_map(|c| invisible(c).map(|w| (c, w))) {
        return Err(format!(
            "`{}` has {what} (U+{:04X}); rename it",
            stem.escape_debug(),
            u32::from(c)
        ));
    }
    let mut out = String::with_capacity(stem.len());
    for c in normal_form(stem).chars() {
        if allowed(c) {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '_']);
    check_safe(out)?;
    Ok(out.to_string())
}

/// Every character allowed (named by its code point when it is invisible).
fn check_characters(slug: &str) -> Result<(), String> {
    for c in slug.chars() {
        if let Some(what) = invisible(c) {
            return Err(format!(
                "the slug `{}` has {what} (U+{:04X}), which cannot be seen",
                slug.escape_debug(),
                u32::from(c)
            ));
        }
        if !allowed(c) {
            return Err(format!(
                "the slug `{slug}` has the character {c:?}; use letters and digits (of any script), '-' and '_' only"
            ));
        }
    }
    Ok(())
}

/// One safe path segment: allowed characters, starting with a letter or
/// digit, not too long, no reserved name.
fn check_safe(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("the slug is empty".into());
    }
    if slug.len() > MAX_BYTES {
        return Err(format!(
            "the slug `{slug}` is longer than {MAX_BYTES} bytes (file systems allow 255 per name)"
        ));
    }
    check_characters(slug)?;
    if !slug.starts_with(char::is_alphanumeric) {
        return Err(format!(
            "the slug `{slug}` must start with a letter or digit"
        ));
    }
    if RESERVED.contains(&slug.to_lowercase().as_str()) {
        return Err(format!(
            "the slug `{slug}` is a reserved device name on Windows"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unsafe_slugs() {
        for bad in [
            "",
            "..",
            "a/b",
            "a\\b",
            "/abs",
            "A",
            "a b",
            "con",
            "nul",
            "CON",
            "-x",
            "_x",
            "a:b",
            "a*b",
            "a.b",
            "a\u{200b}b",
            "a\u{202e}b",
            "a\u{0}b",
            "a\u{7f}",
            "Überblick",
            "u\u{308}berblick",
        ] {
            assert!(validate(bad).is_err(), "{bad:?} should be rejected");
        }
        for good in [
            "us-policy_2025",
            "稀土",
            "überblick",
            "概览-2025",
            "ελλάδα",
            "россия",
        ] {
            assert_eq!(validate(good), Ok(()), "{good}");
        }
        assert!(validate(&"稀".repeat(67)).is_err(), "201 bytes");
        assert!(validate(&"稀".repeat(66)).is_ok());
    }

    #[test]
    fn normalises_tags() {
        assert_eq!(normalize("Überblick").as_deref(), Ok("überblick"));
        assert_eq!(normalize("u\u{308}berblick").as_deref(), Ok("überblick"));
        assert_eq!(normalize("科技").as_deref(), Ok("科技"));
        assert_eq!(normalize("ΕΛΛΆΔΑ").as_deref(), Ok("ελλάδα"));
        assert!(normalize("a\u{200d}b").unwrap_err().contains("U+200D"));
        assert!(normalize("a b").is_err());
        assert!(normalize("Con").is_err());
    }

    #[test]
    fn derives_from_stems() {
        assert_eq!(
            from_stem("2024-12-01 Export Controls").as_deref(),
            Ok("2024-12-01-export-controls")
        );
        assert_eq!(
            from_stem("000_dcebf9981143983a").as_deref(),
            Ok("000_dcebf9981143983a")
        );
        assert_eq!(from_stem("Überblick").as_deref(), Ok("überblick"));
        assert_eq!(from_stem("稀土").as_deref(), Ok("稀土"));
        assert_eq!(from_stem("Café (2025)").as_deref(), Ok("café-2025"));
        assert!(from_stem("CON").is_err());
        assert!(from_stem("...").is_err());
        assert!(from_stem("a\u{202e}b")
            .unwrap_err()
            .contains("bidirectional"));
    }
}
