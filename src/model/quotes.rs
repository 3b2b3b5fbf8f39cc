//! Quotes. Takes the pages, events and terms with their rendered Markdown;
//! gives, for every cited block of every source, the quoted words (byte
//! ranges of the block's text) and the id each gets on the source page, so
//! that a citation links to the words themselves. Two citations of the same
//! words share one id.

use std::collections::BTreeMap;

use super::bodies::PageDoc;
use super::events::EventDoc;
use super::markdown::Citation;
use super::terms::TermDoc;

/// Quoted words in a block: a byte range of its text and their id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuoteMark {
    pub start: usize,
    pub end: usize,
    pub anchor: String,
}

/// Source slug → block id → the quoted words in that block, sorted.
pub type Quotes = BTreeMap<String, BTreeMap<String, Vec<QuoteMark>>>;

/// The quoted words of every citation of the site.
pub fn marks(pages: &[PageDoc], events: &[EventDoc], terms: &[TermDoc]) -> Quotes {
    let citations = pages
        .iter()
        .flat_map(|p| &p.body.citations)
        .chain(events.iter().flat_map(|e| &e.body.citations))
        .chain(terms.iter().flat_map(|t| &t.def_page.citations));
    let mut out = Quotes::new();
    for c in citations {
        add(&mut out, c);
    }
    for blocks in out.values_mut() {
        for marks in blocks.values_mut() {
            marks.sort();
            marks.dedup();
        }
    }
    out
}

fn add(out: &mut Quotes, c: &Citation) {
    out.entry(c.source.clone())
        .or_default()
        .entry(c.block.clone())
        .or_default()
        .push(QuoteMark {
            start: c.start,
            end: c.end,
            anchor: c.anchor.clone(),
        });
}
