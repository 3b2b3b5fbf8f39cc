//! The list of sources and each source's page (in parallel): its blocks
//! with the places citing them, its metadata, and the events citing it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::event::EventInputs;
use super::values::{back_ctx, BackCtx, Link};
use super::{insert, insert_made, Base, Jobs};
use crate::model::gathered::Group;
use crate::model::quotes::QuoteMark;
use crate::model::translated::SourceTranslation;
use crate::model::PageDoc;
use crate::model::{BackRef, PageKind};
use crate::reads::Reads;
use crate::render::ctx::Ctx;
use crate::render::marks::{marked_html, Mark};
use crate::render::Job;
use crate::sources::structure::BlockKind;
use crate::sources::Source;
use crate::text::html::escape;
use crate::urls;

#[derive(Serialize, Hash)]
struct SourceItem {
    title: String,
    original: String,
    kind: String,
    publisher: String,
    /// The publication date as readers see it; empty when unknown.
    published: String,
    href: String,
    summary: Option<Link>,
    blocks: usize,
    reading_minutes: usize,
    lang: crate::text::script::Lang,
}

#[derive(Serialize, Hash)]
struct BlockCtx {
    id: String,
    kind: BlockKind,
    lang: crate::text::script::Lang,
    /// The block's number (¶ n), from 1.
    n: usize,
    /// The text, with the quoted words marked.
    html: String,
    translation: Option<TranslationCtx>,
    /// Not in the translation's language, and not translated (yet).
    untranslated: bool,
    cited: Option<CitedCtx>,
}

#[derive(Serialize, Hash)]
pub(super) struct TranslationCtx {
    text: String,
    note: Option<String>,
    lang: String,
}

impl TranslationCtx {
    pub(super) fn new(text: String, note: Option<String>, lang: String) -> Self {
        TranslationCtx { text, note, lang }
    }
}

/// Where a block is cited: how often, on how many pages, and the pages
/// grouped by kind (each page once, with its number of citations).
#[derive(Serialize, Hash)]
struct CitedCtx {
    count: usize,
    pages: usize,
    groups: Vec<CitedGroup>,
}

#[derive(Serialize, Hash)]
struct CitedGroup {
    kind: PageKind,
    items: Vec<CitedItem>,
}

#[derive(Serialize, Hash)]
struct CitedItem {
    title: String,
    /// The first citation on that page.
    href: String,
    count: usize,
}

pub(super) fn sources_jobs<'a, T: Send>(base: &Base<'a>, jobs: &mut Jobs<'_, T>) {
    let m = base.model;
    let list_path = urls::SOURCES;
    if base.wants(list_path) {
        let items: Vec<SourceItem> = m.sources.iter().map(|s| item(base, s)).collect();
        let title = base.ui.text("title.sources", &[]);
        let mut ctx = base.context(list_path, &title, PageKind::Sources, &[]);
        insert(&mut ctx, "items", &items);
        jobs.push(Job {
            path: list_path.into(),
            template: "sources.html",
            title,
            kind: PageKind::Sources,
            context: ctx,
            reads: None,
        });
    }

    // The events citing each source, in timeline order.
    let mut events: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in m.events.iter().enumerate() {
        for s in &e.sources {
            events.entry(s.as_str()).or_default().push(i);
        }
    }
    // One page per source, in parallel.
    let finish = jobs.finish;
    let pages: Vec<T> = m
        .sources
        .par_iter()
        .filter(|s| base.wants(&urls::source(&s.slug)))
        .map(|s| {
            let events = events.get(s.slug.as_str()).map_or(&[][..], Vec::as_slice);
            finish(source_job(base, SourceInputs::of(base, s, events)))
        })
        .collect();
    jobs.done.extend(pages);
}

/// How source `s` is listed (and shown on its page).
fn item(base: &Base<'_>, s: &Source) -> SourceItem {
    let m = base.model;
    let list_path = urls::SOURCES;
    SourceItem {
        title: s.display_title().to_string(),
        original: s.meta.title.clone().unwrap_or_default(),
        kind: s.meta.kind.clone().unwrap_or_default(),
        publisher: s.meta.publisher.clone().unwrap_or_default(),
        published: s
            .meta
            .published_date
            .map(|d| base.ui.date(&d))
            .unwrap_or_default(),
        href: urls::relative(list_path, &urls::source(&s.slug)),
        summary: m.summary_of(&s.slug).map(|p| Link {
            title: p.page.meta.title.clone(),
            href: urls::relative(list_path, &p.out),
        }),
        blocks: s.blocks.len(),
        reading_minutes: s.reading_minutes,
        lang: s.lang.clone(),
    }
}

/// What a source's page is made from besides what every page reads: taken
/// from the model once, so that the page's record of what it was made
/// from and its context are made from the same values.
struct SourceInputs<'a> {
    source: &'a Arc<Source>,
    path: String,
    /// The events citing it (indices into the model's).
    citing: &'a [usize],
    /// Its cited blocks, by id, and the quoted words in each.
    cited: Vec<(&'a str, &'a Group<BackRef>)>,
    quotes: Vec<(&'a str, &'a Group<QuoteMark>)>,
    translation: Option<&'a SourceTranslation>,
    /// Its summary.
    summary: Option<&'a PageDoc>,
    /// The terms mentioned on it (display numbers).
    terms_on: Option<&'a [usize]>,
}

impl<'a> SourceInputs<'a> {
    /// `citing`: the events citing `s`.
    fn of(base: &Base<'a>, s: &'a Arc<Source>, citing: &'a [usize]) -> SourceInputs<'a> {
        let m = base.model;
        let path = urls::source(&s.slug);
        SourceInputs {
            source: s,
            citing,
            cited: m.backlinks.cited.under(&s.slug).collect(),
            quotes: m.quotes.marks.under(&s.slug).collect(),
            translation: m.translations.get(&s.slug),
            summary: m.summary_of(&s.slug),
            terms_on: base.terms_on(&path),
            path,
        }
    }

    /// The events citing the source, as its page shows them.
    fn events<'b>(&'b self, base: &'b Base<'_>) -> Vec<EventInputs<'b>> {
        self.citing
            .iter()
            .map(|&i| base.event(&self.path, i))
            .collect()
    }

    /// The page's record of what it was made from: the source and the
    /// translations by address, the rest by hash, with what every page
    /// reads.
    fn reads(&self, base: &Base<'_>) -> Reads {
        let config = base.config;
        let hash = crate::fingerprint::of(&(
            base.global,
            (&config.repo_url, &config.repo_branch),
            &self.path,
            self.events(base),
            &self.cited,
            &self.quotes,
            self.summary.map(|p| (&p.page.meta.title, &p.out)),
            self.terms_on,
        ));
        let source: Arc<dyn Send + Sync> = self.source.clone();
        let translations: Arc<dyn Send + Sync> = base.model.translations.clone();
        Reads::new(vec![source, translations], hash)
    }
}

/// A source's page. In `serve`, it records what it was made from, and a
/// page that read the same values in the last build is known unchanged
/// without its context.
fn source_job(base: &Base<'_>, p: SourceInputs<'_>) -> Job {
    let reads = base.records().then(|| p.reads(base));
    let known = reads.as_ref().and_then(|r| base.known(&p.path, r));
    let context = match known {
        Some(key) => Ctx::known(key),
        None => source_context(base, &p),
    };
    Job {
        title: p.source.display_title().to_string(),
        path: p.path,
        template: "source.html",
        kind: PageKind::Source,
        context,
        // A known page's record is the one kept.
        reads: if known.is_some() { None } else { reads },
    }
}

/// A source page's context, from its inputs.
fn source_context(base: &Base<'_>, p: &SourceInputs<'_>) -> Ctx {
    let (s, path) = (&**p.source, &p.path);
    let list_path = urls::SOURCES;
    let crumb = base.ui.text("nav.sources", &[]);
    let mut ctx = base.context(
        path,
        s.display_title(),
        PageKind::Source,
        &[(crumb.as_str(), list_path)],
    );
    insert(&mut ctx, "source", &item(base, s));
    insert(&mut ctx, "meta", &s.meta);
    insert(
        &mut ctx,
        "languages",
        &language_names(base.ui, &s.meta.language),
    );
    insert(&mut ctx, "sha256", &s.sha256);
    insert(&mut ctx, "file", &s.file);
    insert(&mut ctx, "encoding", s.encoding);
    let repo = base.config.repo_url.as_ref().map(|u| {
        let branch = &base.config.repo_branch;
        format!("{}/blob/{branch}/{}", u.trim_end_matches('/'), s.file)
    });
    insert(&mut ctx, "repo_link", &repo);
    // The blocks are the bulk of the page: in `serve` they are made only if
    // the source, its translation or what cites it changed.
    let translation = p.translation;
    insert_made(
        &mut ctx,
        "blocks",
        (
            path.as_str(),
            s,
            p.cited.clone(),
            p.quotes.clone(),
            translation,
        ),
        |(path, s, cited, quotes, translation)| blocks(path, s, &cited, &quotes, translation),
    );
    if let Some(t) =
        translation.filter(|t| !t.missing.is_empty() || t.blocks.iter().any(Option::is_some))
    {
        let needed = t.missing.len() + t.blocks.iter().flatten().count();
        insert(&mut ctx, "translation_lang", &t.language);
        insert(&mut ctx, "translated", &(needed - t.missing.len(), needed));
    }
    insert(&mut ctx, "keywords", &s.keywords);
    insert_made(&mut ctx, "notes_html", s.meta.notes.as_deref(), |notes| {
        notes.map(inline_markdown)
    });
    let summary = p.summary.map(|p| Link {
        title: p.page.meta.title.clone(),
        href: urls::relative(path, &p.out),
    });
    insert(&mut ctx, "summary", &summary);
    insert_made(&mut ctx, "events", p.events(base), EventInputs::all_made);
    base.insert_terms(&mut ctx, path, p.terms_on);
    // Made only if what cites the source changed.
    insert_made(
        &mut ctx,
        "backlinks",
        (path.as_str(), p.cited.clone()),
        |(path, cited)| citing_places(path, &cited),
    );
    ctx
}

/// The places citing a source (`cited`: its cited blocks), as seen from its
/// page `path`: each page once, each event.
fn citing_places(path: &str, cited: &[(&str, &Group<BackRef>)]) -> Vec<BackCtx> {
    let cited_by: BTreeSet<&BackRef> = cited.iter().flat_map(|(_, g)| g.iter()).collect();
    let mut pages: Vec<BackCtx> = Vec::new();
    let mut seen = BTreeSet::new();
    for r in cited_by {
        let target = r.target.split('#').next().unwrap_or("").to_string();
        if seen.insert(target.clone()) || r.kind == PageKind::Event {
            pages.push(back_ctx(path, r));
        }
    }
    pages
}

/// The blocks of source `s` on its page `path`, each with its quoted words
/// marked, its translation, and the places citing it (`cited`: the
/// source's cited blocks, by id).
fn blocks(
    path: &str,
    s: &Source,
    cited: &[(&str, &Group<BackRef>)],
    quotes: &[(&str, &Group<QuoteMark>)],
    translation: Option<&SourceTranslation>,
) -> Vec<BlockCtx> {
    s.blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let marks: Vec<Mark> = quotes
                .binary_search_by(|(id, _)| (*id).cmp(&b.id))
                .ok()
                .map(|k| {
                    let q = quotes[k].1;
                    q.iter()
                        .map(|m| Mark {
                            range: m.start..m.end,
                            id: m.anchor.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let t = translation
                .and_then(|t| t.blocks.get(i).cloned().flatten().map(|x| (x, &t.language)));
            BlockCtx {
                id: b.id.clone(),
                kind: b.kind,
                lang: b.lang.clone(),
                n: i + 1,
                html: marked_html(&b.text, &marks, &block_html),
                untranslated: translation.is_some_and(|t| t.missing.binary_search(&i).is_ok()),
                translation: t.map(|(x, lang)| TranslationCtx {
                    text: x.text,
                    note: x.note,
                    lang: lang.clone(),
                }),
                cited: cited
                    .binary_search_by(|(id, _)| (*id).cmp(&b.id))
                    .ok()
                    .map(|k| cited_ctx(path, cited[k].1)),
            }
        })
        .collect()
}

/// The places citing a block, grouped by kind of page (in the order of
/// [`PageKind`]), each page once with its number of citations, linked to
/// its first citation.
fn cited_ctx(path: &str, refs: &[BackRef]) -> CitedCtx {
    let mut by_page: BTreeMap<(PageKind, &str, &str), (usize, &str)> = BTreeMap::new();
    for r in refs {
        let page = r.target.split('#').next().unwrap_or("");
        let e = by_page
            .entry((r.kind, page, &r.title))
            .or_insert((0, &r.target));
        e.0 += 1;
        if r.target.as_str() < e.1 {
            e.1 = &r.target;
        }
    }
    let mut groups: Vec<CitedGroup> = Vec::new();
    for ((kind, _, title), (count, target)) in &by_page {
        let item = CitedItem {
            title: (*title).to_string(),
            href: urls::relative(path, target),
            count: *count,
        };
        match groups.last_mut() {
            Some(g) if g.kind == *kind => g.items.push(item),
            _ => groups.push(CitedGroup {
                kind: *kind,
                items: vec![item],
            }),
        }
    }
    CitedCtx {
        count: refs.len(),
        pages: by_page.len(),
        groups,
    }
}

/// A run of a source block's text as HTML: escaped, with reference markers
/// `[3]` set as superscripts.
pub(super) fn block_html(text: &str, out: &mut String) {
    let escaped = escape(text);
    let mut rest = escaped.as_str();
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=3).contains(&digits) && after.as_bytes().get(digits) == Some(&b']') {
            out.push_str(&format!("<sup class=\"ref\">[{}]</sup>", &after[..digits]));
            rest = &after[digits + 1..];
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
}

/// Sidecar notes: a little Markdown (emphasis, code, external links), no HTML.
fn inline_markdown(text: &str) -> String {
    let parser = pulldown_cmark::Parser::new(text).map(|e| match e {
        pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
            pulldown_cmark::Event::Text(h)
        }
        pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link {
            dest_url,
            title,
            link_type,
            id,
        }) => {
            let safe = dest_url.starts_with("https://") || dest_url.starts_with("http://");
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link {
                dest_url: if safe { dest_url } else { "#".into() },
                title,
                link_type,
                id,
            })
        }
        other => other,
    });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, parser);
    out
}

/// The names of a source's languages in the site's language (the theme's
/// `language_name` words: the tag, else its primary language), else the
/// tags as written.
fn language_names(ui: &crate::i18n::Ui, tags: &[String]) -> Vec<String> {
    tags.iter()
        .map(|tag| {
            ui.named("language_name", tag)
                .or_else(|| ui.named("language_name", &crate::translations::primary(tag)))
                .unwrap_or_else(|| tag.clone())
        })
        .collect()
}
