//! Translations of sources: shown beside the original, checked against it,
//! scaffolded by `new translation`.

use crate::site_test::{SiteTest, TRANSLATION};

#[test]
fn a_translation_is_shown_beside_its_block_labelled_as_the_sites() {
    let site = SiteTest::with_seed();
    site.build().success();
    let html = site.read("sources/demo/index.html");
    assert!(
        html.contains("<div class=\"source-text parallel\""),
        "{html}"
    );
    assert!(html.contains("<p class=translation lang=en><span class=tr-label>Translation</span> Features of the US rare-earth strategy"), "{html}");
    assert!(html.contains("(3 of 3 blocks translated)"), "{html}");
    // The view control works without JavaScript (radio buttons and CSS).
    assert!(
        html.contains("<input checked id=view-both name=source-view type=radio value=both>"),
        "{html}"
    );
    // Paragraph numbers a note can name.
    assert!(html.contains("data-n=3 id=p-634762"), "{html}");
}

#[test]
fn a_changed_source_makes_its_translation_stale_and_unknown_ids_and_sources_are_errors() {
    // The source's second paragraph changes (one character), so its id does.
    let seed = crate::site_test::SEED.replace("与制造国", "与生产国");
    let stale = SiteTest::with_seed().file("seeds/demo.txt", &seed);
    let run = stale.run(&["check", "--deny-warnings"]).failure();
    let run = run
        .stderr_contains("content/translations/demo.toml:9:6: warning: stale translation: block ¶ 2 of source `demo` has changed since it was translated; it is now `p-")
        .stderr_contains("it now reads: 中国作为全球最大的稀土供应国与生产国,在稀土资源开采、加工和制成品生产方面长期占据主导地位。")
        .stderr_contains("checked: 0 errors, 1 warning");
    // Its consequences (the block untranslated, its quotes without a
    // translation) are not reported again.
    assert!(
        !run.stderr().contains("have no translation"),
        "{}",
        run.stderr()
    );
    // A plain build shows the block untranslated and succeeds.
    stale.build().success();
    let html = stale.read("sources/demo/index.html");
    assert!(html.contains("Not translated yet."), "{html}");

    let unknown = TRANSLATION.replace(
        "p-ad80df\"\noriginal = \"美国稀土战略的特征\"",
        "p-000000\"\noriginal = \"完全无关的一句话\"",
    );
    SiteTest::with_seed()
        .file("content/translations/demo.toml", &unknown)
        .file("content/translations/nope.toml", "language = \"en\"\n")
        .run(&["check"])
        .failure()
        .stderr_contains("content/translations/demo.toml:4:6: error: source `demo` has no block `p-000000`, nor one that reads like this entry's `original`")
        .stderr_contains("content/translations/nope.toml: error: translation of an unknown source `nope`");
}

#[test]
fn new_translation_scaffolds_every_foreign_block_and_builds() {
    let site = SiteTest::new()
        .file("seeds/demo.txt", crate::site_test::SEED)
        .file("seeds/demo.toml", crate::site_test::SIDECAR);
    site.run(&["new", "translation", "demo"]).success();
    let text = std::fs::read_to_string(site.root().join("content/translations/demo.toml"))
        .expect("written");
    assert_eq!(
        text.matches("[[paragraph]]").count(),
        3,
        "the English block needs none:\n{text}"
    );
    assert!(text.contains("original = \"2024年12月1日,拜登政府将140家中国企业纳入出口管制清单。\""));
    // Untranslated, it builds with a warning counting what is missing.
    site.build()
        .success()
        .stderr_contains("3 of the 3 blocks of source `demo` not in `en` have no translation");
    // A second scaffold refuses to overwrite; an unknown source is named.
    site.run(&["new", "translation", "demo"])
        .failure()
        .stderr_contains("content/translations/demo.toml already exists");
    site.run(&["new", "translation", "dmeo"])
        .failure()
        .stderr_contains("no source `dmeo`; did you mean `demo`? (this site has: demo)");
}
