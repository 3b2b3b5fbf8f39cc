//! Pages: Markdown with TOML front matter below `content/`, each giving its
//! output folder (from its path and slug), section, date and tags.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::fields::{check_date, check_slug, check_tags, split_and_parse, Front};
use super::frontmatter::DateField;
use crate::date::PartialDate;
use crate::diag::{Diagnostic, Diagnostics, Span};

/// Front matter of a page. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    pub slug: Option<Spanned<String>>,
    pub date: Option<Spanned<DateField>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    pub summary: Option<String>,
    pub weight: Option<i64>,
    /// For summaries: the slug of the source summarised.
    pub source: Option<Spanned<String>>,
}

/// A parsed Markdown page (not yet rendered).
#[derive(Debug)]
pub struct Page {
    /// Path relative to the site root, e.g. `content/briefs/x.md`.
    pub file: PathBuf,
    /// Path below `content/` with `/` separators, e.g. `briefs/x.md`.
    pub content_path: String,
    /// Output folder, e.g. `briefs/x` (empty for the home page).
    pub dir: String,
    /// First folder below `content/` (`briefs`), empty for top-level pages.
    pub section: String,
    pub meta: PageMeta,
    pub date: Option<PartialDate>,
    pub tags: Vec<String>,
    pub body: String,
    pub body_line: usize,
}

/// Parses a page. `file` is relative to the site root and below `content/`.
pub fn parse_page(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<Page> {
    let (split, meta) = split_and_parse::<PageMeta>(file, text, diags)?;
    let front = Front {
        path: file,
        text: split.front,
        line: split.front_line,
    };
    let before = diags.error_count();
    if meta.title.trim().is_empty() {
        diags.push(Diagnostic::at(
            Span::new(file, split.front_line, 1),
            "`title` is empty",
        ));
    }
    let content_path = content_relative(file);
    let parts: Vec<String> = content_path.split('/').map(str::to_string).collect();
    let mut dirs: Vec<String> = Vec::new();
    for part in &parts[..parts.len() - 1] {
        match crate::slug::from_stem(part) {
            Ok(dir) => dirs.push(dir),
            Err(msg) => diags.push(Diagnostic::at(
                Span::file(file),
                format!("folder name: {msg}"),
            )),
        }
    }
    let is_index = parts
        .last()
        .is_some_and(|f| *f == "index.md" || *f == "_index.md");
    let slug = if is_index && meta.slug.is_none() {
        None
    } else {
        check_slug(&front, &meta.slug, file, diags)
    };
    let date = meta
        .date
        .as_ref()
        .and_then(|d| check_date(&front, d, diags));
    let tags = check_tags(&front, &meta.tags, diags);
    if diags.error_count() > before {
        return None;
    }
    super::placeholder::check(file, text, diags);
    let mut segs = dirs.clone();
    segs.extend(slug);
    Some(Page {
        file: file.to_path_buf(),
        content_path,
        dir: segs.join("/"),
        section: if parts.len() > 1 {
            dirs.first().cloned().unwrap_or_default()
        } else {
            String::new()
        },
        meta,
        date,
        tags,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// The path below `content/`, with `/` separators.
/// In NFC, as `@/` links are looked up (a file name made on macOS may be
/// in NFD).
pub fn content_relative(file: &Path) -> String {
    use unicode_normalization::UnicodeNormalization;
    let rel = file.strip_prefix("content").unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().nfc().collect::<String>())
        .collect::<Vec<_>>()
        .join("/")
}
