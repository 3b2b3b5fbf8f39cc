//! The term index: one multi-pattern automaton (aho-corasick) over every
//! alias of every glossary term, matched CJK-aware across all texts.
//!
//! Rules: the longest alias wins (leftmost-longest); an alias with any capital
//! letter matches exactly, an all-lowercase alias matches in any letter case;
//! an alias that starts or ends with an ASCII letter or digit only matches at
//! a word boundary there (so "US" does not match inside "USB"), while Chinese
//! aliases match anywhere (Chinese has no spaces).

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::content::Glossary;
use crate::diag::{Diagnostic, Diagnostics};

/// A compiled matcher over all aliases: one automaton for aliases with
/// capitals (matched exactly) and one for all-lowercase aliases (matched in
/// any letter case), merged leftmost-longest.
pub struct TermMatcher {
    exact: Option<AhoCorasick>,
    folded: Option<AhoCorasick>,
    /// Term index of each pattern of `exact` and of `folded`.
    exact_terms: Vec<(usize, String)>,
    folded_terms: Vec<(usize, String)>,
}

/// One match: term index and byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    pub term: usize,
    pub start: usize,
    pub end: usize,
}

impl TermMatcher {
    /// Builds the matcher. An alias used by two terms is an error (compared
    /// ignoring letter case); the same alias twice in one term is harmless,
    /// and its lowercase spelling makes it match in any case.
    pub fn new(glossary: &Glossary, search: Search, diags: &mut Diagnostics) -> TermMatcher {
        let (folded_terms, exact_terms): (Vec<_>, Vec<_>) = aliases(glossary, diags)
            .into_values()
            .partition(|(_, _, any)| *any);
        let exact_terms: Vec<(usize, String)> =
            exact_terms.into_iter().map(|(t, a, _)| (t, a)).collect();
        let folded_terms: Vec<(usize, String)> =
            folded_terms.into_iter().map(|(t, a, _)| (t, a)).collect();
        TermMatcher {
            exact: automaton(&exact_terms, false, search),
            folded: automaton(&folded_terms, true, search),
            exact_terms,
            folded_terms,
        }
    }

    /// Every alias the matcher finds: (term index, alias as written,
    /// whether it matches in any letter case), sorted. Two matchers with
    /// the same aliases find the same matches; a text in which no alias of
    /// one that the other lacks occurs (in any ASCII letter case) gets the
    /// same matches from both.
    pub fn aliases(&self) -> Vec<(usize, String, bool)> {
        let mut all: Vec<(usize, String, bool)> = self
            .exact_terms
            .iter()
            .map(|(t, a)| (*t, a.clone(), false))
            .chain(self.folded_terms.iter().map(|(t, a)| (*t, a.clone(), true)))
            .collect();
        all.sort_unstable();
        all
    }

    /// All term matches in `text`, in order, without overlaps (longest first).
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let mut cands: Vec<TermMatch> = Vec::new();
        for (ac, terms) in [
            (&self.exact, &self.exact_terms),
            (&self.folded, &self.folded_terms),
        ] {
            let Some(ac) = ac else { continue };
            for m in ac.find_iter(text) {
                let (term, alias) = &terms[m.pattern().as_usize()];
                if whole_word(text, alias, m.start(), m.end()) {
                    cands.push(TermMatch {
                        term: *term,
                        start: m.start(),
                        end: m.end(),
                    });
                }
            }
        }
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<TermMatch> = Vec::with_capacity(cands.len());
        for c in cands {
            if out.last().is_none_or(|l| c.start >= l.end) {
                out.push(c);
            }
        }
        out
    }
}

/// Every usable alias of the glossary's terms: lowercase spelling → (term,
/// alias as written, whether it matches in any letter case). Empty,
/// repeated and single-letter aliases go to `diags` instead.
fn aliases(
    glossary: &Glossary,
    diags: &mut Diagnostics,
) -> BTreeMap<String, (usize, String, bool)> {
    let mut seen: BTreeMap<String, (usize, String, bool)> = BTreeMap::new();
    for (ti, t) in glossary.terms.iter().enumerate() {
        let mut names = vec![&t.name];
        if let Some(original) = t
            .original
            .as_ref()
            .filter(|z| !z.get_ref().trim().is_empty())
        {
            names.push(original);
        }
        names.extend(t.aliases.iter());
        for alias in names {
            let a = alias.get_ref().trim();
            let at = || glossary.span(alias.span());
            if a.is_empty() {
                diags.push(Diagnostic::at(at(), "empty alias"));
                continue;
            }
            let any_case = !a.chars().any(char::is_uppercase);
            let key = a.to_lowercase();
            if let Some((other, other_alias, other_any)) = seen.get_mut(&key) {
                if *other == ti {
                    *other_any |= any_case;
                    continue;
                }
                diags.push(Diagnostic::at(
                    at(),
                    format!(
                        "duplicate alias \"{a}\": term `{}` already has \"{other_alias}\"",
                        glossary.terms[*other].id.get_ref()
                    ),
                ));
                continue;
            }
            let mut chars = a.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if !crate::text::script::is_han(c) {
                    diags.push(Diagnostic::at(
                        at(),
                        format!("alias \"{a}\" is a single character and would match everywhere"),
                    ));
                    continue;
                }
            }
            seen.insert(key, (ti, a.to_string(), any_case));
        }
    }
    seen
}

/// Which automaton a matcher searches with. A DFA searches fastest and
/// takes longest to build. For the 144 terms of the shipped site, whose
/// texts are 6 times the glossary's size, building it was 10 of the model
/// stage's 24 ms, and the whole build used 208–210 ms of CPU with an NFA
/// against 246–289 ms. At 1,000 pages (220 terms, texts 300 times the
/// glossary) the NFA took as long in wall time but 5–16 % more CPU; at
/// 10,000 (400 terms, 1,620 times) it made the model stage 4–18 % slower.
/// So a DFA from 100 times on. Both find the same matches.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum Search {
    Dfa,
    Nfa,
}

impl Search {
    /// The automaton for searching `text_bytes` of text with `glossary`.
    pub fn for_texts(glossary: &Glossary, text_bytes: usize) -> Search {
        if text_bytes / 100 > glossary.text.len() {
            Search::Dfa
        } else {
            Search::Nfa
        }
    }
}

/// A leftmost-longest automaton over the aliases of `pats` (in any ASCII
/// letter case if `fold`); `None` when there are none.
fn automaton(pats: &[(usize, String)], fold: bool, search: Search) -> Option<AhoCorasick> {
    if pats.is_empty() {
        return None;
    }
    let mut b = AhoCorasickBuilder::new();
    b.match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(fold);
    let aliases = || pats.iter().map(|(_, a)| a.as_str());
    let kind = match search {
        Search::Dfa => aho_corasick::AhoCorasickKind::DFA,
        Search::Nfa => aho_corasick::AhoCorasickKind::ContiguousNFA,
    };
    // A glossary too large for the automaton asked for gets the one the
    // crate picks.
    b.clone()
        .kind(Some(kind))
        .build(aliases())
        .or_else(|_| b.build(aliases()))
        .ok()
}

/// English aliases match whole words only: an alias starting (ending) with an
/// ASCII letter or digit may not have one right before (after) the match.
fn whole_word(text: &str, alias: &str, start: usize, end: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let starts_word = alias
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let ends_word = alias
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    !((starts_word && word(text[..start].chars().next_back()))
        || (ends_word && word(text[end..].chars().next())))
}

/// A short snippet of `text` around byte range `start..end`, with the match
/// marked by the returned offsets (prefix, match, suffix).
pub fn snippet(text: &str, start: usize, end: usize, width: usize) -> (String, String, String) {
    // Walk at most `width` characters each way: a long paragraph with many
    // mentions must not cost a pass over the whole text per mention.
    let head = &text[..start];
    let cut = head
        .char_indices()
        .rev()
        .nth(width.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let mut pre = head[cut..].to_string();
    if cut > 0 && head[..cut].chars().next_back().is_some() && head[cut..].chars().count() == width
    {
        pre.insert(0, '…');
    }
    let tail = &text[end..];
    let stop = tail
        .char_indices()
        .nth(width)
        .map_or(tail.len(), |(i, _)| i);
    let mut post = tail[..stop].to_string();
    if stop < tail.len() {
        post.push('…');
    }
    (pre, text[start..end].to_string(), post)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The matcher of a glossary, checked to find with a DFA what it finds
    /// with an NFA, in a text that holds every alias.
    fn matcher(toml_text: &str) -> (TermMatcher, Diagnostics) {
        let mut d = Diagnostics::new();
        let g = crate::content::parse_glossary(Path::new("g.toml"), toml_text, &mut d).unwrap();
        let m = TermMatcher::new(&g, Search::Dfa, &mut d);
        let nfa = TermMatcher::new(&g, Search::Nfa, &mut Diagnostics::new());
        let text: String = m
            .aliases()
            .iter()
            .map(|(_, a, _)| format!("{a} x {} ", a.to_uppercase()))
            .collect();
        assert_eq!(found(&m, &text), found(&nfa, &text));
        (m, d)
    }

    const G: &str = r#"
[[term]]
id = "rare-earths"
name = "rare earths"
original = "稀土"
kind = "mineral"
aliases = ["rare earth"]
definition = "d"

[[term]]
id = "rare-earth-strategy"
name = "US rare-earth strategy"
original = "美国稀土战略"
kind = "policy"
definition = "d"

[[term]]
id = "united-states"
name = "United States"
original = "美国"
kind = "country"
aliases = ["US"]
definition = "d"
"#;

    fn found(m: &TermMatcher, text: &str) -> Vec<(usize, String)> {
        m.find(text)
            .into_iter()
            .map(|x| (x.term, text[x.start..x.end].to_string()))
            .collect()
    }

    #[test]
    fn longest_cjk_alias_wins() {
        let (m, d) = matcher(G);
        assert!(d.is_empty());
        assert_eq!(
            found(&m, "美国稀土战略的特征;美国的稀土"),
            [
                (1, "美国稀土战略".into()),
                (2, "美国".into()),
                (0, "稀土".into())
            ]
        );
    }

    #[test]
    fn english_needs_word_boundaries_and_case() {
        let (m, _) = matcher(G);
        assert_eq!(
            found(&m, "USB and US policy, Rare earths, us"),
            [(2, "US".into()), (0, "Rare earths".into())]
        );
    }

    #[test]
    fn capitalised_name_with_lowercase_alias_matches_any_case() {
        let (m, d) = matcher("[[term]]\nid = \"re\"\nname = \"Rare earths\"\nkind = \"mineral\"\naliases = [\"rare earths\", \"REE\"]\ndefinition = \"d\"\n\n[[term]]\nid = \"ga\"\nname = \"gallium\"\noriginal = \"镓\"\nkind = \"mineral\"\ndefinition = \"d\"\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            found(&m, "rare earths, Rare Earths, ree, REE, 镓、锗"),
            [
                (0, "rare earths".into()),
                (0, "Rare Earths".into()),
                (0, "REE".into()),
                (1, "镓".into())
            ]
        );
    }

    #[test]
    fn duplicate_alias_is_an_error() {
        let (_, d) = matcher(&format!("{G}\n[[term]]\nid = \"x\"\nname = \"Other\"\nkind = \"concept\"\naliases = [\"稀土\"]\ndefinition = \"d\"\n"));
        let msgs: Vec<String> = d
            .sorted()
            .into_iter()
            .map(|d| format!("{}: {}", d.span.unwrap(), d.message))
            .collect();
        assert_eq!(msgs.len(), 1);
        assert!(
            msgs[0].contains("duplicate alias \"稀土\": term `rare-earths` already has \"稀土\""),
            "{msgs:?}"
        );
    }

    #[test]
    fn snippets_are_cut_on_chars() {
        let t = "中国作为全球最大的稀土供应国";
        let s = t.find("稀土").unwrap();
        assert_eq!(
            snippet(t, s, s + 6, 3),
            ("…最大的".into(), "稀土".into(), "供应国".into())
        );
    }
}
