//! Internal links and anchors are checked at build time.

use crate::site_test::SiteTest;

#[test]
fn internal_links_resolve_to_relative_urls() {
    let site = SiteTest::with_seed()
        .file("content/briefs/a.md", "+++\ntitle = \"A\"\n+++\n## Part two\n[b](@/briefs/b.md#section) [timeline](@/events) [term](@/terms/china) [src](@/sources/demo) [self](#part-two)\n")
        .file("content/briefs/b.md", "+++\ntitle = \"B\"\n+++\n## Section\nx\n");
    site.build()
        .success()
        .page_contains(
            "briefs/a/index.html",
            "href=../../briefs/b/index.html#section",
        )
        .page_contains("briefs/a/index.html", "href=../../timeline/index.html")
        .page_contains("briefs/a/index.html", "href=../../terms/china/index.html")
        .page_contains("briefs/b/index.html", "Linked from");
}

#[test]
fn broken_links_and_anchors_name_file_and_line() {
    SiteTest::with_seed()
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\nx\n\n[gone](@/nope.md) and [bad anchor](@/b.md#nope) and [rel](b.html) [self](#missing)\n")
        .file("content/b.md", "+++\ntitle = \"B\"\n+++\n## Here\n")
        .build()
        .failure()
        .stderr_contains("content/a.md:6:1: error: broken internal link: no page `@/nope.md`")
        .stderr_contains("content/a.md:6:23: error: broken anchor: `b/index.html` has no `#nope`")
        .stderr_contains("content/a.md:6:53: error: relative link `b.html`")
        .stderr_contains("content/a.md:6:67: error: broken anchor: `a/index.html` has no `#missing`");
}
