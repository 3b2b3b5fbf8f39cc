//! Stage 5: rendering. Turns the linked model into HTML pages with Tera.
//! Every URL handed to a template is already relative to the page it goes
//! into, so templates stay simple and the site works from `file://`.

pub mod context;
pub mod ctx;
pub mod feeds;
pub mod marks;
pub mod page;
pub mod statics;
pub mod svg;
pub mod theme;
pub mod words;

use std::collections::HashSet;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::Model;
use crate::output::{OutFile, RenderCache};
use crate::urls;
use context::How;
use ctx::CtxMode;
pub use page::{Job, Sink};
use theme::Theme;

/// Renders every page of the site, in parallel, reusing unchanged pages from
/// `cache`, into `sink`; then the theme's files, the highlight stylesheet
/// and the publishing extras.
pub fn render(
    model: &Model,
    config: &Config,
    theme: &Theme,
    cache: &RenderCache,
    sink: Sink<'_>,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let mut files = pages(model, config, theme, cache, sink)?;
    let extras = extras(model, config, theme, cache, &files);
    files.extend(extras);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The pages: all rendered in a run that keeps nothing and in the first of
/// `serve`; only the changed ones in a rebuild of `serve`. A broken
/// template is reported once, however many pages use it.
fn pages(
    model: &Model,
    config: &Config,
    theme: &Theme,
    cache: &RenderCache,
    sink: Sink<'_>,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let publish = cache.mode.publishes();
    let reload = cache.mode.reloads();
    let memo = cache.mode.keeps().then_some(&cache.slices);
    let render = |job: Job| sink.take(page::render(job, theme, publish, memo)?);
    let how = |mode| How {
        mode,
        live_reload: reload,
        wanted: None,
        before: None,
    };
    let results: Vec<Result<OutFile, Diagnostic>> = if !cache.mode.keeps() {
        context::jobs(model, config, theme, how(CtxMode::Direct), &render)
    } else if cache.pages.is_empty() {
        context::jobs(model, config, theme, how(CtxMode::DirectHashed), &render)
    } else {
        changed_pages(model, config, theme, cache, &render)
    };
    let mut files = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        return Ok(files);
    }
    // One broken template fails every page that uses it: report each template once.
    errors.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.message.cmp(&b.message)));
    errors.dedup_by(|a, b| a.span == b.span && a.message == b.message);
    Err(errors)
}

/// A rebuild of `serve`: every page's context is hashed (a page that
/// records what it was made from, and read the same values as in the last
/// build, is known unchanged without it), and only the pages whose hash
/// changed get a context and are rendered (by `render`); the others are
/// taken from `cache`.
fn changed_pages(
    model: &Model,
    config: &Config,
    theme: &Theme,
    cache: &RenderCache,
    render: &(dyn Fn(Job) -> Result<OutFile, Diagnostic> + Sync),
) -> Vec<Result<OutFile, Diagnostic>> {
    let live_reload = cache.mode.reloads();
    let hash = |job: Job| {
        let key = job.context.finish(job.template, theme.hash);
        (job.path, key, job.title, job.kind, job.reads)
    };
    let how = How {
        mode: CtxMode::HashOnly,
        live_reload,
        wanted: None,
        before: Some(&cache.pages),
    };
    let keys = context::jobs(model, config, theme, how, &hash);
    let mut reused = Vec::new();
    let mut changed = HashSet::new();
    for (path, key, title, kind, reads) in keys {
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
                // A new record, when the page read other values (and made
                // the same context).
                reads,
            })),
            None => {
                changed.insert(path);
            }
        }
    }
    let how = How {
        mode: CtxMode::DirectHashed,
        live_reload,
        wanted: Some(&changed),
        before: None,
    };
    let mut fresh = context::jobs(model, config, theme, how, render);
    fresh.append(&mut reused);
    fresh
}

/// The files beside the pages: the theme's static files, the highlight
/// stylesheet, `robots.txt`, with a base URL the sitemap and the feed, and
/// `.nojekyll`.
fn extras(
    model: &Model,
    config: &Config,
    theme: &Theme,
    cache: &RenderCache,
    pages: &[OutFile],
) -> Vec<OutFile> {
    let mut files = Vec::new();
    for (name, bytes) in &theme.assets {
        files.push(OutFile::asset(urls::asset(name), bytes.clone()));
    }
    files.push(OutFile::asset(
        urls::HIGHLIGHT_CSS,
        crate::model::markdown::highlight::stylesheet()
            .as_bytes()
            .to_vec(),
    ));
    let robots = feeds::robots(config.base_url.as_deref());
    files.push(OutFile::asset(urls::ROBOTS, robots.into_bytes()));
    if let Some(base) = &config.base_url {
        let mut listed: Vec<&str> = pages
            .iter()
            .filter(|f| f.is_html() && f.path != urls::NOT_FOUND)
            .map(|f| f.path.as_str())
            .collect();
        listed.sort_unstable();
        let inputs = (&listed[..], base.as_str());
        files.push(made(cache, urls::SITEMAP, inputs, |(l, b)| {
            feeds::sitemap(l, b)
        }));
        let ui = &theme.ui;
        let inputs = feeds::AtomInputs::of(model, &config.title, &config.description, base, ui);
        files.push(made(cache, urls::ATOM, &inputs, |i| feeds::atom(i)));
    }
    files.push(OutFile::asset(urls::NOJEKYLL, Vec::new()));
    files
}

/// A file made from `inputs` by `make`: in `serve`, the one of the last
/// build when the hash of `inputs` is the same. `make` is a function, not a
/// closure, so it reads nothing but its inputs.
fn made<I: std::hash::Hash>(
    cache: &RenderCache,
    path: &str,
    inputs: I,
    make: fn(I) -> String,
) -> OutFile {
    if !cache.mode.keeps() {
        return OutFile::asset(path, make(inputs).into_bytes());
    }
    let key = crate::fingerprint::of(&inputs);
    if let Some((_, bytes)) = cache.extras.get(path).filter(|(k, _)| *k == key) {
        return OutFile {
            key,
            ..OutFile::shared_asset(path, Arc::clone(bytes))
        };
    }
    OutFile {
        key,
        ..OutFile::asset(path, make(inputs).into_bytes())
    }
}
