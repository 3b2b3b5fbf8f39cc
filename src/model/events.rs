//! Events and timeline. Takes the events and their rendered
//! descriptions, and the terms; gives the timeline: each event as an
//! [`EventDoc`] in chronological order, with the sources it cites and its
//! actors (glossary terms). An event without a citation, or with an actor
//! that is not a term, is an error. Each actor's term lists the event.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::markdown::Rendered;
use super::order;
use super::terms::TermDoc;
use crate::content::Event;
use crate::diag::{Cause, Diagnostic, Diagnostics, Span};

/// A timeline event with its rendered description.
pub struct EventDoc {
    pub event: Arc<Event>,
    pub body: Arc<Rendered>,
    /// Slugs of the sources it cites, sorted.
    pub sources: Vec<String>,
    /// Indices into `Model::terms` of its actors.
    pub actors: Vec<usize>,
    /// Indices into `Model::events` of the events it is said to follow
    /// (`after`; unknown ids are reported by [`timeline_order`]).
    pub after: Vec<usize>,
}

impl EventDoc {
    /// Root-relative link target: `timeline/index.html#<slug>`.
    pub fn target(&self) -> String {
        crate::urls::event(&self.event.slug)
    }
}

/// The events in timeline order: chronological, stable for equal dates
/// (then by file name), except that an event never comes before one it is
/// said to follow (`after`). An unknown `after`, one that the dates
/// contradict, or a cycle of them is an error naming the events; the
/// timeline is then in date order.
pub fn timeline_order(mut events: Vec<Arc<Event>>, diags: &mut Diagnostics) -> Vec<Arc<Event>> {
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.file.cmp(&b.file)));
    let index: BTreeMap<&str, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.slug.as_str(), i))
        .collect();
    let keys: Vec<String> = events
        .iter()
        .map(|e| e.file.display().to_string())
        .collect();
    let mut items: Vec<order::Item<'_>> = Vec::with_capacity(events.len());
    for (e, key) in events.iter().zip(&keys) {
        let mut after = Vec::new();
        for (id, span) in &e.after {
            match index.get(id.as_str()) {
                Some(&a) if events[a].slug == e.slug => diags.push(Diagnostic::at(
                    span.clone(),
                    format!("event `{id}` cannot come after itself"),
                )),
                Some(&a) => after.push(a),
                None => diags.push(Diagnostic::at(
                    span.clone(),
                    format!(
                        "`after`: no event `{id}`{}",
                        crate::suggest::did_you_mean(id, index.keys().copied())
                    ),
                )),
            }
        }
        items.push(order::Item {
            date: e.date,
            key,
            after,
        });
    }
    match order::order(&items) {
        Ok(ord) => {
            let mut slots: Vec<Option<Arc<Event>>> = events.into_iter().map(Some).collect();
            ord.into_iter().filter_map(|i| slots[i].take()).collect()
        }
        Err(problems) => {
            for p in problems {
                diags.push(order_problem(&events, &p));
            }
            events
        }
    }
}

/// The error for an `after` statement that cannot hold.
fn order_problem(events: &[Arc<Event>], p: &order::Problem) -> Diagnostic {
    let at = |e: &Event| {
        e.after
            .first()
            .map_or_else(|| Span::file(&e.file), |(_, s)| s.clone())
    };
    match p {
        order::Problem::Contradicts { event, after } => {
            let (b, a) = (&events[*event], &events[*after]);
            Diagnostic::at(
                at(b),
                format!(
                    "event `{}` ({}) is said to come after `{}` ({}), but its date is earlier",
                    b.slug,
                    b.date.iso(),
                    a.slug,
                    a.date.iso()
                ),
            )
        }
        order::Problem::Cycle(cycle) => {
            let names: Vec<&str> = cycle.iter().map(|&i| events[i].slug.as_str()).collect();
            let first = &events[cycle[0]];
            Diagnostic::at(
                at(first),
                format!(
                    "`after` statements go round in a circle: {} → {}",
                    names.join(" → "),
                    names[0]
                ),
            )
        }
    }
}

/// The events (in timeline order) with their descriptions, sources and actors.
pub fn docs(
    events: Vec<Arc<Event>>,
    bodies: Vec<Arc<Rendered>>,
    terms: &[TermDoc],
    diags: &mut Diagnostics,
) -> Vec<EventDoc> {
    let term_ix: BTreeMap<&str, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    // `events` are in timeline order, as `Model::events` will be.
    let event_ix: BTreeMap<&str, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.slug.as_str(), i))
        .collect();
    let after: Vec<Vec<usize>> = events
        .iter()
        .map(|e| {
            e.after
                .iter()
                .filter_map(|(id, _)| event_ix.get(id.as_str()).copied())
                .collect()
        })
        .collect();
    let mut docs: Vec<EventDoc> = Vec::with_capacity(events.len());
    for ((e, body), after) in events.into_iter().zip(bodies).zip(after) {
        // (An unfilled scaffold's citation is reported by the content stage.)
        let unfilled = e.body.contains(crate::content::placeholder::SLUG);
        if body.citations.is_empty() && !e.body.trim().is_empty() && !unfilled {
            // Its citations may have failed only because a source did.
            let cause = body.diagnostics.iter().find_map(|d| d.follows_from());
            let mut d = Diagnostic::at(
                Span::new(&e.file, e.body_line, 1),
                "an event needs at least one citation: [](source:<slug> \"quoted passage\")",
            );
            if let Some(c) = cause {
                d = d.follows(c.clone());
            }
            diags.push(d);
        }
        let mut actors = Vec::new();
        for a in &e.meta.actors {
            match term_ix.get(a.get_ref().as_str()) {
                Some(&i) => actors.push(i),
                None => diags.push(
                    Diagnostic::at(
                        Span::file(&e.file),
                        format!(
                            "actor `{}` is not a glossary term id{}",
                            a.get_ref(),
                            crate::suggest::did_you_mean(a.get_ref(), term_ix.keys().copied())
                        ),
                    )
                    .follows(Cause::Glossary),
                ),
            }
        }
        actors.sort_unstable();
        let sources: BTreeSet<String> = body.citations.iter().map(|c| c.source.clone()).collect();
        docs.push(EventDoc {
            event: e,
            body,
            sources: sources.into_iter().collect(),
            actors,
            after,
        });
    }
    docs
}

/// Adds each event to the terms of its actors (each term's events sorted).
pub fn add_actors(events: &[EventDoc], terms: &mut [TermDoc]) {
    for (ei, e) in events.iter().enumerate() {
        for &a in &e.actors {
            if !terms[a].events.contains(&ei) {
                terms[a].events.push(ei);
            }
        }
    }
    for t in terms {
        t.events.sort_unstable();
    }
}
