//! The pipeline, top to bottom: config → discover → sources and content →
//! model → render (and minify) → check links → write.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use crate::config::{Config, CONFIG_FILE};
use crate::content::{self, Glossary};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::discover::{self, Inputs};
use crate::kept::{self, Kept, Seen};
use crate::mode::Mode;
use crate::model::{self, Model, Parsed};
use crate::output::{OutFile, RenderCache};
use crate::render::theme::Theme;
use crate::render::{self, Sink};
use crate::sources::{self, SeedInput, Source};
use crate::translations::Translation;
use crate::{fsio, output, urls};

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
    Config::parse(&text, rel).map_err(|d| d.quoting(&text, 1))
}

/// What a run keeps for the next (when its [`Mode`] keeps anything:
/// `serve`), so that an edit costs only what it touches: parsed sources and
/// content (by file stamp, then bytes), Markdown renders (by their text
/// and position, while what they asked of the sources and link targets gets
/// the same answers), term matches (per page or source, while no alias that
/// changed occurs in its texts), and rendered pages (by their template and
/// context).
pub struct Cache {
    mode: Mode,
    sources: Kept<Source>,
    pages: Kept<content::Page>,
    events: Kept<content::Event>,
    glossary: Kept<Glossary>,
    translations: Kept<Translation>,
    memo: model::RenderMemo,
    render: RenderCache,
    /// The last theme and the files it was made from.
    theme: Option<render::theme::KeptTheme>,
    /// The inputs the last run found, and the problems it found with them.
    discovered: Option<(Inputs, Diagnostics)>,
    /// The only files (relative to the site root) that can have changed
    /// since the last run, when `serve`'s watcher told.
    changed: Option<HashSet<PathBuf>>,
}

impl Cache {
    /// An empty cache for runs of `mode`.
    pub fn new(mode: Mode) -> Cache {
        Cache {
            mode,
            sources: Kept::new(mode),
            pages: Kept::new(mode),
            events: Kept::new(mode),
            glossary: Kept::new(mode),
            translations: Kept::new(mode),
            memo: model::RenderMemo::new(mode),
            render: RenderCache::new(mode),
            theme: None,
            discovered: None,
            changed: None,
        }
    }

    /// Tells the next run which files (relative to the site root) are the
    /// only ones that can have changed since the last run, as `serve`'s
    /// watcher knows; `None` when that is not known (the watcher lost
    /// events). Told, the run walks the site again only if one of them is
    /// not among the inputs it found last time (a file added or removed),
    /// and neither stamps nor reads the others. Until a run reads its
    /// inputs, what it is told adds up.
    pub fn tell_changed(&mut self, files: Option<Vec<PathBuf>>) {
        match files {
            Some(files) => match &mut self.changed {
                Some(set) => set.extend(files),
                None if self.discovered.is_some() => {
                    self.changed = Some(files.into_iter().collect())
                }
                None => {}
            },
            None => {
                self.changed = None;
                self.discovered = None;
            }
        }
    }
}

impl Default for Cache {
    /// A cache for `serve`.
    fn default() -> Self {
        Cache::new(Mode::Serve)
    }
}

/// Runs every stage up to rendered, link-checked, minified files, kept in
/// memory and not written (what [`generate_cached`] gives without a cache).
pub fn generate(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    run(opts, &mut Cache::new(Mode::Build), Sink::Memory)
}

/// What `check` needs: [`generate`]'s problems, without minifying the pages
/// (nothing is written). The files returned hold no page bytes.
pub fn check(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    on_worker(|| run(opts, &mut Cache::new(Mode::Check), Sink::Memory))
}

/// [`generate`] with a cache kept across calls (by `serve`). The output is
/// byte-identical to an uncached build.
pub fn generate_cached(opts: &BuildOptions, cache: &mut Cache) -> Result<Built, Diagnostics> {
    run(opts, cache, Sink::Memory)
}

/// The stages, for a run of the cache's mode. Into [`Sink::Staging`],
/// pages are written as they are rendered (see [`build`]); the files
/// returned for them then hold no bytes.
fn run(opts: &BuildOptions, cache: &mut Cache, sink: Sink<'_>) -> Result<Built, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut timings = Timings::default();
    let config = match config(opts) {
        Ok(c) => c,
        Err(d) => return Err(failed(diags, [d])),
    };
    if !opts.root.join(CONFIG_FILE).is_file() {
        diags.push(Diagnostic::warning(
            Some(Span::file(CONFIG_FILE)),
            "no briefing.toml: built with the default configuration (`briefing init` starts a site)",
        ));
    }
    let (theme, mut model, mut seed_report, statics) =
        inputs_to_model(opts, &config, cache, &mut timings, &mut diags);
    seed_report.extend(translation_report(&model));
    // Causes first: what only follows from an input that failed is left out.
    diags.settle();
    let Some(theme) = theme.filter(|_| !diags.has_errors()) else {
        return Err(diags);
    };
    let out = Outputs {
        config: &config,
        theme: &theme,
        statics,
    };
    let files = match model_to_files(&mut model, &out, cache, sink, &mut timings) {
        Ok(files) => files,
        Err(errs) => return Err(failed(diags, errs)),
    };
    Ok(Built {
        notes: notes(&config),
        pages: files.iter().filter(|f| f.is_html()).count(),
        files,
        sources: model.sources.len(),
        deferred_search: cache.mode.defers_search().then_some(model),
        warnings: diags,
        timings,
        seed_report,
    })
}

/// What stages 5 and 6 make the files from besides the model.
struct Outputs<'a> {
    config: &'a Config,
    theme: &'a Theme,
    /// The site's static files, read: (input path, output file).
    statics: Vec<render::statics::Static>,
}

/// Stages 2 to 4: the inputs found, the theme loaded, the sources and
/// content parsed and linked into the model; the seed report, and the
/// site's static files. The theme's templates compile beside stages 3
/// and 4, which need only its words; their problems are reported before
/// those of the content, as if in turn.
fn inputs_to_model(
    opts: &BuildOptions,
    config: &Config,
    cache: &mut Cache,
    timings: &mut Timings,
    diags: &mut Diagnostics,
) -> (
    Option<Theme>,
    Model,
    Vec<String>,
    Vec<render::statics::Static>,
) {
    let root = opts.root.as_path();
    let changed = cache.changed.take();
    let seen = Seen {
        now: SystemTime::now(),
        changed: changed.as_ref(),
    };
    let inputs = timings.stage("discover", || discovered(root, cache, &seen, diags));
    let pending = timings.stage("theme", || {
        let site = render::theme::SiteParts {
            theme: &config.theme,
            language: &config.language,
            templates: &inputs.templates,
            i18n: &inputs.i18n,
        };
        let kept = cache.mode.keeps().then_some(&cache.theme);
        render::theme::prepare(root, &site, kept, diags)
    });
    let ui = pending.as_ref().and_then(|p| p.ui.clone());
    let compiling = || {
        let t = Instant::now();
        (pending.map(render::theme::Pending::compile), t.elapsed())
    };
    let mut later = Diagnostics::new();
    let at = timings.0.len();
    let ((compiled, took), (model, seed_report, statics)) = rayon::join(compiling, || {
        let found = Found {
            inputs: &inputs,
            seen: &seen,
            ui,
        };
        content_to_model(opts, config, found, cache, timings, &mut later)
    });
    timings.0.insert(at, ("templates", took));
    let kept = cache.mode.keeps().then_some(&mut cache.theme);
    let mut theme = compiled.and_then(|c| c.finish(kept, diags));
    if let Some(t) = &mut theme {
        t.custom_css |= render::statics::has_custom_css(&inputs.statics);
    }
    diags.extend(later);
    (theme, model, seed_report, statics)
}

/// What stages 3 and 4 start from: the inputs found, when they were looked
/// at, and the theme's words (`None` after an error in them).
struct Found<'a> {
    inputs: &'a Inputs,
    seen: &'a Seen<'a>,
    ui: Option<Arc<crate::i18n::Ui>>,
}

/// Stages 3 and 4: the site's static files read, the sources and content
/// parsed and linked into the model; and the seed report.
fn content_to_model(
    opts: &BuildOptions,
    config: &Config,
    found: Found<'_>,
    cache: &mut Cache,
    timings: &mut Timings,
    diags: &mut Diagnostics,
) -> (Model, Vec<String>, Vec<render::statics::Static>) {
    let root = opts.root.as_path();
    let Found { inputs, seen, ui } = found;
    let statics = timings.stage("static", || {
        render::statics::read(root, &inputs.statics, diags)
    });
    let sources = timings.stage("sources", || {
        load_sources(
            root,
            inputs,
            &config.rulesets,
            &mut cache.sources,
            seen,
            diags,
        )
    });
    let seed_report = seed_report(&sources);
    let (pages, events, glossary) = timings.stage("content", || {
        load_content(root, inputs, cache, opts, seen, diags)
    });
    let translations = timings.stage("translations", || {
        load_texts(
            root,
            &inputs.translations,
            &mut cache.translations,
            seen,
            &crate::translations::parse,
            diags,
        )
    });
    if let Some(g) = &glossary {
        content::check_kinds(g, &config.term_kinds, diags);
    }
    if let Some(ui) = &ui {
        content::check_headings(&config.term_kinds, ui, diags);
    }
    let parsed = Parsed {
        sources,
        translations,
        pages,
        events,
        glossary,
        language: config.language.clone(),
        // Without the site's words (an error already) the built-in
        // English stands in, so that the content's own problems are
        // reported too.
        ui: ui.unwrap_or_else(|| Arc::new(render::theme::fallback_ui())),
    };
    let model = timings.stage("model", || model::link(parsed, &cache.memo, diags));
    (model, seed_report, statics)
}

/// The inputs below `root`: as the last run found them when this run was
/// told which files changed and each of them is still one of those inputs
/// and a regular file (edited, not added, removed or made a folder);
/// otherwise walked again.
fn discovered(root: &Path, cache: &mut Cache, seen: &Seen<'_>, diags: &mut Diagnostics) -> Inputs {
    if let (Some(changed), Some((inputs, found))) = (seen.changed, &cache.discovered) {
        let edited = |p: &PathBuf| {
            inputs.lists(p) && std::fs::symlink_metadata(root.join(p)).is_ok_and(|m| m.is_file())
        };
        if changed.iter().all(edited) {
            diags.extend(found.clone());
            return inputs.clone();
        }
    }
    let mut found = Diagnostics::new();
    let inputs = discover::discover(root, &mut found);
    if cache.mode.keeps() {
        cache.discovered = Some((inputs.clone(), found.clone()));
    }
    diags.extend(found);
    inputs
}

/// Stages 5 and 6: the search index (first, while only the model is in
/// memory, so that into a staging folder the pages then follow one by one;
/// `serve` makes it after the reload), the pages rendered, their links
/// checked, what `serve` keeps kept, and the manifest.
fn model_to_files(
    model: &mut Model,
    out: &Outputs<'_>,
    cache: &mut Cache,
    sink: Sink<'_>,
    timings: &mut Timings,
) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
    let (config, theme) = (out.config, out.theme);
    let mode = cache.mode;
    let mut files = Vec::new();
    if !mode.defers_search() {
        files = timings
            .stage("search", || take_all(sink, search_files(model)))
            .map_err(|d| vec![d])?;
        model.release_search_texts();
    }
    let pages = timings.stage("render", || {
        render::render(model, config, theme, &cache.render, sink)
    })?;
    files.extend(pages);
    // The site's static files, unless one would take a generated file's path.
    let clashes = render::statics::collisions(&out.statics, &files);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let statics: Vec<OutFile> = out.statics.iter().map(|(_, f)| f.clone()).collect();
    files.extend(take_all(sink, statics).map_err(|d| vec![d])?);
    // Files that pages link to and that are not among the files (yet).
    let mut pending = Vec::new();
    if mode.defers_search() {
        pending.push(crate::search::HEAD);
    }
    if mode.reloads() {
        pending.push(urls::LIVE_RELOAD);
    }
    let (link_problems, fresh_links) = timings.stage("links", || {
        output::check_links(&mut files, &pending, &cache.render)
    });
    if !link_problems.is_empty() {
        return Err(link_problems);
    }
    if mode.keeps() {
        timings.stage("keep", || {
            cache.memo.retain_used();
            update_render_cache(&mut cache.render, &files, fresh_links);
        });
    }
    if mode.has_manifest() {
        files.push(OutFile::asset(output::MANIFEST, output::manifest(&files)));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The config, with the base URL given on the command line.
fn config(opts: &BuildOptions) -> Result<Config, Diagnostic> {
    let mut config = load_config(&opts.root)?;
    if opts.base_url.is_some() {
        config.base_url.clone_from(&opts.base_url);
    }
    Ok(config)
}

/// `diags` with `more` added.
fn failed(mut diags: Diagnostics, more: impl IntoIterator<Item = Diagnostic>) -> Diagnostics {
    for d in more {
        diags.push(d);
    }
    diags
}

/// Files handed to `sink`, in parallel.
fn take_all(sink: Sink<'_>, files: Vec<OutFile>) -> Result<Vec<OutFile>, Diagnostic> {
    files.into_par_iter().map(|f| sink.take(f)).collect()
}

/// Per-seed notes for `-v`: encoding and what each cleaning rule removed.
fn seed_report(sources: &[Arc<Source>]) -> Vec<String> {
    sources
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
        .collect()
}

/// Per source that needs one, for `-v`: how much of it is translated.
fn translation_report(model: &Model) -> Vec<String> {
    model
        .translations
        .iter()
        .filter_map(|(slug, t)| {
            let done = t.blocks.iter().flatten().count();
            let needed = done + t.missing.len();
            let file = model
                .source(slug)
                .map_or(slug.as_str(), |s| s.file.as_str());
            (needed > 0).then(|| {
                format!(
                    "{file}: {slug} translated into {}, {done} of {needed} blocks",
                    t.language
                )
            })
        })
        .collect()
}

/// What the reader of the build output should know (not problems).
fn notes(config: &Config) -> Vec<String> {
    let mut notes = Vec::new();
    if config.base_url.is_none() {
        notes.push("no base URL: atom.xml and sitemap.xml not written (set base_url in briefing.toml or pass --base-url)".to_string());
    }
    notes
}

/// Remembers the freshly rendered pages (minified bytes, links and what
/// each was made from), the new records of reused pages, and the feed and
/// the sitemap; forgets pages that no longer exist.
fn update_render_cache(
    cache: &mut RenderCache,
    files: &[OutFile],
    fresh_links: Vec<(String, output::PageLinks)>,
) {
    cache.paths = files.iter().map(|f| f.path.clone()).collect();
    let mut links: HashMap<String, output::PageLinks> = fresh_links.into_iter().collect();
    cache.pages.retain(|p, _| cache.paths.contains(p));
    cache.slices.retain(&cache.paths);
    cache.extras = files
        .iter()
        .filter(|f| !f.is_html() && f.key != 0)
        .map(|f| (f.path.clone(), (f.key, std::sync::Arc::clone(&f.bytes))))
        .collect();
    for f in files.iter().filter(|f| f.is_html()) {
        if f.reused {
            // A reused page whose record changed, not its context.
            if let (Some(reads), Some(c)) = (&f.reads, cache.pages.get_mut(&f.path)) {
                c.reads = Some(reads.clone());
            }
        } else if let Some(l) = links.remove(&f.path) {
            cache.pages.insert(
                f.path.clone(),
                output::CachedPage {
                    key: f.key,
                    bytes: std::sync::Arc::clone(&f.bytes),
                    links: l,
                    reads: f.reads.clone(),
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
    let staging = output::Staging::open(&opts.root, &opts.output).map_err(fail)?;
    let (mut built, t) = on_worker(|| {
        let built = run(opts, &mut Cache::new(Mode::Build), Sink::Staging(&staging))?;
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
    rulesets: &crate::config::Rulesets,
    kept: &mut Kept<Source>,
    seen: &Seen<'_>,
    diags: &mut Diagnostics,
) -> Vec<Arc<Source>> {
    type Raw = (Vec<u8>, Option<String>);
    let shared: &Kept<Source> = kept;
    let loaded: Vec<_> = inputs
        .seeds
        .par_iter()
        .map(|(txt, sidecar)| {
            // The rule sets are in briefing.toml: an edit of it is an edit
            // of every seed (whose hash then tells whether its rules changed).
            let config = Path::new(CONFIG_FILE);
            let files: Vec<&Path> = std::iter::once(txt.as_path())
                .chain(sidecar.as_deref())
                .chain((!rulesets.is_empty()).then_some(config))
                .collect();
            let read = |d: &mut Diagnostics| -> Option<Raw> {
                let bytes = fsio::read(root, txt).map_err(|e| d.push(e)).ok()?;
                let side = match sidecar {
                    Some(p) => Some(fsio::read_text(root, p).map_err(|e| d.push(e)).ok()?),
                    None => None,
                };
                Some((bytes, side))
            };
            let hash = |raw: &Raw| crate::fingerprint::of(&(raw, rulesets));
            let parse = |(bytes, side): Raw, d: &mut Diagnostics| {
                let input = SeedInput {
                    path: txt,
                    bytes: &bytes,
                    sidecar: sidecar.as_deref().zip(side.as_deref()),
                    rulesets,
                };
                let source = sources::load(&input, d);
                if let Some((path, text)) = input.sidecar {
                    d.quote(path, text, 1);
                }
                source
            };
            let input = kept::Input {
                files: &files,
                read: &read,
                hash: &hash,
                parse: &parse,
            };
            (txt.clone(), shared.load(root, seen, &input))
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
    seen: &Seen<'_>,
    parse: &(dyn Fn(&Path, &str, &mut Diagnostics) -> Option<T> + Sync),
    diags: &mut Diagnostics,
) -> Vec<Arc<T>> {
    let shared: &Kept<T> = kept;
    let loaded: Vec<_> = paths
        .par_iter()
        .map(|p| {
            let read = |d: &mut Diagnostics| fsio::read_text(root, p).map_err(|e| d.push(e)).ok();
            let hash = |t: &String| crate::fingerprint::of(t);
            let parse = |t: String, d: &mut Diagnostics| {
                let value = parse(p, &t, d);
                d.quote(p, &t, 1);
                value
            };
            let input = kept::Input {
                files: &[p.as_path()],
                read: &read,
                hash: &hash,
                parse: &parse,
            };
            (p.clone(), shared.load(root, seen, &input))
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
    seen: &Seen<'_>,
    diags: &mut Diagnostics,
) -> ContentParts {
    let pages = load_texts(
        root,
        &inputs.pages,
        &mut cache.pages,
        seen,
        &content::parse_page,
        diags,
    );
    let events = load_texts(
        root,
        &inputs.events,
        &mut cache.events,
        seen,
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
        seen,
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
