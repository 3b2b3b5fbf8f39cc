//! Markdown rendering with the project's extensions (citations, `@/` links,
//! callouts, heading ids, footnotes, highlighted code), through a small
//! in-memory resolver. Never a panic; and when the render reports no error,
//! the HTML is made of known tags and attributes only, and every link uses an
//! allowed scheme — no input can put markup or script into a reader's page.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use briefing::model::markdown::{render, MdInput, Resolver};
use briefing::diag::{Diagnostics, Severity};
use briefing::sources::{self, SeedInput, Source};
use libfuzzer_sys::fuzz_target;

const SEED: &str = "美国稀土战略的特征\n中国作为全球最大的稀土供应国与制造国,在稀土资源开采、加工和制成品生产方面长期占据主导地位。\n2024年12月1日,拜登政府将140家中国企业纳入出口管制清单。\nThe United States has elevated the establishment of a rare earth supply chain.\n稀土很重要。\n稀土很重要,真的。\n";

struct World {
    source: Source,
}

impl Resolver for World {
    fn source(&self, slug: &str) -> Option<&Source> {
        (slug == "demo").then_some(&self.source)
    }
    fn internal(&self, target: &str) -> Option<String> {
        let t = target.trim_end_matches('/');
        match t {
            "index.md" => Some("index.html".into()),
            "events" => Some("timeline/index.html".into()),
            "briefs/x.md" => Some("briefs/x/index.html".into()),
            "sources/demo" => Some("sources/demo/index.html".into()),
            "terms/china" => Some("terms/china/index.html".into()),
            _ => None,
        }
    }
    fn needs_gloss(&self, _: &str, block: usize) -> bool {
        block % 2 == 1
    }
}

fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let mut d = Diagnostics::new();
        let source = sources::load(
            &SeedInput {
                path: Path::new("seeds/demo.txt"),
                bytes: SEED.as_bytes(),
                sidecar: Some((
                    Path::new("seeds/demo.toml"),
                    "slug = \"demo\"\ntitle = \"<b>\"\n",
                )),
                rulesets: &Default::default(),
            },
            &mut d,
        )
        .expect("the fixed seed loads");
        World { source }
    })
}

const TAGS: &[&str] = &[
    "p",
    "span",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "sup",
    "div",
    "aside",
    "input",
    "section",
];
const ATTRS: &[&str] = &[
    "id",
    "class",
    "href",
    "title",
    "role",
    "aria-hidden",
    "aria-label",
    "tabindex",
    "data-quote",
    "data-lang",
    "style",
    "type",
    "disabled",
    "checked",
    "start",
];

fn decode_entities(v: &str) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').unwrap_or(0);
        let ent = &rest[1..end.max(1)];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Checks that `html` is only known tags with known, double-quoted attributes.
fn check_html(html: &str) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        if closing {
            rest = &rest[1..];
        }
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        assert!(TAGS.contains(&name), "unexpected tag <{name}> in {html}");
        rest = &rest[name_end..];
        loop {
            rest = rest.trim_start_matches([' ', '\n']);
            if let Some(r) = rest.strip_prefix("/>").or_else(|| rest.strip_prefix('>')) {
                rest = r;
                break;
            }
            assert!(!closing, "attribute on a closing tag in {html}");
            let an_end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(rest.len());
            let attr = &rest[..an_end];
            assert!(
                ATTRS.contains(&attr),
                "unexpected attribute {attr:?} on <{name}> in {html}"
            );
            rest = &rest[an_end..];
            if let Some(r) = rest.strip_prefix("=\"") {
                let v_end = r.find('"').expect("unterminated attribute value");
                let value = decode_entities(&r[..v_end]);
                rest = &r[v_end + 1..];
                if attr == "href" {
                    check_href(&value, html);
                }
                if attr == "id" {
                    assert!(
                        !value.is_empty() && !value.chars().any(char::is_whitespace),
                        "id={value:?} in {html}"
                    );
                }
                if attr == "style" {
                    assert!(
                        value.starts_with("text-align:"),
                        "style={value:?} in {html}"
                    );
                }
            } else {
                assert!(
                    rest.starts_with([' ', '>', '/']),
                    "malformed attribute {attr:?} in {html}"
                );
            }
        }
    }
}

fn check_href(url: &str, html: &str) {
    // What a browser would see: ASCII white space and controls removed.
    let seen: String = url
        .chars()
        .filter(|c| !(c.is_ascii_whitespace() || c.is_ascii_control()))
        .collect::<String>()
        .to_ascii_lowercase();
    let head = seen.split(['/', '?', '#']).next().unwrap_or("");
    if let Some((scheme, _)) = head.split_once(':') {
        assert!(
            ["http", "https", "mailto"].contains(&scheme),
            "href with scheme {scheme:?}: {url:?} in {html}"
        );
    }
}

/// pulldown-cmark 0.13.6 panics on some inputs with
/// `ENABLE_HEADING_ATTRIBUTES` (smallest: `"- }\n   {}\n  -"`; pinned by
/// `catalogue.rs` `pulldown_cmark_panics_on_setext_heading_attributes`).
/// `render` catches that panic and parses again without heading attributes,
/// but libFuzzer's panic hook aborts on any panic, caught or not, so such
/// inputs are skipped here (with a silent hook) to keep the fuzzer looking for
/// other problems. `BRIEFING_FUZZ_STRICT=1` runs them anyway. Remove this when
/// pulldown-cmark is fixed.
fn parser_is_known_to_panic(text: &str) -> bool {
    use pulldown_cmark::{Options, Parser};
    if std::env::var_os("BRIEFING_FUZZ_STRICT").is_some() {
        return false;
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result =
        std::panic::catch_unwind(|| Parser::new_ext(text, options).into_offset_iter().count());
    std::panic::set_hook(hook);
    result.is_err()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if parser_is_known_to_panic(text) {
        return;
    }
    let w = world();
    for (inline, prefix) in [(false, ""), (true, "e-x-")] {
        let input = MdInput {
            path: Path::new("content/briefs/a.md"),
            text,
            base_line: 4,
            page: "briefs/a/index.html",
            first_note: 1,
            inline,
            base_col: 0,
            id_prefix: prefix,
        };
        let r = render(&input, w);
        let failed = r.diagnostics.iter().any(|d| d.severity == Severity::Error);
        if !failed {
            check_html(&r.html);
            for c in &r.citations {
                assert!(w.source.block(&c.block).is_some());
            }
            for id in &r.ids {
                assert!(id.starts_with(prefix) || !id.is_empty(), "{id}");
            }
        }
    }
});
