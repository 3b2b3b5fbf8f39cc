//! What pages and events share: splitting and parsing the front matter,
//! and checking slugs, tags and dates, each error positioned in the file.

use std::path::Path;

use toml::Spanned;

use super::frontmatter::{self, DateField};
use crate::date::PartialDate;
use crate::diag::{Diagnostic, Diagnostics, Span};

/// The front matter text and its position, for positioning field errors.
pub(super) struct Front<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    pub(super) line: usize,
}

impl Front<'_> {
    pub(super) fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::of_range(self.path, self.text, range.start, range.end, self.line)
    }
}

pub(super) fn check_slug(
    front: &Front<'_>,
    slug: &Option<Spanned<String>>,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<String> {
    match slug {
        Some(s) => match crate::slug::validate(s.get_ref()) {
            Ok(()) => Some(s.get_ref().clone()),
            Err(msg) => {
                diags.push(Diagnostic::at(front.span(s.span()), msg));
                None
            }
        },
        None => {
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match crate::slug::from_stem(&stem) {
                Ok(s) => Some(s),
                Err(e) => {
                    diags.push(Diagnostic::at(
                        Span::new(file, 1, 1),
                        format!("cannot make a URL slug from the file name: {e}; or set `slug` in the front matter"),
                    ));
                    None
                }
            }
        }
    }
}

pub(super) fn check_tags(
    front: &Front<'_>,
    tags: &[Spanned<String>],
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out = Vec::new();
    // Tags are normalised (NFC, lower case): `Überblick` and `überblick`
    // are one tag.
    for t in tags {
        match crate::slug::normalize(t.get_ref()) {
            Ok(tag) => out.push(tag),
            Err(msg) => diags.push(Diagnostic::at(front.span(t.span()), format!("tag: {msg}"))),
        }
    }
    out.sort();
    out.dedup();
    out
}

pub(super) fn check_date(
    front: &Front<'_>,
    date: &Spanned<DateField>,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    match PartialDate::parse(&date.get_ref().0) {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(Diagnostic::at(front.span(date.span()), e.to_string()));
            None
        }
    }
}

/// Splits off the front matter and parses it as `T`; errors go to `diags`.
pub(super) fn split_and_parse<'a, T: serde::de::DeserializeOwned>(
    file: &Path,
    text: &'a str,
    diags: &mut Diagnostics,
) -> Option<(frontmatter::Split<'a>, T)> {
    let parsed = frontmatter::split(text, file)
        .and_then(|split| frontmatter::parse(&split, file).map(|meta| (split, meta)));
    match parsed {
        Ok(x) => Some(x),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}
