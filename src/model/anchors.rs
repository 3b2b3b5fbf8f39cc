//! Anchors. Takes the pages and events with their rendered
//! Markdown, and the sources; now that every page's ids are known, reports
//! each internal link to an anchor its target page does not have.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::bodies::PageDoc;
use super::events::EventDoc;
use crate::diag::{Diagnostic, Diagnostics};
use crate::sources::Source;
use crate::urls;

/// Checks the anchors of every Markdown link into a page, the timeline or
/// a source.
pub fn check(
    pages: &[PageDoc],
    events: &[EventDoc],
    sources: &[Arc<Source>],
    diags: &mut Diagnostics,
) {
    let mut ids: BTreeMap<&str, &BTreeSet<String>> = BTreeMap::new();
    for p in pages {
        ids.insert(&p.out, &p.body.ids);
    }
    let mut timeline_ids: BTreeSet<String> = BTreeSet::new();
    for e in events {
        timeline_ids.insert(e.event.slug.clone());
        timeline_ids.extend(e.body.ids.iter().cloned());
    }
    let source_ids: BTreeMap<String, BTreeSet<String>> = sources
        .iter()
        .map(|s| {
            (
                urls::source(&s.slug),
                s.blocks.iter().map(|b| b.id.clone()).collect(),
            )
        })
        .collect();
    let all_links = pages
        .iter()
        .flat_map(|p| p.body.links.iter())
        .chain(events.iter().flat_map(|e| e.body.links.iter()));
    for l in all_links {
        let Some(anchor) = &l.anchor else { continue };
        let known = if l.target == urls::TIMELINE {
            Some(&timeline_ids)
        } else if let Some(s) = source_ids.get(&l.target) {
            Some(s)
        } else {
            ids.get(l.target.as_str()).copied()
        };
        if let Some(set) = known {
            if !set.contains(anchor) {
                diags.push(Diagnostic::at(
                    l.span.clone(),
                    format!(
                        "broken anchor: `{}` has no `#{anchor}`{}",
                        l.target,
                        crate::suggest::did_you_mean(anchor, set.iter().map(String::as_str))
                    ),
                ));
            }
        }
    }
}
