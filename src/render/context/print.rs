//! The print edition: a document for paper or one PDF. The cover (title,
//! description, the edition's date), the contents, the home page and every
//! brief (up to a limit), each with its notes and its external links, a
//! compact timeline, and an appendix with the source texts, their paragraph
//! numbers and their translations, which the notes point to.

use std::collections::HashMap;

use serde::Serialize;

use super::event::EventInputs;
use super::sources::{block_html, TranslationCtx};
use super::values::{notes, Note};
use super::{insert, insert_made, Base, Jobs};
use crate::model::PageKind;
use crate::render::Job;
use crate::sources::structure::BlockKind;
use crate::sources::Source;
use crate::urls;

/// The appendix holds the source texts while they are no longer than this
/// (in bytes, translations included); past it, they are read on their pages.
pub(super) const APPENDIX_MAX_BYTES: usize = 4 << 20;

#[derive(Serialize, Hash)]
struct SectionCtx {
    title: String,
    anchor: String,
    /// The page's text, its links to parts of the edition leading into it.
    body: String,
    notes: Vec<Note>,
    /// The section's external links, in order, as printed.
    links: Vec<ExternalLink>,
}

#[derive(Serialize, Hash)]
struct ExternalLink {
    href: String,
    short: String,
}

#[derive(Serialize, Hash)]
struct AppendixSource {
    anchor: String,
    title: String,
    original: Option<String>,
    short: String,
    lang: crate::text::script::Lang,
    author: Option<String>,
    publisher: Option<String>,
    kind: Option<String>,
    published: Option<String>,
    url: Option<ExternalLink>,
    href: String,
    blocks: Vec<AppendixBlock>,
}

#[derive(Serialize, Hash)]
struct AppendixBlock {
    /// `<source anchor>-<block id>`: where the notes point.
    id: String,
    n: usize,
    kind: BlockKind,
    lang: crate::text::script::Lang,
    html: String,
    translation: Option<TranslationCtx>,
}

/// The print edition's page.
pub(super) fn print_job<'a, T: Send>(base: &Base<'a>, jobs: &mut Jobs<'_, T>) {
    let m = base.model;
    let path = urls::PRINT;
    if !base.wants(path) {
        return;
    }
    let title = base.ui.text("title.print", &[]);
    let mut ctx = base.context(path, &title, PageKind::Print, &[]);
    let size: usize = m
        .sources
        .iter()
        .flat_map(|s| &s.blocks)
        .map(|b| 2 * b.text.len())
        .sum();
    let appendix: Vec<AppendixSource> = if size <= APPENDIX_MAX_BYTES {
        m.sources.iter().map(|s| appendix_source(base, s)).collect()
    } else {
        Vec::new()
    };
    // The notes lead to the cited paragraphs in the appendix, when it is there.
    let to_appendix = |n: Note| {
        if appendix.is_empty() {
            n
        } else {
            in_appendix(n)
        }
    };
    // Where a link from the edition to a page it holds, or to an event,
    // leads inside the edition: web URL (from the edition) → (id prefix,
    // the page's own anchor).
    let mut inside: HashMap<String, (String, String)> = m
        .print
        .iter()
        .map(|s| {
            let anchor = s.prefix.trim_end_matches('-').to_string();
            (urls::relative(path, &s.out), (s.prefix.clone(), anchor))
        })
        .collect();
    // The timeline's anchors in the edition are its events' (not its years').
    inside.insert(
        urls::relative(path, urls::TIMELINE),
        (String::new(), "print-timeline".into()),
    );
    let events_here: std::collections::HashSet<&str> =
        m.events.iter().map(|e| e.event.slug.as_str()).collect();
    let sections: Vec<SectionCtx> = m
        .print
        .iter()
        .map(|s| SectionCtx {
            title: s.title.clone(),
            anchor: s.prefix.trim_end_matches('-').to_string(),
            body: in_edition(&s.body.html, &inside, &events_here),
            notes: notes(&s.body.citations, &s.prefix)
                .into_iter()
                .map(to_appendix)
                .collect(),
            links: s
                .body
                .external
                .iter()
                .map(|u| ExternalLink {
                    href: u.clone(),
                    short: urls::short_url(u),
                })
                .collect(),
        })
        .collect();
    let events: Vec<EventInputs> = (0..m.events.len()).map(|i| base.event(path, i)).collect();
    let code =
        m.print.iter().any(|s| s.body.has_code()) || m.events.iter().any(|e| e.body.has_code());
    insert(&mut ctx, "has_code", &code);
    insert(&mut ctx, "sections", &sections);
    insert(&mut ctx, "omitted_briefs", &m.print_omitted);
    let inputs = (events, !appendix.is_empty());
    insert_made(&mut ctx, "events", inputs, |(events, appendix)| {
        let mut events = EventInputs::all_made(events);
        if appendix {
            for e in &mut events {
                e.notes = std::mem::take(&mut e.notes)
                    .into_iter()
                    .map(in_appendix)
                    .collect();
            }
        }
        events
    });
    insert(&mut ctx, "appendix", &appendix);
    insert(
        &mut ctx,
        "appendix_omitted",
        &(appendix.is_empty() && !m.sources.is_empty()),
    );
    jobs.push(Job {
        path: path.into(),
        template: "print.html",
        title,
        kind: PageKind::Print,
        context: ctx,
        reads: None,
    });
}

/// `html` with each link to a part of the edition (`inside`: web URL →
/// id prefix there, and the part's anchor) leading to its place in the
/// edition: `../briefs/x/index.html#h` → `#briefs-x-h`, `../briefs/x/index.html`
/// → `#briefs-x`, `../timeline/index.html#e` → `#e`. Other links stay.
/// A fragment of the timeline stays only if it is an event of `events`.
fn in_edition(
    html: &str,
    inside: &HashMap<String, (String, String)>,
    events: &std::collections::HashSet<&str>,
) -> String {
    const HREF: &str = "href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(HREF) {
        let start = i + HREF.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let href = &rest[..end];
        let (page, fragment) = href
            .split_once('#')
            .map_or((href, None), |(p, f)| (p, Some(f)));
        match (inside.get(page), fragment) {
            (Some((prefix, _)), Some(f))
                if !f.is_empty() && (!prefix.is_empty() || events.contains(f)) =>
            {
                out.push('#');
                out.push_str(prefix);
                out.push_str(f);
            }
            (Some((_, anchor)), _) => {
                out.push('#');
                out.push_str(anchor);
            }
            (None, _) => out.push_str(href),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The id of a source's block in the appendix.
fn block_anchor(source: &str, block: &str) -> String {
    format!("src-{source}-{block}")
}

/// A note whose links lead to the cited paragraph in the appendix.
fn in_appendix(mut n: Note) -> Note {
    let to = format!("#{}", block_anchor(&n.source, &n.block));
    for q in &mut n.quotes {
        q.href.clone_from(&to);
    }
    n.href = to;
    n
}

/// A source in the appendix: its entry, and its blocks with their numbers
/// and translations.
fn appendix_source(base: &Base<'_>, s: &Source) -> AppendixSource {
    let translation = base.model.translations.get(&s.slug);
    let blocks = s
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut html = String::new();
            block_html(&b.text, &mut html);
            AppendixBlock {
                id: block_anchor(&s.slug, &b.id),
                n: i + 1,
                kind: b.kind,
                lang: b.lang.clone(),
                html,
                translation: translation.and_then(|t| {
                    t.blocks
                        .get(i)
                        .cloned()
                        .flatten()
                        .map(|x| TranslationCtx::new(x.text, x.note, t.language.clone()))
                }),
            }
        })
        .collect();
    AppendixSource {
        anchor: format!("src-{}", s.slug),
        title: s.display_title().to_string(),
        original: s.meta.title.clone().filter(|t| t != s.display_title()),
        short: s.short_title().to_string(),
        lang: s.lang.clone(),
        author: s.meta.author.clone(),
        publisher: s.meta.publisher.clone(),
        kind: s.meta.kind.clone(),
        published: s.meta.published_date.map(|d| base.ui.date(&d)),
        url: s.meta.url.as_ref().map(|u| ExternalLink {
            href: u.clone(),
            short: urls::short_url(u),
        }),
        href: urls::relative(urls::PRINT, &urls::source(&s.slug)),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_parts_of_the_edition_stay_in_it() {
        let inside: HashMap<String, (String, String)> = [
            (
                "../briefs/x/index.html".to_string(),
                ("briefs-x-".to_string(), "briefs-x".to_string()),
            ),
            (
                "../timeline/index.html".to_string(),
                (String::new(), "print-timeline".to_string()),
            ),
        ]
        .into_iter()
        .collect();
        let html = r#"<a href="../briefs/x/index.html">x</a> <a href="../briefs/x/index.html#h">h</a> <a href="../timeline/index.html#e">e</a> <a href="../timeline/index.html#y2025">y</a> <a href="../sources/s/index.html#p">s</a> <a href="https://x.org/">o</a>"#;
        let events = ["e"].into_iter().collect();
        assert_eq!(
            in_edition(html, &inside, &events),
            r##"<a href="#briefs-x">x</a> <a href="#briefs-x-h">h</a> <a href="#e">e</a> <a href="#print-timeline">y</a> <a href="../sources/s/index.html#p">s</a> <a href="https://x.org/">o</a>"##
        );
    }
}
