//! Content pages (in parallel, each with its neighbours in its section),
//! the home page when no content page is one, and each section's list.

use rayon::prelude::*;
use serde::Serialize;

use super::event::EventInputs;
use super::values::{back_ctx, section_title, tag_links, Link};
use super::{insert, insert_made, Base, Ctx, Jobs, RenderedHtml};
use crate::model::{Model, PageDoc, PageKind};
use crate::render::Job;
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
    let finish = jobs.finish;
    let pages: Vec<T> = model
        .pages
        .par_iter()
        .zip(place.par_iter())
        .filter(|(p, _)| !p.is_section_index && base.wants(&p.out))
        .map(|(p, &place)| finish(page_job(base, p, place)))
        .collect();
    jobs.done.extend(pages);
    if !model.pages.iter().any(|p| p.page.dir.is_empty()) && base.wants(urls::HOME) {
        jobs.push(home_without_page(base));
    }
    section_jobs(base, jobs);
}

/// A content page; `neighbours`: its section's list and its place in it.
fn page_job(base: &Base<'_>, p: &PageDoc, neighbours: Option<(&[usize], usize)>) -> Job {
    let home = p.page.dir.is_empty();
    let section_title = section_title(&p.page.section, base.ui);
    let section_target = urls::page_path(&p.page.section);
    let crumbs: Vec<(&str, &str)> = if p.page.section.is_empty() {
        vec![]
    } else {
        vec![(section_title.as_str(), section_target.as_str())]
    };
    let mut ctx = base.context(&p.out, &p.page.meta.title, p.kind(), &crumbs);
    page_fields(base, &mut ctx, p);
    if let Some((list, i)) = neighbours {
        // Made only if the page is rendered, from the titles and paths.
        let mut neighbour = |key: &str, n: usize| {
            let n = &base.model.pages[n];
            let inputs = (p.out.as_str(), n.page.meta.title.as_str(), n.out.as_str());
            insert_made(&mut ctx, key, inputs, |(from, title, to)| Link {
                title: title.to_string(),
                href: urls::relative(from, to),
            });
        };
        if i > 0 {
            neighbour("prev", list[i - 1]);
        }
        if let Some(&n) = list.get(i + 1) {
            neighbour("next", n);
        }
    }
    if home {
        home_fields(base, &mut ctx, &p.out);
    }
    Job {
        path: p.out.clone(),
        template: if home { "home.html" } else { "page.html" },
        title: p.page.meta.title.clone(),
        kind: p.kind(),
        context: ctx,
    }
}

/// What the home page shows besides its text: the latest events and counts.
fn home_fields(base: &Base<'_>, ctx: &mut Ctx, path: &str) {
    let latest: Vec<EventInputs> = base
        .model
        .events
        .iter()
        .rev()
        .take(6)
        .map(|e| base.event(path, e))
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
            page_fields(base, &mut ctx, p);
        }
        let items: Vec<ListItem> = list
            .iter()
            .map(|&p| ListItem::of(&out, &base.model.pages[p], base.ui))
            .collect();
        insert(&mut ctx, "items", &items);
        jobs.push(Job {
            path: out,
            template: "section.html",
            title,
            kind: PageKind::Section,
            context: ctx,
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

#[derive(Serialize, Hash)]
struct ListItem {
    title: String,
    summary: String,
    href: String,
    date: String,
}

impl ListItem {
    fn of(from: &str, p: &PageDoc, ui: &crate::i18n::Ui) -> ListItem {
        ListItem {
            title: p.page.meta.title.clone(),
            summary: p.page.meta.summary.clone().unwrap_or_default(),
            href: urls::relative(from, &p.out),
            date: p.page.date.map(|d| ui.date(&d)).unwrap_or_default(),
        }
    }
}

pub(super) fn page_fields<'a>(base: &Base<'a>, ctx: &mut Ctx, p: &'a PageDoc) {
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
    base.insert_notes(ctx, &p.body, "", &p.out);
    // Tags, backlinks and cited sources are made only for pages that are
    // rendered, from the model values they come from.
    let out = p.out.as_str();
    insert_made(ctx, "tags", (out, &p.page.tags[..]), |(out, tags)| {
        tag_links(out, tags)
    });
    let back = base.model.backlinks.linked_from.get(out);
    insert_made(ctx, "backlinks", (out, back), |(out, back)| {
        back.map(|v| v.iter().map(|r| back_ctx(out, r)).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    base.insert_terms_on(ctx, &p.out, &p.out);
    if let Some(slug) = &p.page.meta.source {
        if let Some(s) = base.model.source(slug.get_ref()) {
            let inputs = (p.out.as_str(), s.display_title(), s.slug.as_str());
            insert_made(ctx, "source", inputs, |(from, title, slug)| Link {
                title: title.to_string(),
                href: urls::relative(from, &urls::source(slug)),
            });
        }
    }
}
