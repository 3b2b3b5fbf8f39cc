//! Loading one seed: its sidecar parsed, its bytes decoded and normalised,
//! its lines cleaned by the declared rules, split into blocks, and its
//! metadata, language and reading time worked out.

use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::clean::{self, CleanRules, RuleOutcome};
use super::structure::{self, Block, BlockKind};
use super::{decode, SeedInput, Sidecar, Source, SourceData, SourceMeta};
use crate::config::toml_errors;
use crate::date::PartialDate;
use crate::diag::{Cause, Diagnostic, Diagnostics, Span};
use crate::text::script::Lang;

/// Parses, decodes, cleans and structures one seed. Problems go to `diags`
/// (with the seed's lines quoted as decoded, whatever its encoding); `None`
/// when the seed cannot be used.
pub fn load(input: &SeedInput<'_>, diags: &mut Diagnostics) -> Option<Source> {
    let start = diags.len();
    let source = load_unmarked(input, diags);
    if source.is_none() {
        // What cites this source fails because of these errors.
        diags.mark_causes_from(start, &Cause::Source(likely_slug(input)));
    }
    source
}

/// The slug the seed was meant to have, also when its sidecar does not
/// parse: its `slug = "…"` line, else the slug of its file name.
fn likely_slug(input: &SeedInput<'_>) -> String {
    let written = input.sidecar.and_then(|(_, text)| {
        text.lines().find_map(|l| {
            let rest = l
                .trim()
                .strip_prefix("slug")?
                .trim_start()
                .strip_prefix('=')?;
            let v = rest.trim().strip_prefix('"')?;
            v.split_once('"').map(|(s, _)| s.to_string())
        })
    });
    written
        .or_else(|| crate::slug::from_stem(&stem(input.path)).ok())
        .unwrap_or_default()
}

fn load_unmarked(input: &SeedInput<'_>, diags: &mut Diagnostics) -> Option<Source> {
    let sidecar = sidecar(input, diags)?;
    let decoded = decoded(input, sidecar.as_ref(), diags)?;
    let text = decode::normalize(&decoded.text);
    let source = build(
        input,
        &sidecar.unwrap_or_default(),
        &text,
        decoded.encoding,
        diags,
    );
    diags.quote(input.path, &decoded.text, 1);
    source
}

/// The seed's bytes decoded: in the encoding the sidecar pins, else
/// detected and checked against the languages it declares. An error is at
/// the seed's line and column where it has one.
fn decoded(
    input: &SeedInput<'_>,
    sidecar: Option<&Sidecar>,
    diags: &mut Diagnostics,
) -> Option<decode::Decoded> {
    let pinned = match sidecar.and_then(|sc| sc.encoding.as_ref()) {
        Some(label) => match decode::pinned(label.get_ref()) {
            Ok(enc) => Some(enc),
            Err(msg) => {
                diags.push(Diagnostic::at(sidecar_span(input, label.span()), msg));
                return None;
            }
        },
        None => None,
    };
    let hints = decode::Hints {
        pinned,
        languages: sidecar.map_or(&[], |sc| sc.language.as_slice()),
    };
    match decode::decode_with(input.bytes, &hints) {
        Ok(d) => Some(d),
        Err(e) => {
            let span = e.at().map_or_else(
                || Span::file(input.path),
                |at| Span::new(input.path, at.line, at.col),
            );
            diags.push(Diagnostic::at(span, format!("cannot read seed: {e}")));
            None
        }
    }
}

/// The seed's sidecar: `Some(None)` when it has none (a warning), `None`
/// when it does not parse or a string in it holds a character its field
/// may not.
fn sidecar(input: &SeedInput<'_>, diags: &mut Diagnostics) -> Option<Option<Sidecar>> {
    match input.sidecar {
        Some((sp, text)) => match toml::from_str::<Sidecar>(text) {
            Ok(s) => {
                let controls = crate::config::toml_controls(text, sp, 1, &["notes", "clean"]);
                if !controls.is_empty() {
                    for d in controls {
                        diags.push(d);
                    }
                    return None;
                }
                Some(Some(s))
            }
            Err(e) => {
                for d in toml_errors(&e, text, sp, 1) {
                    diags.push(d);
                }
                None
            }
        },
        None => {
            diags.push(Diagnostic::warning(
                Some(Span::file(input.path)),
                format!(
                    "no sidecar `{}.toml`: the source has no title or metadata and is not cleaned",
                    stem(input.path)
                ),
            ));
            Some(None)
        }
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where a byte range of the sidecar is (the seed itself without one).
fn sidecar_span(input: &SeedInput<'_>, range: Range<usize>) -> Span {
    match input.sidecar {
        Some((sp, text)) => Span::of_range(sp, text, range.start, range.end, 1),
        None => Span::file(input.path),
    }
}

/// The source from its decoded, normalised `text` and sidecar `sc`.
fn build(
    input: &SeedInput<'_>,
    sc: &Sidecar,
    text: &str,
    encoding: &'static str,
    diags: &mut Diagnostics,
) -> Option<Source> {
    let path = input.path;
    let slug = slug(input, sc, diags)?;
    let published = published(input, sc, diags);
    let (lines, cleaning) = cleaned(input, sc, text, diags)?;
    let declared = crate::text::script::with_scripts(&sc.language);
    let blocks = structure::blocks(&lines, &declared);
    let keywords: Vec<String> = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Keywords)
        .flat_map(|b| structure::split_keywords(&b.text))
        .collect();
    let (lang, reading_minutes) = language_and_reading_time(&blocks);
    let folded = blocks
        .iter()
        .map(|b| crate::text::fold::fold(&b.text))
        .collect();
    let meta = SourceMeta {
        title: sc.title.clone(),
        title_en: sc.title_en.clone(),
        short: sc.short.clone(),
        publisher: sc.publisher.clone(),
        author: sc.author.clone(),
        kind: sc.kind.clone(),
        published: published.map(|d| d.iso()),
        published_date: published,
        language: if sc.language.is_empty() {
            vec![lang.as_str().to_string()]
        } else {
            sc.language.clone()
        },
        url: sc.url.clone(),
        notes: sc.notes.clone(),
    };
    let sha256 = hex(&Sha256::digest(input.bytes));
    Some(Source::new(SourceData {
        slug,
        file: path.display().to_string().replace('\\', "/"),
        meta,
        sha256,
        encoding,
        blocks,
        keywords,
        lang,
        reading_minutes,
        cleaning,
        folded,
    }))
}

/// The sidecar's slug, or one from the file name.
fn slug(input: &SeedInput<'_>, sc: &Sidecar, diags: &mut Diagnostics) -> Option<String> {
    match &sc.slug {
        Some(s) => match crate::slug::validate(s.get_ref()) {
            Ok(()) => Some(s.get_ref().clone()),
            Err(msg) => {
                diags.push(Diagnostic::at(sidecar_span(input, s.span()), msg));
                None
            }
        },
        None => {
            match crate::slug::from_stem(&stem(input.path)) {
                Ok(slug) => Some(slug),
                Err(e) => {
                    diags.push(Diagnostic::at(
                    Span::file(input.path),
                    format!("cannot make a slug from the file name: {e}; or set `slug` in the sidecar"),
                ));
                    None
                }
            }
        }
    }
}

/// The publication date, unless `unknown` (or wrong: an error).
fn published(input: &SeedInput<'_>, sc: &Sidecar, diags: &mut Diagnostics) -> Option<PartialDate> {
    let p = sc.published.as_ref()?;
    if p.get_ref().0 == "unknown" {
        return None;
    }
    match PartialDate::parse(&p.get_ref().0) {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(Diagnostic::at(
                sidecar_span(input, p.span()),
                format!("{e}, or \"unknown\""),
            ));
            None
        }
    }
}

/// The lines left by the named rule sets, then the sidecar's own rules, and
/// what each rule removed. A rule set's problems are reported where the
/// sidecar names it.
fn cleaned<'t>(
    input: &SeedInput<'_>,
    sc: &Sidecar,
    text: &'t str,
    diags: &mut Diagnostics,
) -> Option<(Vec<clean::Line<'t>>, Vec<RuleOutcome>)> {
    let mut sets = Vec::new();
    let mut unknown = false;
    for name in &sc.rulesets {
        match input.rulesets.get(name.get_ref()) {
            Some(r) => sets.push((name, r)),
            None => {
                unknown = true;
                let known: Vec<&str> = input.rulesets.keys().map(String::as_str).collect();
                diags.push(Diagnostic::at(
                    sidecar_span(input, name.span()),
                    format!(
                        "unknown rule set `{}`{} (rule sets are `[rulesets.<name>]` tables in briefing.toml; this site has {})",
                        name.get_ref(),
                        crate::suggest::did_you_mean(name.get_ref(), known.iter().copied()),
                        if known.is_empty() { "none".to_string() } else { known.join(", ") }
                    ),
                ));
            }
        }
    }
    if unknown {
        return None;
    }
    let mut groups: Vec<(String, &CleanRules, bool)> = sets
        .iter()
        .map(|(n, r)| (format!("rule set {}", n.get_ref()), *r, false))
        .collect();
    groups.push(("sidecar".to_string(), &sc.clean, true));
    match clean::apply(text, &groups) {
        Ok(x) => Some(x),
        Err(errors) => {
            for e in errors {
                let span = match (e.span, sets.get(e.group)) {
                    (Some(r), _) => sidecar_span(input, r),
                    (None, Some((name, _))) => sidecar_span(input, name.span()),
                    (None, None) => Span::file(input.path),
                };
                diags.push(Diagnostic::at(span, e.message));
            }
            None
        }
    }
}

/// The dominant language of the blocks (the one whose blocks hold the
/// most words, a Han character counting as one), and the minutes they take
/// to read.
fn language_and_reading_time(blocks: &[Block]) -> (Lang, usize) {
    let mut by_lang: Vec<(&Lang, usize)> = Vec::new();
    let (mut han, mut words) = (0, 0);
    for b in blocks {
        let h = b
            .text
            .chars()
            .filter(|&c| crate::text::script::is_han(c))
            .count();
        let w = b
            .text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .count();
        han += h;
        words += w;
        match by_lang.iter_mut().find(|(l, _)| **l == b.lang) {
            Some((_, n)) => *n += h + w,
            None => by_lang.push((&b.lang, h + w)),
        }
    }
    // The first of the most used (in the order the text uses them).
    let lang = by_lang.iter().rev().max_by_key(|(_, n)| *n).map_or_else(
        || Lang::new(crate::text::script::guess_lang("")),
        |(l, _)| (*l).clone(),
    );
    (lang, (han / 300 + words / 230).max(1))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
