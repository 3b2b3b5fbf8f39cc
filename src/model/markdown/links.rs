//! Link targets in Markdown: citations (`source:slug#hint "quote"`) resolved
//! against the sources, internal links (`@/path.md#anchor`) against the
//! site's pages, and external links checked for their scheme.

use super::rendered::{Citation, LinkRef, Rendered};
use super::{MdInput, Resolver};
use crate::diag::{Cause, Diagnostic, Span};
use crate::i18n::pattern::Out;
use crate::model::citations;
use crate::urls;

/// A citation as written: `[](source:<target> "<quote>"){gloss="…"}`.
pub(super) struct Cite<'c> {
    /// `slug` or `slug#block`.
    pub(super) target: &'c str,
    pub(super) quote: &'c str,
    pub(super) gloss: Option<String>,
    /// A gloss was written but is malformed (reported already).
    pub(super) gloss_written: bool,
    pub(super) span: Span,
}

/// Resolves a citation and returns its marker HTML (empty after an error).
/// Citations of one paragraph of a source share a note, in which each
/// quote is listed once.
pub(super) fn cite(
    input: &MdInput<'_>,
    resolver: &dyn Resolver,
    c: Cite<'_>,
    r: &mut Rendered,
) -> String {
    let (slug, hint) = match c.target.split_once('#') {
        Some((s, h)) => (s, Some(h)),
        None => (c.target, None),
    };
    let Some(source) = resolver.source(slug) else {
        // An unfilled scaffold's citation is reported by the content stage.
        if slug != crate::content::placeholder::SLUG {
            r.diagnostics.push(unknown_source(resolver, slug, c.span));
        }
        return String::new();
    };
    let at = match citations::locate(source, c.quote, hint) {
        Ok(at) => at,
        Err(e) => {
            r.diagnostics
                .push(Diagnostic::at(c.span, e.message(slug, c.quote)));
            return String::new();
        }
    };
    let block = &source.blocks[at.block];
    let anchor = quote_anchor(&block.id, &block.text, &at.range);
    if c.gloss.is_none() && !c.gloss_written && resolver.needs_gloss(slug, at.block) {
        r.diagnostics.push(Diagnostic::warning(
            Some(c.span.clone()),
            format!(
                "this quote of `{slug}` is not in the site's language, and neither a gloss nor a translation of its paragraph (#{}) carries it across",
                block.id
            ),
        )
        .note("add `{gloss=\"…\"}` right after the citation, or translate the paragraph in content/translations/"));
    }
    // One note per cited paragraph: a citation of a paragraph cited before
    // shares its note, as a repeat (b, c …); its quote is the note's k-th.
    let first = r
        .citations
        .iter()
        .find(|x| x.repeat == 0 && x.source == slug && x.block == block.id)
        .map(|x| x.n);
    let (n, repeat) = match first {
        Some(n) => (n, r.citations.iter().filter(|x| x.n == n).count()),
        None => (
            input.first_note + r.citations.iter().filter(|x| x.repeat == 0).count(),
            0,
        ),
    };
    let mut quotes: Vec<&str> = Vec::new();
    for x in r.citations.iter().filter(|x| x.n == n) {
        if !quotes.contains(&x.anchor.as_str()) {
            quotes.push(&x.anchor);
        }
    }
    let qk = quotes
        .iter()
        .position(|a| *a == anchor)
        .unwrap_or(quotes.len())
        + 1;
    let p = input.id_prefix;
    let marker = if repeat == 0 {
        format!("cite-{p}{n}")
    } else {
        format!("cite-{p}{n}-{}", Citation::letter(repeat))
    };
    let href = format!(
        "{}#{anchor}",
        urls::relative(input.page, &urls::source(slug))
    );
    let (num, paragraph) = (n.to_string(), (at.block + 1).to_string());
    let args = |name: &str| match name {
        "n" => Some(num.clone()),
        "source" => Some(source.short_title().to_string()),
        "paragraph" => Some(paragraph.clone()),
        _ => None,
    };
    let name =
        crate::i18n::pattern::fill(&resolver.words().marker, &args, Out::Html).unwrap_or_default();
    let html = format!(
        "<sup class=\"cite\" id=\"{marker}\"><a href=\"{href}\" data-note=\"note-{p}{n}-{qk}\" aria-label=\"{name}\">[{n}]</a></sup>"
    );
    r.ids.insert(marker.clone());
    r.citations.push(Citation {
        n,
        repeat,
        marker,
        source: slug.to_string(),
        source_title: source.display_title().to_string(),
        short: source.short_title().to_string(),
        lang: block.lang.clone(),
        block: block.id.clone(),
        paragraph: at.block + 1,
        quote: c.quote.to_string(),
        start: at.range.start,
        end: at.range.end,
        anchor,
        gloss: c.gloss,
        href,
    });
    html
}

/// The id of the quoted words `range` of a block on its source page: the
/// block's id and the words' character offsets, so it is stable while the
/// block is.
pub fn quote_anchor(block_id: &str, text: &str, range: &std::ops::Range<usize>) -> String {
    let start = text[..range.start].chars().count();
    let len = text[range.clone()].chars().count();
    format!("{block_id}-q{start}-{}", start + len)
}

/// Checks and rewrites a link target. `None` drops the link (after an error).
pub(super) fn href(
    input: &MdInput<'_>,
    resolver: &dyn Resolver,
    dest: &str,
    r: &mut Rendered,
    span: Span,
) -> Option<String> {
    if let Some(rest) = dest.strip_prefix("@/") {
        internal(input, resolver, rest, r, span)
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
            r.external.push(dest.to_string());
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

/// An internal link `@/<rest>`: its URL from the page, kept in `r.links`
/// for the anchor check.
fn internal(
    input: &MdInput<'_>,
    resolver: &dyn Resolver,
    rest: &str,
    r: &mut Rendered,
    span: Span,
) -> Option<String> {
    let (path, anchor) = match rest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (rest, None),
    };
    let Some(target) = resolver.internal(path) else {
        let known = resolver.internal_targets();
        let mut d = Diagnostic::at(
            span,
            format!(
                "broken internal link: no page `@/{path}`{}",
                crate::suggest::did_you_mean(path, known.iter().map(String::as_str))
            ),
        );
        // A term's page is missing when the glossary failed to load.
        if path.starts_with("terms/") {
            d = d.follows(Cause::Glossary);
        }
        r.diagnostics.push(d);
        return None;
    };
    let href = match &anchor {
        Some(a) => urls::relative(input.page, &urls::anchored(&target, a)),
        None => urls::relative(input.page, &target),
    };
    r.links.push(LinkRef {
        target,
        anchor,
        span,
    });
    Some(href)
}

/// An unknown source in a citation, with the closest slug the site has; if
/// the seed of that slug failed to load, this error follows from that one.
fn unknown_source(resolver: &dyn Resolver, slug: &str, span: Span) -> Diagnostic {
    let known = resolver.source_slugs();
    Diagnostic::at(
        span,
        format!(
            "unknown source `{slug}` in citation{}",
            crate::suggest::did_you_mean(slug, known.iter().map(String::as_str))
        ),
    )
    .follows(Cause::Source(slug.to_string()))
}
