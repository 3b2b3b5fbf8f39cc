//! Plural forms: which form of a counted phrase a number takes in a
//! language, by the Unicode CLDR rules (ICU4X's `icu_plurals`, with its
//! compiled data): English has `one` and `other`, Chinese `other` alone,
//! Russian `one`, `few`, `many` and `other`. Browsers apply the same rules
//! (`Intl.PluralRules`), so the theme's scripts agree with the pages.

use icu_locale_core::LanguageIdentifier;
use icu_plurals::{PluralCategory, PluralRules};

/// The names of the forms, as language files write them.
pub const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// A form's name.
pub fn name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// A language's rules for whole numbers (`None`: `other` for every number).
pub struct Rules(Option<PluralRules>);

impl Rules {
    /// The rules of `language`, or of the language it falls back to when
    /// CLDR has none of its own (in the end the root's: `other` for every
    /// number).
    pub fn of(language: &LanguageIdentifier) -> Rules {
        Rules(PluralRules::try_new_cardinal(language.into()).ok())
    }

    /// The form `n` takes.
    pub fn form(&self, n: u64) -> &'static str {
        self.0.as_ref().map_or("other", |r| name(r.category_for(n)))
    }

    /// The forms whole numbers take in the language (found by trying the
    /// numbers where the rules of every CLDR language change).
    pub fn forms(&self) -> Vec<&'static str> {
        let mut seen: Vec<&'static str> = Vec::new();
        for n in (0..=200u64).chain([1_000, 1_000_000, 1_000_000_000]) {
            let f = self.form(n);
            if !seen.contains(&f) {
                seen.push(f);
            }
        }
        FORMS.iter().copied().filter(|f| seen.contains(f)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(tag: &str) -> Rules {
        Rules::of(&tag.parse().unwrap())
    }

    #[test]
    fn english_chinese_and_russian() {
        let en = rules("en");
        assert_eq!(
            (en.form(1), en.form(0), en.form(2)),
            ("one", "other", "other")
        );
        assert_eq!(en.forms(), ["one", "other"]);
        let zh = rules("zh-Hans");
        assert_eq!((zh.form(1), zh.form(2)), ("other", "other"));
        assert_eq!(zh.forms(), ["other"]);
        let ru = rules("ru");
        assert_eq!((ru.form(1), ru.form(3), ru.form(5)), ("one", "few", "many"));
        // `other` is for fractions in Russian: whole numbers take three forms.
        assert_eq!(ru.forms(), ["one", "few", "many"]);
        assert_eq!(rules("tlh").forms(), ["other"]);
    }
}
