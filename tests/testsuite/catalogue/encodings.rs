//! Seeds in mixed or broken encodings: checked line by line, refused at the
//! first bad line with what it looks like, cross-checked with the language
//! the sidecar declares; a sidecar can pin the encoding.

use super::{broken_build, put};
use crate::site_test::SiteTest;

/// A site that built once, with `seeds/x.txt` (and its sidecar) then
/// written: the second build must fail and leave the output as it was.
fn with_seed<'a>(site: &'a SiteTest, seed: &[u8], sidecar: &str) -> crate::site_test::Run<'a> {
    site.build().success();
    let before = site.snapshot_output();
    put(site, "seeds/x.txt", seed);
    put(site, "seeds/x.toml", sidecar.as_bytes());
    broken_build(site, &before)
}

#[test]
fn utf8_with_one_stray_byte_is_refused_at_that_line() {
    let mut seed = "Café society\nThe second line.\n".as_bytes().to_vec();
    seed.extend_from_slice(b"Don\x92t publish this.\n");
    with_seed(&SiteTest::with_seed(), &seed, "slug = \"x\"\nlanguage = [\"en\"]\n")
        .stderr_contains("seeds/x.txt:3:4: error: cannot read seed: the file mixes encodings: this line is not UTF-8 (byte 0x92; it reads as windows-1252), but 1 other line with non-ASCII text is; convert the whole file to UTF-8");
}

#[test]
fn utf8_mixed_with_gb18030_is_refused_at_the_first_gb18030_line() {
    let mut seed = "第一段：美国稀土战略的特征。\n第二段：动因与挑战。\n"
        .as_bytes()
        .to_vec();
    let (gb, _, _) =
        encoding_rs::GB18030.encode("第三段：中国作为全球最大的稀土供应国。\n第四段。\n");
    seed.extend_from_slice(&gb);
    with_seed(&SiteTest::with_seed(), &seed, "slug = \"x\"\nlanguage = [\"zh-Hans\"]\n")
        .stderr_contains("seeds/x.txt:3:1: error: cannot read seed: the file mixes encodings: this line is not UTF-8 (byte 0xB5; it reads as GBK), but 2 other lines with non-ASCII text are");
}

#[test]
fn a_detected_encoding_must_suit_the_declared_language() {
    let (latin, _, _) = encoding_rs::WINDOWS_1252
        .encode("Caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e, and the rest of the text.\n");
    with_seed(&SiteTest::with_seed(), &latin, "slug = \"x\"\nlanguage = [\"zh-Hans\"]\n")
        .stderr_contains("seeds/x.txt: error: cannot read seed: the text looks like windows-1252, which cannot hold `zh-Hans` text as the sidecar declares: the file is probably in another encoding or mixes encodings; if it is right, pin it with `encoding = \"windows-1252\"` in the sidecar");
    // Declared as English, it is what it looks like.
    SiteTest::with_seed()
        .bytes("seeds/x.txt", &latin)
        .file("seeds/x.toml", "slug = \"x\"\nlanguage = [\"en\"]\n")
        .build()
        .success()
        .page_contains("sources/x/index.html", "Café crème brûlée");
}

#[test]
fn a_sidecar_can_pin_the_encoding() {
    let (gb, _, _) = encoding_rs::GB18030.encode("稀土。\n");
    // Too short to detect; pinned, it is read as it is.
    SiteTest::with_seed()
        .bytes("seeds/x.txt", &gb)
        .file("seeds/x.toml", "slug = \"x\"\nencoding = \"gb18030\"\n")
        .run(&["-v", "build"])
        .success()
        .stderr_contains("seeds/x.txt: x (gb18030)")
        .page_contains("sources/x/index.html", "稀土");
    with_seed(
        &SiteTest::with_seed(),
        &gb,
        "slug = \"x\"\nencoding = \"klingon\"\n",
    )
    .stderr_contains("seeds/x.toml:2:12: error: unknown encoding `klingon`");
    let mut seed = b"first line\n".to_vec();
    seed.extend_from_slice(&gb);
    with_seed(&SiteTest::with_seed(), &seed, "slug = \"x\"\nencoding = \"UTF-8\"\n")
        .stderr_contains("seeds/x.txt:2:2: error: cannot read seed: the text is read as UTF-8, but this line has bytes that are invalid in it");
}
