//! Content pages (in parallel, each with its neighbours in its section),
//! the home page when no content page is one, and each section's list.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::event::EventInputs;
use super::values::{back_ctx, section_title, tag_links, Link};
use super::{insert, insert_made, Base, Ctx, Jobs, RenderedHtml};
use crate::date::PartialDate;
use crate::model::gathered::Group;
use crate::model::{BackRef, Model, PageDoc, PageKind};
use crate::reads::Reads;
use crate::render::Job;
use crate::sources::Source;
use crate::urls;

/// The content pages (in parallel), the home page when no content page is
/// one, and each section's list.
pub(super) fn content_jobs<T: Send>(base: &Base<'_>, jobs: &mut Jobs<'_, T>) {
    let model = base.model;
    // Each page's place in its section's list, for its neighbours.
    let mut place: Vec<Option<(&[usize], usize)>> = vec![None; model.pages.len()];
    for list in model.sections.values() {
        for (at, &i) in list.iter().enumerate() {
            place[i] = Some((list, at));
        }
    }
    // Each page's backlinks and terms, found walking the maps (sorted by
    // output path, as the pages are) beside the pages: looking each up
    // costs a dozen cache misses per page at 10,000 pages.
    let linked = beside(&model.pages, model.backlinks.linked_from.iter());
    let terms = beside(
        &model.pages,
        model.terms_on.iter().map(|(k, t)| (k, &t[..])),
    );
    let found = linked.into_par_iter().zip(terms);
    let finish = jobs.finish;
    let pages: Vec<T> = model
        .pages
        .par_iter()
        .zip(place.par_iter())
        .zip(found)
        .filter(|((p, _), _)| !p.is_section_index && base.wants(&p.out))
        .map(|((p, &place), found)| finish(page_job(base, PageInputs::of(base, p, place, found))))
        .collect();
    jobs.done.extend(pages);
    if !model.pages.iter().any(|p| p.page.dir.is_empty()) && base.wants(urls::HOME) {
        jobs.push(home_without_page(base));
    }
    section_jobs(base, jobs);
}

/// The value of each page (sorted by output path) in `map`, whose keys are
/// output paths in order (and other keys, skipped).
fn beside<'m, V: Copy>(
    pages: &[PageDoc],
    map: impl Iterator<Item = (&'m String, V)>,
) -> Vec<Option<V>> {
    let mut map = map.peekable();
    pages
        .iter()
        .map(|p| {
            while map.next_if(|(k, _)| k.as_str() < p.out.as_str()).is_some() {}
            map.peek().filter(|(k, _)| **k == p.out).map(|&(_, v)| v)
        })
        .collect()
}

/// What a content page is made from besides what every page reads (the
/// site, the words, the theme): taken from the model once, so that the
/// page's record of what it was made from and its context are made from
/// the same values.
struct PageInputs<'a> {
    doc: &'a PageDoc,
    /// The pages before and after it in its section's list.
    prev: Option<&'a PageDoc>,
    next: Option<&'a PageDoc>,
    backlinks: Option<&'a Group<BackRef>>,
    /// The terms mentioned on it (display numbers).
    terms_on: Option<&'a [usize]>,
    /// The source a summary summarises.
    source: Option<&'a Source>,
    /// The sources its notes cite, each once.
    cited: Vec<&'a Source>,
}

impl<'a> PageInputs<'a> {
    /// `neighbours`: its section's list and its place in it; `found`: its
    /// backlinks and the terms on it.
    fn of(
        base: &Base<'a>,
        doc: &'a PageDoc,
        neighbours: Option<(&[usize], usize)>,
        found: (Option<&'a Group<BackRef>>, Option<&'a [usize]>),
    ) -> PageInputs<'a> {
        let model = base.model;
        let (prev, next) = match neighbours {
            Some((list, i)) => (
                i.checked_sub(1).map(|n| &model.pages[list[n]]),
                list.get(i + 1).map(|&n| &model.pages[n]),
            ),
            None => (None, None),
        };
        PageInputs {
            doc,
            prev,
            next,
            backlinks: found.0,
            terms_on: found.1,
            source: doc
                .page
                .meta
                .source
                .as_ref()
                .and_then(|slug| model.source(slug.get_ref())),
            cited: base.cited(&doc.body),
        }
    }

    /// The page's record of what it was made from: its file and its
    /// rendered Markdown by address, the rest by hash, with `global`.
    fn reads(&self, global: u64) -> Reads {
        let link = |d: Option<&'a PageDoc>| d.map(|d| (d.page.meta.title.as_str(), d.out.as_str()));
        let cited: Vec<u64> = self.cited.iter().map(|s| s.fingerprint()).collect();
        let hash = crate::fingerprint::of(&(
            global,
            &self.doc.out,
            link(self.prev),
            link(self.next),
            self.backlinks,
            self.terms_on,
            self.source.map(|s| s.fingerprint()),
            cited,
        ));
        let page: Arc<dyn Send + Sync> = self.doc.page.clone();
        let body: Arc<dyn Send + Sync> = self.doc.body.clone();
        Reads::new(vec![page, body], hash)
    }
}

/// A content page. In `serve`, it records what it was made from, and a
/// page that read the same values in the last build is known unchanged
/// without its context (the home page, which shows the latest events and
/// counts, is hashed in full).
fn page_job(base: &Base<'_>, p: PageInputs<'_>) -> Job {
    let doc = p.doc;
    let home = doc.page.dir.is_empty();
    let reads = (base.records() && !home).then(|| p.reads(base.global));
    let known = reads.as_ref().and_then(|r| base.known(&doc.out, r));
    Job {
        path: doc.out.clone(),
        template: if home { "home.html" } else { "page.html" },
        title: doc.page.meta.title.clone(),
        kind: doc.kind(),
        context: match known {
            Some(key) => Ctx::known(key),
            None => page_context(base, &p, home),
        },
        // A known page's record is the one kept.
        reads: if known.is_some() { None } else { reads },
    }
}

/// A content page's context, from its inputs.
fn page_context(base: &Base<'_>, p: &PageInputs<'_>, home: bool) -> Ctx {
    let doc = p.doc;
    let section_title = section_title(&doc.page.section, base.ui);
    let section_target = urls::page_path(&doc.page.section);
    let crumbs: Vec<(&str, &str)> = if doc.page.section.is_empty() {
        vec![]
    } else {
        vec![(section_title.as_str(), section_target.as_str())]
    };
    let mut ctx = base.context(&doc.out, &doc.page.meta.title, doc.kind(), &crumbs);
    page_fields(base, &mut ctx, p);
    // Made only if the page is rendered, from the titles and paths.
    let mut neighbour = |key: &str, n: Option<&PageDoc>| {
        if let Some(n) = n {
            let inputs = (doc.out.as_str(), n.page.meta.title.as_str(), n.out.as_str());
            insert_made(&mut ctx, key, inputs, |(from, title, to)| Link {
                title: title.to_string(),
                href: urls::relative(from, to),
            });
        }
    };
    neighbour("prev", p.prev);
    neighbour("next", p.next);
    if home {
        home_fields(base, &mut ctx, &doc.out);
    }
    ctx
}

/// What the home page shows besides its text: the latest events and counts.
fn home_fields(base: &Base<'_>, ctx: &mut Ctx, path: &str) {
    let latest: Vec<EventInputs> = (0..base.model.events.len())
        .rev()
        .take(6)
        .map(|i| base.event(path, i))
        .collect();
    insert_made(ctx, "latest_events", latest, EventInputs::all_made);
    insert(ctx, "counts", &Counts::of(base.model));
}

/// The home page of a site whose content has none.
fn home_without_page(base: &Base<'_>) -> Job {
    let title = &base.config.title;
    let mut ctx = base.context(urls::HOME, title, PageKind::Home, &[]);
    insert(&mut ctx, "body", "");
    home_fields(base, &mut ctx, urls::HOME);
    Job {
        path: urls::HOME.into(),
        template: "home.html",
        title: title.clone(),
        kind: PageKind::Home,
        context: ctx,
        reads: None,
    }
}

/// Each section's list, introduced by its `_index.md` when it has one.
fn section_jobs<T: Send>(base: &Base<'_>, jobs: &mut Jobs<'_, T>) {
    for (sec, list) in &base.model.sections {
        let out = urls::page_path(sec);
        if !base.wants(&out) {
            continue;
        }
        let intro = base
            .model
            .pages
            .iter()
            .find(|p| p.is_section_index && p.page.section == *sec);
        let title = intro.map_or_else(
            || section_title(sec, base.ui),
            |p| p.page.meta.title.clone(),
        );
        let mut ctx = base.context(&out, &title, PageKind::Section, &[]);
        if let Some(p) = intro {
            let found = (
                base.model.backlinks.linked_from.get(p.out.as_str()),
                base.terms_on(&p.out),
            );
            page_fields(base, &mut ctx, &PageInputs::of(base, p, None, found));
        }
        // Made only if the page is rendered, from each page's fields.
        let items: Vec<ListInputs> = list
            .iter()
            .map(|&p| ListInputs::of(&base.model.pages[p]))
            .collect();
        insert_made(
            &mut ctx,
            "items",
            (out.as_str(), items, base.ui),
            |(from, items, ui)| items.iter().map(|i| i.made(from, ui)).collect::<Vec<_>>(),
        );
        jobs.push(Job {
            path: out,
            template: "section.html",
            title,
            kind: PageKind::Section,
            context: ctx,
            reads: None,
        });
    }
}

#[derive(Serialize, Hash)]
struct Counts {
    sources: usize,
    events: usize,
    terms: usize,
    briefs: usize,
}

impl Counts {
    fn of(m: &Model) -> Counts {
        Counts {
            sources: m.sources.len(),
            events: m.events.len(),
            terms: m.terms.len(),
            briefs: m
                .pages
                .iter()
                .filter(|p| p.kind() == PageKind::Brief)
                .count(),
        }
    }
}

/// A page as listed in its section: what its item is made from.
#[derive(Hash)]
struct ListInputs<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    out: &'a str,
    date: Option<PartialDate>,
}

#[derive(Serialize)]
struct ListItem {
    title: String,
    summary: String,
    href: String,
    date: String,
}

impl<'a> ListInputs<'a> {
    fn of(p: &'a PageDoc) -> ListInputs<'a> {
        ListInputs {
            title: &p.page.meta.title,
            summary: p.page.meta.summary.as_deref(),
            out: &p.out,
            date: p.page.date,
        }
    }

    /// The item as listed on page `from`.
    fn made(&self, from: &str, ui: &crate::i18n::Ui) -> ListItem {
        ListItem {
            title: self.title.to_string(),
            summary: self.summary.unwrap_or_default().to_string(),
            href: urls::relative(from, self.out),
            date: self.date.map(|d| ui.date(&d)).unwrap_or_default(),
        }
    }
}

/// The fields of a content page (or a section's introduction) made from
/// its inputs.
fn page_fields(base: &Base<'_>, ctx: &mut Ctx, inputs: &PageInputs<'_>) {
    let p = inputs.doc;
    insert(ctx, "body", &RenderedHtml(&p.body));
    // The highlighting stylesheet is linked only from pages with code.
    insert(ctx, "has_code", &p.body.has_code());
    let page = (&base.site, p.page.meta.title.as_str(), p.out.as_str());
    insert_made(ctx, "cite", page, |(site, title, out)| {
        super::values::cite(site, title, out)
    });
    insert(
        ctx,
        "summary",
        p.page.meta.summary.as_deref().unwrap_or_default(),
    );
    insert_made(ctx, "date", (p.page.date, base.ui), |(date, ui)| {
        date.map(|d| (d.iso(), ui.date(&d)))
    });
    insert(
        ctx,
        "toc",
        &p.body
            .toc
            .iter()
            .filter(|t| t.level == 2 || t.level == 3)
            .collect::<Vec<_>>(),
    );
    base.insert_notes(ctx, &p.body, "", &p.out, &inputs.cited);
    // Tags, backlinks and cited sources are made only for pages that are
    // rendered, from the model values they come from.
    let out = p.out.as_str();
    insert_made(ctx, "tags", (out, &p.page.tags[..]), |(out, tags)| {
        tag_links(out, tags)
    });
    insert_made(ctx, "backlinks", (out, inputs.backlinks), |(out, back)| {
        back.map(|v| v.iter().map(|r| back_ctx(out, r)).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    base.insert_terms(ctx, &p.out, inputs.terms_on);
    if let Some(s) = inputs.source {
        let inputs = (p.out.as_str(), s.display_title(), s.slug.as_str());
        insert_made(ctx, "source", inputs, |(from, title, slug)| Link {
            title: title.to_string(),
            href: urls::relative(from, &urls::source(slug)),
        });
    }
}
