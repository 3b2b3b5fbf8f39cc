//! Link targets in Markdown: citations (`source:slug#hint "quote"`) resolved
//! against the sources, internal links (`@/path.md#anchor`) against the
//! site's pages, and external links checked for their scheme.

use super::rendered::{Citation, LinkRef, Rendered};
use super::{MdInput, Resolver};
use crate::diag::{Cause, Diagnostic, Span};
use crate::model::citations;
use crate::text::html::escape;
use crate::urls;

/// Resolves a citation of `target` (`slug` or `slug#block`) quoting `quote`,
/// made in paragraph `para` of `r`, and returns its marker HTML (empty
/// after an error).
pub(super) fn cite(
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
        // An unfilled scaffold's citation is reported by the content stage.
        if slug != crate::content::placeholder::SLUG {
            r.diagnostics.push(unknown_source(resolver, slug, span));
        }
        return String::new();
    };
    match citations::locate(source, quote, hint) {
        Ok(idx) => {
            let n = input.first_note + r.citations.len();
            let block = &source.blocks[idx];
            let href = format!(
                "{}#{}",
                urls::relative(input.page, &urls::source(slug)),
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
