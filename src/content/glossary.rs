//! The glossary: `content/glossary.toml`, one `[[term]]` per term, with
//! its kind, names and definition (Markdown, rendered by the model).

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
    pub zh: Option<Spanned<String>>,
    /// One of the site's kinds (`term_kinds` in briefing.toml): see [`check_kinds`].
    pub kind: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub definition: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    term: Vec<TermDef>,
}

/// The parsed glossary with the text it came from (for positions).
#[derive(Debug)]
pub struct Glossary {
    pub file: PathBuf,
    pub text: String,
    pub terms: Vec<TermDef>,
}

impl Glossary {
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::of_range(&self.file, &self.text, range.start, range.end, 1)
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
                terms: Vec::new(),
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
