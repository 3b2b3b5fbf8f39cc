//! The timeline: events by year, the filters, and the overview chart.

use std::collections::BTreeMap;

use serde::Serialize;

use super::event::EventInputs;
use super::values::{EventCtx, FilterOption};
use super::{insert, insert_made, Base, Jobs};
use crate::date::PartialDate;
use crate::model::PageKind;
use crate::render::Job;
use crate::sources::Source;
use crate::urls;

#[derive(Serialize, Hash)]
struct YearCtx<'a> {
    /// The year, or the decade of a date known to its decade (`1990s`):
    /// the section's id (`y1990s`).
    year: String,
    /// The year or decade as readers see it ("1990s", "1990年代").
    label: String,
    events: Vec<EventCtx<'a>>,
}

/// The timeline page.
pub(super) fn timeline_job<T: Send>(base: &Base<'_>, jobs: &mut Jobs<'_, T>) {
    let m = base.model;
    let path = urls::TIMELINE;
    if !base.wants(path) {
        return;
    }
    let events: Vec<EventInputs> = (0..m.events.len()).map(|i| base.event(path, i)).collect();
    let filters = Filters::of(base);
    let title = base.ui.text("title.timeline", &[]);
    let mut ctx = base.context(path, &title, PageKind::Timeline, &[]);
    let code = m.events.iter().any(|e| e.body.has_code());
    insert(&mut ctx, "has_code", &code);
    insert_made(&mut ctx, "years", events, years);
    insert(&mut ctx, "filter_tags", &filters.tags);
    insert(&mut ctx, "filter_actors", &filters.actors);
    insert(&mut ctx, "filter_sources", &filters.sources);
    insert(
        &mut ctx,
        "cite",
        &super::values::cite(&base.site, &title, path),
    );
    let dates: Vec<PartialDate> = m.events.iter().map(|e| e.event.date).collect();
    insert_made(&mut ctx, "overview_svg", (dates, base.ui), |(dates, ui)| {
        crate::render::svg::overview(&dates, ui)
    });
    jobs.push(Job {
        path: path.into(),
        template: "timeline.html",
        title,
        kind: PageKind::Timeline,
        context: ctx,
        reads: None,
    });
}

/// The events (in timeline order) by year, or by decade when that is all
/// their date says.
fn years(events: Vec<EventInputs<'_>>) -> Vec<YearCtx<'_>> {
    let mut years: Vec<YearCtx> = Vec::new();
    for e in events {
        let period = e.date().period();
        let year = period.to_string();
        let ui = e.ui();
        let ctx = e.made();
        match years.last_mut() {
            Some(y) if y.year == year => y.events.push(ctx),
            _ => years.push(YearCtx {
                year,
                label: ui.period(period),
                events: vec![ctx],
            }),
        }
    }
    years
}

/// The timeline's filters: the events' tags, actors (by name) and sources,
/// each with its number of events.
struct Filters {
    tags: Vec<FilterOption>,
    actors: Vec<FilterOption>,
    sources: Vec<FilterOption>,
}

impl Filters {
    fn of(base: &Base<'_>) -> Filters {
        let m = base.model;
        let mut tags: BTreeMap<String, usize> = BTreeMap::new();
        let mut actors: BTreeMap<usize, usize> = BTreeMap::new();
        let mut sources: BTreeMap<String, usize> = BTreeMap::new();
        for e in &m.events {
            for t in &e.event.tags {
                *tags.entry(t.clone()).or_default() += 1;
            }
            for &a in &e.actors {
                *actors.entry(a).or_default() += 1;
            }
            for s in &e.sources {
                *sources.entry(s.clone()).or_default() += 1;
            }
        }
        let tags = tags
            .into_iter()
            .map(|(t, count)| FilterOption {
                label: t.clone(),
                value: t,
                count,
            })
            .collect();
        let mut actors: Vec<FilterOption> = actors
            .into_iter()
            .map(|(a, count)| FilterOption {
                value: m.terms[a].id.clone(),
                label: m.terms[a].name.clone(),
                count,
            })
            .collect();
        actors.sort_by(|a, b| a.label.cmp(&b.label));
        let sources = sources
            .into_iter()
            .map(|(s, count)| FilterOption {
                label: m
                    .source(&s)
                    .map_or(s.as_str(), Source::display_title)
                    .to_string(),
                value: s,
                count,
            })
            .collect();
        Filters {
            tags,
            actors,
            sources,
        }
    }
}
