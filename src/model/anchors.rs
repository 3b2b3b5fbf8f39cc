//! Anchors. Takes the pages and events with their rendered
//! Markdown, and the sources; now that every page's ids are known, reports
//! each internal link to an anchor its target page does not have.
//!
//! Only the links that name an anchor are looked at, and only their
//! targets' ids are gathered: a `serve` rebuild of a large site pays for
//! the anchored links, not for every id of every page and source block.

use std::collections::{BTreeSet, HashMap};
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
    let anchored = pages
        .iter()
        .flat_map(|p| p.body.links.iter())
        .chain(events.iter().flat_map(|e| e.body.links.iter()))
        .filter_map(|l| Some((l, l.anchor.as_deref()?)));
    let mut known = Known {
        pages,
        events,
        sources,
        source_pages: None,
        timeline: None,
        source_ids: HashMap::new(),
        page_ids: HashMap::new(),
    };
    for (l, anchor) in anchored {
        let Some(set) = known.ids(&l.target) else {
            continue;
        };
        if !set.contains(anchor) {
            diags.push(Diagnostic::at(
                l.span.clone(),
                format!(
                    "broken anchor: `{}` has no `#{anchor}`{}",
                    l.target,
                    crate::suggest::did_you_mean(anchor, set.iter().copied())
                ),
            ));
        }
    }
}

/// The ids of link targets, gathered when a link asks for them.
struct Known<'a> {
    /// Sorted by output path.
    pages: &'a [PageDoc],
    events: &'a [EventDoc],
    sources: &'a [Arc<Source>],
    /// Each source's page, once a link asks for a page that is not the
    /// timeline.
    source_pages: Option<HashMap<String, &'a Source>>,
    /// The events' slugs and the ids their descriptions define.
    timeline: Option<BTreeSet<&'a str>>,
    /// The block ids of each source asked for, by slug.
    source_ids: HashMap<&'a str, BTreeSet<&'a str>>,
    /// The ids of each content page asked for, by output path.
    page_ids: HashMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> Known<'a> {
    /// The ids of the page at `target` (the timeline, a source's page or
    /// a content page), or `None` when no such page is known (a problem
    /// of the bodies pass).
    fn ids(&mut self, target: &str) -> Option<&BTreeSet<&'a str>> {
        if target == urls::TIMELINE {
            let events = self.events;
            return Some(self.timeline.get_or_insert_with(|| {
                let ids = events.iter().flat_map(|e| {
                    std::iter::once(e.event.slug.as_str())
                        .chain(e.body.ids.iter().map(String::as_str))
                });
                ids.collect()
            }));
        }
        let sources = self.sources;
        let source_pages = self.source_pages.get_or_insert_with(|| {
            sources
                .iter()
                .map(|s| (urls::source(&s.slug), &**s))
                .collect()
        });
        if let Some(&s) = source_pages.get(target) {
            let set = self
                .source_ids
                .entry(s.slug.as_str())
                .or_insert_with(|| s.blocks.iter().map(|b| b.id.as_str()).collect());
            return Some(set);
        }
        // Pages are sorted by output path; of pages that collide (an error
        // of the paths pass), the last one is asked.
        let after = self.pages.partition_point(|p| p.out.as_str() <= target);
        let page: &'a PageDoc = after.checked_sub(1).map(|i| &self.pages[i])?;
        if page.out != target {
            return None;
        }
        let set = self
            .page_ids
            .entry(page.out.as_str())
            .or_insert_with(|| page.body.ids.iter().map(String::as_str).collect());
        Some(set)
    }
}
