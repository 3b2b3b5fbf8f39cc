//! Stage 3a: sources. Each seed `seeds/<stem>.txt` (with its optional sidecar
//! `seeds/<stem>.toml`) becomes a [`Source`]: decoded, normalised, cleaned by
//! declared rules, and split into addressable blocks.

pub mod clean;
pub mod decode;
mod load;
pub mod structure;

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::fingerprint::Hashed;
use clean::CleanRules;
pub use load::load;
use structure::Block;

/// A seed's sidecar file: metadata and cleaning rules. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub slug: Option<Spanned<String>>,
    /// The original title, as the seed gives it.
    pub title: Option<String>,
    /// An English title (the site's own, descriptive).
    pub title_en: Option<String>,
    /// A short name for notes ("CISS column"); the title by default.
    pub short: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    /// e.g. "journal abstract", "think-tank column", "news commentary".
    pub kind: Option<String>,
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `unknown`.
    pub published: Option<Spanned<crate::content::frontmatter::DateField>>,
    #[serde(default)]
    pub language: Vec<String>,
    /// The seed's encoding (a WHATWG label: `"gb18030"`, `"windows-1252"`),
    /// when it should not be detected.
    pub encoding: Option<Spanned<String>>,
    pub url: Option<String>,
    /// Markdown notes shown on the source page.
    pub notes: Option<String>,
    #[serde(default)]
    pub rulesets: Vec<Spanned<String>>,
    #[serde(default)]
    pub clean: CleanRules,
}

/// Metadata shown on a source page.
#[derive(Debug, Clone, Default, Hash, Serialize)]
pub struct SourceMeta {
    pub title: Option<String>,
    pub title_en: Option<String>,
    pub short: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub kind: Option<String>,
    /// Publication date, if known (`2024-12-01`, as `<time datetime>`
    /// takes it).
    pub published: Option<String>,
    /// The same date, for the theme to show in the site's language.
    #[serde(skip)]
    pub published_date: Option<crate::date::PartialDate>,
    pub language: Vec<String>,
    pub url: Option<String>,
    pub notes: Option<String>,
}

/// A cleaned, structured source, hashed once when it is made: its
/// fingerprint is the hash of the value itself (every field of
/// [`SourceData`]), so no field can be left out of it, and a source hashes
/// as its fingerprint. `serve` tells sources apart by it without hashing
/// their text again.
pub type Source = Hashed<SourceData>;

/// What a source is: its metadata, blocks and how it was read.
#[derive(Debug, Clone, Hash)]
pub struct SourceData {
    pub slug: String,
    /// Path of the seed relative to the site root, e.g. `seeds/000_x.txt`.
    pub file: String,
    pub meta: SourceMeta,
    pub sha256: String,
    pub encoding: &'static str,
    pub blocks: Vec<Block>,
    pub keywords: Vec<String>,
    /// The dominant language of the text.
    pub lang: crate::text::script::Lang,
    pub reading_minutes: usize,
    pub cleaning: Vec<clean::RuleOutcome>,
    /// Blocks' text in the matching form used for citations, parallel to `blocks`.
    pub folded: Vec<String>,
}

impl Source {
    /// A title for lists: English title, else original title, else slug.
    pub fn display_title(&self) -> &str {
        self.meta
            .title_en
            .as_deref()
            .or(self.meta.title.as_deref())
            .unwrap_or(&self.slug)
    }

    /// The name notes give the source: its short name, else its title.
    pub fn short_title(&self) -> &str {
        self.meta
            .short
            .as_deref()
            .unwrap_or_else(|| self.display_title())
    }

    pub fn block(&self, id: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.id == id)
    }
}

/// Raw input of one seed.
pub struct SeedInput<'a> {
    /// Seed path relative to the site root.
    pub path: &'a Path,
    pub bytes: &'a [u8],
    /// Sidecar path (relative) and text.
    pub sidecar: Option<(&'a Path, &'a str)>,
    /// The site's named cleaning rule sets (from briefing.toml).
    pub rulesets: &'a crate::config::Rulesets,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Rulesets;
    use crate::diag::Diagnostics;

    fn load_with(sidecar: &str, rulesets: &Rulesets) -> Source {
        let input = SeedInput {
            path: Path::new("seeds/a.txt"),
            bytes: "Title\nFirst paragraph.\nA line to drop.\nLast paragraph.\n".as_bytes(),
            sidecar: Some((Path::new("seeds/a.toml"), sidecar)),
            rulesets,
        };
        let mut d = Diagnostics::new();
        let s = load(&input, &mut d);
        assert!(!d.has_errors(), "{:?}", d.sorted());
        s.expect("the seed loads")
    }

    #[test]
    fn a_fingerprint_follows_every_part_of_the_source() {
        // What a source is made from includes the site's rule sets: a
        // fingerprint of the value itself cannot forget them.
        let none = Rulesets::new();
        let plain = load_with("slug = \"a\"\n", &none);
        assert_eq!(
            plain.fingerprint(),
            load_with("slug = \"a\"\n", &none).fingerprint()
        );
        let titled = load_with("slug = \"a\"\ntitle_en = \"A\"\n", &none);
        assert_ne!(plain.fingerprint(), titled.fingerprint());
        let mut rules = Rulesets::new();
        let drop: CleanRules =
            toml::from_str("drop_lines = [\"^A line to drop\"]").expect("rules parse");
        rules.insert("site".into(), drop);
        let cleaned = load_with("slug = \"a\"\nrulesets = [\"site\"]\n", &rules);
        assert_eq!(cleaned.blocks.len() + 1, plain.blocks.len());
        assert_ne!(plain.fingerprint(), cleaned.fingerprint());
        assert_eq!(
            crate::fingerprint::of(&plain),
            crate::fingerprint::of(&plain.fingerprint())
        );
    }
}
