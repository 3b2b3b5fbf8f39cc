//! The list of tags and each tag's page.

use std::collections::HashMap;

use super::values::{back_ctx, BackCtx, FilterOption};
use super::{insert, Base, Jobs};
use crate::model::{EventDoc, PageKind};
use crate::render::Job;
use crate::urls;

pub(super) fn tags_jobs<'a, T: Send>(base: &Base<'a>, jobs: &mut Jobs<'_, T>) {
    let m = base.model;
    let index = urls::TAGS;
    if base.wants(index) {
        let items: Vec<FilterOption> = m
            .tags
            .iter()
            .map(|(t, v)| FilterOption {
                value: urls::relative(index, &urls::tag(t)),
                label: t.clone(),
                count: v.len(),
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
        });
    }
    // An event is listed with its date.
    let events: HashMap<String, &EventDoc> = m.events.iter().map(|e| (e.target(), e)).collect();
    let crumb = base.ui.text("nav.tags", &[]);
    for (t, refs) in &m.tags {
        let path = urls::tag(t);
        if !base.wants(&path) {
            continue;
        }
        let title = base.ui.text("title.tag", &[("tag", t)]);
        let mut ctx = base.context(&path, &title, PageKind::Tag, &[(crumb.as_str(), index)]);
        let items: Vec<BackCtx> = refs
            .iter()
            .map(|r| {
                let mut item = back_ctx(&path, r);
                if let Some(e) = events.get(&r.target) {
                    let date = base.ui.event_date(&e.event.date, e.event.meta.approximate);
                    item.title = base
                        .ui
                        .text("tags.event", &[("date", &date), ("title", &r.title)]);
                }
                item
            })
            .collect();
        insert(&mut ctx, "tag", t);
        insert(&mut ctx, "items", &items);
        jobs.push(Job {
            path,
            template: "tag.html",
            title,
            kind: PageKind::Tag,
            context: ctx,
        });
    }
}
