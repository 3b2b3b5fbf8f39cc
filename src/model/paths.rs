//! Paths. Takes the parsed sources, pages, events and glossary;
//! gives every internal link target (`@/briefs/x.md`, `@/terms/id`…) its
//! output path, and reports two inputs that would write the same output
//! (also when the paths differ only in letter case) and slugs used twice.
//! Its [`Targets`] are what Markdown is rendered against, with the sources.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use crate::content::{Event, Glossary, Page};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::sources::Source;
use crate::urls;

/// The internal link targets of the site.
pub struct Targets {
    /// `@/` target (without `@/` and anchor) → output path.
    pub internal: BTreeMap<String, String>,
}

/// An output path claimed by an input: (path, what claims it, where).
type OutputClaim = (String, String, Option<Span>);

/// The sources in slug order (how the model keeps them).
pub fn by_slug(mut sources: Vec<Arc<Source>>) -> Vec<Arc<Source>> {
    sources.sort_by(|a, b| a.slug.cmp(&b.slug));
    sources
}

/// What the pass reads, and nothing else: its hash stands for the targets
/// and the problems, so that `serve` keeps both while it stays the same (an
/// edit to a page's text leaves it as it is).
#[derive(Hash)]
pub struct PathInputs<'a> {
    /// Each source's slug and file.
    sources: Vec<(&'a str, &'a str)>,
    pages: Vec<PageAt<'a>>,
    /// Each event's id and file.
    events: Vec<(&'a str, &'a Path)>,
    glossary: Option<GlossaryText<'a>>,
}

/// Where a page is: its content path, folder, section and file.
#[derive(Hash)]
struct PageAt<'a> {
    content_path: &'a str,
    dir: &'a str,
    section: &'a str,
    file: &'a Path,
}

/// A glossary, hashed as its file and text, which its terms and their
/// places are parsed from.
struct GlossaryText<'a>(&'a Glossary);

impl Hash for GlossaryText<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (&self.0.file, &self.0.text).hash(state);
    }
}

impl<'a> PathInputs<'a> {
    pub fn of(
        sources: &'a [Arc<Source>],
        pages: &'a [Arc<Page>],
        events: &'a [Arc<Event>],
        glossary: Option<&'a Glossary>,
    ) -> PathInputs<'a> {
        PathInputs {
            sources: sources
                .iter()
                .map(|s| (s.slug.as_str(), s.file.as_str()))
                .collect(),
            pages: pages
                .iter()
                .map(|p| PageAt {
                    content_path: &p.content_path,
                    dir: &p.dir,
                    section: &p.section,
                    file: &p.file,
                })
                .collect(),
            events: events
                .iter()
                .map(|e| (e.slug.as_str(), e.file.as_path()))
                .collect(),
            glossary: glossary.map(GlossaryText),
        }
    }
}

/// The link targets of the site; collisions and repeated slugs go to `diags`.
pub fn targets(inputs: &PathInputs<'_>, diags: &mut Diagnostics) -> Targets {
    check_duplicate_slugs(inputs, diags);
    let sections: BTreeSet<&str> = inputs
        .pages
        .iter()
        .map(|p| p.section)
        .filter(|s| !s.is_empty())
        .collect();
    let internal = internal_targets(inputs, &sections);
    check_collisions(&claims(inputs, &sections), diags);
    Targets { internal }
}

/// `@/` target → output path: pages (with and without `.md`), the home
/// page and generated pages by name, sources, events (by id and file name),
/// terms, and sections.
fn internal_targets(
    inputs: &PathInputs<'_>,
    sections: &BTreeSet<&str>,
) -> BTreeMap<String, String> {
    let mut internal: BTreeMap<String, String> = BTreeMap::new();
    for p in &inputs.pages {
        let out = urls::page_path(p.dir);
        internal.insert(p.content_path.to_string(), out.clone());
        internal.insert(p.content_path.trim_end_matches(".md").to_string(), out);
    }
    internal.insert(String::new(), urls::HOME.into());
    for (name, out) in [
        ("events", urls::TIMELINE),
        ("timeline", urls::TIMELINE),
        ("sources", urls::SOURCES),
        ("terms", urls::TERMS),
        ("tags", urls::TAGS),
        ("search", urls::SEARCH),
        ("print", urls::PRINT),
    ] {
        internal.insert(name.into(), out.into());
    }
    for (slug, _) in &inputs.sources {
        internal.insert(format!("sources/{slug}"), urls::source(slug));
    }
    for (slug, file) in &inputs.events {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        internal.insert(format!("events/{slug}"), urls::TIMELINE.into());
        internal.insert(format!("events/{stem}.md"), urls::TIMELINE.into());
    }
    for t in inputs.glossary.iter().flat_map(|g| &g.0.terms) {
        let id = t.id.get_ref();
        internal.insert(format!("terms/{id}"), urls::term(id));
    }
    for sec in sections {
        internal
            .entry((*sec).to_string())
            .or_insert_with(|| urls::page_path(sec));
    }
    internal
}

/// Every output path an input claims: pages, the lists of sections without
/// an `_index.md`, generated pages, sources and terms.
fn claims(inputs: &PathInputs<'_>, sections: &BTreeSet<&str>) -> Vec<OutputClaim> {
    let mut outputs: Vec<OutputClaim> = inputs
        .pages
        .iter()
        .map(|p| {
            let what = p.file.display().to_string();
            (urls::page_path(p.dir), what, Some(Span::file(p.file)))
        })
        .collect();
    let section_index: BTreeSet<&str> = inputs
        .pages
        .iter()
        .filter(|p| introduces_section(p.section, p.content_path))
        .map(|p| p.section)
        .collect();
    for sec in sections.iter().filter(|s| !section_index.contains(*s)) {
        let what = format!("the generated list of section `{sec}`");
        outputs.push((urls::page_path(sec), what, None));
    }
    for (out, what) in generated_paths(&inputs.sources) {
        outputs.push((out, what, None));
    }
    if let Some(GlossaryText(g)) = inputs.glossary {
        for t in &g.terms {
            outputs.push((
                urls::term(t.id.get_ref()),
                format!("the page of term `{}`", t.id.get_ref()),
                Some(g.span(t.id.span())),
            ));
        }
    }
    outputs
}

/// A section's `_index.md` (or `index.md`): it introduces the section's list.
pub fn is_index_file(p: &Page) -> bool {
    introduces_section(&p.section, &p.content_path)
}

fn introduces_section(section: &str, content_path: &str) -> bool {
    !section.is_empty()
        && (content_path.ends_with("/_index.md") || content_path.ends_with("/index.md"))
}

/// Generated pages whose paths content may not take (term pages are added
/// with their glossary positions by the caller).
fn generated_paths(sources: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = [
        (urls::TIMELINE, "the generated timeline"),
        (urls::SOURCES, "the generated sources list"),
        (urls::TERMS, "the generated term index"),
        (urls::TAGS, "the generated tag list"),
        (urls::SEARCH, "the generated search page"),
        (urls::PRINT, "the generated print edition"),
        (urls::NOT_FOUND, "the generated not-found page"),
    ]
    .into_iter()
    .map(|(out, what)| (out.to_string(), what.to_string()))
    .collect();
    for (slug, file) in sources {
        v.push((urls::source(slug), format!("the page of source {file}")));
    }
    v
}

fn check_duplicate_slugs(inputs: &PathInputs<'_>, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for &(slug, file) in &inputs.sources {
        if let Some(other) = seen.insert(slug, file) {
            diags.push(Diagnostic::at(
                Span::file(file),
                format!("source slug `{slug}` is also used by {other}"),
            ));
        }
    }
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for &(slug, file) in &inputs.events {
        if let Some(other) = seen.insert(slug, file) {
            diags.push(Diagnostic::at(
                Span::file(file),
                format!("event id `{slug}` is also used by {}", other.display()),
            ));
        }
    }
}

/// Two inputs writing the same output path, also when the paths differ only
/// in letter case (they collide on macOS and Windows checkouts).
fn check_collisions(outputs: &[OutputClaim], diags: &mut Diagnostics) {
    let mut by_key: BTreeMap<String, Vec<&OutputClaim>> = BTreeMap::new();
    for o in outputs {
        by_key.entry(o.0.to_lowercase()).or_default().push(o);
    }
    for group in by_key.values().filter(|g| g.len() > 1) {
        let names: Vec<String> = group
            .iter()
            .map(|(out, what, _)| format!("{what} ({out})"))
            .collect();
        let span = group.iter().find_map(|(_, _, s)| s.clone());
        diags.push(Diagnostic::error(
            span,
            format!("output path collision: {}", names.join(" and ")),
        ));
    }
}
