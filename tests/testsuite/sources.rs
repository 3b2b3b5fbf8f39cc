//! Seeds: encodings, cleaning rules, structure, escaping.

use crate::site_test::SiteTest;

const TEXT: &str = "美国稀土战略的特征\n中国作为全球最大的稀土供应国与制造国。\n";

fn site_with_seed_bytes(bytes: &[u8]) -> SiteTest {
    SiteTest::new()
        .bytes("seeds/s.txt", bytes)
        .file("seeds/s.toml", "slug = \"s\"\n")
}

#[test]
fn decodes_every_supported_encoding() {
    let (gb, _, _) = encoding_rs::GB18030.encode(TEXT);
    let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
    utf8_bom.extend_from_slice(TEXT.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for u in TEXT.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    for (name, bytes) in [
        ("utf8", TEXT.as_bytes().to_vec()),
        ("utf8-bom", utf8_bom),
        ("utf16", utf16),
        ("gb18030", gb.into_owned()),
    ] {
        let site = site_with_seed_bytes(&bytes);
        site.run(&["-v", "build"]).success().page_contains(
            "sources/s/index.html",
            "中国作为全球最大的稀土供应国与制造国。",
        );
        let _ = name;
    }
    let (gb, _, _) = encoding_rs::GB18030.encode(TEXT);
    site_with_seed_bytes(&gb)
        .run(&["-v", "build"])
        .success()
        .stderr_contains("seeds/s.txt: s (GBK)");
}

#[test]
fn binary_and_empty_seeds_are_errors() {
    site_with_seed_bytes(b"\x89PNG\r\n\x1a\n\x00\x00").build().failure().stderr_contains("seeds/s.txt:3:1: error: cannot read seed: the file is not text: a NUL byte (binary data, or UTF-16 without a byte-order mark)");
    site_with_seed_bytes(b"")
        .build()
        .failure()
        .stderr_contains("seeds/s.txt: error: cannot read seed: the file is empty");
}

#[test]
fn seed_without_sidecar_builds_with_a_warning() {
    SiteTest::new()
        .file("seeds/plain.txt", TEXT)
        .build()
        .success()
        .stderr_contains("seeds/plain.txt: warning: no sidecar `plain.toml`")
        .exists("sources/plain/index.html");
}

#[test]
fn unknown_sidecar_keys_and_bad_dates_are_errors() {
    SiteTest::new()
        .file("seeds/s.txt", TEXT)
        .file("seeds/s.toml", "slug = \"s\"\nauthr = \"x\"\n")
        .build()
        .failure()
        .stderr_contains("seeds/s.toml:2:1: error: unknown field `authr`");
    SiteTest::new()
        .file("seeds/s.txt", TEXT)
        .file("seeds/s.toml", "published = \"2025-13\"\n")
        .build()
        .failure()
        .stderr_contains("seeds/s.toml:1:13: error: invalid date `2025-13`");
}

const PAGE: &str = "网易首页 > 网易号 > 正文\n\n标题\n\n0\n分享至\n\n正文第一段,很重要。\n\n正文第二段。\n\n特别声明:以上内容为自媒体平台用户上传\n相关推荐\n无关的热点新闻标题\n";

/// A site's rule set for the platform `PAGE` comes from.
const RULESET: &str = "title = \"T\"\n\n[rulesets.netease-hao]\nstart_after = \"分享至\"\nend_before = \"特别声明:以上内容\"\n";

#[test]
fn cleaning_rules_remove_furniture_and_report_counts() {
    let site = SiteTest::new()
        .file("briefing.toml", RULESET)
        .file("seeds/s.txt", PAGE)
        .file(
            "seeds/s.toml",
            "slug = \"s\"\nrulesets = [\"netease-hao\"]\n[clean]\ndrop_lines = [\"^正文第二段\"]\n",
        );
    site.run(&["-v", "build"])
        .success()
        .stderr_contains("start_after \"分享至\" (rule set netease-hao) removed 6 lines")
        .stderr_contains("end_before \"特别声明:以上内容\" (rule set netease-hao) removed 3 lines")
        .stderr_contains("drop_lines \"^正文第二段\" (sidecar) removed 1 lines")
        .page_contains("sources/s/index.html", "正文第一段,很重要。")
        .page_lacks("sources/s/index.html", "正文第二段")
        .page_lacks("sources/s/index.html", "热点新闻")
        .page_lacks("sources/s/index.html", "分享至");
}

#[test]
fn a_rule_that_matches_nothing_or_everything_is_an_error() {
    SiteTest::new()
        .file("seeds/s.txt", PAGE)
        .file(
            "seeds/s.toml",
            "slug = \"s\"\n[clean]\nstart_after = \"没有这一行\"\n",
        )
        .build()
        .failure()
        .stderr_contains(
            "seeds/s.toml:3:15: error: start_after \"没有这一行\" (sidecar) matches no line",
        );
    SiteTest::new()
        .file("seeds/s.txt", PAGE)
        .file(
            "seeds/s.toml",
            "slug = \"s\"\n[clean]\ndrop_lines = [\".\"]\n",
        )
        .build()
        .failure()
        .stderr_contains("seeds/s.txt: error: the cleaning rules remove the whole text");
    SiteTest::new()
        .file("seeds/s.txt", PAGE)
        .file("seeds/s.toml", "slug = \"s\"\nrulesets = [\"nope\"]\n")
        .build()
        .failure()
        .stderr_contains("seeds/s.toml:2:13: error: unknown rule set `nope` (rule sets are `[rulesets.<name>]` tables in briefing.toml; this site has none)");
    SiteTest::new()
        .file("briefing.toml", RULESET)
        .file("seeds/s.txt", PAGE)
        .file("seeds/s.toml", "slug = \"s\"\nrulesets = [\"netease-ha0\"]\n")
        .build()
        .failure()
        .stderr_contains("seeds/s.toml:2:13: error: unknown rule set `netease-ha0`; did you mean `netease-hao`? (rule sets are `[rulesets.<name>]` tables in briefing.toml; this site has netease-hao)");
    // A rule set's rule that fits no line of a seed: reported where the
    // sidecar names the rule set; a bad pattern: where briefing.toml has it.
    SiteTest::new()
        .file("briefing.toml", RULESET)
        .file("seeds/s.txt", "没有平台的文字。\n")
        .file("seeds/s.toml", "slug = \"s\"\nrulesets = [\"netease-hao\"]\n")
        .build()
        .failure()
        .stderr_contains("seeds/s.toml:2:13: error: start_after \"分享至\" (rule set netease-hao) matches no line");
    SiteTest::new()
        .file("briefing.toml", "[rulesets.x]\ndrop_lines = [\"(\"]\n")
        .build()
        .failure()
        .stderr_contains("briefing.toml:2:15: error: invalid regular expression in rule set `x`");
}

#[test]
fn markup_in_a_seed_is_shown_as_text() {
    let site = SiteTest::new()
        .file("seeds/s.txt", "<script>alert('x')</script>\nA line with <img src=x onerror=alert(1)> in it.\n")
        .file("seeds/s.toml", "slug = \"s\"\ntitle = \"<i>t</i>\"\nnotes = \"<script>bad()</script> [x](javascript:alert(1))\"\n");
    site.build().success();
    // `<title>` holds text, not markup; everything else must be escaped.
    let page = site.read("sources/s/index.html");
    let html = page.split("<body").nth(1).expect("body");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img"));
    assert!(!html.contains("<i>t"));
    assert!(!html.contains("<script>bad"));
    assert!(!html.contains("href=javascript") && !html.contains("href=\"javascript"));
    assert!(
        html.contains("&lt;script>alert") || html.contains("&lt;script&gt;alert"),
        "{html}"
    );
}

#[test]
fn paragraph_ids_survive_an_insertion_above() {
    let ids = |text: &str| {
        let site = SiteTest::new()
            .file("seeds/s.txt", text)
            .file("seeds/s.toml", "slug = \"s\"\n");
        site.build().success();
        let html = site.read("sources/s/index.html");
        regex::Regex::new(r#"<p class="paragraph orig" data-n=\d+ id=(p-[0-9a-f]{6})"#)
            .unwrap()
            .captures_iter(&html)
            .map(|c| c[1].to_string())
            .collect::<Vec<_>>()
    };
    let before = ids("第一段,内容。\n第二段,内容。\n");
    let after = ids("插入的一段,内容。\n第一段,内容。\n第二段,内容。\n");
    assert_eq!(before.len(), 2);
    assert_eq!(&after[1..], &before[..]);
}
