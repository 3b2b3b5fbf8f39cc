//! `new summary SOURCE` and `new page TITLE`: a summary of a source (its
//! title from the source's sidecar) and a top-level page.

use std::path::{Path, PathBuf};

use super::{no_source, slug_or, toml_str};
use crate::content::placeholder;

/// A summary of the source with slug `source`, in `content/summaries/`.
pub(super) fn new_summary(
    root: &Path,
    source: &str,
    slug: Option<&str>,
) -> Result<Vec<PathBuf>, String> {
    let title = source_title(root, source)?;
    let slug = slug_or(slug, source)?;
    let rel = PathBuf::from(format!("content/summaries/{slug}.md"));
    let text = format!(
        "+++\ntitle = {}\nsummary = \"{}\"\nsource = {}\ntags = []\n+++\n\n{}\n",
        toml_str(&format!("Summary: {title}")),
        placeholder::SUMMARY,
        toml_str(source),
        placeholder::BRIEF_BODY,
    );
    crate::fsio::write_new(root, &rel, text)?;
    Ok(vec![rel])
}

/// A top-level page, `content/<slug>.md`.
pub(super) fn new_page(
    root: &Path,
    title: &str,
    slug: Option<&str>,
) -> Result<Vec<PathBuf>, String> {
    let slug = slug_or(slug, title)?;
    let rel = PathBuf::from(format!("content/{slug}.md"));
    let text = format!(
        "+++\ntitle = {}\nsummary = \"{}\"\n+++\n\n{}\n",
        toml_str(title),
        placeholder::SUMMARY,
        placeholder::BRIEF_BODY,
    );
    crate::fsio::write_new(root, &rel, text)?;
    Ok(vec![rel])
}

/// The display title of the source with slug `slug` (English title, else
/// original, else the slug), read from its sidecar; an error naming the
/// closest slug when the site has no such source.
fn source_title(root: &Path, slug: &str) -> Result<String, String> {
    let mut diags = crate::diag::Diagnostics::new();
    let inputs = crate::discover::discover(root, &mut diags);
    let mut known = Vec::new();
    for (txt, sidecar) in &inputs.seeds {
        let side = match sidecar {
            Some(p) => crate::fsio::read_text(root, p).map_err(|d| d.message)?,
            None => String::new(),
        };
        let parsed: crate::sources::Sidecar = toml::from_str(&side).unwrap_or_default();
        let this = match &parsed.slug {
            Some(s) => s.get_ref().clone(),
            None => txt
                .file_stem()
                .and_then(|s| crate::slug::from_stem(&s.to_string_lossy()).ok())
                .unwrap_or_default(),
        };
        if this == slug {
            return Ok(parsed
                .title_en
                .filter(|t| !t.is_empty())
                .or(parsed.title.filter(|t| !t.is_empty()))
                .unwrap_or_else(|| slug.to_string()));
        }
        known.push(this);
    }
    Err(no_source(slug, &known))
}
