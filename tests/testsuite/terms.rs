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
    assert!(index.contains("Places"), "the default kinds' heading");
    assert!(index.contains("lang=zh-Hans>中国"));
}

#[test]
fn duplicate_alias_is_an_error_with_position() {
    SiteTest::with_seed()
        .file(
            "content/glossary.toml",
            "[[term]]\nid = \"a\"\nname = \"China\"\nkind = \"place\"\ndefinition = \"x\"\n\n[[term]]\nid = \"b\"\nname = \"PRC\"\nkind = \"place\"\naliases = [\"China\"]\ndefinition = \"y\"\n",
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

#[test]
fn term_kinds_and_their_headings_are_the_sites() {
    let glossary = "[[term]]\nid = \"aurora\"\nname = \"Aurora\"\nkind = \"vessel\"\ndefinition = \"A ship.\"\n\n[[term]]\nid = \"port\"\nname = \"Port\"\nkind = \"harbour\"\ndefinition = \"A port.\"\n";
    let config = "title = \"T\"\n\n[[term_kinds]]\nid = \"harbour\"\nheading = \"Harbours\"\n\n[[term_kinds]]\nid = \"vessel\"\nheading = \"Ships and boats\"\n";
    let site = SiteTest::new()
        .file("briefing.toml", config)
        .file("content/glossary.toml", glossary);
    site.build().success();
    let index = site.read("terms/index.html");
    // In the order the site lists its kinds, under its headings.
    let harbours = index.find("Harbours").expect("harbours");
    let ships = index.find("Ships and boats").expect("ships");
    assert!(harbours < ships, "{index}");
    assert!(site
        .read("terms/aurora/index.html")
        .contains("Ships and boats"));
    // A kind the site does not list is an error, with the closest one.
    SiteTest::new()
        .file("content/glossary.toml", glossary)
        .build()
        .failure()
        .stderr_contains("content/glossary.toml:4:8: error: unknown term kind `vessel` (this site's kinds: person, organisation, place, event, document, concept;");
    // `new term --kind` checks the kind at once (a usage error).
    let run = site.run(&["new", "term", "--name", "Tug", "--kind", "vesel"]);
    assert_eq!(run.output.status.code(), Some(2), "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("unknown term kind `vesel`; did you mean `vessel`?"),
        "{}",
        run.stderr()
    );
    site.run(&["new", "term", "--name", "Tug Boat", "--kind", "vessel"])
        .success();
    let g = std::fs::read_to_string(site.root().join("content/glossary.toml")).unwrap();
    assert!(
        g.contains("id = \"tug-boat\"\nname = \"Tug Boat\"\noriginal = \"\"\nkind = \"vessel\""),
        "{g}"
    );
}

#[test]
fn original_names_are_marked_with_their_language() {
    // Sources in Russian, one term's name as its sources write it in
    // Ukrainian: nothing of another site's languages in the output.
    let glossary = "original_language = \"ru\"\n\n[[term]]\nid = \"kyiv\"\nname = \"Kyiv\"\noriginal = \"Київ\"\noriginal_language = \"uk\"\nkind = \"place\"\ndefinition = \"A city.\"\n\n[[term]]\nid = \"moscow\"\nname = \"Moscow\"\noriginal = \"Москва\"\nkind = \"place\"\ndefinition = \"A city.\"\n";
    let site = SiteTest::new()
        .file("content/glossary.toml", glossary)
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"A\"\n+++\nFrom Moscow to Київ.\n",
        );
    site.build().success();
    let index = site.read("terms/index.html");
    assert!(index.contains("<span lang=uk>Київ</span>"), "{index}");
    assert!(index.contains("<span lang=ru>Москва</span>"), "{index}");
    assert!(site
        .read("terms/kyiv/index.html")
        .contains("<span lang=uk>Київ</span>"));
    let brief = site.read("briefs/a/index.html");
    assert!(brief.contains("<span lang=ru>Москва</span>"), "{brief}");
    for page in [&index, &brief] {
        assert!(!page.contains("zh-Hans"), "{page}");
    }
}

#[test]
fn the_old_zh_field_is_read_with_a_warning() {
    let site = SiteTest::with_seed().file(
        "content/glossary.toml",
        "[[term]]\nid = \"china\"\nname = \"China\"\nzh = \"中国\"\nkind = \"place\"\ndefinition = \"A country.\"\n",
    );
    site.build()
        .success()
        .stderr_contains("content/glossary.toml:4:6: warning: `zh` is the old name of `original`");
    assert!(site
        .read("terms/index.html")
        .contains("<span lang=zh-Hans>中国</span>"));
    // Both spellings, or a language that is no language tag: errors, at their place.
    SiteTest::with_seed()
        .file(
            "content/glossary.toml",
            "original_language = \"chinese!\"\n\n[[term]]\nid = \"china\"\nname = \"China\"\noriginal = \"中国\"\nzh = \"中国\"\nkind = \"place\"\ndefinition = \"A country.\"\n",
        )
        .build()
        .failure()
        .stderr_contains("content/glossary.toml:1:21: error: original_language: `chinese!` is not a language tag")
        .stderr_contains("content/glossary.toml:7:6: error: both `zh` and `original` are given");
}
