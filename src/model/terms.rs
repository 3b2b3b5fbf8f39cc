//! Terms. Takes the glossary and its rendered definitions; gives
//! each term as a [`TermDoc`], numbered in display order (by name, then id),
//! and the map from the glossary's order to that order. The mentions and
//! events of each term are added by later passes.

use std::sync::Arc;

use super::bodies::Definition;
use super::markdown::Rendered;
use super::mention::Mention;
use crate::content::Glossary;
use crate::fingerprint::Hashed;

/// A glossary term with what the build found about it.
pub struct TermDoc {
    pub id: String,
    pub name: String,
    /// The name as the sources write it ("" if the glossary gives none),
    /// and its language.
    pub original: String,
    pub original_language: String,
    /// Its kind's id (one of the site's `term_kinds`).
    pub kind: String,
    pub aliases: Vec<String>,
    /// Definition rendered for the index page and for the term's own page.
    pub def_index: Arc<Rendered>,
    pub def_page: Arc<Rendered>,
    /// The mentions shown (capped per kind of page and per page).
    pub mentions: Vec<Arc<Hashed<Mention>>>,
    /// All mentions, and the number of pages they are on.
    pub mention_count: usize,
    pub mention_pages: usize,
    /// Indices into `Model::events`.
    pub events: Vec<usize>,
}

/// The terms in display order, and for each glossary term (in the
/// glossary's order) its number in that order.
pub struct Terms {
    pub docs: Vec<TermDoc>,
    pub rank: Vec<usize>,
}

/// The glossary's terms with their definitions (in glossary order);
/// `language` is the site's.
pub fn docs(glossary: Option<&Glossary>, definitions: Vec<Definition>, language: &str) -> Terms {
    let Some(g) = glossary else {
        return Terms {
            docs: Vec::new(),
            rank: Vec::new(),
        };
    };
    // Glossary order → display order (`rank`), and the glossary's terms in
    // display order (`order`).
    let mut order: Vec<usize> = (0..g.terms.len()).collect();
    order.sort_by_cached_key(|&i| {
        let t = &g.terms[i];
        (t.name.get_ref().to_lowercase(), t.id.get_ref().clone())
    });
    let mut rank = vec![0; order.len()];
    for (r, &gi) in order.iter().enumerate() {
        rank[gi] = r;
    }
    let mut defs: Vec<Option<Definition>> = definitions.into_iter().map(Some).collect();
    let mut docs = Vec::with_capacity(order.len());
    for &gi in &order {
        let t = &g.terms[gi];
        let Some(def) = defs.get_mut(gi).and_then(Option::take) else {
            continue;
        };
        docs.push(TermDoc {
            id: t.id.get_ref().clone(),
            name: t.name.get_ref().clone(),
            original: t
                .original
                .as_ref()
                .map(|z| z.get_ref().clone())
                .unwrap_or_default(),
            original_language: g.original_language(t, language).to_string(),
            kind: t.kind.get_ref().clone(),
            aliases: t.aliases.iter().map(|a| a.get_ref().clone()).collect(),
            def_index: def.on_index,
            def_page: def.on_page,
            mentions: Vec::new(),
            mention_count: 0,
            mention_pages: 0,
            events: Vec::new(),
        });
    }
    Terms { docs, rank }
}

/// What a link to a term shows: its id, name, and name as the sources
/// write it, with that name's language.
#[derive(Debug, Hash)]
pub struct TermLabel {
    pub id: String,
    pub name: String,
    pub original: String,
    pub original_language: String,
}

/// Every term's label, in display order, with their hash: what a list of
/// terms on a page is made from besides the term numbers.
pub fn labels(terms: &[TermDoc]) -> Hashed<Vec<TermLabel>> {
    Hashed::new(
        terms
            .iter()
            .map(|t| TermLabel {
                id: t.id.clone(),
                name: t.name.clone(),
                original: t.original.clone(),
                original_language: t.original_language.clone(),
            })
            .collect(),
    )
}
