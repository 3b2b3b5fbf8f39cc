//! Parsing Markdown into pulldown-cmark's events, with their byte ranges.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

/// The Markdown the project accepts: GitHub's extensions, footnotes, and
/// heading attributes (`{#id}`).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// The events of `text`, or `None` when the parser cannot read it.
///
/// pulldown-cmark 0.13.6 can panic on some input when heading attributes
/// are enabled (found by fuzzing): such text is parsed again without them.
pub(super) fn events(text: &str) -> Option<Vec<(Event<'_>, Range<usize>)>> {
    let parse = |opts: Options| {
        std::panic::catch_unwind(|| {
            Parser::new_ext(text, opts)
                .into_offset_iter()
                .collect::<Vec<_>>()
        })
    };
    parse(options())
        .or_else(|_| parse(options() - Options::ENABLE_HEADING_ATTRIBUTES))
        .ok()
}
