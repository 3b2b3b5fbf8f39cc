//! The walk over pulldown-cmark's events that makes the project's HTML:
//! stable ids on paragraphs, tight list items, table rows, headings and
//! footnotes, callouts, highlighted code, citations and checked links; raw HTML, images, deep nesting and
//! character references to characters no page may hold refused.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd,
};

use super::gloss::Glosses;
use super::rendered::{Paragraph, Rendered, TocEntry};
use super::{highlight, links, MdInput, Resolver};
use crate::diag::{Diagnostic, Span};
use crate::i18n::BodyWords;
use crate::text::controls::{self, Field};
use crate::text::ids::{heading_id, text_id, valid_id};

/// Markdown nested deeper than this is refused (it would only be an attack
/// on the renderer's stack or the reader's browser).
const MAX_NESTING: usize = 64;

/// Parsed Markdown: events with their byte ranges in the text.
type Events<'t> = [(Event<'t>, Range<usize>)];

/// Renders the events of `input`'s text.
pub(super) fn walk<'t>(
    input: &MdInput<'_>,
    resolver: &dyn Resolver,
    events: &Events<'t>,
    glosses: Glosses,
) -> Rendered {
    let mut w = Walk {
        input,
        resolver,
        events,
        glosses: glosses.by_link,
        malformed: glosses.malformed,
        items: Vec::new(),
        table: Table::default(),
        out: Vec::with_capacity(events.len()),
        r: Rendered::default(),
        used_ids: BTreeSet::new(),
        depth: 0,
        too_deep: false,
        links: Vec::new(),
    };
    for (range, message) in glosses.problems {
        w.error(&range, message);
    }
    let mut i = 0;
    while i < events.len() {
        i = w.step(i);
    }
    if w.too_deep {
        return w.r;
    }
    pulldown_cmark::html::push_html(&mut w.r.html, w.out.into_iter());
    w.r.ids.extend(w.used_ids);
    w.r
}

/// The state of one walk.
struct Walk<'w, 't> {
    input: &'w MdInput<'w>,
    resolver: &'w dyn Resolver,
    events: &'w Events<'t>,
    /// The events to write as HTML.
    out: Vec<Event<'t>>,
    r: Rendered,
    used_ids: BTreeSet<String>,
    depth: usize,
    too_deep: bool,
    /// What each open link becomes at its end.
    links: Vec<LinkEnd>,
    /// Glosses by the index of their citation's start event.
    glosses: std::collections::HashMap<usize, String>,
    /// Citations whose gloss is malformed (an error already).
    malformed: std::collections::HashSet<usize>,
    /// For each open list item: whether its `<li>` was written here (a
    /// tight item, which gets an id of its own) and must be closed here.
    items: Vec<bool>,
    /// The table being written (its rows and cells are written here).
    table: Table,
}

/// The state of a table while its rows are written: the alignment of each
/// column, whether the head row is open, and the next cell's column.
#[derive(Default)]
struct Table {
    aligns: Vec<Alignment>,
    head: bool,
    cell: usize,
}

/// What the end of an open link becomes.
enum LinkEnd {
    /// A real link: close it.
    Close,
    /// A citation (its marker HTML) or a dropped link (empty): the text
    /// was not wrapped in `<a>`, so the end emits this instead.
    Marker(String),
}

impl<'t> Walk<'_, 't> {
    /// Handles event `i`; returns the index of the next event to handle.
    fn step(&mut self, i: usize) -> usize {
        let events = self.events;
        let (ev, range) = &events[i];
        if let Event::Text(t) = ev {
            self.refuse_references(t, range);
        }
        match ev {
            Event::Start(tag) => return self.start(i, tag, range),
            Event::End(tag) => self.end(ev, tag),
            Event::Html(html) | Event::InlineHtml(html) => {
                let t = html.trim();
                if !(t.is_empty() || t.starts_with("<!--") && t.ends_with("-->")) {
                    self.error(
                        range,
                        "raw HTML is not allowed in content (write Markdown; HTML comments are allowed)",
                    );
                }
            }
            Event::FootnoteReference(name) => {
                let name = format!("{}{}", self.input.id_prefix, footnote_id(name));
                self.used_ids.insert(format!("fnref-{name}"));
                self.out.push(Event::FootnoteReference(CowStr::from(name)));
            }
            _ => self.out.push(ev.clone()),
        }
        i + 1
    }

    /// The start of a tag at event `i`; returns the next event to handle
    /// (past the tag's end when its contents are consumed here).
    fn start(&mut self, i: usize, tag: &Tag<'t>, range: &Range<usize>) -> usize {
        self.depth += 1;
        if self.depth > MAX_NESTING && !self.too_deep {
            self.too_deep = true;
            self.error(
                range,
                format!("Markdown nested more than {MAX_NESTING} levels deep"),
            );
        }
        match tag {
            Tag::Paragraph => self.paragraph(i),
            Tag::Heading {
                level, id, classes, ..
            } => self.heading(i, *level, id.as_deref(), !classes.is_empty(), range),
            Tag::BlockQuote(Some(kind)) => {
                let (class, label) = callout(*kind, self.resolver.words());
                let label = crate::text::html::escape(label);
                self.html(format!(
                    "<aside class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>"
                ));
            }
            Tag::CodeBlock(kind) => return self.code_block(i, kind),
            Tag::Link {
                dest_url, title, ..
            } => self.link(i, dest_url, title, range),
            Tag::Item => self.item(i),
            Tag::Table(aligns) => {
                self.table = Table {
                    aligns: aligns.clone(),
                    ..Table::default()
                };
                self.out.push(Event::Start(tag.clone()));
            }
            Tag::TableHead => self.row(i, true),
            Tag::TableRow => self.row(i, false),
            Tag::TableCell => self.cell(),
            Tag::Image { .. } => {
                self.error(
                    range,
                    "images are not supported: a briefing page links to its sources instead",
                );
                self.depth -= 1;
                return matching_end(self.events, i) + 1;
            }
            Tag::HtmlBlock => {}
            Tag::FootnoteDefinition(name) => {
                // Footnote ids carry the prefix too (several pages on one page).
                let name = format!("{}{}", self.input.id_prefix, footnote_id(name));
                self.used_ids.insert(name.clone());
                self.out
                    .push(Event::Start(Tag::FootnoteDefinition(CowStr::from(name))));
            }
            _ => self.out.push(Event::Start(tag.clone())),
        }
        i + 1
    }

    fn end(&mut self, ev: &Event<'t>, tag: &TagEnd) {
        self.depth = self.depth.saturating_sub(1);
        match tag {
            TagEnd::Paragraph => {
                self.html(if self.input.inline {
                    "</span>"
                } else {
                    "</p>\n"
                });
            }
            TagEnd::Heading(level) => {
                self.html(format!("</h{}>\n", heading_level(*level)));
            }
            TagEnd::BlockQuote(Some(_)) => self.html("</aside>\n"),
            TagEnd::Item => {
                if self.items.pop() == Some(true) {
                    self.html("</li>\n");
                } else {
                    self.out.push(ev.clone());
                }
            }
            TagEnd::TableHead => {
                self.table.head = false;
                self.html("</tr></thead><tbody>\n");
            }
            TagEnd::TableRow => {
                self.html("</tr>\n");
            }
            TagEnd::TableCell => {
                self.table.cell += 1;
                self.html(if self.table.head { "</th>" } else { "</td>" });
            }
            TagEnd::HtmlBlock => {}
            TagEnd::Link => match self.links.pop() {
                Some(LinkEnd::Marker(html)) => {
                    if !html.is_empty() {
                        self.html(html);
                    }
                }
                Some(LinkEnd::Close) | None => self.out.push(ev.clone()),
            },
            _ => self.out.push(ev.clone()),
        }
    }

    /// A paragraph gets the id of its text (and the page's prefix).
    fn paragraph(&mut self, i: usize) {
        let end = matching_end(self.events, i);
        let text = plain_text(&self.events[i + 1..end]);
        let id = self.unique(format!("{}{}", self.input.id_prefix, text_id(&text)));
        if self.input.inline {
            self.html(format!("<span id=\"{id}\">"));
        } else {
            self.html(format!("<p id=\"{id}\">"));
        }
        self.r.paragraphs.push(Paragraph { id, text });
    }

    /// A tight list item (its text not in a paragraph) gets the id of its
    /// text, like a paragraph, and counts as one (for citations, the term
    /// index and search); a loose one's paragraphs get theirs.
    fn item(&mut self, i: usize) {
        let tight = !matches!(
            self.events.get(i + 1),
            Some((Event::Start(Tag::Paragraph), _))
        );
        self.items.push(tight);
        if !tight {
            self.out.push(Event::Start(Tag::Item));
            return;
        }
        let end = matching_end(self.events, i);
        // The item's own text: up to a list nested in it.
        let own = self.events[i + 1..end]
            .iter()
            .position(|(e, _)| matches!(e, Event::Start(Tag::List(_))))
            .map_or(end, |k| i + 1 + k);
        let text = plain_text(&self.events[i + 1..own]);
        let id = self.unique(format!("{}{}", self.input.id_prefix, text_id(&text)));
        self.html(format!("<li id=\"{id}\">"));
        self.r.paragraphs.push(Paragraph { id, text });
    }

    /// A table row (the head row too) gets the id of its text, its cells'
    /// texts joined by ` · `, and counts as a paragraph (for citations, the
    /// term index and search), as a tight list item does. Rows and cells are
    /// written here, not by pulldown-cmark's writer, which gives a row no
    /// id; a column's alignment is a class (`align-center`), as the pages'
    /// Content-Security-Policy allows no inline style.
    fn row(&mut self, i: usize, head: bool) {
        let end = matching_end(self.events, i);
        let mut cells = Vec::new();
        let mut j = i + 1;
        while j < end {
            let cell_end = matching_end(self.events, j);
            let text = plain_text(&self.events[j + 1..cell_end]);
            if !text.is_empty() {
                cells.push(text);
            }
            j = cell_end + 1;
        }
        let text = cells.join(" · ");
        let id = self.unique(format!("{}{}", self.input.id_prefix, text_id(&text)));
        self.table.head = head;
        self.table.cell = 0;
        self.html(if head {
            format!("<thead><tr id=\"{id}\">")
        } else {
            format!("<tr id=\"{id}\">")
        });
        self.r.paragraphs.push(Paragraph { id, text });
    }

    /// A table cell: `th` in the head row, `td` below, with its column's
    /// alignment.
    fn cell(&mut self) {
        let tag = if self.table.head { "th" } else { "td" };
        let class = match self.table.aligns.get(self.table.cell) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            _ => "",
        };
        self.html(format!("<{tag}{class}>"));
    }

    /// A heading gets its author's id or one made from its text, an anchor
    /// link, and a place in the table of contents (levels 1 to 3).
    fn heading(
        &mut self,
        i: usize,
        level: HeadingLevel,
        id: Option<&str>,
        has_classes: bool,
        range: &Range<usize>,
    ) {
        let end = matching_end(self.events, i);
        let title = plain_text(&self.events[i + 1..end]);
        let base = match id {
            Some(id) if valid_id(id) => id.to_string(),
            Some(id) => {
                self.error(
                    range,
                    format!("heading id `{id}` may only use letters, digits, '-' and '_'"),
                );
                heading_id(&title)
            }
            None => heading_id(&title),
        };
        let hid = self.unique(format!("{}{base}", self.input.id_prefix));
        if has_classes {
            self.warning(range, "heading classes are ignored");
        }
        let lvl = heading_level(level);
        if lvl == 1 {
            self.warning(
                range,
                "a level-1 heading in the body: the page title is the only <h1>; use ## for sections",
            );
        }
        if lvl <= 3 {
            self.r.toc.push(TocEntry {
                level: lvl,
                id: hid.clone(),
                title,
            });
        }
        self.html(format!(
            "<h{lvl} id=\"{hid}\"><a class=\"anchor\" href=\"#{hid}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
        ));
    }

    /// A code block, highlighted; its events are consumed here.
    fn code_block(&mut self, i: usize, kind: &CodeBlockKind<'_>) -> usize {
        let end = matching_end(self.events, i);
        let code: String = self.events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let lang = match kind {
            CodeBlockKind::Fenced(l) => l.split([' ', ',']).next().unwrap_or(""),
            CodeBlockKind::Indented => "",
        };
        self.html(highlight::code_block(&code, lang));
        self.depth -= 1;
        end + 1
    }

    /// A link: a citation becomes a marker after its text, an internal link
    /// is resolved, a bad link is dropped (its text kept).
    fn link(&mut self, i: usize, dest: &str, title: &CowStr<'t>, range: &Range<usize>) {
        self.refuse_references(dest, range);
        self.refuse_references(title, range);
        let span = self.span(range);
        if let Some(rest) = dest.strip_prefix("source:") {
            let cite = links::Cite {
                target: rest,
                quote: title,
                gloss: self.glosses.remove(&i),
                gloss_written: self.malformed.contains(&i),
                span,
            };
            let marker = links::cite(self.input, self.resolver, cite, &mut self.r);
            // The link text stays as text (checked like any other by the
            // walk); the marker follows it.
            self.links.push(LinkEnd::Marker(marker));
            return;
        }
        match links::href(self.input, self.resolver, dest, &mut self.r, span) {
            Some(href) => {
                self.links.push(LinkEnd::Close);
                self.out.push(Event::Start(Tag::Link {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url: CowStr::from(href),
                    title: title.clone(),
                    id: CowStr::from(""),
                }));
            }
            // Keep the text, drop the link.
            None => self.links.push(LinkEnd::Marker(String::new())),
        }
    }

    /// The file's own text was checked for control characters when it was
    /// read, so one in a parsed text can only come from a character
    /// reference (`&#7;`, `&#x1b;`): refused, at the first reference of
    /// `range`, for the same reasons (XML cannot hold it, terminals act on
    /// it).
    fn refuse_references(&mut self, text: &str, range: &Range<usize>) {
        let Some(found) = controls::check(text, Field::Prose) else {
            return;
        };
        let source = self.input.text.get(range.clone()).unwrap_or("");
        let at = source.find("&#").map_or(range.start, |k| range.start + k);
        let end = self.input.text[at..]
            .find(';')
            .map_or(range.end, |k| at + k + 1);
        self.error(
            &(at..end),
            format!(
                "a character reference to {}, which no page may hold; remove it",
                found.describe()
            ),
        );
    }

    fn html(&mut self, html: impl Into<CowStr<'t>>) {
        self.out.push(Event::Html(html.into()));
    }

    /// `base`, or `base-2`, `base-3`… if it is taken.
    fn unique(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut n = 1;
        while self.used_ids.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used_ids.insert(id.clone());
        id
    }

    /// The position of byte range `range` of the text in its file.
    fn span(&self, range: &Range<usize>) -> Span {
        let input = self.input;
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
    }

    fn error(&mut self, range: &Range<usize>, message: impl Into<String>) {
        let d = Diagnostic::at(self.span(range), message);
        self.r.diagnostics.push(d);
    }

    fn warning(&mut self, range: &Range<usize>, message: impl Into<String>) {
        let d = Diagnostic::warning(Some(self.span(range)), message);
        self.r.diagnostics.push(d);
    }
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
fn matching_end(events: &Events<'_>, start: usize) -> usize {
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
fn plain_text(events: &Events<'_>) -> String {
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

/// The class and title of a GitHub-style callout.
fn callout(kind: BlockQuoteKind, titles: &BodyWords) -> (&'static str, &str) {
    match kind {
        BlockQuoteKind::Note => ("note", &titles.note),
        BlockQuoteKind::Tip => ("tip", &titles.tip),
        BlockQuoteKind::Important => ("important", &titles.important),
        BlockQuoteKind::Warning => ("warning", &titles.warning),
        BlockQuoteKind::Caution => ("caution", &titles.caution),
    }
}
