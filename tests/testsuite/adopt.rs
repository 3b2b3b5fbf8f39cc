//! What a new user meets: `init`, the command line's root and exit codes,
//! names and tags in any script, static files and theming, scaffolds that
//! know the rules, and errors that put their cause first.

use std::process::Command;

use crate::site_test::SiteTest;

fn briefing(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run briefing")
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn init_makes_a_site_that_checks_clean_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let o = briefing(tmp.path(), &["init", "site"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    for f in [
        "briefing.toml",
        ".gitignore",
        "content/index.md",
        "content/glossary.toml",
        "seeds/sample-library-hours.txt",
        "seeds/sample-library-hours.toml",
        ".github/workflows/check.yml",
        ".github/workflows/pages.yml",
    ] {
        assert!(
            tmp.path().join("site").join(f).is_file(),
            "{f} missing:\n{out}"
        );
    }
    assert!(out.contains("briefing serve --open"), "{out}");
    let site = tmp.path().join("site");
    let o = briefing(&site, &["check", "--deny-warnings"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("checked: 0 errors, 0 warnings"));
    let o = briefing(&site, &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("sample"), "{home}");
    assert!(site
        .join("public/sources/sample-library-hours/index.html")
        .is_file());
    assert!(site
        .join("public/terms/riverside-library/index.html")
        .is_file());
}

#[test]
fn init_refuses_to_overwrite_and_names_each_clash() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("briefing.toml"), "title = \"Mine\"\n").unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    std::fs::write(tmp.path().join("content/index.md"), "mine").unwrap();
    let o = briefing(tmp.path(), &["init"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o);
    assert!(
        err.contains("already has briefing.toml, content/index.md: nothing was written"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("briefing.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
    assert!(!tmp.path().join("seeds").exists(), "nothing written");
    // A folder whose files do not clash (a README, a .git) is fine.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("README.md"), "# notes\n").unwrap();
    let o = briefing(other.path(), &["init", "."]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(other.path().join("briefing.toml").is_file());
}

#[test]
fn root_after_the_subcommand_missing_roots_and_usage_errors() {
    let site = SiteTest::with_seed();
    let tmp = tempfile::tempdir().unwrap();
    let root = site.root().display().to_string();
    let o = briefing(tmp.path(), &["check", "--root", &root]);
    assert!(o.status.success(), "{}", text(&o));
    let o = briefing(tmp.path(), &["--root", &root, "check"]);
    assert!(o.status.success(), "{}", text(&o));
    // A missing root is a usage error, and nothing is created.
    let o = briefing(tmp.path(), &["build", "--root", "nowhere"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("the site root nowhere is not a folder"));
    assert!(!tmp.path().join("nowhere").exists());
    // A bad --date is a usage error.
    let run = site.run(&["new", "event", "X", "--date", "2025-13-01"]);
    assert_eq!(run.output.status.code(), Some(2), "{}", run.stderr());
    // A folder without briefing.toml builds, with a warning.
    let bare = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(bare.path().join("content")).unwrap();
    std::fs::write(
        bare.path().join("content/index.md"),
        "+++\ntitle = \"H\"\n+++\nHi.\n",
    )
    .unwrap();
    let o = briefing(bare.path(), &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("briefing.toml: warning: no briefing.toml"),
        "{}",
        text(&o)
    );
}

#[test]
fn quiet_check_still_prints_the_warnings_that_fail_it() {
    let site = SiteTest::with_seed().file("seeds/extra.txt", "没有旁注的来源。\n");
    let run = site.run(&["-q", "check", "--deny-warnings"]).failure();
    assert!(
        run.stderr()
            .contains("seeds/extra.txt: warning: no sidecar"),
        "{}",
        run.stderr()
    );
    let quiet = site.run(&["-q", "check"]).success();
    assert_eq!(quiet.stderr(), "");
}

/// A site whose names and tags are Chinese and accented Latin.
pub fn unicode_site() -> SiteTest {
    SiteTest::with_seed()
        .file(
            "content/briefs/概览.md",
            "+++\ntitle = \"概览\"\ntags = [\"科技\", \"Überblick\"]\n+++\n\nChina leads [](source:demo \"长期占据主导地位\"). See [Überblick](@/briefs/Überblick.md) and [the event](@/events/出口管制#出口管制).\n",
        )
        .file(
            "content/briefs/Überblick.md",
            "+++\ntitle = \"Überblick\"\ntags = [\"überblick\"]\n+++\n\nSee [概览](@/briefs/概览.md) [](source:demo \"长期占据主导地位\").\n",
        )
        .file(
            "content/events/出口管制.md",
            "+++\ntitle = \"出口管制\"\ndate = \"2024-12-01\"\ntags = [\"科技\"]\n+++\n\n拜登政府 [](source:demo \"将140家中国企业纳入出口管制清单\").\n",
        )
}

#[test]
fn names_and_tags_in_any_script_are_files_in_utf8_and_links_percent_encoded() {
    let site = unicode_site();
    site.build()
        .success()
        .exists("briefs/概览/index.html")
        .exists("briefs/überblick/index.html")
        .exists("tags/科技/index.html")
        .exists("tags/überblick/index.html")
        // Überblick and überblick are one tag.
        .page_contains("tags/index.html", "href=../tags/%C3%BCberblick/index.html")
        .page_contains(
            "briefs/概览/index.html",
            "href=../../briefs/%C3%BCberblick/index.html",
        )
        .page_contains(
            "briefs/概览/index.html",
            "href=../../timeline/index.html#%E5%87%BA%E5%8F%A3%E7%AE%A1%E5%88%B6",
        )
        .page_contains("timeline/index.html", "id=出口管制");
    assert!(!site.public().join("tags/Überblick").exists());
    // Two files whose names normalise alike collide, both named.
    SiteTest::with_seed()
        .file("content/briefs/Über.md", "+++\ntitle = \"A\"\n+++\nA.\n")
        .file("content/briefs/über.md", "+++\ntitle = \"B\"\n+++\nB.\n")
        .build()
        .failure()
        .stderr_contains("output path collision: content/briefs/Über.md (briefs/über/index.html) and content/briefs/über.md (briefs/über/index.html)");
    // An invisible character in a name is refused.
    SiteTest::with_seed()
        .file(
            "content/briefs/a\u{200b}b.md",
            "+++\ntitle = \"A\"\n+++\nA.\n",
        )
        .build()
        .failure()
        .stderr_contains("has a zero-width character (U+200B)");
}

/// The browser tests' fixture (tests/browser/fixtures/unicode) checks clean,
/// and its names are what the browser tests open.
#[test]
fn the_browser_fixture_with_names_in_any_script_checks_clean() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/fixtures/unicode");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = briefing(&fixture, &["build", "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    for f in [
        "briefs/概览/index.html",
        "briefs/überblick/index.html",
        "tags/科技/index.html",
        "tags/überblick/index.html",
        "terms/稀土/index.html",
        "sources/出口管制来源/index.html",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let o = briefing(&fixture, &["check", "--deny-warnings"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn new_commands_take_slugs_in_any_script() {
    let site = SiteTest::with_seed();
    site.run(&["new", "brief", "Überblick"]).success();
    assert!(site.root().join("content/briefs/überblick.md").is_file());
    site.run(&["new", "brief", "概览"]).success();
    assert!(site.root().join("content/briefs/概览.md").is_file());
    site.run(&["new", "brief", "Any title", "--slug", "Mein-Überblick"])
        .success();
    assert!(site
        .root()
        .join("content/briefs/mein-überblick.md")
        .is_file());
    site.run(&[
        "new", "event", "Gipfel", "--date", "2025-06", "--slug", "g7",
    ])
    .success();
    assert!(site.root().join("content/events/g7.md").is_file());
    site.run(&["new", "page", "Über uns"]).success();
    assert!(site.root().join("content/über-uns.md").is_file());
    let run = site.run(&["new", "page", "X", "--slug", "a\u{202e}b"]);
    assert_eq!(run.output.status.code(), Some(1));
    assert!(run.stderr().contains("bidirectional"), "{}", run.stderr());
}

#[test]
fn new_summary_names_its_source_and_check_finds_the_placeholders() {
    let site = SiteTest::with_seed();
    let run = site.run(&["new", "summary", "dmeo"]);
    assert_eq!(run.output.status.code(), Some(1));
    assert!(
        run.stderr()
            .contains("no source `dmeo`; did you mean `demo`?"),
        "{}",
        run.stderr()
    );
    site.run(&["new", "summary", "demo"]).success();
    let text = std::fs::read_to_string(site.root().join("content/summaries/demo.md")).unwrap();
    assert!(
        text.contains("title = \"Summary: US rare-earth strategy\""),
        "{text}"
    );
    assert!(text.contains("source = \"demo\""));
    site.run(&["check"])
        .failure()
        .stderr_contains(
            "content/summaries/demo.md:3:12: error: unfilled summary from `briefing new`",
        )
        .stderr_contains(
            "content/summaries/demo.md:8:40: error: unfilled citation from `briefing new`",
        );
}

#[test]
fn new_source_converts_a_web_page_and_reads_english_dates() {
    let site = SiteTest::new();
    let html =
        "<!doctype html><html><head><title>x</title><script>var a = 1;</script></head><body>\
        <nav><a href=\"#m\">Skip to main content</a></nav><p>Home &gt; News &gt; World</p>\
        <h1>Ministers agree a plan</h1><p>Published 26 December 2024, updated Dec. 2025.</p>\
        <p>On December 26, 2024 the ministers met.</p></body></html>";
    std::fs::write(site.root().join("page.html"), html).unwrap();
    site.run(&["new", "source", "page.html"]).success();
    let seed = std::fs::read_to_string(site.root().join("seeds/page.txt")).unwrap();
    assert!(!seed.contains('<') && !seed.contains("var a"), "{seed}");
    assert!(seed.contains("Ministers agree a plan\n"), "{seed}");
    let sidecar = std::fs::read_to_string(site.root().join("seeds/page.toml")).unwrap();
    assert!(
        sidecar.contains("title = \"Ministers agree a plan\""),
        "{sidecar}"
    );
    assert!(
        sidecar
            .contains("# Dates found in the text: 26 December 2024, Dec. 2025, December 26, 2024"),
        "{sidecar}"
    );
    assert!(sidecar.contains("# Detected encoding: HTML, converted to text"));
    assert!(!sidecar.contains("netease"), "{sidecar}");
    site.build().success();
}

#[test]
fn static_files_are_copied_and_may_not_take_a_generated_path() {
    let site = SiteTest::with_seed()
        .file("static/CNAME", "briefing.example.org\n")
        .file(
            "static/images/地图.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .file("static/assets/custom.css", "body { color: black }\n");
    site.build()
        .success()
        .exists("CNAME")
        .exists("images/地图.svg")
        .exists("assets/custom.css")
        .page_contains("index.html", "href=assets/custom.css")
        .page_contains("timeline/index.html", "href=../assets/custom.css");
    // Without one, no page asks for it.
    SiteTest::with_seed()
        .build()
        .success()
        .page_lacks("index.html", "custom.css");
    SiteTest::with_seed()
        .file("static/assets/style.css", "x")
        .file("static/Timeline/index.html", "x")
        .build()
        .failure()
        .stderr_contains("static/assets/style.css: error: output path collision: static/assets/style.css and the generated assets/style.css")
        .stderr_contains("static/Timeline/index.html: error: output path collision: static/Timeline/index.html and the generated timeline/index.html");
    #[cfg(unix)]
    {
        let site = SiteTest::with_seed().file("static/ok.txt", "ok");
        std::os::unix::fs::symlink("/etc/passwd", site.root().join("static/passwd")).unwrap();
        site.build()
            .success()
            .stderr_contains("static/passwd: warning: symbolic link not followed");
        assert!(!site.public().join("passwd").exists());
    }
}

#[test]
fn theme_export_writes_the_default_theme_which_then_overrides() {
    let site = SiteTest::with_seed();
    site.run(&["theme", "export"]).success();
    let dir = site.root().join("themes/custom");
    assert!(dir.join("templates/base.html").is_file());
    assert!(dir.join("static/style.css").is_file());
    // Refused a second time, naming what is there.
    let again = site.run(&["theme", "export"]);
    assert_eq!(again.output.status.code(), Some(1));
    assert!(
        again.stderr().contains("templates/base.html"),
        "{}",
        again.stderr()
    );
    // Edited and chosen, it is the site's theme.
    let base = dir.join("templates/base.html");
    let edited = std::fs::read_to_string(&base)
        .unwrap()
        .replace("<body class=", "<body data-edited class=");
    std::fs::write(&base, edited).unwrap();
    std::fs::write(dir.join("static/custom.css"), "body { margin: 0 }\n").unwrap();
    std::fs::write(
        site.root().join("briefing.toml"),
        "title = \"T\"\ntheme = \"custom\"\n",
    )
    .unwrap();
    site.build()
        .success()
        .page_contains("index.html", "data-edited")
        .page_contains("index.html", "assets/custom.css");
}

#[test]
fn a_seed_that_fails_to_load_hides_what_only_follows_from_it() {
    let site = SiteTest::with_seed()
        .file(
            "seeds/demo.toml",
            "slug = \"demo\"\ntitle = \"T\"\n[clean]\nstart_after = \"no such line\"\n",
        )
        .file(
            "content/events/e.md",
            "+++\ntitle = \"E\"\ndate = \"2024\"\nactors = [\"china\"]\n+++\n\nIt happened [](source:demo \"拜登政府\").\n",
        )
        .file(
            "content/briefs/b.md",
            "+++\ntitle = \"B\"\n+++\n\nOne [](source:demo \"稀土\"), two [](source:demo \"中国\"), a typo [](source:dmeo \"x\").\n",
        );
    let run = site.build().failure();
    let err = run.stderr();
    assert!(
        err.contains(
            "seeds/demo.toml:4:15: error: start_after \"no such line\" (sidecar) matches no line"
        ),
        "{err}"
    );
    assert!(
        err.contains("…and 7 errors that follow from it (not shown)"),
        "{err}"
    );
    // The cause is printed first, before errors in files that sort earlier.
    assert!(
        err.find("seeds/demo.toml:4:15") < err.find("content/briefs/b.md"),
        "{err}"
    );
    assert!(!err.contains("translation of an unknown source"), "{err}");
    assert!(!err.contains("unknown source `demo`"), "{err}");
    assert!(!err.contains("needs at least one citation"), "{err}");
    // A typo is no consequence: reported.
    assert!(err.contains("unknown source `dmeo` in citation"), "{err}");
    assert!(err.contains("build failed with 2 errors"), "{err}");
    // Where the source loads, the typo gets the closest slug.
    SiteTest::with_seed()
        .file(
            "content/briefs/b.md",
            "+++\ntitle = \"B\"\n+++\n\nA typo [](source:dmeo \"x\"), a link to [a brief](@/briefs/bb.md).\n",
        )
        .build()
        .failure()
        .stderr_contains("unknown source `dmeo` in citation; did you mean `demo`?")
        .stderr_contains("broken internal link: no page `@/briefs/bb.md`; did you mean `briefs/b.md`?");
}

#[test]
fn a_glossary_that_fails_to_parse_hides_the_missing_terms() {
    let site = SiteTest::with_seed()
        .file("content/glossary.toml", "[[term]\nid = \"china\"\n")
        .file(
            "content/events/e.md",
            "+++\ntitle = \"E\"\ndate = \"2024\"\nactors = [\"china\"]\n+++\n\nIt happened [](source:demo \"拜登政府\"); see [China](@/terms/china).\n",
        );
    let run = site.build().failure();
    let err = run.stderr();
    assert!(err.contains("content/glossary.toml:1:"), "{err}");
    assert!(
        err.contains("…and 2 errors that follow from it (not shown)"),
        "{err}"
    );
    assert!(!err.contains("is not a glossary term id"), "{err}");
    assert!(err.contains("build failed with 1 error;"), "{err}");
}

#[test]
fn every_toml_syntax_error_of_a_file_at_once() {
    SiteTest::with_seed()
        .file(
            "content/glossary.toml",
            "[[term]\nid = \"a\"\nname = \"A\"\n\n[[term]]\nid = = \"b\"\nkind = [1,\n",
        )
        .build()
        .failure()
        .stderr_contains(
            "content/glossary.toml:1:8: error: TOML syntax: unclosed array table, expected `]`",
        )
        .stderr_contains("content/glossary.toml:6:6: error: TOML syntax: extra `=`")
        .stderr_contains(
            "content/glossary.toml:7:11: error: TOML syntax: unclosed array, expected `]`",
        );
}

#[test]
fn a_mistyped_anchor_gets_the_closest_id() {
    SiteTest::with_seed()
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"A\"\n+++\n\n## The plan\n\nSee [below](@/briefs/b.md#the-plna) [](source:demo \"稀土\").\n",
        )
        .file(
            "content/briefs/b.md",
            "+++\ntitle = \"B\"\n+++\n\n## The plan\n\nText [](source:demo \"稀土\").\n",
        )
        .build()
        .failure()
        .stderr_contains("broken anchor: `briefs/b/index.html` has no `#the-plna`; did you mean `the-plan`?");
}
