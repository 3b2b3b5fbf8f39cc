//! Markdown to HTML with the project's extensions: citations
//! (`[text](source:slug "quote")`), internal links (`@/path.md#anchor`),
//! callouts (`> [!NOTE]`), stable paragraph and heading ids, and fenced code
//! highlighted with CSS classes. Raw HTML is refused (see SECURITY.md).

use std::collections::BTreeSet;
use std::path::Path;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::diag::{Diagnostic, Span};
use crate::model::citations;
use crate::render::highlight;
use crate::sources::Source;
use crate::text::html::escape;
use crate::text::ids::{heading_id, text_id, valid_id};
use crate::urls;

/// What the Markdown renderer needs to know about the rest of the site.
pub trait Resolver: Sync {
    /// A source by slug.
    fn source(&self, slug: &str) -> Option<&Source>;
    /// The output path of an internal link target written as `@/<target>`
    /// (without the `@/` and without the anchor), e.g. `briefs/x.md`.
    fn internal(&self, target: &str) -> Option<String>;
}

/// Where a piece of Markdown comes from and where it is rendered to.
pub struct MdInput<'a> {
    /// File path (relative to the site root) for error positions.
    pub path: &'a Path,
    pub text: &'a str,
    /// Line of the file where `text` starts.
    pub base_line: usize,
    /// Output path of the page the HTML goes into.
    pub page: &'a str,
    /// Number the first citation gets (several fields of one page share notes).
    pub first_note: usize,
    /// Inline mode: render a single paragraph without `<p>` (definitions).
    pub inline: bool,
    /// Columns before `text` on its first line (Markdown inside a TOML string).
    pub base_col: usize,
    /// Prefix for every id the HTML defines, when several pieces of Markdown
    /// share one page (events on the timeline, definitions on the index).
    pub id_prefix: &'a str,
}

#[derive(Debug, Clone, Hash, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A paragraph of rendered Markdown: its anchor and plain text (for the term
/// index and search).
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub id: String,
    pub text: String,
}

/// A resolved citation.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Citation {
    pub n: usize,
    pub source: String,
    /// The source's title as shown, and the language of the cited block.
    pub source_title: String,
    pub lang: &'static str,
    pub block: String,
    pub quote: String,
    /// Relative URL of the cited paragraph from the citing page.
    pub href: String,
    /// Paragraph of the citing page that holds the citation.
    pub from_paragraph: String,
}

/// An internal link to check once every page's anchors are known.
#[derive(Debug, Clone)]
pub struct LinkRef {
    /// Output path of the target page.
    pub target: String,
    pub anchor: Option<String>,
    pub span: Span,
}

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub paragraphs: Vec<Paragraph>,
    pub citations: Vec<Citation>,
    pub links: Vec<LinkRef>,
    /// Every id the HTML defines (for anchor checks).
    pub ids: BTreeSet<String>,
    pub has_code: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// A hash of `html`, worked out on first use (by `serve`, to tell an
    /// unchanged page without hashing its whole text every rebuild).
    html_hash: std::sync::OnceLock<u64>,
    /// In `serve`: the hash of everything this render was made from (0 when
    /// not known), which stands for its text in later caches.
    pub memo_key: u64,
}

impl Rendered {
    pub fn html_hash(&self) -> u64 {
        *self
            .html_hash
            .get_or_init(|| crate::fingerprint::of(&self.html))
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Markdown nested deeper than this is refused (it would only be an attack
/// on the renderer's stack or the reader's browser).
const MAX_NESTING: usize = 64;

/// Renders Markdown. Problems are returned in `Rendered::diagnostics`.
pub fn render(input: &MdInput<'_>, resolver: &dyn Resolver) -> Rendered {
    let mut r = Rendered::default();
    // pulldown-cmark 0.13.6 can panic on some input when heading attributes
    // are enabled (found by fuzzing): such text is parsed again without them.
    let parse = |opts: Options| {
        std::panic::catch_unwind(|| {
            Parser::new_ext(input.text, opts)
                .into_offset_iter()
                .collect::<Vec<_>>()
        })
    };
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = match parse(options()) {
        Ok(ev) => ev,
        Err(_) => match parse(options() - Options::ENABLE_HEADING_ATTRIBUTES) {
            Ok(ev) => ev,
            Err(_) => {
                r.diagnostics.push(Diagnostic::at(
                    Span::new(input.path, input.base_line, 1),
                    "the Markdown parser cannot read this text (pulldown-cmark failed); simplify its structure",
                ));
                return r;
            }
        },
    };
    let span_of = |range: &std::ops::Range<usize>| {
        let mut span = Span::of_range(
            input.path,
            input.text,
            range.start,
            range.end,
            input.base_line,
        );
        if span.line == input.base_line {
            span.col += input.base_col;
        }
        span
    };

    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    let mut depth = 0usize;
    let mut too_deep = false;
    let mut i = 0;
    // The paragraph currently open (index into r.paragraphs).
    let mut current_para: Option<usize> = None;
    // What each open link becomes at its end.
    let mut links: Vec<LinkEnd> = Vec::new();
    while i < events.len() {
        let (ev, range) = &events[i];
        match ev {
            Event::Start(tag) => {
                depth += 1;
                if depth > MAX_NESTING && !too_deep {
                    too_deep = true;
                    r.diagnostics.push(Diagnostic::at(
                        span_of(range),
                        format!("Markdown nested more than {MAX_NESTING} levels deep"),
                    ));
                }
                match tag {
                    Tag::Paragraph => {
                        let end = matching_end(&events, i);
                        let text = plain_text(&events[i + 1..end]);
                        let id = unique(
                            &mut used_ids,
                            format!("{}{}", input.id_prefix, text_id(&text)),
                        );
                        if input.inline {
                            out.push(Event::Html(CowStr::from(format!("<span id=\"{id}\">"))));
                        } else {
                            out.push(Event::Html(CowStr::from(format!("<p id=\"{id}\">"))));
                        }
                        current_para = Some(r.paragraphs.len());
                        r.paragraphs.push(Paragraph { id, text });
                    }
                    Tag::Heading {
                        level, id, classes, ..
                    } => {
                        let end = matching_end(&events, i);
                        let title = plain_text(&events[i + 1..end]);
                        let base = match id {
                            Some(id) if valid_id(id) => id.to_string(),
                            Some(id) => {
                                r.diagnostics.push(Diagnostic::at(
                                    span_of(range),
                                    format!("heading id `{id}` may only use letters, digits, '-' and '_'"),
                                ));
                                heading_id(&title)
                            }
                            None => heading_id(&title),
                        };
                        let hid = unique(&mut used_ids, format!("{}{base}", input.id_prefix));
                        if !classes.is_empty() {
                            r.diagnostics.push(Diagnostic::warning(
                                Some(span_of(range)),
                                "heading classes are ignored",
                            ));
                        }
                        let lvl = heading_level(*level);
                        if lvl == 1 {
                            r.diagnostics.push(Diagnostic::warning(
                                Some(span_of(range)),
                                "a level-1 heading in the body: the page title is the only <h1>; use ## for sections",
                            ));
                        }
                        if lvl <= 3 {
                            r.toc.push(TocEntry {
                                level: lvl,
                                id: hid.clone(),
                                title: title.clone(),
                            });
                        }
                        out.push(Event::Html(CowStr::from(format!(
                            "<h{lvl} id=\"{hid}\"><a class=\"anchor\" href=\"#{hid}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
                        ))));
                    }
                    Tag::BlockQuote(Some(kind)) => {
                        let (class, label) = callout(*kind);
                        out.push(Event::Html(CowStr::from(format!(
                            "<aside class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>"
                        ))));
                    }
                    Tag::CodeBlock(kind) => {
                        let end = matching_end(&events, i);
                        let code: String = events[i + 1..end]
                            .iter()
                            .filter_map(|(e, _)| {
                                if let Event::Text(t) = e {
                                    Some(t.as_ref())
                                } else {
                                    None
                                }
                            })
                            .collect();
                        let lang = match kind {
                            CodeBlockKind::Fenced(l) => {
                                l.split([' ', ',']).next().unwrap_or("").to_string()
                            }
                            CodeBlockKind::Indented => String::new(),
                        };
                        r.has_code = true;
                        out.push(Event::Html(CowStr::from(highlight::code_block(
                            &code, &lang,
                        ))));
                        i = end + 1;
                        depth -= 1;
                        continue;
                    }
                    Tag::Link {
                        dest_url, title, ..
                    } => {
                        if let Some(rest) = dest_url.strip_prefix("source:") {
                            let cite = cite(
                                input,
                                resolver,
                                rest,
                                title,
                                &mut r,
                                current_para,
                                span_of(range),
                            );
                            // The link text stays as text (checked like any
                            // other by this loop); the marker follows it.
                            links.push(LinkEnd::Marker(cite));
                        } else {
                            match link_href(input, resolver, dest_url, &mut r, span_of(range)) {
                                Some(href) => {
                                    links.push(LinkEnd::Close);
                                    out.push(Event::Start(Tag::Link {
                                        link_type: pulldown_cmark::LinkType::Inline,
                                        dest_url: CowStr::from(href),
                                        title: title.clone(),
                                        id: CowStr::from(""),
                                    }));
                                }
                                // Keep the text, drop the link.
                                None => links.push(LinkEnd::Marker(String::new())),
                            }
                        }
                    }
                    Tag::Image { .. } => {
                        r.diagnostics.push(Diagnostic::at(
                            span_of(range),
                            "images are not supported: a briefing page links to its sources instead",
                        ));
                        let end = matching_end(&events, i);
                        i = end + 1;
                        depth -= 1;
                        continue;
                    }
                    Tag::HtmlBlock => {}
                    Tag::FootnoteDefinition(name) => {
                        // Footnote ids carry the prefix too (several pages on one page).
                        let name = format!("{}{}", input.id_prefix, footnote_id(name));
                        used_ids.insert(name.clone());
                        out.push(Event::Start(Tag::FootnoteDefinition(CowStr::from(name))));
                    }
                    _ => out.push(ev.clone()),
                }
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                match tag {
                    TagEnd::Paragraph => {
                        current_para = None;
                        out.push(Event::Html(CowStr::from(if input.inline {
                            "</span>"
                        } else {
                            "</p>\n"
                        })));
                    }
                    TagEnd::Heading(level) => {
                        out.push(Event::Html(CowStr::from(format!(
                            "</h{}>\n",
                            heading_level(*level)
                        ))));
                    }
                    TagEnd::BlockQuote(Some(_)) => {
                        out.push(Event::Html(CowStr::from("</aside>\n")))
                    }
                    TagEnd::HtmlBlock => {}
                    TagEnd::Link => match links.pop() {
                        Some(LinkEnd::Marker(html)) => {
                            if !html.is_empty() {
                                out.push(Event::Html(CowStr::from(html)));
                            }
                        }
                        Some(LinkEnd::Close) | None => out.push(ev.clone()),
                    },
                    _ => out.push(ev.clone()),
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let t = html.trim();
                if !(t.is_empty() || t.starts_with("<!--") && t.ends_with("-->")) {
                    r.diagnostics.push(Diagnostic::at(
                        span_of(range),
                        "raw HTML is not allowed in content (write Markdown; HTML comments are allowed)",
                    ));
                }
            }
            Event::FootnoteReference(name) => {
                let name = format!("{}{}", input.id_prefix, footnote_id(name));
                used_ids.insert(format!("fnref-{name}"));
                out.push(Event::FootnoteReference(CowStr::from(name)));
            }
            _ => out.push(ev.clone()),
        }
        i += 1;
    }
    if too_deep {
        return r;
    }
    pulldown_cmark::html::push_html(&mut r.html, out.into_iter());
    r.ids.extend(used_ids);
    r
}

/// What the end of an open link becomes.
enum LinkEnd {
    /// A real link: close it.
    Close,
    /// A citation (its marker HTML) or a dropped link (empty): the text
    /// was not wrapped in `<a>`, so the end emits this instead.
    Marker(String),
}

/// The id of a footnote from its label, which may hold any text: a label
/// that is a valid id is kept (lowercased, as labels match regardless of
/// case); any other becomes `fn-` and a hash of the label.
fn footnote_id(label: &str) -> String {
    let folded = label.to_lowercase();
    if valid_id(&folded) {
        folded
    } else {
        format!("fn-{}", &text_id(&folded)[2..])
    }
}

/// Index of the `End` event matching the `Start` at `start`.
fn matching_end(events: &[(Event<'_>, std::ops::Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// The text a reader sees, without markup or citation quotes.
fn plain_text(events: &[(Event<'_>, std::ops::Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

fn unique(used: &mut BTreeSet<String>, base: String) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used.insert(id.clone());
    id
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Discrepancy"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Resolves a citation and returns the marker HTML.
fn cite(
    input: &MdInput<'_>,
    resolver: &dyn Resolver,
    target: &str,
    quote: &str,
    r: &mut Rendered,
    para: Option<usize>,
    span: Span,
) -> String {
    let (slug, hint) = match target.split_once('#') {
        Some((s, h)) => (s, Some(h)),
        None => (target, None),
    };
    let Some(source) = resolver.source(slug) else {
        r.diagnostics.push(Diagnostic::at(
            span,
            format!("unknown source `{slug}` in citation"),
        ));
        return String::new();
    };
    match citations::locate(source, quote, hint) {
        Ok(idx) => {
            let n = input.first_note + r.citations.len();
            let block = &source.blocks[idx];
            let href = format!(
                "{}#{}",
                urls::relative(input.page, &urls::page_path(&format!("sources/{slug}"))),
                block.id
            );
            let html = format!(
                "<sup class=\"cite\" id=\"cite-{p}{n}\"><a href=\"{href}\" data-quote=\"{q}\" aria-label=\"Source {n}: {t}\">[{n}]</a></sup>",
                p = input.id_prefix,
                q = escape(quote),
                t = escape(source.display_title()),
            );
            r.citations.push(Citation {
                n,
                source: slug.to_string(),
                source_title: source.display_title().to_string(),
                lang: block.lang,
                block: block.id.clone(),
                quote: quote.to_string(),
                href,
                from_paragraph: para.map(|p| r.paragraphs[p].id.clone()).unwrap_or_default(),
            });
            r.ids.insert(format!("cite-{}{n}", input.id_prefix));
            html
        }
        Err(e) => {
            r.diagnostics
                .push(Diagnostic::at(span, e.message(slug, quote)));
            String::new()
        }
    }
}

/// Checks and rewrites a link target. `None` drops the link (after an error).
fn link_href(
    input: &MdInput<'_>,
    resolver: &dyn Resolver,
    dest: &str,
    r: &mut Rendered,
    span: Span,
) -> Option<String> {
    if let Some(rest) = dest.strip_prefix("@/") {
        let (path, anchor) = match rest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (rest, None),
        };
        match resolver.internal(path) {
            Some(target) => {
                let href = match &anchor {
                    Some(a) => format!("{}#{a}", urls::relative(input.page, &target)),
                    None => urls::relative(input.page, &target),
                };
                r.links.push(LinkRef {
                    target,
                    anchor,
                    span,
                });
                Some(href)
            }
            None => {
                r.diagnostics.push(Diagnostic::at(
                    span,
                    format!("broken internal link: no page `@/{path}`"),
                ));
                None
            }
        }
    } else if let Some(anchor) = dest.strip_prefix('#') {
        // Ids of this piece of Markdown carry its prefix; so do links to them.
        let anchor = format!("{}{anchor}", input.id_prefix);
        let href = format!("#{anchor}");
        r.links.push(LinkRef {
            target: input.page.to_string(),
            anchor: Some(anchor),
            span,
        });
        Some(href)
    } else {
        let lower = dest.to_ascii_lowercase();
        if lower.starts_with("https://")
            || lower.starts_with("http://")
            || lower.starts_with("mailto:")
        {
            Some(dest.to_string())
        } else if lower.contains(':') {
            r.diagnostics.push(Diagnostic::at(
                span,
                format!("link scheme not allowed: `{dest}` (only https, http and mailto links, `@/` internal links and `source:` citations)"),
            ));
            None
        } else {
            r.diagnostics.push(Diagnostic::at(
                span,
                format!("relative link `{dest}`: write internal links as `@/<path under content/>` so they can be checked"),
            ));
            None
        }
    }
}
