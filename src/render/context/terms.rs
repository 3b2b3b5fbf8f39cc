//! The term index (terms by kind) and each term's page (in parallel): its
//! definition, its mentions grouped by page, and its events.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::event::EventInputs;
use super::{insert, insert_made, Base, Jobs};
use crate::fingerprint::Hashed;
use crate::model::{Mention, PageKind, TermDoc};
use crate::render::Job;
use crate::urls;

#[derive(Serialize, Hash)]
struct TermItem {
    id: String,
    name: String,
    original: String,
    original_lang: String,
    href: String,
    definition: String,
    mentions: usize,
}

#[derive(Serialize, Hash)]
struct KindGroup {
    kind: String,
    label: String,
    terms: Vec<TermItem>,
}

#[derive(Serialize, Hash)]
struct MentionGroup {
    title: String,
    href: String,
    kind: PageKind,
    snippets: Vec<SnippetCtx>,
}

#[derive(Serialize, Hash)]
struct SnippetCtx {
    before: String,
    hit: String,
    after: String,
    href: String,
}

pub(super) fn terms_jobs<'a, T: Send>(base: &Base<'a>, jobs: &mut Jobs<'_, T>) {
    if base.wants(urls::TERMS) {
        terms_index_job(base, jobs);
    }
    // One page per term, in parallel.
    let finish = jobs.finish;
    let pages: Vec<T> = base
        .model
        .terms
        .par_iter()
        .filter(|t| base.wants(&urls::term(&t.id)))
        .map(|t| finish(term_job(base, t)))
        .collect();
    jobs.done.extend(pages);
}

fn terms_index_job<'a, T: Send>(base: &Base<'a>, jobs: &mut Jobs<'_, T>) {
    let m = base.model;
    let index = urls::TERMS;
    // Grouped by kind, in the order the site lists its kinds.
    let kinds = &base.config.term_kinds;
    let mut groups: BTreeMap<(usize, &str), Vec<TermItem>> = BTreeMap::new();
    for t in &m.terms {
        let key = (kinds.rank(&t.kind), t.kind.as_str());
        groups.entry(key).or_default().push(TermItem {
            id: t.id.clone(),
            name: t.name.clone(),
            original: t.original.clone(),
            original_lang: t.original_language.clone(),
            href: urls::relative(index, &urls::term(&t.id)),
            definition: t.def_index.html.clone(),
            mentions: t.mention_count,
        });
    }
    let groups: Vec<KindGroup> = groups
        .into_iter()
        .map(|((_, k), terms)| KindGroup {
            kind: k.to_string(),
            label: heading(base, k),
            terms,
        })
        .collect();
    let title = base.ui.text("title.terms", &[]);
    let mut ctx = base.context(index, &title, PageKind::Terms, &[]);
    insert(&mut ctx, "groups", &groups);
    jobs.push(Job {
        path: index.into(),
        template: "terms.html",
        title,
        kind: PageKind::Terms,
        context: ctx,
        reads: None,
    });
}

/// A term's mentions grouped by page (pages first, then events and
/// sources), as seen from the term's page `path`.
fn mention_groups(path: &str, mentions: &[Arc<Hashed<Mention>>]) -> Vec<MentionGroup> {
    let mut by_page: Vec<MentionGroup> = Vec::new();
    let mut pos: BTreeMap<&str, usize> = BTreeMap::new();
    for mention in mentions {
        let page = mention.page.target.split('#').next().unwrap_or("");
        let i = *pos.entry(page).or_insert_with(|| {
            by_page.push(MentionGroup {
                title: mention.page.title.clone(),
                href: urls::relative(path, page),
                kind: mention.page.kind,
                snippets: Vec::new(),
            });
            by_page.len() - 1
        });
        if by_page[i].snippets.len() < crate::model::MENTION_SNIPPETS {
            by_page[i].snippets.push(SnippetCtx {
                before: mention.before.clone(),
                hit: mention.hit.clone(),
                after: mention.after.clone(),
                href: urls::relative(path, &mention.page.target),
            });
        }
    }
    by_page.sort_by(|a, b| {
        kind_rank(a.kind)
            .cmp(&kind_rank(b.kind))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.href.cmp(&b.href))
    });
    by_page
}

fn term_job<'a>(base: &Base<'a>, t: &'a TermDoc) -> Job {
    let index = urls::TERMS;
    let path = urls::term(&t.id);
    let crumb = base.ui.text("nav.terms", &[]);
    let mut ctx = base.context(&path, &t.name, PageKind::Term, &[(crumb.as_str(), index)]);
    insert(&mut ctx, "original", &t.original);
    insert(&mut ctx, "original_lang", &t.original_language);
    insert(&mut ctx, "kind_label", &heading(base, &t.kind));
    insert(&mut ctx, "aliases", &t.aliases);
    insert(&mut ctx, "definition", &t.def_page.html);
    let page = (&base.site, t.name.as_str(), path.as_str());
    insert_made(&mut ctx, "cite", page, |(site, name, path)| {
        super::values::cite(site, name, path)
    });
    let cited = base.cited(&t.def_page);
    base.insert_notes(
        &mut ctx,
        &t.def_page,
        &format!("{}-def-", t.id),
        &path,
        &cited,
    );
    // The mentions are the bulk of a term page: made only if they changed.
    insert_made(&mut ctx, "mentions_shown", &t.mentions[..], |mentions| {
        let shown: BTreeSet<&str> = mentions
            .iter()
            .map(|m| m.page.target.split('#').next().unwrap_or(""))
            .collect();
        shown.len()
    });
    insert_made(
        &mut ctx,
        "mentions",
        (path.as_str(), &t.mentions[..]),
        |(path, mentions)| mention_groups(path, mentions),
    );
    insert(&mut ctx, "mention_count", &t.mention_count);
    insert(&mut ctx, "mention_pages", &t.mention_pages);
    let events: Vec<EventInputs> = t.events.iter().map(|&i| base.event(&path, i)).collect();
    insert_made(&mut ctx, "events", events, EventInputs::all_made);
    Job {
        path,
        template: "term.html",
        title: t.name.clone(),
        kind: PageKind::Term,
        context: ctx,
        reads: None,
    }
}

fn kind_rank(kind: PageKind) -> u8 {
    match kind {
        PageKind::Brief => 0,
        PageKind::Summary => 1,
        PageKind::Home | PageKind::Page => 2,
        PageKind::Event => 3,
        PageKind::Source => 4,
        _ => 5,
    }
}

/// The heading of a kind of term: the site's, or the language file's
/// (a kind without either is an error before rendering).
fn heading(base: &Base<'_>, kind: &str) -> String {
    crate::content::kind_heading(&base.config.term_kinds, base.ui, kind)
        .unwrap_or_else(|| kind.to_string())
}
