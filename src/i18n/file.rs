//! One language file (`i18n/<language>.toml`): its words, by dotted key
//! (`nav.home`), each a text, the forms of a counted phrase (a table of
//! `one`, `other` …) or a list of texts (month names); every key with
//! where it is written. Parsed from text; the caller reads the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use icu_locale_core::LanguageIdentifier;
use toml::de::{DeTable, DeValue};

use super::plural::FORMS;
use crate::diag::{Diagnostic, Span};

/// A word or phrase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    Text(String),
    /// A counted phrase: form (`one`, `other` …) → text.
    Forms(BTreeMap<String, String>),
    List(Vec<String>),
}

impl Value {
    /// What kind of value it is, for messages.
    pub fn what(&self) -> &'static str {
        match self {
            Value::Text(_) => "a text",
            Value::Forms(_) => "a table of plural forms",
            Value::List(_) => "a list of texts",
        }
    }

    /// Every text it holds.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Value::Text(t) => vec![t.as_str()],
            Value::Forms(f) => f.values().map(String::as_str).collect(),
            Value::List(l) => l.iter().map(String::as_str).collect(),
        }
    }
}

/// A value and where its key is written.
#[derive(Debug, Clone)]
pub struct Entry {
    pub value: Value,
    pub at: Span,
}

/// A parsed language file.
#[derive(Debug, Clone)]
pub struct LangFile {
    pub path: PathBuf,
    /// The language, from the file's name (`zh-Hans`).
    pub language: LanguageIdentifier,
    pub entries: BTreeMap<String, Entry>,
}

/// The language a language file is for, from its name: `i18n/zh-Hans.toml`
/// → `zh-Hans`.
pub fn language_of(path: &Path) -> Result<LanguageIdentifier, Diagnostic> {
    let stem = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".toml"));
    let bad = |why: String| Diagnostic::error(Some(Span::file(path)), why);
    let Some(stem) = stem else {
        return Err(bad(
            "a language file is named by its language: `i18n/<language>.toml` (`en.toml`, `zh-Hans.toml`)".into(),
        ));
    };
    super::language_tag(stem).map_err(bad)
}

/// Parses a language file's text. Every problem is returned at once.
pub fn parse(path: &Path, text: &str) -> Result<LangFile, Vec<Diagnostic>> {
    let language = language_of(path).map_err(|d| vec![d])?;
    let syntax = crate::config::toml_syntax_errors(text, path, 1);
    if !syntax.is_empty() {
        return Err(syntax);
    }
    let mut problems = crate::config::toml_controls(text, path, 1, &[]);
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let span = e.span().map_or_else(
                || Span::new(path, 1, 1),
                |r| Span::of_range(path, text, r.start, r.end, 1),
            );
            return Err(vec![Diagnostic::at(span, e.message().trim().to_string())]);
        }
    };
    let mut entries = BTreeMap::new();
    let mut walk = Walk {
        path,
        text,
        entries: &mut entries,
        problems: &mut problems,
    };
    walk.table(doc.get_ref(), "");
    if problems.is_empty() {
        Ok(LangFile {
            path: path.to_path_buf(),
            language,
            entries,
        })
    } else {
        Err(problems)
    }
}

struct Walk<'a> {
    path: &'a Path,
    text: &'a str,
    entries: &'a mut BTreeMap<String, Entry>,
    problems: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    fn span(&self, r: std::ops::Range<usize>) -> Span {
        Span::of_range(self.path, self.text, r.start, r.end, 1)
    }

    fn problem(&mut self, r: std::ops::Range<usize>, message: String) {
        let d = Diagnostic::at(self.span(r), message);
        self.problems.push(d);
    }

    fn table(&mut self, table: &DeTable<'_>, prefix: &str) {
        for (key, value) in table {
            let name: &str = key.get_ref().as_ref();
            let full = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}.{name}")
            };
            if name.is_empty() || name.contains('.') {
                self.problem(key.span(), format!("key `{full}`: a key is a name without dots (write nested keys as tables: `[nav]` then `home = \"…\"`)"));
                continue;
            }
            let at = self.span(key.span());
            let value_span = value.span();
            match value.get_ref() {
                DeValue::String(s) => self.put(full, Value::Text(s.to_string()), at),
                DeValue::Array(items) => {
                    let mut list = Vec::new();
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::String(s) => list.push(s.to_string()),
                            _ => self.problem(
                                item.span(),
                                format!("`{full}` is a list of texts: every item is a string"),
                            ),
                        }
                    }
                    self.put(full, Value::List(list), at);
                }
                DeValue::Table(t) if t.keys().any(|k| FORMS.contains(&k.get_ref().as_ref())) => {
                    self.forms(t, full, at, value_span);
                }
                DeValue::Table(t) => self.table(t, &full),
                _ => self.problem(
                    value_span,
                    format!("`{full}`: a word is a string, a list of strings, or a table of plural forms (`{{ one = \"…\", other = \"…\" }}`)"),
                ),
            }
        }
    }

    /// A table of plural forms.
    fn forms(
        &mut self,
        t: &DeTable<'_>,
        full: String,
        at: Span,
        value_span: std::ops::Range<usize>,
    ) {
        let mut forms = BTreeMap::new();
        for (k, v) in t {
            let form: &str = k.get_ref().as_ref();
            if !FORMS.contains(&form) {
                let hint = crate::suggest::did_you_mean(form, FORMS);
                self.problem(
                    k.span(),
                    format!(
                        "`{full}`: `{form}` is no plural form{hint} (the forms are {})",
                        FORMS.join(", ")
                    ),
                );
                continue;
            }
            match v.get_ref() {
                DeValue::String(s) => {
                    forms.insert(form.to_string(), s.to_string());
                }
                _ => self.problem(v.span(), format!("`{full}.{form}` is a string")),
            }
        }
        if !forms.contains_key("other") {
            self.problem(
                value_span,
                format!("`{full}` gives plural forms without `other`, the form every language has"),
            );
        }
        self.put(full, Value::Forms(forms), at);
    }

    fn put(&mut self, key: String, value: Value, at: Span) {
        self.entries.insert(key, Entry { value, at });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<LangFile, Vec<Diagnostic>> {
        parse(Path::new("i18n/en.toml"), text)
    }

    #[test]
    fn texts_forms_and_lists_by_dotted_key() {
        let f = parse_str(
            "[nav]\nhome = \"Home\"\n[count]\nbriefs = { one = \"{n} brief\", other = \"{n} briefs\" }\n[date]\nmonths = [\"Jan\", \"Feb\"]\n",
        )
        .unwrap();
        assert_eq!(f.language.to_string(), "en");
        assert_eq!(f.entries["nav.home"].value, Value::Text("Home".into()));
        assert_eq!(f.entries["nav.home"].at.line, 2);
        assert!(matches!(&f.entries["count.briefs"].value, Value::Forms(m) if m.len() == 2));
        assert_eq!(
            f.entries["date.months"].value,
            Value::List(vec!["Jan".into(), "Feb".into()])
        );
    }

    #[test]
    fn every_problem_at_once_positioned() {
        let e = parse_str(
            "a = 1\n[count]\nx = { one = \"a\", oter = \"b\" }\ny = { one = \"a\" }\nz = [\"a\", 2]\n",
        )
        .unwrap_err();
        let msgs: Vec<String> = e
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.span.as_ref().unwrap().line,
                    d.span.as_ref().unwrap().col,
                    d.message
                )
            })
            .collect();
        assert_eq!(msgs.len(), 5, "{msgs:#?}");
        assert!(
            msgs[0].starts_with("1:5 `a`: a word is a string"),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("`oter` is no plural form; did you mean `other`?")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("`count.x` gives plural forms without `other`")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("`count.y` gives plural forms without `other`")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("5:11 `count.z` is a list of texts")),
            "{msgs:#?}"
        );
    }

    #[test]
    fn syntax_errors_and_bad_names() {
        let e = parse_str("a = \"x\nb = \n").unwrap_err();
        assert_eq!(e[0].span.as_ref().map(|s| s.line), Some(1), "{e:?}");
        let e = parse(Path::new("i18n/e.toml"), "").unwrap_err();
        assert!(e[0].message.contains("not a language tag"), "{e:?}");
        let e = parse(Path::new("i18n/en.txt"), "").unwrap_err();
        assert!(e[0].message.contains("named by its language"), "{e:?}");
    }
}
