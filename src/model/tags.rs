//! Tags. Takes the pages and events (in timeline order); gives each tag
//! with the pages that carry it, sorted by title, then the events that
//! carry it, in timeline order; each once.

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
    for v in tags.values_mut() {
        v.sort();
        v.dedup();
    }
    for e in events {
        for t in &e.event.tags {
            let refs = tags.entry(t.clone()).or_default();
            let target = e.target();
            if !refs.iter().any(|r| r.target == target) {
                refs.push(BackRef {
                    title: e.event.meta.title.clone(),
                    target,
                    kind: PageKind::Event,
                });
            }
        }
    }
    tags
}
