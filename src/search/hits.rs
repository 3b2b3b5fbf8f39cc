//! What is indexed: every text a reader sees that the model holds, as
//! *hits* — the units a result links to — each with its fields.
//!
//! - a page (brief, summary, other page, source): one hit for the page
//!   itself (its title; the summary shown under it), then one per heading
//!   of its table of contents and one per paragraph, in the order of the
//!   page, each paragraph labelled with the nearest heading above it;
//! - an event: one hit (its title, its description);
//! - a term: one hit for its page (name, name as the sources write it, every alias; its
//!   definition);
//! - a source: one hit for its page (titles; publisher, author, keywords),
//!   one per heading or label block, one per other block (paragraphs,
//!   captions, credits…). A block's translation (and translator's note) is a
//!   field of the block's hit, so a block is one result whichever text the
//!   query matches; a heading's translation is a heading too, and the
//!   section label of the blocks below it reads `original (translation)`.
//!
//! Blocks are taken from `Rendered::paragraphs` whatever Markdown made them
//! (paragraphs, tight list items, table rows: each has an id), and a block
//! whose id is also a heading of the table of contents is indexed once, as
//! that heading.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::i18n::Ui;
use crate::model::markdown::{Paragraph, Rendered, TocEntry};
use crate::model::translated::SourceTranslation;
use crate::model::{EventDoc, Model, PageDoc, PageKind, TermDoc};
use crate::sources::structure::{Block as SourceBlock, BlockKind};
use crate::sources::Source;
use crate::urls;

use super::clean::clean;
use super::tokens::count;

/// The kinds of result, in the order their hits are numbered; the browser
/// labels them with the words the search page gives (`data-kind-*`). The
/// home page counts as a page.
pub(super) const KINDS: [PageKind; 6] = [
    PageKind::Brief,
    PageKind::Summary,
    PageKind::Page,
    PageKind::Event,
    PageKind::Term,
    PageKind::Source,
];

/// The fields of BM25F. A hit may have several entries of one field (a
/// term's name and aliases); their lengths add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    /// A term's name, name as the sources write it, and aliases.
    Name,
    /// A page's or source's title.
    Title,
    /// A heading, a source's heading block, an event's title.
    Heading,
    /// Everything else: paragraphs, definitions, summaries, descriptions.
    Body,
    /// The site's translation of a source's block, and the translator's
    /// note (a field of its own: its length is counted in another
    /// language's words than the original's).
    Translation,
}

/// How many fields there are.
pub(super) const FIELDS: usize = 5;

impl Field {
    pub(super) const ALL: [Field; FIELDS] = [
        Field::Name,
        Field::Title,
        Field::Heading,
        Field::Body,
        Field::Translation,
    ];

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
pub(super) enum Shown {
    /// The text of field number `n` of the hit.
    Field(usize),
    /// The text of the next hit of the same place that has one (below a
    /// heading, or at the top of a page without a summary): stored once.
    Next,
}

/// A source block's translation as a result shows it: field numbers of the
/// hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ShownTranslation {
    pub text: usize,
    pub note: Option<usize>,
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
    pub shown: Shown,
    /// The translation shown when the query matches it rather than the
    /// text (source blocks only).
    pub translation: Option<ShownTranslation>,
    /// The length of each field (the sum over its entries), in tokens.
    pub lengths: [u32; FIELDS],
    /// The language of the text shown and of the translation, where it is
    /// not the site's (empty: the site's), so a result carries its `lang`.
    pub lang: &'a str,
    pub tr_lang: &'a str,
}

impl<'a> Hit<'a> {
    /// A hit of a document (its place is set when the documents are put
    /// together), with its field lengths.
    pub(super) fn new(
        anchor: &'a str,
        section: Option<Cow<'a, str>>,
        fields: Vec<(Field, Cow<'a, str>)>,
        shown: Shown,
    ) -> Hit<'a> {
        Hit {
            place: 0,
            anchor,
            section,
            fields,
            shown,
            translation: None,
            lengths: [0; FIELDS],
            lang: "",
            tr_lang: "",
        }
        .measured()
    }

    /// The hit with its field lengths counted again (after fields were
    /// added).
    pub(super) fn measured(mut self) -> Hit<'a> {
        self.lengths = [0; FIELDS];
        for (field, text) in &self.fields {
            self.lengths[field.index()] += count(text).len();
        }
        self
    }

    pub(super) fn shown(&self) -> &str {
        match &self.shown {
            Shown::Field(n) => self.field(*n),
            Shown::Next => "",
        }
    }

    /// The translation and translator's note shown (empty if none).
    pub(super) fn shown_translation(&self) -> (&str, &str) {
        match self.translation {
            Some(t) => (self.field(t.text), t.note.map_or("", |n| self.field(n))),
            None => ("", ""),
        }
    }

    fn field(&self, n: usize) -> &str {
        self.fields.get(n).map_or("", |(_, t)| t)
    }
}

/// Everything to index, hits numbered by kind (in [`KINDS`] order), then
/// document, then position in the document.
#[derive(Default)]
pub(super) struct Collected<'a> {
    pub places: Vec<Place<'a>>,
    pub hits: Vec<Hit<'a>>,
    /// The first hit of each kind.
    pub kinds: Vec<(PageKind, usize)>,
    /// Each term's hit and names (name, name as the sources write it, aliases): the browser
    /// boosts a query that is one of them and suggests them when nothing is
    /// found.
    pub terms: Vec<(usize, Vec<&'a str>)>,
}

/// What one document gives: its place, its hits (whose `place` is set when
/// the documents are put together) and, for a term, its names.
struct Doc<'a> {
    place: Place<'a>,
    hits: Vec<Hit<'a>>,
    names: Vec<&'a str>,
}

/// A document of the model, in the order hits are numbered.
enum Item<'a> {
    Page(&'a PageDoc),
    Event(&'a EventDoc),
    Term(&'a TermDoc),
    Source(&'a Source),
}

/// Collects the hits of `model` (see the module documentation): each
/// document's in parallel, then numbered in order.
pub(super) fn collect(model: &Model) -> Collected<'_> {
    let mut items: Vec<(PageKind, Item)> = Vec::new();
    for kind in [PageKind::Brief, PageKind::Summary, PageKind::Page] {
        let pages = model.pages.iter().filter(|p| match p.kind() {
            PageKind::Home => kind == PageKind::Page,
            k => k == kind,
        });
        items.extend(pages.map(|p| (kind, Item::Page(p))));
    }
    items.extend(
        model
            .events
            .iter()
            .map(|e| (PageKind::Event, Item::Event(e))),
    );
    items.extend(model.terms.iter().map(|t| (PageKind::Term, Item::Term(t))));
    items.extend(
        model
            .sources
            .iter()
            .map(|s| (PageKind::Source, Item::Source(s))),
    );
    let docs: Vec<Doc> = items
        .par_iter()
        .map(|(_, item)| match item {
            Item::Page(p) => page_doc(p),
            Item::Event(e) => event_doc(e, &model.ui),
            Item::Term(t) => term_doc(t),
            Item::Source(s) => source_doc(s, model.translations.get(&s.slug), model.ui.language()),
        })
        .collect();
    let mut c = Collected::default();
    let mut docs = items.iter().map(|(k, _)| *k).zip(docs).peekable();
    for kind in KINDS {
        c.kinds.push((kind, c.hits.len()));
        while let Some((_, doc)) = docs.next_if(|(k, _)| *k == kind) {
            let place = c.places.len();
            c.places.push(doc.place);
            if !doc.names.is_empty() {
                c.terms.push((c.hits.len(), doc.names));
            }
            c.hits
                .extend(doc.hits.into_iter().map(|h| Hit { place, ..h }));
        }
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
    // Where the HTML defines each id: the order of `id="…"` in one pass.
    let mut rank: HashMap<&str, usize> = HashMap::new();
    let html = body.html.as_str();
    for at in memchr::memmem::find_iter(html.as_bytes(), b"id=\"") {
        let rest = &html[at + 4..];
        if let Some(end) = rest.find('"') {
            let n = rank.len();
            rank.entry(&rest[..end]).or_insert(n);
        }
    }
    // An id not found keeps its place after the one before it.
    let positions = |ids: &mut dyn Iterator<Item = &str>| -> Vec<usize> {
        let mut last = 0;
        ids.map(|id| {
            last = rank.get(id).copied().unwrap_or(last);
            last
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

/// A heading's hit: its title as the heading field; it shows the text
/// below it.
fn heading_hit<'a>(anchor: &'a str, title: Cow<'a, str>) -> Hit<'a> {
    Hit::new(
        anchor,
        Some(title.clone()),
        vec![(Field::Heading, title)],
        Shown::Next,
    )
}

/// A paragraph's hit: its text as the one body field, shown as it is.
fn para_hit<'a>(anchor: &'a str, section: Option<Cow<'a, str>>, text: &'a str) -> Hit<'a> {
    Hit::new(
        anchor,
        section,
        vec![(Field::Body, clean(text))],
        Shown::Field(0),
    )
}

/// A page: its own hit, then its headings and blocks.
fn page_doc(p: &PageDoc) -> Doc<'_> {
    let title = clean(&p.page.meta.title);
    let mut fields = vec![(Field::Title, title.clone())];
    let shown = match p.page.meta.summary.as_deref() {
        Some(summary) => {
            fields.push((Field::Body, clean(summary)));
            Shown::Field(1)
        }
        None => Shown::Next,
    };
    let blocks = in_order(&p.body);
    let mut hits = Vec::with_capacity(blocks.len() + 1);
    hits.push(Hit::new("", None, fields, shown));
    let mut section = None;
    for b in &blocks {
        match b {
            Block::Heading(t) => {
                let title = clean(&t.title);
                hits.push(heading_hit(&t.id, title.clone()));
                section = Some(title);
            }
            Block::Para(para) => hits.push(para_hit(&para.id, section.clone(), &para.text)),
        }
    }
    Doc {
        place: Place {
            title,
            url: Cow::Borrowed(&p.out),
        },
        hits,
        names: Vec::new(),
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
fn event_doc<'a>(e: &'a EventDoc, ui: &Ui) -> Doc<'a> {
    let title = clean(&e.event.meta.title);
    // As the timeline shows it.
    let date = ui.event_date(&e.event.date, e.event.meta.approximate);
    let fields = vec![
        (Field::Heading, title.clone()),
        (Field::Body, joined(&e.body)),
    ];
    Doc {
        place: Place {
            title,
            url: Cow::Borrowed(urls::TIMELINE),
        },
        hits: vec![Hit::new(
            &e.event.slug,
            Some(Cow::Owned(date)),
            fields,
            Shown::Field(1),
        )],
        names: Vec::new(),
    }
}

/// A term: one hit for its page, its names as fields of their own.
fn term_doc(t: &TermDoc) -> Doc<'_> {
    let title = if t.original.is_empty() || t.original == t.name {
        Cow::Borrowed(t.name.as_str())
    } else {
        Cow::Owned(format!("{} ({})", t.name, t.original))
    };
    let mut names: Vec<&str> = vec![&t.name];
    if !t.original.is_empty() && t.original != t.name {
        names.push(&t.original);
    }
    names.extend(t.aliases.iter().map(String::as_str));
    let mut fields: Vec<(Field, Cow<str>)> =
        names.iter().map(|n| (Field::Name, clean(n))).collect();
    fields.push((Field::Body, joined(&t.def_page)));
    let shown = Shown::Field(fields.len() - 1);
    Doc {
        place: Place {
            title,
            url: Cow::Owned(urls::term(&t.id)),
        },
        hits: vec![Hit::new("", None, fields, shown)],
        names,
    }
}

/// A source: its page's hit, then one per block, headings and labels as
/// headings; each with its translation, if it has one.
fn source_doc<'a>(
    s: &'a Source,
    translation: Option<&'a SourceTranslation>,
    site_language: &str,
) -> Doc<'a> {
    // A language other than the site's, else empty.
    let other = |lang: &'a str| if lang == site_language { "" } else { lang };
    let title = s.display_title();
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
    let mut hits = Vec::with_capacity(s.blocks.len() + 1);
    hits.push(Hit::new("", None, fields, Shown::Next));
    let mut section = None;
    for (i, b) in s.blocks.iter().enumerate() {
        let translated = translation
            .and_then(|t| t.blocks.get(i))
            .and_then(Option::as_ref);
        if is_heading(b) {
            let text = clean(&b.text);
            let mut hit = heading_hit(&b.id, text.clone());
            let label = match translated {
                Some(t) => {
                    let tr = clean(&t.text);
                    hit.fields.push((Field::Heading, tr.clone()));
                    Cow::Owned(format!("{text} ({tr})"))
                }
                None => text,
            };
            hit.section = Some(label.clone());
            hits.push(hit.measured());
            section = Some(label);
        } else {
            let mut hit = para_hit(&b.id, section.clone(), &b.text);
            hit.lang = other(&b.lang);
            if let Some(t) = translated {
                hit.tr_lang = other(translation.map_or("", |t| t.language.as_str()));
                hit.fields.push((Field::Translation, clean(&t.text)));
                let text = hit.fields.len() - 1;
                let note = t.note.as_deref().map(|n| {
                    hit.fields.push((Field::Translation, clean(n)));
                    hit.fields.len() - 1
                });
                hit.translation = Some(ShownTranslation { text, note });
                hit = hit.measured();
            }
            hits.push(hit);
        }
    }
    Doc {
        place: Place {
            title: clean(title),
            url: Cow::Owned(urls::source(&s.slug)),
        },
        hits,
        names: Vec::new(),
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
        body.paragraphs = vec![
            para("p-1", "a"),
            para("p-2", "b"),
            para("p-3", "c"),
            para("p-4", "d"),
        ];
        assert_eq!(
            order(&body),
            ["p:p-1", "h:x", "p:p-2", "p:p-3", "h:y", "h:z", "p:p-4"]
        );
        // A heading that is also a block (once the renderer lists headings
        // among the blocks) is indexed once, as the heading.
        body.paragraphs.insert(3, para("y", "Y"));
        assert_eq!(
            order(&body),
            ["p:p-1", "h:x", "p:p-2", "p:p-3", "h:y", "h:z", "p:p-4"]
        );
        // Without HTML the blocks keep their order.
        body.paragraphs.remove(3);
        body.html.clear();
        body.toc.clear();
        assert_eq!(order(&body), ["p:p-1", "p:p-2", "p:p-3", "p:p-4"]);
    }
}
