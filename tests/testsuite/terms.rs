//! The term index: mentions, pages, duplicate aliases.

use crate::site_test::SiteTest;

#[test]
fn term_pages_list_mentions_with_paragraph_links() {
    let site = SiteTest::with_seed().file(
        "content/briefs/a.md",
        "+++\ntitle = \"A\"\n+++\nChina mines rare earths [](source:demo \"稀土供应国\").\n",
    );
    site.build().success();
    let china = site.read("terms/china/index.html");
    assert!(china.contains("<mark>China</mark>"), "{china}");
    assert!(china.contains("<mark>中国</mark>"));
    assert!(china.contains("href=../../briefs/a/index.html#p-"));
    assert!(china.contains("href=../../sources/demo/index.html#p-"));
    let index = site.read("terms/index.html");
    assert!(index.contains("Countries and regions"));
    assert!(index.contains("lang=zh-Hans>中国"));
}

#[test]
fn duplicate_alias_is_an_error_with_position() {
    SiteTest::with_seed()
        .file(
            "content/glossary.toml",
            "[[term]]\nid = \"a\"\nname = \"China\"\nkind = \"country\"\ndefinition = \"x\"\n\n[[term]]\nid = \"b\"\nname = \"PRC\"\nkind = \"country\"\naliases = [\"China\"]\ndefinition = \"y\"\n",
        )
        .build()
        .failure()
        .stderr_contains("content/glossary.toml:11:12: error: duplicate alias \"China\": term `a` already has \"China\"");
}

#[test]
fn unknown_actor_is_an_error() {
    SiteTest::with_seed()
        .file("content/events/e.md", "+++\ntitle = \"E\"\ndate = \"2024\"\nactors = [\"nobody\"]\n+++\nX [](source:demo \"140家\").\n")
        .build()
        .failure()
        .stderr_contains("content/events/e.md: error: actor `nobody` is not a glossary term id");
}
