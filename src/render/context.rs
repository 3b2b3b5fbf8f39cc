//! Template contexts: small serialisable views of the model, one per page,
//! with every link already made relative to the page.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use serde::Serialize;

use super::ctx::{insert, insert_made, Ctx, CtxMode, RenderedHtml};
use super::Job;
use crate::config::Config;
use crate::model::markdown::{Citation, Rendered};
use crate::model::terms::TermLabel;
use crate::model::{BackRef, EventDoc, Mention, Model, PageDoc, PageKind, TermDoc};
use crate::sources::structure::BlockKind;
use crate::sources::Source;
use crate::text::html::escape;
use crate::urls;

#[derive(Serialize, Hash)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    /// The base URL ending in `/`, when known (for Open Graph URLs).
    base_url: Option<String>,
}

#[derive(Serialize, Clone, Hash)]
struct Link {
    title: String,
    href: String,
}

#[derive(Serialize, Hash)]
struct NavItem {
    title: &'static str,
    href: String,
    current: bool,
}

#[derive(Serialize, Hash)]
struct Note {
    n: usize,
    id: String,
    source_title: String,
    href: String,
    quote: String,
    lang: &'static str,
}

#[derive(Serialize, Hash)]
struct BackCtx {
    title: String,
    href: String,
    kind: PageKind,
}

#[derive(Serialize, Hash)]
struct EventCtx<'a> {
    id: String,
    iso: String,
    display: String,
    year: i32,
    inferred: String,
    title: String,
    /// Borrowed: an event's description is long, and on many pages.
    body: RenderedHtml<'a>,
    href: String,
    tags: Vec<Link>,
    actors: Vec<Link>,
    sources: Vec<Link>,
    notes: Vec<Note>,
    data_tags: String,
    data_actors: String,
    data_sources: String,
}

#[derive(Serialize, Hash)]
struct TermLink<'a> {
    name: &'a str,
    zh: &'a str,
    href: String,
}

/// Shared context of every page.
struct Base<'a> {
    config: &'a Config,
    model: &'a Model,
    /// Whether the site has briefs (a header link to them).
    has_briefs: bool,
    mode: CtxMode,
    /// Whether pages carry `serve`'s live-reload script.
    live_reload: bool,
    /// Only these pages (by output path) are wanted; all when `None`.
    wanted: Option<&'a HashSet<String>>,
    site: SiteCtx<'a>,
}

impl<'a> Base<'a> {
    /// Whether the job of the page at `path` is wanted.
    fn wants(&self, path: &str) -> bool {
        self.wanted.is_none_or(|w| w.contains(path))
    }

    fn context(&self, path: &str, title: &str, kind: PageKind, crumbs: &[(&str, &str)]) -> Ctx {
        let mut ctx = Ctx::new(self.mode);
        let root = urls::root_prefix(path);
        insert(&mut ctx, "site", &self.site);
        insert(&mut ctx, "root", &root);
        insert(&mut ctx, "path", path);
        insert(&mut ctx, "title", title);
        insert(&mut ctx, "kind", &kind);
        if self.live_reload {
            // The not-found page is served at any depth: its script is
            // named from the server's root.
            let script = if path == urls::NOT_FOUND {
                format!("/{}", urls::LIVE_RELOAD)
            } else {
                urls::relative(path, urls::LIVE_RELOAD)
            };
            insert(&mut ctx, "live_reload", &script);
        }
        // Navigation and breadcrumbs follow from the path (and whether the
        // site has briefs, and the crumbs): made only if the page is rendered.
        insert_made(&mut ctx, "nav", (path, self.has_briefs), |(p, b)| nav(p, b));
        if path != urls::HOME {
            insert_made(&mut ctx, "breadcrumbs", (path, crumbs), |(p, c)| {
                breadcrumbs(p, c)
            });
        }
        ctx
    }

    /// The notes of `r` (made only if the page is rendered).
    fn insert_notes(ctx: &mut Ctx, r: &Rendered, prefix: &str) {
        insert_made(ctx, "notes", (&r.citations[..], prefix), |(c, p)| {
            notes(c, p)
        });
    }

    fn event(&self, from: &str, e: &'a EventDoc) -> EventCtx<'a> {
        let d = &e.event.date;
        let display = if e.event.meta.approximate {
            format!("c. {}", d.display())
        } else {
            d.display()
        };
        EventCtx {
            id: e.event.slug.clone(),
            iso: d.iso(),
            display,
            year: d.year,
            inferred: e.event.meta.inferred.clone(),
            title: e.event.meta.title.clone(),
            body: RenderedHtml(&e.body),
            href: urls::relative(from, &e.target()),
            tags: e
                .event
                .tags
                .iter()
                .map(|t| Link {
                    title: t.clone(),
                    href: urls::relative(from, &urls::tag(t)),
                })
                .collect(),
            actors: e.actors.iter().map(|&a| self.term_link(from, a)).collect(),
            sources: e
                .sources
                .iter()
                .map(|s| Link {
                    title: self
                        .model
                        .source(s)
                        .map_or(s.as_str(), Source::display_title)
                        .to_string(),
                    href: urls::relative(from, &urls::source(s)),
                })
                .collect(),
            notes: notes(&e.body.citations, &format!("{}-", e.event.slug)),
            data_tags: e.event.tags.join(" "),
            data_actors: e
                .actors
                .iter()
                .map(|&a| self.model.terms[a].id.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            data_sources: e.sources.join(" "),
        }
    }

    fn term_link(&self, from: &str, i: usize) -> Link {
        let t = &self.model.terms[i];
        Link {
            title: t.name.clone(),
            href: urls::relative(from, &urls::term(&t.id)),
        }
    }

    /// The "terms on this page" list of page `key`, as seen from `from`. In
    /// `serve` it is made only for pages that change (it is long, and the
    /// same on most rebuilds) from the page's folder depth, its terms and
    /// the terms' labels.
    fn insert_terms_on(&self, ctx: &mut Ctx, from: &str, key: &str) {
        let model = self.model;
        let inputs = (
            urls::root_prefix(from),
            model.terms_on.get(key),
            &model.term_labels,
        );
        insert_made(ctx, "terms_on_page", inputs, |(root, set, labels)| {
            terms_on(&root, set, labels)
        });
    }
}

/// The site's navigation as seen from page `path`.
fn nav(path: &str, has_briefs: bool) -> Vec<NavItem> {
    let section = path.split('/').next().unwrap_or("");
    let briefs = urls::page_path("briefs");
    let mut nav = vec![("Home", urls::HOME)];
    if has_briefs {
        nav.push(("Briefs", briefs.as_str()));
    }
    nav.extend([
        ("Timeline", urls::TIMELINE),
        ("Sources", urls::SOURCES),
        ("Index", urls::TERMS),
        ("Search", urls::SEARCH),
    ]);
    nav.into_iter()
        .map(|(t, target)| NavItem {
            title: t,
            href: urls::relative(path, target),
            current: target == path
                || (target != urls::HOME && target.starts_with(&format!("{section}/"))),
        })
        .collect()
}

/// The breadcrumbs of page `path`: home, then `crumbs` (title, target).
fn breadcrumbs(path: &str, crumbs: &[(&str, &str)]) -> Vec<Link> {
    let mut bc = vec![Link {
        title: "Home".into(),
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

/// The notes of a page: its citations, with ids prefixed by `prefix`.
fn notes(citations: &[Citation], prefix: &str) -> Vec<Note> {
    citations
        .iter()
        .map(|c| Note {
            n: c.n,
            id: format!("cite-{prefix}{}", c.n),
            source_title: c.source_title.clone(),
            href: c.href.clone(),
            quote: c.quote.clone(),
            lang: c.lang,
        })
        .collect()
}

/// A link back to where something is referred from, as seen from `from`.
fn back_ctx(from: &str, r: &BackRef) -> BackCtx {
    BackCtx {
        title: r.title.clone(),
        href: urls::relative(from, &r.target),
        kind: r.kind,
    }
}

/// Links to the terms `set` (display numbers), from a page `root` deep.
fn terms_on<'a>(
    root: &str,
    set: Option<&BTreeSet<usize>>,
    labels: &'a [TermLabel],
) -> Vec<TermLink<'a>> {
    set.map(|set| {
        set.iter()
            .map(|&i| {
                let t = &labels[i];
                TermLink {
                    name: &t.name,
                    zh: &t.zh,
                    href: format!("{root}{}", urls::term(&t.id)),
                }
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Where render jobs go as they are made: a page of a large group (content
/// pages, sources, terms) is finished as soon as its context is built, in
/// parallel, so the contexts of a large site never all exist at once; the
/// single pages wait and are finished together, in parallel, at the end.
struct Sink<'f, T> {
    finish: &'f (dyn Fn(Job) -> T + Sync),
    done: Vec<T>,
    single: Vec<Job>,
}

impl<T: Send> Sink<'_, T> {
    fn push(&mut self, job: Job) {
        self.single.push(job);
    }

    fn finish_all(self) -> Vec<T> {
        let mut done = self.done;
        let finish = self.finish;
        done.par_extend(self.single.into_par_iter().map(finish));
        done
    }
}

/// Every page of the site (or only the pages in `wanted`) as a render job,
/// each handed to `finish` (which renders it, or just hashes its context).
pub fn jobs<'a, T: Send>(
    model: &'a Model,
    config: &'a Config,
    mode: CtxMode,
    live_reload: bool,
    wanted: Option<&'a HashSet<String>>,
    finish: &(dyn Fn(Job) -> T + Sync),
) -> Vec<T> {
    let has_briefs = model.pages.iter().any(|p| p.page.section == "briefs");
    let base = Base {
        config,
        model,
        has_briefs,
        mode,
        live_reload,
        wanted,
        site: SiteCtx {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: config
                .base_url
                .as_ref()
                .map(|u| format!("{}/", u.trim_end_matches('/'))),
        },
    };
    let mut sink = Sink {
        finish,
        done: Vec::new(),
        single: Vec::new(),
    };
    let mut sections: BTreeMap<&str, Vec<&PageDoc>> = BTreeMap::new();
    for p in &model.pages {
        if !p.page.section.is_empty() && !p.is_section_index {
            sections.entry(p.page.section.as_str()).or_default().push(p);
        }
    }
    for list in sections.values_mut() {
        list.sort_by_cached_key(|p| {
            (
                p.page.meta.weight.unwrap_or(i64::MAX),
                p.page.meta.title.to_lowercase(),
                p.out.clone(),
            )
        });
    }

    // Content pages, in parallel; each page's neighbours in its section by index.
    let position: HashMap<&str, usize> = sections
        .values()
        .flat_map(|list| list.iter().enumerate().map(|(i, p)| (p.out.as_str(), i)))
        .collect();
    let finish = sink.finish;
    let page_jobs: Vec<T> = model
        .pages
        .par_iter()
        .filter(|p| !p.is_section_index && base.wants(&p.out))
        .map(|p| {
            let home = p.page.dir.is_empty();
            let section_title = title_case(&p.page.section);
            let section_target = urls::page_path(&p.page.section);
            let crumbs: Vec<(&str, &str)> = if p.page.section.is_empty() {
                vec![]
            } else {
                vec![(section_title.as_str(), section_target.as_str())]
            };
            let mut ctx = base.context(&p.out, &p.page.meta.title, p.kind(), &crumbs);
            page_fields(&base, &mut ctx, p);
            if let (Some(list), Some(&i)) = (
                sections.get(p.page.section.as_str()),
                position.get(p.out.as_str()),
            ) {
                if i > 0 {
                    insert(
                        &mut ctx,
                        "prev",
                        &Link {
                            title: list[i - 1].page.meta.title.clone(),
                            href: urls::relative(&p.out, &list[i - 1].out),
                        },
                    );
                }
                if let Some(n) = list.get(i + 1) {
                    insert(
                        &mut ctx,
                        "next",
                        &Link {
                            title: n.page.meta.title.clone(),
                            href: urls::relative(&p.out, &n.out),
                        },
                    );
                }
            }
            if home {
                let latest: Vec<EventCtx> = model
                    .events
                    .iter()
                    .rev()
                    .take(6)
                    .map(|e| base.event(&p.out, e))
                    .collect();
                insert(&mut ctx, "latest_events", &latest);
                insert(&mut ctx, "counts", &Counts::of(model));
            }
            finish(Job {
                path: p.out.clone(),
                template: if home { "home.html" } else { "page.html" },
                title: p.page.meta.title.clone(),
                kind: p.kind(),
                context: ctx,
            })
        })
        .collect();
    sink.done.extend(page_jobs);
    if !model.pages.iter().any(|p| p.page.dir.is_empty()) && base.wants(urls::HOME) {
        let mut ctx = base.context(urls::HOME, &config.title, PageKind::Home, &[]);
        insert(&mut ctx, "body", "");
        let latest: Vec<EventCtx> = model
            .events
            .iter()
            .rev()
            .take(6)
            .map(|e| base.event(urls::HOME, e))
            .collect();
        insert(&mut ctx, "latest_events", &latest);
        insert(&mut ctx, "counts", &Counts::of(model));
        sink.push(Job {
            path: urls::HOME.into(),
            template: "home.html",
            title: config.title.clone(),
            kind: PageKind::Home,
            context: ctx,
        });
    }

    // Section listings.
    for (sec, list) in &sections {
        let out = urls::page_path(sec);
        if !base.wants(&out) {
            continue;
        }
        let intro = model
            .pages
            .iter()
            .find(|p| p.is_section_index && p.page.section == *sec);
        let title = intro.map_or_else(|| title_case(sec), |p| p.page.meta.title.clone());
        let mut ctx = base.context(&out, &title, PageKind::Section, &[]);
        if let Some(p) = intro {
            page_fields(&base, &mut ctx, p);
        }
        let items: Vec<ListItem> = list.iter().map(|p| ListItem::of(&out, p)).collect();
        insert(&mut ctx, "items", &items);
        sink.push(Job {
            path: out,
            template: "section.html",
            title,
            kind: PageKind::Section,
            context: ctx,
        });
    }

    sources_jobs(&base, &mut sink);
    timeline_job(&base, &mut sink);
    terms_jobs(&base, &mut sink);
    tags_jobs(&base, &mut sink);
    print_job(&base, &mut sink);
    if base.wants(urls::SEARCH) {
        let ctx = base.context(urls::SEARCH, "Search", PageKind::Search, &[]);
        sink.push(Job {
            path: urls::SEARCH.into(),
            template: "search.html",
            title: "Search".into(),
            kind: PageKind::Search,
            context: ctx,
        });
    }
    if !base.wants(urls::NOT_FOUND) {
        return sink.finish_all();
    }
    let mut ctx = base.context(urls::NOT_FOUND, "Page not found", PageKind::NotFound, &[]);
    // Served at any depth by GitHub Pages: when the base URL is known, links
    // start from its path ("/briefing/index.html"), which works on any host.
    let home_dir = config
        .base_url
        .as_deref()
        .map_or_else(String::new, base_path);
    insert(&mut ctx, "home", &format!("{home_dir}{}", urls::HOME));
    insert(&mut ctx, "home_dir", &home_dir);
    sink.push(Job {
        path: urls::NOT_FOUND.into(),
        template: "404.html",
        title: "Page not found".into(),
        kind: PageKind::NotFound,
        context: ctx,
    });
    sink.finish_all()
}

#[derive(Serialize, Hash)]
struct Counts {
    sources: usize,
    events: usize,
    terms: usize,
    briefs: usize,
}

impl Counts {
    fn of(m: &Model) -> Counts {
        Counts {
            sources: m.sources.len(),
            events: m.events.len(),
            terms: m.terms.len(),
            briefs: m
                .pages
                .iter()
                .filter(|p| p.kind() == PageKind::Brief)
                .count(),
        }
    }
}

#[derive(Serialize, Hash)]
struct ListItem {
    title: String,
    summary: String,
    href: String,
    date: String,
}

impl ListItem {
    fn of(from: &str, p: &PageDoc) -> ListItem {
        ListItem {
            title: p.page.meta.title.clone(),
            summary: p.page.meta.summary.clone().unwrap_or_default(),
            href: urls::relative(from, &p.out),
            date: p.page.date.map(|d| d.display()).unwrap_or_default(),
        }
    }
}

fn page_fields<'a>(base: &Base<'a>, ctx: &mut Ctx, p: &'a PageDoc) {
    insert(ctx, "body", &RenderedHtml(&p.body));
    insert(
        ctx,
        "summary",
        &p.page.meta.summary.clone().unwrap_or_default(),
    );
    insert(ctx, "date", &p.page.date.map(|d| (d.iso(), d.display())));
    insert(
        ctx,
        "toc",
        &p.body
            .toc
            .iter()
            .filter(|t| t.level == 2 || t.level == 3)
            .collect::<Vec<_>>(),
    );
    Base::insert_notes(ctx, &p.body, "");
    // Tags, backlinks and cited sources are made only for pages that are
    // rendered, from the model values they come from.
    let out = p.out.as_str();
    insert_made(ctx, "tags", (out, &p.page.tags[..]), |(out, tags)| {
        tag_links(out, tags)
    });
    let back = base.model.linked_from.get(out);
    insert_made(ctx, "backlinks", (out, back), |(out, back)| {
        back.map(|v| v.iter().map(|r| back_ctx(out, r)).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    base.insert_terms_on(ctx, &p.out, &p.out);
    if let Some(slug) = &p.page.meta.source {
        if let Some(s) = base.model.source(slug.get_ref()) {
            insert(
                ctx,
                "source",
                &Link {
                    title: s.display_title().to_string(),
                    href: urls::relative(&p.out, &urls::source(&s.slug)),
                },
            );
        }
    }
    insert_made(
        ctx,
        "sources_cited",
        (out, &p.body.citations[..]),
        |(out, citations)| sources_cited(out, citations),
    );
}

/// Links to tags, from page `out`.
fn tag_links(out: &str, tags: &[String]) -> Vec<Link> {
    tags.iter()
        .map(|t| Link {
            title: t.clone(),
            href: urls::relative(out, &urls::tag(t)),
        })
        .collect()
}

/// Each source `citations` cite, once, by slug, linked from page `out`.
fn sources_cited(out: &str, citations: &[Citation]) -> Vec<Link> {
    let cited: BTreeMap<&str, &str> = citations
        .iter()
        .map(|c| (c.source.as_str(), c.source_title.as_str()))
        .collect();
    cited
        .into_iter()
        .map(|(slug, title)| Link {
            title: title.to_string(),
            href: urls::relative(out, &urls::source(slug)),
        })
        .collect()
}

#[derive(Serialize, Hash)]
struct SourceItem {
    title: String,
    original: String,
    kind: String,
    publisher: String,
    published: String,
    href: String,
    summary: Option<Link>,
    blocks: usize,
    reading_minutes: usize,
    lang: &'static str,
}

#[derive(Serialize, Hash)]
struct BlockCtx {
    id: String,
    kind: BlockKind,
    lang: &'static str,
    html: String,
    cited_by: Vec<BackCtx>,
}

fn sources_jobs<'a, T: Send>(base: &Base<'a>, sink: &mut Sink<'_, T>) {
    let m = base.model;
    let list_path = urls::SOURCES;
    let items: Vec<SourceItem> = m
        .sources
        .iter()
        .map(|s| SourceItem {
            title: s.display_title().to_string(),
            original: s.meta.title.clone().unwrap_or_default(),
            kind: s.meta.kind.clone().unwrap_or_default(),
            publisher: s.meta.publisher.clone().unwrap_or_default(),
            published: s
                .meta
                .published_display
                .clone()
                .unwrap_or_else(|| "date unknown".into()),
            href: urls::relative(list_path, &urls::source(&s.slug)),
            summary: m.summary_of(&s.slug).map(|p| Link {
                title: p.page.meta.title.clone(),
                href: urls::relative(list_path, &p.out),
            }),
            blocks: s.blocks.len(),
            reading_minutes: s.reading_minutes,
            lang: s.lang,
        })
        .collect();
    if base.wants(list_path) {
        let mut ctx = base.context(list_path, "Sources", PageKind::Sources, &[]);
        insert(&mut ctx, "items", &items);
        sink.push(Job {
            path: list_path.into(),
            template: "sources.html",
            title: "Sources".into(),
            kind: PageKind::Sources,
            context: ctx,
        });
    }

    // The events citing each source, in timeline order.
    let mut events: HashMap<&str, Vec<&EventDoc>> = HashMap::new();
    for e in &m.events {
        for s in &e.sources {
            events.entry(s.as_str()).or_default().push(e);
        }
    }
    // One page per source, in parallel.
    let finish = sink.finish;
    let pages: Vec<T> = m
        .sources
        .par_iter()
        .zip(items)
        .filter(|(s, _)| base.wants(&urls::source(&s.slug)))
        .map(|(s, item)| {
            let events = events.get(s.slug.as_str()).map_or(&[][..], Vec::as_slice);
            finish(source_job(base, s, &item, events))
        })
        .collect();
    sink.done.extend(pages);
}

fn source_job<'a>(base: &Base<'a>, s: &'a Source, item: &SourceItem, citing: &[&EventDoc]) -> Job {
    let m = base.model;
    let list_path = urls::SOURCES;
    let path = urls::source(&s.slug);
    let mut ctx = base.context(
        &path,
        s.display_title(),
        PageKind::Source,
        &[("Sources", list_path)],
    );
    insert(&mut ctx, "source", item);
    insert(&mut ctx, "meta", &s.meta);
    insert(&mut ctx, "sha256", &s.sha256);
    insert(&mut ctx, "file", &s.file);
    insert(&mut ctx, "encoding", s.encoding);
    let repo = base.config.repo_url.as_ref().map(|u| {
        format!(
            "{}/blob/{}/{}",
            u.trim_end_matches('/'),
            base.config.repo_branch,
            s.file
        )
    });
    insert(&mut ctx, "repo_link", &repo);
    // The blocks are the bulk of the page: in `serve` they are made only if
    // the source or what cites it changed.
    let cited: Vec<(&(String, String), &Vec<BackRef>)> = m
        .cited
        .range((s.slug.clone(), String::new())..)
        .take_while(|((slug, _), _)| *slug == s.slug)
        .collect();
    insert_made(
        &mut ctx,
        "blocks",
        (path.as_str(), s, cited),
        |(path, s, cited)| blocks(path, s, &cited),
    );
    insert(&mut ctx, "keywords", &s.keywords);
    insert(
        &mut ctx,
        "notes_html",
        &s.meta.notes.as_deref().map(inline_markdown),
    );
    let summary = m.summary_of(&s.slug).map(|p| Link {
        title: p.page.meta.title.clone(),
        href: urls::relative(&path, &p.out),
    });
    insert(&mut ctx, "summary", &summary);
    let events: Vec<EventCtx> = citing.iter().map(|e| base.event(&path, e)).collect();
    insert(&mut ctx, "events", &events);
    base.insert_terms_on(&mut ctx, &path, &path);
    let cited_by: BTreeSet<&BackRef> = m.cited_in(&s.slug).collect();
    let mut pages: Vec<BackCtx> = Vec::new();
    let mut seen = BTreeSet::new();
    for r in cited_by {
        let target = r.target.split('#').next().unwrap_or("").to_string();
        if seen.insert(target.clone()) || r.kind == PageKind::Event {
            pages.push(back_ctx(&path, r));
        }
    }
    insert(&mut ctx, "backlinks", &pages);
    Job {
        path,
        template: "source.html",
        title: s.display_title().to_string(),
        kind: PageKind::Source,
        context: ctx,
    }
}

/// The blocks of source `s` on its page `path`, each with the places citing
/// it (`cited`: the source's cited blocks, by id).
fn blocks(path: &str, s: &Source, cited: &[(&(String, String), &Vec<BackRef>)]) -> Vec<BlockCtx> {
    s.blocks
        .iter()
        .map(|b| BlockCtx {
            id: b.id.clone(),
            kind: b.kind,
            lang: b.lang,
            html: block_html(&b.text),
            cited_by: cited
                .binary_search_by(|((_, id), _)| id.as_str().cmp(&b.id))
                .map(|i| cited[i].1.iter().map(|r| back_ctx(path, r)).collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// A source block's text as HTML: escaped, with reference markers `[3]` set
/// as superscripts.
fn block_html(text: &str) -> String {
    let escaped = escape(text);
    let mut out = String::with_capacity(escaped.len());
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
    out
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

#[derive(Serialize, Hash)]
struct YearCtx<'a> {
    year: i32,
    events: Vec<EventCtx<'a>>,
}

#[derive(Serialize, Hash)]
struct FilterOption {
    value: String,
    label: String,
    count: usize,
}

fn timeline_job<'a, T: Send>(base: &Base<'a>, sink: &mut Sink<'_, T>) {
    let m = base.model;
    let path = urls::TIMELINE;
    if !base.wants(path) {
        return;
    }
    let mut years: Vec<YearCtx> = Vec::new();
    for e in &m.events {
        let ctx = base.event(path, e);
        match years.last_mut() {
            Some(y) if y.year == ctx.year => y.events.push(ctx),
            _ => years.push(YearCtx {
                year: ctx.year,
                events: vec![ctx],
            }),
        }
    }
    let mut tags: BTreeMap<String, usize> = BTreeMap::new();
    let mut actors: BTreeMap<usize, usize> = BTreeMap::new();
    let mut sources: BTreeMap<String, usize> = BTreeMap::new();
    for e in &m.events {
        for t in &e.event.tags {
            *tags.entry(t.clone()).or_default() += 1;
        }
        for &a in &e.actors {
            *actors.entry(a).or_default() += 1;
        }
        for s in &e.sources {
            *sources.entry(s.clone()).or_default() += 1;
        }
    }
    let tags: Vec<FilterOption> = tags
        .into_iter()
        .map(|(t, count)| FilterOption {
            label: t.clone(),
            value: t,
            count,
        })
        .collect();
    let mut actors: Vec<FilterOption> = actors
        .into_iter()
        .map(|(a, count)| FilterOption {
            value: m.terms[a].id.clone(),
            label: m.terms[a].name.clone(),
            count,
        })
        .collect();
    actors.sort_by(|a, b| a.label.cmp(&b.label));
    let sources: Vec<FilterOption> = sources
        .into_iter()
        .map(|(s, count)| FilterOption {
            label: m
                .source(&s)
                .map_or(s.as_str(), Source::display_title)
                .to_string(),
            value: s,
            count,
        })
        .collect();
    let mut ctx = base.context(path, "Timeline", PageKind::Timeline, &[]);
    insert(&mut ctx, "years", &years);
    insert(&mut ctx, "filter_tags", &tags);
    insert(&mut ctx, "filter_actors", &actors);
    insert(&mut ctx, "filter_sources", &sources);
    insert(&mut ctx, "overview_svg", &super::svg::overview(&m.events));
    sink.push(Job {
        path: path.into(),
        template: "timeline.html",
        title: "Timeline".into(),
        kind: PageKind::Timeline,
        context: ctx,
    });
}

#[derive(Serialize, Hash)]
struct TermItem {
    id: String,
    name: String,
    zh: String,
    href: String,
    definition: String,
    mentions: usize,
}

#[derive(Serialize, Hash)]
struct KindGroup {
    kind: String,
    label: &'static str,
    terms: Vec<TermItem>,
}

#[derive(Serialize, Hash)]
struct MentionGroup {
    title: String,
    href: String,
    kind: PageKind,
    snippets: Vec<SnippetCtx>,
}

#[derive(Serialize, Hash)]
struct SnippetCtx {
    before: String,
    hit: String,
    after: String,
    href: String,
}

fn terms_jobs<'a, T: Send>(base: &Base<'a>, sink: &mut Sink<'_, T>) {
    if base.wants(urls::TERMS) {
        terms_index_job(base, sink);
    }
    // One page per term, in parallel.
    let finish = sink.finish;
    let pages: Vec<T> = base
        .model
        .terms
        .par_iter()
        .filter(|t| base.wants(&urls::term(&t.id)))
        .map(|t| finish(term_job(base, t)))
        .collect();
    sink.done.extend(pages);
}

fn terms_index_job<'a, T: Send>(base: &Base<'a>, sink: &mut Sink<'_, T>) {
    let m = base.model;
    let index = urls::TERMS;
    let mut groups: BTreeMap<crate::content::TermKind, Vec<TermItem>> = BTreeMap::new();
    for t in &m.terms {
        groups.entry(t.kind).or_default().push(TermItem {
            id: t.id.clone(),
            name: t.name.clone(),
            zh: t.zh.clone(),
            href: urls::relative(index, &urls::term(&t.id)),
            definition: t.def_index.html.clone(),
            mentions: t.mention_count,
        });
    }
    let groups: Vec<KindGroup> = groups
        .into_iter()
        .map(|(k, terms)| KindGroup {
            kind: serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            label: k.label(),
            terms,
        })
        .collect();
    let mut ctx = base.context(index, "Index of terms", PageKind::Terms, &[]);
    insert(&mut ctx, "groups", &groups);
    sink.push(Job {
        path: index.into(),
        template: "terms.html",
        title: "Index of terms".into(),
        kind: PageKind::Terms,
        context: ctx,
    });
}

/// A term's mentions grouped by page (pages first, then events and
/// sources), as seen from the term's page `path`.
fn mention_groups(path: &str, mentions: &[Mention]) -> Vec<MentionGroup> {
    let mut by_page: Vec<MentionGroup> = Vec::new();
    let mut pos: BTreeMap<&str, usize> = BTreeMap::new();
    for mention in mentions {
        let page = mention.page.target.split('#').next().unwrap_or("");
        let i = *pos.entry(page).or_insert_with(|| {
            by_page.push(MentionGroup {
                title: mention.page.title.clone(),
                href: urls::relative(path, page),
                kind: mention.page.kind,
                snippets: Vec::new(),
            });
            by_page.len() - 1
        });
        if by_page[i].snippets.len() < crate::model::MENTION_SNIPPETS {
            by_page[i].snippets.push(SnippetCtx {
                before: mention.before.clone(),
                hit: mention.hit.clone(),
                after: mention.after.clone(),
                href: urls::relative(path, &mention.page.target),
            });
        }
    }
    by_page.sort_by(|a, b| {
        kind_rank(a.kind)
            .cmp(&kind_rank(b.kind))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.href.cmp(&b.href))
    });
    by_page
}

fn term_job<'a>(base: &Base<'a>, t: &'a TermDoc) -> Job {
    let m = base.model;
    let index = urls::TERMS;
    let path = urls::term(&t.id);
    let mut ctx = base.context(&path, &t.name, PageKind::Term, &[("Index", index)]);
    insert(&mut ctx, "zh", &t.zh);
    insert(&mut ctx, "kind_label", t.kind.label());
    insert(&mut ctx, "aliases", &t.aliases);
    insert(&mut ctx, "definition", &t.def_page.html);
    Base::insert_notes(&mut ctx, &t.def_page, &format!("{}-def-", t.id));
    // The mentions are the bulk of a term page: made only if they changed.
    let shown: BTreeSet<&str> = t
        .mentions
        .iter()
        .map(|m| m.page.target.split('#').next().unwrap_or(""))
        .collect();
    insert(&mut ctx, "mentions_shown", &shown.len());
    insert_made(
        &mut ctx,
        "mentions",
        (path.as_str(), &t.mentions[..]),
        |(path, mentions)| mention_groups(path, mentions),
    );
    insert(&mut ctx, "mention_count", &t.mention_count);
    insert(&mut ctx, "mention_pages", &t.mention_pages);
    let events: Vec<EventCtx> = t
        .events
        .iter()
        .map(|&i| base.event(&path, &m.events[i]))
        .collect();
    insert(&mut ctx, "events", &events);
    Job {
        path,
        template: "term.html",
        title: t.name.clone(),
        kind: PageKind::Term,
        context: ctx,
    }
}

fn kind_rank(kind: PageKind) -> u8 {
    match kind {
        PageKind::Brief => 0,
        PageKind::Summary => 1,
        PageKind::Home | PageKind::Page => 2,
        PageKind::Event => 3,
        PageKind::Source => 4,
        _ => 5,
    }
}

fn tags_jobs<'a, T: Send>(base: &Base<'a>, sink: &mut Sink<'_, T>) {
    let m = base.model;
    let index = urls::TAGS;
    if base.wants(index) {
        let items: Vec<FilterOption> = m
            .tags
            .iter()
            .map(|(t, v)| FilterOption {
                value: urls::relative(index, &urls::tag(t)),
                label: t.clone(),
                count: v.len(),
            })
            .collect();
        let mut ctx = base.context(index, "Tags", PageKind::Tags, &[]);
        insert(&mut ctx, "items", &items);
        sink.push(Job {
            path: index.into(),
            template: "tags.html",
            title: "Tags".into(),
            kind: PageKind::Tags,
            context: ctx,
        });
    }
    for (t, refs) in &m.tags {
        let path = urls::tag(t);
        if !base.wants(&path) {
            continue;
        }
        let mut ctx = base.context(
            &path,
            &format!("Tag: {t}"),
            PageKind::Tag,
            &[("Tags", index)],
        );
        let items: Vec<BackCtx> = refs.iter().map(|r| back_ctx(&path, r)).collect();
        insert(&mut ctx, "tag", t);
        insert(&mut ctx, "items", &items);
        sink.push(Job {
            path,
            template: "tag.html",
            title: format!("Tag: {t}"),
            kind: PageKind::Tag,
            context: ctx,
        });
    }
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

#[derive(Serialize, Hash)]
struct PrintCtx<'a> {
    title: String,
    anchor: String,
    body: RenderedHtml<'a>,
    notes: Vec<Note>,
}

/// The print edition: home, every brief, the timeline and the source list on one page.
fn print_job<'a, T: Send>(base: &Base<'a>, sink: &mut Sink<'_, T>) {
    let m = base.model;
    let path = urls::PRINT;
    if !base.wants(path) {
        return;
    }
    let mut ctx = base.context(path, "Print edition", PageKind::Print, &[]);
    let sections: Vec<PrintCtx> = m
        .print
        .iter()
        .map(|s| PrintCtx {
            title: s.title.clone(),
            anchor: s.prefix.trim_end_matches('-').to_string(),
            body: RenderedHtml(&s.body),
            notes: notes(&s.body.citations, &s.prefix),
        })
        .collect();
    let events: Vec<EventCtx> = m.events.iter().map(|e| base.event(path, e)).collect();
    let sources: Vec<Link> = m
        .sources
        .iter()
        .map(|s| Link {
            title: s.display_title().to_string(),
            href: urls::relative(path, &urls::source(&s.slug)),
        })
        .collect();
    insert(&mut ctx, "sections", &sections);
    insert(&mut ctx, "omitted_briefs", &m.print_omitted);
    insert(&mut ctx, "events", &events);
    insert(&mut ctx, "sources", &sources);
    sink.push(Job {
        path: path.into(),
        template: "print.html",
        title: "Print edition".into(),
        kind: PageKind::Print,
        context: ctx,
    });
}

/// The path of a base URL, ending in `/`: `https://x.org/briefing` → `/briefing/`.
fn base_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}
