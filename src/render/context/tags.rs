//! The list of tags and each tag's page.

use std::collections::HashMap;

use super::values::{back_ctx, BackCtx, FilterOption};
use super::{insert, insert_made, Base, Jobs};
use crate::date::PartialDate;
use crate::i18n::Ui;
use crate::model::{BackRef, EventDoc, PageKind};
use crate::render::Job;
use crate::urls;

pub(super) fn tags_jobs<'a, T: Send>(base: &Base<'a>, jobs: &mut Jobs<'_, T>) {
    let m = base.model;
    let index = urls::TAGS;
    if base.wants(index) {
        let items: Vec<FilterOption> = m
            .tags
            .parts()
            .map(|(t, pages, events)| FilterOption {
                value: urls::relative(index, &urls::tag(t)),
                label: t.to_string(),
                count: pages.map_or(0, |g| g.len()) + events.len(),
            })
            .collect();
        let title = base.ui.text("title.tags", &[]);
        let mut ctx = base.context(index, &title, PageKind::Tags, &[]);
        insert(&mut ctx, "items", &items);
        jobs.push(Job {
            path: index.into(),
            template: "tags.html",
            title,
            kind: PageKind::Tags,
            context: ctx,
            reads: None,
        });
    }
    // An event is listed with its date.
    let events: HashMap<String, &EventDoc> = m.events.iter().map(|e| (e.target(), e)).collect();
    let crumb = base.ui.text("nav.tags", &[]);
    for (t, pages, events_of) in m.tags.parts() {
        let path = urls::tag(t);
        if !base.wants(&path) {
            continue;
        }
        let title = base.ui.text("title.tag", &[("tag", t)]);
        let mut ctx = base.context(&path, &title, PageKind::Tag, &[(crumb.as_str(), index)]);
        // Made only if the page is rendered: the pages as a group (which
        // hashes as the hash it keeps), the events with their dates.
        let dated: Vec<(&BackRef, Option<(PartialDate, bool)>)> = events_of
            .iter()
            .map(|r| {
                let date = events
                    .get(&r.target)
                    .map(|e| (e.event.date, e.event.meta.approximate));
                (r, date)
            })
            .collect();
        insert_made(
            &mut ctx,
            "items",
            (path.as_str(), pages, dated, base.ui),
            |(path, pages, dated, ui)| {
                let pages = pages.iter().flat_map(|g| g.iter()).map(|r| (r, None));
                let items: Vec<_> = pages.chain(dated).collect();
                tag_items(path, &items, ui)
            },
        );
        insert(&mut ctx, "tag", t);
        jobs.push(Job {
            path,
            template: "tag.html",
            title,
            kind: PageKind::Tag,
            context: ctx,
            reads: None,
        });
    }
}

/// The pages and events carrying a tag, as listed on its page `path`: an
/// event (`Some` date and whether it is approximate) with its date.
fn tag_items(
    path: &str,
    items: &[(&BackRef, Option<(PartialDate, bool)>)],
    ui: &Ui,
) -> Vec<BackCtx> {
    items
        .iter()
        .map(|&(r, date)| {
            let mut item = back_ctx(path, r);
            if let Some((date, approximate)) = date {
                let date = ui.event_date(&date, approximate);
                item.title = ui.text("tags.event", &[("date", &date), ("title", &r.title)]);
            }
            item
        })
        .collect()
}
