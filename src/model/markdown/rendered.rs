//! What rendering a piece of Markdown gives: its HTML and what the rest of
//! the model needs to know about it (headings, paragraphs, citations, links,
//! ids, problems).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::diag::{Diagnostic, Span};

/// A heading, for a page's table of contents.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A paragraph of rendered Markdown: its anchor and plain text (for the term
/// index and search).
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub id: String,
    pub text: String,
}

/// A resolved citation.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Citation {
    pub n: usize,
    pub source: String,
    /// The source's title as shown, and the language of the cited block.
    pub source_title: String,
    pub lang: &'static str,
    pub block: String,
    pub quote: String,
    /// Relative URL of the cited paragraph from the citing page.
    pub href: String,
    /// Paragraph of the citing page that holds the citation.
    pub from_paragraph: String,
}

/// An internal link to check once every page's anchors are known.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// Output path of the target page.
    pub target: String,
    pub anchor: Option<String>,
    pub span: Span,
}

/// A piece of Markdown rendered.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub paragraphs: Vec<Paragraph>,
    pub citations: Vec<Citation>,
    pub links: Vec<LinkRef>,
    /// Every id the HTML defines (for anchor checks).
    pub ids: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// A hash of `html`, worked out on first use (by `serve`, to tell an
    /// unchanged page without hashing its whole text every rebuild).
    html_hash: std::sync::OnceLock<u64>,
    /// In `serve`: the hash of everything this render was made from (0 when
    /// not known), which stands for its text in later caches.
    pub memo_key: u64,
}

impl Rendered {
    /// The hash of `html` (worked out once).
    pub fn html_hash(&self) -> u64 {
        *self
            .html_hash
            .get_or_init(|| crate::fingerprint::of(&self.html))
    }
}
