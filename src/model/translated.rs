//! Pass: translations. Takes the sources and the translation files; gives,
//! per source, the translation of each of its blocks (parallel to
//! `Source::blocks`) and the blocks that still need one.
//!
//! An entry is matched to a block by id and checked against the block's
//! text: a block's id is made from its text, so when a source or its
//! cleaning rules change, the entry's id is no longer found. If the entry's
//! `original` is then close to a block that has no translation, the entry is
//! stale (a warning that shows the block's new text); otherwise its id is
//! unknown (an error).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::diag::{Cause, Diagnostic, Diagnostics, Span};
use crate::sources::Source;
use crate::translations::{primary, Translation};

/// A block's translation, as shown.
#[derive(Debug, Clone, Hash)]
pub struct Translated {
    pub text: String,
    pub note: Option<String>,
}

/// What a source's translation gives its page.
#[derive(Debug, Clone, Default, Hash)]
pub struct SourceTranslation {
    /// BCP 47 tag of the translation.
    pub language: String,
    /// Parallel to the source's blocks.
    pub blocks: Vec<Option<Translated>>,
    /// Indices of the blocks not in the site's language that have no
    /// current translation.
    pub missing: Vec<usize>,
    /// Those of `missing` whose translation is stale (reported as such, so
    /// not again as missing, nor their quotes as lacking a gloss).
    pub stale: Vec<usize>,
}

/// How alike an entry's original must be to a block's text (0–1) for the
/// entry to count as that block's stale translation.
const STALE_LIKENESS: f32 = 0.6;
/// Entries of one file compared for likeness at most (each comparison is
/// a character diff).
const MAX_LIKENESS_CHECKS: usize = 200;

/// Matches every translation to its source. `site_language` is the
/// language translations are into unless a file says otherwise.
pub fn link(
    sources: &[Arc<Source>],
    translations: &[Arc<Translation>],
    site_language: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<String, SourceTranslation> {
    let by_slug: HashMap<&str, &Source> = sources.iter().map(|s| (s.slug.as_str(), &**s)).collect();
    let mut files: HashMap<&str, &Translation> = HashMap::new();
    for t in translations {
        if by_slug.contains_key(t.source.as_str()) {
            files.insert(&t.source, t);
        } else {
            let mut known: Vec<&str> = by_slug.keys().copied().collect();
            known.sort_unstable();
            diags.push(
                Diagnostic::at(
                    Span::file(&t.file),
                    format!(
                        "translation of an unknown source `{}`{}",
                        t.source,
                        crate::suggest::did_you_mean(&t.source, known.iter().copied())
                    ),
                )
                .follows(Cause::Source(t.source.clone()))
                .note(format!(
                    "a translation file is named after its source's slug; known: {}",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                )),
            );
        }
    }
    let mut out = BTreeMap::new();
    for s in sources {
        let file = files.get(s.slug.as_str()).copied();
        let language = file
            .and_then(|t| t.language.clone())
            .unwrap_or_else(|| site_language.to_string());
        let mut st = SourceTranslation {
            language,
            blocks: vec![None; s.blocks.len()],
            missing: Vec::new(),
            stale: Vec::new(),
        };
        if let Some(t) = file {
            match_entries(s, t, &mut st, diags);
        }
        let target = primary(&st.language);
        st.missing = (0..s.blocks.len())
            .filter(|&i| primary(&s.blocks[i].lang) != target && st.blocks[i].is_none())
            .collect();
        st.stale.sort_unstable();
        st.stale.dedup();
        if st
            .missing
            .iter()
            .any(|i| st.stale.binary_search(i).is_err())
        {
            diags.push(missing_warning(s, file, &st));
        }
        out.insert(s.slug.clone(), st);
    }
    out
}

fn match_entries(s: &Source, t: &Translation, st: &mut SourceTranslation, diags: &mut Diagnostics) {
    let index: HashMap<&str, usize> = s
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i))
        .collect();
    // Entries whose id is not found, matched by likeness once the others
    // have taken their blocks.
    let mut lost = Vec::new();
    for e in &t.entries {
        match index.get(e.id.as_str()) {
            Some(&i) if s.blocks[i].text == e.original => {
                if !e.text.is_empty() {
                    st.blocks[i] = Some(Translated {
                        text: e.text.clone(),
                        note: e.note.clone(),
                    });
                }
            }
            Some(&i) => {
                st.stale.push(i);
                diags.push(stale(s, i, e));
            }
            None => lost.push(e),
        }
    }
    let mut claimed = vec![false; s.blocks.len()];
    for (n, e) in lost.into_iter().enumerate() {
        let best = (n < MAX_LIKENESS_CHECKS)
            .then(|| likeliest(s, st, &claimed, &e.original))
            .flatten();
        match best {
            Some(i) => {
                claimed[i] = true;
                st.stale.push(i);
                diags.push(stale(s, i, e));
            }
            None => diags.push(Diagnostic::at(
                e.at.clone(),
                format!(
                    "source `{}` has no block `{}`, nor one that reads like this entry's `original`",
                    s.slug, e.id
                ),
            )),
        }
    }
}

/// The untranslated, unclaimed block most like `original`, if alike enough.
fn likeliest(
    s: &Source,
    st: &SourceTranslation,
    claimed: &[bool],
    original: &str,
) -> Option<usize> {
    let len = original.chars().count();
    s.blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| {
            let n = b.text.chars().count();
            st.blocks[*i].is_none() && !claimed[*i] && n * 2 >= len && n <= len * 2
        })
        .map(|(i, b)| (i, similar::TextDiff::from_chars(original, &b.text).ratio()))
        .filter(|&(_, r)| r >= STALE_LIKENESS)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

fn stale(s: &Source, i: usize, e: &crate::translations::Entry) -> Diagnostic {
    let b = &s.blocks[i];
    Diagnostic::warning(
        Some(e.at.clone()),
        format!(
            "stale translation: block ¶ {} of source `{}` has changed since it was translated; it is now `{}`",
            i + 1,
            s.slug,
            b.id
        ),
    )
    .note(format!("it now reads: {}", b.text))
    .note("update `id` and `original` to the above, then the translation; until then the block shows untranslated")
}

fn missing_warning(s: &Source, file: Option<&Translation>, st: &SourceTranslation) -> Diagnostic {
    let unreported: Vec<usize> = st
        .missing
        .iter()
        .copied()
        .filter(|i| st.stale.binary_search(i).is_err())
        .collect();
    let listed: Vec<String> = unreported
        .iter()
        .take(12)
        .map(|i| format!("¶ {}", i + 1))
        .collect();
    let more = unreported.len().saturating_sub(listed.len());
    let which = format!(
        "{}{}",
        listed.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
    match file {
        Some(t) => Diagnostic::warning(
            Some(Span::file(&t.file)),
            format!(
                "{} of the {} blocks of source `{}` not in `{}` have no translation: {which}",
                unreported.len(),
                st.missing.len() + st.blocks.iter().flatten().count(),
                s.slug,
                st.language
            ),
        ),
        None => Diagnostic::warning(
            Some(Span::file(&s.file)),
            format!(
                "source `{}` has {} blocks not in `{}` and no translation: {which}",
                s.slug,
                unreported.len(),
                st.language
            ),
        )
        .note(format!(
            "`briefing new translation {}` writes {}/{}.toml to fill in",
            s.slug,
            crate::translations::DIR,
            s.slug
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn source(text: &str) -> Arc<Source> {
        let mut d = Diagnostics::new();
        let input = crate::sources::SeedInput {
            path: Path::new("seeds/demo.txt"),
            bytes: text.as_bytes(),
            sidecar: Some((Path::new("seeds/demo.toml"), "slug = \"demo\"\n")),
            rulesets: &crate::config::Rulesets::new(),
        };
        Arc::new(crate::sources::load(&input, &mut d).expect("the seed loads"))
    }

    fn translation(s: &Source, entries: &[(usize, &str, &str)]) -> Arc<Translation> {
        let mut text = String::new();
        for &(i, original, t) in entries {
            text.push_str(&format!(
                "[[paragraph]]\nid = \"{}\"\noriginal = \"{original}\"\ntext = \"{t}\"\n\n",
                s.blocks[i].id
            ));
        }
        let mut d = Diagnostics::new();
        let t =
            crate::translations::parse(Path::new("content/translations/demo.toml"), &text, &mut d);
        assert!(d.is_empty());
        Arc::new(t.expect("parses"))
    }

    const SEED: &str =
        "第一段讲稀土的供应问题。\n\n第二段讲关键矿产的联盟。\n\nAn English paragraph.\n";

    #[test]
    fn matches_by_id_and_counts_what_is_missing() {
        let s = source(SEED);
        let t = translation(
            &s,
            &[(0, "第一段讲稀土的供应问题。", "The first paragraph.")],
        );
        let mut d = Diagnostics::new();
        let out = link(&[Arc::clone(&s)], &[t], "en", &mut d);
        let st = &out["demo"];
        assert_eq!(
            st.blocks[0].as_ref().map(|t| t.text.as_str()),
            Some("The first paragraph.")
        );
        assert_eq!(st.missing, [1], "the English block needs none");
        let msgs: Vec<&str> = d.iter().map(|x| x.message.as_str()).collect();
        assert_eq!(
            msgs,
            ["1 of the 2 blocks of source `demo` not in `en` have no translation: ¶ 2"]
        );
    }

    #[test]
    fn a_changed_block_is_stale_and_an_unknown_one_an_error() {
        let old = source(SEED);
        let t = translation(
            &old,
            &[
                (0, "第一段讲稀土的供应问题。", "The first."),
                (1, "第二段讲关键矿产的联盟。", "The second."),
            ],
        );
        // The source changes: the second paragraph gains a word; the first goes.
        let new = source("第二段讲关键矿产的新联盟。\n\nAn English paragraph.\n");
        let mut d = Diagnostics::new();
        let out = link(&[Arc::clone(&new)], &[t], "en", &mut d);
        assert_eq!(out["demo"].missing, [0], "a stale translation is not shown");
        let all: Vec<&Diagnostic> = d.iter().collect();
        assert_eq!(
            all.len(),
            2,
            "the stale block is not reported again as missing: {all:?}"
        );
        assert!(
            all[0].message.contains("nor one that reads like"),
            "{}",
            all[0].message
        );
        assert!(
            all[1].message.starts_with("stale translation: block ¶ 1"),
            "{}",
            all[1].message
        );
        assert!(all[1].notes[0].contains("第二段讲关键矿产的新联盟。"));
    }

    #[test]
    fn a_translation_of_an_unknown_source_is_an_error_and_a_foreign_source_without_one_a_warning() {
        let s = source(SEED);
        let mut other = (*translation(&s, &[])).clone();
        other.source = "dmeo".into();
        let mut d = Diagnostics::new();
        link(&[s], &[Arc::new(other)], "en", &mut d);
        let all: Vec<&Diagnostic> = d.iter().collect();
        assert_eq!(d.error_count(), 1);
        assert!(all[0].message.contains("unknown source `dmeo`"));
        assert!(
            all[1].message.contains("no translation"),
            "{}",
            all[1].message
        );
        assert!(all[1].notes[0].contains("briefing new translation demo"));
    }
}
