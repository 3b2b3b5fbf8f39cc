//! Quote marks: a source block's text as HTML with every cited passage
//! wrapped in an element of its own, so that a citation links to the quoted
//! words and `:target` highlights them.
//!
//! Passages may repeat, nest or cross. Equal ranges share one element; a
//! nested range becomes an element inside the other. When two ranges cross,
//! the one opened later is split where the earlier one closes: its first
//! piece carries the id (and is what `:target` highlights), the rest follow
//! as `quote-cont` pieces that name it in `data-quote` (the theme's script
//! highlights them too).

use std::ops::Range;

/// A cited passage: a byte range of the block's text and the id its
/// element gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    pub id: String,
}

/// `text` as HTML with each mark's range wrapped. `plain` writes a run of
/// unmarked-up text as HTML (escaping it). Ranges must lie on character
/// boundaries of `text`; empty or out-of-bounds ranges are ignored, and of
/// several marks with one range only the first is used.
pub fn marked_html(text: &str, marks: &[Mark], plain: &dyn Fn(&str, &mut String)) -> String {
    let mut marks: Vec<&Mark> = marks
        .iter()
        .filter(|m| {
            m.range.start < m.range.end
                && m.range.end <= text.len()
                && text.is_char_boundary(m.range.start)
                && text.is_char_boundary(m.range.end)
        })
        .collect();
    // Outer before inner: by start, then longest first.
    marks.sort_by(|a, b| {
        (a.range.start, std::cmp::Reverse(a.range.end))
            .cmp(&(b.range.start, std::cmp::Reverse(b.range.end)))
    });
    marks.dedup_by(|b, a| a.range == b.range);

    let mut cuts: Vec<usize> = marks
        .iter()
        .flat_map(|m| [m.range.start, m.range.end])
        .chain([0, text.len()])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = String::with_capacity(text.len() + marks.len() * 48);
    // Open marks, innermost last.
    let mut open: Vec<&Mark> = Vec::new();
    let mut next = 0;
    for w in cuts.windows(2) {
        let at = w[0];
        close_at(at, &mut open, &mut out);
        while let Some(m) = marks.get(next).filter(|m| m.range.start == at) {
            out.push_str("<span class=\"quote\" id=\"");
            out.push_str(&m.id);
            out.push_str("\">");
            open.push(m);
            next += 1;
        }
        plain(&text[at..w[1]], &mut out);
    }
    close_at(text.len(), &mut open, &mut out);
    out
}

/// Closes the marks that end at `at`. A mark still open above one that
/// ends is closed with it and opened again as a continuation.
fn close_at(at: usize, open: &mut Vec<&Mark>, out: &mut String) {
    let Some(lowest) = open.iter().position(|m| m.range.end == at) else {
        return;
    };
    let mut reopen: Vec<&Mark> = Vec::new();
    while open.len() > lowest {
        let Some(m) = open.pop() else { break };
        out.push_str("</span>");
        if m.range.end > at {
            reopen.push(m);
        }
    }
    for m in reopen.into_iter().rev() {
        out.push_str("<span class=\"quote quote-cont\" data-quote=\"");
        out.push_str(&m.id);
        out.push_str("\">");
        open.push(m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, id: &str) -> Mark {
        Mark {
            range: start..end,
            id: id.into(),
        }
    }

    fn html(text: &str, marks: &[Mark]) -> String {
        marked_html(text, marks, &|s, out| out.push_str(&s.replace('<', "&lt;")))
    }

    #[test]
    fn disjoint_nested_equal_and_crossing() {
        assert_eq!(html("abcdef", &[]), "abcdef");
        assert_eq!(
            html("abcdef", &[mark(1, 3, "x"), mark(4, 6, "y")]),
            "a<span class=\"quote\" id=\"x\">bc</span>d<span class=\"quote\" id=\"y\">ef</span>"
        );
        assert_eq!(
            html(
                "abcdef",
                &[mark(2, 3, "in"), mark(1, 5, "out"), mark(1, 5, "dup")]
            ),
            "a<span class=\"quote\" id=\"out\">b<span class=\"quote\" id=\"in\">c</span>de</span>f"
        );
        assert_eq!(
            html("abcdef", &[mark(0, 3, "a"), mark(2, 6, "b")]),
            "<span class=\"quote\" id=\"a\">ab<span class=\"quote\" id=\"b\">c</span></span><span class=\"quote quote-cont\" data-quote=\"b\">def</span>"
        );
        // Same start, the longer one outside; same end.
        assert_eq!(
            html("abcd", &[mark(0, 2, "s"), mark(0, 4, "l"), mark(1, 4, "e")]),
            "<span class=\"quote\" id=\"l\"><span class=\"quote\" id=\"s\">a<span class=\"quote\" id=\"e\">b</span></span><span class=\"quote quote-cont\" data-quote=\"e\">cd</span></span>"
        );
    }

    #[test]
    fn bad_ranges_are_ignored_and_text_is_escaped_by_the_caller() {
        assert_eq!(
            html(
                "<稀土>",
                &[
                    mark(1, 2, "mid-char"),
                    mark(3, 3, "empty"),
                    mark(1, 99, "long")
                ]
            ),
            "&lt;稀土>"
        );
        assert_eq!(
            html("<稀土>", &[mark(1, 4, "q")]),
            "&lt;<span class=\"quote\" id=\"q\">稀</span>土>"
        );
    }

    proptest::proptest! {
        /// Whatever the ranges, the text comes out whole and in order, every
        /// element is closed, and each distinct range's id appears once.
        #[test]
        fn any_marks_give_balanced_html_with_the_text_intact(
            text in "[a-z稀土]{0,24}",
            raw in proptest::collection::vec((0usize..30, 0usize..30), 0..8),
        ) {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let marks: Vec<Mark> = raw
                .iter()
                .enumerate()
                .map(|(i, &(a, b))| {
                    let a = bounds[a % bounds.len()];
                    let b = bounds[b % bounds.len()];
                    mark(a.min(b), a.max(b), &format!("m{i}"))
                })
                .collect();
            let out = html(&text, &marks);
            // Text intact once tags are removed.
            let stripped = regex::Regex::new("<[^>]*>").unwrap().replace_all(&out, "");
            proptest::prop_assert_eq!(stripped.as_ref(), text.as_str());
            // Balanced.
            proptest::prop_assert_eq!(out.matches("<span").count(), out.matches("</span>").count());
            let mut depth: i64 = 0;
            for piece in out.split('<').skip(1) {
                depth += if piece.starts_with('/') { -1 } else { 1 };
                proptest::prop_assert!(depth >= 0);
            }
            // One element with an id per distinct non-empty range.
            let mut ranges: Vec<(usize, usize)> = marks.iter().filter(|m| m.range.start < m.range.end).map(|m| (m.range.start, m.range.end)).collect();
            ranges.sort_unstable();
            ranges.dedup();
            proptest::prop_assert_eq!(out.matches(" id=\"").count(), ranges.len());
        }
    }
}
