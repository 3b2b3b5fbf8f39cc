//! Quotes. Takes the pages, events and terms with their rendered Markdown;
//! gives, for every cited block of every source, the quoted words (byte
//! ranges of the block's text) and the id each gets on the source page, so
//! that a citation links to the words themselves. Two citations of the same
//! words share one id. Each document's part is its citations alone, so
//! `serve` patches the map (see [`gathered`](super::gathered)).

use rayon::prelude::*;

use super::gathered::{Doc, Gather, Gathered};

/// Quoted words in a block: a byte range of its text and their id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuoteMark {
    pub start: usize,
    pub end: usize,
    pub anchor: String,
}

/// (source slug, block id) → the quoted words in that block, sorted.
#[derive(Clone, Default)]
pub struct Quotes {
    pub marks: Gathered<(String, String), QuoteMark>,
}

/// A document's part: each citation's block and quoted words.
fn part(doc: &Doc) -> impl Iterator<Item = ((String, String), QuoteMark)> + '_ {
    doc.body().citations.iter().map(|c| {
        let mark = QuoteMark {
            start: c.start,
            end: c.end,
            anchor: c.anchor.clone(),
        };
        ((c.source.clone(), c.block.clone()), mark)
    })
}

impl Gather for Quotes {
    fn of_all(docs: &[Doc]) -> Quotes {
        let pairs = docs.par_iter().flat_map_iter(part).collect();
        Quotes {
            marks: Gathered::of_pairs(pairs),
        }
    }

    fn patch(&mut self, doc: &Doc, add: bool) {
        for (k, v) in part(doc) {
            if add {
                self.marks.add(k, v);
            } else {
                self.marks.remove(&k, &v);
            }
        }
    }
}
