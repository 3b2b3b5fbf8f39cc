//! Stage 3a: sources. Each seed `seeds/<stem>.txt` (with its optional sidecar
//! `seeds/<stem>.toml`) becomes a [`Source`]: decoded, normalised, cleaned by
//! declared rules, and split into addressable blocks.

pub mod clean;
pub mod decode;
pub mod structure;

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::Spanned;

use crate::config::toml_error;
use crate::date::PartialDate;
use crate::diag::{Diagnostic, Diagnostics, Span};
use clean::CleanRules;
use structure::{Block, BlockKind};

/// A seed's sidecar file: metadata and cleaning rules. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub slug: Option<Spanned<String>>,
    /// The original title, as the seed gives it.
    pub title: Option<String>,
    /// An English title (the site's own, descriptive).
    pub title_en: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    /// e.g. "journal abstract", "think-tank column", "news commentary".
    pub kind: Option<String>,
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `unknown`.
    pub published: Option<Spanned<crate::content::frontmatter::DateField>>,
    #[serde(default)]
    pub language: Vec<String>,
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
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub kind: Option<String>,
    /// Publication date, if known.
    pub published: Option<String>,
    pub published_display: Option<String>,
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
}

/// Parses, decodes, cleans and structures one seed. Problems go to `diags`;
/// `None` when the seed cannot be used.
pub fn load(input: &SeedInput<'_>, diags: &mut Diagnostics) -> Option<Source> {
    let path = input.path;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sidecar = match input.sidecar {
        Some((sp, text)) => match toml::from_str::<Sidecar>(text) {
            Ok(s) => Some((sp, text, s)),
            Err(e) => {
                diags.push(toml_error(&e, text, sp, 1));
                return None;
            }
        },
        None => {
            diags.push(Diagnostic::warning(
                Some(Span::file(path)),
                format!("no sidecar `{stem}.toml`: the source has no title or metadata and is not cleaned"),
            ));
            None
        }
    };
    let sc_span = |range: std::ops::Range<usize>| -> Span {
        match &sidecar {
            Some((sp, text, _)) => Span::of_range(sp, text, range.start, range.end, 1),
            None => Span::file(path),
        }
    };

    let decoded = match decode::decode(input.bytes) {
        Ok(d) => d,
        Err(e) => {
            diags.push(Diagnostic::at(
                Span::file(path),
                format!("cannot read seed: {e}"),
            ));
            return None;
        }
    };
    let text = decode::normalize(&decoded.text);
    let sha256 = hex(&Sha256::digest(input.bytes));

    let default = Sidecar::default();
    let sc = sidecar.as_ref().map_or(&default, |(_, _, s)| s);
    let slug = match &sc.slug {
        Some(s) => match crate::slug::validate(s.get_ref()) {
            Ok(()) => s.get_ref().clone(),
            Err(msg) => {
                diags.push(Diagnostic::at(sc_span(s.span()), msg));
                return None;
            }
        },
        None => match crate::slug::from_stem(&stem) {
            Some(s) => s,
            None => {
                diags.push(Diagnostic::at(
                    Span::file(path),
                    "cannot derive a slug from the file name; set `slug` in the sidecar",
                ));
                return None;
            }
        },
    };
    let published = match &sc.published {
        Some(p) if p.get_ref().0 == "unknown" => None,
        Some(p) => match PartialDate::parse(&p.get_ref().0) {
            Ok(d) => Some(d),
            Err(e) => {
                diags.push(Diagnostic::at(
                    sc_span(p.span()),
                    format!("{e}, or \"unknown\""),
                ));
                None
            }
        },
        None => None,
    };

    // Cleaning: named rule sets first, then the sidecar's own rules.
    let mut sets = Vec::new();
    for name in &sc.rulesets {
        match clean::ruleset(name.get_ref()) {
            Some(r) => sets.push((name.get_ref().clone(), r)),
            None => diags.push(Diagnostic::at(
                sc_span(name.span()),
                format!(
                    "unknown rule set `{}` (known: {})",
                    name.get_ref(),
                    clean::ruleset_names().join(", ")
                ),
            )),
        }
    }
    let mut groups: Vec<(String, &CleanRules, bool)> = sets
        .iter()
        .map(|(n, r)| (format!("rule set {n}"), r, false))
        .collect();
    groups.push(("sidecar".to_string(), &sc.clean, true));
    let (lines, cleaning) = match clean::apply(&text, &groups) {
        Ok(x) => x,
        Err(errors) => {
            for e in errors {
                let span = e.span.map_or_else(|| Span::file(path), &sc_span);
                diags.push(Diagnostic::at(span, e.message));
            }
            return None;
        }
    };

    let blocks = structure::blocks(&lines);
    let keywords: Vec<String> = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Keywords)
        .flat_map(|b| structure::split_keywords(&b.text))
        .collect();
    let (han, words) = blocks.iter().fold((0, 0), |(h, w), b| {
        let han = b
            .text
            .chars()
            .filter(|&c| crate::text::script::is_han(c))
            .count();
        let latin_words = b
            .text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .count();
        (h + han, w + latin_words)
    });
    let lang = if words > han { "en" } else { "zh-Hans" };
    let reading_minutes = (han / 300 + words / 230).max(1);
    let folded = blocks
        .iter()
        .map(|b| crate::text::fold::fold(&b.text))
        .collect();

    let meta = SourceMeta {
        title: sc.title.clone(),
        title_en: sc.title_en.clone(),
        publisher: sc.publisher.clone(),
        author: sc.author.clone(),
        kind: sc.kind.clone(),
        published: published.map(|d| d.iso()),
        published_display: published.map(|d| d.display()),
        language: if sc.language.is_empty() {
            vec![lang.to_string()]
        } else {
            sc.language.clone()
        },
        url: sc.url.clone(),
        notes: sc.notes.clone(),
    };
    let fingerprint = crate::fingerprint::of(&(path, &sha256, input.sidecar.map(|(_, t)| t)));
    Some(Source {
        fingerprint,
        slug,
        file: path.display().to_string().replace('\\', "/"),
        meta,
        sha256,
        encoding: decoded.encoding,
        blocks,
        keywords,
        lang,
        reading_minutes,
        cleaning,
        folded,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
