//! Escaping for the Markdown of `briefing diff`, which a CI job posts on a
//! pull request (GitHub-flavoured Markdown, HTML allowed). Text from a build
//! (titles, paths, page text) goes only into code spans, fenced code blocks
//! or the report's own HTML elements, escaped for each, so that it never
//! becomes a heading, a link, an image, a mention or markup. Line breaks and
//! other characters that could end the span or hide text are shown as
//! `\u{..}` escapes.

use std::fmt::Write;

/// Characters shown as escapes: all control characters (line breaks too:
/// a code span or an HTML block must stay on its line), bidirectional
/// controls and zero-width characters.
fn is_shown_escaped(c: char) -> bool {
    c.is_control() || super::controls::is_bidi_control(c) || super::controls::is_zero_width(c)
}

/// `s` with those characters as escapes.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_shown_escaped(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// The longest run of backticks in `s`.
fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// `s` as a Markdown code span: shown as it is, read as nothing. The fence
/// is longer than any run of backticks inside; a space pads text that
/// starts or ends with a backtick or a space (CommonMark strips one space
/// from each end).
pub fn code_span(s: &str) -> String {
    let text = one_line(s);
    let fence = "`".repeat(longest_backtick_run(&text) + 1);
    let pad = text.is_empty() || text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']);
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` as a fenced code block with info string `info` (a word of the
/// report's own, such as `diff`). The fence is longer than any run of
/// backticks in the text, so no line can close it; control characters
/// other than line feed and tab are shown as escapes.
pub fn code_block(info: &str, text: &str) -> String {
    let mut body = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if c != '\n' && c != '\t' && is_shown_escaped(c) {
            let _ = write!(body, "\\u{{{:x}}}", u32::from(c));
        } else {
            body.push(c);
        }
    }
    if !body.is_empty() && !body.ends_with('\n') {
        body.push('\n');
    }
    let fence = "`".repeat((longest_backtick_run(&body) + 1).max(3));
    format!("{fence}{info}\n{body}{fence}\n")
}

/// `s` as text inside one of the report's own HTML elements (a
/// `<summary>`): HTML-escaped, and on one line, so that the HTML block it
/// is in cannot end early (a blank line would end it).
pub fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_anything() {
        assert_eq!(code_span("Title"), "`Title`");
        assert_eq!(code_span("a `b` c"), "``a `b` c``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span(""), "`  `");
        assert_eq!(
            code_span("x\n# All checks passed\n[Merge](https://e.org)"),
            "`x\\u{a}# All checks passed\\u{a}[Merge](https://e.org)`"
        );
    }

    #[test]
    fn code_blocks_cannot_be_closed_from_inside() {
        assert_eq!(code_block("diff", "+a\n-b"), "```diff\n+a\n-b\n```\n");
        assert_eq!(
            code_block("diff", "```\n# x\n"),
            "````diff\n```\n# x\n````\n"
        );
    }

    #[test]
    fn html_text_stays_text_on_one_line() {
        assert_eq!(
            html_text("<img src=x>\n\n# h"),
            "&lt;img src=x&gt;\\u{a}\\u{a}# h"
        );
    }
}
