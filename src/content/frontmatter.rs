//! Splitting `+++` TOML front matter from a Markdown body, and parsing it.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::config::toml_error;
use crate::diag::{Diagnostic, Span};

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: &'a str,
    /// Line of the file where the front matter text starts (after `+++`).
    pub front_line: usize,
    pub body: &'a str,
    /// Line of the file where the body starts.
    pub body_line: usize,
}

/// Splits `+++\n<toml>\n+++\n<body>`. A BOM before the first `+++` is ignored.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::at(Span::new(path, 1, 1), "the file is empty: a page needs front matter between `+++` lines with at least a `title`"));
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "+++" {
        return Err(Diagnostic::at(
            Span::new(path, 1, 1).with_len(text[..first_end].chars().count()),
            "missing front matter: the file must start with a `+++` line, then TOML, then a closing `+++` line",
        ));
    }
    let front_start = (first_end + 1).min(text.len());
    let mut offset = front_start;
    for (line_no, line) in (2..).zip(text[front_start..].split_inclusive('\n')) {
        if line.trim_end() == "+++" {
            let body_start = offset + line.len();
            return Ok(Split {
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[body_start.min(text.len())..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::at(
        Span::new(path, 1, 1).with_len(3),
        "front matter opened here is never closed: add a `+++` line after it",
    ))
}

/// Parses front matter TOML into `T`, with errors positioned in the file.
pub fn parse<T: DeserializeOwned>(split: &Split<'_>, path: &Path) -> Result<T, Diagnostic> {
    let meta = toml::from_str(split.front)
        .map_err(|e| toml_error(&e, split.front, path, split.front_line))?;
    match crate::config::toml_controls(split.front, path, split.front_line, &[])
        .into_iter()
        .next()
    {
        Some(d) => Err(d),
        None => Ok(meta),
    }
}

/// A date field: a quoted string ("2024", "2024-12", "2024-12-01") or a TOML date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateField(pub String);

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            S(String),
            D(toml::value::Datetime),
        }
        match Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom(
                "expected a date such as \"2024\", \"2024-12\" or \"2024-12-01\"",
            )
        })? {
            Raw::S(s) => Ok(DateField(s)),
            Raw::D(dt) => match (dt.date, dt.time) {
                (Some(date), None) => Ok(DateField(date.to_string())),
                _ => Err(serde::de::Error::custom(
                    "expected a date without a time, such as 2024-12-01",
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("+++\ntitle = \"x\"\n+++\nbody\n", Path::new("a.md")).unwrap();
        assert_eq!(s.front, "title = \"x\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!((s.front_line, s.body_line), (2, 4));
    }

    #[test]
    fn crlf_and_bom() {
        let s = split(
            "\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\nbody",
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(s.body, "body");
    }

    #[test]
    fn missing_and_unclosed() {
        let e = split("title = 1\n", Path::new("a.md")).unwrap_err();
        assert!(e.message.starts_with("missing front matter"));
        let e = split("+++\ntitle = 1\n", Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("never closed"));
        let e = split("  \n", Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("empty"));
    }

    #[test]
    fn toml_errors_are_positioned_in_the_file() {
        #[derive(Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct M {
            title: String,
        }
        let text = "+++\ntitle = \"x\"\ntitel = \"y\"\n+++\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let e = parse::<M>(&s, Path::new("a.md")).unwrap_err();
        let span = e.span.unwrap();
        assert_eq!((span.line, span.col), (3, 1));
    }

    #[test]
    fn date_field_accepts_strings_and_toml_dates() {
        #[derive(Deserialize)]
        struct M {
            date: DateField,
        }
        let m: M = toml::from_str("date = 2024-12-01").unwrap();
        assert_eq!(m.date.0, "2024-12-01");
        let m: M = toml::from_str("date = \"2024-12\"").unwrap();
        assert_eq!(m.date.0, "2024-12");
        assert!(toml::from_str::<M>("date = 2024-12-01T10:00:00Z").is_err());
        assert!(toml::from_str::<M>("date = 5").is_err());
    }
}
