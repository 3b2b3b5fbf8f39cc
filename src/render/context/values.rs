//! The small values the contexts of several kinds of page share: links,
//! navigation, notes, backlinks, events, and links to terms.

use std::collections::BTreeSet;

use serde::Serialize;

use super::RenderedHtml;
use crate::model::markdown::Citation;
use crate::model::terms::TermLabel;
use crate::model::{BackRef, PageKind};
use crate::urls;

#[derive(Serialize, Hash)]
pub(super) struct SiteCtx<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    /// The base URL ending in `/`, when known (for Open Graph URLs).
    pub(super) base_url: Option<String>,
}

#[derive(Serialize, Clone, Hash)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) href: String,
}

#[derive(Serialize, Hash)]
pub(super) struct NavItem {
    pub(super) title: &'static str,
    pub(super) href: String,
    pub(super) current: bool,
}

#[derive(Serialize, Hash)]
pub(super) struct Note {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) source_title: String,
    pub(super) href: String,
    pub(super) quote: String,
    pub(super) lang: &'static str,
}

#[derive(Serialize, Hash)]
pub(super) struct BackCtx {
    pub(super) title: String,
    pub(super) href: String,
    pub(super) kind: PageKind,
}

#[derive(Serialize, Hash)]
pub(super) struct EventCtx<'a> {
    pub(super) id: String,
    pub(super) iso: String,
    pub(super) display: String,
    pub(super) year: i32,
    pub(super) inferred: String,
    pub(super) title: String,
    /// Borrowed: an event's description is long, and on many pages.
    pub(super) body: RenderedHtml<'a>,
    pub(super) href: String,
    pub(super) tags: Vec<Link>,
    pub(super) actors: Vec<Link>,
    pub(super) sources: Vec<Link>,
    pub(super) notes: Vec<Note>,
    pub(super) data_tags: String,
    pub(super) data_actors: String,
    pub(super) data_sources: String,
}

#[derive(Serialize, Hash)]
pub(super) struct TermLink<'a> {
    pub(super) name: &'a str,
    pub(super) zh: &'a str,
    pub(super) href: String,
}

#[derive(Serialize, Hash)]
pub(super) struct FilterOption {
    pub(super) value: String,
    pub(super) label: String,
    pub(super) count: usize,
}

/// The site's navigation as seen from page `path`.
pub(super) fn nav(path: &str, has_briefs: bool) -> Vec<NavItem> {
    let section = path.split('/').next().unwrap_or("");
    let briefs = urls::page_path("briefs");
    let mut nav = vec![("Home", urls::HOME)];
    if has_briefs {
        nav.push(("Briefs", briefs.as_str()));
    }
    nav.extend([
        ("Timeline", urls::TIMELINE),
        ("Sources", urls::SOURCES),
        ("Index", urls::TERMS),
        ("Search", urls::SEARCH),
    ]);
    nav.into_iter()
        .map(|(t, target)| NavItem {
            title: t,
            href: urls::relative(path, target),
            current: target == path
                || (target != urls::HOME && target.starts_with(&format!("{section}/"))),
        })
        .collect()
}

/// The breadcrumbs of page `path`: home, then `crumbs` (title, target).
pub(super) fn breadcrumbs(path: &str, crumbs: &[(&str, &str)]) -> Vec<Link> {
    let mut bc = vec![Link {
        title: "Home".into(),
        href: urls::relative(path, urls::HOME),
    }];
    for (t, target) in crumbs {
        bc.push(Link {
            title: (*t).to_string(),
            href: urls::relative(path, target),
        });
    }
    bc
}

/// The notes of a page: its citations, with ids prefixed by `prefix`.
pub(super) fn notes(citations: &[Citation], prefix: &str) -> Vec<Note> {
    citations
        .iter()
        .map(|c| Note {
            n: c.n,
            id: format!("cite-{prefix}{}", c.n),
            source_title: c.source_title.clone(),
            href: c.href.clone(),
            quote: c.quote.clone(),
            lang: c.lang,
        })
        .collect()
}

/// A link back to where something is referred from, as seen from `from`.
pub(super) fn back_ctx(from: &str, r: &BackRef) -> BackCtx {
    BackCtx {
        title: r.title.clone(),
        href: urls::relative(from, &r.target),
        kind: r.kind,
    }
}

/// Links to the terms `set` (display numbers), from a page `root` deep.
pub(super) fn terms_on<'a>(
    root: &str,
    set: Option<&BTreeSet<usize>>,
    labels: &'a [TermLabel],
) -> Vec<TermLink<'a>> {
    set.map(|set| {
        set.iter()
            .map(|&i| {
                let t = &labels[i];
                TermLink {
                    name: &t.name,
                    zh: &t.zh,
                    href: format!("{root}{}", urls::term(&t.id)),
                }
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Links to tags, from page `out`.
pub(super) fn tag_links(out: &str, tags: &[String]) -> Vec<Link> {
    tags.iter()
        .map(|t| Link {
            title: t.clone(),
            href: urls::relative(out, &urls::tag(t)),
        })
        .collect()
}

pub(super) fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c)
            .collect::<String>()
            .replace(['-', '_'], " "),
        None => String::new(),
    }
}
