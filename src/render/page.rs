//! One page: a render job (template and context), rendered with Tera, its
//! links taken, minified, and handed to the [`Sink`].

use std::sync::Arc;

use super::ctx::Ctx;
use super::theme::{self, Theme};
use crate::diag::Diagnostic;
use crate::model::PageKind;
use crate::output::{self, OutFile, Staging};
use crate::reads::Reads;

/// A page to render: output path, template, and its context.
pub struct Job {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub kind: PageKind,
    pub context: Ctx,
    /// What the page was made from, for pages that record it in `serve`.
    pub reads: Option<Reads>,
}

/// Where rendered pages (and the search index) go.
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    /// Kept in memory (`serve`, `check`, and tests).
    Memory,
    /// Written into the build's temporary folder at once (`build`), so
    /// that the pages are never all held in memory.
    Staging(&'a Staging),
}

impl Sink<'_> {
    /// Hands a file to the sink: written at once into a staging folder,
    /// which lets go of its bytes and keeps their digest for the manifest.
    pub fn take(&self, mut file: OutFile) -> Result<OutFile, Diagnostic> {
        let Sink::Staging(staging) = self else {
            return Ok(file);
        };
        use sha2::{Digest, Sha256};
        staging.put(&file.path, &file.bytes)?;
        file.digest = Some(Sha256::digest(file.bytes.as_slice()).into());
        file.bytes = Arc::new(Vec::new());
        Ok(file)
    }
}

/// Renders one page and takes its links. A page to be read is minified; a
/// page rendered only for its links (`check`) lets go of its bytes, since
/// minifying would be a third of the run's time wasted.
/// `memo` is `serve`'s: the slices of large pages minified in the last build.
pub(super) fn render(
    job: Job,
    theme: &Theme,
    publish: bool,
    memo: Option<&output::SliceMemo>,
) -> Result<OutFile, Diagnostic> {
    let key = job.context.finish(job.template, theme.hash);
    let html = theme
        .tera
        .render(job.template, &job.context.ctx)
        .map_err(|e| {
            let mut d = theme::template_error(&e, &theme.origins);
            d.notes.push(format!("while rendering {}", job.path));
            d
        })?;
    // Each page's links are taken and the page minified right away, so the
    // unminified pages are never all held at once.
    let links = output::page_links(&job.path, html.as_bytes());
    let bytes = if publish {
        output::minify_page(&html, memo.map(|m| (m, job.path.as_str())))
    } else {
        Vec::new()
    };
    Ok(OutFile {
        bytes: Arc::new(bytes),
        path: job.path,
        kind: Some(job.kind),
        title: job.title,
        key,
        reused: false,
        links: Some(links),
        digest: None,
        reads: job.reads,
    })
}
