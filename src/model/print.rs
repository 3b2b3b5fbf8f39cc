//! Print edition. Takes the pages (their Markdown still there)
//! and the world; gives the home page and every brief (by weight, then
//! title) rendered again for `print/index.html`, their ids prefixed so they
//! stay unique on one page, or, past [`PRINT_MAX_BRIEFS`], the home page
//! alone and the number of briefs left out.

use std::sync::Arc;

use rayon::prelude::*;

use super::bodies::{PageDoc, World};
use super::kind::PageKind;
use super::markdown::{MdInput, Rendered};
use super::memo::RenderMemo;

/// The print edition holds every brief up to this many.
pub const PRINT_MAX_BRIEFS: usize = 300;

/// One page of the print edition.
pub struct PrintSection {
    pub title: String,
    /// Id prefix (`<slug>-`), also the section's anchor without the dash.
    pub prefix: String,
    /// The page's own output path (links to it lead into the edition).
    pub out: String,
    pub body: Arc<Rendered>,
}

/// The print edition: its sections, and the number of briefs left out.
pub fn edition(
    pages: &[PageDoc],
    world: &World<'_>,
    memo: &RenderMemo,
) -> (Vec<PrintSection>, usize) {
    let mut chosen: Vec<&PageDoc> = pages
        .iter()
        .filter(|p| p.kind() == PageKind::Home)
        .collect();
    let mut briefs: Vec<&PageDoc> = pages
        .iter()
        .filter(|p| p.kind() == PageKind::Brief)
        .collect();
    // A one-page edition of thousands of briefs helps nobody and weighs
    // hundreds of megabytes: past the limit, briefs are printed from their
    // pages (and need no order here).
    let omitted = if briefs.len() > PRINT_MAX_BRIEFS {
        briefs.len()
    } else {
        0
    };
    if omitted == 0 {
        briefs.sort_by_key(|p| {
            (
                p.page.meta.weight.unwrap_or(i64::MAX),
                p.page.meta.title.to_lowercase(),
            )
        });
        chosen.extend(briefs);
    }
    let sections = chosen
        .par_iter()
        .map(|p| {
            let prefix = if p.page.dir.is_empty() {
                "home-".to_string()
            } else {
                format!("{}-", p.page.dir.replace('/', "-"))
            };
            let input = MdInput {
                path: &p.page.file,
                text: &p.page.body,
                base_line: p.page.body_line,
                page: crate::urls::PRINT,
                first_note: 1,
                inline: false,
                base_col: 0,
                id_prefix: &prefix,
            };
            let body = world.render(memo, &input);
            PrintSection {
                title: p.page.meta.title.clone(),
                prefix,
                out: p.out.clone(),
                body,
            }
        })
        .collect();
    (sections, omitted)
}
