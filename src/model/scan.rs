//! What scanning a group of texts (a page's paragraphs, an event, a
//! source's blocks) for glossary terms finds: every match, and per term its
//! count and first few places. `serve`'s memo keeps these per group.

use std::sync::{Arc, Mutex, PoisonError};

use super::term_matcher::{TermMatch, TermMatcher};

/// On a term page, at most this many snippets of each page are shown.
pub const MENTION_SNIPPETS: usize = 3;

/// What scanning a group of texts found.
pub struct GroupScan {
    /// The matches of each text.
    pub hits: Vec<Vec<TermMatch>>,
    /// Each term found, by term number.
    pub found: Vec<Found>,
    /// The terms found as display numbers, sorted, and the hash of the
    /// ranking they were worked out for (see [`GroupScan::terms_by`]).
    by_rank: Mutex<Option<(u64, Arc<[usize]>)>>,
}

/// A term found in a group of texts: its number of mentions, and its first
/// [`MENTION_SNIPPETS`] as (text in the group, match in the text).
pub struct Found {
    pub term: usize,
    pub count: usize,
    pub first: Vec<(usize, usize)>,
}

impl GroupScan {
    /// Scans `texts` with `matcher`.
    pub fn new(matcher: &TermMatcher, texts: &[&str]) -> GroupScan {
        let hits: Vec<Vec<TermMatch>> = texts.iter().map(|t| matcher.find(t)).collect();
        let mut all: Vec<(usize, usize, usize)> = Vec::new();
        for (i, text_hits) in hits.iter().enumerate() {
            all.extend(
                text_hits
                    .iter()
                    .enumerate()
                    .map(|(h, hit)| (hit.term, i, h)),
            );
        }
        all.sort_unstable();
        let mut found: Vec<Found> = Vec::new();
        for (term, i, h) in all {
            match found.last_mut() {
                Some(f) if f.term == term => {
                    f.count += 1;
                    if f.first.len() < MENTION_SNIPPETS {
                        f.first.push((i, h));
                    }
                }
                _ => found.push(Found {
                    term,
                    count: 1,
                    first: vec![(i, h)],
                }),
            }
        }
        GroupScan {
            hits,
            found,
            by_rank: Mutex::default(),
        }
    }

    /// The terms found, as their display numbers (`rank` of each term
    /// number), sorted: worked out once for each ranking (`rank_key`, the
    /// hash of `rank`), since `serve` keeps a scan while its texts stay.
    pub fn terms_by(&self, rank: &[usize], rank_key: u64) -> Arc<[usize]> {
        let mut kept = self.by_rank.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((key, terms)) = &*kept {
            if *key == rank_key {
                return Arc::clone(terms);
            }
        }
        let mut terms: Vec<usize> = self.found.iter().map(|f| rank[f.term]).collect();
        terms.sort_unstable();
        terms.dedup();
        let terms: Arc<[usize]> = terms.into();
        *kept = Some((rank_key, Arc::clone(&terms)));
        terms
    }
}
