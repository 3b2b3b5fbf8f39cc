//! The list of tags and each tag's page.

use super::values::{back_ctx, BackCtx, FilterOption};
use super::{insert, Base, Jobs};
use crate::model::PageKind;
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
        let mut ctx = base.context(index, "Tags", PageKind::Tags, &[]);
        insert(&mut ctx, "items", &items);
        jobs.push(Job {
            path: index.into(),
            template: "tags.html",
            title: "Tags".into(),
            kind: PageKind::Tags,
            context: ctx,
        });
    }
    for (t, refs) in &m.tags {
        let path = urls::tag(t);
        if !base.wants(&path) {
            continue;
        }
        let mut ctx = base.context(
            &path,
            &format!("Tag: {t}"),
            PageKind::Tag,
            &[("Tags", index)],
        );
        let items: Vec<BackCtx> = refs.iter().map(|r| back_ctx(&path, r)).collect();
        insert(&mut ctx, "tag", t);
        insert(&mut ctx, "items", &items);
        jobs.push(Job {
            path,
            template: "tag.html",
            title: format!("Tag: {t}"),
            kind: PageKind::Tag,
            context: ctx,
        });
    }
}
