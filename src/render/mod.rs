//! Stage 5: rendering. Turns the linked model into HTML pages with Tera.
//! Every URL handed to a template is already relative to the page it goes
//! into, so templates stay simple and the site works from `file://`.

pub mod context;
pub mod feeds;
pub mod svg;
pub mod theme;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::Serialize;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Model, PageKind};
use crate::output::{OutFile, RenderCache};
use crate::urls;
use theme::Theme;

/// How a context is built, by what the build will do with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CtxMode {
    /// A one-off build: straight into Tera, not hashed (nothing to reuse).
    Direct,
    /// `serve`: into Tera, and hashed to recognise the page next time.
    DirectHashed,
    /// A rebuild of `serve`, first pass: only hashed. Most pages are reused
    /// as they are; the contexts of the others are built again, in full.
    HashOnly,
}

/// A template context that can also hash everything put into it, so an
/// unchanged page can be recognised without rendering it.
pub struct Ctx {
    mode: CtxMode,
    ctx: tera::Context,
    hasher: crate::fingerprint::Hasher,
}

impl Ctx {
    pub fn new(mode: CtxMode) -> Ctx {
        Ctx {
            mode,
            ctx: tera::Context::new(),
            hasher: crate::fingerprint::hasher(),
        }
    }

    fn finish(&self, template: &str, theme: u64) -> u64 {
        if self.mode == CtxMode::Direct {
            return 0;
        }
        let mut h = self.hasher.clone();
        (template, theme).hash(&mut h);
        h.finish()
    }

    fn hashed(&self) -> bool {
        self.mode != CtxMode::Direct
    }

    fn filled(&self) -> bool {
        self.mode != CtxMode::HashOnly
    }
}

/// A page to render: output path, template, and its context.
pub struct Job {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub kind: PageKind,
    pub context: Ctx,
}

/// Where rendered pages go.
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    /// Minified and kept in memory (`serve`, and tests).
    Memory,
    /// Minified and written into the build's temporary folder at once
    /// (`build`), so that the pages are never all held in memory.
    Staging(&'a crate::output::Staging),
    /// Only their links are kept, for the link check (`check` writes
    /// nothing, so minifying, a third of a build's CPU time, would be
    /// wasted).
    Check,
}

/// Renders every page of the site, in parallel, reusing unchanged pages from
/// `cache`, into `sink`.
pub fn render(
    model: &Model,
    config: &Config,
    theme: &Theme,
    cache: &RenderCache,
    sink: Sink<'_>,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let render = |job: Job| {
        let mut page = render_job(job, theme, !matches!(sink, Sink::Check))?;
        match sink {
            Sink::Staging(s) => write_now(page, s),
            Sink::Memory => Ok(page),
            Sink::Check => {
                // The check needs only the page's links, taken already.
                page.bytes = Arc::new(Vec::new());
                Ok(page)
            }
        }
    };
    let results: Vec<Result<OutFile, Diagnostic>> = if !cache.keep {
        context::jobs(model, config, CtxMode::Direct, None, &render)
    } else if cache.pages.is_empty() {
        context::jobs(model, config, CtxMode::DirectHashed, None, &render)
    } else {
        // A rebuild of `serve`: every page's context is hashed, and only the
        // pages whose hash changed get a context and are rendered.
        let hash = |job: Job| {
            let key = job.context.finish(job.template, theme.hash);
            (job.path, key, job.title, job.kind)
        };
        let keys = context::jobs(model, config, CtxMode::HashOnly, None, &hash);
        let mut reused = Vec::new();
        let mut changed = std::collections::HashSet::new();
        for (path, key, title, kind) in keys {
            match cache.pages.get(&path).filter(|c| c.key == key) {
                Some(c) => reused.push(Ok(OutFile {
                    path,
                    bytes: Arc::clone(&c.bytes),
                    kind: Some(kind),
                    title,
                    key,
                    reused: true,
                    links: None,
                    digest: None,
                })),
                None => {
                    changed.insert(path);
                }
            }
        }
        let mut fresh = context::jobs(
            model,
            config,
            CtxMode::DirectHashed,
            Some(&changed),
            &render,
        );
        fresh.append(&mut reused);
        fresh
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        // One broken template fails every page that uses it: report each template once.
        errors.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.message.cmp(&b.message)));
        errors.dedup_by(|a, b| a.span == b.span && a.message == b.message);
        return Err(errors);
    }
    for (name, bytes) in &theme.assets {
        files.push(OutFile::asset(urls::asset(name), bytes.clone()));
    }
    files.push(OutFile::asset(
        urls::HIGHLIGHT_CSS,
        crate::model::markdown::highlight::stylesheet()
            .as_bytes()
            .to_vec(),
    ));
    let mut pages: Vec<&str> = files
        .iter()
        .filter(|f| f.is_html() && f.path != urls::NOT_FOUND)
        .map(|f| f.path.as_str())
        .collect();
    pages.sort_unstable();
    let mut extra = vec![(urls::ROBOTS, feeds::robots(config.base_url.as_deref()))];
    if let Some(base) = &config.base_url {
        extra.push((urls::SITEMAP, feeds::sitemap(&pages, base)));
        extra.push((
            urls::ATOM,
            feeds::atom(model, &config.title, &config.description, base),
        ));
    }
    for (path, text) in extra {
        files.push(OutFile::asset(path, text.into_bytes()));
    }
    files.push(OutFile::asset(urls::NOJEKYLL, Vec::new()));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Writes a rendered page into the build's temporary folder and lets go of
/// its bytes, keeping their digest for the manifest.
fn write_now(mut page: OutFile, staging: &crate::output::Staging) -> Result<OutFile, Diagnostic> {
    use sha2::{Digest, Sha256};
    staging.put(&page.path, &page.bytes)?;
    page.digest = Some(Sha256::digest(page.bytes.as_slice()).into());
    page.bytes = Arc::new(Vec::new());
    Ok(page)
}

/// Renders one page, takes its links and minifies it (if `minify`).
fn render_job(job: Job, theme: &Theme, minify: bool) -> Result<OutFile, Diagnostic> {
    let key = job.context.finish(job.template, theme.hash);
    theme
        .tera
        .render(job.template, &job.context.ctx)
        .map(|html| {
            // Each page's links are taken and the page minified right away,
            // so the unminified pages are never all held at once.
            let links = crate::output::page_links(&job.path, html.as_bytes());
            let bytes = if minify {
                crate::output::minify_page(&html)
            } else {
                html.into_bytes()
            };
            OutFile {
                bytes: Arc::new(bytes),
                path: job.path.clone(),
                kind: Some(job.kind),
                title: job.title,
                key,
                reused: false,
                links: Some(links),
                digest: None,
            }
        })
        .map_err(|e| {
            let mut d = theme::template_error(&e, &theme.origins);
            d.notes.push(format!("while rendering {}", job.path));
            d
        })
}

/// Puts a value that is costly to make into a context. `fingerprint`
/// stands for it in the context's hash and must cover everything the value
/// is made from; `make` runs only if the value goes into the context.
pub(crate) fn insert_lazy<T, F>(ctx: &mut Ctx, key: &str, fingerprint: impl Hash, make: F)
where
    T: Serialize,
    F: FnOnce() -> T,
{
    if ctx.hashed() {
        key.hash(&mut ctx.hasher);
        fingerprint.hash(&mut ctx.hasher);
    }
    if ctx.filled() {
        ctx.ctx.insert(key, &make());
    }
}

/// Puts a long text into a context; `hash` stands for it in the context's
/// hash (so the text itself is neither escaped nor hashed again).
pub(crate) fn insert_text(ctx: &mut Ctx, key: &str, text: &str, hash: impl FnOnce() -> u64) {
    if ctx.hashed() {
        key.hash(&mut ctx.hasher);
        hash().hash(&mut ctx.hasher);
    }
    if ctx.filled() {
        ctx.ctx.insert(key, text);
    }
}

/// Puts a value into a context (and into the context's hash).
pub(crate) fn insert<T: Serialize + Hash + ?Sized>(ctx: &mut Ctx, key: &str, value: &T) {
    if ctx.hashed() {
        // Every hashed mode hashes the same way, so their keys agree. The
        // value's own `Hash` is much cheaper than its JSON: no escaping, and
        // whole strings at a time.
        key.hash(&mut ctx.hasher);
        value.hash(&mut ctx.hasher);
    }
    if ctx.filled() {
        ctx.ctx.insert(key, value);
    }
}
