//! Stage 3b: content. Markdown pages and events with TOML front matter, and
//! the glossary. Parsing only: bodies are rendered later by the model stage,
//! once every source and page is known.

pub mod frontmatter;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::date::PartialDate;
use crate::diag::{Diagnostic, Diagnostics, Span};
use frontmatter::DateField;

/// Front matter of a page. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    pub slug: Option<Spanned<String>>,
    pub date: Option<Spanned<DateField>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    pub summary: Option<String>,
    pub weight: Option<i64>,
    /// For summaries: the slug of the source summarised.
    pub source: Option<Spanned<String>>,
}

/// Front matter of a timeline event. Unknown keys are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMeta {
    pub title: String,
    pub slug: Option<Spanned<String>>,
    pub date: Spanned<DateField>,
    /// The date is approximate ("c. 2008").
    #[serde(default)]
    pub approximate: bool,
    /// Non-empty when (part of) the date is inferred: the reason.
    #[serde(default)]
    pub inferred: String,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    /// Glossary ids of the actors.
    #[serde(default)]
    pub actors: Vec<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
}

/// A parsed Markdown page (not yet rendered).
#[derive(Debug)]
pub struct Page {
    /// Path relative to the site root, e.g. `content/briefs/x.md`.
    pub file: PathBuf,
    /// Path below `content/` with `/` separators, e.g. `briefs/x.md`.
    pub content_path: String,
    /// Output folder, e.g. `briefs/x` (empty for the home page).
    pub dir: String,
    /// First folder below `content/` (`briefs`), empty for top-level pages.
    pub section: String,
    pub meta: PageMeta,
    pub date: Option<PartialDate>,
    pub tags: Vec<String>,
    pub body: String,
    pub body_line: usize,
}

/// A parsed timeline event (not yet rendered).
#[derive(Debug)]
pub struct Event {
    pub file: PathBuf,
    pub slug: String,
    pub meta: EventMeta,
    pub date: PartialDate,
    pub tags: Vec<String>,
    pub body: String,
    pub body_line: usize,
}

/// The front matter text and its position, for positioning field errors.
struct Front<'a> {
    path: &'a Path,
    text: &'a str,
    line: usize,
}

impl Front<'_> {
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::of_range(self.path, self.text, range.start, range.end, self.line)
    }
}

fn check_slug(
    front: &Front<'_>,
    slug: &Option<Spanned<String>>,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<String> {
    match slug {
        Some(s) => match crate::slug::validate(s.get_ref()) {
            Ok(()) => Some(s.get_ref().clone()),
            Err(msg) => {
                diags.push(Diagnostic::at(front.span(s.span()), msg));
                None
            }
        },
        None => {
            let stem = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            match crate::slug::from_stem(&stem) {
                Some(s) => Some(s),
                None => {
                    diags.push(Diagnostic::at(
                        Span::new(file, 1, 1),
                        format!("cannot derive a URL slug from the file name `{stem}`; set `slug` in the front matter"),
                    ));
                    None
                }
            }
        }
    }
}

fn check_tags(front: &Front<'_>, tags: &[Spanned<String>], diags: &mut Diagnostics) -> Vec<String> {
    let mut out = Vec::new();
    for t in tags {
        match crate::slug::validate(t.get_ref()) {
            Ok(()) => out.push(t.get_ref().clone()),
            Err(msg) => diags.push(Diagnostic::at(front.span(t.span()), format!("tag: {msg}"))),
        }
    }
    out.sort();
    out.dedup();
    out
}

fn check_date(
    front: &Front<'_>,
    date: &Spanned<DateField>,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    match PartialDate::parse(&date.get_ref().0) {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(Diagnostic::at(front.span(date.span()), e.to_string()));
            None
        }
    }
}

/// Splits off the front matter and parses it as `T`; errors go to `diags`.
fn split_and_parse<'a, T: serde::de::DeserializeOwned>(
    file: &Path,
    text: &'a str,
    diags: &mut Diagnostics,
) -> Option<(frontmatter::Split<'a>, T)> {
    let parsed = frontmatter::split(text, file)
        .and_then(|split| frontmatter::parse(&split, file).map(|meta| (split, meta)));
    match parsed {
        Ok(x) => Some(x),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Parses a page. `file` is relative to the site root and below `content/`.
pub fn parse_page(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<Page> {
    let (split, meta) = split_and_parse::<PageMeta>(file, text, diags)?;
    let front = Front {
        path: file,
        text: split.front,
        line: split.front_line,
    };
    let before = diags.error_count();
    if meta.title.trim().is_empty() {
        diags.push(Diagnostic::at(
            Span::new(file, split.front_line, 1),
            "`title` is empty",
        ));
    }
    let content_path = content_relative(file);
    let parts: Vec<String> = content_path.split('/').map(str::to_string).collect();
    let mut dirs: Vec<String> = Vec::new();
    for part in &parts[..parts.len() - 1] {
        match crate::slug::validate(part) {
            Ok(()) => dirs.push(part.clone()),
            Err(msg) => diags.push(Diagnostic::at(
                Span::file(file),
                format!("folder name: {msg}"),
            )),
        }
    }
    let is_index = parts
        .last()
        .is_some_and(|f| *f == "index.md" || *f == "_index.md");
    let slug = if is_index && meta.slug.is_none() {
        None
    } else {
        check_slug(&front, &meta.slug, file, diags)
    };
    let date = meta
        .date
        .as_ref()
        .and_then(|d| check_date(&front, d, diags));
    let tags = check_tags(&front, &meta.tags, diags);
    if diags.error_count() > before {
        return None;
    }
    let mut segs = dirs.clone();
    segs.extend(slug);
    Some(Page {
        file: file.to_path_buf(),
        content_path,
        dir: segs.join("/"),
        section: if parts.len() > 1 {
            dirs.first().cloned().unwrap_or_default()
        } else {
            String::new()
        },
        meta,
        date,
        tags,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// Parses a timeline event.
pub fn parse_event(file: &Path, text: &str, diags: &mut Diagnostics) -> Option<Event> {
    let (split, meta) = split_and_parse::<EventMeta>(file, text, diags)?;
    let front = Front {
        path: file,
        text: split.front,
        line: split.front_line,
    };
    let before = diags.error_count();
    if meta.title.trim().is_empty() {
        diags.push(Diagnostic::at(
            Span::new(file, split.front_line, 1),
            "`title` is empty",
        ));
    }
    let slug = check_slug(&front, &meta.slug, file, diags);
    let date = check_date(&front, &meta.date, diags);
    let tags = check_tags(&front, &meta.tags, diags);
    if split.body.trim().is_empty() {
        diags.push(Diagnostic::at(
            Span::new(file, split.body_line.saturating_sub(1), 1),
            "an event needs a description with at least one citation below its front matter",
        ));
    }
    if diags.error_count() > before {
        return None;
    }
    Some(Event {
        file: file.to_path_buf(),
        slug: slug?,
        date: date?,
        meta,
        tags,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// The path below `content/`, with `/` separators.
pub fn content_relative(file: &Path) -> String {
    let rel = file.strip_prefix("content").unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The kinds a glossary term can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Country,
    Organisation,
    Company,
    Project,
    Policy,
    Mineral,
    Concept,
    Person,
    Event,
}

impl TermKind {
    pub fn label(self) -> &'static str {
        match self {
            TermKind::Country => "Countries and regions",
            TermKind::Organisation => "Organisations",
            TermKind::Company => "Companies",
            TermKind::Project => "Projects and mines",
            TermKind::Policy => "Policies and laws",
            TermKind::Mineral => "Minerals and elements",
            TermKind::Concept => "Concepts",
            TermKind::Person => "People",
            TermKind::Event => "Meetings and events",
        }
    }
}

/// One glossary entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermDef {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub zh: Option<Spanned<String>>,
    pub kind: TermKind,
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
            Some(gl)
        }
        Err(e) => {
            diags.push(crate::config::toml_error(&e, text, file, 1));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> (Option<Page>, Diagnostics) {
        let mut d = Diagnostics::new();
        let p = parse_page(Path::new(path), text, &mut d);
        (p, d)
    }

    #[test]
    fn page_paths() {
        let (p, _) = page("content/briefs/US Policy.md", "+++\ntitle = \"T\"\n+++\nx");
        let p = p.unwrap();
        assert_eq!(
            (p.dir.as_str(), p.section.as_str(), p.content_path.as_str()),
            ("briefs/us-policy", "briefs", "briefs/US Policy.md")
        );
        let (home, _) = page("content/index.md", "+++\ntitle = \"Home\"\n+++\n");
        assert_eq!(home.unwrap().dir, "");
    }

    #[test]
    fn bad_slug_and_date_are_positioned() {
        let (p, d) = page(
            "content/a.md",
            "+++\ntitle = \"T\"\nslug = \"../etc\"\ndate = \"2024-13\"\n+++\n",
        );
        assert!(p.is_none());
        let msgs: Vec<String> = d
            .sorted()
            .into_iter()
            .map(|d| format!("{}: {}", d.span.unwrap(), d.message))
            .collect();
        assert_eq!(msgs.len(), 2);
        assert!(
            msgs[0].starts_with("content/a.md:3:8: the slug `../etc` has the character '.'"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("content/a.md:4:8: invalid date `2024-13`"),
            "{msgs:?}"
        );
    }

    #[test]
    fn event_needs_body() {
        let mut d = Diagnostics::new();
        let e = parse_event(
            Path::new("content/events/e.md"),
            "+++\ntitle = \"E\"\ndate = \"2024\"\n+++\n\n",
            &mut d,
        );
        assert!(e.is_none());
        assert!(d.sorted()[0].message.contains("at least one citation"));
    }

    #[test]
    fn glossary_parses_and_rejects_unknown_kind() {
        let mut d = Diagnostics::new();
        let g = parse_glossary(
            Path::new("content/glossary.toml"),
            "[[term]]\nid = \"x\"\nname = \"X\"\nkind = \"country\"\ndefinition = \"d\"\n",
            &mut d,
        )
        .unwrap();
        assert_eq!(g.terms.len(), 1);
        assert!(parse_glossary(
            Path::new("g.toml"),
            "[[term]]\nid = \"x\"\nname = \"X\"\nkind = \"planet\"\ndefinition = \"d\"\n",
            &mut d
        )
        .is_none());
    }
}
