//! What `serve` remembers of the model between rebuilds: Markdown renders
//! (by their text, and every question they asked of the sources and link
//! targets with its answer), the term matcher of the glossary, and the term
//! matches of each group of texts (and the aliases they were found with),
//! so an edit costs only the Markdown and texts it changed. A mode that keeps nothing (a one-off
//! build) remembers nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use rayon::prelude::*;

use super::backlinks::Backlinks;
use super::gathered::{Doc, Gather, KeptGather};
use super::markdown::{self, MdInput, Rendered, Resolver};
use super::mention::Mention;
use super::page_tags::PageTags;
use super::paths::{self, PathInputs, Targets};
use super::quotes::Quotes;
use super::scan::GroupScan;
use super::tally::{Group, Make, Tally, TermMentions, TermsOn};
use super::term_matcher::{Search, TermMatcher};
use super::translated::{self, SourceTranslation};
use crate::content::{Glossary, Page};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fingerprint::Hashed;
use crate::i18n::BodyWords;
use crate::mode::Mode;
use crate::sources::Source;
use crate::translations::Translation;

/// Pages' input keys by the page's address: the page, the hash of the
/// words and the key.
type PageKeys = crate::fingerprint::Map<usize, (Arc<Page>, u64, u64)>;

/// Section name → its pages in list order (`sections::Sections`, which
/// this module cannot name: the sections pass reads the bodies pass's
/// pages, which render through this memo).
type SectionLists = BTreeMap<String, Vec<usize>>;

/// Each source's translation, by the source's slug.
type Translated = BTreeMap<String, SourceTranslation>;

/// A value made from inputs (a term matcher, the link targets), the hash
/// of those inputs, and the problems found making it.
type KeptMade<T> = (u64, Arc<T>, Vec<Diagnostic>);

/// Term matches by the key of a group of texts, all found by a matcher of
/// `aliases` (see [`TermMatcher::aliases`]).
#[derive(Default)]
struct KeptScans {
    aliases: Vec<(usize, String, bool)>,
    map: HashMap<u64, Arc<GroupScan>>,
}

/// How the aliases of a matcher differ from those of the matcher that
/// found the kept matches.
enum Changed {
    Nothing,
    /// The aliases one has and the other lacks, found in any ASCII letter
    /// case (as the matcher finds them, or more).
    Aliases(AhoCorasick),
    /// Too many to tell: every group is scanned again.
    Everything,
}

impl Changed {
    fn between(old: &[(usize, String, bool)], new: &[(usize, String, bool)]) -> Changed {
        if old == new {
            return Changed::Nothing;
        }
        let (old_set, new_set): (HashSet<_>, HashSet<_>) =
            (old.iter().collect(), new.iter().collect());
        let differ: Vec<&str> = old_set
            .symmetric_difference(&new_set)
            .map(|(_, a, _)| a.as_str())
            .collect();
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(differ)
            .map_or(Changed::Everything, Changed::Aliases)
    }

    /// Whether matches found in `texts` by the old matcher are those the
    /// new one finds.
    fn spares<'t>(&self, texts: impl FnOnce() -> Vec<&'t str>) -> bool {
        match self {
            Changed::Nothing => true,
            Changed::Aliases(ac) => !texts().iter().any(|t| ac.is_match(t)),
            Changed::Everything => false,
        }
    }
}

/// A remembered render and what it asked of the world to make it, and
/// the hash of every answer of the last world its answers held in (see
/// `World::answers`): in a world with the same hash, they hold without
/// asking again.
struct KeptRender {
    asked: Vec<Asked>,
    rendered: Arc<Rendered>,
    held_in: AtomicU64,
}

/// A question a render asked of its [`Resolver`], with the answer it got
/// (a source by its fingerprint, lists by their hash).
#[derive(Hash)]
enum Asked {
    Source(String, Option<u64>),
    Internal(String, Option<String>),
    SourceSlugs(u64),
    InternalTargets(u64),
    NeedsGloss(String, usize, bool),
}

impl Asked {
    /// Whether `world` still gives the answer this question got.
    fn holds(&self, world: &dyn Resolver) -> bool {
        match self {
            Asked::Source(slug, answer) => fingerprint(world.source(slug)) == *answer,
            Asked::Internal(t, answer) => world.internal(t) == *answer,
            Asked::SourceSlugs(answer) => crate::fingerprint::of(&world.source_slugs()) == *answer,
            Asked::InternalTargets(answer) => {
                crate::fingerprint::of(&world.internal_targets()) == *answer
            }
            Asked::NeedsGloss(slug, block, answer) => world.needs_gloss(slug, *block) == *answer,
        }
    }
}

fn fingerprint(source: Option<&Source>) -> Option<u64> {
    source.map(crate::fingerprint::Hashed::fingerprint)
}

/// A resolver that writes down every question asked of the world it
/// stands for, with the answer.
struct Recorder<'a> {
    world: &'a dyn Resolver,
    asked: Mutex<Vec<Asked>>,
}

impl Recorder<'_> {
    fn note(&self, asked: Asked) {
        // A question lost would let a stale render be reused: a poisoned
        // lock (a panic elsewhere while it was held) is written to anyway.
        let mut v = self.asked.lock().unwrap_or_else(PoisonError::into_inner);
        v.push(asked);
    }
}

impl Resolver for Recorder<'_> {
    fn source(&self, slug: &str) -> Option<&Source> {
        let s = self.world.source(slug);
        self.note(Asked::Source(slug.to_string(), fingerprint(s)));
        s
    }
    fn internal(&self, target: &str) -> Option<String> {
        let t = self.world.internal(target);
        self.note(Asked::Internal(target.to_string(), t.clone()));
        t
    }
    fn source_slugs(&self) -> Vec<String> {
        let v = self.world.source_slugs();
        self.note(Asked::SourceSlugs(crate::fingerprint::of(&v)));
        v
    }
    fn internal_targets(&self) -> Vec<String> {
        let v = self.world.internal_targets();
        self.note(Asked::InternalTargets(crate::fingerprint::of(&v)));
        v
    }
    fn needs_gloss(&self, slug: &str, block: usize) -> bool {
        let b = self.world.needs_gloss(slug, block);
        self.note(Asked::NeedsGloss(slug.to_string(), block, b));
        b
    }
    fn words(&self) -> &BodyWords {
        self.world.words()
    }
}

/// Memoised Markdown renders, so `serve` re-renders only the Markdown whose
/// text or position changed, or whose answers from the world (the sources
/// and link targets it asked about) did.
pub struct RenderMemo {
    map: Mutex<HashMap<u64, Arc<KeptRender>>>,
    used: Mutex<HashSet<u64>>,
    /// Term matches by group of texts, and the aliases of the matcher
    /// that found them (see `term_hits`).
    hits: Mutex<KeptScans>,
    /// The term matcher of the last glossary, by its file and text, with
    /// the problems it found (building its automaton takes about 10 ms).
    matcher: Mutex<Option<KeptMade<TermMatcher>>>,
    /// The backlinks and quotes of the last build, with the documents
    /// they were gathered from, to patch.
    backlinks: Mutex<KeptGather<Backlinks>>,
    quotes: Mutex<KeptGather<Quotes>>,
    tags: Mutex<KeptGather<PageTags>>,
    /// The mention counts of the last build, to patch (see [`Tally`]).
    tally: Mutex<Option<Tally>>,
    /// The mentions terms' pages show, by the hash of what each is made
    /// from (see `mentions`).
    mentions: Mutex<crate::fingerprint::Map<u64, Arc<Hashed<Mention>>>>,
    /// The link targets of the last build.
    targets: Mutex<Option<KeptMade<Targets>>>,
    /// The translations matched to their sources in the last build, and
    /// the translation files of the last build, held so that no other
    /// file is given one of their addresses, which the key is made from.
    translated: Mutex<Option<KeptMade<Translated>>>,
    translation_files: Mutex<Vec<Arc<Translation>>>,
    /// The key of each page's Markdown input (see [`RenderMemo::page_key`])
    /// in the last build, by the page's address, with the page (held, so
    /// that no other page is given its address) and the words' hash; and
    /// those of this build so far.
    page_keys: Mutex<PageKeys>,
    next_page_keys: Mutex<PageKeys>,
    /// Each section's list of the last build, by the hash of what it is
    /// sorted by.
    sections: Mutex<Option<(u64, SectionLists)>>,
    /// A mode that keeps nothing renders without remembering.
    mode: Mode,
}

impl RenderMemo {
    /// An empty memo for runs of `mode`.
    pub fn new(mode: Mode) -> RenderMemo {
        RenderMemo {
            map: Mutex::default(),
            used: Mutex::default(),
            hits: Mutex::default(),
            matcher: Mutex::default(),
            backlinks: Mutex::default(),
            quotes: Mutex::default(),
            tags: Mutex::default(),
            tally: Mutex::default(),
            mentions: Mutex::default(),
            targets: Mutex::default(),
            translated: Mutex::default(),
            translation_files: Mutex::default(),
            page_keys: Mutex::default(),
            next_page_keys: Mutex::default(),
            sections: Mutex::default(),
            mode,
        }
    }

    /// `input` rendered against `resolver`, whose words hash to `words`.
    /// A remembered render is reused while every question it asked of
    /// the resolver (a source, a link target, whether a quote needs a
    /// gloss) still gets the same answer, so an edit of a seed or of a
    /// page's path re-renders only the Markdown that asked about it.
    /// `answers` gives the hash of every answer `resolver` can give: a
    /// render kept from a world with the same hash is reused without
    /// asking its questions again.
    pub(crate) fn render(
        &self,
        words: u64,
        input: &MdInput<'_>,
        resolver: &dyn Resolver,
        answers: &dyn Fn() -> u64,
    ) -> Arc<Rendered> {
        // A mode that keeps nothing renders without a key.
        let key = if self.mode.keeps() {
            crate::fingerprint::of(&(words, input))
        } else {
            0
        };
        self.render_keyed(key, input, resolver, answers)
    }

    /// The key [`RenderMemo::render`] gives `input`, the Markdown of `page`
    /// rendered with words that hash to `words`. In `serve`, the key of the
    /// last build while the page is the same value (a file not read again),
    /// so that an edit does not hash every page's text again.
    /// A mode that keeps nothing needs no key: 0.
    pub(crate) fn page_key(&self, page: &Arc<Page>, words: u64, input: &MdInput<'_>) -> u64 {
        if !self.mode.keeps() {
            return 0;
        }
        let at = Arc::as_ptr(page) as usize;
        let kept = self.page_keys.lock().ok().and_then(|known| {
            let k = known.get(&at)?;
            (k.1 == words).then_some(k.2)
        });
        let key = kept.unwrap_or_else(|| crate::fingerprint::of(&(words, input)));
        if let Ok(mut next) = self.next_page_keys.lock() {
            next.insert(at, (Arc::clone(page), words, key));
        }
        key
    }

    /// Forgets the keys of pages not seen since the last call.
    pub(crate) fn page_keys_done(&self) {
        if let (Ok(mut known), Ok(mut next)) = (self.page_keys.lock(), self.next_page_keys.lock()) {
            *known = std::mem::take(&mut *next);
        }
    }

    /// `input` rendered as [`RenderMemo::render`] does, by its key.
    pub(crate) fn render_keyed(
        &self,
        key: u64,
        input: &MdInput<'_>,
        resolver: &dyn Resolver,
        answers: &dyn Fn() -> u64,
    ) -> Arc<Rendered> {
        if !self.mode.keeps() {
            return Arc::new(markdown::render(input, resolver));
        }
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        let kept = self.map.lock().ok().and_then(|m| m.get(&key).cloned());
        if let Some(k) = kept {
            let world = answers();
            if k.held_in.load(Ordering::Relaxed) == world
                || k.asked.iter().all(|a| a.holds(resolver))
            {
                k.held_in.store(world, Ordering::Relaxed);
                return Arc::clone(&k.rendered);
            }
        }
        let recorder = Recorder {
            world: resolver,
            asked: Mutex::default(),
        };
        let mut r = markdown::render(input, &recorder);
        let asked = recorder
            .asked
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        // Equal text with equal answers renders equally: the key stands
        // for the render's text in later caches.
        r.memo_key = crate::fingerprint::of(&(key, &asked));
        let rendered = Arc::new(r);
        let kept = Arc::new(KeptRender {
            asked,
            rendered: Arc::clone(&rendered),
            held_in: AtomicU64::new(answers()),
        });
        if let Ok(mut m) = self.map.lock() {
            m.insert(key, kept);
        }
        rendered
    }

    /// The backlinks of `docs`: in `serve`, the last build's patched with
    /// the documents that changed.
    pub(crate) fn backlinks(&self, docs: Vec<Doc>) -> Arc<Backlinks> {
        self.gathered(&self.backlinks, docs)
    }

    /// The quoted words of `docs`' citations, patched as the backlinks are.
    pub(crate) fn quotes(&self, docs: Vec<Doc>) -> Arc<Quotes> {
        self.gathered(&self.quotes, docs)
    }

    /// The pages carrying each tag, patched as the backlinks are.
    pub(crate) fn tags(&self, docs: Vec<Doc>) -> Arc<PageTags> {
        self.gathered(&self.tags, docs)
    }

    fn gathered<G: Gather>(&self, kept: &Mutex<KeptGather<G>>, docs: Vec<Doc>) -> Arc<G> {
        if !self.mode.keeps() {
            return Arc::new(G::of_all(&docs));
        }
        match kept.lock() {
            Ok(mut k) => k.gather(docs),
            // What was kept may be half patched: gathered afresh, always.
            Err(_) => Arc::new(G::of_all(&docs)),
        }
    }

    /// The mention counts of `groups` (see [`Tally`]), ranked by `rank`,
    /// with the listed mentions made by `make`. In `serve`, the last
    /// build's counts patched with the groups that changed, their
    /// mentions made by `fresh`, when that gives the same.
    pub(crate) fn tally(
        &self,
        groups: &[Group<'_>],
        rank: &[usize],
        make: &Make<'_>,
        fresh: &Make<'_>,
    ) -> (Vec<TermMentions>, Arc<TermsOn>) {
        let rank_key = crate::fingerprint::of(rank);
        let Some(Ok(mut kept)) = self.mode.keeps().then(|| self.tally.lock()) else {
            return Tally::of(groups, rank, rank_key, make).mentions();
        };
        if let Some(t) = kept.as_mut() {
            if t.patch(groups, rank, rank_key, fresh) {
                return t.mentions();
            }
        }
        // What was kept is let go before it is counted afresh.
        *kept = None;
        let t = Tally::of(groups, rank, rank_key, make);
        let out = t.mentions();
        *kept = Some(t);
        out
    }

    /// A mention for each of `keys` (the hash of what the mention is made
    /// from, or `None` when unknown), made by `make` from its place in
    /// `keys`. In `serve`, a mention made for the same key in an earlier
    /// build is shared instead of made again; mentions no longer shown are
    /// forgotten once they are as many as those shown.
    pub(crate) fn mentions(
        &self,
        keys: &[Option<u64>],
        make: &(dyn Fn(usize) -> Mention + Sync),
    ) -> Vec<Arc<Hashed<Mention>>> {
        let fresh = |i: usize| Arc::new(Hashed::new(make(i)));
        let kept = self.mode.keeps().then(|| self.mentions.lock().ok());
        let Some(mut kept) = kept.flatten() else {
            return (0..keys.len()).into_par_iter().map(fresh).collect();
        };
        let shared: &crate::fingerprint::Map<u64, Arc<Hashed<Mention>>> = &kept;
        let found: Vec<(Arc<Hashed<Mention>>, bool)> = keys
            .par_iter()
            .enumerate()
            .map(|(i, k)| match k.and_then(|k| shared.get(&k)) {
                Some(m) => (Arc::clone(m), false),
                None => (fresh(i), true),
            })
            .collect();
        // The new mentions join the kept ones. Those no longer shown are let
        // go only when they are as many as those shown, so an edit does not
        // copy every mention.
        let new = keys.iter().zip(&found).filter(|(_, (_, new))| *new);
        let new: Vec<(u64, Arc<Hashed<Mention>>)> = new
            .filter_map(|(k, (m, _))| Some(((*k)?, Arc::clone(m))))
            .collect();
        if kept.len() + new.len() > 2 * keys.len() {
            *kept = keys
                .iter()
                .zip(&found)
                .filter_map(|(k, (m, _))| Some(((*k)?, Arc::clone(m))))
                .collect();
        } else {
            kept.extend(new);
        }
        found.into_iter().map(|(m, _)| m).collect()
    }

    /// The link targets made from `inputs`, reporting their problems to
    /// `diags` (again, when they are remembered).
    pub(crate) fn targets(&self, inputs: &PathInputs<'_>, diags: &mut Diagnostics) -> Arc<Targets> {
        let key = || crate::fingerprint::of(inputs);
        self.made(&self.targets, key, diags, |d| paths::targets(inputs, d))
    }

    /// The translations of `sources` in `files` matched block by block
    /// (see [`translated::link`]), reporting their problems to `diags`
    /// (again, when they are remembered). In `serve`, the last build's
    /// while the sources' fingerprints, the files (by address: a file
    /// `serve` did not read again is the same value) and the language
    /// are the same.
    pub(crate) fn translated(
        &self,
        sources: &[Arc<Source>],
        files: &[Arc<Translation>],
        language: &str,
        diags: &mut Diagnostics,
    ) -> Arc<Translated> {
        let key = || {
            let sources: Vec<u64> = sources.iter().map(|s| s.fingerprint()).collect();
            let files: Vec<*const Translation> = files.iter().map(Arc::as_ptr).collect();
            crate::fingerprint::of(&(sources, files, language))
        };
        let value = self.made(&self.translated, key, diags, |d| {
            translated::link(sources, files, language, d)
        });
        if self.mode.keeps() {
            if let Ok(mut held) = self.translation_files.lock() {
                *held = files.to_vec();
            }
        }
        value
    }

    /// Each section's pages in list order, made by `make` (see
    /// `sections::lists`): in `serve`, the last build's while `key`, the
    /// hash of what they are sorted by, is the same.
    pub(crate) fn sections(&self, key: u64, make: impl FnOnce() -> SectionLists) -> SectionLists {
        if !self.mode.keeps() {
            return make();
        }
        let Ok(mut kept) = self.sections.lock() else {
            return make();
        };
        match kept.as_ref() {
            Some((k, lists)) if *k == key => lists.clone(),
            _ => {
                let lists = make();
                *kept = Some((key, lists.clone()));
                lists
            }
        }
    }

    /// The matcher of `glossary`'s terms, reporting its problems to `diags`
    /// (again, when it is remembered).
    pub(crate) fn matcher(
        &self,
        glossary: &Glossary,
        search: Search,
        diags: &mut Diagnostics,
    ) -> Arc<TermMatcher> {
        let key = || crate::fingerprint::of(&(&glossary.file, &glossary.text, search));
        self.made(&self.matcher, key, diags, |d| {
            TermMatcher::new(glossary, search, d)
        })
    }

    /// What `make` makes, reporting its problems to `diags`. In `serve`,
    /// the value of the last build, and its problems again, while `key` (the
    /// hash of what `make` reads) is the same.
    fn made<T>(
        &self,
        kept: &Mutex<Option<KeptMade<T>>>,
        key: impl FnOnce() -> u64,
        diags: &mut Diagnostics,
        make: impl FnOnce(&mut Diagnostics) -> T,
    ) -> Arc<T> {
        if !self.mode.keeps() {
            return Arc::new(make(diags));
        }
        let key = key();
        if let Ok(kept) = kept.lock() {
            if let Some((k, value, problems)) = kept.as_ref() {
                if *k == key {
                    for d in problems {
                        diags.push(d.clone());
                    }
                    return Arc::clone(value);
                }
            }
        }
        let mut found = Diagnostics::new();
        let value = Arc::new(make(&mut found));
        let problems: Vec<Diagnostic> = found.iter().cloned().collect();
        diags.extend(found);
        if let Ok(mut kept) = kept.lock() {
            *kept = Some((key, Arc::clone(&value), problems));
        }
        value
    }

    /// The term matches of each group of texts (a page's paragraphs, a
    /// source's blocks), in parallel. With the memo on, a group's matches
    /// are remembered by the group's key, which stands for its texts (the
    /// key of the Markdown render, or the source's fingerprint), so
    /// unchanged texts are neither hashed nor scanned again. After a
    /// glossary edit, a group is scanned again only if an alias the new
    /// matcher has and the old one lacked, or the other way round, occurs
    /// in its texts. `keys`: each group's key, if known; `texts(g)`: the
    /// texts of group `g`, read only when they are scanned.
    pub(crate) fn term_hits<'t>(
        &self,
        matcher: &TermMatcher,
        keys: &[Option<u64>],
        texts: &(dyn Fn(usize) -> Vec<&'t str> + Sync),
    ) -> Vec<Arc<GroupScan>> {
        let find = |g: usize| Arc::new(GroupScan::new(matcher, &texts(g)));
        let Some(mut kept) = self.mode.keeps().then(|| self.hits.lock().ok()).flatten() else {
            return (0..keys.len()).into_par_iter().map(find).collect();
        };
        let aliases = matcher.aliases();
        let changed = Changed::between(&kept.aliases, &aliases);
        let known: Vec<Option<Arc<GroupScan>>> = keys
            .iter()
            .map(|k| k.and_then(|k| kept.map.get(&k).cloned()))
            .collect();
        let out: Vec<(Arc<GroupScan>, bool)> = known
            .into_par_iter()
            .enumerate()
            .map(|(g, k)| match k.filter(|_| changed.spares(|| texts(g))) {
                Some(scan) => (scan, false),
                None => (find(g), true),
            })
            .collect();
        let renewed = !matches!(changed, Changed::Nothing);
        if renewed {
            // What was kept was found by the old matcher: only this
            // build's groups, checked above, stay.
            kept.map.clear();
            kept.aliases = aliases;
        }
        for ((scan, fresh), key) in out.iter().zip(keys) {
            if let (true, Some(k)) = (*fresh || renewed, key) {
                kept.map.insert(*k, Arc::clone(scan));
            }
        }
        // Groups that are gone are forgotten once they are as many as the
        // groups of the site.
        if kept.map.len() > 2 * keys.len() {
            let live: HashSet<u64> = keys.iter().flatten().copied().collect();
            kept.map.retain(|k, _| live.contains(k));
        }
        out.into_iter().map(|(scan, _)| scan).collect()
    }

    /// Forgets renders the last build did not use (bounds memory in `serve`).
    pub fn retain_used(&self) {
        if let (Ok(mut map), Ok(mut used)) = (self.map.lock(), self.used.lock()) {
            map.retain(|k, _| used.contains(k));
            used.clear();
        }
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
        let memo = RenderMemo::new(Mode::Serve);
        let first = {
            let mut d = Diagnostics::new();
            let m = memo.matcher(&g, Search::Dfa, &mut d);
            (m, d.error_count())
        };
        let mut again = Diagnostics::new();
        let m = memo.matcher(&g, Search::Dfa, &mut again);
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
        assert!(!Arc::ptr_eq(&memo.matcher(&g2, Search::Dfa, &mut d2), &m));
        assert!(d2.is_empty());
    }
}
