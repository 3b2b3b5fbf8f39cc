//! Citations: verified against the source text, linked to the paragraph.

use crate::site_test::SiteTest;

#[test]
fn citation_links_to_the_quoted_words_and_the_note_shows_the_quote() {
    let site = SiteTest::with_seed().file(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nListed [140 firms](source:demo \"140家中国企业\"). Again [](source:demo \"140家 中国企业\"){gloss=\"140 Chinese companies\"}.\n\n- In a list [](source:demo \"拜登政府\").\n",
    );
    site.build().success();
    let html = site.read("a/index.html");
    let anchor = regex::Regex::new(r"sources/demo/index\.html#(p-[0-9a-f]{6}-q\d+-\d+)")
        .unwrap()
        .captures(&html)
        .expect("cite link")[1]
        .to_string();
    // One note for the paragraph cited three times: the quote cited twice
    // once, with back-links a and b and its gloss, then the other quote (c).
    assert!(html.contains("<sup class=cite id=cite-1>"), "{html}");
    assert!(html.contains("<sup class=cite id=cite-1-b>"), "{html}");
    assert!(html.contains("<sup class=cite id=cite-1-c>"), "{html}");
    assert!(html.contains("data-note=note-1-2"), "{html}");
    assert!(html.contains("<li id=note-1 value=1>"), "{html}");
    assert!(html.contains("href=#cite-1-b>b</a>"), "{html}");
    assert!(
        html.contains("US rare-earth strategy, ¶\u{a0}3</a>: <span class=note-quote id=note-1-1>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<q lang=zh-Hans>140家中国企业</q></a> <span class=gloss>140 Chinese companies</span>"
        ),
        "{html}"
    );
    assert!(html.contains("<span class=note-quote id=note-1-2><span class=backrefs><a aria-label=\"Back to citation c\" href=#cite-1-c>c</a>"), "{html}");
    assert!(
        !html.contains("gloss="),
        "the gloss attribute is not shown as text"
    );
    // The list item has an id, so the back-link lands on it.
    assert!(
        regex::Regex::new(r"<li id=p-[0-9a-f]{6}>In a list")
            .unwrap()
            .is_match(&html),
        "{html}"
    );
    // The source page wraps exactly the quoted words in the anchor, with the
    // paragraph's translation beside them.
    let source = site.read("sources/demo/index.html");
    assert!(
        source.contains(&format!(
            "<span class=quote id={anchor}>140家中国企业</span>"
        )),
        "{source}"
    );
    assert!(source.contains("<p class=translation lang=en><span class=tr-label>Translation</span> On 1 December 2024"), "{source}");
    // "Cited by" counts the citations and links back to the markers.
    assert!(source.contains("<summary>Cited 3×</summary>"), "{source}");
    assert!(
        source.contains("href=../../a/index.html#cite-1>A</a> (3×)"),
        "{source}"
    );
    // Each quote links to its own words.
    assert!(
        source.contains("<span class=quote id=p-634762-q11-15>拜登政府</span>"),
        "{source}"
    );
}

#[test]
fn a_foreign_quote_without_gloss_or_translation_is_a_warning() {
    let site = SiteTest::with_seed()
        .file("content/translations/demo.toml", "language = \"en\"\n")
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\nListed [](source:demo \"140家中国企业\").\nGlossed [](source:demo \"拜登政府\"){gloss=\"the Biden administration\"}.\nUnclosed [](source:demo \"拜登政府\"){gloss=\"oops\n",
        );
    site.run(&["check"])
        .failure()
        .stderr_contains("content/a.md:4:8: warning: this quote of `demo` is not in the site's language, and neither a gloss nor a translation of its paragraph (#p-634762) carries it across")
        .stderr_contains("content/a.md:6:32: error: unclosed gloss");
    let text = site.run(&["check"]).stderr();
    assert_eq!(
        text.matches("this quote of").count(),
        3,
        "the page's unglossed quote, and the home page's and the glossary's (not the glossed one, nor the one whose gloss is malformed):\n{text}"
    );
}

#[test]
fn matching_ignores_space_and_punctuation_width() {
    SiteTest::with_seed()
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\nx [](source:demo \"2024年12月1日，拜登政府\") y [](source:demo \"THE UNITED   STATES has\").\n")
        .build()
        .success();
}

#[test]
fn quote_not_found_unknown_source_and_empty_quote() {
    SiteTest::with_seed()
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\nOne [](source:demo \"拜登政府将141家\").\n\nTwo [](source:nope \"x\").\n\nThree [](source:demo).\n")
        .build()
        .failure()
        .stderr_contains("content/a.md:4:5: error: quote not found in source `demo`: \"拜登政府将141家\" (its first 7 characters \"拜登政府将14\" are in paragraph #p-")
        .stderr_contains("content/a.md:6:5: error: unknown source `nope` in citation")
        .stderr_contains("content/a.md:8:7: error: citation of `demo` has no quote");
}

#[test]
fn ambiguous_quote_needs_a_hint() {
    let site = SiteTest::with_seed().file(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nX [](source:demo \"稀土\").\n",
    );
    let run = site
        .build()
        .failure()
        .stderr_contains("error: quote found in 2 paragraphs of `demo` (#p-");
    let hint = regex::Regex::new(r"source:demo#(p-[0-9a-f]{6})")
        .unwrap()
        .captures(&run.stderr())
        .expect("hint")[1]
        .to_string();
    let site = site.file(
        "content/a.md",
        &format!("+++\ntitle = \"A\"\n+++\nX [](source:demo#{hint} \"稀土\").\n"),
    );
    site.build().success();
}

#[test]
fn markup_in_a_quote_is_escaped() {
    let site = SiteTest::new()
        .file(
            "seeds/s.txt",
            "A paragraph with <b onmouseover=\"x\">markup</b> inside.\n",
        )
        .file("seeds/s.toml", "slug = \"s\"\n")
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\nX [](source:s \"<b onmouseover=\\\"x\\\">markup\").\n",
        );
    site.build().success();
    let html = site.read("a/index.html");
    // The quote is text in the notes and an attribute value on the marker: never an element.
    assert!(
        !html.contains("><b onmouseover") && !html.contains(" <b onmouseover"),
        "{html}"
    );
    assert!(html.contains("<q lang=en>&lt;b onmouseover"), "{html}");
}
