//! Stage 4: the linked model. [`link`] runs named passes, each in a file of
//! its own with what it takes and gives: paths (output paths, link targets,
//! collisions), bodies (Markdown rendered, citations resolved), the print
//! edition, events and timeline, terms, anchors, backlinks, mentions and
//! tags. Each pass takes the values it needs and returns new ones; `serve`'s
//! [`RenderMemo`] remembers Markdown renders and term matches between builds.

pub mod anchors;
pub mod back_ref;
pub mod backlinks;
pub mod bodies;
pub mod citations;
pub mod events;
pub mod excerpts;
pub mod gathered;
pub mod kind;
pub mod linked;
pub mod markdown;
pub mod memo;
pub mod mention;
pub mod mentions;
pub mod order;
pub mod page_tags;
pub mod paths;
pub mod print;
pub mod quotes;
pub mod scan;
pub mod sections;
pub mod summaries;
pub mod tags;
pub mod tally;
pub mod term_matcher;
pub mod terms;
pub mod translated;

use std::sync::Arc;

use crate::content::{Event, Glossary, Page};
use crate::diag::Diagnostics;
use crate::sources::Source;
use crate::translations::Translation;

pub use back_ref::BackRef;
pub use bodies::PageDoc;
pub use events::EventDoc;
pub use kind::PageKind;
pub use linked::Model;
pub use memo::RenderMemo;
pub use mention::Mention;
pub use mentions::MENTION_PAGES;
pub use print::{PrintSection, PRINT_MAX_BRIEFS};
pub use scan::MENTION_SNIPPETS;
pub use terms::TermDoc;

/// Parsed inputs of the model stage.
pub struct Parsed {
    pub sources: Vec<Arc<Source>>,
    pub translations: Vec<Arc<Translation>>,
    pub pages: Vec<Arc<Page>>,
    pub events: Vec<Arc<Event>>,
    pub glossary: Option<Arc<Glossary>>,
    /// The site's language: what translations are into, by default.
    pub language: String,
    /// The words of the site's language (those rendered Markdown holds,
    /// the dates of the search index).
    pub ui: Arc<crate::i18n::Ui>,
}

/// Links everything together, pass by pass. Problems go to `diags`.
pub fn link(parsed: Parsed, memo: &RenderMemo, diags: &mut Diagnostics) -> Model {
    let Parsed {
        sources,
        translations,
        pages,
        events,
        glossary,
        language,
        ui,
    } = parsed;
    let words = ui.body_words();
    let glossary = glossary.as_deref();
    let sources = paths::by_slug(sources);
    // Passes that read the same inputs and not each other's results run
    // side by side (`both`); their problems keep the order they have in
    // this outline.
    let (translations, targets) = both(
        diags,
        |diags| memo.translated(&sources, &translations, &language, diags),
        |diags| {
            memo.targets(
                &paths::PathInputs::of(&sources, &pages, &events, glossary),
                diags,
            )
        },
    );
    let world = bodies::World::new(&sources, &translations, &targets, &words);

    let mut pages = bodies::pages(pages, &world, memo, diags);
    let searched_bytes = searched_bytes(&pages, &events, &sources);
    let ((print, print_omitted), (events, event_bodies, definitions, summaries, matcher)) = both(
        diags,
        |_| print::edition(&pages, &world, memo),
        |diags| {
            let events = events::timeline_order(events, diags);
            let event_bodies = bodies::events(&events, &world, memo, diags);
            let definitions =
                glossary.map_or_else(Vec::new, |g| bodies::definitions(g, &world, memo, diags));
            let summaries = summaries::of(&pages, &sources, diags);
            // Built before the excerpts, so that its problems are quoted too.
            let matcher = glossary.map(|g| {
                let search = term_matcher::Search::for_texts(g, searched_bytes);
                memo.matcher(g, search, diags)
            });
            (events, event_bodies, definitions, summaries, matcher)
        },
    );

    let mut terms = terms::docs(glossary, definitions, &language);
    let events = events::docs(events, event_bodies, &terms.docs, diags);
    anchors::check(&pages, &events, &sources, diags);
    excerpts::quote(diags, &pages, &events, glossary);
    bodies::release_sources(&mut pages);
    let docs = docs(&pages, &events, &terms.docs);
    let ((backlinks, quotes, tags), mentions) = both(
        diags,
        |diags| {
            let (for_backlinks, for_quotes) = (docs.clone(), docs.clone());
            let (backlinks, (quotes, tags)) = rayon::join(
                || memo.backlinks(for_backlinks),
                || rayon::join(|| memo.quotes(for_quotes), || memo.tags(docs)),
            );
            tags::near_duplicates(&tags, &pages, &events, diags);
            let tags = tags::Tags::of(tags, &events);
            (backlinks, quotes, tags)
        },
        |_| match matcher {
            Some(m) => mentions::find(&pages, &events, &sources, &m, &terms.rank, memo),
            None => mentions::Mentions::default(),
        },
    );
    let sections = memo.sections(sections::key(&pages), || sections::lists(&pages));
    mentions::add_to(&mut terms.docs, mentions.terms);
    events::add_actors(&events, &mut terms.docs);

    Model {
        term_labels: terms::labels(&terms.docs),
        source_index: sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.slug.clone(), i))
            .collect(),
        sources,
        pages,
        events,
        terms: terms.docs,
        tags,
        sections,
        backlinks,
        terms_on: mentions.terms_on,
        print,
        print_omitted,
        summaries,
        translations,
        quotes,
        ui,
    }
}

/// About how much text the term matcher searches: the pages', events' and
/// sources' (which decides the automaton it searches with).
fn searched_bytes(pages: &[PageDoc], events: &[Arc<Event>], sources: &[Arc<Source>]) -> usize {
    let pages: usize = pages.iter().map(|p| p.page.body.len()).sum();
    let events: usize = events.iter().map(|e| e.body.len()).sum();
    let sources: usize = sources
        .iter()
        .flat_map(|s| &s.blocks)
        .map(|b| b.text.len())
        .sum();
    pages + events + sources
}

/// Runs `a` and `b` side by side; the problems `a` reports come before
/// those of `b`, as if they had run one after the other.
fn both<A: Send, B: Send>(
    diags: &mut Diagnostics,
    a: impl FnOnce(&mut Diagnostics) -> A + Send,
    b: impl FnOnce(&mut Diagnostics) -> B + Send,
) -> (A, B) {
    let mut later = Diagnostics::new();
    let (ra, rb) = rayon::join(|| a(diags), || b(&mut later));
    diags.extend(later);
    (ra, rb)
}

/// The documents of the model, as what their parts of the backlinks and
/// quotes are made from: pages, events, then terms.
fn docs(pages: &[PageDoc], events: &[EventDoc], terms: &[TermDoc]) -> Vec<gathered::Doc> {
    let pages = pages.iter().map(|p| gathered::Doc::Page {
        page: Arc::clone(&p.page),
        body: Arc::clone(&p.body),
        out: p.out.clone(),
    });
    let events = events.iter().map(|e| gathered::Doc::Event {
        event: Arc::clone(&e.event),
        body: Arc::clone(&e.body),
    });
    let terms = terms.iter().map(|t| gathered::Doc::Term {
        id: t.id.clone(),
        name: t.name.clone(),
        body: Arc::clone(&t.def_page),
    });
    pages.chain(events).chain(terms).collect()
}
