//! The pages carrying each tag: the part of the tags `serve` patches with
//! the pages that changed, gathered like the backlinks (see
//! [`gathered`](super::gathered)); [`tags`](super::tags) adds the events.

use rayon::prelude::*;

use super::back_ref::BackRef;
use super::gathered::{Doc, Gather, Gathered, Group};
use super::kind::PageKind;

/// Tag → the pages carrying it, sorted, each once. A page's part is its
/// tags, so `serve` patches the map with the pages that changed (see
/// [`gathered`](super::gathered)).
#[derive(Clone, Default)]
pub struct PageTags(Gathered<String, BackRef>);

impl PageTags {
    /// The pages carrying tag `t`.
    pub fn get(&self, t: &str) -> Option<&Group<BackRef>> {
        self.0.get(t)
    }

    /// Every tag with its pages, in tag order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Group<BackRef>)> {
        self.0.iter()
    }
}

/// A document's part: each of its tags with the document, for a page.
fn part(doc: &Doc) -> Vec<(String, BackRef)> {
    let Doc::Page { page, out, .. } = doc else {
        return Vec::new();
    };
    let kind = PageKind::of_content(&page.dir, &page.section);
    page.tags
        .iter()
        .map(|t| {
            let r = BackRef {
                title: page.meta.title.clone(),
                target: out.clone(),
                kind,
            };
            (t.clone(), r)
        })
        .collect()
}

impl Gather for PageTags {
    fn of_all(docs: &[Doc]) -> PageTags {
        let parts: Vec<Vec<(String, BackRef)>> = docs.par_iter().map(part).collect();
        PageTags(Gathered::of_pairs(parts.into_iter().flatten().collect()))
    }

    fn patch(&mut self, doc: &Doc, add: bool) {
        for (k, v) in part(doc) {
            if add {
                self.0.add(k, v);
            } else {
                self.0.remove(&k, &v);
            }
        }
    }
}
