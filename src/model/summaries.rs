//! Summaries: which page summarises which source (`source = "slug"` in its
//! front matter). A summary of a source that does not exist is an error.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::bodies::PageDoc;
use crate::diag::{Cause, Diagnostic, Diagnostics, Span};
use crate::sources::Source;

/// Source slug → index of its summary in `pages`.
pub fn of(
    pages: &[PageDoc],
    sources: &[Arc<Source>],
    diags: &mut Diagnostics,
) -> BTreeMap<String, usize> {
    let mut summaries = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        let Some(src) = &p.page.meta.source else {
            continue;
        };
        let slug = src.get_ref();
        if sources.binary_search_by(|s| s.slug.cmp(slug)).is_err() {
            diags.push(
                Diagnostic::at(
                    Span::file(&p.page.file),
                    format!(
                        "`source = \"{slug}\"`: no such source{}",
                        crate::suggest::did_you_mean(slug, sources.iter().map(|s| s.slug.as_str()))
                    ),
                )
                .follows(Cause::Source(slug.clone())),
            );
        }
        summaries.insert(slug.clone(), i);
    }
    summaries
}
