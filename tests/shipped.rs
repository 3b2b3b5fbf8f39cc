//! Tests of the shipped briefing, not of the generator: the repository's own
//! `briefing.toml`, `content/` and `seeds/` build without warnings, each
//! seed's cleaning keeps the article and removes the page furniture, the
//! seeds are the unedited originals, and `serve`'s cached rebuilds of this
//! real site equal fresh builds.
//!
//! A fork that replaces the content with its own briefing deletes this file
//! or rewrites it for its own sources. The generator's tests
//! (`tests/testsuite/`) use only fixture sites and pass whatever the content.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

fn build_shipped() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("site");
    let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&dest)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    (out, stderr)
}

fn page(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join("site").join(rel)).unwrap()
}

#[test]
fn shipped_site_builds_without_warnings_and_seeds_are_clean() {
    let (dir, stderr) = build_shipped();
    assert!(!stderr.contains("warning"), "{stderr}");
    let d = dir.path();
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "us-rare-earth-decoupling",
            &[
                "Make America Great Again",
                "大国竞争/美国稀土政策/供应链安全/关键矿产/产业政策",
                "jointly building a new global framework for critical mineral cooperation",
            ],
            &[],
        ),
        (
            "biden-critical-minerals-strategy",
            &[
                "Since the Obama administration",
                "71991485",
                "ensure the sustained security of its critical mineral supplies",
            ],
            &["展开更多", "scientifc and tec..."],
        ),
        (
            "ciss-us-rare-earth-strategy",
            &[
                "将140家中国企业纳入出口管制清单",
                "美国莫利矿业(Molycopr)公司在2008年投资16亿美元",
                "避免将稀土资源彻底“武器化”使得全球绿色转型进程受阻",
                "图源:美国地质调查局(数据统计至2025年1月)",
            ],
            &[],
        ),
        (
            "netease-g7-production-alliance",
            &[
                "宣布成立“关键矿产生产联盟”",
                "本土锂产能仅能满足全球约6%的需求",
                "真正的供应链安全应建立在开放包容、互利共赢的基础上",
            ],
            &[
                "网易首页",
                "分享至",
                "相关推荐",
                "贾国龙",
                "无障碍浏览",
                "扶摇九万里",
                "Notice: The content above",
            ],
        ),
        (
            "netease-54-nation-forum",
            &[
                "54个国家和欧盟派代表参会",
                "你建你的圈、我扩我的链",
                "将进一步向技术创新、资源回收与多边机制建设延伸",
            ],
            &[
                "网易首页",
                "分享至",
                "相关推荐",
                "超音速铁路",
                "本平台仅提供信息存储服务",
                "手里有读",
            ],
        ),
    ];
    for (slug, kept, gone) in cases {
        let html = page(d, &format!("sources/{slug}/index.html"));
        // The text without markup (quoted words are wrapped in elements).
        let text: String = html
            .split('<')
            .map(|piece| piece.split_once('>').map_or(piece, |(_, t)| t))
            .collect();
        for k in *kept {
            assert!(text.contains(k), "{slug}: body text {k:?} missing");
        }
        for g in *gone {
            let text = html.split("source-text").nth(1).expect("source text");
            assert!(!text.contains(g), "{slug}: furniture {g:?} still present");
        }
    }
    let timeline = page(d, "timeline/index.html");
    assert!(
        timeline.contains("<time datetime=2017-12>"),
        "EO 13817 missing from the timeline"
    );
}

#[test]
fn every_shipped_source_has_a_summary_and_every_seed_a_sidecar() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("seeds")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "txt") {
            assert!(
                p.with_extension("toml").is_file(),
                "{} has no sidecar",
                p.display()
            );
        }
    }
    let (dir, _) = build_shipped();
    let sources = page(dir.path(), "sources/index.html");
    assert_eq!(sources.matches("Read the summary").count(), 5, "{sources}");
}

#[test]
fn seeds_are_the_shared_originals() {
    // The seeds are copied unchanged from the shared originals; their SHA-256
    // are pinned so an accidental edit fails the test suite.
    use sha2::{Digest, Sha256};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = [
        (
            "000_dcebf9981143983a.txt",
            "f396f006cc5f099563b4da85c61bc346bee0c638a4fd12021cdf23d4288b8a60",
        ),
        (
            "001_972d636fc7d5ed08.txt",
            "98995e2aac1a568ae77c5e972b8a4df07326ce1cd3a600960a77c2752b530414",
        ),
        (
            "002_fc608e8a2d898a5b.txt",
            "b76199ed3f83f6849d642e090bc94eba332b6d597082c2d74b836799ba485bbd",
        ),
        (
            "003_bf562af7aa861547.txt",
            "f4f2b175cb2357c6b4521bbc16cd3ec3da6a98c27a6996700679c3adaa00833f",
        ),
        (
            "004_e2464488a8b9ec25.txt",
            "a77a1759ff0fce9c37990562987534fe2d3564b9ad080e70de4917fe1dfa2268",
        ),
    ];
    for (name, hash) in expected {
        let bytes = std::fs::read(root.join("seeds").join(name)).unwrap();
        let got: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(got, hash, "{name} was edited");
    }
}

/// Every file of a generated site, by path, with the search index that
/// `serve` builds after the pages (as in tests/testsuite/build.rs).
fn whole_site(b: briefing::site::Built) -> Vec<(String, std::sync::Arc<Vec<u8>>)> {
    let mut files = b.files;
    if let Some(model) = &b.deferred_search {
        files.extend(briefing::site::search_files(model));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

#[test]
fn cached_rebuilds_of_the_shipped_site_equal_fresh_builds_edit_by_edit() {
    // The shipped briefing, copied, then edited the ways editors do; after
    // each edit `serve`'s cached rebuild must give exactly a fresh build
    // (of `serve`: its pages carry the reload script).
    use briefing::site::{generate_cached, BuildOptions, Cache};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for top in ["content", "seeds"] {
        for e in walkdir::WalkDir::new(repo.join(top)) {
            let e = e.unwrap();
            let to = root.join(e.path().strip_prefix(repo).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
    }
    std::fs::copy(repo.join("briefing.toml"), root.join("briefing.toml")).unwrap();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: root.join("public"),
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
            "This brief sets the five sources' forecasts",
            "This brief sets the five sources' forecasts (Africa's too)",
        ),
        (
            "a brief's title",
            "content/briefs/alliances.md",
            "title = \"",
            "title = \"Renamed: ",
        ),
        (
            "an event",
            "content/events/2015-molycorp-bankruptcy.md",
            "title = \"",
            "title = \"Edited: ",
        ),
        (
            "a glossary definition",
            "content/glossary.toml",
            "definition = 'Region",
            "definition = 'Edited. Region",
        ),
        (
            "a term's Chinese name (in every list of terms on a page)",
            "content/glossary.toml",
            "original = '非洲'",
            "original = '非洲大陆'",
        ),
        (
            "a source's sidecar",
            "seeds/000_dcebf9981143983a.toml",
            "title_en = \"",
            "title_en = \"Edited: ",
        ),
    ];
    for (what, rel, from, to) in steps {
        let p = root.join(rel);
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
        // What `serve` gives on its first build of the same input.
        let fresh = whole_site(generate_cached(&opts, &mut Cache::default()).unwrap());
        let cached = whole_site(cached);
        assert!(cached == fresh, "{what}: the cached rebuild differs");
        assert!(rendered > 0, "{what}: no page was rendered again");
    }
}
