//! Excerpts. Takes the problems found so far and the texts the model holds
//! (the pages' and events' Markdown, the glossary); gives each problem in
//! them its line, quoted from the text as it was read, before the pages'
//! Markdown is let go.

use std::collections::{HashMap, HashSet};
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
    // Only the files of problems still unquoted are looked up (an edit in
    // `serve` should not gather every page's text for a few warnings).
    let wanted: HashSet<&Path> = diags
        .iter()
        .filter(|d| unquoted(d))
        .filter_map(|d| Some(d.span.as_ref()?.file.as_path()))
        .collect();
    if wanted.is_empty() {
        return;
    }
    let mut texts: HashMap<&Path, (&str, usize)> = HashMap::new();
    // Pages and events are the `.md` files of `content/` (see `discover`):
    // they are looked through only for a problem in such a file (reading
    // the file name of each of 10,000 pages costs milliseconds).
    let markdown = wanted
        .iter()
        .any(|f| f.extension().is_some_and(|e| e == "md"));
    let (pages, events) = if markdown {
        (pages, events)
    } else {
        (&[][..], &[][..])
    };
    let pages = pages
        .iter()
        .map(|p| (&p.page.file, &p.page.body, p.page.body_line));
    let events = events
        .iter()
        .map(|e| (&e.event.file, &e.event.body, e.event.body_line));
    let glossary = glossary.map(|g| (&g.file, &g.text, 1));
    for (file, text, line) in pages.chain(events).chain(glossary) {
        if wanted.contains(file.as_path()) {
            texts.insert(file, (text, line));
        }
    }
    diags.quote_from(|file| texts.get(file).copied());
}
