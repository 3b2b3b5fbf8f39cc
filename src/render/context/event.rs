//! An event as shown on a page (the timeline, the home page, a source's or
//! a term's page, the print edition): [`EventInputs`], what its context is
//! made from, and [`EventInputs::made`], the context. A page puts its
//! events in with `insert_made`, so `serve` hashes the inputs of an event
//! (mostly borrowed) instead of making its context, and makes the context
//! only for a page that changed.

use super::values::{notes, EventCtx, Link};
use super::{Base, Citations, RenderedHtml};
use crate::date::PartialDate;
use crate::i18n::Ui;
use crate::model::EventDoc;
use crate::sources::Source;
use crate::urls;

/// What an event as shown on page `from` is made from, and nothing else:
/// [`EventInputs::made`] reads only this, so its hash stands for the
/// context.
#[derive(Hash)]
pub(super) struct EventInputs<'a> {
    from: &'a str,
    slug: &'a str,
    pub(super) date: PartialDate,
    approximate: bool,
    inferred: &'a str,
    title: &'a str,
    body: RenderedHtml<'a>,
    citations: Citations<'a>,
    tags: &'a [String],
    /// Id and name of each actor.
    actors: Vec<(&'a str, &'a str)>,
    /// Slug and title of each source it cites.
    sources: Vec<(&'a str, &'a str)>,
    /// The ids of the events it is said to follow, as written.
    after_ids: Vec<&'a str>,
    /// Slug and title of each event it follows.
    after: Vec<(&'a str, &'a str)>,
    pub(super) ui: &'a Ui,
}

impl<'a> Base<'a> {
    /// The inputs of event `e` as shown on page `from`.
    pub(super) fn event(&self, from: &'a str, e: &'a EventDoc) -> EventInputs<'a> {
        let m = self.model;
        EventInputs {
            from,
            slug: &e.event.slug,
            date: e.event.date,
            approximate: e.event.meta.approximate,
            inferred: &e.event.meta.inferred,
            title: &e.event.meta.title,
            body: RenderedHtml(&e.body),
            citations: Citations(&e.body),
            tags: &e.event.tags,
            actors: e
                .actors
                .iter()
                .map(|&a| (m.terms[a].id.as_str(), m.terms[a].name.as_str()))
                .collect(),
            sources: e
                .sources
                .iter()
                .map(|s| {
                    let title = m.source(s).map_or(s.as_str(), Source::display_title);
                    (s.as_str(), title)
                })
                .collect(),
            after_ids: e.event.after.iter().map(|(id, _)| id.as_str()).collect(),
            after: e
                .after
                .iter()
                .map(|&i| &m.events[i].event)
                .map(|x| (x.slug.as_str(), x.meta.title.as_str()))
                .collect(),
            ui: self.ui,
        }
    }
}

impl<'a> EventInputs<'a> {
    /// The event's context.
    pub(super) fn made(self) -> EventCtx<'a> {
        let from = self.from;
        let link = |title: &str, to: &str| Link {
            title: title.to_string(),
            href: urls::relative(from, to),
        };
        EventCtx {
            id: self.slug.to_string(),
            iso: self.date.datetime(),
            display: self.ui.event_date(&self.date, self.approximate),
            inferred: self.inferred.to_string(),
            title: self.title.to_string(),
            body: self.body,
            href: urls::relative(from, &urls::event(self.slug)),
            tags: self.tags.iter().map(|t| link(t, &urls::tag(t))).collect(),
            actors: self
                .actors
                .iter()
                .map(|(id, name)| link(name, &urls::term(id)))
                .collect(),
            sources: self
                .sources
                .iter()
                .map(|(slug, title)| link(title, &urls::source(slug)))
                .collect(),
            notes: notes(&self.citations.0.citations, &format!("{}-", self.slug)),
            data_tags: self.tags.join(" "),
            data_actors: firsts(&self.actors),
            data_sources: firsts(&self.sources),
            data_after: self.after_ids.join(" "),
            after: self
                .after
                .iter()
                .map(|(slug, title)| link(title, &urls::event(slug)))
                .collect(),
        }
    }

    /// The contexts of `events`.
    pub(super) fn all_made(events: Vec<EventInputs<'a>>) -> Vec<EventCtx<'a>> {
        events.into_iter().map(EventInputs::made).collect()
    }
}

/// The first of each pair (ids, slugs), separated by spaces.
fn firsts(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(a, _)| *a).collect::<Vec<_>>().join(" ")
}
