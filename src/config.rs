//! Stage 1: the site configuration, `briefing.toml` at the site root.

use std::path::Path;

use serde::Deserialize;

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
    /// The language of the site's own text (`<html lang>`).
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
        Ok(config)
    }
}

/// Converts a TOML error into a positioned diagnostic. `base_line` is the line
/// of the file where `text` starts (front matter starts after its `+++`).
pub fn toml_error(e: &toml::de::Error, text: &str, path: &Path, base_line: usize) -> Diagnostic {
    let span = match e.span() {
        Some(r) => Span::of_range(path, text, r.start, r.end, base_line),
        None => Span::new(path, base_line, 1),
    };
    Diagnostic::at(span, e.message().trim().to_string())
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
