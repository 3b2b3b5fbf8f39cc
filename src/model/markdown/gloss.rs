//! Glosses: an editor's rendering of a quote in another language, written
//! right after its citation as an attribute in braces (as Pandoc writes link
//! attributes):
//!
//! ```markdown
//! The US cannot entirely get around China [](source:ciss "难以完全绕开"){gloss="cannot entirely get around"}.
//! ```
//!
//! The attribute is taken out of the text before the walk, so it is neither
//! shown nor part of a paragraph's text (and so of its id).

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

const OPEN: &str = "{gloss=\"";
const CLOSE: &str = "\"}";

/// The glosses found, by the index of their citation's `Start` event, and
/// the byte ranges and messages of malformed ones.
#[derive(Debug, Default)]
pub(super) struct Glosses {
    pub(super) by_link: HashMap<usize, String>,
    /// Citations followed by a malformed gloss (reported once, as such).
    pub(super) malformed: std::collections::HashSet<usize>,
    pub(super) problems: Vec<(Range<usize>, String)>,
}

/// Finds the gloss after each citation in `events` (parsed from `text`)
/// and removes its text from the events.
pub(super) fn extract<'t>(text: &str, events: &mut Vec<(Event<'t>, Range<usize>)>) -> Glosses {
    let mut found = Glosses::default();
    let mut i = 0;
    while i < events.len() {
        let is_citation = matches!(
            &events[i].0,
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("source:")
        );
        if !is_citation {
            i += 1;
            continue;
        }
        let Some(end) = link_end(events, i) else {
            break;
        };
        let after = events[i].1.end;
        let rest = text.get(after..).unwrap_or("");
        if let Some(attr) = rest.strip_prefix(OPEN) {
            let line = attr.split('\n').next().unwrap_or("");
            match line.find(CLOSE) {
                Some(close) => {
                    let gloss = line[..close].trim();
                    if gloss.is_empty() {
                        found.malformed.insert(i);
                        found.problems.push((
                            after..after + OPEN.len() + close + CLOSE.len(),
                            "empty gloss: write the quote's meaning, or remove `{gloss=\"\"}`"
                                .into(),
                        ));
                    } else {
                        found.by_link.insert(i, gloss.to_string());
                    }
                    let attr_end = after + OPEN.len() + close + CLOSE.len();
                    remove_text(text, events, end + 1, after..attr_end);
                }
                None => {
                    found.malformed.insert(i);
                    found.problems.push((
                    after..after + OPEN.len(),
                    "unclosed gloss: write `{gloss=\"…\"}` on one line, right after the citation".into(),
                    ));
                }
            }
        }
        i = end + 1;
    }
    found
}

/// The index of the `End(Link)` matching the `Start(Link)` at `start`.
fn link_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(Tag::Link { .. }) => depth += 1,
            Event::End(TagEnd::Link) => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// Removes the events of byte range `gone`, from event `from` on: events
/// inside it are dropped (text, and any markup the attribute's text made),
/// a text that runs past it is cut.
fn remove_text(
    text: &str,
    events: &mut Vec<(Event<'_>, Range<usize>)>,
    from: usize,
    gone: Range<usize>,
) {
    let mut j = from;
    while j < events.len() {
        let (ev, range) = &events[j];
        if range.start >= gone.end {
            break;
        }
        if range.start >= gone.start && range.end <= gone.end {
            events.remove(j);
            continue;
        }
        if matches!(ev, Event::Text(_)) && range.start >= gone.start {
            // Runs past the attribute: keep what follows it.
            let keep = text.get(gone.end..range.end).unwrap_or("").to_string();
            let end = range.end;
            events[j] = (Event::Text(CowStr::from(keep)), gone.end..end);
            break;
        }
        j += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(md: &str) -> (Glosses, String) {
        let mut events: Vec<(Event<'_>, Range<usize>)> =
            pulldown_cmark::Parser::new(md).into_offset_iter().collect();
        let g = extract(md, &mut events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        (g, html)
    }

    #[test]
    fn a_gloss_is_taken_out_of_the_text() {
        let (g, html) =
            run("A [](source:s \"难以完全绕开\"){gloss=\"cannot entirely get around\"}, *b* c.");
        assert_eq!(
            g.by_link.values().collect::<Vec<_>>(),
            ["cannot entirely get around"]
        );
        assert!(g.problems.is_empty());
        assert!(!html.contains("gloss"), "{html}");
        assert!(html.contains(", <em>b</em> c."), "{html}");
    }

    #[test]
    fn only_right_after_a_citation_and_closed_on_its_line() {
        let (g, html) =
            run("[x](https://e.org){gloss=\"no\"} and [](source:s \"q\") {gloss=\"no\"}");
        assert!(g.by_link.is_empty());
        assert!(html.contains("{gloss="));
        let (g, _) = run("[](source:s \"q\"){gloss=\"open\nline\"}");
        assert_eq!(g.problems.len(), 1);
        assert!(g.problems[0].1.starts_with("unclosed gloss"));
        let (g, _) = run("[](source:s \"q\"){gloss=\"  \"}");
        assert!(g.problems[0].1.starts_with("empty gloss"));
    }

    #[test]
    fn a_gloss_may_hold_quotes_and_markdown_characters() {
        let (g, html) = run("[](source:s \"q\"){gloss=\"the *\"US-led\"* MSP\"}!");
        assert_eq!(
            g.by_link.values().next().map(String::as_str),
            Some("the *\"US-led\"* MSP")
        );
        assert_eq!(html.trim(), "<p><a href=\"source:s\" title=\"q\"></a>!</p>");
    }
}
