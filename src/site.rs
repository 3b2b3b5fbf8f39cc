//! The pipeline, top to bottom: config → discover → sources and content →
//! model → render (and minify) → check links → write.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use crate::config::{Config, CONFIG_FILE};
use crate::content::{self, Glossary};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::discover::{self, Inputs};
use crate::kept::{self, Kept};
use crate::model::{self, Model, Parsed};
use crate::output::{OutFile, RenderCache};
use crate::render::{self, Sink};
use crate::sources::{self, SeedInput, Source};
use crate::{fsio, output};

/// Options of one build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; relative paths are relative to the current directory.
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
}

/// Timings of each stage, for `-v`.
#[derive(Debug, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    fn stage<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let r = f();
        self.0.push((name, t.elapsed()));
        r
    }
}

/// What a successful build produced.
pub struct Built {
    pub files: Vec<OutFile>,
    pub pages: usize,
    pub sources: usize,
    pub warnings: Diagnostics,
    pub timings: Timings,
    /// Per-seed notes for `-v`: encoding and what each cleaning rule removed.
    pub seed_report: Vec<String>,
    /// Things the reader of the build output should know (not problems).
    pub notes: Vec<String>,
    /// `serve` only: the model, for the search index, which `serve` builds
    /// after the reload (see [`search_files`]); `files` lack it then.
    pub deferred_search: Option<Model>,
}

/// The search index files of a model (stage 5b).
pub fn search_files(model: &Model) -> Vec<OutFile> {
    crate::search::index_files(model)
        .into_iter()
        .map(|(path, bytes)| OutFile::asset(path, bytes))
        .collect()
}

/// Loads the config (defaults when there is no `briefing.toml`).
pub fn load_config(root: &Path) -> Result<Config, Diagnostic> {
    let rel = Path::new(CONFIG_FILE);
    if std::fs::symlink_metadata(root.join(rel)).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Diagnostic::error(
            Some(Span::file(rel)),
            "briefing.toml is a symbolic link; inputs must be regular files inside the site root",
        ));
    }
    if !root.join(rel).is_file() {
        if !root.is_dir() {
            return Err(Diagnostic::error(
                None,
                format!("site root {} is not a folder", root.display()),
            ));
        }
        return Ok(Config::default());
    }
    let text = fsio::read_text(root, rel)?;
    Config::parse(&text, rel)
}

/// What `serve` keeps between rebuilds so that an edit costs only what it
/// touches: parsed sources and content (by file stamp, then bytes),
/// Markdown renders (by their text, position and world), term matches (per
/// page or source), and rendered pages (by their template and context).
pub struct Cache {
    sources: Kept<Source>,
    pages: Kept<content::Page>,
    events: Kept<content::Event>,
    glossary: Kept<Glossary>,
    memo: model::RenderMemo,
    render: RenderCache,
}

impl Cache {
    /// Whether renders are kept for the next call (`serve`); a one-off build
    /// keeps none.
    fn keep(&self) -> bool {
        self.render.keep
    }

    /// A cache that keeps nothing (a one-off build).
    fn off() -> Cache {
        Cache {
            memo: model::RenderMemo::off(),
            render: RenderCache::default(),
            sources: Kept::off(),
            pages: Kept::off(),
            events: Kept::off(),
            glossary: Kept::off(),
        }
    }
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            sources: Kept::default(),
            pages: Kept::default(),
            events: Kept::default(),
            glossary: Kept::default(),
            memo: model::RenderMemo::default(),
            render: RenderCache {
                keep: true,
                ..RenderCache::default()
            },
        }
    }
}

/// Runs every stage up to rendered, link-checked, minified files, kept in
/// memory and not written (what [`generate_cached`] gives without a cache).
pub fn generate(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    run(opts, &mut Cache::off(), Sink::Memory)
}

/// What `check` needs: [`generate`]'s problems, without minifying the pages
/// (nothing is written). The files returned hold no page bytes.
pub fn check(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    on_worker(|| run(opts, &mut Cache::off(), Sink::Check))
}

/// [`generate`] with a cache kept across calls (by `serve`). The output is
/// byte-identical to an uncached build.
pub fn generate_cached(opts: &BuildOptions, cache: &mut Cache) -> Result<Built, Diagnostics> {
    run(opts, cache, Sink::Memory)
}

/// The stages. Into [`Sink::Staging`], pages are written as they are
/// rendered (see [`build`]); the files returned for them then hold no bytes.
fn run(opts: &BuildOptions, cache: &mut Cache, sink: Sink<'_>) -> Result<Built, Diagnostics> {
    let staging = match sink {
        Sink::Staging(s) => Some(s),
        Sink::Memory | Sink::Check => None,
    };
    let mut diags = Diagnostics::new();
    let mut timings = Timings::default();
    let root = opts.root.as_path();
    let now = SystemTime::now();

    let mut config = match load_config(root) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    if opts.base_url.is_some() {
        config.base_url.clone_from(&opts.base_url);
    }
    let inputs = timings.stage("discover", || discover::discover(root, &mut diags));
    let theme = timings.stage("theme", || {
        render::theme::load(root, &config.theme, &inputs.templates, &mut diags)
    });

    let srcs = timings.stage("sources", || {
        load_sources(root, &inputs, &mut cache.sources, now, &mut diags)
    });
    let seed_report = srcs
        .iter()
        .map(|s| {
            let rules: Vec<String> = s
                .cleaning
                .iter()
                .map(|o| format!("{} removed {} lines", o.rule, o.removed))
                .collect();
            format!(
                "{}: {} ({}), {} blocks{}{}",
                s.file,
                s.slug,
                s.encoding,
                s.blocks.len(),
                if rules.is_empty() { "" } else { "; " },
                rules.join("; ")
            )
        })
        .collect();
    let (pages, events, glossary) = timings.stage("content", || {
        load_content(root, &inputs, cache, opts, now, &mut diags)
    });
    let mut model: Model = timings.stage("model", || {
        model::link(
            Parsed {
                sources: srcs,
                pages,
                events,
                glossary,
            },
            &cache.memo,
            &mut diags,
        )
    });

    let Some(theme) = theme else {
        return Err(diags);
    };
    if diags.has_errors() {
        return Err(diags);
    }
    // `build` writes the search index first, while only the model is in
    // memory (the pages then follow one by one); `serve` builds it after
    // the reload; `check` builds it last, with the pages.
    let mut written: Vec<String> = Vec::new();
    if let Some(staging) = staging {
        let search = timings.stage("search", || search_files(&model));
        if let Err(d) = search
            .par_iter()
            .try_for_each(|f| staging.put(&f.path, &f.bytes))
        {
            diags.push(d);
            return Err(diags);
        }
        written = search.into_iter().map(|f| f.path).collect();
        model.release_search_texts();
    }
    let mut files = match timings.stage("render", || {
        render::render(&model, &config, &theme, &cache.render, sink)
    }) {
        Ok(f) => f,
        Err(errs) => {
            for e in errs {
                diags.push(e);
            }
            return Err(diags);
        }
    };
    let pending: Vec<&str> = if cache.keep() {
        vec![crate::search::HEAD]
    } else if staging.is_some() {
        written.iter().map(String::as_str).collect()
    } else {
        let search = timings.stage("search", || search_files(&model));
        files.extend(search);
        Vec::new()
    };
    let (link_problems, fresh_links) = timings.stage("links", || {
        output::check_links(&mut files, &pending, &cache.render)
    });
    if !link_problems.is_empty() {
        for d in link_problems {
            diags.push(d);
        }
        return Err(diags);
    }
    if cache.keep() {
        timings.stage("keep", || {
            cache.memo.retain_used();
            update_render_cache(&mut cache.render, &files, fresh_links);
        });
    }
    // `serve` keeps the site in memory and `check` writes nothing: neither
    // has a use for a manifest.
    if !cache.keep() && !matches!(sink, Sink::Check) {
        let manifest = OutFile::asset(output::MANIFEST, output::manifest(&files));
        files.push(manifest);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let pages = files.iter().filter(|f| f.is_html()).count();
    let mut notes = Vec::new();
    if config.base_url.is_none() {
        notes.push("no base URL: atom.xml and sitemap.xml not written (set base_url in briefing.toml or pass --base-url)".to_string());
    }
    Ok(Built {
        notes,
        files,
        pages,
        sources: model.sources.len(),
        deferred_search: cache.keep().then_some(model),
        warnings: diags,
        timings,
        seed_report,
    })
}

/// Remembers the freshly rendered pages (minified bytes and links) and
/// forgets pages that no longer exist.
fn update_render_cache(
    cache: &mut RenderCache,
    files: &[OutFile],
    fresh_links: Vec<(String, output::PageLinks)>,
) {
    cache.paths = files.iter().map(|f| f.path.clone()).collect();
    let mut links: HashMap<String, output::PageLinks> = fresh_links.into_iter().collect();
    cache.pages.retain(|p, _| cache.paths.contains(p));
    for f in files.iter().filter(|f| f.is_html() && !f.reused) {
        if let Some(l) = links.remove(&f.path) {
            cache.pages.insert(
                f.path.clone(),
                output::CachedPage {
                    key: f.key,
                    bytes: std::sync::Arc::clone(&f.bytes),
                    links: l,
                },
            );
        }
    }
}

/// Builds and writes the site atomically: pages go into a temporary folder
/// beside the output folder as soon as they are rendered, the rest once
/// everything checked out, and the folder replaces the output folder only
/// then. A failed build removes it and leaves the previous output whole.
pub fn build(opts: &BuildOptions) -> Result<(Built, output::WriteReport), Diagnostics> {
    let fail = |d: Diagnostic| {
        let mut ds = Diagnostics::new();
        ds.push(d);
        ds
    };
    output::recover(&opts.output).map_err(fail)?;
    output::check_output_dir(&opts.root, &opts.output).map_err(fail)?;
    let staging = output::Staging::new(&opts.output).map_err(fail)?;
    let (mut built, t) = on_worker(|| {
        let built = run(opts, &mut Cache::off(), Sink::Staging(&staging))?;
        let t = Instant::now();
        built
            .files
            .par_iter()
            .filter(|f| f.digest.is_none())
            .try_for_each(|f| staging.put(&f.path, &f.bytes))
            .map_err(fail)?;
        Ok((built, t))
    })?;
    let report = staging.commit().map_err(fail)?;
    built.timings.0.push(("write", t.elapsed()));
    Ok((built, report))
}

/// Runs `f` on a worker thread of a thread pool of its own, so that the
/// stages' sequential parts allocate on the same threads as their parallel
/// parts. The allocator keeps each thread's freed memory for that thread:
/// run from the main thread, the model's memory, once freed, would not be
/// reused by the rendering threads (at 1,000 pages: 159 → 151 MiB peak, and
/// 2 % less wall time). Inside a pool already, `f` just runs.
fn on_worker<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if rayon::current_thread_index().is_some() {
        return f();
    }
    match rayon::ThreadPoolBuilder::new().build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

fn load_sources(
    root: &Path,
    inputs: &Inputs,
    kept: &mut Kept<Source>,
    now: SystemTime,
    diags: &mut Diagnostics,
) -> Vec<Arc<Source>> {
    type Raw = (Vec<u8>, Option<String>);
    let shared: &Kept<Source> = kept;
    let loaded: Vec<_> = inputs
        .seeds
        .par_iter()
        .map(|(txt, sidecar)| {
            let files: Vec<&Path> = std::iter::once(txt.as_path())
                .chain(sidecar.as_deref())
                .collect();
            let read = |d: &mut Diagnostics| -> Option<Raw> {
                let bytes = fsio::read(root, txt).map_err(|e| d.push(e)).ok()?;
                let side = match sidecar {
                    Some(p) => Some(fsio::read_text(root, p).map_err(|e| d.push(e)).ok()?),
                    None => None,
                };
                Some((bytes, side))
            };
            let hash = |raw: &Raw| crate::fingerprint::of(raw);
            let parse = |(bytes, side): Raw, d: &mut Diagnostics| {
                let input = SeedInput {
                    path: txt,
                    bytes: &bytes,
                    sidecar: sidecar.as_deref().zip(side.as_deref()),
                };
                sources::load(&input, d)
            };
            let input = kept::Input {
                files: &files,
                read: &read,
                hash: &hash,
                parse: &parse,
            };
            (txt.clone(), shared.load(root, now, &input))
        })
        .collect();
    collect_kept(kept, loaded, diags)
}

/// The values of a stage's inputs in order, their problems into `diags`,
/// and the entries kept for the next build.
fn collect_kept<T>(
    kept: &mut Kept<T>,
    loaded: Vec<(PathBuf, kept::Loaded<T>)>,
    diags: &mut Diagnostics,
) -> Vec<Arc<T>> {
    let mut out = Vec::with_capacity(loaded.len());
    let mut entries = Vec::with_capacity(loaded.len());
    for (path, l) in loaded {
        let (value, d, entry) = l.split();
        diags.extend(d);
        out.extend(value);
        entries.push((path, entry));
    }
    kept.replace(entries);
    out
}

/// Reads and parses one kind of content file (pages or events) in parallel.
fn load_texts<T: Send + Sync>(
    root: &Path,
    paths: &[PathBuf],
    kept: &mut Kept<T>,
    now: SystemTime,
    parse: &(dyn Fn(&Path, &str, &mut Diagnostics) -> Option<T> + Sync),
    diags: &mut Diagnostics,
) -> Vec<Arc<T>> {
    let shared: &Kept<T> = kept;
    let loaded: Vec<_> = paths
        .par_iter()
        .map(|p| {
            let read = |d: &mut Diagnostics| fsio::read_text(root, p).map_err(|e| d.push(e)).ok();
            let hash = |t: &String| crate::fingerprint::of(t);
            let parse = |t: String, d: &mut Diagnostics| parse(p, &t, d);
            let input = kept::Input {
                files: &[p.as_path()],
                read: &read,
                hash: &hash,
                parse: &parse,
            };
            (p.clone(), shared.load(root, now, &input))
        })
        .collect();
    collect_kept(kept, loaded, diags)
}

type ContentParts = (
    Vec<Arc<content::Page>>,
    Vec<Arc<content::Event>>,
    Option<Arc<Glossary>>,
);

fn load_content(
    root: &Path,
    inputs: &Inputs,
    cache: &mut Cache,
    opts: &BuildOptions,
    now: SystemTime,
    diags: &mut Diagnostics,
) -> ContentParts {
    let pages = load_texts(
        root,
        &inputs.pages,
        &mut cache.pages,
        now,
        &content::parse_page,
        diags,
    );
    let events = load_texts(
        root,
        &inputs.events,
        &mut cache.events,
        now,
        &content::parse_event,
        diags,
    );
    let out_pages: Vec<_> = pages
        .into_iter()
        .filter(|p| opts.drafts || !p.meta.draft)
        .collect();
    let out_events: Vec<_> = events
        .into_iter()
        .filter(|e| opts.drafts || !e.meta.draft)
        .collect();
    let glossary = load_texts(
        root,
        inputs.glossary.as_slice(),
        &mut cache.glossary,
        now,
        &content::parse_glossary,
        diags,
    )
    .pop();
    if glossary.is_none()
        && inputs.glossary.is_none()
        && !out_events.iter().all(|e| e.meta.actors.is_empty())
    {
        diags.push(Diagnostic::error(
            Some(Span::file("content/events")),
            "events name actors but there is no content/glossary.toml",
        ));
    }
    (out_pages, out_events, glossary)
}
