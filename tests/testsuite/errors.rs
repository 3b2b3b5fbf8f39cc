//! Bad input: every error of a build at once, each with file, line and column.

use crate::site_test::SiteTest;

#[test]
fn all_errors_of_a_build_are_reported_at_once() {
    let site = SiteTest::with_seed()
        .file("content/a.md", "+++\ntitle = \"A\"\ntitel = \"typo\"\n+++\n")
        .file("content/b.md", "no front matter\n")
        .file("content/c.md", "+++\ntitle = \"C\"\n")
        .file("content/d.md", "+++\ntitle = \"D\"\ndate = \"2024-02-30\"\n+++\n")
        .file("content/e.md", "+++\ntitle = \"E\"\n+++\nA claim [](source:demo \"这句话不在来源里\").\nAnd [a link](@/nowhere.md).\n");
    let run = site.build().failure();
    insta::assert_snapshot!("all_errors", run.stderr());
}

#[test]
fn empty_whitespace_binary_and_non_utf8_pages() {
    let site = SiteTest::with_seed()
        .file("content/empty.md", "")
        .file("content/blank.md", "  \n\n")
        .bytes("content/bin.md", b"+++\x00\x01\x02")
        .bytes("content/gbk.md", b"+++\ntitle = \"\xc4\xe3\"\n+++\n");
    site.build()
        .failure()
        .stderr_contains("content/empty.md:1:1: error: the file is empty")
        .stderr_contains("content/blank.md:1:1: error: the file is empty")
        .stderr_contains("content/bin.md:1:4: error: not a text file: a NUL byte")
        .stderr_contains("content/gbk.md:2:10: error: not valid UTF-8");
}

#[test]
fn unsafe_slugs_and_tags_are_refused() {
    let site = SiteTest::with_seed()
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\nslug = \"../../etc\"\n+++\n",
        )
        .file("content/b.md", "+++\ntitle = \"B\"\nslug = \"/abs\"\n+++\n")
        .file("content/c.md", "+++\ntitle = \"C\"\nslug = \"con\"\n+++\n")
        .file("content/d.md", "+++\ntitle = \"D\"\nslug = \"\"\n+++\n")
        .file(
            "content/e.md",
            "+++\ntitle = \"E\"\ntags = [\"a:b\"]\n+++\n",
        );
    site.build()
        .failure()
        .stderr_contains("content/a.md:3:8: error: the slug `../../etc` has the character '.'")
        .stderr_contains("content/b.md:3:8: error: the slug `/abs` has the character '/'")
        .stderr_contains(
            "content/c.md:3:8: error: the slug `con` is a reserved device name on Windows",
        )
        .stderr_contains("content/d.md:3:8: error: the slug is empty")
        .stderr_contains("content/e.md:3:9: error: tag: the slug `a:b` has the character ':'");
    assert!(!site.public().exists());
}

#[test]
fn output_path_collisions_including_letter_case() {
    let site = SiteTest::with_seed()
        .file(
            "content/Same.md",
            "+++\ntitle = \"A\"\nslug = \"same\"\n+++\n",
        )
        .file("content/same.md", "+++\ntitle = \"B\"\n+++\n")
        .file("content/sources.md", "+++\ntitle = \"Mine\"\n+++\n");
    site.build()
        .failure()
        .stderr_contains("output path collision: content/Same.md (same/index.html) and content/same.md (same/index.html)")
        .stderr_contains("output path collision: content/sources.md (sources/index.html) and the generated sources list (sources/index.html)");
}

#[test]
fn raw_html_and_dangerous_links_are_refused() {
    let site = SiteTest::with_seed().file(
        "content/x.md",
        "+++\ntitle = \"X\"\n+++\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and [click](javascript:alert(1)) <!-- a comment is fine -->\n",
    );
    site.build()
        .failure()
        .stderr_contains("content/x.md:4:1: error: raw HTML is not allowed in content")
        .stderr_contains("content/x.md:6:6: error: raw HTML is not allowed in content")
        .stderr_contains(
            "content/x.md:6:39: error: link scheme not allowed: `javascript:alert(1)`",
        );
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = SiteTest::with_seed().file("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ title | nosuchfilter }}\n{% endblock main %}\n");
    let site = site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    site.build()
        .failure()
        .stderr_contains("templates/page.html")
        .stderr_contains("nosuchfilter");
    let site = site.file("templates/page.html", "{% block main %}\n{{ title \n");
    site.build().failure().stderr_contains(
        "templates/page.html:3:1: error: template error: Failed to parse 'page.html'",
    );
}

#[test]
fn a_missing_theme_is_an_error() {
    SiteTest::with_seed()
        .file("briefing.toml", "theme = \"nope\"\n")
        .build()
        .failure()
        .stderr_contains("theme `nope` not found");
}

#[test]
fn unknown_config_keys_are_positioned() {
    SiteTest::with_seed()
        .file("briefing.toml", "title = \"T\"\nbase_ulr = \"x\"\n")
        .build()
        .failure()
        .stderr_contains("briefing.toml:2:1: error: unknown field `base_ulr`");
}

#[test]
fn deeply_nested_markdown_is_refused_without_a_crash() {
    let nested = format!("+++\ntitle = \"N\"\n+++\n{}deep\n", "> ".repeat(200));
    SiteTest::with_seed()
        .file("content/n.md", &nested)
        .build()
        .failure()
        .stderr_contains("nested more than 64 levels");
}

#[test]
fn very_long_lines_build() {
    let long = format!(
        "+++\ntitle = \"L\"\n+++\n{}\n",
        "稀土 rare earth ".repeat(20_000)
    );
    SiteTest::with_seed()
        .file("content/l.md", &long)
        .build()
        .success();
}
