//! An event as shown on a page (the timeline, the home page, a source's or
//! a term's page, the print edition): [`EventInputs`], what its context is
//! made from, and [`EventInputs::made`], the context. The fields of every
//! event are gathered and hashed once per build; a page puts its events in
//! with `insert_made`, so `serve` hashes the page's path and each event's
//! hash instead of making its context, and makes the context only for a
//! page that changed.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::values::{notes, EventCtx, Link};
use super::{Base, Citations, RenderedHtml};
use crate::date::PartialDate;
use crate::i18n::Ui;
use crate::model::{EventDoc, Model};
use crate::sources::Source;
use crate::urls;

/// What an event as shown on any page is made from, besides the page:
/// made once per build for every event ([`Base::event_fields`]), and
/// hashed then.
#[derive(Hash)]
pub(super) struct EventFields<'a> {
    slug: &'a str,
    date: PartialDate,
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
    ui: &'a Ui,
}

/// What an event as shown on page `from` is made from, and nothing else:
/// [`EventInputs::made`] reads only this, so its hash (the page's path and
/// the hash of the event's fields) stands for the context.
#[derive(Clone, Copy)]
pub(super) struct EventInputs<'a> {
    from: &'a str,
    fields: &'a EventFields<'a>,
    key: u64,
}

impl Hash for EventInputs<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.from.hash(state);
        self.key.hash(state);
    }
}

/// Every event's fields, with their hash, in timeline order.
pub(super) type Events<'a> = Vec<(EventFields<'a>, u64)>;

impl<'a> Base<'a> {
    /// The fields of every event, each with its hash (0 when `hashed` is
    /// false: contexts not hashed), in timeline order.
    pub(super) fn event_fields(model: &'a Model, ui: &'a Ui, hashed: bool) -> Events<'a> {
        model
            .events
            .par_iter()
            .map(|e| {
                let fields = EventFields::of(model, ui, e);
                let key = if hashed {
                    crate::fingerprint::of(&fields)
                } else {
                    0
                };
                (fields, key)
            })
            .collect()
    }

    /// The inputs of event `i` (in timeline order) as shown on page `from`.
    pub(super) fn event<'b>(&'b self, from: &'b str, i: usize) -> EventInputs<'b> {
        let (fields, key) = &self.events[i];
        EventInputs {
            from,
            fields,
            key: *key,
        }
    }
}

impl<'a> EventFields<'a> {
    fn of(m: &'a Model, ui: &'a Ui, e: &'a EventDoc) -> EventFields<'a> {
        EventFields {
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
            ui,
        }
    }
}

impl<'a> EventInputs<'a> {
    /// The event's date.
    pub(super) fn date(&self) -> PartialDate {
        self.fields.date
    }

    /// The words of the site's language.
    pub(super) fn ui(&self) -> &'a Ui {
        self.fields.ui
    }

    /// The event's context.
    pub(super) fn made(self) -> EventCtx<'a> {
        let from = self.from;
        let f = self.fields;
        let link = |title: &str, to: &str| Link {
            title: title.to_string(),
            href: urls::relative(from, to),
        };
        EventCtx {
            id: f.slug.to_string(),
            iso: f.date.datetime(),
            display: f.ui.event_date(&f.date, f.approximate),
            inferred: f.inferred.to_string(),
            title: f.title.to_string(),
            body: RenderedHtml(f.body.0),
            href: urls::relative(from, &urls::event(f.slug)),
            tags: f.tags.iter().map(|t| link(t, &urls::tag(t))).collect(),
            actors: f
                .actors
                .iter()
                .map(|(id, name)| link(name, &urls::term(id)))
                .collect(),
            sources: f
                .sources
                .iter()
                .map(|(slug, title)| link(title, &urls::source(slug)))
                .collect(),
            notes: notes(&f.citations.0.citations, &format!("{}-", f.slug)),
            data_tags: f.tags.join(" "),
            data_actors: firsts(&f.actors),
            data_sources: firsts(&f.sources),
            data_after: f.after_ids.join(" "),
            after: f
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
