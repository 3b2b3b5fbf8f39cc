//! Template contexts: small serialisable views of the model, one per page,
//! with every link already made relative to the page. [`jobs`] makes every
//! page's render job, kind by kind, each in a file of its own: content
//! pages and section lists, sources, the timeline, terms, tags, the print
//! edition, and the search and not-found pages; `values` holds the small
//! values they share.

mod event;
mod pages;
mod print;
mod simple;
mod sources;
mod tags;
mod terms;
mod timeline;
mod values;

use std::collections::HashSet;

use rayon::prelude::*;

use super::ctx::{insert, insert_made, Citations, Ctx, CtxMode, RenderedHtml};
use super::Job;
use crate::config::Config;
use crate::i18n::Ui;
use crate::model::markdown::Rendered;
use crate::model::{Model, PageKind};
use crate::output::CachedPage;
use crate::reads::Reads;
use crate::sources::Source;
use crate::urls;
use values::{breadcrumbs, nav, notes, source_entries, terms_on, DateCtx, SiteCtx};

/// How render jobs are made: how their contexts are built, whether pages
/// carry `serve`'s reload script, which pages are wanted (all when `None`),
/// and in a rebuild of `serve` the pages of the last build: a page that
/// records what it was made from, and read the same values again, is known
/// unchanged without its context.
#[derive(Clone, Copy)]
pub struct How<'a> {
    pub mode: CtxMode,
    pub live_reload: bool,
    pub wanted: Option<&'a HashSet<String>>,
    pub before: Option<&'a crate::fingerprint::Map<String, CachedPage>>,
}

/// Every page of the site (or only the pages `how` wants) as a render job,
/// each handed to `finish` (which renders it, or just hashes its context).
pub fn jobs<'a, T: Send>(
    model: &'a Model,
    config: &'a Config,
    theme: &crate::render::theme::Theme,
    how: How<'a>,
    finish: &(dyn Fn(Job) -> T + Sync),
) -> Vec<T> {
    let mut base = Base {
        config,
        model,
        ui: &theme.ui,
        custom_css: theme.custom_css,
        has_briefs: model.pages.iter().any(|p| p.page.section == "briefs"),
        has_summaries: model.pages.iter().any(|p| p.page.section == "summaries"),
        how,
        global: 0,
        events: Vec::new(),
        site: SiteCtx {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: config
                .base_url
                .as_ref()
                .map(|u| format!("{}/", u.trim_end_matches('/'))),
            updated: config
                .updated
                .as_deref()
                .and_then(|u| crate::date::PartialDate::parse(u).ok())
                .map(|d| DateCtx {
                    iso: d.iso(),
                    display: theme.ui.date(&d),
                    year: d.year,
                }),
        },
    };
    if base.records() {
        base.global = base.global_hash(theme.hash);
    }
    base.events = Base::event_fields(model, &theme.ui, base.records());
    // Each kind of page is made on its own, side by side with the others.
    let kinds: [&Kind<'_, T>; 8] = [
        &pages::content_jobs,
        &sources::sources_jobs,
        &timeline::timeline_job,
        &terms::terms_jobs,
        &tags::tags_jobs,
        &print::print_job,
        &simple::search_job,
        &simple::not_found_job,
    ];
    kinds
        .par_iter()
        .flat_map_iter(|kind| {
            let mut jobs = Jobs {
                finish,
                done: Vec::new(),
                single: Vec::new(),
            };
            kind(&base, &mut jobs);
            jobs.finish_all()
        })
        .collect()
}

/// What makes the jobs of one kind of page.
type Kind<'k, T> = dyn Fn(&Base<'_>, &mut Jobs<'_, T>) + Sync + 'k;

/// Where render jobs go as they are made: a page of a large group (content
/// pages, sources, terms) is finished as soon as its context is built, in
/// parallel, so the contexts of a large site never all exist at once; the
/// single pages of a kind wait and are finished together, in parallel, once
/// the kind's jobs are made.
struct Jobs<'f, T> {
    finish: &'f (dyn Fn(Job) -> T + Sync),
    done: Vec<T>,
    single: Vec<Job>,
}

impl<T: Send> Jobs<'_, T> {
    /// A single page, finished with the others at the end.
    fn push(&mut self, job: Job) {
        self.single.push(job);
    }

    fn finish_all(self) -> Vec<T> {
        let mut done = self.done;
        let finish = self.finish;
        done.par_extend(self.single.into_par_iter().map(finish));
        done
    }
}

/// Shared context of every page.
struct Base<'a> {
    config: &'a Config,
    model: &'a Model,
    /// The words of the site's language.
    ui: &'a Ui,
    /// Whether pages include `assets/custom.css`.
    custom_css: bool,
    /// Whether the site has briefs (a header link to them).
    has_briefs: bool,
    /// Whether the site has summaries (a header link to them).
    has_summaries: bool,
    how: How<'a>,
    /// The hash of what every page reads from here (the site, the words,
    /// the theme, the header's links, the terms' labels), part of each
    /// page's record of what it was made from (0 when pages record nothing).
    global: u64,
    /// Every event's fields (as shown on any page), with their hash.
    events: event::Events<'a>,
    site: SiteCtx<'a>,
}

impl<'a> Base<'a> {
    /// Whether the job of the page at `path` is wanted.
    fn wants(&self, path: &str) -> bool {
        self.how.wanted.is_none_or(|w| w.contains(path))
    }

    /// Whether pages record what they were made from: whenever their
    /// contexts are hashed (`serve`).
    fn records(&self) -> bool {
        self.how.mode != CtxMode::Direct
    }

    /// The hash of what every page reads from `self` (see `global`).
    fn global_hash(&self, theme: u64) -> u64 {
        crate::fingerprint::of(&(
            &self.site,
            self.ui,
            self.custom_css,
            self.how.live_reload,
            self.has_briefs,
            self.has_summaries,
            &self.model.term_labels,
            theme,
        ))
    }

    /// The key a page had in the last build, if it read the same values
    /// (`reads`) then: the page is unchanged.
    fn known(&self, path: &str, reads: &Reads) -> Option<u64> {
        let before = self.how.before?.get(path)?;
        before
            .reads
            .as_ref()
            .filter(|r| r.same(reads))
            .map(|_| before.key)
    }

    /// A page's context with what every page has: the site, its path,
    /// title and kind, navigation, breadcrumbs (home, then `crumbs`), and
    /// in `serve` the reload script.
    fn context(&self, path: &str, title: &str, kind: PageKind, crumbs: &[(&str, &str)]) -> Ctx {
        let mut ctx = Ctx::new(self.how.mode);
        let root = urls::root_prefix(path);
        insert(&mut ctx, "site", &self.site);
        insert(&mut ctx, "root", &root);
        insert(&mut ctx, "path", path);
        insert(&mut ctx, "title", title);
        insert(&mut ctx, "kind", &kind);
        if self.custom_css {
            insert(&mut ctx, "custom_css", &true);
        }
        if self.how.live_reload {
            // The not-found page is served at any depth: its script is
            // named from the server's root.
            let script = if path == urls::NOT_FOUND {
                format!("/{}", urls::LIVE_RELOAD)
            } else {
                urls::relative(path, urls::LIVE_RELOAD)
            };
            insert(&mut ctx, "live_reload", &script);
        }
        // Navigation and breadcrumbs follow from the path (and whether the
        // site has briefs, and the crumbs): made only if the page is rendered.
        let sections = (self.has_briefs, self.has_summaries);
        insert_made(&mut ctx, "nav", (path, sections), |(p, s)| nav(p, s));
        let ui = self.ui;
        if path != urls::HOME {
            insert_made(&mut ctx, "breadcrumbs", (path, crumbs, ui), |(p, c, ui)| {
                breadcrumbs(p, c, ui)
            });
        }
        ctx
    }

    /// The sources `r` cites, each once, in the order first cited.
    fn cited(&self, r: &Rendered) -> Vec<&'a Source> {
        let mut cited: Vec<&Source> = Vec::new();
        let mut last: Option<&str> = None;
        for c in &r.citations {
            // Citations of one source mostly follow each other.
            if last == Some(c.source.as_str()) {
                continue;
            }
            last = Some(&c.source);
            if let Some(s) = self.model.source(&c.source) {
                if !cited.iter().any(|x| x.slug == s.slug) {
                    cited.push(s);
                }
            }
        }
        cited
    }

    /// The notes of `r` on page `from`, and the full entry of each source
    /// they cite (`cited`, see [`Base::cited`]), made only if the page is
    /// rendered.
    fn insert_notes(
        &self,
        ctx: &mut Ctx,
        r: &Rendered,
        prefix: &str,
        from: &str,
        cited: &[&Source],
    ) {
        insert_made(ctx, "notes", (Citations(r), prefix), |(c, p)| {
            notes(&c.0.citations, p)
        });
        insert_made(
            ctx,
            "sources_cited",
            (from, cited, self.ui),
            |(from, cited, ui)| source_entries(from, cited, ui),
        );
    }

    /// The terms mentioned on page `key` (display numbers, sorted).
    fn terms_on(&self, key: &str) -> Option<&'a [usize]> {
        self.model.terms_on.get(key).map(|t| &t[..])
    }

    /// The "terms on this page" list of a page at `from` that mentions the
    /// terms `set`. In `serve` it is made only for pages that change (it is
    /// long, and the same on most rebuilds) from the page's folder depth,
    /// its terms and the terms' labels.
    fn insert_terms(&self, ctx: &mut Ctx, from: &str, set: Option<&[usize]>) {
        let inputs = (urls::root_prefix(from), set, &self.model.term_labels);
        insert_made(ctx, "terms_on_page", inputs, |(root, set, labels)| {
            terms_on(&root, set, labels)
        });
    }
}
