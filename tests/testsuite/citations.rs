//! Citations: verified against the source text, linked to the paragraph.

use crate::site_test::SiteTest;

#[test]
fn citation_links_to_the_paragraph_and_shows_the_quote() {
    let site = SiteTest::with_seed().file(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nListed [140 firms](source:demo \"140家中国企业\").\n",
    );
    site.build().success();
    let html = site.read("a/index.html");
    let id = regex::Regex::new(r"sources/demo/index\.html#(p-[0-9a-f]{6})")
        .unwrap()
        .captures(&html)
        .expect("cite link")[1]
        .to_string();
    assert!(html.contains("data-quote=140家中国企业"), "{html}");
    let source = site.read("sources/demo/index.html");
    assert!(source.contains(&format!("id={id}")));
    assert!(source.contains("2024年12月1日,拜登政府将140家中国企业纳入出口管制清单。"));
    // The backlink from the cited paragraph to the citing paragraph.
    assert!(source.contains("Cited by:"));
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
