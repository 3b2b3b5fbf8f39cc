//! The words of the theme in the site's language: navigation, headings,
//! labels, callout names, the search page's words, dates, counts with
//! their plural forms. They are data of the theme, one language file each
//! (`themes/default/i18n/en.toml`, `zh-Hans.toml`), chosen by `language`
//! in briefing.toml; a site overrides or adds words in its own
//! `i18n/<language>.toml`. [`assemble`] merges the layers ([`merge`]);
//! [`Ui`] hands out words, counted phrases ([`plural`]), filled patterns
//! ([`pattern`]) and dates ([`dates`]). Nothing here reads a file.

pub mod dates;
pub mod file;
mod merge;
pub mod pattern;
pub mod plural;

use std::collections::BTreeMap;

use icu_locale_core::LanguageIdentifier;

pub use file::{LangFile, Value};
pub use merge::{assemble, Layers, OPEN_GROUPS, REFERENCE};
use pattern::Out;

/// A language tag (BCP 47: `en`, `en-GB`, `zh-Hans`), or why it is none.
pub fn language_tag(s: &str) -> Result<LanguageIdentifier, String> {
    LanguageIdentifier::try_from_str(s).map_err(|_| {
        format!("`{s}` is not a language tag (BCP 47: `en`, `fr`, `pt-BR`, `zh-Hans`)")
    })
}

/// The UI's words in one language, merged from the theme's language files
/// and the site's.
pub struct Ui {
    /// The site's language, as briefing.toml gives it.
    language: String,
    rules: plural::Rules,
    words: BTreeMap<String, Value>,
    /// A hash of the language and every word: part of each page's cache key.
    pub hash: u64,
}

/// The words that rendered Markdown holds: the titles of the five kinds of
/// callout (`> [!NOTE]` …), and the pattern of a citation marker's name
/// (`notes.marker`: "1: CISS column, ¶ 12").
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct BodyWords {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
    /// A pattern of `{n}`, `{source}` and `{paragraph}`.
    pub marker: String,
}

impl Ui {
    fn new(language: &str, rules: plural::Rules, words: BTreeMap<String, Value>) -> Ui {
        let hash = crate::fingerprint::of(&(language, &words));
        Ui {
            language: language.to_string(),
            rules,
            words,
            hash,
        }
    }

    /// A language without words (every word shows as its key).
    pub fn empty(language: &str) -> Ui {
        let tag = language_tag(language).unwrap_or(LanguageIdentifier::UNKNOWN);
        Ui::new(language, plural::Rules::of(&tag), BTreeMap::new())
    }

    /// The site's language.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// A word by key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.words.get(key)
    }

    /// Every key, for "did you mean".
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.words.keys().map(String::as_str)
    }

    /// The plural form `n` takes in this language.
    pub fn form(&self, n: u64) -> &'static str {
        self.rules.form(n)
    }

    /// The pattern of `key` for the number `n` (a counted phrase's form for
    /// `n`, else its `other`; a text as it is).
    pub fn pattern(&self, key: &str, n: Option<u64>) -> Result<&str, String> {
        match self.words.get(key) {
            Some(Value::Text(t)) => Ok(t),
            Some(Value::Forms(forms)) => {
                let form = n.map_or("other", |n| self.rules.form(n));
                forms
                    .get(form)
                    .or_else(|| forms.get("other"))
                    .map(String::as_str)
                    .ok_or_else(|| format!("`{key}` has no form `other`"))
            }
            Some(Value::List(_)) => Err(format!("`{key}` is a list, not a text")),
            None => Err(format!(
                "no word `{key}` in the language files{}",
                crate::suggest::did_you_mean(key, self.keys())
            )),
        }
    }

    /// `key` filled: `n` picks the plural form and fills `{n}`; `args` fill
    /// the other placeholders.
    pub fn fill(
        &self,
        key: &str,
        n: Option<u64>,
        args: &dyn Fn(&str) -> Option<String>,
        out: Out,
    ) -> Result<String, String> {
        let p = self.pattern(key, n)?;
        let all = |name: &str| match (name, n) {
            ("n", Some(n)) => Some(n.to_string()),
            _ => args(name),
        };
        pattern::fill(p, &all, out).map_err(|e| format!("`{key}`: {e}"))
    }

    /// A word or phrase of the generator's own, as plain text, filled with
    /// `args`. Its key is in the built-in language files, which the site's
    /// and the theme's can only reword with the same placeholders (see
    /// [`merge`]); were it missing, the key itself shows.
    pub fn text(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.phrase(key, None, args)
    }

    /// [`Ui::text`] counted: the form for `n`, `{n}` filled.
    pub fn count(&self, key: &str, n: usize, args: &[(&str, &str)]) -> String {
        self.phrase(key, Some(n as u64), args)
    }

    fn phrase(&self, key: &str, n: Option<u64>, args: &[(&str, &str)]) -> String {
        let find = |name: &str| {
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_string())
        };
        self.fill(key, n, &find, Out::Plain)
            .unwrap_or_else(|_| key.to_string())
    }

    /// A list of texts (month names).
    pub fn list(&self, key: &str) -> &[String] {
        match self.words.get(key) {
            Some(Value::List(l)) => l,
            _ => &[],
        }
    }

    /// The heading of a group of the open `group` (`section`, `term_kind`)
    /// named `name`, when a language file gives one.
    pub fn named(&self, group: &str, name: &str) -> Option<String> {
        match self.words.get(&format!("{group}.{name}")) {
            Some(Value::Text(t)) => Some(t.clone()),
            _ => None,
        }
    }

    /// The words that rendered Markdown holds.
    pub fn body_words(&self) -> BodyWords {
        BodyWords {
            note: self.text("callout.note", &[]),
            tip: self.text("callout.tip", &[]),
            important: self.text("callout.important", &[]),
            warning: self.text("callout.warning", &[]),
            caution: self.text("callout.caution", &[]),
            marker: self
                .pattern("notes.marker", None)
                .unwrap_or_default()
                .to_string(),
        }
    }

    /// A word as JSON, for the theme's scripts: a text as a string, a
    /// counted phrase as an object of its forms (the script picks one with
    /// `Intl.PluralRules`), a list as an array; placeholders left for the
    /// script to fill.
    pub fn json(&self, key: &str) -> Option<serde_json::Value> {
        Some(match self.words.get(key)? {
            Value::Text(t) => serde_json::Value::String(t.clone()),
            Value::Forms(f) => serde_json::Value::Object(
                f.iter()
                    .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                    .collect(),
            ),
            Value::List(l) => serde_json::Value::Array(
                l.iter()
                    .map(|v| serde_json::Value::String(v.clone()))
                    .collect(),
            ),
        })
    }
}

/// A [`Ui`] hashes as its words: what a page made from it depends on.
impl std::hash::Hash for Ui {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.hash.hash(state);
    }
}
