//! Backlinks. Takes the pages, events and terms with their rendered
//! Markdown; gives, for every cited paragraph of a source, the places that
//! cite it (each citation's marker, so a back-link lands on the citing
//! sentence), and for every page, the pages that link to it. Each
//! document's part is worked out from the document alone, so `serve`
//! patches the maps with the parts of the documents that changed (see
//! [`gathered`](super::gathered)).

use rayon::prelude::*;

use super::back_ref::BackRef;
use super::gathered::{Doc, Gather, Gathered};
use super::kind::PageKind;
use crate::urls;

/// The backlinks of the site.
#[derive(Clone, Default)]
pub struct Backlinks {
    /// (source slug, block id) → citing places.
    pub cited: Gathered<(String, String), BackRef>,
    /// Output path → pages linking to it.
    pub linked_from: Gathered<String, BackRef>,
}

/// A document's part: its citations, by the block they cite, and its
/// links, by their target.
struct Part {
    cites: Vec<((String, String), BackRef)>,
    links: Vec<(String, BackRef)>,
}

fn part(doc: &Doc) -> Part {
    let (title, at, kind) = match doc {
        Doc::Page { page, out, .. } => (
            &page.meta.title,
            out.clone(),
            PageKind::of_content(&page.dir, &page.section),
        ),
        Doc::Event { event, .. } => (
            &event.meta.title,
            urls::TIMELINE.to_string(),
            PageKind::Event,
        ),
        Doc::Term { id, name, .. } => (name, urls::term(id), PageKind::Term),
    };
    let body = doc.body();
    let cites = body
        .citations
        .iter()
        .map(|c| {
            let r = BackRef {
                title: title.clone(),
                target: urls::anchored(&at, &c.marker),
                kind,
            };
            ((c.source.clone(), c.block.clone()), r)
        })
        .collect();
    // Only pages' links are listed: events and terms link from lists.
    let links = match doc {
        Doc::Page { out, .. } => body
            .links
            .iter()
            .filter(|l| l.target != *out)
            .map(|l| {
                let r = BackRef {
                    title: title.clone(),
                    target: out.clone(),
                    kind,
                };
                (l.target.clone(), r)
            })
            .collect(),
        _ => Vec::new(),
    };
    Part { cites, links }
}

impl Gather for Backlinks {
    fn of_all(docs: &[Doc]) -> Backlinks {
        let parts: Vec<Part> = docs.par_iter().map(part).collect();
        let mut cites = Vec::new();
        let mut links = Vec::new();
        for p in parts {
            cites.extend(p.cites);
            links.extend(p.links);
        }
        Backlinks {
            cited: Gathered::of_pairs(cites),
            linked_from: Gathered::of_pairs(links),
        }
    }

    fn patch(&mut self, doc: &Doc, add: bool) {
        let Part { cites, links } = part(doc);
        for (k, v) in cites {
            if add {
                self.cited.add(k, v);
            } else {
                self.cited.remove(&k, &v);
            }
        }
        for (k, v) in links {
            if add {
                self.linked_from.add(k, v);
            } else {
                self.linked_from.remove(&k, &v);
            }
        }
    }
}
