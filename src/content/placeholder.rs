//! The texts `briefing new` and `briefing init` leave for an editor to
//! replace, and the check that finds them left in content: each is an error
//! at its position, so a scaffold is never published half-filled.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Span};

/// The slug of a citation not filled in.
pub const SLUG: &str = "<slug>";
/// A citation not filled in.
pub const CITATION: &str = "[](source:<slug> \"verbatim quote\")";
/// A page's `summary` not written.
pub const SUMMARY: &str = "One sentence for lists and search results.";
/// An event's description not written.
pub const EVENT_BODY: &str =
    "One to three sentences, each fact cited: [](source:<slug> \"verbatim quote\").";
/// A brief's or page's text not written.
pub const BRIEF_BODY: &str =
    "Short paragraphs; every fact cited: [](source:<slug> \"verbatim quote\").";
/// A term's definition not written.
pub const DEFINITION: &str = "One line, with a citation: [](source:<slug> \"verbatim quote\").";

/// What to look for, and what to say.
const MARKS: &[(&str, &str)] = &[
    (
        "source:<slug>",
        "unfilled citation from `briefing new`: give the source's slug and a passage quoted from it",
    ),
    (
        SUMMARY,
        "unfilled summary from `briefing new`: write one sentence for lists and search results",
    ),
    (
        "One to three sentences, each fact cited",
        "unfilled event description from `briefing new`: write what happened, each fact cited",
    ),
    (
        "Short paragraphs; every fact cited",
        "unfilled text from `briefing new`: write the page, each fact cited",
    ),
    (
        "One line, with a citation",
        "unfilled definition from `briefing new`: write one line, with a citation",
    ),
];

/// Reports every placeholder left in `text`, the whole of `file`.
pub fn check(file: &Path, text: &str, diags: &mut Diagnostics) {
    if !text.contains("source:<slug>") && !text.contains("One ") && !text.contains("Short ") {
        return;
    }
    for (mark, message) in MARKS {
        for (at, _) in text.match_indices(mark) {
            diags.push(Diagnostic::at(
                Span::of_range(file, text, at, at + mark.len(), 1),
                *message,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_placeholder_where_it_is() {
        let text = format!("+++\ntitle = \"T\"\nsummary = \"{SUMMARY}\"\n+++\n\n{BRIEF_BODY}\n");
        let mut d = Diagnostics::new();
        check(Path::new("content/briefs/t.md"), &text, &mut d);
        let found: Vec<String> = d
            .sorted()
            .iter()
            .map(|d| format!("{} {}", d.span.as_ref().unwrap(), d.message))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("content/briefs/t.md:3:12 unfilled summary"));
        assert!(found[1].starts_with("content/briefs/t.md:6:1 unfilled text"));
        assert!(found[2].starts_with("content/briefs/t.md:6:40 unfilled citation"));
        let mut none = Diagnostics::new();
        check(
            Path::new("x.md"),
            "One fact [](source:demo \"quote\").",
            &mut none,
        );
        assert!(none.is_empty());
    }
}
