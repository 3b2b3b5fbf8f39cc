//! Stage 5: rendering. Turns the linked model into HTML pages with Tera.
//! Every URL handed to a template is already relative to the page it goes
//! into, so templates stay simple and the site works from `file://`.

pub mod context;
pub mod feeds;
pub mod highlight;
pub mod svg;
pub mod theme;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::Model;
use theme::Theme;

/// One rendered output file.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Shared with `serve`'s cache, so a reused page is not copied.
    pub bytes: Arc<Vec<u8>>,
    /// HTML pages are minified and link-checked; other files are copied.
    pub is_html: bool,
    /// Title and kind for the build manifest (HTML pages only).
    pub title: String,
    pub kind: &'static str,
    /// For pages: the hash of the template and its context. `reused` pages
    /// come from an earlier build with the same key: their bytes are already
    /// minified and their links already checked.
    pub key: u64,
    pub reused: bool,
}

impl OutFile {
    /// A file that is not a rendered page.
    pub fn asset(path: impl Into<String>, bytes: Vec<u8>) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: Arc::new(bytes),
            is_html: false,
            title: String::new(),
            kind: "asset",
            key: 0,
            reused: false,
        }
    }
}

/// How a context is built, by what the build will do with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CtxMode {
    /// A one-off build: straight into Tera, not hashed (nothing to reuse).
    Direct,
    /// The first build of `serve`: into Tera, and hashed for next time.
    DirectHashed,
    /// A rebuild of `serve`: hashed, and kept as JSON that becomes a Tera
    /// context only if the page changed (most pages are reused as they are).
    Deferred,
}

/// A template context that can also hash everything put into it, so an
/// unchanged page can be recognised without rendering it.
pub struct Ctx<'a> {
    mode: CtxMode,
    ctx: tera::Context,
    /// Deferred entries: key and JSON…
    json: Vec<(String, Vec<u8>)>,
    /// …and key and text…
    text: Vec<(String, String)>,
    /// …and key and how to make the value, for values that are costly to
    /// serialise and whose inputs have a cheap fingerprint.
    lazy: Vec<(String, LazyValue<'a>)>,
    hasher: crate::fingerprint::Hasher,
}

impl<'a> Ctx<'a> {
    pub fn new(mode: CtxMode) -> Ctx<'a> {
        Ctx {
            mode,
            ctx: tera::Context::new(),
            json: Vec::new(),
            text: Vec::new(),
            lazy: Vec::new(),
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

    /// The Tera context (built from the JSON entries when deferred).
    fn tera(self) -> Result<tera::Context, String> {
        if self.mode != CtxMode::Deferred {
            return Ok(self.ctx);
        }
        let mut map = serde_json::Map::new();
        for (k, json) in self.json {
            let v: serde_json::Value = serde_json::from_slice(&json).map_err(|e| e.to_string())?;
            map.insert(k, v);
        }
        for (k, text) in self.text {
            map.insert(k, serde_json::Value::String(text));
        }
        for (k, make) in self.lazy {
            map.insert(k, make()?);
        }
        tera::Context::from_value(serde_json::Value::Object(map)).map_err(|e| e.to_string())
    }
}

/// A page to render: output path, template, and its context.
pub struct Job<'a> {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub kind: &'static str,
    pub context: Ctx<'a>,
}

/// Pages of earlier builds by output path: their key, minified bytes and
/// links. Kept by `serve`, so a rebuild renders only the pages whose context
/// changed.
#[derive(Default)]
pub struct RenderCache {
    pub pages: HashMap<String, CachedPage>,
    /// Whether pages are kept for the next build (`serve`); a one-off
    /// build neither keeps nor hashes them.
    pub keep: bool,
    /// Every output path of the last build.
    pub paths: std::collections::HashSet<String>,
}

pub struct CachedPage {
    pub key: u64,
    pub bytes: Arc<Vec<u8>>,
    pub links: crate::output::PageLinks,
}

/// Renders every page of the site, in parallel, reusing unchanged pages from `cache`.
pub fn render(
    model: &Model,
    config: &Config,
    theme: &Theme,
    cache: &RenderCache,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let mode = if !cache.keep {
        CtxMode::Direct
    } else if cache.pages.is_empty() {
        CtxMode::DirectHashed
    } else {
        CtxMode::Deferred
    };
    let jobs = context::jobs(model, config, mode);
    let results: Vec<Result<OutFile, Diagnostic>> =
        jobs.into_par_iter()
            .map(|job| {
                let key = job.context.finish(job.template, theme.hash);
                if let Some(c) = cache.pages.get(&job.path).filter(|c| c.key == key) {
                    return Ok(OutFile {
                        path: job.path,
                        bytes: Arc::clone(&c.bytes),
                        is_html: true,
                        title: job.title,
                        kind: job.kind,
                        key,
                        reused: true,
                    });
                }
                let ctx = job.context.tera().map_err(|e| {
                    Diagnostic::error(None, format!("context of {}: {e}", job.path))
                })?;
                theme
                    .tera
                    .render(job.template, &ctx)
                    .map(|html| OutFile {
                        path: job.path.clone(),
                        bytes: Arc::new(html.into_bytes()),
                        is_html: true,
                        title: job.title,
                        kind: job.kind,
                        key,
                        reused: false,
                    })
                    .map_err(|e| {
                        let mut d = theme::template_error(&e, &theme.origins);
                        d.notes.push(format!("while rendering {}", job.path));
                        d
                    })
            })
            .collect();
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
        files.push(OutFile::asset(format!("assets/{name}"), bytes.clone()));
    }
    files.push(OutFile::asset(
        "assets/highlight.css",
        highlight::stylesheet().as_bytes().to_vec(),
    ));
    let pages: Vec<&str> = files
        .iter()
        .filter(|f| f.is_html && f.path != "404.html")
        .map(|f| f.path.as_str())
        .collect();
    let mut extra = vec![("robots.txt", feeds::robots(config.base_url.as_deref()))];
    if let Some(base) = &config.base_url {
        extra.push(("sitemap.xml", feeds::sitemap(&pages, base)));
        extra.push((
            "atom.xml",
            feeds::atom(model, &config.title, &config.description, base),
        ));
    }
    for (path, text) in extra {
        files.push(OutFile::asset(path, text.into_bytes()));
    }
    files.push(OutFile::asset(".nojekyll", Vec::new()));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A context value made only when the page has to be rendered.
type LazyValue<'a> = Box<dyn FnOnce() -> Result<serde_json::Value, String> + Send + 'a>;

/// Puts a value that is costly to serialise into a context. `fingerprint`
/// stands for it in the context's hash and must cover everything the value
/// is made from; `make` runs only if the page is rendered.
pub(crate) fn insert_lazy<'a, T, F>(ctx: &mut Ctx<'a>, key: &str, fingerprint: impl Hash, make: F)
where
    T: Serialize,
    F: FnOnce() -> T + Send + 'a,
{
    match ctx.mode {
        CtxMode::Direct => ctx.ctx.insert(key, &make()),
        CtxMode::DirectHashed | CtxMode::Deferred => {
            key.hash(&mut ctx.hasher);
            fingerprint.hash(&mut ctx.hasher);
            if ctx.mode == CtxMode::Deferred {
                let make = move || serde_json::to_value(make()).map_err(|e| e.to_string());
                ctx.lazy.push((key.to_string(), Box::new(make)));
            } else {
                ctx.ctx.insert(key, &make());
            }
        }
    }
}

/// Puts a long text into a context; `hash` stands for it in the context's
/// hash (so the text itself is neither escaped nor hashed again).
pub(crate) fn insert_text(ctx: &mut Ctx<'_>, key: &str, text: &str, hash: impl FnOnce() -> u64) {
    match ctx.mode {
        CtxMode::Direct => ctx.ctx.insert(key, text),
        CtxMode::DirectHashed | CtxMode::Deferred => {
            key.hash(&mut ctx.hasher);
            hash().hash(&mut ctx.hasher);
            if ctx.mode == CtxMode::Deferred {
                ctx.text.push((key.to_string(), text.to_string()));
            } else {
                ctx.ctx.insert(key, text);
            }
        }
    }
}

/// Puts a value into a context (and into the context's hash).
pub(crate) fn insert<T: Serialize + ?Sized>(ctx: &mut Ctx<'_>, key: &str, value: &T) {
    match ctx.mode {
        CtxMode::Direct => ctx.ctx.insert(key, value),
        CtxMode::DirectHashed | CtxMode::Deferred => {
            // Both hashed modes hash the same bytes, so their keys agree.
            let json = serde_json::to_vec(value).unwrap_or_default();
            key.hash(&mut ctx.hasher);
            ctx.hasher.write(&json);
            if ctx.mode == CtxMode::Deferred {
                ctx.json.push((key.to_string(), json));
            } else {
                ctx.ctx.insert(key, value);
            }
        }
    }
}
