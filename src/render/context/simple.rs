//! The pages with no content of their own: search and not-found.

use super::{insert, Base, Jobs};
use crate::model::PageKind;
use crate::render::Job;
use crate::urls;

/// The search page (the search script fills it).
pub(super) fn search_job<T: Send>(base: &Base<'_>, jobs: &mut Jobs<'_, T>) {
    if !base.wants(urls::SEARCH) {
        return;
    }
    let title = base.ui.text("title.search", &[]);
    let ctx = base.context(urls::SEARCH, &title, PageKind::Search, &[]);
    jobs.push(Job {
        path: urls::SEARCH.into(),
        template: "search.html",
        title,
        kind: PageKind::Search,
        context: ctx,
        reads: None,
    });
}

/// The not-found page. Served at any depth by GitHub Pages: when the base
/// URL is known, links start from its path ("/briefing/index.html"), which
/// works on any host.
pub(super) fn not_found_job<T: Send>(base: &Base<'_>, jobs: &mut Jobs<'_, T>) {
    if !base.wants(urls::NOT_FOUND) {
        return;
    }
    let title = base.ui.text("title.not_found", &[]);
    let mut ctx = base.context(urls::NOT_FOUND, &title, PageKind::NotFound, &[]);
    let home_dir = base
        .config
        .base_url
        .as_deref()
        .map_or_else(String::new, base_path);
    insert(&mut ctx, "home", &format!("{home_dir}{}", urls::HOME));
    insert(&mut ctx, "home_dir", &home_dir);
    jobs.push(Job {
        path: urls::NOT_FOUND.into(),
        template: "404.html",
        title,
        kind: PageKind::NotFound,
        context: ctx,
        reads: None,
    });
}

/// The path of a base URL, ending in `/`: `https://x.org/briefing` → `/briefing/`.
fn base_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}
