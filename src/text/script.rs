//! Scripts and languages of texts: which characters are Han, the script a
//! text is mostly written in (Unicode's Script property), and the language
//! of a text among those its source declares (each language's usual
//! script from CLDR's likely subtags).

use std::sync::Arc;

use icu_locale::LocaleExpander;
use icu_locale_core::subtags::{script, Script};
use icu_locale_core::LanguageIdentifier;
use icu_properties::props::Script as ScriptProp;
use icu_properties::{CodePointMapData, PropertyNamesShort};
use serde::Serialize;

/// Whether `c` is a Han character (CJK unified ideographs and extensions).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// A language tag (BCP 47) of a text, cheap to copy around.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(Arc<str>);

impl Lang {
    pub fn new(tag: &str) -> Lang {
        Lang(Arc::from(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Lang {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The script most of the letters of `t` are written in (characters common
/// to scripts, such as digits and punctuation, not counted); None without
/// letters. Han, hiragana and katakana count as Han, as does Hangul for the
/// choice between languages (see [`usual_script`]).
pub fn dominant_script(t: &str) -> Option<Script> {
    let scripts = CodePointMapData::<ScriptProp>::new();
    let names = PropertyNamesShort::<ScriptProp>::new();
    let mut counts: Vec<(ScriptProp, usize)> = Vec::new();
    let mut latin = 0usize;
    for c in t.chars() {
        if c.is_ascii() {
            latin += usize::from(c.is_ascii_alphabetic());
            continue;
        }
        let s = match scripts.get(c) {
            ScriptProp::Common | ScriptProp::Inherited | ScriptProp::Unknown => continue,
            ScriptProp::Hiragana | ScriptProp::Katakana | ScriptProp::Hangul => ScriptProp::Han,
            s => s,
        };
        match counts.iter_mut().find(|(k, _)| *k == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    match counts.iter_mut().find(|(k, _)| *k == ScriptProp::Latin) {
        Some((_, n)) => *n += latin,
        None if latin > 0 => counts.push((ScriptProp::Latin, latin)),
        None => {}
    }
    // A Han character carries a word: three Latin letters weigh as much.
    let weight = |(k, n): &(ScriptProp, usize)| if *k == ScriptProp::Han { n * 3 } else { *n };
    let best = counts
        .iter()
        .max_by_key(|c| (weight(c), c.0 == ScriptProp::Han))?;
    names.get_locale_script(best.0)
}

/// The script a language is usually written in: its tag's own script
/// subtag, else CLDR's likely one (`ru` → Cyrl, `ja` → Jpan); Han for the
/// Chinese, Japanese and Korean scripts (as [`dominant_script`] counts).
pub fn usual_script(tag: &LanguageIdentifier) -> Option<Script> {
    let mut full = tag.clone();
    if full.script.is_none() {
        LocaleExpander::new_common().maximize(&mut full);
    }
    let s = full.script?;
    Some(
        if [
            script!("Hans"),
            script!("Hant"),
            script!("Jpan"),
            script!("Kore"),
            script!("Hani"),
        ]
        .contains(&s)
        {
            script!("Hani")
        } else {
            s
        },
    )
}

/// The language of `text` among `declared` (its source's languages): the
/// first whose usual script the text is mostly written in; for a text
/// without letters, the first. Otherwise (none declared, or a passage in
/// another script, such as an English abstract in a Chinese article)
/// [`guess_lang`]'s guess for Latin and Han text, and `und`
/// (undetermined) for any other script.
pub fn language_of(text: &str, declared: &[(Lang, Option<Script>)]) -> Lang {
    let dominant = dominant_script(text);
    if let Some(s) = dominant {
        if let Some((l, _)) = declared.iter().find(|(_, usual)| *usual == Some(s)) {
            return l.clone();
        }
    }
    match (dominant, declared.first()) {
        (None, Some((first, _))) => first.clone(),
        (Some(s), _) if s != script!("Latn") && s != script!("Hani") => Lang::new("und"),
        _ => Lang::new(guess_lang(text)),
    }
}

/// The declared languages with their usual scripts, for [`language_of`]
/// (a tag that is none has no script).
pub fn with_scripts(tags: &[String]) -> Vec<(Lang, Option<Script>)> {
    tags.iter()
        .map(|t| {
            let script = LanguageIdentifier::try_from_str(t)
                .ok()
                .and_then(|id| usual_script(&id));
            (Lang::new(t), script)
        })
        .collect()
}

/// `en` when Latin letters clearly outnumber Han characters, else `zh-Hans`:
/// the guess for a text whose source declares no language (and for the
/// sidecar `new source` writes, which the editor then checks).
pub fn guess_lang(t: &str) -> &'static str {
    let han = t.chars().filter(|&c| is_han(c)).count();
    let latin = t.chars().filter(char::is_ascii_alphabetic).count();
    if latin > han * 3 {
        "en"
    } else {
        "zh-Hans"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_english_from_chinese() {
        assert!(is_han('稀') && !is_han('a') && !is_han('，'));
        assert_eq!(guess_lang("rare earths"), "en");
        assert_eq!(guess_lang("稀土 rare"), "zh-Hans");
    }

    #[test]
    fn scripts_of_texts_and_languages() {
        assert_eq!(dominant_script("Москва, 2024"), Some(script!("Cyrl")));
        assert_eq!(
            dominant_script("美国本土的MP Materials稀土矿。"),
            Some(script!("Hani"))
        );
        assert_eq!(dominant_script("Straße über Köln"), Some(script!("Latn")));
        assert_eq!(dominant_script("2024 — 17."), None);
        let usual = |t: &str| usual_script(&LanguageIdentifier::try_from_str(t).unwrap());
        assert_eq!(usual("ru"), Some(script!("Cyrl")));
        assert_eq!(usual("uk"), Some(script!("Cyrl")));
        assert_eq!(usual("de"), Some(script!("Latn")));
        assert_eq!(usual("zh-Hant"), Some(script!("Hani")));
        assert_eq!(usual("ja"), Some(script!("Hani")));
        assert_eq!(usual("sr-Latn"), Some(script!("Latn")));
    }

    #[test]
    fn a_text_takes_one_of_its_sources_languages() {
        let declared = with_scripts(&["de".to_string(), "ru".to_string()]);
        assert_eq!(&*language_of("Die Grenze", &declared), "de");
        assert_eq!(&*language_of("Граница", &declared), "ru");
        // No letters: the first declared; another script: a guess.
        assert_eq!(&*language_of("2024", &declared), "de");
        assert_eq!(&*language_of("国境", &declared), "zh-Hans");
        assert_eq!(&*language_of("The border", &declared[1..]), "en");
        assert_eq!(&*language_of("الحدود", &declared), "und");
        let declared = with_scripts(&["en".to_string(), "zh-Hans".to_string()]);
        assert_eq!(&*language_of("Critical minerals 关键矿产", &declared), "en");
        assert_eq!(&*language_of("关键矿产 critical", &declared), "zh-Hans");
        assert_eq!(&*language_of("基金", &declared), "zh-Hans");
        assert_eq!(&*language_of("Граница", &[]), "und");
        assert_eq!(&*language_of("rare earths", &[]), "en");
        assert_eq!(&*language_of("稀土", &[]), "zh-Hans");
    }
}
