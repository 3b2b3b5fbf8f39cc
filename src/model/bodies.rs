//! Bodies. Takes the pages, the events (in timeline order) and the
//! glossary, and the world they are rendered against (the sources and the
//! [`Targets`]); gives each page as a [`PageDoc`] with its body rendered
//! (sorted by output path), each event's description rendered, and each
//! term's definition rendered twice (for the index and for its own page).
//! Citations are resolved and internal links checked here; the problems of
//! each piece of Markdown go to the diagnostics.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::kind::PageKind;
use super::markdown::{MdInput, Rendered, Resolver};
use super::memo::RenderMemo;
use super::paths::{is_index_file, Targets};
use super::translated::SourceTranslation;
use crate::content::{Event, Glossary, Page};
use crate::diag::Diagnostics;
use crate::i18n::BodyWords;
use crate::sources::Source;
use crate::urls;

/// A content page with its rendered body.
pub struct PageDoc {
    pub page: Arc<Page>,
    /// Output path, e.g. `briefs/x/index.html`.
    pub out: String,
    pub body: Arc<Rendered>,
    /// A section's `_index.md`: introduces the section listing.
    pub is_section_index: bool,
}

impl PageDoc {
    pub fn kind(&self) -> PageKind {
        PageKind::of_content(&self.page.dir, &self.page.section)
    }
}

/// What Markdown is rendered against: the sources (sorted by slug), their
/// translations, the internal link targets and the words the HTML holds.
pub struct World<'a> {
    pub sources: &'a [Arc<Source>],
    pub translations: &'a BTreeMap<String, SourceTranslation>,
    pub targets: &'a Targets,
    pub words: &'a BodyWords,
    /// A hash of the words: equal text rendered with equal words and equal
    /// answers from the sources and targets gives equal HTML and problems
    /// (`serve`'s memo records the answers each render got).
    pub key: u64,
    /// A hash of every answer the world can give (see [`World::answers`]).
    answers: std::sync::OnceLock<u64>,
}

impl<'a> World<'a> {
    pub fn new(
        sources: &'a [Arc<Source>],
        translations: &'a BTreeMap<String, SourceTranslation>,
        targets: &'a Targets,
        words: &'a BodyWords,
    ) -> World<'a> {
        let key = crate::fingerprint::of(words);
        World {
            sources,
            translations,
            targets,
            words,
            key,
            answers: std::sync::OnceLock::new(),
        }
    }

    /// A hash of everything a [`Resolver`] question can be answered from:
    /// each source (by slug and fingerprint), the link targets, and which
    /// blocks of each source lack a current translation. Equal, every
    /// question gets the answer it got before (worked out once, when
    /// `serve`'s memo first asks).
    pub fn answers(&self) -> u64 {
        *self.answers.get_or_init(|| {
            let sources: Vec<(&str, u64)> = self
                .sources
                .iter()
                .map(|s| (s.slug.as_str(), s.fingerprint()))
                .collect();
            let glosses: Vec<(&String, &[usize], &[usize])> = self
                .translations
                .iter()
                .map(|(slug, t)| (slug, &t.missing[..], &t.stale[..]))
                .collect();
            crate::fingerprint::of(&(sources, &self.targets.internal, glosses))
        })
    }
}

impl Resolver for World<'_> {
    fn words(&self) -> &BodyWords {
        self.words
    }
    fn source(&self, slug: &str) -> Option<&Source> {
        self.sources
            .binary_search_by(|s| s.slug.as_str().cmp(slug))
            .ok()
            .map(|i| &*self.sources[i])
    }
    fn internal(&self, target: &str) -> Option<String> {
        use unicode_normalization::UnicodeNormalization;
        let t = target.trim_end_matches('/');
        self.targets
            .internal
            .get(t)
            .or_else(|| self.targets.internal.get(&t.nfc().collect::<String>()))
            .cloned()
    }
    fn source_slugs(&self) -> Vec<String> {
        self.sources.iter().map(|s| s.slug.clone()).collect()
    }
    fn internal_targets(&self) -> Vec<String> {
        self.targets.internal.keys().cloned().collect()
    }
    fn needs_gloss(&self, slug: &str, block: usize) -> bool {
        self.translations.get(slug).is_some_and(|t| {
            t.missing.binary_search(&block).is_ok() && t.stale.binary_search(&block).is_err()
        })
    }
}

impl World<'_> {
    /// `input` rendered, through `serve`'s memo.
    pub fn render(&self, memo: &RenderMemo, input: &MdInput<'_>) -> Arc<Rendered> {
        memo.render(self.key, input, self, &|| self.answers())
    }

    /// `page`'s Markdown `input` rendered, through `serve`'s memo, which
    /// knows the input's key while the page is the same value.
    fn render_page(
        &self,
        memo: &RenderMemo,
        page: &Arc<Page>,
        input: &MdInput<'_>,
    ) -> Arc<Rendered> {
        let key = memo.page_key(page, self.key, input);
        memo.render_keyed(key, input, self, &|| self.answers())
    }
}

/// The pages with their bodies rendered, in parallel, sorted by output path.
pub fn pages(
    pages: Vec<Arc<Page>>,
    world: &World<'_>,
    memo: &RenderMemo,
    diags: &mut Diagnostics,
) -> Vec<PageDoc> {
    let mut docs: Vec<PageDoc> = pages
        .into_par_iter()
        .map(|page| {
            let out = urls::page_path(&page.dir);
            let body = world.render_page(
                memo,
                &page,
                &MdInput {
                    path: &page.file,
                    text: &page.body,
                    base_line: page.body_line,
                    page: &out,
                    first_note: 1,
                    inline: false,
                    base_col: 0,
                    id_prefix: "",
                },
            );
            PageDoc {
                out,
                is_section_index: is_index_file(&page),
                page,
                body,
            }
        })
        .collect();
    memo.page_keys_done();
    for p in &docs {
        for d in p.body.diagnostics.iter().cloned() {
            diags.push(d);
        }
    }
    docs.sort_by(|a, b| a.out.cmp(&b.out));
    docs
}

/// Each event's description rendered for the timeline, in parallel (ids
/// prefixed with the event's slug); problems go to `diags`.
pub fn events(
    events: &[Arc<Event>],
    world: &World<'_>,
    memo: &RenderMemo,
    diags: &mut Diagnostics,
) -> Vec<Arc<Rendered>> {
    let bodies: Vec<Arc<Rendered>> = events
        .par_iter()
        .map(|e| {
            let prefix = format!("{}-", e.slug);
            world.render(
                memo,
                &MdInput {
                    path: &e.file,
                    text: &e.body,
                    base_line: e.body_line,
                    page: urls::TIMELINE,
                    first_note: 1,
                    inline: false,
                    base_col: 0,
                    id_prefix: &prefix,
                },
            )
        })
        .collect();
    for b in &bodies {
        for d in b.diagnostics.iter().cloned() {
            diags.push(d);
        }
    }
    bodies
}

/// A term's definition rendered for the term index and for its own page.
pub struct Definition {
    pub on_index: Arc<Rendered>,
    pub on_page: Arc<Rendered>,
}

/// Each glossary term's definition (in glossary order), rendered in
/// parallel; the problems of each are reported once, from its own page.
pub fn definitions(
    glossary: &Glossary,
    world: &World<'_>,
    memo: &RenderMemo,
    diags: &mut Diagnostics,
) -> Vec<Definition> {
    let defs: Vec<Definition> = glossary
        .terms
        .par_iter()
        .map(|t| {
            let id = t.id.get_ref();
            // Where the string's text starts in the file: after its opening quote(s).
            let at = glossary.span(t.definition.span());
            let raw = glossary.text.get(t.definition.span().start..).unwrap_or("");
            let triple = raw.starts_with("\"\"\"") || raw.starts_with("'''");
            let (line, col) = if triple && raw[3..].starts_with('\n') {
                (at.line + 1, 0)
            } else if triple {
                (at.line, at.col + 2)
            } else {
                (at.line, at.col)
            };
            let prefix = format!("{id}-def-");
            let md = |page: &str| {
                world.render(
                    memo,
                    &MdInput {
                        path: &glossary.file,
                        text: t.definition.get_ref(),
                        base_line: line,
                        page,
                        first_note: 1,
                        inline: true,
                        base_col: col,
                        id_prefix: &prefix,
                    },
                )
            };
            Definition {
                on_index: md(urls::TERMS),
                on_page: md(&urls::term(id)),
            }
        })
        .collect();
    for d in &defs {
        for problem in d.on_page.diagnostics.iter().cloned() {
            diags.push(problem);
        }
    }
    defs
}

/// Lets go of each page's Markdown source once it is rendered (for the
/// page and for the print edition): nothing after the model reads it, and at
/// 10,000 pages it is over 100 MB. A page `serve` keeps for its next build
/// is shared with its cache, so it is left as it is.
pub fn release_sources(pages: &mut [PageDoc]) {
    for p in pages {
        if let Some(page) = Arc::get_mut(&mut p.page) {
            page.body = String::new();
        }
    }
}
