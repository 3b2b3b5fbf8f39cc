//! The UI's words from three layers of language files: the default theme's
//! (built in), a theme folder's (`themes/<name>/i18n/`) and the site's
//! (`i18n/`). Each layer merges over the one before, key by key, for the
//! site's language; English, the theme's reference language, stands in for a
//! key no file of that language gives, with a warning. Every file is
//! checked against the reference, whichever language the site uses:
//!
//! - its keys are the reference's (a theme's `en.toml` may add keys for
//!   its templates; the open groups `section` and `term_kind` take any
//!   name), with "did you mean" for a typo;
//! - a word keeps the reference's kind (a text, plural forms, a list of as
//!   many texts), and uses only its placeholders, so the generator and the
//!   templates always have the values a word asks for;
//! - a counted phrase gives every plural form its language uses.
//!
//! The site's language is looked up among the files' languages by
//! truncation (`en-GB` → `en`, `zh-Hans-CN` → `zh-Hans`); a language no file
//! speaks is an error.

use std::collections::{BTreeMap, BTreeSet};

use icu_locale_core::LanguageIdentifier;

use super::file::{Entry, LangFile, Value};
use super::pattern::names;
use super::plural::Rules;
use super::Ui;
use crate::diag::{Diagnostic, Diagnostics, Span};

/// The reference language: its file in the default theme has every key.
pub const REFERENCE: &str = "en";

/// Groups whose keys a site names: headings of its own sections and kinds of
/// terms (`[section] reports = "Reports"`).
pub const OPEN_GROUPS: [&str; 3] = ["section", "term_kind", "language_name"];

/// Placeholders the generator fills in some words besides those the
/// reference uses: a date's pattern may show the month by number or by name.
const ALSO: &[(&str, &[&str])] = &[
    (
        "date.day",
        &["year", "month", "month_name", "month_short", "day"],
    ),
    (
        "date.month",
        &["year", "month", "month_name", "month_short"],
    ),
];

/// The language files of each layer.
#[derive(Default)]
pub struct Layers {
    /// The default theme's, built into the binary.
    pub builtin: Vec<LangFile>,
    /// A theme folder's (`themes/<name>/i18n/`).
    pub theme: Vec<LangFile>,
    /// The site's (`i18n/`).
    pub site: Vec<LangFile>,
}

/// The words of the site's `language` (a tag already checked), merged over
/// the layers; `None` after an error, reported to `diags`.
pub fn assemble(layers: &Layers, language: &str, diags: &mut Diagnostics) -> Option<Ui> {
    let before = diags.error_count();
    let reference_tag = LanguageIdentifier::try_from_str(REFERENCE).ok()?;
    let builtin_ref = layers
        .builtin
        .iter()
        .find(|f| f.language == reference_tag)?;
    // The reference: the built-in English, with a theme's English over it.
    let theme_ref = layers.theme.iter().find(|f| f.language == reference_tag);
    let mut reference: BTreeMap<&str, &Entry> = builtin_ref
        .entries
        .iter()
        .map(|(k, e)| (k.as_str(), e))
        .collect();
    check_duplicates(layers, diags);
    for f in &layers.builtin {
        check_file(f, &builtin_ref.entries, false, diags);
    }
    for f in &layers.theme {
        // A theme's English may add words; its other files follow it.
        let adds = f.language == reference_tag;
        let mut against = builtin_ref.entries.clone();
        if let Some(t) = theme_ref.filter(|_| !adds) {
            for (k, e) in &t.entries {
                against.entry(k.clone()).or_insert_with(|| e.clone());
            }
        }
        check_file(f, &against, adds, diags);
    }
    if let Some(t) = theme_ref {
        for (k, e) in &t.entries {
            reference.insert(k.as_str(), e);
        }
    }
    let against: BTreeMap<String, Entry> = reference
        .iter()
        .map(|(k, e)| ((*k).to_string(), (*e).clone()))
        .collect();
    for f in &layers.site {
        check_file(f, &against, false, diags);
    }
    if diags.error_count() > before {
        return None;
    }
    let wanted = super::language_tag(language).ok()?;
    let Some(chosen) = resolve(&wanted, layers) else {
        let mut have: Vec<String> = all_files(layers)
            .map(|f| f.language.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        have.sort();
        diags.push(
            Diagnostic::error(
                Some(Span::file(crate::config::CONFIG_FILE)),
                format!(
                    "language `{language}`: no language file speaks it (the theme's words are in {})",
                    have.join(", ")
                ),
            )
            .note(format!(
                "translate the theme's words in i18n/{language}.toml (start from a copy of themes/default/i18n/en.toml, which `briefing theme export` writes), or set `language` to one of {}",
                have.join(", ")
            )),
        );
        return None;
    };
    let rules = Rules::of(&chosen);
    let mut words: BTreeMap<String, Value> = reference
        .iter()
        .map(|(k, e)| ((*k).to_string(), e.value.clone()))
        .collect();
    let mut given: BTreeSet<String> = BTreeSet::new();
    let mut last_file = None;
    for f in all_files(layers).filter(|f| f.language == chosen) {
        for (k, e) in &f.entries {
            words.insert(k.clone(), e.value.clone());
            given.insert(k.clone());
        }
        last_file = Some(f);
    }
    if chosen != reference_tag {
        let missing: Vec<&str> = reference
            .keys()
            .copied()
            .filter(|k| !given.contains(*k))
            .collect();
        if let (false, Some(f)) = (missing.is_empty(), last_file) {
            let shown: Vec<&str> = missing.iter().copied().take(8).collect();
            diags.push(Diagnostic::warning(
                Some(Span::file(&f.path)),
                format!(
                    "{} of the theme's {} words have no `{chosen}` text and show in English: {}{}",
                    missing.len(),
                    reference.len(),
                    shown.join(", "),
                    if missing.len() > shown.len() { ", …" } else { "" }
                ),
            ).note(format!("add them to i18n/{chosen}.toml (the English words are in themes/default/i18n/en.toml)")));
        }
    }
    Some(Ui::new(language, rules, words))
}

fn all_files(layers: &Layers) -> impl Iterator<Item = &LangFile> {
    layers
        .builtin
        .iter()
        .chain(&layers.theme)
        .chain(&layers.site)
}

/// The language of the files that `wanted` falls back to, by truncation.
fn resolve(wanted: &LanguageIdentifier, layers: &Layers) -> Option<LanguageIdentifier> {
    let have: BTreeSet<String> = all_files(layers).map(|f| f.language.to_string()).collect();
    let mut tag = wanted.to_string();
    loop {
        if have.contains(&tag) {
            return tag.parse().ok();
        }
        let cut = tag.rfind('-')?;
        tag.truncate(cut);
        // A single-letter subtag introduces an extension: cut it too.
        if tag.len() >= 2 && tag.as_bytes()[tag.len() - 2] == b'-' {
            tag.truncate(tag.len() - 2);
        }
    }
}

/// Two files of one layer for one language (`zh-Hans.toml`, `zh-hans.toml`).
fn check_duplicates(layers: &Layers, diags: &mut Diagnostics) {
    for layer in [&layers.theme, &layers.site] {
        let mut seen: BTreeMap<String, &LangFile> = BTreeMap::new();
        for f in layer {
            if let Some(other) = seen.insert(f.language.to_string(), f) {
                diags.push(Diagnostic::error(
                    Some(Span::file(&f.path)),
                    format!(
                        "a second language file for `{}` (the first is {})",
                        f.language,
                        other.path.display()
                    ),
                ));
            }
        }
    }
}

/// Checks a file against the reference's entries (`adds`: it may add keys).
fn check_file(
    f: &LangFile,
    reference: &BTreeMap<String, Entry>,
    adds: bool,
    diags: &mut Diagnostics,
) {
    let rules = Rules::of(&f.language);
    let forms = rules.forms();
    for (key, e) in &f.entries {
        let problem = match reference.get(key) {
            Some(r) => against(key, &e.value, &r.value),
            None if adds => None,
            None => open(key, &e.value).map(|why| match why {
                Open::Unknown => format!(
                    "unknown word `{key}`{} (a language file rewords the keys of the theme's en.toml; `section` and `term_kind` take names of the site's own)",
                    crate::suggest::did_you_mean(key, reference.keys().map(String::as_str))
                ),
                Open::NotText => format!("`{key}` is a text"),
            }),
        };
        if let Some(message) = problem {
            diags.push(Diagnostic::at(e.at.clone(), message));
            continue;
        }
        if let Some(w) = plural_gaps(key, &e.value, reference.get(key), &forms, &f.language) {
            diags.push(Diagnostic::warning(Some(e.at.clone()), w));
        }
    }
}

enum Open {
    Unknown,
    NotText,
}

/// A key of no reference: fine in an open group, if a text.
fn open(key: &str, value: &Value) -> Option<Open> {
    let group = key.split_once('.').map(|(g, _)| g);
    match group {
        Some(g) if OPEN_GROUPS.contains(&g) && key.matches('.').count() == 1 => {
            (!matches!(value, Value::Text(_))).then_some(Open::NotText)
        }
        _ => Some(Open::Unknown),
    }
}

/// What is wrong with `value` as a rewording of `reference`.
fn against(key: &str, value: &Value, reference: &Value) -> Option<String> {
    let kind_ok = match (value, reference) {
        (Value::Text(_), Value::Text(_) | Value::Forms(_)) | (Value::Forms(_), Value::Forms(_)) => {
            true
        }
        (Value::List(a), Value::List(b)) => {
            if a.len() != b.len() {
                return Some(format!(
                    "`{key}` lists {} texts, as the theme's en.toml does; this lists {}",
                    b.len(),
                    a.len()
                ));
            }
            true
        }
        _ => false,
    };
    if !kind_ok {
        return Some(format!(
            "`{key}` is {} (as in the theme's en.toml), not {}",
            reference.what(),
            value.what()
        ));
    }
    let mut allowed: BTreeSet<String> = reference.texts().iter().flat_map(|t| names(t)).collect();
    for (_, also) in ALSO.iter().filter(|(k, _)| *k == key) {
        allowed.extend(also.iter().map(|n| (*n).to_string()));
    }
    let used: BTreeSet<String> = value.texts().iter().flat_map(|t| names(t)).collect();
    let unknown: Vec<String> = used.difference(&allowed).cloned().collect();
    if unknown.is_empty() {
        return None;
    }
    let list = |s: &mut dyn Iterator<Item = &String>| {
        s.map(|n| format!("`{{{n}}}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "`{key}` uses {}, which this word does not have ({})",
        list(&mut unknown.iter()),
        if allowed.is_empty() {
            "it takes no placeholder".to_string()
        } else {
            format!("it has {}", list(&mut allowed.iter()))
        }
    ))
}

/// A counted phrase that lacks a form its language uses: the warning.
fn plural_gaps(
    key: &str,
    value: &Value,
    reference: Option<&Entry>,
    forms: &[&str],
    language: &LanguageIdentifier,
) -> Option<String> {
    let counted = matches!(reference.map(|r| &r.value), Some(Value::Forms(_)))
        || matches!(value, Value::Forms(_));
    if !counted {
        return None;
    }
    let missing: Vec<&str> = match value {
        Value::Forms(given) => forms
            .iter()
            .copied()
            .filter(|f| !given.contains_key(*f))
            .collect(),
        Value::Text(_) if forms.len() > 1 => forms.to_vec(),
        _ => Vec::new(),
    };
    if missing.is_empty() {
        return None;
    }
    Some(format!(
        "`{key}` is counted, and `{language}` numbers take the forms {}: {} missing (`other` stands in; write `{{ {} }}`)",
        forms.join(", "),
        missing.join(", "),
        forms
            .iter()
            .map(|f| format!("{f} = \"…\""))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn file(path: &str, text: &str) -> LangFile {
        super::super::file::parse(Path::new(path), text).unwrap()
    }

    const EN: &str = "[nav]\nhome = \"Home\"\n[count]\nbriefs = { one = \"{n} brief\", other = \"{n} briefs\" }\n[date]\nmonths = [\"Jan\", \"Feb\"]\n[section]\nbriefs = \"Briefs\"\n";
    const ZH: &str = "[nav]\nhome = \"首页\"\n[count]\nbriefs = \"{n} 篇简报\"\n[date]\nmonths = [\"1月\", \"2月\"]\n[section]\nbriefs = \"简报\"\n";

    fn layers(site: Vec<LangFile>) -> Layers {
        Layers {
            builtin: vec![
                file("themes/default/i18n/en.toml", EN),
                file("themes/default/i18n/zh-Hans.toml", ZH),
            ],
            theme: Vec::new(),
            site,
        }
    }

    fn messages(d: &Diagnostics) -> Vec<String> {
        d.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn picks_the_language_and_merges_the_site_over_the_theme() {
        let mut d = Diagnostics::new();
        let l = layers(vec![file("i18n/zh-Hans.toml", "[nav]\nhome = \"主页\"\n")]);
        let ui = assemble(&l, "zh-Hans-CN", &mut d).unwrap();
        assert!(d.is_empty(), "{:?}", messages(&d));
        assert_eq!(ui.text("nav.home", &[]), "主页");
        assert_eq!(ui.count("count.briefs", 1, &[]), "1 篇简报");
        let ui = assemble(&l, "en-GB", &mut d).unwrap();
        assert_eq!(ui.count("count.briefs", 1, &[]), "1 brief");
        assert_eq!(ui.count("count.briefs", 2, &[]), "2 briefs");
        assert_eq!(ui.language(), "en-GB");
    }

    #[test]
    fn an_unknown_language_is_an_error_and_a_partial_one_warns() {
        let mut d = Diagnostics::new();
        assert!(assemble(&layers(vec![]), "fr", &mut d).is_none());
        assert!(
            messages(&d)[0].contains(
                "language `fr`: no language file speaks it (the theme's words are in en, zh-Hans)"
            ),
            "{:?}",
            messages(&d)
        );
        let mut d = Diagnostics::new();
        let l = layers(vec![file("i18n/fr.toml", "[nav]\nhome = \"Accueil\"\n")]);
        let ui = assemble(&l, "fr", &mut d).unwrap();
        assert_eq!(ui.text("nav.home", &[]), "Accueil");
        assert_eq!(ui.text("section.briefs", &[]), "Briefs");
        assert_eq!(
            messages(&d),
            ["3 of the theme's 4 words have no `fr` text and show in English: count.briefs, date.months, section.briefs"]
        );
    }

    #[test]
    fn a_site_file_keeps_to_the_reference() {
        let mut d = Diagnostics::new();
        let l = layers(vec![file(
            "i18n/en.toml",
            "[nav]\nhom = \"x\"\nhome = \"{x}\"\n[date]\nmonths = [\"a\"]\n[count]\nbriefs = \"{n} briefs\"\n[section]\nreports = \"Reports\"\n[term_kind]\nship = \"Ships\"\n",
        )]);
        assert!(assemble(&l, "en", &mut d).is_none());
        let m = messages(&d);
        assert!(
            m.iter()
                .any(|m| m.starts_with("unknown word `nav.hom`; did you mean `nav.home`?")),
            "{m:#?}"
        );
        assert!(m.iter().any(|m| m == "`nav.home` uses `{x}`, which this word does not have (it takes no placeholder)"), "{m:#?}");
        assert!(
            m.iter()
                .any(|m| m.starts_with("`date.months` lists 2 texts")),
            "{m:#?}"
        );
        assert!(m.iter().any(|m| m.starts_with("`count.briefs` is counted, and `en` numbers take the forms one, other: one, other missing")), "{m:#?}");
        assert_eq!(m.len(), 4, "{m:#?}");
    }
}
