//! What `serve` remembers of the model between rebuilds: Markdown renders
//! (by everything they are made from), the term matcher of the glossary, and
//! the term matches of each group of texts, so an edit costs only the
//! Markdown and texts it changed. A mode that keeps nothing (a one-off
//! build) remembers nothing.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::markdown::{self, MdInput, Rendered, Resolver};
use super::scan::GroupScan;
use super::term_matcher::TermMatcher;
use crate::content::Glossary;
use crate::diag::{Diagnostic, Diagnostics};
use crate::mode::Mode;

/// A term matcher, the key of the glossary it was built from, and the
/// problems it found.
type KeptMatcher = (u64, Arc<TermMatcher>, Vec<Diagnostic>);

/// Memoised Markdown renders, so `serve` re-renders only the Markdown whose
/// text, position or world (sources and link targets) changed.
pub struct RenderMemo {
    map: Mutex<HashMap<u64, Arc<Rendered>>>,
    used: Mutex<HashSet<u64>>,
    /// Term matches by glossary and group of texts (see `term_hits`).
    hits: Mutex<HashMap<u64, Arc<GroupScan>>>,
    /// The term matcher of the last glossary, by its file and text, with
    /// the problems it found (building its automaton takes about 10 ms).
    matcher: Mutex<Option<KeptMatcher>>,
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
            mode,
        }
    }

    /// `input` rendered against `resolver`, whose sources and link targets
    /// hash to `world`.
    pub(crate) fn render(
        &self,
        world: u64,
        input: &MdInput<'_>,
        resolver: &dyn Resolver,
    ) -> Arc<Rendered> {
        if !self.mode.keeps() {
            return Arc::new(markdown::render(input, resolver));
        }
        let key = crate::fingerprint::of(&(world, input));
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        if let Some(r) = self.map.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return r;
        }
        let mut r = markdown::render(input, resolver);
        r.memo_key = key;
        let r = Arc::new(r);
        if let Ok(mut m) = self.map.lock() {
            m.insert(key, Arc::clone(&r));
        }
        r
    }

    /// The matcher of `glossary`'s terms, reporting its problems to `diags`
    /// (again, when it is remembered).
    pub(crate) fn matcher(&self, glossary: &Glossary, diags: &mut Diagnostics) -> Arc<TermMatcher> {
        if !self.mode.keeps() {
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

    /// The term matches of each group of texts (a page's paragraphs, a
    /// source's blocks), in parallel. With the memo on, a group's matches
    /// are remembered by glossary and the group's key, which stands for its
    /// texts (the key of the Markdown render, or the source's fingerprint),
    /// so unchanged texts are neither hashed nor scanned again.
    pub(crate) fn term_hits(
        &self,
        glossary: &str,
        matcher: &TermMatcher,
        groups: &[(Vec<&str>, Option<u64>)],
    ) -> Vec<Arc<GroupScan>> {
        let find = |texts: &[&str]| Arc::new(GroupScan::new(matcher, texts));
        if !self.mode.keeps() {
            return groups.par_iter().map(|(t, _)| find(t)).collect();
        }
        let g = crate::fingerprint::of(glossary);
        let keys: Vec<Option<u64>> = groups
            .iter()
            .map(|(_, k)| k.map(|k| crate::fingerprint::of(&(g, k))))
            .collect();
        let known: Vec<Option<Arc<GroupScan>>> = match self.hits.lock() {
            Ok(map) => keys
                .iter()
                .map(|k| k.and_then(|k| map.get(&k).cloned()))
                .collect(),
            Err(_) => vec![None; keys.len()],
        };
        let missing: Vec<usize> = (0..keys.len()).filter(|&i| known[i].is_none()).collect();
        let out: Vec<Arc<GroupScan>> = known
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
