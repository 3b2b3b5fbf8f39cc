//! Markdown to HTML with the project's extensions: citations
//! (`[text](source:slug "quote")`, with an optional `{gloss="…"}` after
//! them), internal links (`@/path.md#anchor`),
//! callouts (`> [!NOTE]`), stable paragraph and heading ids, and fenced code
//! highlighted with CSS classes. Raw HTML is refused (see SECURITY.md). The
//! model's passes render with it once they know the rest of the site (a
//! [`Resolver`]).

mod gloss;
pub mod highlight;
pub mod links;
mod parse;
mod rendered;
mod walk;

use std::path::Path;

pub use rendered::{Citation, LinkRef, Paragraph, Rendered, TocEntry};

use crate::diag::{Diagnostic, Span};
use crate::sources::Source;

/// What the Markdown renderer needs to know about the rest of the site.
pub trait Resolver: Sync {
    /// A source by slug.
    fn source(&self, slug: &str) -> Option<&Source>;
    /// The output path of an internal link target written as `@/<target>`
    /// (without the `@/` and without the anchor), e.g. `briefs/x.md`.
    fn internal(&self, target: &str) -> Option<String>;
    /// Every source's slug, for "did you mean" (none by default).
    fn source_slugs(&self) -> Vec<String> {
        Vec::new()
    }
    /// Every internal link target, for "did you mean" (none by default).
    fn internal_targets(&self) -> Vec<String> {
        Vec::new()
    }
    /// Whether block `block` of source `slug` is in another language than
    /// the site's and has no translation: a quote of it needs a gloss.
    fn needs_gloss(&self, slug: &str, block: usize) -> bool;
    /// The words the HTML holds (callouts' titles, citation markers' names),
    /// in the site's language.
    fn words(&self) -> &crate::i18n::BodyWords;
}

/// Where a piece of Markdown comes from and where it is rendered to.
#[derive(Hash)]
pub struct MdInput<'a> {
    /// File path (relative to the site root) for error positions.
    pub path: &'a Path,
    pub text: &'a str,
    /// Line of the file where `text` starts.
    pub base_line: usize,
    /// Output path of the page the HTML goes into.
    pub page: &'a str,
    /// Number the first citation gets (several fields of one page share notes).
    pub first_note: usize,
    /// Inline mode: render a single paragraph without `<p>` (definitions).
    pub inline: bool,
    /// Columns before `text` on its first line (Markdown inside a TOML string).
    pub base_col: usize,
    /// Prefix for every id the HTML defines, when several pieces of Markdown
    /// share one page (events on the timeline, definitions on the index).
    pub id_prefix: &'a str,
}

/// Renders Markdown. Problems are returned in `Rendered::diagnostics`.
pub fn render(input: &MdInput<'_>, resolver: &dyn Resolver) -> Rendered {
    match parse::events(input.text) {
        Some(mut events) => {
            let glosses = gloss::extract(input.text, &mut events);
            walk::walk(input, resolver, &events, glosses)
        }
        None => {
            let mut r = Rendered::default();
            r.diagnostics.push(Diagnostic::at(
                Span::new(input.path, input.base_line, 1),
                "the Markdown parser cannot read this text (pulldown-cmark failed); simplify its structure",
            ));
            r
        }
    }
}
