//! Review tools: `diff` between two builds and `new` scaffolding.

use crate::site_test::SiteTest;

#[test]
fn diff_lists_added_removed_and_changed_pages_with_text_diffs() {
    let site = SiteTest::with_seed()
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"A\"\n+++\nOld sentence [](source:demo \"140家中国企业\").\n",
        )
        .file("content/briefs/gone.md", "+++\ntitle = \"Gone\"\n+++\nx\n");
    site.run(&["build", "--output", "old"]).success();
    let site = site
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"A\"\n+++\nNew sentence [](source:demo \"140家中国企业\").\n",
        )
        .file("content/briefs/b.md", "+++\ntitle = \"B <new>\"\n+++\ny\n");
    std::fs::remove_file(site.root().join("content/briefs/gone.md")).unwrap();
    site.run(&["build", "--output", "new"]).success();
    let run = site.run(&["diff", "old", "new"]);
    assert!(run.output.status.success(), "{}", run.stderr());
    let md = run.stdout();
    assert!(
        md.starts_with("### Site changes: 1 added, 1 removed, "),
        "{md}"
    );
    assert!(
        md.contains("- `briefs/b/index.html` — `B <new>` (brief)"),
        "{md}"
    );
    assert!(md.contains("- `briefs/gone/index.html` — `Gone` (brief)"));
    assert!(md.contains("-Old sentence [1]."), "{md}");
    assert!(md.contains("+New sentence [1]."), "{md}");
    // Manifests alone give the lists without text diffs.
    let run = site.run(&[
        "diff",
        "old/briefing-manifest.json",
        "new/briefing-manifest.json",
    ]);
    assert!(run.stdout().contains("`briefs/a/index.html`") && !run.stdout().contains("```diff"));
    // Same build twice: no changes.
    assert!(site
        .run(&["diff", "new", "new"])
        .stdout()
        .contains("No page changes."));
    assert_eq!(
        site.run(&["diff", "new", "nowhere"]).output.status.code(),
        Some(1)
    );
}

#[test]
fn new_scaffolds_every_kind() {
    let site = SiteTest::with_seed();
    let (gbk, _, _) = encoding_rs::GB18030.encode(
        "美国关键矿产战略\n2025年6月17日,七国集团峰会在加拿大召开。10月31日,部长会议举行。\n",
    );
    std::fs::write(site.root().join("capture.txt"), &gbk).unwrap();
    let run = site.run(&["new", "source", "capture.txt", "--slug", "g7-capture"]);
    assert!(run.output.status.success(), "{}", run.stderr());
    let sidecar = std::fs::read_to_string(site.root().join("seeds/g7-capture.toml")).unwrap();
    assert!(sidecar.contains("# Detected encoding: GBK"), "{sidecar}");
    assert!(sidecar.contains("2025年6月17日, 10月31日"), "{sidecar}");
    assert!(
        sidecar.contains("title = \"美国关键矿产战略\""),
        "{sidecar}"
    );
    assert!(sidecar.contains("language = [\"zh-Hans\"]"));
    assert_eq!(
        std::fs::read(site.root().join("seeds/g7-capture.txt")).unwrap(),
        gbk.as_ref(),
        "copied unchanged"
    );
    assert_eq!(
        site.run(&["new", "source", "capture.txt", "--slug", "g7-capture"])
            .output
            .status
            .code(),
        Some(1),
        "never overwrites"
    );

    site.run(&[
        "new",
        "event",
        "G7 summit in Canada",
        "--date",
        "2025-06-17",
    ]);
    assert!(site
        .root()
        .join("content/events/2025-06-17-g7-summit-in-canada.md")
        .is_file());
    site.run(&["new", "brief", "Alliances"]);
    assert!(site.root().join("content/briefs/alliances.md").is_file());
    site.run(&[
        "new",
        "term",
        "g7",
        "--name",
        "G7",
        "--kind",
        "organisation",
    ]);
    let glossary = std::fs::read_to_string(site.root().join("content/glossary.toml")).unwrap();
    assert!(glossary.contains("id = \"g7\"\nname = \"G7\""));
    // The scaffolds parse; the build then asks for what only the editor can give.
    site.build()
        .failure()
        .stderr_contains("content/events/2025-06-17-g7-summit-in-canada.md:10:1: error: unfilled event description from `briefing new`")
        .stderr_contains("content/briefs/alliances.md:3:12: error: unfilled summary from `briefing new`")
        .stderr_contains("content/briefs/alliances.md:9:40: error: unfilled citation from `briefing new`")
        .stderr_contains("content/glossary.toml:24:15: error: unfilled definition from `briefing new`");
}

/// A disk that fills up part way through `new source`'s copy of a capture
/// (here: a file-size limit of 4 KiB, and the signal it sends ignored, so the
/// write fails with EFBIG as on a full disk) leaves no half-written seed, and
/// the error names the file.
#[cfg(target_os = "linux")]
#[test]
fn new_source_on_a_full_disk_leaves_no_half_file() {
    let site = SiteTest::with_seed();
    let capture = "A line of a long capture about rare earths.\n".repeat(2000);
    std::fs::write(site.root().join("capture.txt"), &capture).unwrap();
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8 && exec \"$0\" new source capture.txt --slug big")
        .arg(env!("CARGO_BIN_EXE_briefing"))
        .current_dir(site.root())
        .output()
        .expect("run sh");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write seeds/big.txt"), "{stderr}");
    assert!(!site.root().join("seeds/big.txt").exists(), "{stderr}");
    assert!(!site.root().join("seeds/big.toml").exists(), "{stderr}");
}
