//! Stage 1: the site configuration, `briefing.toml` at the site root.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Span};

pub const CONFIG_FILE: &str = "briefing.toml";

/// The site configuration. Every key is optional; unknown keys are errors.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's title, shown in the header and in `<title>`.
    pub title: String,
    /// One or two sentences for the home page meta description and the feed.
    pub description: String,
    /// The language of the site's own text (`<html lang>`) and of the
    /// theme's words (a language file of the theme or the site's `i18n/`).
    pub language: String,
    /// Theme name: `themes/<theme>/` under the site root, or the built-in `default`.
    pub theme: String,
    /// Absolute URL where the site is published, used only for the feed and
    /// sitemap (pages themselves link relatively). Overridden by `--base-url`.
    pub base_url: Option<String>,
    /// Repository web URL (e.g. `https://github.com/org/repo`), to link each
    /// source page to its raw seed file.
    pub repo_url: Option<String>,
    /// Branch used in repository links.
    pub repo_branch: String,
    /// When the briefing was last brought up to date (`2026`, `2026-02` or
    /// `2026-02-04`): the "Updated on" line, the print edition's cover and
    /// "Cite this page". A date the editors set, so that two builds of the
    /// same input stay the same.
    pub updated: Option<String>,
    /// The kinds of glossary terms, in the order the index of terms shows
    /// them (`[[term_kinds]]`, each an `id` and a `heading`).
    pub term_kinds: TermKinds,
    /// Named cleaning rule sets that sidecars apply with `rulesets = [...]`
    /// (`[rulesets.<name>]`, with the keys of a sidecar's `[clean]`).
    pub rulesets: Rulesets,
}

/// Cleaning rules as written in a sidecar's `[clean]` table or a rule set
/// (`[rulesets.<name>]` in briefing.toml); `sources::clean` applies them.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct CleanRules {
    /// Drop every line up to and including the first line that starts with this text.
    pub start_after: Option<Spanned<String>>,
    /// Drop the first line (after `start_after`) that starts with this text and everything after it.
    pub end_before: Option<Spanned<String>>,
    /// Drop every line matching any of these regular expressions.
    #[serde(default)]
    pub drop_lines: Vec<Spanned<String>>,
}

impl CleanRules {
    /// The first `drop_lines` pattern that is no regular expression, and why.
    pub fn invalid_regex(&self) -> Option<(&Spanned<String>, regex::Error)> {
        self.drop_lines
            .iter()
            .find_map(|p| regex::Regex::new(p.get_ref()).err().map(|e| (p, e)))
    }
}

/// Cleaning rule sets by name.
pub type Rulesets = BTreeMap<String, CleanRules>;

/// One kind of glossary term: its id (what `kind = "..."` names) and the
/// heading of its group on the index of terms (also shown on its terms'
/// pages); without one, the heading is the language file's
/// (`term_kind.<id>`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct TermKind {
    pub id: Spanned<String>,
    pub heading: Option<String>,
}

/// The site's kinds of glossary terms, in order.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq, Hash)]
#[serde(transparent)]
pub struct TermKinds(pub Vec<TermKind>);

impl Default for TermKinds {
    /// The generic kinds (`src/config/term_kinds.toml`).
    fn default() -> Self {
        #[derive(Deserialize)]
        struct File {
            term_kinds: TermKinds,
        }
        toml::from_str::<File>(include_str!("config/term_kinds.toml"))
            .map(|f| f.term_kinds)
            .unwrap_or(TermKinds(Vec::new()))
    }
}

impl TermKinds {
    /// The kind with this id.
    pub fn get(&self, id: &str) -> Option<&TermKind> {
        self.0.iter().find(|k| k.id.get_ref() == id)
    }

    /// The ids, in order.
    pub fn ids(&self) -> Vec<&str> {
        self.0.iter().map(|k| k.id.get_ref().as_str()).collect()
    }

    /// The position of a kind in the order (unknown kinds last).
    pub fn rank(&self, id: &str) -> usize {
        self.0
            .iter()
            .position(|k| k.id.get_ref() == id)
            .unwrap_or(self.0.len())
    }

    /// What is wrong with `id` as a kind of this site: unknown, with the
    /// closest known kind and every kind.
    pub fn unknown(&self, id: &str) -> Option<String> {
        if self.get(id).is_some() {
            return None;
        }
        Some(format!(
            "unknown term kind `{id}`{} (this site's kinds: {}; a site lists its own as `[[term_kinds]]` in briefing.toml)",
            crate::suggest::did_you_mean(id, self.ids()),
            self.ids().join(", ")
        ))
    }

    /// The kind for `new term --kind`: the one given, if the site has it;
    /// without one, `concept` where the site has it.
    pub fn choose(&self, given: Option<&str>) -> Result<String, String> {
        match given {
            Some(k) => match self.unknown(k) {
                None => Ok(k.to_string()),
                Some(e) => Err(e),
            },
            None if self.get("concept").is_some() => Ok("concept".to_string()),
            None => Err(format!(
                "give one of this site's kinds: {}",
                self.ids().join(", ")
            )),
        }
    }

    /// Problems of the list itself: an id that is no slug, or one used twice.
    fn check(&self, path: &Path, text: &str) -> Option<Diagnostic> {
        let mut seen = std::collections::BTreeSet::new();
        for k in &self.0 {
            let id = k.id.get_ref();
            let problem = match crate::slug::validate(id) {
                Err(e) => Some(format!("term kind id: {e}")),
                Ok(()) if !seen.insert(id.as_str()) => {
                    Some(format!("term kind `{id}` is listed twice"))
                }
                Ok(()) => None,
            };
            if let Some(message) = problem {
                let r = k.id.span();
                return Some(Diagnostic::at(
                    Span::of_range(path, text, r.start, r.end, 1),
                    message,
                ));
            }
        }
        None
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefing".to_string(),
            description: String::new(),
            language: "en".to_string(),
            theme: "default".to_string(),
            base_url: None,
            repo_url: None,
            repo_branch: "main".to_string(),
            updated: None,
            term_kinds: TermKinds::default(),
            rulesets: Rulesets::new(),
        }
    }
}

impl Config {
    /// Parses the text of a config file. `path` is used in error positions.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| toml_error(&e, text, path, 1))?;
        if let Some(d) = toml_controls(text, path, 1, &[]).into_iter().next() {
            return Err(d);
        }
        if icu_locale_core::LanguageIdentifier::try_from_str(&config.language).is_err() {
            return Err(Diagnostic::at(
                Span::file(path),
                format!(
                    "language: `{}` is not a language tag (BCP 47: `en`, `fr`, `pt-BR`, `zh-Hans`)",
                    config.language
                ),
            ));
        }
        if let Some(url) = &config.base_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(Diagnostic::at(
                    Span::file(path),
                    format!("base_url must be an absolute http(s) URL, got `{url}`"),
                ));
            }
        }
        if let Some(u) = &config.updated {
            let problem = match crate::date::PartialDate::parse(u) {
                Err(e) => Some(e.to_string()),
                Ok(d) if d.decade => Some(format!("`{u}` is a decade; give a year, month or day")),
                Ok(_) => None,
            };
            if let Some(p) = problem {
                return Err(Diagnostic::at(Span::file(path), format!("updated: {p}")));
            }
        }
        if config.theme.is_empty()
            || !config
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(Diagnostic::at(
                Span::file(path),
                format!(
                    "theme name `{}` may only use letters, digits, '-' and '_'",
                    config.theme
                ),
            ));
        }
        if let Some(d) = config.term_kinds.check(path, text) {
            return Err(d);
        }
        for (name, rules) in &config.rulesets {
            if let Err(e) = crate::slug::validate(name) {
                return Err(Diagnostic::at(
                    Span::file(path),
                    format!("rule set name: {e}"),
                ));
            }
            if let Some((pattern, e)) = rules.invalid_regex() {
                let r = pattern.span();
                return Err(Diagnostic::at(
                    Span::of_range(path, text, r.start, r.end, 1),
                    format!("invalid regular expression in rule set `{name}`: {e}"),
                ));
            }
        }
        Ok(config)
    }
}

/// Every syntax error of a TOML text at once (the TOML parser recovers
/// after each; `toml::from_str`, which also checks the keys and types, stops
/// at the first error): empty when the syntax is sound.
pub fn toml_syntax_errors(text: &str, path: &Path, base_line: usize) -> Vec<Diagnostic> {
    let source = toml_parser::Source::new(text);
    let tokens = source.lex().into_vec();
    let mut errors: Vec<toml_parser::ParseError> = Vec::new();
    toml_parser::parser::parse_document(&tokens, &mut (), &mut errors);
    errors
        .iter()
        .map(|e| {
            let at = e.unexpected().or(e.context()).unwrap_or_default();
            let expected = e
                .expected()
                .map(|list| {
                    let names: Vec<String> = list
                        .iter()
                        .map(|x| match x {
                            toml_parser::Expected::Literal(l) => format!("`{}`", l.escape_debug()),
                            toml_parser::Expected::Description(d) => (*d).to_string(),
                            _ => String::new(),
                        })
                        .filter(|n| !n.is_empty())
                        .collect();
                    if names.is_empty() {
                        String::new()
                    } else {
                        format!(", expected {}", names.join(" or "))
                    }
                })
                .unwrap_or_default();
            Diagnostic::at(
                Span::of_range(path, text, at.start(), at.end(), base_line),
                format!("TOML syntax: {}{expected}", e.description()),
            )
        })
        .collect()
}

/// A TOML text's errors: all its syntax errors, or else the first error
/// of its keys and types (`e`, from `toml::from_str`).
pub fn toml_errors(
    e: &toml::de::Error,
    text: &str,
    path: &Path,
    base_line: usize,
) -> Vec<Diagnostic> {
    let syntax = toml_syntax_errors(text, path, base_line);
    if syntax.is_empty() {
        vec![toml_error(e, text, path, base_line)]
    } else {
        syntax
    }
}

/// Converts a TOML error into a positioned diagnostic. `base_line` is the line
/// of the file where `text` starts (front matter starts after its `+++`).
pub fn toml_error(e: &toml::de::Error, text: &str, path: &Path, base_line: usize) -> Diagnostic {
    let span = match e.span() {
        Some(r) => Span::of_range(path, text, r.start, r.end, base_line),
        None => Span::new(path, base_line, 1),
    };
    let message = e.message().trim();
    Diagnostic::at(
        span,
        format!("{message}{}", crate::suggest::for_unknown_field(message)),
    )
}

/// Every string of a TOML document that holds a character its field may
/// not (see [`crate::text::controls`]), positioned where it is written.
/// Strings under a key in `prose` may hold line breaks; all others are one
/// line.
pub fn toml_controls(text: &str, path: &Path, base_line: usize, prose: &[&str]) -> Vec<Diagnostic> {
    crate::text::controls::check_toml(text, prose)
        .into_iter()
        .map(|p| {
            Diagnostic::at(
                Span::of_range(path, text, p.range.start, p.range.end, base_line),
                p.message,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_values() {
        let c = Config::parse(
            "title = \"T\"\nbase_url = \"https://x.org/b/\"",
            Path::new("briefing.toml"),
        )
        .unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.theme, "default");
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/b/"));
    }

    #[test]
    fn unknown_key_is_positioned() {
        let e = Config::parse("title = \"T\"\ntheem = \"x\"\n", Path::new("briefing.toml"))
            .unwrap_err();
        let span = e.span.unwrap();
        assert_eq!((span.line, span.col), (2, 1));
        assert!(e.message.contains("unknown field `theem`"), "{}", e.message);
    }

    #[test]
    fn updated_must_be_a_date() {
        let c = Config::parse("updated = \"2026-02-04\"", Path::new("briefing.toml")).unwrap();
        assert_eq!(c.updated.as_deref(), Some("2026-02-04"));
        let e = Config::parse("updated = \"yesterday\"", Path::new("briefing.toml")).unwrap_err();
        assert!(e.message.starts_with("updated: "), "{}", e.message);
    }

    #[test]
    fn relative_base_url_is_rejected() {
        let e = Config::parse("base_url = \"/sub\"", Path::new("briefing.toml")).unwrap_err();
        assert!(e.message.contains("absolute"));
    }
}
