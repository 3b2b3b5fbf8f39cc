//! The small values the contexts of several kinds of page share: links,
//! navigation, notes, backlinks, events, and links to terms.

use serde::Serialize;

use super::RenderedHtml;
use crate::i18n::Ui;
use crate::model::markdown::Citation;
use crate::model::terms::TermLabel;
use crate::model::{BackRef, PageKind};
use crate::sources::Source;
use crate::urls;

#[derive(Serialize, Hash)]
pub(super) struct SiteCtx<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    /// The base URL ending in `/`, when known (for Open Graph URLs).
    pub(super) base_url: Option<String>,
    /// When the briefing was last brought up to date (`updated` in the config).
    pub(super) updated: Option<DateCtx>,
}

/// "Cite this page": the page's address (when the base URL is known) and
/// a BibTeX entry; the template words the plain-text citation.
#[derive(Serialize, Hash)]
pub(super) struct CiteCtx {
    pub(super) url: Option<String>,
    pub(super) bibtex: String,
}

/// How to cite page `path`, titled `title`, of `site`.
pub(super) fn cite(site: &SiteCtx<'_>, title: &str, path: &str) -> CiteCtx {
    use crate::text::bibtex::{entry, Field};
    let url = site.base_url.as_ref().map(|b| format!("{b}{path}"));
    let key = match path.strip_suffix("index.html") {
        Some("") => "home",
        Some(dir) => dir,
        None => path,
    };
    let year = site.updated.as_ref().map(|d| d.year.to_string());
    let mut fields = vec![
        ("title", Field::Text(title)),
        ("organization", Field::Text(site.title)),
    ];
    if let (Some(d), Some(y)) = (&site.updated, &year) {
        fields.push(("date", Field::Text(&d.iso)));
        fields.push(("year", Field::Text(y)));
    }
    if let Some(u) = &url {
        fields.push(("url", Field::Url(u)));
    }
    CiteCtx {
        bibtex: entry("online", key, &fields),
        url,
    }
}

/// A date as a template shows it: `<time datetime="{{ iso }}">{{ display }}</time>`.
#[derive(Serialize, Hash)]
pub(super) struct DateCtx {
    pub(super) iso: String,
    pub(super) display: String,
    pub(super) year: i32,
}

#[derive(Serialize, Clone, Hash)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) href: String,
}

/// An entry of the site's navigation: what it leads to (`home`, `briefs`,
/// `summaries`, `timeline`, `sources`, `terms`, `search`; the theme's
/// templates give each its words), where, and whether the page is in it.
#[derive(Serialize, Hash)]
pub(super) struct NavItem {
    pub(super) key: &'static str,
    pub(super) href: String,
    pub(super) current: bool,
}

/// A note: one cited paragraph of a source, however often the page cites
/// it, with each quote from it once.
#[derive(Serialize, Hash)]
pub(super) struct Note {
    pub(super) n: usize,
    /// The note's id (`note-3`).
    pub(super) id: String,
    /// The paragraph on the source page.
    pub(super) href: String,
    /// The source's short name and the paragraph's number: "CISS column, ¶ 12".
    pub(super) short: String,
    pub(super) paragraph: usize,
    pub(super) source_title: String,
    /// The source's slug, and the cited block's id.
    pub(super) source: String,
    pub(super) block: String,
    pub(super) lang: crate::text::script::Lang,
    pub(super) quotes: Vec<NoteQuote>,
}

/// A quote in a note, with the markers citing it.
#[derive(Serialize, Hash)]
pub(super) struct NoteQuote {
    /// `note-3-1`, `note-3-2` …: what a marker's preview shows.
    pub(super) id: String,
    /// The quoted words on the source page.
    pub(super) href: String,
    pub(super) quote: String,
    pub(super) gloss: Option<String>,
    pub(super) backs: Vec<Back>,
}

#[derive(Serialize, Hash)]
pub(super) struct Back {
    pub(super) id: String,
    pub(super) letter: String,
}

/// A cited source's full entry, once per page, so a reader can weigh it.
#[derive(Serialize, Hash)]
pub(super) struct SourceEntry {
    pub(super) href: String,
    pub(super) title: String,
    pub(super) short: String,
    pub(super) original: Option<String>,
    pub(super) lang: crate::text::script::Lang,
    pub(super) author: Option<String>,
    pub(super) publisher: Option<String>,
    pub(super) kind: Option<String>,
    pub(super) published: Option<String>,
    pub(super) url: Option<String>,
}

#[derive(Serialize, Hash)]
pub(super) struct BackCtx {
    pub(super) title: String,
    pub(super) href: String,
    pub(super) kind: PageKind,
}

#[derive(Serialize, Hash)]
pub(super) struct EventCtx<'a> {
    pub(super) id: String,
    /// `<time datetime>`; `None` for a decade, which it cannot express.
    pub(super) iso: Option<String>,
    pub(super) display: String,
    pub(super) inferred: String,
    pub(super) title: String,
    /// Borrowed: an event's description is long, and on many pages.
    pub(super) body: RenderedHtml<'a>,
    pub(super) href: String,
    pub(super) tags: Vec<Link>,
    pub(super) actors: Vec<Link>,
    pub(super) sources: Vec<Link>,
    pub(super) notes: Vec<Note>,
    pub(super) data_tags: String,
    pub(super) data_actors: String,
    pub(super) data_sources: String,
    /// The ids of the events it is said to follow, separated by spaces.
    pub(super) data_after: String,
    /// The events it is said to follow (`after`), as links.
    pub(super) after: Vec<Link>,
}

#[derive(Serialize, Hash)]
pub(super) struct TermLink<'a> {
    pub(super) name: &'a str,
    /// The name as the sources write it, and its language.
    pub(super) original: &'a str,
    pub(super) original_lang: &'a str,
    pub(super) href: String,
}

#[derive(Serialize, Hash)]
pub(super) struct FilterOption {
    pub(super) value: String,
    pub(super) label: String,
    pub(super) count: usize,
}

/// The site's navigation as seen from page `path`; `sections`: whether
/// the site has briefs, and summaries.
pub(super) fn nav(path: &str, sections: (bool, bool)) -> Vec<NavItem> {
    let section = path.split('/').next().unwrap_or("");
    let briefs = urls::page_path("briefs");
    let summaries = urls::page_path("summaries");
    let mut nav = vec![("home", urls::HOME)];
    if sections.0 {
        nav.push(("briefs", briefs.as_str()));
    }
    if sections.1 {
        nav.push(("summaries", summaries.as_str()));
    }
    nav.extend([
        ("timeline", urls::TIMELINE),
        ("sources", urls::SOURCES),
        ("terms", urls::TERMS),
        ("search", urls::SEARCH),
    ]);
    nav.into_iter()
        .map(|(key, target)| NavItem {
            key,
            href: urls::relative(path, target),
            current: target == path
                || (target != urls::HOME && target.starts_with(&format!("{section}/"))),
        })
        .collect()
}

/// The breadcrumbs of page `path`: home, then `crumbs` (title, target).
pub(super) fn breadcrumbs(path: &str, crumbs: &[(&str, &str)], ui: &Ui) -> Vec<Link> {
    let mut bc = vec![Link {
        title: ui.text("nav.home", &[]),
        href: urls::relative(path, urls::HOME),
    }];
    for (t, target) in crumbs {
        bc.push(Link {
            title: (*t).to_string(),
            href: urls::relative(path, target),
        });
    }
    bc
}

/// The notes of a page: one per cited paragraph (its citations share it),
/// with ids prefixed by `prefix`, in order of their numbers.
pub(super) fn notes(citations: &[Citation], prefix: &str) -> Vec<Note> {
    let mut notes: Vec<Note> = Vec::new();
    for c in citations {
        let back = Back {
            id: c.marker.clone(),
            letter: Citation::letter(c.repeat),
        };
        let i = match notes.iter().position(|n| n.n == c.n) {
            Some(i) => i,
            None => {
                notes.push(Note {
                    n: c.n,
                    id: format!("note-{prefix}{}", c.n),
                    href: c
                        .href
                        .split('#')
                        .next()
                        .map_or_else(String::new, |page| format!("{page}#{}", c.block)),
                    short: c.short.clone(),
                    paragraph: c.paragraph,
                    source_title: c.source_title.clone(),
                    source: c.source.clone(),
                    block: c.block.clone(),
                    lang: c.lang.clone(),
                    quotes: Vec::new(),
                });
                notes.len() - 1
            }
        };
        let note = &mut notes[i];
        match note.quotes.iter_mut().find(|q| q.href == c.href) {
            Some(q) => {
                q.backs.push(back);
                if q.gloss.is_none() {
                    q.gloss.clone_from(&c.gloss);
                }
            }
            None => note.quotes.push(NoteQuote {
                id: format!("{}-{}", note.id, note.quotes.len() + 1),
                href: c.href.clone(),
                quote: c.quote.clone(),
                gloss: c.gloss.clone(),
                backs: vec![back],
            }),
        }
    }
    notes.sort_by_key(|n| n.n);
    notes
}

/// The entries of `sources`, linked from page `from`.
pub(super) fn source_entries(from: &str, sources: &[&Source], ui: &Ui) -> Vec<SourceEntry> {
    sources
        .iter()
        .map(|s| SourceEntry {
            href: urls::relative(from, &urls::source(&s.slug)),
            title: s.display_title().to_string(),
            short: s.short_title().to_string(),
            original: s.meta.title.clone().filter(|t| t != s.display_title()),
            lang: s.lang.clone(),
            author: s.meta.author.clone(),
            publisher: s.meta.publisher.clone(),
            kind: s.meta.kind.clone(),
            published: s.meta.published_date.map(|d| ui.date(&d)),
            url: s.meta.url.clone(),
        })
        .collect()
}

/// A link back to where something is referred from, as seen from `from`.
pub(super) fn back_ctx(from: &str, r: &BackRef) -> BackCtx {
    BackCtx {
        title: r.title.clone(),
        href: urls::relative(from, &r.target),
        kind: r.kind,
    }
}

/// Links to the terms `set` (display numbers, sorted), from a page `root`
/// deep.
pub(super) fn terms_on<'a>(
    root: &str,
    set: Option<&[usize]>,
    labels: &'a [TermLabel],
) -> Vec<TermLink<'a>> {
    set.map(|set| {
        set.iter()
            .map(|&i| {
                let t = &labels[i];
                TermLink {
                    name: &t.name,
                    original: &t.original,
                    original_lang: &t.original_language,
                    href: format!("{root}{}", urls::term(&t.id)),
                }
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Links to tags, from page `out`.
pub(super) fn tag_links(out: &str, tags: &[String]) -> Vec<Link> {
    tags.iter()
        .map(|t| Link {
            title: t.clone(),
            href: urls::relative(out, &urls::tag(t)),
        })
        .collect()
}

/// The title of section `name`: the language file's (`section.<name>`),
/// else the folder's name, capitalised.
pub(super) fn section_title(name: &str, ui: &Ui) -> String {
    ui.named("section", name)
        .unwrap_or_else(|| title_case(name))
}

fn title_case(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c)
            .collect::<String>()
            .replace(['-', '_'], " "),
        None => String::new(),
    }
}
