//! Front matter splitting and parsing of pages, events, the glossary and the
//! site configuration: any text gives a value or positioned diagnostics,
//! never a panic.
#![no_main]

use std::path::Path;

use briefing::config::Config;
use briefing::content::{self, frontmatter};
use briefing::diag::Diagnostics;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Every diagnostic's position must lie in the text it points into.
    let lines = text.lines().count().max(1) + 1;
    let check = |d: &Diagnostics| {
        for diag in d.iter() {
            if let Some(span) = &diag.span {
                assert!(
                    span.line <= lines,
                    "line {} of {lines}: {diag:?}",
                    span.line
                );
            }
        }
    };
    if let Ok(split) = frontmatter::split(text, Path::new("content/x.md")) {
        assert!(split.body_line >= 2);
        let _ = frontmatter::parse::<content::PageMeta>(&split, Path::new("content/x.md"));
    }
    for path in ["content/x.md", "content/index.md", "content/briefs/y.md"] {
        let mut d = Diagnostics::new();
        let page = content::parse_page(Path::new(path), text, &mut d);
        assert_eq!(page.is_some(), !d.has_errors(), "{path}: {d:?}");
        check(&d);
    }
    let mut d = Diagnostics::new();
    let event = content::parse_event(Path::new("content/events/e.md"), text, &mut d);
    assert_eq!(event.is_some(), !d.has_errors(), "{d:?}");
    check(&d);
    let mut d = Diagnostics::new();
    let _ = content::parse_glossary(Path::new("content/glossary.toml"), text, &mut d);
    check(&d);
    let _ = Config::parse(text, Path::new("briefing.toml"));
});
