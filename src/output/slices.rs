//! Where a rendered page can be minified in slices: long runs of sibling
//! elements (the items of a list, the sections of a page) that minify-html
//! minifies the same on their own as in the page. `minify` minifies each
//! slice apart (side by side, and in `serve` only the slices that changed)
//! and the rest of the page with a placeholder in their stead.
//!
//! minify-html minifies an element from its name, its attributes, its
//! content, its parent's name, whether it is in `<pre>` or foreign content,
//! and, for an element whose closing tag may be left out, the name of the
//! next sibling element and whether it is the last. So a slice is cut only
//! between elements of a parent whose children are elements and blank
//! text, and only after an element whose closing tag is never left out, or
//! after an `<li>` followed by an `<li>` (left out either way); its parent
//! is one of a few layout elements, outside `<pre>`, `<code>`,
//! `<textarea>`, `<template>` and foreign content. A page that is not
//! strictly nested (every closing tag closing the element open last,
//! nothing self-closing but void elements) is not sliced at all.

use std::ops::Range;

/// Elements whose children may be sliced: layout elements (whose blank
/// text between children minify-html removes) whose own closing tag it
/// never leaves out.
const PARENTS: &[&str] = &[
    "article",
    "aside",
    "blockquote",
    "div",
    "figure",
    "footer",
    "header",
    "main",
    "menu",
    "nav",
    "ol",
    "section",
    "ul",
];

/// Elements whose content is never sliced, however deep.
const OPAQUE: &[&str] = &["code", "math", "pre", "svg", "template", "textarea"];

/// Elements whose closing tag minify-html may leave out, depending on
/// what follows them (the HTML standard's optional end tags).
const OPTIONAL_END: &[&str] = &[
    "body", "colgroup", "dd", "dt", "head", "html", "li", "optgroup", "option", "p", "rp", "rt",
    "tbody", "td", "tfoot", "th", "thead", "tr",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose text runs to their closing tag, unparsed.
const RAW: &[&str] = &["script", "style", "textarea", "title"];

/// How finely pages are sliced.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// A parent's children are sliced only when they hold this many bytes.
    pub min_list: usize,
    /// A slice is cut once it holds this many bytes.
    pub slice: usize,
}

/// A parent whose children are minified in slices.
#[derive(Debug, PartialEq)]
pub struct List {
    /// The parent's name, which each slice is minified in.
    pub parent: String,
    /// Its content, between its opening and its closing tag.
    pub inner: Range<usize>,
    pub slices: Vec<Slice>,
}

/// Some of a parent's children, from the first's opening tag to the last's
/// closing tag; with the lists inside them.
#[derive(Debug, PartialEq)]
pub struct Slice {
    pub range: Range<usize>,
    pub lists: Vec<List>,
}

struct Open {
    name: String,
    /// Where its opening tag starts, and where its content does.
    start: usize,
    content: usize,
    /// Whether its children may be sliced: so far, all elements and blank
    /// text, and the parent one of [`PARENTS`] outside [`OPAQUE`] ones.
    sliceable: bool,
    opaque: bool,
    /// Whether it is in SVG or MathML, where `<x/>` closes an element.
    foreign: bool,
    children: Vec<Child>,
    /// Lists found inside it, by where they start.
    lists: Vec<List>,
}

struct Child {
    name: String,
    range: Range<usize>,
}

/// The lists of `html` to minify in slices, outermost first; none when the
/// page is not strictly nested or has no run long enough.
pub fn find(html: &str, sizes: Sizes) -> Vec<List> {
    scan(html, sizes).unwrap_or_default()
}

fn scan(html: &str, sizes: Sizes) -> Option<Vec<List>> {
    let b = html.as_bytes();
    let mut stack: Vec<Open> = vec![Open {
        name: String::new(),
        start: 0,
        content: 0,
        sliceable: false,
        opaque: false,
        foreign: false,
        children: Vec::new(),
        lists: Vec::new(),
    }];
    let mut i = 0;
    while i < b.len() {
        let Some(lt) = memchr::memchr(b'<', &b[i..]).map(|p| i + p) else {
            text(stack.last_mut()?, &b[i..]);
            break;
        };
        text(stack.last_mut()?, &b[i..lt]);
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            let end = memchr::memmem::find(&rest[4..], b"-->")? + lt + 7;
            stack.last_mut()?.sliceable = false;
            i = end;
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            let end = memchr::memchr(b'>', rest)? + lt + 1;
            stack.last_mut()?.sliceable = false;
            i = end;
        } else if rest.starts_with(b"</") {
            let (name, end) = closing_tag(b, lt)?;
            let mut open = stack.pop()?;
            if open.name != name || stack.is_empty() {
                return None;
            }
            let parent = stack.last_mut()?;
            let mut inner = std::mem::take(&mut open.lists);
            let content = open.content..lt;
            if let Some(list) = sliced(&open, content, &mut inner, sizes) {
                inner = vec![list];
            }
            parent.lists.extend(inner);
            parent.child(open.name, open.start..end);
            i = end;
        } else if rest.len() > 1 && rest[1].is_ascii_alphabetic() {
            let (name, end, self_closing) = opening_tag(b, lt)?;
            let parent = stack.last_mut()?;
            if VOID.contains(&name.as_str()) || (self_closing && parent.foreign) {
                parent.child(name, lt..end);
                i = end;
            } else if self_closing {
                // `<div/>` opens a `div` in HTML: not strictly nested.
                return None;
            } else if RAW.contains(&name.as_str()) {
                let close = raw_end(b, end, &name)?;
                let (_, after) = closing_tag(b, close)?;
                parent.child(name, lt..after);
                i = after;
            } else {
                let opaque = parent.opaque || OPAQUE.contains(&name.as_str());
                let foreign = parent.foreign || name == "svg" || name == "math";
                stack.push(Open {
                    sliceable: !opaque && PARENTS.contains(&name.as_str()),
                    opaque,
                    foreign,
                    name,
                    start: lt,
                    content: end,
                    children: Vec::new(),
                    lists: Vec::new(),
                });
                i = end;
            }
        } else {
            // A `<` that starts no tag is text.
            stack.last_mut()?.sliceable = false;
            i = lt + 1;
        }
    }
    let root = stack.pop()?;
    stack.is_empty().then_some(root.lists)
}

/// Text between tags: only blank text keeps a parent sliceable (HTML's
/// white space, which minify-html removes between a layout element's
/// children).
fn text(open: &mut Open, t: &[u8]) {
    if open.sliceable
        && !t
            .iter()
            .all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'))
    {
        open.sliceable = false;
    }
}

impl Open {
    /// A child element, remembered only where children may be sliced.
    fn child(&mut self, name: String, range: Range<usize>) {
        if self.sliceable {
            self.children.push(Child { name, range });
        }
    }
}

/// The list a closed parent makes, when its children are long enough:
/// cut into slices, each with the lists found inside it.
fn sliced(open: &Open, content: Range<usize>, inner: &mut Vec<List>, sizes: Sizes) -> Option<List> {
    let children = &open.children;
    let (first, last) = (children.first()?, children.last()?);
    if !open.sliceable || last.range.end - first.range.start < sizes.min_list {
        return None;
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut from = first.range.start;
    for (k, c) in children.iter().enumerate() {
        let next = children.get(k + 1);
        let cut = match next {
            None => true,
            Some(n) => {
                c.range.end - from >= sizes.slice
                    && (!OPTIONAL_END.contains(&c.name.as_str())
                        || (c.name == "li" && n.name == "li"))
            }
        };
        if cut {
            ranges.push(from..c.range.end);
            if let Some(n) = next {
                from = n.range.start;
            }
        }
    }
    if ranges.len() < 2 {
        return None;
    }
    let slices = ranges
        .into_iter()
        .map(|range| Slice {
            lists: take_within(inner, &range),
            range,
        })
        .collect();
    Some(List {
        parent: open.name.clone(),
        inner: content,
        slices,
    })
}

/// The lists of `lists` that lie within `range`, taken out.
fn take_within(lists: &mut Vec<List>, range: &Range<usize>) -> Vec<List> {
    let (inside, outside) = std::mem::take(lists)
        .into_iter()
        .partition(|l| l.inner.start >= range.start && l.inner.end <= range.end);
    *lists = outside;
    inside
}

/// The tag name starting at `start`, in lower case, and where it ends.
fn tag_name(b: &[u8], start: usize) -> Option<(String, usize)> {
    let len = b[start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    let name = std::str::from_utf8(&b[start..start + len])
        .ok()?
        .to_ascii_lowercase();
    Some((name, start + len))
}

/// A closing tag at `lt`: its name (lower case) and where it ends.
fn closing_tag(b: &[u8], lt: usize) -> Option<(String, usize)> {
    let (name, after) = tag_name(b, lt + 2)?;
    let gt = after + memchr::memchr(b'>', &b[after..])?;
    // Nothing but blanks before the `>`.
    b[after..gt]
        .iter()
        .all(u8::is_ascii_whitespace)
        .then_some((name, gt + 1))
}

/// An opening tag at `lt`: its name (lower case), where it ends, and
/// whether it ends in `/>`. `None` for a tag with a `<` inside, a quote
/// that does not start a value, or no end.
fn opening_tag(b: &[u8], lt: usize) -> Option<(String, usize, bool)> {
    let (name, after) = tag_name(b, lt + 1)?;
    let mut i = after;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            // A quote opens a value only after `=`: one anywhere else
            // (`a=b"c`) is parsed differently by different parsers, and
            // the page is not sliced.
            None if c == b'"' || c == b'\'' => {
                let before = b[after..i].iter().rev().find(|c| !c.is_ascii_whitespace());
                if before != Some(&b'=') {
                    return None;
                }
                quote = Some(c);
            }
            None if c == b'<' => return None,
            None if c == b'>' => return Some((name, i + 1, b[i - 1] == b'/')),
            None => {}
        }
        i += 1;
    }
    None
}

/// Where the raw text of element `name`, starting at `from`, ends: at its
/// closing tag, matched without regard to case.
fn raw_end(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    while let Some(p) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + p;
        let tag = &b[at + 2..];
        if tag.len() >= name.len()
            && tag[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && !tag
                .get(name.len())
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
        {
            return Some(at);
        }
        i = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: Sizes = Sizes {
        min_list: 1,
        slice: 1,
    };

    fn ranges(html: &str) -> Vec<Vec<&str>> {
        find(html, TINY)
            .iter()
            .map(|l| l.slices.iter().map(|s| &html[s.range.clone()]).collect())
            .collect()
    }

    #[test]
    fn items_and_sections_are_sliced() {
        let html = "<ul class=\"x\">\n<li>a</li>\n<li>b<p>c</p></li>\n</ul>";
        assert_eq!(ranges(html), [["<li>a</li>", "<li>b<p>c</p></li>"]]);
        let html = "<main><h1>t</h1> <section>a</section><section>b</section></main>";
        assert_eq!(
            ranges(html),
            [["<h1>t</h1>", "<section>a</section>", "<section>b</section>"]]
        );
    }

    #[test]
    fn no_cut_after_an_element_whose_end_tag_may_go() {
        // `</p>` may be left out before a `<section>` but not at the end of
        // a `div`: the two stay in one slice.
        let html = "<div><p>a</p><section>b</section><section>c</section></div>";
        assert_eq!(
            ranges(html),
            [["<p>a</p><section>b</section>", "<section>c</section>"]]
        );
        // An `<li>` before something else than an `<li>` neither.
        let html = "<ul><li>a</li><div>b</div><li>c</li></ul>";
        assert_eq!(ranges(html), [["<li>a</li><div>b</div>", "<li>c</li>"]]);
    }

    #[test]
    fn text_comments_and_odd_parents_keep_a_list_whole() {
        for html in [
            "<ul><li>a</li>text<li>b</li></ul>",
            "<ul><li>a</li><!-- c --><li>b</li></ul>",
            "<p><span>a</span><span>b</span></p>",
            "<pre><div><b>a</b><b>b</b></div></pre>",
            "<svg><g><rect/><rect/></g></svg>",
        ] {
            assert!(find(html, TINY).is_empty(), "{html}");
        }
    }

    #[test]
    fn a_page_not_strictly_nested_is_not_sliced() {
        for html in [
            "<ul><li>a</li><li>b</li></ul></div>",
            "<div><ul><li>a</li><li>b</li></div>",
            "<ul><li>a<li>b</li></ul>",
            "<ul><li>a</li><li>b</li><div/></ul>",
            "<ul><li a=\"x\">a</li><li>b</li></ul><p",
            "<ul><li a=b\"c>\">a</li><li>b</li></ul>",
        ] {
            assert!(find(html, TINY).is_empty(), "{html}");
        }
    }

    #[test]
    fn lists_inside_a_slice_go_with_it() {
        let html = "<ol><li><ul><li>a</li><li>b</li></ul></li><li>c</li></ol>";
        let lists = find(html, TINY);
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].parent, "ol");
        let first = &lists[0].slices[0];
        assert_eq!(first.lists.len(), 1);
        assert_eq!(first.lists[0].parent, "ul");
        assert_eq!(&html[first.lists[0].inner.clone()], "<li>a</li><li>b</li>");
    }

    #[test]
    fn raw_text_and_void_elements_are_children_like_others() {
        let html = "<div><script>if (a</b) {}</script><hr><section>x</section></div>";
        assert_eq!(
            ranges(html),
            [[
                "<script>if (a</b) {}</script>",
                "<hr>",
                "<section>x</section>"
            ]]
        );
    }
}
