//! Tags. Takes the pages and events; gives each tag with the pages
//! and events that carry it, sorted, each once.

use std::collections::BTreeMap;

use super::back_ref::BackRef;
use super::bodies::PageDoc;
use super::events::EventDoc;
use super::kind::PageKind;

/// Tag → the pages and events carrying it.
pub fn collect(pages: &[PageDoc], events: &[EventDoc]) -> BTreeMap<String, Vec<BackRef>> {
    let mut tags: BTreeMap<String, Vec<BackRef>> = BTreeMap::new();
    for p in pages {
        for t in &p.page.tags {
            tags.entry(t.clone()).or_default().push(BackRef {
                title: p.page.meta.title.clone(),
                target: p.out.clone(),
                kind: p.kind(),
            });
        }
    }
    for e in events {
        for t in &e.event.tags {
            tags.entry(t.clone()).or_default().push(BackRef {
                title: format!("{} — {}", e.event.date.display(), e.event.meta.title),
                target: e.target(),
                kind: PageKind::Event,
            });
        }
    }
    for v in tags.values_mut() {
        v.sort();
        v.dedup();
    }
    tags
}
