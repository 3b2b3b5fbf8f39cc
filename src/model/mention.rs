//! A mention of a glossary term, as a term page shows it.

use serde::Serialize;

use super::back_ref::BackRef;

/// A mention of a term in a paragraph.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Mention {
    pub page: BackRef,
    pub before: String,
    pub hit: String,
    pub after: String,
}
