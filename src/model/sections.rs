//! Sections. Takes the pages (sorted by output path); gives each section's
//! pages, not its `_index.md`, in list order: by weight, then title in lower
//! case, then output path. The section pages list them in that order, and
//! each page links to its neighbours in it.

use std::collections::BTreeMap;

use super::bodies::PageDoc;

/// Section name → its pages (indices into the model's pages), in list order.
pub type Sections = BTreeMap<String, Vec<usize>>;

/// The hash of what [`lists`] reads of `pages`: equal, the lists are
/// equal (`serve` keeps them while it is).
pub fn key(pages: &[PageDoc]) -> u64 {
    let read: Vec<_> = pages
        .iter()
        .map(|p| {
            let m = &p.page.meta;
            (&p.page.section, p.is_section_index, m.weight, &m.title)
        })
        .collect();
    crate::fingerprint::of(&read)
}

/// Each section's pages in list order.
pub fn lists(pages: &[PageDoc]) -> Sections {
    let mut sections: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if !p.page.section.is_empty() && !p.is_section_index {
            sections.entry(p.page.section.as_str()).or_default().push(i);
        }
    }
    sections
        .into_iter()
        .map(|(name, mut list)| {
            // A stable sort of pages already in output path order: equal
            // weights and titles stay in that order.
            list.sort_by_cached_key(|&i| {
                let p = &pages[i];
                (
                    p.page.meta.weight.unwrap_or(i64::MAX),
                    p.page.meta.title.to_lowercase(),
                )
            });
            (name.to_string(), list)
        })
        .collect()
}
