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

/// A cleaned, structured source.
#[derive(Debug, Clone)]
pub struct Source {
    pub slug: String,
    /// Path of the seed relative to the site root, e.g. `seeds/000_x.txt`.
    pub file: String,
    pub meta: SourceMeta,
    pub sha256: String,
    pub encoding: &'static str,
    pub blocks: Vec<Block>,
    pub keywords: Vec<String>,
    /// The dominant language of the text.
    pub lang: &'static str,
    pub reading_minutes: usize,
    pub cleaning: Vec<clean::RuleOutcome>,
    /// Blocks' text in the matching form used for citations, parallel to `blocks`.
    pub folded: Vec<String>,
    /// A hash of everything the source is made from (path, bytes, sidecar):
    /// equal fingerprints mean equal sources, so `serve` can reuse what it
    /// worked out from one without hashing its text again.
    pub fingerprint: u64,
}

/// A source hashes as its fingerprint: it is made from nothing but what the
/// fingerprint hashes, so equal fingerprints mean equal sources.
impl std::hash::Hash for Source {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
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
