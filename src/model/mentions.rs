//! Mentions. Takes the pages, events and sources, the glossary's
//! matcher and the terms' display numbers; gives, for each term, the number
//! of its mentions and of the pages they are on, the events that mention
//! it, and the mentions its page shows as snippets (at most
//! [`MENTION_PAGES`] pages of each kind, [`MENTION_SNIPPETS`] snippets of
//! each); and for each page (and source) the terms mentioned on it.
//! Matching goes through `serve`'s memo, per page, event or source.
//!
//! [`MENTION_SNIPPETS`]: super::MENTION_SNIPPETS

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::back_ref::BackRef;
use super::bodies::PageDoc;
use super::events::EventDoc;
use super::kind::PageKind;
use super::memo::RenderMemo;
use super::mention::Mention;
use super::scan::GroupScan;
use super::term_matcher::{self, TermMatcher};
use super::terms::TermDoc;
use crate::fingerprint::Hashed;
use crate::sources::Source;
use crate::urls;

/// On a term page: at most this many pages of each kind are listed…
pub const MENTION_PAGES: usize = 40;

/// What the scan found for one term.
#[derive(Default)]
pub struct TermMentions {
    /// The mentions a term page shows.
    pub shown: Vec<Arc<Hashed<Mention>>>,
    /// All mentions, and the number of pages (events, sources) they are on.
    pub count: usize,
    pub pages: usize,
    /// The events that mention the term (indices into the events).
    pub events: Vec<usize>,
}

/// What the mentions pass gives.
#[derive(Default)]
pub struct Mentions {
    /// By term display number.
    pub terms: Vec<TermMentions>,
    /// Output path (or `event:<n>`) → the terms mentioned there, sorted.
    pub terms_on: BTreeMap<String, Arc<[usize]>>,
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
    // …counted, and the listed ones cut into snippets.
    let (mut found, listed) = count(&scans, &texts, rank);
    let shown = snippets(&listed, &texts, &scans, memo);
    for (&(t, ..), mention) in listed.iter().zip(shown) {
        found.terms[t].shown.push(mention);
    }
    found
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

/// Mentions to list: (term, group, text in the group, match in the
/// text), in order.
type Listed = Vec<(usize, usize, usize, usize)>;

/// Counts the mentions in order: every mention is counted, but a term page
/// shows at most [`MENTION_PAGES`] pages of each kind and
/// [`MENTION_SNIPPETS`](super::MENTION_SNIPPETS) snippets of each page, so a
/// common term's page stays readable and small. Gives the counts and the mentions to list.
fn count(scans: &[Arc<GroupScan>], texts: &Texts<'_>, rank: &[usize]) -> (Mentions, Listed) {
    let n_terms = rank.len();
    let mut found = Mentions {
        terms: (0..n_terms).map(|_| TermMentions::default()).collect(),
        terms_on: BTreeMap::new(),
    };
    let slot = |kind: PageKind| match kind {
        PageKind::Brief => 1,
        PageKind::Summary => 2,
        PageKind::Page => 3,
        PageKind::Event => 4,
        PageKind::Source => 5,
        _ => 0,
    };
    let mut per_kind: Vec<[usize; 6]> = vec![[0; 6]; n_terms];
    let rank_key = crate::fingerprint::of(rank);
    let mut listed: Listed = Vec::new();
    for (g, (scan, at)) in scans.iter().zip(&texts.places).enumerate() {
        if scan.found.is_empty() {
            continue;
        }
        // Each place is one group's (output paths that collide are an
        // error of the paths pass).
        let terms = scan.terms_by(rank, rank_key);
        found.terms_on.insert(at.on.to_string(), terms);
        let kind = slot(at.kind);
        for f in &scan.found {
            let t = rank[f.term];
            let term = &mut found.terms[t];
            if let Some(ei) = at.event {
                if term.events.last() != Some(&ei) {
                    term.events.push(ei);
                }
            }
            term.count += f.count;
            term.pages += 1;
            let n = &mut per_kind[t][kind];
            *n += 1;
            if *n <= MENTION_PAGES {
                listed.extend(f.first.iter().map(|&(i, h)| (t, g, i, h)));
            }
        }
    }
    (found, listed)
}

/// The listed mentions cut into snippets, in parallel, in the order
/// listed. `serve`'s memo shares a mention between builds while what it is
/// made from is the same: the text (its group's key and its place in the
/// group), the match, and where the text is.
fn snippets(
    listed: &Listed,
    texts: &Texts<'_>,
    scans: &[Arc<GroupScan>],
    memo: &RenderMemo,
) -> Vec<Arc<Hashed<Mention>>> {
    // What the mentions of a group are made from besides their text and
    // match: the group's key and where it is. A page's anchors come from its
    // rendered Markdown and a source's from its blocks, which the key stands
    // for; an event's anchor is hashed with its place.
    let places: Vec<Option<u64>> = texts
        .keys
        .par_iter()
        .zip(&texts.places)
        .map(|(group, at)| {
            let event_anchor = match at.held {
                Held::Event { anchor, .. } => Some(anchor),
                Held::Page(_) | Held::Source(_) => None,
            };
            let place = (at.title, at.page, at.kind, event_anchor);
            Some(crate::fingerprint::of(&((*group)?, place)))
        })
        .collect();
    let keys: Vec<Option<u64>> = listed
        .par_iter()
        .map(|&(_, g, i, h)| {
            let hit = &scans[g].hits[i][h];
            Some(crate::fingerprint::key(&(
                places[g]?, i, hit.start, hit.end,
            )))
        })
        .collect();
    memo.mentions(&keys, &|n| {
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
    })
}
