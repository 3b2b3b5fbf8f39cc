//! Every output format well-formed, whatever the text of the inputs. Any
//! title, summary, tag, term name and site title either is refused with a
//! positioned error, or gives HTML an HTML5 parser reads without a single
//! error (html5ever, exact errors), and a feed and sitemap an XML parser
//! accepts (roxmltree). Any title, kind, path and page text gives a `diff`
//! report whose Markdown holds no heading, link, image or HTML but the
//! report's own (pulldown-cmark).

use std::path::Path;

use briefing::site::{generate, BuildOptions};
use proptest::prelude::*;

use crate::site_test::{SEED, SIDECAR};

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The errors html5ever reports for `html` (an empty list: well-formed).
fn html_errors(html: &[u8]) -> Vec<String> {
    use html5ever::tendril::TendrilSink;
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
        .one(html);
    let errors = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
    errors
}

/// Text that is hard on every output format at once.
fn hostile() -> impl Strategy<Value = String> {
    // Mostly text a field may hold, hostile to some output format; now and
    // then something no field may hold.
    let piece = prop_oneof![
        3 => Just("<script>alert(1)</script>".to_string()),
        3 => Just("</title><b x='\"'>".to_string()),
        3 => Just("\"'&amp;&#0;&lt;&".to_string()),
        3 => Just("]]><!-- --><![CDATA[".to_string()),
        3 => Just("{{ x }}{% raw %}{# c".to_string()),
        3 => Just("# H [l](https://e.org) *e* `c` <https://x.org> @you".to_string()),
        3 => Just("稀土 — café ☃ 𝔘".to_string()),
        6 => "\\PC{1,12}",
        2 => prop_oneof![
            Just("\u{202e}\u{200b}\u{feff}".to_string()),
            Just("line\nbreak".to_string()),
            "[\\x00-\\x1f\\x7f-\\u{9f}]{1,3}",
            "[\\u{fffe}\\u{ffff}\\u{fdd0}]",
            any::<String>(),
        ],
    ];
    prop::collection::vec(piece, 1..4).prop_map(|v| v.concat())
}

/// Writes a site whose text fields hold the given strings.
fn site(dir: &Path, t: &Texts) {
    let w = |rel: &str, text: String| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    w(
        "briefing.toml",
        format!(
            "title = {}\ndescription = {}\n",
            toml_str(&t.site),
            toml_str(&t.summary)
        ),
    );
    w("seeds/demo.txt", SEED.to_string());
    w(
        "seeds/demo.toml",
        format!("{SIDECAR}author = {}\n", toml_str(&t.title)),
    );
    w(
        "content/glossary.toml",
        format!(
            "[[term]]\nid = \"china\"\nname = {}\nkind = \"place\"\ndefinition = \"A country [](source:demo \\\"全球最大的稀土供应国\\\").\"\n",
            toml_str(&t.term)
        ),
    );
    w(
        "content/index.md",
        "+++\ntitle = \"Home\"\n+++\nChina [](source:demo \"长期占据主导地位\").\n".to_string(),
    );
    w(
        "content/briefs/a.md",
        format!(
            "+++\ntitle = {}\nsummary = {}\ntags = [{}]\n+++\nText [](source:demo \"140家中国企业\").\n",
            toml_str(&t.title),
            toml_str(&t.summary),
            toml_str(&t.tag)
        ),
    );
    w(
        "content/events/2024-12-01-e.md",
        format!(
            "+++\ntitle = {}\ndate = \"2024-12-01\"\nactors = [\"china\"]\n+++\nListed [](source:demo \"纳入出口管制清单\").\n",
            toml_str(&t.title)
        ),
    );
}

#[derive(Debug, Clone)]
struct Texts {
    site: String,
    title: String,
    summary: String,
    tag: String,
    term: String,
}

/// The options of a build of the site in `dir`.
fn options(dir: &Path) -> BuildOptions {
    BuildOptions {
        root: dir.to_path_buf(),
        output: dir.join("public"),
        base_url: Some("https://example.org/sub/".into()),
        drafts: false,
    }
}

/// The site of the property below, with plain text in every field, builds:
/// a case it refuses is refused for what was generated, not for the rest of
/// the site (its glossary once named a kind of term no longer known, and
/// every case was refused before its output was checked).
#[test]
fn the_site_of_the_property_builds_with_plain_text() {
    let dir = tempfile::tempdir().expect("a folder");
    let plain = |s: &str| s.to_string();
    site(
        dir.path(),
        &Texts {
            site: plain("Site"),
            title: plain("Title"),
            summary: plain("Summary"),
            tag: plain("tag"),
            term: plain("China"),
        },
    );
    let built = generate(&options(dir.path()))
        .unwrap_or_else(|d| panic!("the site builds: {:?}", d.iter().collect::<Vec<_>>()));
    assert!(built.files.iter().any(|f| f.path.ends_with(".html")));
}

/// Cases of the property below.
const CASES: u32 = 40;

#[test]
fn any_text_gives_well_formed_html_and_xml_or_a_positioned_error() {
    let texts = (
        hostile(),
        hostile(),
        hostile(),
        // Tags are slugs: mostly valid ones, now and then anything.
        prop_oneof![4 => "[a-z0-9][a-z0-9_-]{0,10}", 1 => hostile()],
        hostile(),
    )
        .prop_map(|(site, title, summary, tag, term)| Texts {
            site,
            title,
            summary,
            tag,
            term,
        });
    // The cases that built, whose output was checked.
    let built_cases = std::sync::atomic::AtomicU32::new(0);
    let config = ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    crate::properties::run_property(config, &texts, |texts| {
        let dir = tempfile::tempdir().expect("a folder");
        site(dir.path(), &texts);
        match generate(&options(dir.path())) {
            Err(diags) => {
                // Refused: with the cause at its line and column (other
                // errors may follow from it, such as an actor whose term
                // was refused).
                let positioned = diags
                    .iter()
                    .any(|d| d.span.as_ref().is_some_and(|s| s.line > 0));
                prop_assert!(
                    positioned,
                    "no positioned error in {:?} for {texts:?}",
                    diags.iter().collect::<Vec<_>>()
                );
            }
            Ok(built) => {
                let mut xml = 0;
                for f in &built.files {
                    if f.path.ends_with(".html") {
                        let errors = html_errors(&f.bytes);
                        prop_assert!(errors.is_empty(), "{}: {errors:?} for {texts:?}", f.path);
                    } else if f.path.ends_with(".xml") {
                        let text = std::str::from_utf8(&f.bytes).expect("UTF-8");
                        let parsed = roxmltree::Document::parse(text);
                        prop_assert!(parsed.is_ok(), "{}: {parsed:?} for {texts:?}", f.path);
                        xml += 1;
                    }
                }
                prop_assert_eq!(xml, 2, "the feed and the sitemap");
                built_cases.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        Ok(())
    });
    // About half the cases build (200 of 400 in one run of 400 cases): a property
    // whose every case is refused checks no output at all. A fifth of them
    // must; fewer by chance is about one run in 50,000.
    let built = built_cases.into_inner();
    assert!(
        built >= CASES / 5,
        "only {built} of {CASES} cases built: the output was hardly checked"
    );
}

/// The shipped site, as built, is well-formed HTML, XML and JSON throughout:
/// the property above starts from a clean baseline.
#[test]
fn the_shipped_site_is_well_formed() {
    // The checks see what they look for.
    assert!(!html_errors(b"<!DOCTYPE html><title>a\x07</title>").is_empty());
    assert!(roxmltree::Document::parse("<a>\u{7}</a>").is_err());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = generate(&BuildOptions {
        root: root.to_path_buf(),
        output: root.join("public"),
        base_url: Some("https://example.org/".into()),
        drafts: false,
    })
    .unwrap_or_else(|d| panic!("the shipped site builds: {:?}", d.iter().next()));
    for f in &built.files {
        if f.path.ends_with(".html") {
            assert_eq!(html_errors(&f.bytes), Vec::<String>::new(), "{}", f.path);
        } else if f.path.ends_with(".xml") {
            let text = std::str::from_utf8(&f.bytes).expect("UTF-8");
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        }
    }
}

// ---------------------------------------------------------------------------
// `diff`: the report's Markdown.

/// A build folder with a manifest of `pages` (path → title, kind, text).
fn build_folder(dir: &Path, pages: &[(String, String, String, String)]) {
    let mut entries = serde_json::Map::new();
    for (path, title, kind, text) in pages {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(&file, format!("<main><p>{text}</p></main>")).expect("a page");
        entries.insert(
            path.clone(),
            serde_json::json!({"hash": format!("{:x}", text.len()) + text, "title": title, "kind": kind}),
        );
    }
    std::fs::create_dir_all(dir).expect("mkdir");
    let manifest =
        serde_json::json!({"version": 2, "generator": "briefing", "pages": entries, "files": []});
    std::fs::write(dir.join("briefing-manifest.json"), manifest.to_string()).expect("manifest");
}

/// What the Markdown holds that is not text: headings, links, images and
/// HTML, as the parser sees them.
fn structure(md: &str) -> (Vec<String>, usize, Vec<String>) {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut headings = Vec::new();
    let mut links = 0;
    let mut html = Vec::new();
    let mut in_heading = None::<String>;
    for event in Parser::new_ext(md, pulldown_cmark::Options::all()) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = Some(String::new()),
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => headings.extend(in_heading.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = in_heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => links += 1,
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            _ => {}
        }
    }
    (headings, links, html)
}

/// The tags in a piece of the report's HTML.
fn tags(html: &str) -> Vec<String> {
    html.match_indices('<')
        .map(|(i, _)| {
            html[i + 1..]
                .chars()
                .take_while(|c| *c != '>' && !c.is_whitespace())
                .collect()
        })
        .collect()
}

fn page_entry() -> impl Strategy<Value = (String, String, String, String)> {
    (
        "[a-z]{1,6}(/[a-z]{1,6}){0,2}/index\\.html",
        hostile(),
        hostile(),
        hostile(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_diff_report_holds_no_heading_link_or_html_but_its_own(
        old in prop::collection::vec(page_entry(), 0..4),
        new in prop::collection::vec(page_entry(), 0..4),
        changed_text in hostile(),
    ) {
        let dir = tempfile::tempdir().expect("a folder");
        // Pages of the old build that the new one has too, with other text
        // (changed), plus pages of their own (removed, added).
        let mut new = new;
        for (path, title, kind, _) in old.iter().take(2) {
            new.push((path.clone(), title.clone(), kind.clone(), changed_text.clone()));
        }
        new.sort_by(|a, b| a.0.cmp(&b.0));
        new.dedup_by(|a, b| a.0 == b.0 || a.0.starts_with(&format!("{}/", b.0.trim_end_matches("/index.html"))));
        let mut old = old;
        old.sort_by(|a, b| a.0.cmp(&b.0));
        old.dedup_by(|a, b| a.0 == b.0);
        let (a, b) = (dir.path().join("old"), dir.path().join("new"));
        // Paths that are both a page and a folder of another cannot be
        // written; such cases are skipped.
        let written = std::panic::catch_unwind(|| {
            build_folder(&a, &old);
            build_folder(&b, &new);
        });
        prop_assume!(written.is_ok());
        let md = briefing::diff::report(&a, &b).expect("a report");
        let (headings, links, html) = structure(&md);
        prop_assert_eq!(headings.len(), 1, "{:?} in\n{}", headings, md);
        prop_assert!(headings[0].starts_with("Site changes: "), "{:?}", headings);
        prop_assert_eq!(links, 0, "a link in\n{}", md);
        for piece in &html {
            for tag in tags(piece) {
                prop_assert!(
                    ["details", "/details", "summary", "/summary", "code", "/code"].contains(&tag.as_str()),
                    "HTML <{}> in\n{}", tag, md
                );
            }
        }
    }
}

/// The case from the report: a title with a line break and Markdown.
#[test]
fn a_title_with_markdown_is_shown_not_read_in_a_diff() {
    let dir = tempfile::tempdir().expect("a folder");
    let (a, b) = (dir.path().join("old"), dir.path().join("new"));
    let title = "x\n# All checks passed\n[Merge now](https://e.org) <img src=x onerror=alert(1)>";
    build_folder(
        &a,
        &[(
            "a/index.html".into(),
            "A".into(),
            "brief".into(),
            "one".into(),
        )],
    );
    build_folder(
        &b,
        &[(
            "a/index.html".into(),
            title.into(),
            "brief".into(),
            "two".into(),
        )],
    );
    let md = briefing::diff::report(&a, &b).expect("a report");
    let (headings, links, html) = structure(&md);
    assert_eq!(
        headings,
        ["Site changes: 0 added, 0 removed, 1 changed"],
        "{md}"
    );
    assert_eq!(links, 0, "{md}");
    assert!(html.iter().all(|h| !h.contains("<img")), "{md}");
    assert!(md.contains("`x\\u{a}# All checks passed\\u{a}[Merge now](https://e.org) <img src=x onerror=alert(1)>`"), "{md}");
}

/// Fuzz target `escape`, crash-69e0ebcd: SUB, carriage returns and an `&`.
/// The XML was well-formed, but a parser turned a raw CR into a line feed
/// (and roxmltree kept one before the `&amp;`): text did not come back as
/// written. A CR is now written as `&#13;`.
#[test]
fn fuzz_escape_crash_69e0ebcd_carriage_returns_survive_xml() {
    let text = "\u{1a}\r\r\r\n&\r0\r";
    let doc = format!("<a>{}</a>", briefing::text::xml::escape(text));
    let parsed = roxmltree::Document::parse(&doc).expect("well-formed");
    assert_eq!(parsed.root_element().text(), Some("\u{fffd}\r\r\r\n&\r0\r"));
}
