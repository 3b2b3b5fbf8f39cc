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
use crate::sources::Source;
use crate::urls;
use values::{breadcrumbs, nav, notes, source_entries, terms_on, DateCtx, SiteCtx};

/// Every page of the site (or only the pages in `wanted`) as a render job,
/// each handed to `finish` (which renders it, or just hashes its context).
/// `live_reload`: the pages carry `serve`'s reload script.
pub fn jobs<'a, T: Send>(
    model: &'a Model,
    config: &'a Config,
    theme: &crate::render::theme::Theme,
    mode: CtxMode,
    live_reload: bool,
    wanted: Option<&'a HashSet<String>>,
    finish: &(dyn Fn(Job) -> T + Sync),
) -> Vec<T> {
    let base = Base {
        config,
        model,
        ui: &theme.ui,
        custom_css: theme.custom_css,
        has_briefs: model.pages.iter().any(|p| p.page.section == "briefs"),
        has_summaries: model.pages.iter().any(|p| p.page.section == "summaries"),
        mode,
        live_reload,
        wanted,
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
    mode: CtxMode,
    /// Whether pages carry `serve`'s live-reload script.
    live_reload: bool,
    /// Only these pages (by output path) are wanted; all when `None`.
    wanted: Option<&'a HashSet<String>>,
    site: SiteCtx<'a>,
}

impl<'a> Base<'a> {
    /// Whether the job of the page at `path` is wanted.
    fn wants(&self, path: &str) -> bool {
        self.wanted.is_none_or(|w| w.contains(path))
    }

    /// A page's context with what every page has: the site, its path,
    /// title and kind, navigation, breadcrumbs (home, then `crumbs`), and
    /// in `serve` the reload script.
    fn context(&self, path: &str, title: &str, kind: PageKind, crumbs: &[(&str, &str)]) -> Ctx {
        let mut ctx = Ctx::new(self.mode);
        let root = urls::root_prefix(path);
        insert(&mut ctx, "site", &self.site);
        insert(&mut ctx, "root", &root);
        insert(&mut ctx, "path", path);
        insert(&mut ctx, "title", title);
        insert(&mut ctx, "kind", &kind);
        if self.custom_css {
            insert(&mut ctx, "custom_css", &true);
        }
        if self.live_reload {
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

    /// The notes of `r` on page `from`, and the full entry of each source
    /// they cite, once (made only if the page is rendered).
    fn insert_notes(&self, ctx: &mut Ctx, r: &Rendered, prefix: &str, from: &str) {
        insert_made(ctx, "notes", (Citations(r), prefix), |(c, p)| {
            notes(&c.0.citations, p)
        });
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
        insert_made(
            ctx,
            "sources_cited",
            (from, &cited[..], self.ui),
            |(from, cited, ui)| source_entries(from, cited, ui),
        );
    }

    /// The "terms on this page" list of page `key`, as seen from `from`. In
    /// `serve` it is made only for pages that change (it is long, and the
    /// same on most rebuilds) from the page's folder depth, its terms and
    /// the terms' labels.
    fn insert_terms_on(&self, ctx: &mut Ctx, from: &str, key: &str) {
        let model = self.model;
        let inputs = (
            urls::root_prefix(from),
            model.terms_on.get(key).map(Vec::as_slice),
            &model.term_labels,
        );
        insert_made(ctx, "terms_on_page", inputs, |(root, set, labels)| {
            terms_on(&root, set, labels)
        });
    }
}
