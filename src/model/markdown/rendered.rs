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

/// A resolved citation. Citations of the same paragraph of a source in one
/// piece of Markdown share a note: its number `n`, with `repeat` telling
/// them apart (0, 1, 2 … shown as a, b, c …).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Citation {
    pub n: usize,
    pub repeat: usize,
    /// The marker's id: `cite-3` for the first, `cite-3-b`, `cite-3-c` …
    pub marker: String,
    pub source: String,
    /// The source's title as shown, its short name for notes, and the
    /// language of the cited block.
    pub source_title: String,
    pub short: String,
    pub lang: crate::text::script::Lang,
    pub block: String,
    /// The block's number in the source (¶ n), from 1.
    pub paragraph: usize,
    pub quote: String,
    /// The quoted words: a byte range of the block's text, and the id of
    /// their element on the source page.
    pub start: usize,
    pub end: usize,
    pub anchor: String,
    /// The editor's rendering of the quote, if given.
    pub gloss: Option<String>,
    /// Relative URL of the quoted words from the citing page.
    pub href: String,
}

impl Citation {
    /// The letter of a repeated citation: `a` for the first.
    pub fn letter(repeat: usize) -> String {
        let mut n = repeat;
        let mut s = String::new();
        loop {
            s.insert(0, char::from(b'a' + (n % 26) as u8));
            if n < 26 {
                return s;
            }
            n = n / 26 - 1;
        }
    }
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
    /// The external links (http, https, mailto), in the order they appear:
    /// the print edition lists them in its notes.
    pub external: Vec<String>,
    /// Every id the HTML defines (for anchor checks).
    pub ids: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// A hash of `html`, worked out on first use (by `serve`, to tell an
    /// unchanged page without hashing its whole text every rebuild).
    html_hash: std::sync::OnceLock<u64>,
    /// A hash of `citations`, worked out on first use (as `html_hash`).
    citations_hash: std::sync::OnceLock<u64>,
    /// Whether `html` holds highlighted code, worked out on first use (as
    /// `html_hash`).
    has_code: std::sync::OnceLock<bool>,
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

    /// The hash of `citations` (worked out once: a render kept by `serve`
    /// is not hashed again in later rebuilds).
    pub fn citations_hash(&self) -> u64 {
        *self
            .citations_hash
            .get_or_init(|| crate::fingerprint::of(&self.citations))
    }

    /// Whether `html` holds highlighted code (and so needs the
    /// highlighting stylesheet); worked out once.
    pub fn has_code(&self) -> bool {
        *self
            .has_code
            .get_or_init(|| self.html.contains(super::highlight::CODE_BLOCK))
    }
}
