//! The theme's words in the site's language: the zh-Hans fixture
//! (tests/browser/fixtures/zh-hans) shows no English word of the UI, dates
//! like 2025年6月17日 and its own override; a site's language files are
//! checked against the theme's (keys, kinds of word, placeholders, plural
//! forms); an unknown language is an error; kinds of terms and sections
//! take their headings from the language files; counts take their plural
//! forms.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use markup5ever_rcdom::{Handle, NodeData, RcDom};

use crate::site_test::SiteTest;

fn zh_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/fixtures/zh-hans")
}

/// Builds the site at `root` into `out` (with a base URL: the feed too).
fn build(root: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["--root", root.to_str().unwrap(), "build", "--output"])
        .arg(out)
        .args(["--base-url", "https://example.org/zh/"])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A copy of the fixture with `edit` applied to its briefing.toml.
fn fixture_copy(dir: &Path, edit: impl Fn(&str) -> String) -> PathBuf {
    let root = dir.join("site");
    for e in walkdir::WalkDir::new(zh_fixture()) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(zh_fixture()).unwrap();
        let to = root.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let config = root.join("briefing.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, edit(&text)).unwrap();
    root
}

/// Words of Latin letters (two or more) in `text`.
fn latin_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_string)
        .collect()
}

/// An address in a text (the page's own, in "Cite this page").
static URL: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\S+://\S+").unwrap());
/// What a script's word holds that it does not show: placeholders, and the
/// names of plural forms.
static JSON_NAMES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"\{[a-z_]+\}|"(zero|one|two|few|many|other)":"#).unwrap()
});

/// Attributes whose values are ids, classes or addresses, not words.
const NOT_WORDS: [&str; 8] = [
    "data-tags",
    "data-actors",
    "data-sources",
    "data-after",
    "data-note",
    "data-n",
    "data-quote",
    "data-kind",
];

/// What a reader meets on a page: its text (not scripts or styles, nor code:
/// file names, hashes, the BibTeX entry; addresses left out), the names and
/// hints of its elements (`aria-label`, `title`, `placeholder`, `alt`) and
/// the words its scripts show (`data-` attributes, as JSON with `{name}`
/// placeholders: the placeholders and JSON keys are not shown).
fn shown(html: &str) -> Vec<(String, String)> {
    use html5ever::tendril::TendrilSink;
    // Without scripting, so that a <noscript>'s content is elements.
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let dom = html5ever::parse_document(RcDom::default(), opts)
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .unwrap();
    let mut out = Vec::new();
    fn walk(h: &Handle, out: &mut Vec<(String, String)>) {
        match &h.data {
            NodeData::Text { contents } => {
                let text = URL.replace_all(&contents.borrow(), " ").into_owned();
                out.push(("text".into(), text));
            }
            NodeData::Element { name, attrs, .. } => {
                let tag = name.local.to_string();
                if ["script", "style", "pre", "code"].contains(&tag.as_str()) {
                    return;
                }
                for a in attrs.borrow().iter() {
                    let n = a.name.local.to_string();
                    let v = a.value.to_string();
                    if ["aria-label", "title", "placeholder", "alt"].contains(&n.as_str()) {
                        out.push((format!("<{tag} {n}>"), v));
                    } else if n.starts_with("data-")
                        && !n.ends_with("-href")
                        && !NOT_WORDS.contains(&n.as_str())
                    {
                        let words = JSON_NAMES.replace_all(&v, " ").into_owned();
                        out.push((format!("<{tag} {n}>"), words));
                    }
                }
            }
            _ => {}
        }
        for c in h.children.borrow().iter() {
            walk(c, out);
        }
    }
    walk(&dom.document, &mut out);
    out
}

/// The Latin words each page of `out` shows that are not in `allowed`:
/// word → where.
fn english_words(out: &Path, allowed: &BTreeSet<String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let html = std::fs::read_to_string(e.path()).unwrap();
        let page = e.path().strip_prefix(out).unwrap().display().to_string();
        for (at, text) in shown(&html) {
            for w in latin_words(&text) {
                if !allowed.contains(&w) {
                    found.entry(w).or_default().insert(format!("{page} {at}"));
                }
            }
        }
    }
    found
}

/// The Latin words of the fixture's own text (its content, seeds and
/// configuration, without comments; not its language file), and the names
/// that are no word of any language.
fn fixture_words(root: &Path) -> BTreeSet<String> {
    let mut words: BTreeSet<String> = ["JavaScript", "SHA", "UTF", "PDF", "BibTeX"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for e in walkdir::WalkDir::new(root) {
        let e = e.unwrap();
        if e.file_type().is_file() && !e.path().starts_with(root.join("i18n")) {
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            words.extend(latin_words(&rel));
            let text = std::fs::read_to_string(e.path()).unwrap();
            let toml = e.path().extension().is_some_and(|x| x == "toml");
            for line in text
                .lines()
                .filter(|l| !(toml && l.trim_start().starts_with('#')))
            {
                words.extend(latin_words(line));
            }
        }
    }
    words
}

#[test]
fn a_zh_hans_site_shows_no_english_word_of_the_ui() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("zh");
    build(&zh_fixture(), &out);
    let allowed = fixture_words(&zh_fixture());
    let found = english_words(&out, &allowed);
    assert!(
        found.is_empty(),
        "English words of the UI on the zh-Hans site: {found:#?}"
    );
    // The scan sees the UI's words: the same site in English shows them.
    let en = fixture_copy(tmp.path(), |t| {
        t.replace("language = \"zh-Hans\"", "language = \"en\"")
    });
    std::fs::remove_dir_all(en.join("i18n")).unwrap();
    let en_out = tmp.path().join("en");
    build(&en, &en_out);
    let found = english_words(&en_out, &allowed);
    for w in [
        "Timeline",
        "Sources",
        "Notes",
        "Skip",
        "mentions",
        "Tags",
        "Search",
        "Discrepancy",
        "Jun",
    ] {
        assert!(found.contains_key(w), "{w} not found in {:?}", found.keys());
    }
}

#[test]
fn a_zh_hans_site_has_chinese_dates_counts_and_words() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("zh");
    build(&zh_fixture(), &out);
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let timeline = read("timeline/index.html");
    for needle in [
        "lang=zh-Hans><head>",
        "<time datetime=2025-06-17>2025年6月17日</time>",
        "<time datetime=2024-12>2024年12月</time>",
        "约2025年",
        "<h2 id=y1990s>1990年代</h2>",
        "<h2 id=y2025>2025年</h2>",
        "aria-label=每年的事件数，1990年代–2025年",
        "<text class=year text-anchor=middle x=27 y=127>1990年代</text>",
        "<option value=科技>科技（4）<",
        "<title>时间线 · 稀土简报</title>",
    ] {
        assert!(
            timeline.contains(needle),
            "{needle} not on the timeline:\n{timeline}"
        );
    }
    let home = read("index.html");
    for needle in [
        "2 个来源 · 2 篇简报 · 5 个事件 · 5 个术语",
        "<p class=callout-title>注<p",
        "<p class=callout-title>出入<p",
        "<span class=src-kind>智库专栏，2025年6月17日。</span>",
        "aria-label=\"1：稀土战略专栏，¶ 2\"",
        "稀土战略专栏，¶\u{a0}2</a>：",
    ] {
        assert!(
            home.contains(needle),
            "{needle} not on the home page:\n{home}"
        );
    }
    // The site's own word over the theme's.
    let search = read("search/index.html");
    assert!(
        search.contains("placeholder=例如：稀土、出口管制、二〇二四年"),
        "{search}"
    );
    assert!(search.contains("搜索简报、来源、事件与术语"), "{search}");
    // Term kinds named by the language file (the fixture lists none).
    let terms = read("terms/index.html");
    assert!(terms.contains("<h2 id=kind-person>人物</h2>"), "{terms}");
    let feed = read("atom.xml");
    assert!(feed.contains("xml:lang=\"zh-Hans\""), "{feed}");
    assert!(
        feed.contains("<title>2025年6月17日：七国集团讨论关键矿产</title>"),
        "{feed}"
    );
    // A tag's page lists its events with their dates, in timeline order.
    let tag = read("tags/出口管制/index.html");
    let (a, b) = (
        tag.find("2024年12月1日 — ").unwrap(),
        tag.find("约2025年 — ").unwrap(),
    );
    assert!(a < b, "{tag}");
}

#[test]
fn a_zh_hans_page_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("zh");
    build(&zh_fixture(), &out);
    let page = std::fs::read_to_string(out.join("sources/镓锗简讯/index.html")).unwrap();
    insta::assert_snapshot!("zh_hans_source_page", page.replace('>', ">\n"));
}

/// The default theme's language files have the same words, each of the
/// same kind, with no placeholder the English does not have (which the
/// build checks too), and load without a warning.
#[test]
fn the_shipped_language_files_have_the_same_keys() {
    let files = briefing::render::theme::default_language_files();
    assert_eq!(files.len(), 2);
    let keys = |f: &briefing::i18n::LangFile| -> BTreeMap<String, &'static str> {
        f.entries
            .iter()
            .map(|(k, e)| {
                let kind = match &e.value {
                    briefing::i18n::Value::Text(_) | briefing::i18n::Value::Forms(_) => "word",
                    briefing::i18n::Value::List(_) => "list",
                };
                (k.clone(), kind)
            })
            .collect()
    };
    assert_eq!(keys(&files[0]), keys(&files[1]));
    for lang in ["en", "zh-Hans"] {
        let layers = briefing::i18n::Layers {
            builtin: briefing::render::theme::default_language_files(),
            ..Default::default()
        };
        let mut d = briefing::diag::Diagnostics::new();
        assert!(briefing::i18n::assemble(&layers, lang, &mut d).is_some());
        assert!(
            d.is_empty(),
            "{lang}: {:?}",
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        );
    }
}

#[test]
fn english_counts_take_their_plural_forms() {
    let site = SiteTest::with_seed()
        .file(
            "content/glossary.toml",
            "[[term]]\nid = \"g\"\nname = \"Gallium\"\nkind = \"concept\"\ndefinition = \"An element.\"\n\n[[term]]\nid = \"s\"\nname = \"Silver\"\nkind = \"concept\"\ndefinition = \"An element.\"\n",
        )
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nGallium once.\n");
    site.build()
        .success()
        .page_contains("index.html", "1 source · 0 briefs · 0 events · 2 terms")
        .page_contains("terms/index.html", "<span class=count>1 mention</span>")
        .page_contains("terms/index.html", "<span class=count>0 mentions</span>")
        .page_contains("sources/index.html", "4 paragraphs");
}

#[test]
fn a_site_rewords_the_theme_and_names_its_sections_and_kinds() {
    SiteTest::with_seed()
        .file(
            "briefing.toml",
            "title = \"T\"\n[[term_kinds]]\nid = \"place\"\n[[term_kinds]]\nid = \"concept\"\nheading = \"Ideas\"\n[[term_kinds]]\nid = \"vessel\"\n",
        )
        .file(
            "i18n/en.toml",
            "[nav]\ntimeline = \"Chronology\"\n[section]\nreports = \"Field reports\"\n[term_kind]\nvessel = \"Ships\"\n",
        )
        .file("content/reports/a.md", "+++\ntitle = \"A\"\n+++\nText.\n")
        .build()
        .success()
        .page_contains("index.html", ">Chronology</a>")
        .page_contains("reports/index.html", "<h1>Field reports</h1>")
        .page_contains("terms/index.html", "<h2 id=kind-place>Places</h2>")
        .page_contains("terms/index.html", "<h2 id=kind-concept>Ideas</h2>");
}

#[test]
fn a_kind_of_term_without_a_heading_is_an_error() {
    SiteTest::with_seed()
        .file(
            "briefing.toml",
            "[[term_kinds]]\nid = \"place\"\n[[term_kinds]]\nid = \"concept\"\n[[term_kinds]]\nid = \"vessel\"\n",
        )
        .build()
        .failure()
        .stderr_contains("term kind `vessel` has no heading: give it one in briefing.toml");
}

#[test]
fn a_language_no_file_speaks_is_an_error_and_a_partial_one_warns() {
    SiteTest::with_seed()
        .file("briefing.toml", "language = \"fr\"\n")
        .build()
        .failure()
        .stderr_contains("briefing.toml: error: language `fr`: no language file speaks it (the theme's words are in en, zh-Hans)")
        .stderr_contains("translate the theme's words in i18n/fr.toml");
    let site = SiteTest::with_seed()
        .file("briefing.toml", "language = \"fr\"\n")
        .file("i18n/fr.toml", "[nav]\nhome = \"Accueil\"\n[home]\nsources = { one = \"{n} source\", other = \"{n} sources\", many = \"{n} de sources\" }\n");
    site.build()
        .success()
        .stderr_contains("i18n/fr.toml: warning: ")
        .stderr_contains("words have no `fr` text and show in English")
        .page_contains("index.html", ">Accueil</a>")
        .page_contains("index.html", ">Timeline</a>")
        .page_contains("index.html", "lang=fr><head>");
    site.run(&["check", "--deny-warnings"]).failure();
    // A regional variant falls back to its language.
    SiteTest::with_seed()
        .file("briefing.toml", "language = \"zh-Hans-CN\"\n")
        .build()
        .success()
        .page_contains("index.html", ">时间线</a>");
    SiteTest::with_seed()
        .file("briefing.toml", "language = \"en_GB\"\n")
        .build()
        .failure()
        .stderr_contains("language: `en_GB` is not a language tag");
}

#[test]
fn a_site_language_file_is_checked_against_the_theme() {
    SiteTest::with_seed()
        .file(
            "i18n/en.toml",
            "[nav]\nhom = \"Start\"\n[home]\nsources = \"{n} sources in {place}\"\nlatest = { one = \"x\", other = \"y\" }\n[date]\nmonths = [\"Jan\"]\n[search]\nnoscript = \"See [the terms](term).\"\n",
        )
        .file("i18n/zh-hant.toml", "[nav]\nhome = 1\n")
        .file("i18n/notes.txt", "")
        .build()
        .failure()
        .stderr_contains("i18n/en.toml:2:1: error: unknown word `nav.hom`; did you mean `nav.home`?")
        .stderr_contains("i18n/en.toml:4:1: error: `home.sources` uses `{place}`, which this word does not have (it has `{n}`)")
        .stderr_contains("i18n/en.toml:5:1: error: `home.latest` is a text (as in the theme's en.toml), not a table of plural forms")
        .stderr_contains("i18n/en.toml:7:1: error: `date.months` lists 12 texts, as the theme's en.toml does; this lists 1")
        .stderr_contains("i18n/en.toml:9:1: error: `search.noscript` uses `{term}`, which this word does not have (it has `{terms}`, `{timeline}`)")
        .stderr_contains("i18n/zh-hant.toml:2:8: error: `nav.home`: a word is a string")
        .stderr_contains("i18n/notes.txt: warning: language files are `<language>.toml` files directly in i18n/");
    // A word written as HTML shows as text.
    SiteTest::with_seed()
        .file("i18n/en.toml", "[home]\nlatest = \"<b>New</b> & noted\"\n")
        .file("content/events/2025-01-01-a.md", "+++\ntitle = \"A\"\ndate = \"2025-01-01\"\n+++\nText [](source:demo \"长期占据主导地位\").\n")
        .build()
        .success()
        .page_contains("index.html", "<h2 id=latest-title>&lt;b>New&lt;/b> & noted</h2>");
}

#[test]
fn theme_export_writes_the_language_files() {
    let site = SiteTest::with_seed();
    site.run(&["theme", "export"]).success();
    let en = site.root().join("themes/custom/i18n/en.toml");
    let zh = site.root().join("themes/custom/i18n/zh-Hans.toml");
    assert!(en.is_file() && zh.is_file());
    // An edited word of the exported theme shows.
    let text = std::fs::read_to_string(&en)
        .unwrap()
        .replace("skip = \"Skip to content\"", "skip = \"Jump to the text\"");
    std::fs::write(&en, text).unwrap();
    let site = site.file("briefing.toml", "theme = \"custom\"\n");
    site.build()
        .success()
        .page_contains("index.html", ">Jump to the text</a>");
}

/// Every word of the default theme is used: by a template (`t(key="…")`,
/// `t_js(key="…")`, or a key made from a prefix, `"kind." ~ b.kind`), or by
/// the generator (a key in its code); the open groups name what a site has.
#[test]
fn every_word_of_the_theme_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut literal: BTreeSet<String> = BTreeSet::new();
    let mut prefixes: Vec<String> = Vec::new();
    let key = regex::Regex::new(r#"key="([a-z0-9_.]+)"(\s*~)?"#).unwrap();
    let code_key = regex::Regex::new(r#""([a-z0-9_]+\.[a-z0-9_.]+)""#).unwrap();
    let files = walkdir::WalkDir::new(root.join("themes/default/templates"))
        .into_iter()
        .chain(walkdir::WalkDir::new(root.join("src")));
    for e in files {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        for c in key.captures_iter(&text) {
            if c.get(2).is_some() {
                prefixes.push(c[1].to_string());
            } else {
                literal.insert(c[1].to_string());
            }
        }
        if e.path().extension().is_some_and(|x| x == "rs") {
            literal.extend(code_key.captures_iter(&text).map(|c| c[1].to_string()));
        }
    }
    let en = &briefing::render::theme::default_language_files()[0];
    assert_eq!(en.language.to_string(), "en");
    let unused: Vec<&String> = en
        .entries
        .keys()
        .filter(|k| {
            !literal.contains(*k)
                && !prefixes.iter().any(|p| k.starts_with(p.as_str()))
                && !briefing::i18n::OPEN_GROUPS
                    .iter()
                    .any(|g| k.starts_with(&format!("{g}.")))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "words no template or code uses: {unused:?}"
    );
}
