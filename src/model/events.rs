//! Events and timeline. Takes the events and their rendered
//! descriptions, and the terms; gives the timeline: each event as an
//! [`EventDoc`] in chronological order, with the sources it cites and its
//! actors (glossary terms). An event without a citation, or with an actor
//! that is not a term, is an error. Each actor's term lists the event.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::markdown::Rendered;
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
}

impl EventDoc {
    /// Root-relative link target: `timeline/index.html#<slug>`.
    pub fn target(&self) -> String {
        crate::urls::event(&self.event.slug)
    }
}

/// The events in timeline order: chronological, stable for equal dates
/// (then by file name).
pub fn timeline_order(mut events: Vec<Arc<Event>>) -> Vec<Arc<Event>> {
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.file.cmp(&b.file)));
    events
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
    let mut docs: Vec<EventDoc> = Vec::with_capacity(events.len());
    for (e, body) in events.into_iter().zip(bodies) {
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
