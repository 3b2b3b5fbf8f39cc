//! The print edition: home, every brief (up to a limit), the timeline and
//! the source list on one page.

use serde::Serialize;

use super::values::{notes, EventCtx, Link, Note};
use super::{insert, Base, Jobs, RenderedHtml};
use crate::model::PageKind;
use crate::render::Job;
use crate::urls;

#[derive(Serialize, Hash)]
struct PrintCtx<'a> {
    title: String,
    anchor: String,
    body: RenderedHtml<'a>,
    notes: Vec<Note>,
}

/// The print edition: home, every brief, the timeline and the source list on one page.
pub(super) fn print_job<'a, T: Send>(base: &Base<'a>, jobs: &mut Jobs<'_, T>) {
    let m = base.model;
    let path = urls::PRINT;
    if !base.wants(path) {
        return;
    }
    let title = base.ui.text("title.print", &[]);
    let mut ctx = base.context(path, &title, PageKind::Print, &[]);
    let sections: Vec<PrintCtx> = m
        .print
        .iter()
        .map(|s| PrintCtx {
            title: s.title.clone(),
            anchor: s.prefix.trim_end_matches('-').to_string(),
            body: RenderedHtml(&s.body),
            notes: notes(&s.body.citations, &s.prefix),
        })
        .collect();
    let events: Vec<EventCtx> = m.events.iter().map(|e| base.event(path, e)).collect();
    let sources: Vec<Link> = m
        .sources
        .iter()
        .map(|s| Link {
            title: s.display_title().to_string(),
            href: urls::relative(path, &urls::source(&s.slug)),
        })
        .collect();
    insert(&mut ctx, "sections", &sections);
    insert(&mut ctx, "omitted_briefs", &m.print_omitted);
    insert(&mut ctx, "events", &events);
    insert(&mut ctx, "sources", &sources);
    jobs.push(Job {
        path: path.into(),
        template: "print.html",
        title,
        kind: PageKind::Print,
        context: ctx,
    });
}
