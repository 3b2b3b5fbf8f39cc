//! Timeline events: Markdown with TOML front matter in `content/events/`,
//! each with a date, a description and its actors.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::fields::{check_date, check_slug, check_tags, split_and_parse, Front};
use super::frontmatter::DateField;
use crate::date::PartialDate;
use crate::diag::{Diagnostic, Diagnostics, Span};

/// Front matter of a timeline event. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMeta {
    pub title: String,
    pub slug: Option<Spanned<String>>,
    pub date: Spanned<DateField>,
    /// The date is approximate ("c. 2008").
    #[serde(default)]
    pub approximate: bool,
    /// Non-empty when (part of) the date is inferred: the reason.
    #[serde(default)]
    pub inferred: String,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    /// Glossary ids of the actors.
    #[serde(default)]
    pub actors: Vec<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    /// The event a source says this one came after (its id), or a list of
    /// them: the timeline never lists this event before those.
    pub after: Option<Spanned<toml::Value>>,
}

/// A parsed timeline event (not yet rendered).
#[derive(Debug)]
pub struct Event {
    pub file: PathBuf,
    pub slug: String,
    pub meta: EventMeta,
    pub date: PartialDate,
    pub tags: Vec<String>,
    /// The ids of the events it came after, with where each is written.
    pub after: Vec<(String, Span)>,
    pub body: String,
    pub body_line: usize,
}

/// Parses a timeline event.
pub fn parse_event(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<Event> {
    let (split, meta) = split_and_parse::<EventMeta>(file, text, diags)?;
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
    let slug = check_slug(&front, &meta.slug, file, diags);
    let date = check_date(&front, &meta.date, diags);
    let tags = check_tags(&front, &meta.tags, diags);
    let after = check_after(&front, meta.after.as_ref(), diags);
    if split.body.trim().is_empty() {
        diags.push(Diagnostic::at(
            Span::new(file, split.body_line.saturating_sub(1), 1),
            "an event needs a description with at least one citation below its front matter",
        ));
    }
    if diags.error_count() > before {
        return None;
    }
    super::placeholder::check(file, text, diags);
    Some(Event {
        file: file.to_path_buf(),
        slug: slug?,
        date: date?,
        meta,
        tags,
        after,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// `after = "id"` or `after = ["id", …]`: the ids, each with its position
/// (that of the value).
fn check_after(
    front: &Front<'_>,
    after: Option<&Spanned<toml::Value>>,
    diags: &mut Diagnostics,
) -> Vec<(String, Span)> {
    let Some(value) = after else {
        return Vec::new();
    };
    let span = front.span(value.span());
    let ids: Option<Vec<String>> = match value.get_ref() {
        toml::Value::String(s) => Some(vec![s.clone()]),
        toml::Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => None,
    };
    match ids {
        Some(ids) => ids.into_iter().map(|id| (id, span.clone())).collect(),
        None => {
            diags.push(Diagnostic::at(
                span,
                "`after` is an event id (\"2025-01-20-inauguration\") or a list of them",
            ));
            Vec::new()
        }
    }
}
