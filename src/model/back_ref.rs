//! A place that refers to something (cites a paragraph, links to a page,
//! mentions a term, carries a tag): its title, target and kind.

use serde::Serialize;

use super::kind::PageKind;

/// Where something is referred to from: a title and a root-relative target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct BackRef {
    pub title: String,
    /// Root-relative target, e.g. `briefs/x/index.html#p-3f9a1c`.
    pub target: String,
    pub kind: PageKind,
}
