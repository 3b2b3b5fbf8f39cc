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

#[test]
fn each_block_takes_the_language_its_source_declares_for_its_script() {
    // On an English site, a source in Russian and German, and one in
    // Ukrainian with an English passage: each paragraph marked with its own
    // language, and only those not in English waiting for a translation.
    let site = SiteTest::new()
        .file(
            "seeds/grenze.txt",
            "Граница была закрыта в марте.\n\nDie Grenze wurde im März geschlossen.\n\n2024\n",
        )
        .file(
            "seeds/grenze.toml",
            "slug = \"grenze\"\ntitle = \"Граница\"\nlanguage = [\"ru\", \"de\"]\n",
        )
        .file(
            "seeds/kordon.txt",
            "Кордон закрили в березні.\n\nThe border was closed in March.\n",
        )
        .file(
            "seeds/kordon.toml",
            "slug = \"kordon\"\ntitle = \"Кордон\"\nlanguage = [\"uk\"]\n",
        );
    site.build().success();
    let lang_of = |html: &str, words: &str| -> String {
        let at = html
            .find(words)
            .unwrap_or_else(|| panic!("{words}: {html}"));
        let tag = &html[html[..at].rfind('<').expect("element")..at];
        let l = &tag[tag.find(" lang=").expect("lang") + 6..];
        l[..l.find(['>', ' ']).expect("end")].to_string()
    };
    let grenze = site.read("sources/grenze/index.html");
    assert_eq!(lang_of(&grenze, "Граница была закрыта"), "ru");
    assert_eq!(lang_of(&grenze, "Die Grenze wurde"), "de");
    // No letters: the first language declared.
    assert_eq!(lang_of(&grenze, "2024"), "ru");
    assert!(grenze.contains("(0 of 3 blocks translated)"), "{grenze}");
    let kordon = site.read("sources/kordon/index.html");
    assert_eq!(lang_of(&kordon, "Кордон закрили"), "uk");
    assert_eq!(lang_of(&kordon, "The border was closed"), "en");
    assert!(kordon.contains("(0 of 1 blocks translated)"), "{kordon}");
    for html in [&grenze, &kordon] {
        assert!(!html.contains("zh-Hans"), "{html}");
    }
}

#[test]
fn a_sources_languages_are_named_in_the_sites_language() {
    // Named by the theme (tag, else its primary language), by the site's
    // own words, or shown as written.
    let site = SiteTest::new()
        .file("seeds/grenze.txt", "Граница была закрыта в марте.\n")
        .file(
            "seeds/grenze.toml",
            "slug = \"grenze\"\ntitle = \"Граница\"\nlanguage = [\"ru-RU\", \"fy\", \"qaa\"]\n",
        )
        .file("i18n/en.toml", "[language_name]\nfy = \"West Frisian\"\n");
    site.build().success();
    let html = site.read("sources/grenze/index.html");
    assert!(
        html.contains("<dt>Language<dd>Russian, West Frisian, qaa</dl>"),
        "{html}"
    );
}
