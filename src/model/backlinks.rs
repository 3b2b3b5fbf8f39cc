//! Backlinks. Takes the pages, events and terms with their rendered
//! Markdown; gives, for every cited paragraph of a source, the places that
//! cite it (each citation's marker, so a back-link lands on the citing
//! sentence), and for every page, the pages that link to it.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::back_ref::BackRef;
use super::bodies::PageDoc;
use super::events::EventDoc;
use super::kind::PageKind;
use super::terms::TermDoc;
use crate::urls;

/// The backlinks of the site.
pub struct Backlinks {
    /// (source slug, block id) → citing places.
    pub cited: BTreeMap<(String, String), Vec<BackRef>>,
    /// Output path → pages linking to it.
    pub linked_from: BTreeMap<String, Vec<BackRef>>,
}

/// Citations and internal links, gathered in parallel, then sorted into place.
pub fn gather(pages: &[PageDoc], events: &[EventDoc], terms: &[TermDoc]) -> Backlinks {
    let mut cites: Vec<((String, String), BackRef)> = pages
        .par_iter()
        .flat_map_iter(|p| {
            p.body.citations.iter().map(|c| {
                let r = BackRef {
                    title: p.page.meta.title.clone(),
                    target: urls::anchored(&p.out, &c.marker),
                    kind: p.kind(),
                };
                ((c.source.clone(), c.block.clone()), r)
            })
        })
        .collect();
    for e in events {
        for c in &e.body.citations {
            let r = BackRef {
                title: e.event.meta.title.clone(),
                target: urls::anchored(urls::TIMELINE, &c.marker),
                kind: PageKind::Event,
            };
            cites.push(((c.source.clone(), c.block.clone()), r));
        }
    }
    for t in terms {
        for c in &t.def_page.citations {
            let r = BackRef {
                title: t.name.clone(),
                target: urls::anchored(&urls::term(&t.id), &c.marker),
                kind: PageKind::Term,
            };
            cites.push(((c.source.clone(), c.block.clone()), r));
        }
    }
    let links: Vec<(String, BackRef)> = pages
        .par_iter()
        .flat_map_iter(|p| {
            p.body.links.iter().filter(|l| l.target != p.out).map(|l| {
                let r = BackRef {
                    title: p.page.meta.title.clone(),
                    target: p.out.clone(),
                    kind: p.kind(),
                };
                (l.target.clone(), r)
            })
        })
        .collect();
    Backlinks {
        cited: group_sorted(cites),
        linked_from: group_sorted(links),
    }
}

/// Pairs grouped by key, each group sorted and without repeats.
fn group_sorted<K: Ord + Send, V: Ord + Send>(mut pairs: Vec<(K, V)>) -> BTreeMap<K, Vec<V>> {
    pairs.par_sort_unstable();
    pairs.dedup();
    let mut out: Vec<(K, Vec<V>)> = Vec::new();
    for (k, v) in pairs {
        match out.last_mut() {
            Some((last, group)) if *last == k => group.push(v),
            _ => out.push((k, vec![v])),
        }
    }
    // Already in key order, so the map is built without searching.
    out.into_iter().collect()
}
