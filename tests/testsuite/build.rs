//! The build as a whole: pages, relative links, determinism, atomic output.

use crate::site_test::SiteTest;

/// A build that ended, well or not, leaves no temporary folder beside the
/// output (only the lock file, `.public.lock`).
fn assert_no_temporary_folder(site: &SiteTest) {
    assert!(std::fs::read_dir(site.root()).unwrap().all(|e| {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        !name.starts_with(".public.") || name == ".public.lock"
    }));
}

#[test]
fn builds_every_kind_of_page() {
    let site = SiteTest::with_seed()
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nAbout us.\n")
        .file("content/briefs/one.md", "+++\ntitle = \"One\"\ntags = [\"policy\"]\n+++\n## Part\nText [](source:demo \"140家中国企业\").\n")
        .file("content/events/2024-12-01-controls.md", "+++\ntitle = \"Controls\"\ndate = \"2024-12-01\"\nactors = [\"china\"]\n+++\nListed [](source:demo \"纳入出口管制清单\").\n");
    let run = site.build().success();
    assert!(
        run.stdout().starts_with("built 15 pages (1 sources) in "),
        "{}",
        run.stdout()
    );
    for page in [
        "index.html",
        "about/index.html",
        "briefs/index.html",
        "briefs/one/index.html",
        "sources/index.html",
        "sources/demo/index.html",
        "timeline/index.html",
        "terms/index.html",
        "terms/china/index.html",
        "tags/index.html",
        "tags/policy/index.html",
        "404.html",
        "assets/style.css",
        "assets/highlight.css",
        ".nojekyll",
        "briefing-manifest.json",
    ] {
        assert!(site.public().join(page).is_file(), "{page} missing");
    }
}

#[test]
fn links_are_relative_and_name_their_file() {
    let site = SiteTest::with_seed().file(
        "content/briefs/one.md",
        "+++\ntitle = \"One\"\n+++\nSee [home](@/index.md) and [sources](@/sources).\n",
    );
    site.build().success();
    let html = site.read("briefs/one/index.html");
    assert!(html.contains("href=../../index.html"), "{html}");
    assert!(html.contains("href=../../sources/index.html"));
    let re = regex::Regex::new(r#"(?:href|src)="?(/|https?:)"#).unwrap();
    for (path, bytes) in site.snapshot_output() {
        if path.ends_with(".html") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                !re.is_match(&text),
                "{path} has an absolute or external URL"
            );
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::with_seed().file(
        "content/briefs/a.md",
        "+++\ntitle = \"A\"\n+++\nChina and rare earths [](source:demo \"稀土供应国\").\n",
    );
    site.build().success();
    let first = site.snapshot_output();
    site.build().success();
    assert_eq!(first, site.snapshot_output());
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::with_seed();
    site.build().success();
    let before = site.snapshot_output();
    let site = site.file("content/bad.md", "+++\ntitle = 5\n+++\n");
    site.build()
        .failure()
        .stderr_contains("content/bad.md:2:9: error: invalid type: integer `5`, expected a string");
    assert_eq!(before, site.snapshot_output());
    assert_no_temporary_folder(&site);
}

#[test]
fn a_build_failing_after_its_pages_were_written_leaves_the_previous_output_untouched() {
    // Pages go into the temporary folder as they are rendered; the link
    // check comes after. A broken link there must still leave the previous
    // output as it was, and no temporary folder behind.
    let site =
        SiteTest::with_seed().file("content/about.md", "+++\ntitle = \"About\"\n+++\nText.\n");
    site.build().success();
    let before = site.snapshot_output();
    let site = site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<a href=\"../nowhere/index.html\">x</a>{% endblock main %}",
    );
    site.build()
        .failure()
        .stderr_contains("broken link `../nowhere/index.html`");
    assert_eq!(before, site.snapshot_output());
    // `check`, which does not minify, finds the same link.
    site.run(&["check"])
        .failure()
        .stderr_contains("broken link `../nowhere/index.html`");
    assert_eq!(before, site.snapshot_output());
    assert_no_temporary_folder(&site);
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_or_restored() {
    let site = SiteTest::with_seed();
    site.build().success();
    let before = site.snapshot_output();
    // A build killed between the two renames of a two-step swap: the old
    // output moved aside, the new one not yet in place. Its process is gone.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    let (old, tmp) = (format!(".public.old-{pid}"), format!(".public.tmp-{pid}"));
    std::fs::rename(site.public(), site.root().join(&old)).unwrap();
    std::fs::create_dir(site.root().join(&tmp)).unwrap();
    std::fs::write(site.root().join(&tmp).join("half.html"), "x").unwrap();
    // Even a failing build restores the previous output and removes the temporary folder.
    let site = site.file("content/bad.md", "no front matter");
    site.build().failure();
    assert_eq!(before, site.snapshot_output());
    assert!(!site.root().join(tmp).exists());
    assert!(!site.root().join(old).exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = SiteTest::with_seed().file("elsewhere/precious.txt", "keep me");
    site.run(&["build", "--output", "elsewhere"])
        .failure()
        .stderr_contains("was not written by briefing");
    assert_eq!(
        std::fs::read_to_string(site.root().join("elsewhere/precious.txt")).unwrap(),
        "keep me"
    );
    site.run(&["build", "--output", "."])
        .failure()
        .stderr_contains("is or contains the site itself");
}

#[test]
fn drafts_are_skipped_unless_asked() {
    let site = SiteTest::with_seed().file(
        "content/wip.md",
        "+++\ntitle = \"WIP\"\ndraft = true\n+++\nx\n",
    );
    site.build().success();
    assert!(!site.public().join("wip/index.html").exists());
    site.run(&["build", "--drafts"])
        .success()
        .exists("wip/index.html");
}

#[test]
fn source_page_html_snapshot() {
    let site = SiteTest::with_seed().file(
        "content/briefs/a.md",
        "+++\ntitle = \"A\"\n+++\nCited [](source:demo \"140家中国企业\").\n",
    );
    site.build().success();
    insta::assert_snapshot!(
        "source_page",
        site.read("sources/demo/index.html").replace('>', ">\n")
    );
}

#[test]
fn brief_page_html_snapshot() {
    let site = SiteTest::with_seed().file(
        "content/briefs/a.md",
        "+++\ntitle = \"A brief\"\nsummary = \"One line.\"\ntags = [\"policy\"]\n+++\n## First part\n\nThe US listed firms [140 firms](source:demo \"140家中国企业\").\n\n> [!WARNING]\n> Sources disagree [](source:demo \"全球最大的稀土供应国\").\n\n```rust\nfn main() {}\n```\n",
    );
    site.build().success();
    insta::assert_snapshot!(
        "brief_page",
        site.read("briefs/a/index.html").replace('>', ">\n")
    );
}

#[test]
fn search_index_is_pinned_byte_for_byte() {
    // A change to the index format or tokenizer shows up here in review.
    let site = SiteTest::with_seed().file(
        "content/briefs/a.md",
        "+++\ntitle = \"A\"\n+++\nRare earths and 关键矿产 [](source:demo \"稀土供应国\").\n",
    );
    site.build().success();
    // The head, then the shards: one key shard, one text shard, the term
    // names and the (here nearly empty) typo vocabulary.
    let mut files: Vec<(String, Vec<u8>)> = site
        .snapshot_output()
        .into_iter()
        .filter_map(|(rel, b)| Some((rel.strip_prefix("assets/search/")?.to_string(), b)))
        .collect();
    files.sort_by_key(|(name, _)| (name != "index.js", name.clone()));
    let mut index = String::new();
    for (name, bytes) in files {
        index += &format!("--- {name}\n{}", String::from_utf8_lossy(&bytes));
    }
    insta::assert_snapshot!("search_index", index);
}

#[test]
fn publishing_extras_with_and_without_a_base_url() {
    let site = SiteTest::with_seed()
        .file("content/briefs/a.md", "+++\ntitle = \"A & B\"\nsummary = \"S\"\n+++\nText [](source:demo \"140家中国企业\").\n")
        .file("content/events/e.md", "+++\ntitle = \"E\"\ndate = \"2024-12-01\"\n+++\nX [](source:demo \"纳入出口管制清单\").\n");
    site.build()
        .success()
        .stderr_contains("note: no base URL: atom.xml and sitemap.xml not written")
        .exists("robots.txt")
        .exists("404.html")
        .exists("print/index.html");
    assert!(!site.public().join("atom.xml").exists());
    site.run(&["build", "--base-url", "https://example.org/sub/"])
        .success()
        .page_contains("atom.xml", "<title>A &amp; B</title>")
        .page_contains(
            "atom.xml",
            "<id>https://example.org/sub/timeline/index.html#e</id>",
        )
        .page_contains("atom.xml", "<updated>2024-12-01T00:00:00Z</updated>")
        .page_contains(
            "sitemap.xml",
            "<loc>https://example.org/sub/briefs/a/index.html</loc>",
        )
        .page_lacks("sitemap.xml", "404.html")
        .page_contains("robots.txt", "Sitemap: https://example.org/sub/sitemap.xml")
        .page_contains("404.html", "href=/sub/index.html")
        .page_contains(
            "index.html",
            "content=https://example.org/sub/index.html property=og:url",
        );
    // The 404 page has no relative asset paths: it works at any depth.
    let not_found = site.read("404.html");
    assert!(!not_found.contains("assets/"), "{not_found}");
    assert!(not_found.contains("<style>"));
    // The print edition holds the home page, the brief and the timeline, with unique ids.
    let print = site.read("print/index.html");
    assert!(
        print.contains("id=briefs-a-p-") && print.contains("id=home-p-") && print.contains("id=e>"),
        "{print}"
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_writes_only_what_changed() {
    let site =
        SiteTest::with_seed().file("content/briefs/a.md", "+++\ntitle = \"A\"\n+++\nFirst.\n");
    site.build().success();
    let inode = |rel: &str| {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(site.public().join(rel)).unwrap())
    };
    let before = inode("sources/demo/index.html");
    site.run(&["-v", "build"])
        .success()
        .stderr_contains("wrote 0 files (0 bytes)");
    assert_eq!(
        before,
        inode("sources/demo/index.html"),
        "unchanged page kept, not rewritten"
    );
    let site = site.file("content/briefs/a.md", "+++\ntitle = \"A\"\n+++\nSecond.\n");
    let run = site.run(&["-v", "build"]).success();
    let written: usize = regex::Regex::new(r"wrote (\d+) files")
        .unwrap()
        .captures(&run.stderr())
        .unwrap()[1]
        .parse()
        .unwrap();
    // The brief, the print edition, the search index (its head, key shard,
    // text shard, and the typo vocabulary of five- and six-letter words:
    // "first" went, "second" came) and the manifest change.
    assert!(
        (2..=8).contains(&written),
        "wrote {written} files:\n{}",
        run.stderr()
    );
    assert!(site.read("briefs/a/index.html").contains("Second."));
}

/// Every file of a generated site, by path. `serve` builds the search index
/// after the pages (from the model it gets back); together they are the
/// whole site.
fn whole_site(b: briefing::site::Built) -> Vec<(String, std::sync::Arc<Vec<u8>>)> {
    let mut files = b.files;
    if let Some(model) = &b.deferred_search {
        files.extend(briefing::site::search_files(model));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

#[test]
fn a_cached_rebuild_equals_a_fresh_build() {
    // `serve` keeps a cache between rebuilds; its output must be exactly what
    // a fresh build of the same input gives.
    use briefing::site::{generate_cached, BuildOptions, Cache};
    let site = SiteTest::with_seed()
        .file("content/briefs/a.md", "+++\ntitle = \"A\"\n+++\nChina [](source:demo \"140家中国企业\"). See [B](@/briefs/b.md).\n")
        .file("content/briefs/b.md", "+++\ntitle = \"B\"\n+++\nRare earths.\n");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        output: site.public(),
        base_url: None,
        drafts: false,
    };
    let mut cache = Cache::default();
    let first = generate_cached(&opts, &mut cache).unwrap();
    assert!(first.files.iter().all(|f| !f.reused));
    // B's new title reaches the pages linking to it; A's new title reaches
    // the source page that A cites (its blocks' "cited by"), and both touch
    // the lists of terms on their pages.
    let site = site
        .file(
            "content/briefs/b.md",
            "+++\ntitle = \"B renamed\"\n+++\nRare earths and China.\n",
        )
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"A renamed\"\n+++\nChina [](source:demo \"140家中国企业\"). See [B](@/briefs/b.md).\n",
        );
    let second = generate_cached(&opts, &mut cache).unwrap();
    let fresh_paths: Vec<&str> = second
        .files
        .iter()
        .filter(|f| f.is_html() && !f.reused)
        .map(|f| f.path.as_str())
        .collect();
    assert!(
        fresh_paths.contains(&"sources/demo/index.html"),
        "the source page is rendered again: {fresh_paths:?}"
    );
    let reused = second.files.iter().filter(|f| f.reused).count();
    assert!(reused > 0, "nothing was reused");
    // Byte for byte what a fresh run of `serve` gives.
    assert_eq!(whole_site(second), fresh_serve(&opts));
    drop(site);
}

/// What `serve` gives on its first build of the site (a fresh cache).
fn fresh_serve(opts: &briefing::site::BuildOptions) -> Vec<(String, std::sync::Arc<Vec<u8>>)> {
    let mut cache = briefing::site::Cache::default();
    whole_site(briefing::site::generate_cached(opts, &mut cache).unwrap())
}

#[test]
fn serve_pages_are_build_pages_with_the_reload_script() {
    // `serve`'s pages carry the live-reload script and let it listen to the
    // server; without those, they are what a build writes (no manifest:
    // `serve` writes nothing).
    use briefing::site::{generate, BuildOptions};
    let site = SiteTest::with_seed().file(
        "content/briefs/a.md",
        "+++\ntitle = \"A\"\n+++\nChina [](source:demo \"140家中国企业\").\n",
    );
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        output: site.public(),
        base_url: Some("https://example.org/b/".into()),
        drafts: false,
    };
    let mut built = whole_site(generate(&opts).unwrap());
    built.retain(|(p, _)| p != briefing::output::MANIFEST);
    let served = fresh_serve(&opts);
    assert_eq!(
        built.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        served.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    let script =
        regex::Regex::new(r#"<script src="?(?:\.\./)*/?__briefing/reload\.js"?></script>"#)
            .unwrap();
    let mut pages = 0;
    for ((path, build), (_, serve)) in built.iter().zip(&served) {
        if !path.ends_with(".html") {
            assert_eq!(build, serve, "{path}");
            continue;
        }
        pages += 1;
        let serve = String::from_utf8_lossy(serve);
        let depth = path.matches('/').count();
        let src = if path == "404.html" {
            "/__briefing/reload.js".to_string()
        } else {
            format!("{}__briefing/reload.js", "../".repeat(depth))
        };
        assert!(serve.contains(&src), "{path}: no {src}");
        assert!(serve.contains("connect-src 'self';"), "{path}");
        let without = script
            .replace_all(&serve, "")
            .replace(" connect-src 'self';", "")
            .replace(
                " script-src 'self'; style-src 'unsafe-inline'",
                " style-src 'unsafe-inline'",
            );
        assert_eq!(without, String::from_utf8_lossy(build), "{path}");
    }
    assert!(pages > 10);
}

#[test]
fn footnotes_of_several_briefs_keep_distinct_ids_in_the_print_edition() {
    // Found by the benchmark corpus: two briefs both using `[^1]` once made
    // the print edition fail with a duplicate id.
    let site = SiteTest::with_seed()
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"A\"\n+++\nFirst[^1].\n\n[^1]: Note of A.\n",
        )
        .file(
            "content/briefs/b.md",
            "+++\ntitle = \"B\"\n+++\nSecond[^1].\n\n[^1]: Note of B.\n",
        );
    site.build().success();
    let print = site.read("print/index.html");
    assert!(print.contains("Note of A.") && print.contains("Note of B."));
    let ids = regex::Regex::new(r#"\sid=(?:"([^"]*)"|([^\s>]+))"#).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for c in ids.captures_iter(&print) {
        let id = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
        assert!(seen.insert(id.to_string()), "duplicate id {id:?}");
    }
}

#[test]
fn the_print_edition_is_a_document() {
    // A cover with the edition's date, the briefs with their notes (which
    // lead to the appendix) and their external links as short URLs, the
    // timeline, and the source texts with paragraph numbers and translations.
    let site = SiteTest::with_seed()
        .file(
            "briefing.toml",
            "title = \"Test briefing\"\nupdated = \"2026-02-04\"\n",
        )
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"A\"\n+++\nSee [the report](https://www.example.org/reports/2025/a-long-report-name-that-goes-on.html?x=1) and China [](source:demo \"长期占据主导地位\").\n",
        );
    site.build().success();
    let print = site.read("print/index.html");
    for needle in [
        "data-running-title=\"Test briefing\"",
        "Edition of <time datetime=2026-02-04>4 Feb 2026</time>",
        "<h3 id=briefs-a-notes>Notes</h3>",
        "<a href=\"https://www.example.org/reports/2025/a-long-report-name-that-goes-on.html?x=1\">example.org/reports/2025/…</a>",
        "Appendix: the sources",
        "Features of the US rare-earth strategy",
    ] {
        assert!(print.contains(needle), "no {needle:?} in {print}");
    }
    // A note leads to its paragraph in the appendix, which has that id and
    // its number.
    let note =
        regex::Regex::new(r#"class=note-src href=#(src-demo-p-[0-9a-f]+)>[^<]*¶\x{a0}(\d+)"#)
            .unwrap();
    let c = note
        .captures(&print)
        .expect("a note linking to the appendix");
    let block = format!("id={}><p class=\"ap-orig ap-paragraph\" lang=zh-Hans><span class=pn lang=en>¶\u{a0}{}</span>", &c[1], &c[2]);
    assert!(print.contains(&block), "no {block:?} in {print}");
    // Every page names the briefing for the head of its printed pages.
    assert!(site
        .read("index.html")
        .contains("data-running-title=\"Test briefing\""));
}

#[test]
fn cached_rebuilds_equal_fresh_builds_edit_by_edit() {
    // A small site with briefs, an event, a glossary and a source, edited the
    // ways editors do; after each edit `serve`'s cached rebuild must give
    // exactly a fresh build. (tests/shipped.rs does the same on the shipped
    // briefing.)
    use briefing::site::{generate_cached, BuildOptions, Cache};
    let site = SiteTest::with_seed()
        .file(
            "content/briefs/outlook.md",
            "+++\ntitle = \"Outlook\"\n+++\nThis brief sets the forecasts: China leads [](source:demo \"长期占据主导地位\"). See [alliances](@/briefs/alliances.md).\n",
        )
        .file(
            "content/briefs/alliances.md",
            "+++\ntitle = \"Alliances\"\n+++\nRare earths and China [](source:demo \"140家中国企业\").\n",
        )
        .file(
            "content/events/2024-12-01-controls.md",
            "+++\ntitle = \"Controls\"\ndate = \"2024-12-01\"\nactors = [\"china\"]\n+++\nListed [](source:demo \"纳入出口管制清单\").\n",
        );
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        output: site.public(),
        base_url: None,
        drafts: false,
    };
    let mut cache = Cache::default();
    generate_cached(&opts, &mut cache).unwrap();
    // (what, file, text, replaced by): each edit is a first replacement.
    let steps = [
        (
            "a brief's body",
            "content/briefs/outlook.md",
            "This brief sets the forecasts",
            "This brief sets the forecasts (Africa's too)",
        ),
        (
            "a brief's title",
            "content/briefs/alliances.md",
            "title = \"",
            "title = \"Renamed: ",
        ),
        (
            "an event",
            "content/events/2024-12-01-controls.md",
            "title = \"",
            "title = \"Edited: ",
        ),
        (
            "a glossary definition",
            "content/glossary.toml",
            "definition = \"A country",
            "definition = \"Edited. A country",
        ),
        (
            "a term's Chinese name (in every list of terms on a page)",
            "content/glossary.toml",
            "original = \"中国\"",
            "original = \"中华人民共和国\"",
        ),
        (
            "a source's sidecar",
            "seeds/demo.toml",
            "title_en = \"",
            "title_en = \"Edited: ",
        ),
    ];
    for (what, rel, from, to) in steps {
        let p = site.root().join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{what}: {rel} lacks {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
        let cached = generate_cached(&opts, &mut cache)
            .unwrap_or_else(|d| panic!("{what}: {:?}", d.sorted()));
        let rendered = cached
            .files
            .iter()
            .filter(|f| f.is_html() && !f.reused)
            .count();
        let cached = whole_site(cached);
        assert!(
            cached == fresh_serve(&opts),
            "{what}: the cached rebuild differs"
        );
        assert!(rendered > 0, "{what}: no page was rendered again");
    }
}

#[test]
fn a_search_index_can_be_given_up_between_its_steps() {
    // `serve` builds the index after the reload, on a thread of its own, and
    // gives it up as soon as a newer edit makes it stale.
    use briefing::site::{generate_cached, BuildOptions, Cache};
    let site = SiteTest::with_seed();
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        output: site.public(),
        base_url: None,
        drafts: false,
    };
    let built = generate_cached(&opts, &mut Cache::default()).unwrap();
    let model = built
        .deferred_search
        .expect("serve's builds defer the index");
    assert!(briefing::search::index_files_unless(&model, &|| true).is_none());
    let steps = std::sync::atomic::AtomicUsize::new(0);
    // From the third time it is asked on (a stale index stays stale).
    let late = briefing::search::index_files_unless(&model, &|| {
        steps.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 2
    });
    assert!(late.is_none(), "given up after it started");
    assert_eq!(
        briefing::search::index_files_unless(&model, &|| false),
        Some(briefing::search::index_files(&model))
    );
}

#[test]
fn cite_this_page_escapes_for_bibtex_and_html() {
    // A title with what BibTeX and HTML both treat as markup: the BibTeX
    // entry prints it (escaped once for BibTeX, then for HTML), and the
    // plain-text citation and the footer give the edition's date.
    let site = SiteTest::with_seed()
        .file(
            "briefing.toml",
            "title = \"Test briefing\"\nupdated = \"2026-02\"\nbase_url = \"https://x.org/b/\"\n",
        )
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"50% of {all} <b>R&D</b>\"\n+++\nText.\n",
        );
    site.build().success();
    let page = site.read("briefs/a/index.html");
    for needle in [
        "@online{briefs-a,\n  title = {50\\% of \\{all\\} &lt;b>R\\&D&lt;/b>},\n  organization = {Test briefing},\n  date = {2026-02},\n  year = {2026},\n  url = {https://x.org/b/briefs/a/index.html},\n}",
        "Test briefing. “50% of {all} &lt;b>R&D&lt;/b>.” Updated Feb 2026. https://x.org/b/briefs/a/index.html",
        "Updated on <time datetime=2026-02>Feb 2026</time>",
    ] {
        assert!(page.contains(needle), "no {needle:?} in {page}");
    }
    // The timeline and term pages can be cited too.
    let timeline = site.read("timeline/index.html");
    assert!(
        timeline.contains("@online{timeline,\n  title = {Timeline},"),
        "{timeline}"
    );
    let term = site.read("terms/china/index.html");
    assert!(term.contains("@online{terms-china,"), "{term}");
}

#[test]
fn near_duplicate_tags_are_a_warning_naming_both_spellings() {
    let site = SiteTest::with_seed()
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"A\"\ntags = [\"alliances\", \"g7\"]\n+++\nText.\n",
        )
        .file(
            "content/briefs/b.md",
            "+++\ntitle = \"B\"\ntags = [\"alliance\", \"counter-measures\"]\n+++\nText.\n",
        )
        .file(
            "content/briefs/c.md",
            "+++\ntitle = \"C\"\ntags = [\"countermeasures\", \"alliances\"]\n+++\nText.\n",
        );
    site.run(&["check"])
        .success()
        .stderr_contains("content/briefs/b.md: warning: near-duplicate tags: `alliance` (content/briefs/b.md) and `alliances` (content/briefs/a.md, content/briefs/c.md)")
        .stderr_contains("near-duplicate tags: `counter-measures` (content/briefs/b.md) and `countermeasures` (content/briefs/c.md)");
    site.run(&["check", "--deny-warnings"]).failure();
}
