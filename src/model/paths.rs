//! Paths. Takes the parsed sources, pages, events and glossary;
//! gives every internal link target (`@/briefs/x.md`, `@/terms/id`…) its
//! output path, and reports two inputs that would write the same output
//! (also when the paths differ only in letter case) and slugs used twice.
//! Its [`Targets`] are what Markdown is rendered against, with the sources.

use std::collections::{BTreeMap, BTreeSet};
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

/// The link targets of the site; collisions and repeated slugs go to `diags`.
pub fn targets(
    sources: &[Arc<Source>],
    pages: &[Arc<Page>],
    events: &[Arc<Event>],
    glossary: Option<&Glossary>,
    diags: &mut Diagnostics,
) -> Targets {
    check_duplicate_slugs(sources, events, diags);
    let sections: BTreeSet<&str> = pages
        .iter()
        .map(|p| p.section.as_str())
        .filter(|s| !s.is_empty())
        .collect();
    let internal = internal_targets(sources, pages, events, glossary, &sections);
    check_collisions(&claims(sources, pages, glossary, &sections), diags);
    Targets { internal }
}

/// `@/` target → output path: pages (with and without `.md`), the home
/// page and generated pages by name, sources, events (by id and file name),
/// terms, and sections.
fn internal_targets(
    sources: &[Arc<Source>],
    pages: &[Arc<Page>],
    events: &[Arc<Event>],
    glossary: Option<&Glossary>,
    sections: &BTreeSet<&str>,
) -> BTreeMap<String, String> {
    let mut internal: BTreeMap<String, String> = BTreeMap::new();
    for p in pages {
        let out = urls::page_path(&p.dir);
        internal.insert(p.content_path.clone(), out.clone());
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
    for s in sources {
        internal.insert(format!("sources/{}", s.slug), urls::source(&s.slug));
    }
    for e in events {
        let stem = e
            .file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        internal.insert(format!("events/{}", e.slug), urls::TIMELINE.into());
        internal.insert(format!("events/{stem}.md"), urls::TIMELINE.into());
    }
    for t in glossary.iter().flat_map(|g| &g.terms) {
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
fn claims(
    sources: &[Arc<Source>],
    pages: &[Arc<Page>],
    glossary: Option<&Glossary>,
    sections: &BTreeSet<&str>,
) -> Vec<OutputClaim> {
    let mut outputs: Vec<OutputClaim> = pages
        .iter()
        .map(|p| {
            let what = p.file.display().to_string();
            (urls::page_path(&p.dir), what, Some(Span::file(&p.file)))
        })
        .collect();
    let section_index: BTreeSet<&str> = pages
        .iter()
        .filter(|p| is_index_file(p))
        .map(|p| p.section.as_str())
        .collect();
    for sec in sections.iter().filter(|s| !section_index.contains(*s)) {
        let what = format!("the generated list of section `{sec}`");
        outputs.push((urls::page_path(sec), what, None));
    }
    for (out, what) in generated_paths(sources) {
        outputs.push((out, what, None));
    }
    if let Some(g) = glossary {
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
    !p.section.is_empty()
        && (p.content_path.ends_with("/_index.md") || p.content_path.ends_with("/index.md"))
}

/// Generated pages whose paths content may not take (term pages are added
/// with their glossary positions by the caller).
fn generated_paths(sources: &[Arc<Source>]) -> Vec<(String, String)> {
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
    for s in sources {
        v.push((
            urls::source(&s.slug),
            format!("the page of source {}", s.file),
        ));
    }
    v
}

fn check_duplicate_slugs(sources: &[Arc<Source>], events: &[Arc<Event>], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for s in sources {
        if let Some(other) = seen.insert(&s.slug, &s.file) {
            diags.push(Diagnostic::at(
                Span::file(&s.file),
                format!("source slug `{}` is also used by {other}", s.slug),
            ));
        }
    }
    let mut seen: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
    for e in events {
        if let Some(other) = seen.insert(&e.slug, &e.file) {
            diags.push(Diagnostic::at(
                Span::file(&e.file),
                format!("event id `{}` is also used by {}", e.slug, other.display()),
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
