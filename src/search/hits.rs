//! What is indexed: every text a reader sees that the model holds, as
//! *hits* — the units a result links to — each with its fields.
//!
//! - a page (brief, summary, other page, source): one hit for the page
//!   itself (its title; the summary shown under it), then one per heading
//!   of its table of contents and one per paragraph, in the order of the
//!   page, each paragraph labelled with the nearest heading above it;
//! - an event: one hit (its title, its description);
//! - a term: one hit for its page (name, Chinese name, every alias; its
//!   definition);
//! - a source: one hit for its page (titles; publisher, author, keywords),
//!   one per heading or label block, one per other block.
//!
//! Blocks are taken from `Rendered::paragraphs` whatever Markdown made them
//! (paragraphs today; list items, table cells and captions once the renderer
//! gives them ids), and a block whose id is also a heading of the table of
//! contents is indexed once, as that heading.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::content::markdown::{Paragraph, Rendered, TocEntry};
use crate::model::{EventDoc, Model, PageDoc, TermDoc};
use crate::sources::structure::{Block as SourceBlock, BlockKind};
use crate::sources::Source;
use crate::urls;

use super::clean::{clean, preview};

/// Characters of the preview shown for a hit that has no text of its own
/// (a page without a summary, a heading): the start of the block below it.
const PREVIEW_CHARS: usize = 160;

/// The kinds of result, in the order their hits are numbered; the browser
/// labels them with the words the search page gives (`data-kind-*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Brief,
    Summary,
    Page,
    Event,
    Term,
    Source,
}

impl Kind {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Kind::Brief => "brief",
            Kind::Summary => "summary",
            Kind::Page => "page",
            Kind::Event => "event",
            Kind::Term => "term",
            Kind::Source => "source",
        }
    }
}

/// The fields of BM25F. A hit may have several entries of one field (a
/// term's name and aliases); their lengths add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// A term's name, Chinese name and aliases.
    Name,
    /// A page's or source's title.
    Title,
    /// A heading, a source's heading block, an event's title.
    Heading,
    /// Everything else: paragraphs, definitions, summaries, descriptions.
    Body,
}

impl Field {
    pub(super) const ALL: [Field; 4] = [Field::Name, Field::Title, Field::Heading, Field::Body];

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// Where hits point: a page's title and root-relative URL.
pub(super) struct Place<'a> {
    pub title: Cow<'a, str>,
    pub url: Cow<'a, str>,
}

/// The text a result shows under its label.
pub(super) enum Shown<'a> {
    /// The text of field number `n` of the hit.
    Field(usize),
    /// A text of its own (a preview of the block below a heading).
    Own(Cow<'a, str>),
}

/// One result: a place, an anchor in it, the heading it sits under, its
/// fields and the text it shows.
pub(super) struct Hit<'a> {
    pub place: usize,
    /// Fragment without `#`; empty for the top of the page.
    pub anchor: &'a str,
    /// The nearest heading above (for a heading: itself), shown as
    /// "Page › Section".
    pub section: Option<Cow<'a, str>>,
    pub fields: Vec<(Field, Cow<'a, str>)>,
    pub shown: Shown<'a>,
}

impl Hit<'_> {
    pub(super) fn shown(&self) -> &str {
        match &self.shown {
            Shown::Field(n) => self.fields.get(*n).map_or("", |(_, t)| t),
            Shown::Own(t) => t,
        }
    }
}

/// Everything to index, hits numbered by kind (in [`Kind`] order), then
/// document, then position in the document.
#[derive(Default)]
pub(super) struct Collected<'a> {
    pub places: Vec<Place<'a>>,
    pub hits: Vec<Hit<'a>>,
    /// The first hit of each kind.
    pub kinds: Vec<(Kind, usize)>,
    /// Each term's hit and names (name, Chinese name, aliases): the browser
    /// boosts a query that is one of them and suggests them when nothing is
    /// found.
    pub terms: Vec<(usize, Vec<&'a str>)>,
}

/// Collects the hits of `model` (see the module documentation).
pub(super) fn collect(model: &Model) -> Collected<'_> {
    let mut c = Collected::default();
    for (kind, of) in [
        (Kind::Brief, &["brief"][..]),
        (Kind::Summary, &["summary"][..]),
        (Kind::Page, &["page", "home"][..]),
    ] {
        c.kinds.push((kind, c.hits.len()));
        for p in model.pages.iter().filter(|p| of.contains(&p.kind())) {
            page_hits(&mut c, p);
        }
    }
    c.kinds.push((Kind::Event, c.hits.len()));
    for e in &model.events {
        event_hit(&mut c, e);
    }
    c.kinds.push((Kind::Term, c.hits.len()));
    for t in &model.terms {
        term_hit(&mut c, t);
    }
    c.kinds.push((Kind::Source, c.hits.len()));
    for s in &model.sources {
        source_hits(&mut c, s);
    }
    c
}

/// A block of a rendered body, in page order.
#[derive(Debug)]
enum Block<'a> {
    Heading(&'a TocEntry),
    Para(&'a Paragraph),
}

/// The headings of `body`'s table of contents and its paragraphs (blocks),
/// merged in the order of the page: where each id is defined in the HTML.
/// (Both lists are in page order already; a block that is also a heading
/// is left out of the blocks.)
fn in_order(body: &Rendered) -> Vec<Block<'_>> {
    let headings: HashSet<&str> = body.toc.iter().map(|t| t.id.as_str()).collect();
    let paras = body
        .paragraphs
        .iter()
        .filter(|p| !headings.contains(p.id.as_str()));
    if body.toc.is_empty() {
        return paras.map(Block::Para).collect();
    }
    // Where the HTML defines each id: searched forward from the previous
    // one of the same list, so the whole body is read about twice.
    let positions = |ids: &mut dyn Iterator<Item = &str>| -> Vec<usize> {
        let mut at = 0;
        ids.map(|id| {
            let needle = format!("id=\"{id}\"");
            if let Some(i) = body.html[at..].find(&needle) {
                at += i + needle.len();
            }
            at
        })
        .collect()
    };
    let paras: Vec<&Paragraph> = paras.collect();
    let hpos = positions(&mut body.toc.iter().map(|t| t.id.as_str()));
    let ppos = positions(&mut paras.iter().map(|p| p.id.as_str()));
    let mut out = Vec::with_capacity(hpos.len() + ppos.len());
    let (mut h, mut p) = (0, 0);
    while h < hpos.len() || p < ppos.len() {
        if p == ppos.len() || (h < hpos.len() && hpos[h] <= ppos[p]) {
            out.push(Block::Heading(&body.toc[h]));
            h += 1;
        } else {
            out.push(Block::Para(paras[p]));
            p += 1;
        }
    }
    out
}

/// A paragraph's hit: its text as the one body field, shown as it is.
fn para_hit<'a>(place: usize, anchor: &'a str, section: Option<Cow<'a, str>>, text: &'a str) -> Hit<'a> {
    Hit {
        place,
        anchor,
        section,
        fields: vec![(Field::Body, clean(text))],
        shown: Shown::Field(0),
    }
}

/// A page: its own hit, then its headings and blocks.
fn page_hits<'a>(c: &mut Collected<'a>, p: &'a PageDoc) {
    let place = c.places.len();
    c.places.push(Place {
        title: clean(&p.page.meta.title),
        url: Cow::Borrowed(&p.out),
    });
    let blocks = in_order(&p.body);
    let first_para = blocks.iter().find_map(|b| match b {
        Block::Para(para) => Some(para.text.as_str()),
        Block::Heading(_) => None,
    });
    let mut fields = vec![(Field::Title, clean(&p.page.meta.title))];
    let shown = match p.page.meta.summary.as_deref() {
        Some(summary) => {
            fields.push((Field::Body, clean(summary)));
            Shown::Field(1)
        }
        None => Shown::Own(preview_of(first_para)),
    };
    c.hits.push(Hit {
        place,
        anchor: "",
        section: None,
        fields,
        shown,
    });
    let mut section: Option<Cow<'a, str>> = None;
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Heading(t) => {
                let title = clean(&t.title);
                let below = blocks[i + 1..].first().and_then(|b| match b {
                    Block::Para(para) => Some(para.text.as_str()),
                    Block::Heading(_) => None,
                });
                c.hits.push(Hit {
                    place,
                    anchor: &t.id,
                    section: Some(title.clone()),
                    fields: vec![(Field::Heading, title.clone())],
                    shown: Shown::Own(preview_of(below)),
                });
                section = Some(title);
            }
            Block::Para(para) => c.hits.push(para_hit(place, &para.id, section.clone(), &para.text)),
        }
    }
}

fn preview_of(text: Option<&str>) -> Cow<'_, str> {
    match text.map(clean) {
        Some(Cow::Borrowed(t)) => preview(t, PREVIEW_CHARS),
        Some(Cow::Owned(t)) => Cow::Owned(preview(&t, PREVIEW_CHARS).into_owned()),
        None => Cow::Borrowed(""),
    }
}

/// The paragraphs of a body as one text (an event's description, a term's
/// definition: short, and one result each).
fn joined(body: &Rendered) -> Cow<'_, str> {
    match body.paragraphs.as_slice() {
        [] => Cow::Borrowed(""),
        [one] => clean(&one.text),
        many => Cow::Owned(
            many.iter()
                .map(|p| clean(&p.text))
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

/// An event: one hit on the timeline, labelled with its title and date.
fn event_hit<'a>(c: &mut Collected<'a>, e: &'a EventDoc) {
    let place = c.places.len();
    let title = clean(&e.event.meta.title);
    c.places.push(Place {
        title: title.clone(),
        url: Cow::Owned(urls::page_path("timeline")),
    });
    // As the timeline shows it.
    let date = e.event.date.display();
    let date = if e.event.meta.approximate {
        format!("c. {date}")
    } else {
        date
    };
    c.hits.push(Hit {
        place,
        anchor: &e.event.slug,
        section: Some(Cow::Owned(date)),
        fields: vec![(Field::Heading, title), (Field::Body, joined(&e.body))],
        shown: Shown::Field(1),
    });
}

/// A term: one hit for its page, its names as fields of their own.
fn term_hit<'a>(c: &mut Collected<'a>, t: &'a TermDoc) {
    let place = c.places.len();
    let title = if t.zh.is_empty() || t.zh == t.name {
        Cow::Borrowed(t.name.as_str())
    } else {
        Cow::Owned(format!("{} ({})", t.name, t.zh))
    };
    c.places.push(Place {
        title,
        url: Cow::Owned(urls::page_path(&format!("terms/{}", t.id))),
    });
    let mut names: Vec<&str> = vec![&t.name];
    if !t.zh.is_empty() && t.zh != t.name {
        names.push(&t.zh);
    }
    names.extend(t.aliases.iter().map(String::as_str));
    let mut fields: Vec<(Field, Cow<str>)> = names.iter().map(|n| (Field::Name, clean(n))).collect();
    fields.push((Field::Body, joined(&t.def_page)));
    c.terms.push((c.hits.len(), names));
    c.hits.push(Hit {
        place,
        anchor: "",
        section: None,
        shown: Shown::Field(fields.len() - 1),
        fields,
    });
}

/// A source: its page's hit, then one per block, headings and labels as
/// headings.
fn source_hits<'a>(c: &mut Collected<'a>, s: &'a Source) {
    let place = c.places.len();
    let title = s.display_title();
    c.places.push(Place {
        title: clean(title),
        url: Cow::Owned(urls::page_path(&format!("sources/{}", s.slug))),
    });
    let mut fields = vec![(Field::Title, clean(title))];
    if let Some(original) = s.meta.title.as_deref().filter(|t| *t != title) {
        fields.push((Field::Title, clean(original)));
    }
    let about = [s.meta.publisher.as_deref(), s.meta.author.as_deref()]
        .into_iter()
        .flatten()
        .chain(s.keywords.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" · ");
    if !about.is_empty() {
        fields.push((Field::Body, Cow::Owned(clean(&about).into_owned())));
    }
    let first = s.blocks.iter().find(|b| !is_heading(b)).map(|b| b.text.as_str());
    c.hits.push(Hit {
        place,
        anchor: "",
        section: None,
        fields,
        shown: Shown::Own(preview_of(first)),
    });
    let mut section: Option<Cow<'a, str>> = None;
    for (i, b) in s.blocks.iter().enumerate() {
        if is_heading(b) {
            let text = clean(&b.text);
            let below = s.blocks.get(i + 1).filter(|n| !is_heading(n)).map(|n| n.text.as_str());
            c.hits.push(Hit {
                place,
                anchor: &b.id,
                section: Some(text.clone()),
                fields: vec![(Field::Heading, text.clone())],
                shown: Shown::Own(preview_of(below)),
            });
            section = Some(text);
        } else {
            // A translation of the block (issue 15) becomes one more field
            // here, `(Field::Body, clean(translation))`, found and ranked
            // with the block, and shown after its text.
            c.hits.push(para_hit(place, &b.id, section.clone(), &b.text));
        }
    }
}

fn is_heading(b: &SourceBlock) -> bool {
    matches!(b.kind, BlockKind::Heading | BlockKind::Label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(id: &str, text: &str) -> Paragraph {
        Paragraph {
            id: id.into(),
            text: text.into(),
        }
    }

    fn heading(id: &str, title: &str) -> TocEntry {
        TocEntry {
            level: 2,
            id: id.into(),
            title: title.into(),
        }
    }

    fn order(body: &Rendered) -> Vec<String> {
        in_order(body)
            .iter()
            .map(|b| match b {
                Block::Heading(t) => format!("h:{}", t.id),
                Block::Para(p) => format!("p:{}", p.id),
            })
            .collect()
    }

    #[test]
    fn blocks_and_headings_merge_in_page_order() {
        let mut body = Rendered::default();
        body.html = concat!(
            "<p id=\"p-1\">a</p><h2 id=\"x\">X</h2><ul><li id=\"p-2\">b</li></ul>",
            "<p id=\"p-3\">c</p><h2 id=\"y\">Y</h2><h3 id=\"z\">Z</h3><p id=\"p-4\">d</p>"
        )
        .into();
        body.toc = vec![heading("x", "X"), heading("y", "Y"), heading("z", "Z")];
        body.paragraphs = vec![para("p-1", "a"), para("p-2", "b"), para("p-3", "c"), para("p-4", "d")];
        assert_eq!(order(&body), ["p:p-1", "h:x", "p:p-2", "p:p-3", "h:y", "h:z", "p:p-4"]);
        // A heading that is also a block (once the renderer lists headings
        // among the blocks) is indexed once, as the heading.
        body.paragraphs.insert(3, para("y", "Y"));
        assert_eq!(order(&body), ["p:p-1", "h:x", "p:p-2", "p:p-3", "h:y", "h:z", "p:p-4"]);
        // Without HTML the blocks keep their order.
        body.paragraphs.remove(3);
        body.html.clear();
        body.toc.clear();
        assert_eq!(order(&body), ["p:p-1", "p:p-2", "p:p-3", "p:p-4"]);
    }
}
