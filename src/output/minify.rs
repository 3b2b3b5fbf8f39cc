//! Minifying a rendered page with minify-html: whole, or, for a page with
//! long runs of sibling elements ([`slices`]), in slices minified side by
//! side, each within an element named like its parent, and the rest of
//! the page with a placeholder in their stead. The bytes are the same
//! either way (debug builds slice finely and check each sliced page
//! against the whole). In `serve`, a page's slices are kept with it
//! ([`SliceMemo`]), so that a page re-rendered for one changed item (a
//! title in the list of briefs, an event on the timeline) minifies only
//! the slices that changed.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::slices::{self, List, Sizes, Slice};
use crate::fingerprint;

/// How finely pages are sliced: in release builds only long runs, in
/// debug builds (the tests) nearly every list, so that every page the
/// tests render checks the slicing.
const SIZES: Sizes = if cfg!(debug_assertions) {
    Sizes {
        min_list: 200,
        slice: 100,
    }
} else {
    Sizes {
        min_list: 48 * 1024,
        slice: 8 * 1024,
    }
};

/// Marks the place of a run of slices in the rest of the page; a page
/// that holds it is minified whole.
const MARK: char = '\u{F8FF}';

/// Lists in slices of lists this deep are minified with their slice: each
/// level is a call of [`Work::part`], and lists nested in Markdown are
/// input.
const MAX_DEPTH: usize = 8;

/// The minified slices of each page of the last build of `serve`, by the
/// hash of each slice's text and its parent's name.
#[derive(Default)]
pub struct SliceMemo {
    pages: Mutex<fingerprint::Map<String, Arc<Slices>>>,
}

type Slices = fingerprint::Map<u64, Arc<[u8]>>;

impl SliceMemo {
    /// Lets go of the slices of pages not in `paths`.
    pub fn retain(&self, paths: &std::collections::HashSet<String>) {
        if let Ok(mut pages) = self.pages.lock() {
            pages.retain(|p, _| paths.contains(p));
        }
    }

    fn take(&self, path: &str) -> Arc<Slices> {
        self.pages
            .lock()
            .ok()
            .and_then(|mut p| p.remove(path))
            .unwrap_or_default()
    }

    fn put(&self, path: &str, slices: Slices) {
        if let Ok(mut p) = self.pages.lock() {
            p.insert(path.to_string(), Arc::new(slices));
        }
    }
}

/// Minifies one rendered page (minify-html); `memo` is `serve`'s, with the
/// page's output path. Inline CSS and JS are minified too, but setting up
/// their minifiers costs more than most pages: only pages that have some
/// pay for it.
pub fn minify_page(html: &str, memo: Option<(&SliceMemo, &str)>) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    if html.contains("<style") || html.contains("<script>") || html.contains(" style=") {
        cfg.minify_css = true;
        cfg.minify_js = true;
    }
    let whole = || minify_html::minify(html.as_bytes(), &cfg);
    let lists = if html.len() < SIZES.min_list || html.contains(MARK) {
        Vec::new()
    } else {
        slices::find(html, SIZES)
    };
    let bytes = if lists.is_empty() {
        whole()
    } else {
        let work = Work {
            html,
            cfg: &cfg,
            before: memo.map(|(m, path)| m.take(path)),
            now: Mutex::new(Slices::default()),
        };
        let sliced = work.part(0..html.len(), &lists, None, 0);
        if let (Some((m, path)), Ok(now)) = (memo, work.now.into_inner()) {
            m.put(path, now);
        }
        match sliced {
            Some(b) => {
                debug_assert!(b == whole(), "a sliced page differs from the whole");
                b
            }
            None => whole(),
        }
    };
    bare_char_refs_escaped(bytes)
}

/// One page being minified in slices.
struct Work<'a> {
    html: &'a str,
    cfg: &'a minify_html::Cfg,
    /// The page's slices of the last build, in `serve`.
    before: Option<Arc<Slices>>,
    /// The slices of this build.
    now: Mutex<Slices>,
}

impl Work<'_> {
    /// The part `range` of the page, minified: within `<parent>` when it is
    /// a slice, its lists' slices minified apart and put in place (down to
    /// [`MAX_DEPTH`] lists deep). `None` when a placeholder did not come out
    /// as it went in.
    fn part(
        &self,
        range: Range<usize>,
        lists: &[List],
        parent: Option<&str>,
        depth: usize,
    ) -> Option<Vec<u8>> {
        let lists = if depth < MAX_DEPTH { lists } else { &[] };
        let mut text = String::with_capacity(range.len() + 64);
        if let Some(p) = parent {
            text.push_str(&format!("<{p}>"));
        }
        let mut at = range.start;
        for (k, l) in lists.iter().enumerate() {
            text.push_str(&self.html[at..l.inner.start]);
            text.push_str(&placeholder(k));
            at = l.inner.end;
        }
        text.push_str(&self.html[at..range.end]);
        if let Some(p) = parent {
            text.push_str(&format!("</{p}>"));
        }
        let (skeleton, filled) = rayon::join(
            || minify_html::minify(text.as_bytes(), self.cfg),
            || {
                lists
                    .par_iter()
                    .map(|l| self.list(l, depth + 1))
                    .collect::<Option<Vec<Vec<u8>>>>()
            },
        );
        let filled = filled?;
        let mut rest = skeleton.as_slice();
        if let Some(p) = parent {
            rest = rest
                .strip_prefix(format!("<{p}>").as_bytes())?
                .strip_suffix(format!("</{p}>").as_bytes())?;
        }
        let mut out = Vec::with_capacity(rest.len() + filled.iter().map(Vec::len).sum::<usize>());
        for (k, f) in filled.iter().enumerate() {
            let mark = placeholder(k);
            let p = memchr::memmem::find(rest, mark.as_bytes())?;
            out.extend_from_slice(&rest[..p]);
            out.extend_from_slice(f);
            rest = &rest[p + mark.len()..];
        }
        out.extend_from_slice(rest);
        Some(out)
    }

    /// A list's slices, minified side by side and joined.
    fn list(&self, l: &List, depth: usize) -> Option<Vec<u8>> {
        let make = |s: &Slice| self.part(s.range.clone(), &s.lists, Some(&l.parent), depth);
        let parts = l
            .slices
            .par_iter()
            .map(|s| {
                let Some(before) = &self.before else {
                    return make(s).map(Arc::from);
                };
                let text = &self.html[s.range.clone()];
                let key = fingerprint::of(&(&l.parent, text, self.cfg.minify_css));
                let bytes = match before.get(&key) {
                    Some(b) => Arc::clone(b),
                    None => Arc::from(make(s)?),
                };
                if let Ok(mut now) = self.now.lock() {
                    now.insert(key, Arc::clone(&bytes));
                }
                Some(bytes)
            })
            .collect::<Option<Vec<Arc<[u8]>>>>()?;
        Some(parts.concat())
    }
}

/// The element that stands for list `k` in the rest of its page: an
/// element minify-html writes as it is, and whose closing tag it never
/// leaves out.
fn placeholder(k: usize) -> String {
    format!("<b>{MARK}{k}{MARK}</b>")
}

/// minify-html writes `&` unescaped unless it starts a character
/// reference, and takes `&#` without digits (`&# 1`, `&#x;`) for no
/// reference: browsers show it as written, but it is an HTML parse error
/// ("absence of digits in numeric character reference"). Such an `&` is
/// written `&amp;` again, outside `<script>` and `<style>` (whose text is
/// not decoded; pages have no inline script, and `404.html` an inline
/// style).
fn bare_char_refs_escaped(html: Vec<u8>) -> Vec<u8> {
    let is_bare = |rest: &[u8]| match rest {
        [b'#', b'x' | b'X', h, ..] => !h.is_ascii_hexdigit(),
        [b'#', b'x' | b'X'] => true,
        [b'#', d, ..] => !d.is_ascii_digit(),
        [b'#'] => true,
        _ => false,
    };
    if !memchr::memmem::find_iter(&html, b"&#").any(|i| is_bare(&html[i + 1..])) {
        return html;
    }
    let mut out = Vec::with_capacity(html.len() + 16);
    let mut raw_until: Option<&[u8]> = None;
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if let Some(end) = raw_until {
            if rest.len() >= end.len() && rest[..end.len()].eq_ignore_ascii_case(end) {
                raw_until = None;
            }
        } else if rest.len() > 7 && rest[..7].eq_ignore_ascii_case(b"<script") {
            raw_until = Some(b"</script");
        } else if rest.len() > 6 && rest[..6].eq_ignore_ascii_case(b"<style") {
            raw_until = Some(b"</style");
        } else if rest[0] == b'&' && is_bare(&rest[1..]) {
            out.extend_from_slice(b"&amp;");
            i += 1;
            continue;
        }
        out.push(rest[0]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_pages_hold_no_bare_numeric_reference() {
        let page = minify_page("<!DOCTYPE html><html><head><title>A &amp;# B</title><style>a{content:\"&#\"}</style></head><body><p title=\"x &amp;#x; y\">&amp;#0 &amp;# 1</p></body></html>", None);
        let text = String::from_utf8(page).expect("UTF-8");
        assert!(text.contains("A &amp;# B"), "{text}");
        assert!(text.contains("x &amp;#x; y"), "{text}");
        assert!(text.contains("&amp;#0 &amp;# 1"), "{text}");
        assert!(
            text.contains("content:\"&#\""),
            "style text is left alone: {text}"
        );
    }
}

#[cfg(test)]
mod slicing {
    use super::*;
    use proptest::prelude::*;

    /// `html` minified in slices as fine as they come, against the whole.
    fn both(html: &str) -> (Option<Vec<u8>>, Vec<u8>) {
        let mut cfg = minify_html::Cfg::new();
        cfg.keep_html_and_head_opening_tags = true;
        let tiny = Sizes {
            min_list: 1,
            slice: 1,
        };
        let lists = slices::find(html, tiny);
        let work = Work {
            html,
            cfg: &cfg,
            before: Some(Arc::default()),
            now: Mutex::new(Slices::default()),
        };
        let sliced = (!lists.is_empty()).then(|| work.part(0..html.len(), &lists, None, 0));
        (sliced.flatten(), minify_html::minify(html.as_bytes(), &cfg))
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::sample::select(vec![
            "",
            " ",
            "\n  ",
            "a",
            " b c ",
            "x &amp; y",
            "&lt;z&gt;",
            "é ",
            "&#",
            "中文",
        ])
        .prop_map(str::to_string)
    }

    /// A random element: layout parents, items, paragraphs (whose end tag
    /// may go), inline elements, `<pre>`, void elements, blank or not blank
    /// text between them.
    fn node() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            text(),
            text().prop_map(|t| format!("<span>{t}</span>")),
            Just("<br>".to_string()),
            text().prop_map(|t| format!("<p>{t}</p>")),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let kids = proptest::collection::vec(inner, 0..6);
            (
                proptest::sample::select(vec![
                    "ul", "ol", "li", "div", "section", "p", "a", "pre", "nav", "dl", "dd",
                ]),
                kids,
                proptest::sample::select(vec!["", "\n", " "]),
            )
                .prop_map(|(tag, kids, sep)| {
                    format!("<{tag} class=\"k\">{}</{tag}>", kids.join(sep))
                })
        })
    }

    proptest! {
        #[test]
        fn slices_minify_as_the_whole_page(body in proptest::collection::vec(node(), 1..5)) {
            let html = format!("<!DOCTYPE html><html><head><title>t</title></head><body><main>{}</main></body></html>", body.join("\n"));
            let (sliced, whole) = both(&html);
            if let Some(sliced) = sliced {
                prop_assert_eq!(String::from_utf8_lossy(&sliced), String::from_utf8_lossy(&whole), "{}", html);
            }
        }
    }

    #[test]
    fn lists_nested_deeper_than_the_cap_minify_as_the_whole_page() {
        let depth = 3 * MAX_DEPTH;
        let mut html = String::from("<ul><li>x</li><li>");
        for _ in 0..depth {
            html.push_str("<ul><li>a b</li><li>");
        }
        for _ in 0..depth {
            html.push_str("c</li></ul>");
        }
        html.push_str("</li></ul>");
        let (sliced, whole) = both(&html);
        assert_eq!(sliced.as_deref(), Some(whole.as_slice()));
    }

    #[test]
    fn a_list_of_items_minifies_as_the_whole_page() {
        let items: String = (0..50)
            .map(|i| format!("<li>\n<h2><a href=\"b/{i}.html\">Item  {i}</a></h2>\n<p>Summary &amp; more</p>\n</li>\n"))
            .collect();
        let html = format!("<!DOCTYPE html><html><head><title>t</title></head><body><ul class=\"cards\">\n{items}</ul><p>after</p></body></html>");
        let (sliced, whole) = both(&html);
        assert_eq!(sliced.as_deref(), Some(whole.as_slice()));
    }

    #[test]
    fn serve_reuses_the_slices_that_did_not_change() {
        let page = |n: usize| {
            let items: String = (0..4000)
                .map(|i| {
                    format!(
                        "<li><a href=\"b/{i}.html\">Item {}</a></li>\n",
                        if i == 7 { n } else { i }
                    )
                })
                .collect();
            format!("<!DOCTYPE html><html><head><title>t</title></head><body><ul>{items}</ul></body></html>")
        };
        let memo = SliceMemo::default();
        let first = minify_page(&page(7), Some((&memo, "a.html")));
        let kept = memo.take("a.html");
        assert!(kept.len() > 2, "{}", kept.len());
        memo.put("a.html", (*kept).clone());
        let second = minify_page(&page(8), Some((&memo, "a.html")));
        assert_eq!(second, minify_page(&page(8), None));
        assert_ne!(first, second);
        // One slice changed: the new page's slices are the old ones but one.
        let now = memo.take("a.html");
        assert_eq!(now.len(), kept.len());
        assert_eq!(now.keys().filter(|k| !kept.contains_key(k)).count(), 1);
    }
}
