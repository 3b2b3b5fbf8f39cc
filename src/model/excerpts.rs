//! Excerpts. Takes the problems found so far and the texts the model holds
//! (the pages' and events' Markdown, the glossary); gives each problem in
//! them its line, quoted from the text as it was read, before the pages'
//! Markdown is let go.

use std::collections::HashMap;
use std::path::Path;

use super::bodies::PageDoc;
use super::events::EventDoc;
use crate::content::Glossary;
use crate::diag::Diagnostics;

/// Quotes the lines of the problems in `diags` that have none yet.
pub fn quote(
    diags: &mut Diagnostics,
    pages: &[PageDoc],
    events: &[EventDoc],
    glossary: Option<&Glossary>,
) {
    let unquoted = |d: &crate::diag::Diagnostic| {
        d.excerpt.is_none() && d.span.as_ref().is_some_and(|s| s.line > 0)
    };
    if !diags.iter().any(unquoted) {
        return;
    }
    let mut texts: HashMap<&Path, (&str, usize)> = HashMap::new();
    for p in pages {
        texts.insert(&p.page.file, (&p.page.body, p.page.body_line));
    }
    for e in events {
        texts.insert(&e.event.file, (&e.event.body, e.event.body_line));
    }
    if let Some(g) = glossary {
        texts.insert(&g.file, (&g.text, 1));
    }
    diags.quote_from(|file| texts.get(file).copied());
}
