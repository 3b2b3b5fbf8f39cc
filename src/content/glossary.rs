//! The glossary: `content/glossary.toml`, one `[[term]]` per term, with
//! its kind, names and definition (Markdown, rendered by the model). A
//! term's `original` is its name as the sources write it, in the language
//! `original_language` names (per term, else for the whole file, else the
//! site's language).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, Span};

/// One glossary entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermDef {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// The name as the sources write it, in their language.
    pub original: Option<Spanned<String>>,
    /// The language of `original` (BCP 47), when it is not the file's.
    pub original_language: Option<Spanned<String>>,
    /// One of the site's kinds (`term_kinds` in briefing.toml): see [`check_kinds`].
    pub kind: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub definition: Spanned<String>,
    /// The old spelling of `original` (read as `original`, in `zh-Hans`
    /// unless a language is given), with a warning.
    zh: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    original_language: Option<Spanned<String>>,
    #[serde(default)]
    term: Vec<TermDef>,
}

/// What the old `zh` field named: a name in Simplified Chinese.
const ZH_LANGUAGE: &str = "zh-Hans";

/// The parsed glossary with the text it came from (for positions).
#[derive(Debug)]
pub struct Glossary {
    pub file: PathBuf,
    pub text: String,
    /// The language of the terms' `original` names, unless a term says.
    pub original_language: Option<String>,
    pub terms: Vec<TermDef>,
    /// Where each line of `text` starts (`diag::line_starts`): spans of
    /// hundreds of terms, each found from the text's start, took a pass
    /// over half the file each.
    lines: Vec<usize>,
}

impl Glossary {
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::of_range_in(
            &self.file,
            &self.text,
            &self.lines,
            range.start,
            range.end,
            1,
        )
    }

    /// The language of a term's `original` name: the term's, else the
    /// file's, else `site` (the site's language).
    pub fn original_language<'a>(&'a self, t: &'a TermDef, site: &'a str) -> &'a str {
        t.original_language
            .as_ref()
            .map(|l| l.get_ref().as_str())
            .or(self.original_language.as_deref())
            .unwrap_or(site)
    }
}

/// Moves an old `zh` name into `original` (a warning says so; an error if
/// both are given), and reports language tags that are none.
fn settle_names(
    gl: &mut Glossary,
    file_language: Option<&Spanned<String>>,
    diags: &mut Diagnostics,
) {
    let tags = file_language
        .into_iter()
        .chain(gl.terms.iter().filter_map(|t| t.original_language.as_ref()));
    for tag in tags {
        if let Err(msg) = crate::i18n::language_tag(tag.get_ref()) {
            diags.push(Diagnostic::at(
                gl.span(tag.span()),
                format!("original_language: {msg}"),
            ));
        }
    }
    let mut problems = Vec::new();
    for t in &mut gl.terms {
        let Some(zh) = t.zh.take() else { continue };
        let at = Span::of_range(&gl.file, &gl.text, zh.span().start, zh.span().end, 1);
        if t.original.is_some() {
            problems.push(Diagnostic::at(
                at,
                "both `zh` and `original` are given: `zh` is the old name of `original`; keep one",
            ));
            continue;
        }
        problems.push(Diagnostic::warning(
            Some(at),
            format!(
                "`zh` is the old name of `original` (the name as the sources write it): rename it; its language is `{ZH_LANGUAGE}` unless `original_language` says otherwise"
            ),
        ));
        if t.original_language.is_none() && file_language.is_none() {
            t.original_language = Some(Spanned::new(zh.span(), ZH_LANGUAGE.to_string()));
        }
        t.original = Some(zh);
    }
    for d in problems {
        diags.push(d);
    }
}

/// Parses `content/glossary.toml`.
pub fn parse_glossary(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<Glossary> {
    match toml::from_str::<GlossaryFile>(text) {
        Ok(g) => {
            let controls = crate::config::toml_controls(text, file, 1, &["definition"]);
            if !controls.is_empty() {
                for d in controls {
                    diags.push(d);
                }
                return None;
            }
            let mut gl = Glossary {
                file: file.to_path_buf(),
                text: text.to_string(),
                original_language: g.original_language.as_ref().map(|l| l.get_ref().clone()),
                terms: Vec::new(),
                lines: crate::diag::line_starts(text),
            };
            // A second term with an id already used is reported and dropped.
            let mut seen = std::collections::BTreeSet::new();
            for t in g.term {
                if seen.insert(t.id.get_ref().clone()) {
                    gl.terms.push(t);
                } else {
                    diags.push(Diagnostic::at(
                        gl.span(t.id.span()),
                        format!("duplicate term id `{}`", t.id.get_ref()),
                    ));
                }
            }
            for t in &gl.terms {
                if let Err(msg) = crate::slug::validate(t.id.get_ref()) {
                    diags.push(Diagnostic::at(
                        gl.span(t.id.span()),
                        format!("term id: {msg}"),
                    ));
                }
                if t.name.get_ref().trim().is_empty() {
                    diags.push(Diagnostic::at(gl.span(t.name.span()), "term name is empty"));
                }
            }
            settle_names(&mut gl, g.original_language.as_ref(), diags);
            super::placeholder::check(file, text, diags);
            Some(gl)
        }
        Err(e) => {
            for d in crate::config::toml_errors(&e, text, file, 1) {
                diags.push(d.causes(crate::diag::Cause::Glossary));
            }

            None
        }
    }
}

/// Reports each term whose kind the site does not list (the kinds are the
/// site's, so this is checked apart from parsing, which knows no config).
pub fn check_kinds(g: &Glossary, kinds: &crate::config::TermKinds, diags: &mut Diagnostics) {
    for t in &g.terms {
        if let Some(message) = kinds.unknown(t.kind.get_ref()) {
            diags.push(Diagnostic::at(g.span(t.kind.span()), message));
        }
    }
}

/// The heading of the kind of term `id`: the site's (`heading` in
/// briefing.toml), else the language file's (`term_kind.<id>`).
pub fn kind_heading(
    kinds: &crate::config::TermKinds,
    ui: &crate::i18n::Ui,
    id: &str,
) -> Option<String> {
    kinds
        .get(id)
        .and_then(|k| k.heading.clone())
        .or_else(|| ui.named("term_kind", id))
}

/// An error for each kind of term that has no heading: none in
/// briefing.toml, and none in the language files.
pub fn check_headings(
    kinds: &crate::config::TermKinds,
    ui: &crate::i18n::Ui,
    diags: &mut Diagnostics,
) {
    for k in &kinds.0 {
        let id = k.id.get_ref();
        if kind_heading(kinds, ui, id).is_none() {
            diags.push(Diagnostic::error(
                Some(crate::diag::Span::file(crate::config::CONFIG_FILE)),
                format!(
                    "term kind `{id}` has no heading: give it one in briefing.toml (`heading = \"…\"` in its [[term_kinds]] table), or name it in i18n/{}.toml (`[term_kind]`, `{id} = \"…\"`)",
                    ui.language()
                ),
            ));
        }
    }
}
