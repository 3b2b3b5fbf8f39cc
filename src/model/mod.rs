//! Stage 4: the linked model. Gives every page its output path (refusing
//! collisions), renders Markdown with citations resolved against the sources,
//! finds term mentions, orders the timeline, and builds the backlinks.

pub mod citations;
pub mod markdown;
pub mod terms;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::content::{Event, Glossary, Page, TermKind};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::sources::Source;
use crate::urls;
use markdown::{MdInput, Rendered, Resolver};
use terms::{TermMatch, TermMatcher};

/// Parsed inputs of the model stage.
pub struct Parsed {
    pub sources: Vec<Arc<Source>>,
    pub pages: Vec<Arc<Page>>,
    pub events: Vec<Arc<Event>>,
    pub glossary: Option<Arc<Glossary>>,
}

/// A content page with its rendered body.
pub struct PageDoc {
    pub page: Arc<Page>,
    /// Output path, e.g. `briefs/x/index.html`.
    pub out: String,
    pub body: Arc<Rendered>,
    /// A section's `_index.md`: introduces the section listing.
    pub is_section_index: bool,
}

impl PageDoc {
    pub fn kind(&self) -> &'static str {
        match self.page.section.as_str() {
            _ if self.page.dir.is_empty() => "home",
            "briefs" => "brief",
            "summaries" => "summary",
            _ => "page",
        }
    }
}

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
        format!("timeline/index.html#{}", self.event.slug)
    }
}

/// Where something is referred to from: a title and a root-relative target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct BackRef {
    pub title: String,
    /// Root-relative target, e.g. `briefs/x/index.html#p-3f9a1c`.
    pub target: String,
    pub kind: &'static str,
}

/// A mention of a term in a paragraph.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Mention {
    pub page: BackRef,
    pub before: String,
    pub hit: String,
    pub after: String,
}

/// A glossary term with what the build found about it.
pub struct TermDoc {
    pub id: String,
    pub name: String,
    pub zh: String,
    pub kind: TermKind,
    pub aliases: Vec<String>,
    /// Definition rendered for the index page and for the term's own page.
    pub def_index: Arc<Rendered>,
    pub def_page: Arc<Rendered>,
    /// The mentions shown (capped per kind of page and per page).
    pub mentions: Vec<Mention>,
    /// All mentions, and the number of pages they are on.
    pub mention_count: usize,
    pub mention_pages: usize,
    /// Indices into `Model::events`.
    pub events: Vec<usize>,
}

/// The linked site model handed to the renderer.
pub struct Model {
    pub sources: Vec<Arc<Source>>,
    pub pages: Vec<PageDoc>,
    pub events: Vec<EventDoc>,
    pub terms: Vec<TermDoc>,
    /// Tag → pages and events carrying it.
    pub tags: BTreeMap<String, Vec<BackRef>>,
    /// (source slug, block id) → citing places.
    pub cited: BTreeMap<(String, String), Vec<BackRef>>,
    /// Output path → pages linking to it.
    pub linked_from: BTreeMap<String, Vec<BackRef>>,
    /// Output path → term indices mentioned on that page, for "terms on this page".
    pub terms_on: BTreeMap<String, BTreeSet<usize>>,
    /// A hash of every term's id, name and Chinese name, in order: what a
    /// list of terms on a page is made from besides the term numbers.
    pub terms_key: u64,
    /// The print edition: the home page and every brief, rendered again for
    /// `print/index.html` with ids prefixed so they stay unique on one page.
    pub print: Vec<PrintSection>,
    /// Briefs left out of the print edition (more than [`PRINT_MAX_BRIEFS`]).
    pub print_omitted: usize,
    /// Source slug → index of its summary in `pages`.
    pub summaries: BTreeMap<String, usize>,
}

/// One page of the print edition.
pub struct PrintSection {
    pub title: String,
    /// Id prefix (`<slug>-`), also the section's anchor without the dash.
    pub prefix: String,
    pub body: Arc<Rendered>,
}

impl Model {
    /// Lets go of the paragraphs' plain text of pages and events, which only
    /// the term scan and the search index read, so that rendering reuses
    /// their memory (a tenth of the model). Renders `serve` keeps for its
    /// next build are shared with its memo and left as they are.
    pub fn release_search_texts(&mut self) {
        let bodies = self
            .pages
            .iter_mut()
            .map(|p| &mut p.body)
            .chain(self.events.iter_mut().map(|e| &mut e.body));
        for body in bodies {
            if let Some(r) = Arc::get_mut(body) {
                r.paragraphs = Vec::new();
            }
        }
    }

    pub fn summary_of(&self, slug: &str) -> Option<&PageDoc> {
        self.summaries.get(slug).map(|&i| &self.pages[i])
    }

    /// A source by slug (sources are sorted by slug).
    pub fn source(&self, slug: &str) -> Option<&Source> {
        self.sources
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &*self.sources[i])
    }

    /// The places citing any paragraph of a source.
    pub fn cited_in<'a>(&'a self, slug: &'a str) -> impl Iterator<Item = &'a BackRef> + 'a {
        self.cited
            .range((slug.to_string(), String::new())..)
            .take_while(move |((s, _), _)| s == slug)
            .flat_map(|(_, v)| v.iter())
    }
}

/// Where a scanned text is: for mentions and "terms on this page".
struct Place<'a> {
    title: &'a str,
    page: &'a str,
    anchor: &'a str,
    kind: &'static str,
    /// Key of the page in `terms_on`.
    on: &'a str,
    /// The event the text is (index into the model's events).
    event: Option<usize>,
}

/// The print edition holds every brief up to this many.
pub const PRINT_MAX_BRIEFS: usize = 300;

/// On a term page: at most this many pages of each kind are listed…
pub const MENTION_PAGES: usize = 40;
/// …with at most this many snippets each.
pub const MENTION_SNIPPETS: usize = 3;

/// Generated pages whose paths content may not take (term pages are added
/// with their glossary positions by the caller).
fn generated_paths(sources: &[Arc<Source>]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vec![
        (
            "timeline/index.html".into(),
            "the generated timeline".into(),
        ),
        (
            "sources/index.html".into(),
            "the generated sources list".into(),
        ),
        ("terms/index.html".into(), "the generated term index".into()),
        ("tags/index.html".into(), "the generated tag list".into()),
        (
            "search/index.html".into(),
            "the generated search page".into(),
        ),
        (
            "print/index.html".into(),
            "the generated print edition".into(),
        ),
        ("404.html".into(), "the generated not-found page".into()),
    ];
    for s in sources {
        v.push((
            format!("sources/{}/index.html", s.slug),
            format!("the page of source {}", s.file),
        ));
    }
    v
}

struct Index<'a> {
    sources: BTreeMap<&'a str, &'a Source>,
    internal: BTreeMap<String, String>,
}

impl Resolver for Index<'_> {
    fn source(&self, slug: &str) -> Option<&Source> {
        self.sources.get(slug).copied()
    }
    fn internal(&self, target: &str) -> Option<String> {
        let t = target.trim_end_matches('/');
        self.internal.get(t).cloned()
    }
}

/// The term matches of each text of a group, and their summary.
type GroupHits = Arc<GroupScan>;

/// What scanning a group of texts (a page, an event, a source) found.
struct GroupScan {
    /// The matches of each text.
    hits: Vec<Vec<TermMatch>>,
    /// Each term found, by term number.
    found: Vec<Found>,
}

/// A term found in a group of texts: its number of mentions, and its first
/// MENTION_SNIPPETS as (text in the group, match in the text).
struct Found {
    term: usize,
    count: usize,
    first: Vec<(usize, usize)>,
}

impl GroupScan {
    fn new(matcher: &TermMatcher, texts: &[&str]) -> GroupScan {
        let hits: Vec<Vec<TermMatch>> = texts.iter().map(|t| matcher.find(t)).collect();
        let mut all: Vec<(usize, usize, usize)> = Vec::new();
        for (i, text_hits) in hits.iter().enumerate() {
            all.extend(
                text_hits
                    .iter()
                    .enumerate()
                    .map(|(h, hit)| (hit.term, i, h)),
            );
        }
        all.sort_unstable();
        let mut found: Vec<Found> = Vec::new();
        for (term, i, h) in all {
            match found.last_mut() {
                Some(f) if f.term == term => {
                    f.count += 1;
                    if f.first.len() < MENTION_SNIPPETS {
                        f.first.push((i, h));
                    }
                }
                _ => found.push(Found {
                    term,
                    count: 1,
                    first: vec![(i, h)],
                }),
            }
        }
        GroupScan { hits, found }
    }
}

/// A term matcher, the key of the glossary it was built from, and the
/// problems it found.
type KeptMatcher = (u64, Arc<TermMatcher>, Vec<Diagnostic>);

/// Memoised Markdown renders, so `serve` re-renders only the Markdown whose
/// text, position or world (sources and link targets) changed.
#[derive(Default)]
pub struct RenderMemo {
    map: Mutex<HashMap<u64, Arc<Rendered>>>,
    used: Mutex<HashSet<u64>>,
    /// Term matches by glossary and group of texts (see `term_hits`).
    hits: Mutex<HashMap<u64, GroupHits>>,
    /// The term matcher of the last glossary, by its file and text, with
    /// the problems it found (building its automaton takes about 10 ms).
    matcher: Mutex<Option<KeptMatcher>>,
    /// A one-off build renders without remembering.
    off: bool,
}

impl RenderMemo {
    /// A memo that remembers nothing (one-off builds).
    pub fn off() -> RenderMemo {
        RenderMemo {
            off: true,
            ..RenderMemo::default()
        }
    }

    fn render(&self, world: u64, input: &MdInput<'_>, index: &Index<'_>) -> Arc<Rendered> {
        if self.off {
            return Arc::new(markdown::render(input, index));
        }
        let key = crate::fingerprint::of(&(
            world,
            input.path,
            input.text,
            input.base_line,
            input.base_col,
            input.page,
            input.first_note,
            input.inline,
            input.id_prefix,
        ));
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        if let Some(r) = self.map.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return r;
        }
        let mut r = markdown::render(input, index);
        r.memo_key = key;
        let r = Arc::new(r);
        if let Ok(mut m) = self.map.lock() {
            m.insert(key, Arc::clone(&r));
        }
        r
    }

    /// The term matches of each group of texts (a page's paragraphs, a
    /// source's blocks), in parallel. With the memo on, a group's matches
    /// are remembered by glossary and the group's key, which stands for its
    /// texts (the key of the Markdown render, or the source's fingerprint),
    /// so unchanged texts are neither hashed nor scanned again.
    /// The matcher of `glossary`'s terms, reporting its problems to `diags`
    /// (again, when it is remembered).
    fn matcher(&self, glossary: &Glossary, diags: &mut Diagnostics) -> Arc<TermMatcher> {
        if self.off {
            return Arc::new(TermMatcher::new(glossary, diags));
        }
        let key = crate::fingerprint::of(&(&glossary.file, &glossary.text));
        if let Ok(kept) = self.matcher.lock() {
            if let Some((k, m, problems)) = kept.as_ref() {
                if *k == key {
                    for d in problems {
                        diags.push(d.clone());
                    }
                    return Arc::clone(m);
                }
            }
        }
        let mut found = Diagnostics::new();
        let m = Arc::new(TermMatcher::new(glossary, &mut found));
        let problems: Vec<Diagnostic> = found.iter().cloned().collect();
        diags.extend(found);
        if let Ok(mut kept) = self.matcher.lock() {
            *kept = Some((key, Arc::clone(&m), problems));
        }
        m
    }

    fn term_hits(
        &self,
        glossary: &str,
        matcher: &TermMatcher,
        groups: &[(Vec<&str>, Option<u64>)],
    ) -> Vec<GroupHits> {
        let find = |texts: &[&str]| -> GroupHits { Arc::new(GroupScan::new(matcher, texts)) };
        if self.off {
            return groups.par_iter().map(|(t, _)| find(t)).collect();
        }
        let g = crate::fingerprint::of(glossary);
        let keys: Vec<Option<u64>> = groups
            .iter()
            .map(|(_, k)| k.map(|k| crate::fingerprint::of(&(g, k))))
            .collect();
        let known: Vec<Option<GroupHits>> = match self.hits.lock() {
            Ok(map) => keys
                .iter()
                .map(|k| k.and_then(|k| map.get(&k).cloned()))
                .collect(),
            Err(_) => vec![None; keys.len()],
        };
        let missing: Vec<usize> = (0..keys.len()).filter(|&i| known[i].is_none()).collect();
        let out: Vec<GroupHits> = known
            .into_par_iter()
            .zip(groups.par_iter())
            .map(|(k, (t, _))| k.unwrap_or_else(|| find(t)))
            .collect();
        if let Ok(mut map) = self.hits.lock() {
            for i in missing {
                if let Some(k) = keys[i] {
                    map.insert(k, Arc::clone(&out[i]));
                }
            }
            // Groups that are gone are forgotten once they are as many as
            // the groups of the site.
            if map.len() > 2 * keys.len() {
                let live: HashSet<u64> = keys.iter().flatten().copied().collect();
                map.retain(|k, _| live.contains(k));
            }
        }
        out
    }

    /// Forgets renders the last build did not use (bounds memory in `serve`).
    pub fn retain_used(&self) {
        if let (Ok(mut map), Ok(mut used)) = (self.map.lock(), self.used.lock()) {
            map.retain(|k, _| used.contains(k));
            used.clear();
        }
    }
}

/// A hash of everything a Markdown render can depend on besides its own text:
/// the sources' blocks and the internal link targets.
fn world_hash(sources: &[Arc<Source>], internal: &BTreeMap<String, String>) -> u64 {
    // A source's fingerprint covers its blocks (they are made from the
    // bytes and sidecar it hashes), so their text need not be hashed again.
    let sources: Vec<(&str, u64)> = sources
        .iter()
        .map(|s| (s.slug.as_str(), s.fingerprint))
        .collect();
    crate::fingerprint::of(&(sources, internal))
}

/// Links everything together. Problems go to `diags`.
pub fn link(parsed: Parsed, memo: &RenderMemo, diags: &mut Diagnostics) -> Model {
    let Parsed {
        mut sources,
        pages,
        mut events,
        glossary,
    } = parsed;
    sources.sort_by(|a, b| a.slug.cmp(&b.slug));
    check_duplicate_slugs(&sources, &events, diags);

    // Output paths, internal link targets, collisions.
    let mut internal: BTreeMap<String, String> = BTreeMap::new();
    let mut outputs: Vec<OutputClaim> = Vec::new();
    let mut sections: BTreeSet<String> = BTreeSet::new();
    for p in &pages {
        let out = urls::page_path(&p.dir);
        internal.insert(p.content_path.clone(), out.clone());
        internal.insert(
            p.content_path.trim_end_matches(".md").to_string(),
            out.clone(),
        );
        if !p.section.is_empty() {
            sections.insert(p.section.clone());
        }
        outputs.push((out, p.file.display().to_string(), Some(Span::file(&p.file))));
    }
    internal.insert(String::new(), "index.html".into());
    for (name, out) in [
        ("events", "timeline/index.html"),
        ("timeline", "timeline/index.html"),
        ("sources", "sources/index.html"),
        ("terms", "terms/index.html"),
        ("tags", "tags/index.html"),
        ("search", "search/index.html"),
        ("print", "print/index.html"),
    ] {
        internal.insert(name.into(), out.into());
    }
    for s in &sources {
        internal.insert(
            format!("sources/{}", s.slug),
            urls::page_path(&format!("sources/{}", s.slug)),
        );
    }
    for e in &events {
        internal.insert(format!("events/{}", e.slug), "timeline/index.html".into());
        internal.insert(
            format!(
                "events/{}.md",
                e.file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
            "timeline/index.html".into(),
        );
    }
    if let Some(g) = &glossary {
        for t in &g.terms {
            internal.insert(
                format!("terms/{}", t.id.get_ref()),
                format!("terms/{}/index.html", t.id.get_ref()),
            );
        }
    }
    let section_index: BTreeSet<String> = pages
        .iter()
        .filter(|p| is_index_file(p))
        .map(|p| p.section.clone())
        .collect();
    for sec in &sections {
        let out = urls::page_path(sec);
        internal.entry(sec.clone()).or_insert_with(|| out.clone());
        if !section_index.contains(sec) {
            outputs.push((out, format!("the generated list of section `{sec}`"), None));
        }
    }
    for (out, what) in generated_paths(&sources) {
        outputs.push((out, what, None));
    }
    if let Some(g) = &glossary {
        for t in &g.terms {
            outputs.push((
                format!("terms/{}/index.html", t.id.get_ref()),
                format!("the page of term `{}`", t.id.get_ref()),
                Some(g.span(t.id.span())),
            ));
        }
    }
    check_collisions(&outputs, diags);

    let world = world_hash(&sources, &internal);
    let index = Index {
        sources: sources.iter().map(|s| (s.slug.as_str(), &**s)).collect(),
        internal,
    };

    // Render page bodies in parallel.
    let rendered: Vec<(Arc<Page>, Arc<Rendered>)> = pages
        .into_par_iter()
        .map(|p| {
            let out = urls::page_path(&p.dir);
            let r = memo.render(
                world,
                &MdInput {
                    path: &p.file,
                    text: &p.body,
                    base_line: p.body_line,
                    page: &out,
                    first_note: 1,
                    inline: false,
                    base_col: 0,
                    id_prefix: "",
                },
                &index,
            );
            (p, r)
        })
        .collect();
    let mut page_docs: Vec<PageDoc> = Vec::with_capacity(rendered.len());
    for (page, body) in rendered {
        for d in body.diagnostics.iter().cloned() {
            diags.push(d);
        }
        if let Some(src) = &page.meta.source {
            if !index.sources.contains_key(src.get_ref().as_str()) {
                diags.push(Diagnostic::at(
                    Span::file(&page.file),
                    format!("`source = \"{}\"`: no such source", src.get_ref()),
                ));
            }
        }
        page_docs.push(PageDoc {
            out: urls::page_path(&page.dir),
            is_section_index: is_index_file(&page),
            page,
            body,
        });
    }
    page_docs.sort_by(|a, b| a.out.cmp(&b.out));
    let (print, print_omitted) = print_edition(&page_docs, &index, memo, world);
    release_sources(&mut page_docs);
    let summaries: BTreeMap<String, usize> = page_docs
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.page
                .meta
                .source
                .as_ref()
                .map(|s| (s.get_ref().clone(), i))
        })
        .collect();

    // Events: chronological, stable for equal dates (then by file name).
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.file.cmp(&b.file)));
    let event_bodies: Vec<Arc<Rendered>> = events
        .par_iter()
        .map(|e| {
            let prefix = format!("{}-", e.slug);
            memo.render(
                world,
                &MdInput {
                    path: &e.file,
                    text: &e.body,
                    base_line: e.body_line,
                    page: "timeline/index.html",
                    first_note: 1,
                    inline: false,
                    base_col: 0,
                    id_prefix: &prefix,
                },
                &index,
            )
        })
        .collect();

    // Terms.
    let mut term_docs: Vec<TermDoc> = Vec::new();
    let matcher = glossary.as_ref().map(|g| memo.matcher(g, diags));
    // Glossary order → display order (`rank`), and the glossary's terms in
    // display order (`order`).
    let mut order: Vec<usize> = (0..glossary.as_ref().map_or(0, |g| g.terms.len())).collect();
    if let Some(g) = &glossary {
        order.sort_by_cached_key(|&i| {
            let t = &g.terms[i];
            (t.name.get_ref().to_lowercase(), t.id.get_ref().clone())
        });
    }
    let mut rank = vec![0; order.len()];
    for (r, &gi) in order.iter().enumerate() {
        rank[gi] = r;
    }
    if let Some(g) = &glossary {
        let defs: Vec<(Arc<Rendered>, Arc<Rendered>)> = g
            .terms
            .par_iter()
            .map(|t| {
                let id = t.id.get_ref();
                // Where the string's text starts in the file: after its opening quote(s).
                let at = g.span(t.definition.span());
                let raw = g.text.get(t.definition.span().start..).unwrap_or("");
                let triple = raw.starts_with("\"\"\"") || raw.starts_with("'''");
                let (line, col) = if triple && raw[3..].starts_with('\n') {
                    (at.line + 1, 0)
                } else if triple {
                    (at.line, at.col + 2)
                } else {
                    (at.line, at.col)
                };
                let prefix = format!("{id}-def-");
                let md = |page: &str| {
                    memo.render(
                        world,
                        &MdInput {
                            path: &g.file,
                            text: t.definition.get_ref(),
                            base_line: line,
                            page,
                            first_note: 1,
                            inline: true,
                            base_col: col,
                            id_prefix: &prefix,
                        },
                        &index,
                    )
                };
                // The same definition on the index page: its problems are
                // reported once, from the term's own page.
                let on_index = md("terms/index.html");
                let on_page = md(&format!("terms/{id}/index.html"));
                (on_index, on_page)
            })
            .collect();
        // Terms are numbered in display order (by name, then id) from the
        // start; the glossary's order numbers them for the matcher.
        let mut defs: Vec<Option<(Arc<Rendered>, Arc<Rendered>)>> =
            defs.into_iter().map(Some).collect();
        for &gi in &order {
            let t = &g.terms[gi];
            let Some((def_index, def_page)) = defs[gi].take() else {
                continue;
            };
            for d in def_page.diagnostics.iter().cloned() {
                diags.push(d);
            }
            term_docs.push(TermDoc {
                id: t.id.get_ref().clone(),
                name: t.name.get_ref().clone(),
                zh: t
                    .zh
                    .as_ref()
                    .map(|z| z.get_ref().clone())
                    .unwrap_or_default(),
                kind: t.kind,
                aliases: t.aliases.iter().map(|a| a.get_ref().clone()).collect(),
                def_index,
                def_page,
                mentions: Vec::new(),
                mention_count: 0,
                mention_pages: 0,
                events: Vec::new(),
            });
        }
    }
    let term_ix: BTreeMap<String, usize> = term_docs
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), i))
        .collect();

    let mut event_docs: Vec<EventDoc> = Vec::with_capacity(events.len());
    for (e, body) in events.into_iter().zip(event_bodies) {
        for d in body.diagnostics.iter().cloned() {
            diags.push(d);
        }
        if body.citations.is_empty() && !e.body.trim().is_empty() {
            diags.push(Diagnostic::at(
                Span::new(&e.file, e.body_line, 1),
                "an event needs at least one citation: [](source:<slug> \"quoted passage\")",
            ));
        }
        let mut actors = Vec::new();
        for a in &e.meta.actors {
            match term_ix.get(a.get_ref()) {
                Some(&i) => actors.push(i),
                None => diags.push(Diagnostic::at(
                    Span::file(&e.file),
                    format!("actor `{}` is not a glossary term id", a.get_ref()),
                )),
            }
        }
        let sources: BTreeSet<String> = body.citations.iter().map(|c| c.source.clone()).collect();
        event_docs.push(EventDoc {
            event: e,
            body,
            sources: sources.into_iter().collect(),
            actors,
        });
    }

    // Backlinks: citations and internal links, gathered in parallel, then
    // sorted into place.
    let mut cites: Vec<((String, String), BackRef)> = page_docs
        .par_iter()
        .flat_map_iter(|p| {
            p.body.citations.iter().map(|c| {
                let r = BackRef {
                    title: p.page.meta.title.clone(),
                    target: anchor_target(&p.out, &c.from_paragraph),
                    kind: p.kind(),
                };
                ((c.source.clone(), c.block.clone()), r)
            })
        })
        .collect();
    for e in &event_docs {
        for c in &e.body.citations {
            let r = BackRef {
                title: e.event.meta.title.clone(),
                target: e.target(),
                kind: "event",
            };
            cites.push(((c.source.clone(), c.block.clone()), r));
        }
    }
    for t in &term_docs {
        for c in &t.def_page.citations {
            let r = BackRef {
                title: t.name.clone(),
                target: format!("terms/{}/index.html", t.id),
                kind: "term",
            };
            cites.push(((c.source.clone(), c.block.clone()), r));
        }
    }
    let links: Vec<(String, BackRef)> = page_docs
        .par_iter()
        .flat_map_iter(|p| {
            p.body.links.iter().filter(|l| l.target != p.out).map(|l| {
                let r = BackRef {
                    title: p.page.meta.title.clone(),
                    target: p.out.clone(),
                    kind: p.kind(),
                };
                (l.target.clone(), r)
            })
        })
        .collect();
    let cited = group_sorted(cites);
    let linked_from = group_sorted(links);

    // Anchor checks of Markdown links, now that every page's ids are known.
    let mut ids: BTreeMap<&str, &BTreeSet<String>> = BTreeMap::new();
    for p in &page_docs {
        ids.insert(&p.out, &p.body.ids);
    }
    let mut timeline_ids: BTreeSet<String> = BTreeSet::new();
    for e in &event_docs {
        timeline_ids.insert(e.event.slug.clone());
        timeline_ids.extend(e.body.ids.iter().cloned());
    }
    let source_ids: BTreeMap<String, BTreeSet<String>> = sources
        .iter()
        .map(|s| {
            (
                format!("sources/{}/index.html", s.slug),
                s.blocks.iter().map(|b| b.id.clone()).collect(),
            )
        })
        .collect();
    let all_links = page_docs
        .iter()
        .flat_map(|p| p.body.links.iter())
        .chain(event_docs.iter().flat_map(|e| e.body.links.iter()));
    for l in all_links {
        let Some(anchor) = &l.anchor else { continue };
        let known = if l.target == "timeline/index.html" {
            Some(&timeline_ids)
        } else if let Some(s) = source_ids.get(&l.target) {
            Some(s)
        } else {
            ids.get(l.target.as_str()).copied()
        };
        if let Some(set) = known {
            if !set.contains(anchor) {
                diags.push(Diagnostic::at(
                    l.span.clone(),
                    format!("broken anchor: `{}` has no `#{anchor}`", l.target),
                ));
            }
        }
    }

    // Term mentions in sources, pages and events.
    let mut terms_on: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    if let (Some(m), Some(g)) = (&matcher, &glossary) {
        // Every text scanned and where it is: pages first, then events,
        // then sources.
        let event_texts: Vec<(String, String)> = event_docs
            .iter()
            .enumerate()
            .map(|(ei, e)| {
                let text = format!(
                    "{} {}",
                    e.event.meta.title,
                    e.body
                        .paragraphs
                        .iter()
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                (text, format!("event:{ei}"))
            })
            .collect();
        let event_targets: Vec<String> = event_docs.iter().map(EventDoc::target).collect();
        let source_outs: Vec<String> = sources
            .iter()
            .map(|s| format!("sources/{}/index.html", s.slug))
            .collect();
        // Each place's text, and the texts in groups (a page, an event, a
        // source) with a key standing for them when `serve` knows one.
        let mut places: Vec<(&str, Place<'_>)> = Vec::new();
        let mut groups: Vec<(Vec<&str>, Option<u64>)> = Vec::new();
        let known = |k: u64| (k != 0).then_some(k);
        for p in &page_docs {
            for para in &p.body.paragraphs {
                let at = Place {
                    title: &p.page.meta.title,
                    page: &p.out,
                    anchor: &para.id,
                    kind: p.kind(),
                    on: &p.out,
                    event: None,
                };
                places.push((&para.text, at));
            }
            let texts = p.body.paragraphs.iter().map(|q| q.text.as_str()).collect();
            groups.push((texts, known(p.body.memo_key)));
        }
        for (ei, e) in event_docs.iter().enumerate() {
            let target = &event_targets[ei];
            let (page, anchor) = target.split_once('#').unwrap_or((target, ""));
            let at = Place {
                title: &e.event.meta.title,
                page,
                anchor,
                kind: "event",
                on: &event_texts[ei].1,
                event: Some(ei),
            };
            places.push((&event_texts[ei].0, at));
            let key =
                known(e.body.memo_key).map(|k| crate::fingerprint::of(&(k, &e.event.meta.title)));
            groups.push((vec![event_texts[ei].0.as_str()], key));
        }
        for (s, out) in sources.iter().zip(&source_outs) {
            for b in &s.blocks {
                let at = Place {
                    title: s.display_title(),
                    page: out,
                    anchor: &b.id,
                    kind: "source",
                    on: out,
                    event: None,
                };
                places.push((&b.text, at));
            }
            let texts = s.blocks.iter().map(|b| b.text.as_str()).collect();
            groups.push((texts, Some(s.fingerprint)));
        }
        // Matched in parallel (and remembered by `serve`)…
        let group_hits = memo.term_hits(&g.text, m, &groups);
        let hits: Vec<&[TermMatch]> = group_hits
            .iter()
            .flat_map(|g| g.hits.iter().map(Vec::as_slice))
            .collect();

        // …summed up per group (remembered with the matches)…
        let mut starts = Vec::with_capacity(groups.len());
        let mut next = 0;
        for (texts, _) in &groups {
            starts.push(next);
            next += texts.len();
        }

        // …and counted in order: every mention is counted, but a term page
        // shows at most MENTION_PAGES pages of each kind and
        // MENTION_SNIPPETS snippets of each page, so a common term's page
        // stays readable and small.
        let kinds = ["home", "brief", "summary", "page", "event", "source"];
        let slot = |kind: &str| kinds.iter().position(|k| *k == kind).unwrap_or(0);
        let mut per_kind: Vec<[usize; 6]> = vec![[0; 6]; term_docs.len()];
        // Per term: mentions and pages.
        let mut tally: Vec<(usize, usize)> = vec![(0, 0); term_docs.len()];
        // Mentions to list: (term, text, hit), in order.
        let mut listed: Vec<(usize, usize, usize)> = Vec::new();
        for (scan, &start) in group_hits.iter().zip(&starts) {
            let Some(at) = scan.found.first().map(|f| &places[start + f.first[0].0].1) else {
                continue;
            };
            let terms = scan.found.iter().map(|f| rank[f.term]);
            match terms_on.entry(at.on.to_string()) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(terms.collect());
                }
                std::collections::btree_map::Entry::Occupied(mut o) => o.get_mut().extend(terms),
            }
            let kind = slot(at.kind);
            for f in &scan.found {
                let t = rank[f.term];
                if let Some(ei) = at.event {
                    let events = &mut term_docs[t].events;
                    if events.last() != Some(&ei) {
                        events.push(ei);
                    }
                }
                tally[t].0 += f.count;
                tally[t].1 += 1;
                let n = &mut per_kind[t][kind];
                *n += 1;
                if *n <= MENTION_PAGES {
                    listed.extend(f.first.iter().map(|&(i, h)| (t, start + i, h)));
                }
            }
        }
        // …and the listed ones cut into snippets in parallel.
        let mentions: Vec<(usize, Mention)> = listed
            .par_iter()
            .map(|&(term, k, h)| {
                let (text, at) = &places[k];
                let hit = &hits[k][h];
                let (before, h, after) = terms::snippet(text, hit.start, hit.end, 30);
                let page = BackRef {
                    title: at.title.to_string(),
                    target: anchor_target(at.page, at.anchor),
                    kind: at.kind,
                };
                (
                    term,
                    Mention {
                        page,
                        before,
                        hit: h,
                        after,
                    },
                )
            })
            .collect();
        for (t, mention) in mentions {
            term_docs[t].mentions.push(mention);
        }
        for (t, (count, pages)) in tally.into_iter().enumerate() {
            term_docs[t].mention_count = count;
            term_docs[t].mention_pages = pages;
        }
    }
    for (ei, e) in event_docs.iter().enumerate() {
        for &a in &e.actors {
            if !term_docs[a].events.contains(&ei) {
                term_docs[a].events.push(ei);
            }
        }
    }
    for t in &mut term_docs {
        t.events.sort_unstable();
    }
    for e in &mut event_docs {
        e.actors.sort_unstable();
    }

    // Tags.
    let mut tags: BTreeMap<String, Vec<BackRef>> = BTreeMap::new();
    for p in &page_docs {
        for t in &p.page.tags {
            tags.entry(t.clone()).or_default().push(BackRef {
                title: p.page.meta.title.clone(),
                target: p.out.clone(),
                kind: p.kind(),
            });
        }
    }
    for e in &event_docs {
        for t in &e.event.tags {
            tags.entry(t.clone()).or_default().push(BackRef {
                title: format!("{} — {}", e.event.date.display(), e.event.meta.title),
                target: e.target(),
                kind: "event",
            });
        }
    }
    for v in tags.values_mut() {
        v.sort();
        v.dedup();
    }

    let terms_key = crate::fingerprint::of(
        &term_docs
            .iter()
            .map(|t| (&t.id, &t.name, &t.zh))
            .collect::<Vec<_>>(),
    );
    Model {
        terms_key,
        sources,
        pages: page_docs,
        events: event_docs,
        terms: term_docs,
        tags,
        cited,
        linked_from,
        terms_on,
        print,
        print_omitted,
        summaries,
    }
}

/// Renders the home page and the briefs (by weight, then title) again for the
/// print edition.
fn print_edition(
    pages: &[PageDoc],
    index: &Index<'_>,
    memo: &RenderMemo,
    world: u64,
) -> (Vec<PrintSection>, usize) {
    let mut chosen: Vec<&PageDoc> = pages.iter().filter(|p| p.kind() == "home").collect();
    let mut briefs: Vec<&PageDoc> = pages.iter().filter(|p| p.kind() == "brief").collect();
    briefs.sort_by_key(|p| {
        (
            p.page.meta.weight.unwrap_or(i64::MAX),
            p.page.meta.title.to_lowercase(),
        )
    });
    // A one-page edition of thousands of briefs helps nobody and weighs
    // hundreds of megabytes: past the limit, briefs are printed from their pages.
    let omitted = if briefs.len() > PRINT_MAX_BRIEFS {
        briefs.len()
    } else {
        0
    };
    if omitted == 0 {
        chosen.extend(briefs);
    }
    let sections = chosen
        .par_iter()
        .map(|p| {
            let prefix = if p.page.dir.is_empty() {
                "home-".to_string()
            } else {
                format!("{}-", p.page.dir.replace('/', "-"))
            };
            let input = MdInput {
                path: &p.page.file,
                text: &p.page.body,
                base_line: p.page.body_line,
                page: "print/index.html",
                first_note: 1,
                inline: false,
                base_col: 0,
                id_prefix: &prefix,
            };
            let body = memo.render(world, &input, index);
            PrintSection {
                title: p.page.meta.title.clone(),
                prefix,
                body,
            }
        })
        .collect();
    (sections, omitted)
}

/// Lets go of each page's Markdown source once it is rendered (for the
/// page and for the print edition): nothing after the model reads it, and at
/// 10,000 pages it is over 100 MB. A page `serve` keeps for its next build
/// is shared with its cache, so it is left as it is.
fn release_sources(pages: &mut [PageDoc]) {
    for p in pages {
        if let Some(page) = Arc::get_mut(&mut p.page) {
            page.body = String::new();
        }
    }
}

fn is_index_file(p: &Page) -> bool {
    !p.section.is_empty()
        && (p.content_path.ends_with("/_index.md") || p.content_path.ends_with("/index.md"))
}

/// Pairs grouped by key, each group sorted and without repeats.
fn group_sorted<K: Ord + Send, V: Ord + Send>(mut pairs: Vec<(K, V)>) -> BTreeMap<K, Vec<V>> {
    pairs.par_sort_unstable();
    pairs.dedup();
    let mut out: Vec<(K, Vec<V>)> = Vec::new();
    for (k, v) in pairs {
        match out.last_mut() {
            Some((last, group)) if *last == k => group.push(v),
            _ => out.push((k, vec![v])),
        }
    }
    // Already in key order, so the map is built without searching.
    out.into_iter().collect()
}

fn anchor_target(out: &str, id: &str) -> String {
    if id.is_empty() {
        out.to_string()
    } else {
        format!("{out}#{id}")
    }
}

fn check_duplicate_slugs(sources: &[Arc<Source>], events: &[Arc<Event>], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for s in sources {
        if let Some(other) = seen.insert(&s.slug, &s.file) {
            diags.push(Diagnostic::at(
                Span::file(&s.file),
                format!("source slug `{}` is also used by {other}", s.slug),
            ));
        }
    }
    let mut seen: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
    for e in events {
        if let Some(other) = seen.insert(&e.slug, &e.file) {
            diags.push(Diagnostic::at(
                Span::file(&e.file),
                format!("event id `{}` is also used by {}", e.slug, other.display()),
            ));
        }
    }
}

/// An output path claimed by an input: (path, what claims it, where).
type OutputClaim = (String, String, Option<Span>);

/// Two inputs writing the same output path, also when the paths differ only
/// in letter case (they collide on macOS and Windows checkouts).
fn check_collisions(outputs: &[OutputClaim], diags: &mut Diagnostics) {
    let mut by_key: BTreeMap<String, Vec<&OutputClaim>> = BTreeMap::new();
    for o in outputs {
        by_key.entry(o.0.to_lowercase()).or_default().push(o);
    }
    for group in by_key.values().filter(|g| g.len() > 1) {
        let names: Vec<String> = group
            .iter()
            .map(|(out, what, _)| format!("{what} ({out})"))
            .collect();
        let span = group.iter().find_map(|(_, _, s)| s.clone());
        diags.push(Diagnostic::error(
            span,
            format!("output path collision: {}", names.join(" and ")),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_remembered_matcher_reports_its_glossary_problems_every_build() {
        let text = "[[term]]\nid = \"a\"\nname = \"Alpha\"\nkind = \"concept\"\ndefinition = \"d\"\n\n[[term]]\nid = \"b\"\nname = \"Beta\"\nkind = \"concept\"\naliases = [\"alpha\"]\ndefinition = \"d\"\n";
        let mut d = Diagnostics::new();
        let g = crate::content::parse_glossary(Path::new("content/glossary.toml"), text, &mut d)
            .expect("the glossary parses");
        assert!(d.is_empty());
        let memo = RenderMemo::default();
        let first = {
            let mut d = Diagnostics::new();
            let m = memo.matcher(&g, &mut d);
            (m, d.error_count())
        };
        let mut again = Diagnostics::new();
        let m = memo.matcher(&g, &mut again);
        assert!(Arc::ptr_eq(&first.0, &m), "the matcher is remembered");
        assert_eq!((first.1, again.error_count()), (1, 1));
        // Another glossary text: built again.
        let g2 = crate::content::parse_glossary(
            Path::new("content/glossary.toml"),
            &text.replace("[\"alpha\"]", "[]"),
            &mut Diagnostics::new(),
        )
        .expect("the glossary parses");
        let mut d2 = Diagnostics::new();
        assert!(!Arc::ptr_eq(&memo.matcher(&g2, &mut d2), &m));
        assert!(d2.is_empty());
    }
}
