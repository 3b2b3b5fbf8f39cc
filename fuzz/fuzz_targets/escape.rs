//! The output escaping paths: any text, escaped for its format, stays text
//! and keeps the document well-formed.
//!
//! - XML (`text::xml::escape`, the feed and the sitemap): in an element and
//!   in attributes in both quotes, the document parses (roxmltree), the
//!   element has no child element, and its text is the input (characters
//!   XML cannot hold as U+FFFD).
//! - HTML (`text::html::escape`, the pages): in a title, a paragraph
//!   and quoted attributes, html5ever reads the page without one error, for
//!   any text the inputs accept (no control characters or noncharacters:
//!   `text::controls` refuses them first).
//! - Markdown (`text::markdown`, the `diff` report): a code span is one code
//!   span and nothing else; a fenced block is one code block; HTML text in
//!   a `<summary>` adds no tag and no line.
#![no_main]

use briefing::text::{controls, markdown, xml};
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    check_xml(s);
    check_html(s);
    check_markdown(s);
});

fn check_xml(s: &str) {
    let x = xml::escape(s);
    let doc = format!("<a b=\"{x}\" c='{x}'>{x}</a>");
    let parsed = roxmltree::Document::parse(&doc).expect("escaped text keeps XML well-formed");
    let root = parsed.root_element();
    assert!(root.children().all(|c| c.is_text()), "markup in {s:?}");
    let want: String = s
        .chars()
        .map(|c| if xml::is_xml_char(c) { c } else { '\u{FFFD}' })
        .collect();
    assert_eq!(root.text().unwrap_or(""), want);
}

fn check_html(s: &str) {
    if controls::check(s, controls::Field::Prose).is_some() || s.contains('\r') {
        return;
    }
    use html5ever::tendril::TendrilSink;
    let e = briefing::text::html::escape(s);
    let page = format!(
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{e}</title></head><body><p title=\"{e}\" data-q='{e}'>{e}</p></body></html>"
    );
    let opts = html5ever::ParseOpts {
        tokenizer: html5ever::tokenizer::TokenizerOpts {
            exact_errors: true,
            ..Default::default()
        },
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
    };
    let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), opts)
        .from_utf8()
        .one(page.as_bytes());
    let errors = dom.errors.borrow();
    assert!(errors.is_empty(), "{errors:?} for {s:?}");
}

fn check_markdown(s: &str) {
    let span = markdown::code_span(s);
    let events: Vec<Event<'_>> = Parser::new_ext(&span, pulldown_cmark::Options::all()).collect();
    assert!(
        matches!(
            events.as_slice(),
            [Event::Start(Tag::Paragraph), Event::Code(_), Event::End(TagEnd::Paragraph)]
        ),
        "{span:?} is {events:?}"
    );
    let block = markdown::code_block("diff", s);
    let events: Vec<Event<'_>> = Parser::new_ext(&block, pulldown_cmark::Options::all()).collect();
    assert!(matches!(events.first(), Some(Event::Start(Tag::CodeBlock(_)))), "{block:?}");
    assert!(matches!(events.last(), Some(Event::End(TagEnd::CodeBlock))), "{block:?}");
    assert!(
        events[1..events.len() - 1]
            .iter()
            .all(|e| matches!(e, Event::Text(_))),
        "{block:?} is {events:?}"
    );
    let html = markdown::html_text(s);
    assert!(!html.contains(['<', '>', '\n', '\r']), "{html:?}");
}
