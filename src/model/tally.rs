//! The mentions pass's counts: for each term, its mentions, the pages
//! (events, sources) they are on, the events that mention it and the
//! mentions its page lists; and the terms found in each group of texts.
//! Worked out from every group's scan at once, or, in `serve`, patched:
//! the groups whose scan or place changed are taken out and put in again,
//! and only the terms they hold get their listed mentions made again.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::mention::Mention;
use super::scan::GroupScan;
use crate::fingerprint::Hashed;

/// On a term page: at most this many pages of each kind are listed…
pub const MENTION_PAGES: usize = 40;

/// The kinds of place a term page lists separately (see [`Group::slot`]).
const SLOTS: usize = 6;

/// What the scan found for one term.
#[derive(Default, Clone)]
pub struct TermMentions {
    /// The mentions a term page shows.
    pub shown: Vec<Arc<Hashed<Mention>>>,
    /// All mentions, and the number of pages (events, sources) they are on.
    pub count: usize,
    pub pages: usize,
    /// The events that mention the term (indices into the events).
    pub events: Vec<usize>,
}

/// Output path (or `event:<n>`) → the terms mentioned there, sorted.
pub type TermsOn = BTreeMap<String, Arc<[usize]>>;

/// A group of texts as the counts see it.
pub struct Group<'a> {
    pub scan: &'a Arc<GroupScan>,
    /// The kind of place it is, as a number below [`SLOTS`]: a term page
    /// lists at most [`MENTION_PAGES`] of each.
    pub slot: usize,
    /// The event it is (index into the model's events).
    pub event: Option<usize>,
    /// Its key in [`TermsOn`].
    pub on: &'a str,
    /// The hash of what its mentions are made from besides the scan (its
    /// texts' key, title, output path, kind, anchor) and of `slot`,
    /// `event` and `on`.
    pub place: u64,
}

/// A mention to list: (term, group, text in the group, match in the text).
pub type Listed = (usize, usize, usize, usize);

/// Makes the mentions of `listed`, in order.
pub type Make<'m> = dyn Fn(&[Listed]) -> Vec<Arc<Hashed<Mention>>> + Sync + 'm;

/// A group as it was counted: its scan (held, so that its address is not
/// given to another while it is compared by address) and place.
struct Counted {
    scan: Arc<GroupScan>,
    on: String,
    slot: usize,
    event: Option<usize>,
    place: u64,
}

/// A term's listed mentions worked out again: the term, what each is,
/// and the mention kept (`None`: one to make).
type Again = (
    usize,
    Vec<(usize, usize, usize)>,
    Vec<Option<Arc<Hashed<Mention>>>>,
);

/// One term's counts and the groups it is found in, by slot, in order.
#[derive(Default, Clone)]
struct TermTally {
    mentions: TermMentions,
    groups: [Vec<usize>; SLOTS],
    /// What each listed mention is: (group, text in the group, match in
    /// the text), in order, parallel to `mentions.shown`.
    listed: Vec<(usize, usize, usize)>,
}

/// The counts of every term and the terms of every group.
pub struct Tally {
    rank_key: u64,
    groups: Vec<Counted>,
    terms: Vec<TermTally>,
    terms_on: Arc<TermsOn>,
    /// Whether every group has a key of its own in `terms_on` (groups at
    /// one output path, an error of the paths pass, are counted afresh).
    unique_on: bool,
}

impl Tally {
    /// The counts of `groups`, whose terms are ranked by `rank` (term
    /// number → display number; `rank_key` its hash).
    pub fn of(groups: &[Group<'_>], rank: &[usize], rank_key: u64, make: &Make<'_>) -> Tally {
        let mut terms: Vec<TermTally> = vec![TermTally::default(); rank.len()];
        let mut terms_on = TermsOn::new();
        let mut listed: Vec<Listed> = Vec::new();
        for (g, at) in groups.iter().enumerate() {
            if at.scan.found.is_empty() {
                continue;
            }
            terms_on.insert(at.on.to_string(), at.scan.terms_by(rank, rank_key));
            for f in &at.scan.found {
                let t = rank[f.term];
                let term = &mut terms[t];
                if let Some(ei) = at.event {
                    if term.mentions.events.last() != Some(&ei) {
                        term.mentions.events.push(ei);
                    }
                }
                add(term, at.slot, f.count, g);
                if term.groups[at.slot].len() <= MENTION_PAGES {
                    listed.extend(f.first.iter().map(|&(i, h)| (t, g, i, h)));
                }
            }
        }
        let nonempty = groups.iter().filter(|g| !g.scan.found.is_empty()).count();
        for (&(t, g, i, h), mention) in listed.iter().zip(make(&listed)) {
            terms[t].mentions.shown.push(mention);
            terms[t].listed.push((g, i, h));
        }
        Tally {
            rank_key,
            groups: groups.iter().map(Counted::of).collect(),
            terms,
            unique_on: terms_on.len() == nonempty,
            terms_on: Arc::new(terms_on),
        }
    }

    /// Patches the counts with the groups of `groups` whose scan or place
    /// differs from the one counted. Gives `false`, leaving the counts
    /// as they are, when patching would not give what counting afresh
    /// gives, or would not be faster: another number of groups, another
    /// ranking, a group at another output path, or many changed groups.
    pub fn patch(
        &mut self,
        groups: &[Group<'_>],
        rank: &[usize],
        rank_key: u64,
        make: &Make<'_>,
    ) -> bool {
        if !self.unique_on || self.rank_key != rank_key || self.groups.len() != groups.len() {
            return false;
        }
        let changed: Vec<usize> = (0..groups.len())
            .into_par_iter()
            .filter(|&g| !self.groups[g].is(&groups[g]))
            .collect();
        if changed.len() > (groups.len() / 8).max(2) {
            return false;
        }
        if changed.iter().any(|&g| self.groups[g].on != groups[g].on) {
            return false;
        }
        let mut affected: BTreeSet<usize> = BTreeSet::new();
        let changed: BTreeSet<usize> = changed.into_iter().collect();
        let terms_on = Arc::make_mut(&mut self.terms_on);
        for &g in &changed {
            let (old, new) = (&self.groups[g], &groups[g]);
            for f in &old.scan.found {
                let t = rank[f.term];
                affected.insert(t);
                take(&mut self.terms[t], old.slot, f.count, g);
            }
            for f in &new.scan.found {
                let t = rank[f.term];
                affected.insert(t);
                add(&mut self.terms[t], new.slot, f.count, g);
            }
            if new.scan.found.is_empty() {
                terms_on.remove(new.on);
            } else {
                terms_on.insert(new.on.to_string(), new.scan.terms_by(rank, rank_key));
            }
            self.groups[g] = Counted::of(new);
        }
        self.events_again(&affected);
        self.list_again(&affected, &changed, rank, make);
        true
    }

    /// Works out the events of `terms` again from their groups, as
    /// [`Tally::of`] does: in group order, each once.
    fn events_again(&mut self, terms: &BTreeSet<usize>) {
        for &t in terms {
            let term = &mut self.terms[t];
            let mut at: Vec<(usize, usize)> = term
                .groups
                .iter()
                .flatten()
                .filter_map(|&g| Some((g, self.groups[g].event?)))
                .collect();
            at.sort_unstable();
            let mut events: Vec<usize> = at.into_iter().map(|(_, e)| e).collect();
            events.dedup();
            term.mentions.events = events;
        }
    }

    /// Lists the mentions of `terms` again from their groups: the
    /// mentions of a group not `changed` that was listed before are taken
    /// as they were, the others are made by `make`.
    fn list_again(
        &mut self,
        terms: &BTreeSet<usize>,
        changed: &BTreeSet<usize>,
        rank: &[usize],
        make: &Make<'_>,
    ) {
        let mut number = vec![0; rank.len()];
        for (n, &t) in rank.iter().enumerate() {
            number[t] = n;
        }
        let (groups, was) = (&self.groups, &self.terms);
        // Each term's new list, with the mentions kept (`None` for those
        // to make), in parallel.
        let lists: Vec<Again> = terms
            .par_iter()
            .map(|&t| {
                let was = &was[t];
                let mut firsts: Vec<usize> = was
                    .groups
                    .iter()
                    .flat_map(|gs| gs.iter().take(MENTION_PAGES).copied())
                    .collect();
                firsts.sort_unstable();
                let (mut listed, mut shown) = (Vec::new(), Vec::new());
                // Both lists are in group order: walked side by side.
                let mut w = 0;
                for g in firsts {
                    while was.listed.get(w).is_some_and(|l| l.0 < g) {
                        w += 1;
                    }
                    let listed_before = was.listed.get(w).is_some_and(|l| l.0 == g);
                    if listed_before && !changed.contains(&g) {
                        while let Some(&at) = was.listed.get(w).filter(|l| l.0 == g) {
                            listed.push(at);
                            shown.push(Some(Arc::clone(&was.mentions.shown[w])));
                            w += 1;
                        }
                        continue;
                    }
                    let found = &groups[g].scan.found;
                    let f = found
                        .binary_search_by_key(&number[t], |f| f.term)
                        .ok()
                        .map(|i| &found[i]);
                    for &(i, h) in f.into_iter().flat_map(|f| &f.first) {
                        listed.push((g, i, h));
                        shown.push(None);
                    }
                }
                (t, listed, shown)
            })
            .collect();
        let to_make: Vec<Listed> = lists
            .iter()
            .flat_map(|(t, listed, shown)| {
                let new = listed.iter().zip(shown).filter(|(_, m)| m.is_none());
                new.map(|(&(g, i, h), _)| (*t, g, i, h))
            })
            .collect();
        let mut made = make(&to_make).into_iter();
        for (t, listed, kept) in lists {
            let shown = kept.into_iter().map(|m| m.or_else(|| made.next()));
            let term = &mut self.terms[t];
            term.mentions.shown = shown.flatten().collect();
            debug_assert_eq!(term.mentions.shown.len(), listed.len());
            term.listed = listed;
        }
    }

    /// Each term's counts and listed mentions, by display number, and the
    /// terms of each output path.
    pub fn mentions(&self) -> (Vec<TermMentions>, Arc<TermsOn>) {
        let terms = self.terms.iter().map(|t| t.mentions.clone()).collect();
        (terms, Arc::clone(&self.terms_on))
    }
}

impl Counted {
    fn of(g: &Group<'_>) -> Counted {
        Counted {
            scan: Arc::clone(g.scan),
            on: g.on.to_string(),
            slot: g.slot,
            event: g.event,
            place: g.place,
        }
    }

    /// Whether `g` is the group counted: the same scan, the same place.
    fn is(&self, g: &Group<'_>) -> bool {
        Arc::ptr_eq(&self.scan, g.scan) && self.place == g.place
    }
}

/// Counts a term's `count` mentions in group `g`, a place of kind `slot`
/// (its events are worked out apart).
fn add(term: &mut TermTally, slot: usize, count: usize, g: usize) {
    term.mentions.count += count;
    term.mentions.pages += 1;
    let groups = &mut term.groups[slot];
    if let Err(i) = groups.binary_search(&g) {
        groups.insert(i, g);
    }
}

/// Takes out what [`add`] counted.
fn take(term: &mut TermTally, slot: usize, count: usize, g: usize) {
    term.mentions.count -= count;
    term.mentions.pages -= 1;
    let groups = &mut term.groups[slot];
    if let Ok(i) = groups.binary_search(&g) {
        groups.remove(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use crate::model::back_ref::BackRef;
    use crate::model::kind::PageKind;
    use crate::model::term_matcher::{Search, TermMatcher};
    use proptest::prelude::*;

    const WORDS: [&str; 6] = ["alpha", "beta", "gamma", "delta", "and", "the"];

    fn matcher() -> TermMatcher {
        let mut text = String::new();
        for id in &WORDS[..4] {
            text += &format!(
                "[[term]]\nid = \"{id}\"\nname = \"{id}\"\nkind = \"concept\"\ndefinition = \"d\"\n\n"
            );
        }
        let mut d = Diagnostics::new();
        let path = std::path::Path::new("content/glossary.toml");
        let g = crate::content::parse_glossary(path, &text, &mut d).expect("the glossary parses");
        TermMatcher::new(&g, Search::Nfa, &mut d)
    }

    /// A group: its slot and its texts, as word numbers.
    type Spec = (usize, Vec<Vec<usize>>);

    fn group() -> impl Strategy<Value = Spec> {
        let text = prop::collection::vec(0..WORDS.len(), 0..6);
        (0..SLOTS, prop::collection::vec(text, 0..4))
    }

    /// The groups of `specs`, scanned, with their output paths.
    struct Site {
        scans: Vec<Arc<GroupScan>>,
        specs: Vec<Spec>,
        on: Vec<String>,
    }

    impl Site {
        fn texts(spec: &Spec) -> Vec<String> {
            let words = |t: &Vec<usize>| t.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" ");
            spec.1.iter().map(words).collect()
        }

        fn new(m: &TermMatcher, specs: Vec<Spec>) -> Site {
            let scans = specs.iter().map(|s| Site::scan(m, s)).collect();
            let on = (0..specs.len()).map(|g| format!("g{g}")).collect();
            Site { scans, specs, on }
        }

        fn scan(m: &TermMatcher, spec: &Spec) -> Arc<GroupScan> {
            let texts = Site::texts(spec);
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            Arc::new(GroupScan::new(m, &texts))
        }

        fn groups(&self) -> Vec<Group<'_>> {
            let events = self.specs.iter().scan(0, |n, s| {
                let e = (s.0 == 4).then_some(*n);
                *n += usize::from(s.0 == 4);
                Some(e)
            });
            let at = self.scans.iter().zip(&self.specs).zip(&self.on).zip(events);
            at.map(|(((scan, spec), on), event)| Group {
                scan,
                slot: spec.0,
                event,
                on,
                place: crate::fingerprint::of(&(spec, on, event)),
            })
            .collect()
        }

        fn make(&self, listed: &[Listed]) -> Vec<Arc<Hashed<Mention>>> {
            let mention = |&(t, g, i, h): &Listed| {
                let texts = Site::texts(&self.specs[g]);
                let hit = &self.scans[g].hits[i][h];
                Arc::new(Hashed::new(Mention {
                    page: BackRef {
                        title: format!("term {t}"),
                        target: self.on[g].clone(),
                        kind: PageKind::Brief,
                    },
                    before: format!("{i}"),
                    hit: texts[i][hit.start..hit.end].to_string(),
                    after: format!("{h}"),
                }))
            };
            listed.iter().map(mention).collect()
        }
    }

    /// A term's counts, events and the fingerprints of its listed mentions.
    type Seen = (usize, usize, Vec<usize>, Vec<u64>);

    /// What a tally gives, comparable.
    fn seen(t: &Tally) -> (Vec<Seen>, TermsOn) {
        let (terms, on) = t.mentions();
        let terms = terms.into_iter().map(|m| {
            let shown = m.shown.iter().map(|s| s.fingerprint()).collect();
            (m.count, m.pages, m.events, shown)
        });
        (terms.collect(), (*on).clone())
    }

    proptest! {
        #[test]
        fn patched_counts_are_those_counted_afresh(
            specs in prop::collection::vec(group(), 1..40),
            edits in prop::collection::vec((any::<prop::sample::Index>(), group()), 1..4),
        ) {
            let m = matcher();
            let rank = [2, 0, 3, 1];
            let key = crate::fingerprint::of(&rank);
            let mut site = Site::new(&m, specs);
            let mut tally = Tally::of(&site.groups(), &rank, key, &|l| site.make(l));
            for (at, spec) in edits {
                let g = at.index(site.specs.len());
                site.scans[g] = Site::scan(&m, &spec);
                site.specs[g] = spec;
                let groups = site.groups();
                let afresh = Tally::of(&groups, &rank, key, &|l| site.make(l));
                if tally.patch(&groups, &rank, key, &|l| site.make(l)) {
                    prop_assert_eq!(seen(&tally), seen(&afresh));
                } else {
                    tally = afresh;
                }
            }
        }
    }

    #[test]
    fn a_term_page_lists_at_most_forty_places_of_a_kind_and_a_patch_keeps_it_so() {
        let m = matcher();
        let rank = [0, 1, 2, 3];
        let key = crate::fingerprint::of(&rank);
        let specs: Vec<Spec> = (0..50).map(|_| (1, vec![vec![0]])).collect();
        let mut site = Site::new(&m, specs);
        let mut tally = Tally::of(&site.groups(), &rank, key, &|l| site.make(l));
        assert_eq!(seen(&tally).0[0].3.len(), MENTION_PAGES);
        // The first group no longer mentions the term: the 41st is listed.
        site.specs[0] = (1, vec![vec![4]]);
        site.scans[0] = Site::scan(&m, &site.specs[0]);
        assert!(tally.patch(&site.groups(), &rank, key, &|l| site.make(l)));
        let (terms, on) = seen(&tally);
        assert_eq!(
            (terms[0].0, terms[0].1, terms[0].3.len()),
            (49, 49, MENTION_PAGES)
        );
        assert!(!on.contains_key("g0"));
        let afresh = Tally::of(&site.groups(), &rank, key, &|l| site.make(l));
        assert_eq!(seen(&tally), seen(&afresh));
    }

    #[test]
    fn groups_at_one_path_or_moved_or_a_new_ranking_are_counted_afresh() {
        let m = matcher();
        let rank = [0, 1, 2, 3];
        let key = crate::fingerprint::of(&rank);
        let specs: Vec<Spec> = (0..20).map(|_| (1, vec![vec![0, 1]])).collect();
        let mut site = Site::new(&m, specs);
        let mut tally = Tally::of(&site.groups(), &rank, key, &|l| site.make(l));
        // A group moved to another output path.
        site.on[3] = "elsewhere".into();
        assert!(!tally.patch(&site.groups(), &rank, key, &|l| site.make(l)));
        // Another ranking.
        let other = [1, 0, 2, 3];
        let other_key = crate::fingerprint::of(&other);
        assert!(!tally.patch(&site.groups(), &other, other_key, &|l| site.make(l)));
        // Two groups at one path (an error of the paths pass): never patched.
        site.on[4] = site.on[5].clone();
        let mut tally = Tally::of(&site.groups(), &rank, key, &|l| site.make(l));
        site.specs[0] = (1, vec![vec![2]]);
        site.scans[0] = Site::scan(&m, &site.specs[0]);
        assert!(!tally.patch(&site.groups(), &rank, key, &|l| site.make(l)));
    }
}
