//! Stage 3c: translations. `content/translations/<source-slug>.toml` carries
//! an editor's translation of a source, block by block:
//!
//! ```toml
//! language = "en"            # optional: the site's language by default
//!
//! [[paragraph]]
//! id = "p-839844"            # the block's id on the source page
//! original = "近日,……"       # the block's text the translation was made from
//! text = "Recently, …"       # the translation ("" while not yet translated)
//! note = "…"                 # optional translator's note
//! ```
//!
//! `original` is the block's text as the build sees it (decoded, cleaned): a
//! translation whose original no longer matches its source is stale, and the
//! model reports it with the block's new text. Parsing only: the model stage
//! matches entries to the sources' blocks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::config::toml_error;
use crate::diag::{Diagnostic, Diagnostics, Span};

/// The folder of translation files, relative to the site root.
pub const DIR: &str = "content/translations";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    language: Option<Spanned<String>>,
    #[serde(default, rename = "paragraph")]
    paragraphs: Vec<EntryToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryToml {
    id: Spanned<String>,
    original: Spanned<String>,
    text: Spanned<String>,
    note: Option<Spanned<String>>,
}

/// A parsed translation file.
#[derive(Debug, Clone)]
pub struct Translation {
    /// Path relative to the site root.
    pub file: PathBuf,
    /// The slug of the source translated (the file's stem).
    pub source: String,
    /// BCP 47 tag of the translation's language; `None`: the site's.
    pub language: Option<String>,
    pub entries: Vec<Entry>,
}

/// One translated block.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    /// Where the entry's `id` is written.
    pub at: Span,
    pub original: String,
    /// Trimmed; empty while the block is not yet translated.
    pub text: String,
    pub note: Option<String>,
}

/// Parses one translation file. Problems go to `diags`; `None` when the
/// file cannot be used at all.
pub fn parse(path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Translation> {
    let span = |r: std::ops::Range<usize>| Span::of_range(path, text, r.start, r.end, 1);
    let source = slug_of(path, diags)?;
    let file: FileToml = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            diags.push(toml_error(&e, text, path, 1));
            return None;
        }
    };
    let language = match file.language {
        Some(l) if valid_language(l.get_ref()) => Some(l.into_inner()),
        Some(l) => {
            diags.push(Diagnostic::at(
                span(l.span()),
                format!(
                    "`{}` is not a language tag (write one like \"en\", \"fr\" or \"zh-Hans\")",
                    l.get_ref()
                ),
            ));
            None
        }
        None => None,
    };
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let mut entries = Vec::with_capacity(file.paragraphs.len());
    for e in file.paragraphs {
        let at = span(e.id.span());
        if let Some(first) = seen.get(e.id.get_ref()) {
            diags.push(
                Diagnostic::at(
                    at,
                    format!("block `{}` is translated twice", e.id.get_ref()),
                )
                .note(format!("first translated at {first}")),
            );
            continue;
        }
        seen.insert(e.id.get_ref().clone(), at.clone());
        entries.push(Entry {
            id: e.id.into_inner(),
            at,
            original: e.original.into_inner(),
            text: e.text.into_inner().trim().to_string(),
            note: e
                .note
                .map(|n| n.into_inner().trim().to_string())
                .filter(|n| !n.is_empty()),
        });
    }
    Some(Translation {
        file: path.to_path_buf(),
        source,
        language,
        entries,
    })
}

/// The slug of the source a translation file is for: its file stem.
fn slug_of(path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match crate::slug::validate(&stem) {
        Ok(()) => Some(stem),
        Err(msg) => {
            diags.push(Diagnostic::at(
                Span::file(path),
                format!("a translation file is named after its source's slug: {msg}"),
            ));
            None
        }
    }
}

/// A plausible BCP 47 tag: subtags of 1–8 ASCII letters or digits joined by
/// `-`, the first of 2–3 letters.
fn valid_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The primary subtag of a language tag, lowercased: `zh-Hans` → `zh`.
pub fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or("").to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(name: &str, text: &str) -> (Option<Translation>, Diagnostics) {
        let mut d = Diagnostics::new();
        let t = parse(Path::new(name), text, &mut d);
        (t, d)
    }

    #[test]
    fn parses_entries_with_positions() {
        let (t, d) = parse_str(
            "content/translations/demo.toml",
            "language = \"en\"\n\n[[paragraph]]\nid = \"p-1\"\noriginal = \"原文\"\ntext = \"  Text \"\n\n[[paragraph]]\nid = \"p-2\"\noriginal = \"二\"\ntext = \"\"\nnote = \" \"\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let t = t.unwrap();
        assert_eq!(t.source, "demo");
        assert_eq!(t.language.as_deref(), Some("en"));
        assert_eq!(t.entries.len(), 2);
        assert_eq!(t.entries[0].text, "Text");
        assert_eq!((t.entries[0].at.line, t.entries[0].at.col), (4, 6));
        assert_eq!(t.entries[1].note, None);
    }

    #[test]
    fn unknown_keys_duplicates_and_bad_tags_are_errors() {
        let (_, d) = parse_str(
            "content/translations/demo.toml",
            "[[paragraph]]\nid = \"p-1\"\noriginal = \"a\"\ntext = \"b\"\ntranslation = \"c\"\n",
        );
        assert!(d
            .iter()
            .any(|x| x.message.contains("unknown field `translation`")));
        let (t, d) = parse_str(
            "content/translations/demo.toml",
            "language = \"english!\"\n[[paragraph]]\nid = \"p-1\"\noriginal = \"a\"\ntext = \"b\"\n[[paragraph]]\nid = \"p-1\"\noriginal = \"a\"\ntext = \"c\"\n",
        );
        let msgs: Vec<String> = d.iter().map(|x| x.message.clone()).collect();
        assert_eq!(d.error_count(), 2, "{msgs:?}");
        assert!(msgs[0].contains("not a language tag"), "{msgs:?}");
        assert!(msgs[1].contains("translated twice"), "{msgs:?}");
        assert_eq!(t.unwrap().entries.len(), 1);
    }

    #[test]
    fn the_file_name_must_be_a_slug() {
        let (t, d) = parse_str("content/translations/Bad Name.toml", "");
        assert!(t.is_none());
        assert!(d
            .iter()
            .any(|x| x.message.contains("named after its source's slug")));
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "zh-Hans", "pt-BR", "yue"] {
            assert!(valid_language(ok), "{ok}");
        }
        for bad in ["", "e", "english", "en-", "en_US", "中文"] {
            assert!(!valid_language(bad), "{bad}");
        }
        assert_eq!(primary("zh-Hans"), "zh");
    }
}
