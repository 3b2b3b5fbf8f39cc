//! Mentions. Takes the pages, events and sources, the glossary's
//! matcher and the terms' display numbers; gives, for each term, the number
//! of its mentions and of the pages they are on, the events that mention
//! it, and the mentions its page shows as snippets (at most
//! [`MENTION_PAGES`] pages of each kind, [`MENTION_SNIPPETS`] snippets of
//! each); and for each page (and source) the terms mentioned on it.
//! Matching goes through `serve`'s memo, per page, event or source.
//!
//! [`MENTION_SNIPPETS`]: super::MENTION_SNIPPETS

use std::sync::Arc;

use rayon::prelude::*;

use super::back_ref::BackRef;
use super::bodies::PageDoc;
use super::events::EventDoc;
use super::kind::PageKind;
use super::memo::RenderMemo;
use super::mention::Mention;
use super::scan::GroupScan;
use super::tally::{Group, Listed, TermsOn};
use super::term_matcher::{self, TermMatcher};
use super::terms::TermDoc;
use crate::fingerprint::Hashed;
use crate::sources::Source;
use crate::urls;

pub use super::tally::{TermMentions, MENTION_PAGES};

/// What the mentions pass gives.
#[derive(Default)]
pub struct Mentions {
    /// By term display number.
    pub terms: Vec<TermMentions>,
    /// Output path (or `event:<n>`) → the terms mentioned there, sorted.
    pub terms_on: Arc<TermsOn>,
}

/// Adds what the pass found to each term (by display number).
pub fn add_to(terms: &mut [TermDoc], found: Vec<TermMentions>) {
    for (t, m) in terms.iter_mut().zip(found) {
        t.mentions = m.shown;
        t.mention_count = m.count;
        t.mention_pages = m.pages;
        t.events = m.events;
    }
}

/// Where a group of scanned texts is: for mentions and "terms on this
/// page".
struct Place<'a> {
    title: &'a str,
    page: &'a str,
    kind: PageKind,
    /// Key of the page in `terms_on`.
    on: &'a str,
    /// The event the text is (index into the model's events).
    event: Option<usize>,
    /// Where the group's texts, and the anchor of each, are kept.
    held: Held<'a>,
}

/// A group's texts and their anchors, read where they are kept.
enum Held<'a> {
    /// A page's paragraphs and their ids.
    Page(&'a PageDoc),
    /// An event: one text, one anchor.
    Event { text: &'a str, anchor: &'a str },
    /// A source's blocks and their ids.
    Source(&'a Source),
}

impl<'a> Place<'a> {
    /// The anchor of text `i` of the group.
    fn anchor(&self, i: usize) -> &'a str {
        match self.held {
            Held::Page(p) => p.body.paragraphs.get(i).map_or("", |q| q.id.as_str()),
            Held::Event { anchor, .. } => anchor,
            Held::Source(s) => s.blocks.get(i).map_or("", |b| b.id.as_str()),
        }
    }

    /// The group's texts.
    fn texts(&self) -> Vec<&'a str> {
        match self.held {
            Held::Page(p) => p.body.paragraphs.iter().map(|q| q.text.as_str()).collect(),
            Held::Event { text, .. } => vec![text],
            Held::Source(s) => s.blocks.iter().map(|b| b.text.as_str()).collect(),
        }
    }

    /// Text `i` of the group.
    fn text(&self, i: usize) -> &'a str {
        match self.held {
            Held::Page(p) => p.body.paragraphs.get(i).map_or("", |q| q.text.as_str()),
            Held::Event { text, .. } => text,
            Held::Source(s) => s.blocks.get(i).map_or("", |b| b.text.as_str()),
        }
    }
}

/// The texts the scan reads, in groups (a page, an event, a source): where
/// each group is (and its texts are), and a key standing for its texts when
/// `serve` knows one.
struct Texts<'a> {
    keys: Vec<Option<u64>>,
    places: Vec<Place<'a>>,
}

/// The event texts scanned (title and description), their `terms_on`
/// keys, and their targets; owned here, borrowed by the places.
struct EventTexts {
    text: Vec<String>,
    on: Vec<String>,
    target: Vec<String>,
}

/// The mentions of every term in the pages, events and sources.
pub fn find(
    pages: &[PageDoc],
    events: &[EventDoc],
    sources: &[Arc<Source>],
    matcher: &TermMatcher,
    rank: &[usize],
    memo: &RenderMemo,
) -> Mentions {
    let event_texts = EventTexts::of(events);
    let source_outs: Vec<String> = sources.iter().map(|s| urls::source(&s.slug)).collect();
    let texts = Texts::of(pages, events, &event_texts, sources, &source_outs);
    // Matched in parallel (and remembered by `serve`)…
    let scans = memo.term_hits(matcher, &texts.keys, &|g| texts.places[g].texts());
    // …counted, and the listed ones cut into snippets (in `serve`, the
    // counts of the last build patched with the groups that changed).
    let places = places(&texts);
    let groups: Vec<Group<'_>> = scans
        .iter()
        .zip(&texts.places)
        .zip(&places)
        .map(|((scan, at), place)| Group {
            scan,
            slot: slot(at.kind),
            event: at.event,
            on: at.on,
            place: place.unwrap_or(0),
        })
        .collect();
    let (texts, scanned, placed) = (&texts, &scans, &places);
    let kept = |listed: &[Listed]| snippets(listed, texts, scanned, placed, Some(memo));
    let fresh = |listed: &[Listed]| snippets(listed, texts, scanned, placed, None);
    let (terms, terms_on) = memo.tally(&groups, rank, &kept, &fresh);
    Mentions { terms, terms_on }
}

/// The number of a kind of place (see [`Group::slot`]).
fn slot(kind: PageKind) -> usize {
    match kind {
        PageKind::Brief => 1,
        PageKind::Summary => 2,
        PageKind::Page => 3,
        PageKind::Event => 4,
        PageKind::Source => 5,
        _ => 0,
    }
}

/// For each group, the hash of what its mentions and counts are made from
/// besides its scan (see [`Group::place`]): its key, which stands for its
/// texts (and a page's anchors, which come from its rendered Markdown, and
/// a source's, from its blocks), and where it is. `None` for a group
/// without a key.
fn places(texts: &Texts<'_>) -> Vec<Option<u64>> {
    texts
        .keys
        .par_iter()
        .zip(&texts.places)
        .map(|(group, at)| {
            let event_anchor = match at.held {
                Held::Event { anchor, .. } => Some(anchor),
                Held::Page(_) | Held::Source(_) => None,
            };
            let place = (at.title, at.page, at.kind, event_anchor, at.on, at.event);
            Some(crate::fingerprint::of(&((*group)?, place)))
        })
        .collect()
}

impl EventTexts {
    fn of(events: &[EventDoc]) -> EventTexts {
        let text = events
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e.event.meta.title,
                    e.body
                        .paragraphs
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            })
            .collect();
        EventTexts {
            text,
            on: (0..events.len()).map(|ei| format!("event:{ei}")).collect(),
            target: events.iter().map(EventDoc::target).collect(),
        }
    }
}

impl<'a> Texts<'a> {
    fn of(
        pages: &'a [PageDoc],
        events: &'a [EventDoc],
        event_texts: &'a EventTexts,
        sources: &'a [Arc<Source>],
        source_outs: &'a [String],
    ) -> Texts<'a> {
        let mut places: Vec<Place<'_>> = Vec::new();
        let mut keys: Vec<Option<u64>> = Vec::new();
        let known = |k: u64| (k != 0).then_some(k);
        for p in pages {
            places.push(Place {
                title: &p.page.meta.title,
                page: &p.out,
                kind: p.kind(),
                on: &p.out,
                event: None,
                held: Held::Page(p),
            });
            keys.push(known(p.body.memo_key));
        }
        for (ei, e) in events.iter().enumerate() {
            let target = &event_texts.target[ei];
            let (page, anchor) = target.split_once('#').unwrap_or((target, ""));
            // The text scanned stands for itself (it is short).
            let text = event_texts.text[ei].as_str();
            places.push(Place {
                title: &e.event.meta.title,
                page,
                kind: PageKind::Event,
                on: &event_texts.on[ei],
                event: Some(ei),
                held: Held::Event { text, anchor },
            });
            keys.push(Some(crate::fingerprint::of(text)));
        }
        for (s, out) in sources.iter().zip(source_outs) {
            places.push(Place {
                title: s.display_title(),
                page: out,
                kind: PageKind::Source,
                on: out,
                event: None,
                held: Held::Source(s),
            });
            keys.push(Some(s.fingerprint()));
        }
        Texts { keys, places }
    }
}

/// The listed mentions cut into snippets, in parallel, in the order
/// listed. Through `serve`'s memo, a mention is shared between builds while
/// what it is made from is the same: the text and where it is (its group's
/// place) and the match.
fn snippets(
    listed: &[Listed],
    texts: &Texts<'_>,
    scans: &[Arc<GroupScan>],
    places: &[Option<u64>],
    memo: Option<&RenderMemo>,
) -> Vec<Arc<Hashed<Mention>>> {
    let make = |n: usize| {
        let (_, g, i, h) = listed[n];
        let text = texts.places[g].text(i);
        let at = &texts.places[g];
        let hit = &scans[g].hits[i][h];
        let (before, h, after) = term_matcher::snippet(text, hit.start, hit.end, 30);
        let page = BackRef {
            title: at.title.to_string(),
            target: urls::anchored(at.page, at.anchor(i)),
            kind: at.kind,
        };
        Mention {
            page,
            before,
            hit: h,
            after,
        }
    };
    let Some(memo) = memo else {
        return (0..listed.len())
            .into_par_iter()
            .map(|n| Arc::new(Hashed::new(make(n))))
            .collect();
    };
    let keys: Vec<Option<u64>> = listed
        .par_iter()
        .map(|&(_, g, i, h)| {
            let hit = &scans[g].hits[i][h];
            Some(crate::fingerprint::key(&(
                places[g]?, i, hit.start, hit.end,
            )))
        })
        .collect();
    memo.mentions(&keys, &make)
}
