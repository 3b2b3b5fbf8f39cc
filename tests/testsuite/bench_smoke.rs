//! Smoke test of the benchmark tooling: the corpus generator
//! (`examples/corpus.rs`) writes a site of 50 pages that builds without errors
//! or warnings, the same seed gives the same bytes, the `serve` rebuild
//! measurements (`examples/rebuild.rs`, and `bench/serve_reload.py` through a
//! running `briefing serve`) run on it and restore the edited file, and
//! `bench/run` parses. No timing is asserted anywhere.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// An example binary, which `cargo test` builds beside the main binary.
fn example_bin(name: &str) -> Option<PathBuf> {
    let bin = Path::new(env!("CARGO_BIN_EXE_briefing"));
    let exe = bin
        .parent()?
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    exe.exists().then_some(exe)
}

fn corpus_bin() -> Option<PathBuf> {
    example_bin("corpus")
}

fn generate(corpus: &Path, seed: &str, out: &Path, hugo: &Path) {
    let o = Command::new(corpus)
        .args(["--seed", seed, "--pages", "50", "--out"])
        .arg(out)
        .arg("--hugo")
        .arg(hugo)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "corpus failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A 50-page corpus in `dir/site`, and its first brief (relative to the site).
fn corpus_with_brief(corpus: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let site = dir.join("site");
    generate(corpus, "42", &site, &dir.join("hugo"));
    let brief = walkdir::WalkDir::new(site.join("content/briefs"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_file())
        .unwrap();
    let rel = brief.path().strip_prefix(&site).unwrap().to_path_buf();
    (site, rel)
}

/// Every file below `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

#[test]
fn corpus_of_50_pages_builds_cleanly_and_is_deterministic() {
    let Some(corpus) = corpus_bin() else {
        eprintln!(
            "skipped: the corpus example is not built (run `cargo test` without --test, or `cargo build --example corpus`)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (site, hugo) = (tmp.path().join("site"), tmp.path().join("hugo"));
    generate(&corpus, "42", &site, &hugo);

    let tree1 = tree(&site);
    let count = |prefix: &str| tree1.keys().filter(|k| k.starts_with(prefix)).count();
    assert_eq!(count("content/briefs/") + count("content/summaries/"), 50);
    assert_eq!(count("content/summaries/"), 5);
    assert_eq!(count("seeds/"), 10, "5 seeds with 5 sidecars");
    assert_eq!(count("content/events/"), 5);
    for f in [
        "briefing.toml",
        "content/glossary.toml",
        "content/index.md",
        "content/about.md",
    ] {
        assert!(tree1.contains_key(f), "{f} missing");
    }
    for f in [
        "hugo.toml",
        "layouts/baseof.html",
        "layouts/page.html",
        "layouts/section.html",
        "layouts/taxonomy.html",
        "layouts/term.html",
        "content/timeline.md",
    ] {
        assert!(hugo.join(f).exists(), "Hugo site: {f} missing");
    }
    // Both cleaning styles appear.
    let sidecars: String = tree1
        .iter()
        .filter(|(k, _)| k.starts_with("seeds/") && k.ends_with(".toml"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(
        sidecars.contains("netease-hao") || sidecars.contains("start_after"),
        "{sidecars}"
    );

    // Builds with no errors and no warnings.
    let dest = tmp.path().join("public");
    builds_without_warnings(&site, &dest);
    assert!(dest.join("briefs").is_dir() && dest.join("terms").is_dir());

    // Same seed, same bytes; another seed, other text.
    let (site2, hugo2) = (tmp.path().join("site2"), tmp.path().join("hugo2"));
    generate(&corpus, "42", &site2, &hugo2);
    assert!(tree1 == tree(&site2), "same seed gave different files");
    assert!(
        tree(&hugo) == tree(&hugo2),
        "same seed gave different Hugo files"
    );
    generate(&corpus, "7", &site2, &hugo2);
    assert!(tree1 != tree(&site2), "seeds 42 and 7 gave the same files");
}

#[test]
fn plain_corpus_builds_cleanly_and_is_deterministic() {
    let Some(corpus) = corpus_bin() else {
        eprintln!("skipped: the corpus example is not built (run `cargo test` without --test)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let plain = |seed: &str, out: &Path, hugo: &Path| {
        let o = Command::new(&corpus)
            .args(["--plain", "--seed", seed, "--pages", "50", "--out"])
            .arg(out)
            .arg("--hugo")
            .arg(hugo)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let (site, hugo) = (tmp.path().join("site"), tmp.path().join("hugo"));
    plain("42", &site, &hugo);
    let files = tree(&site);
    let posts: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("content/posts/"))
        .collect();
    assert_eq!(posts.len(), 50);
    assert!(!files.keys().any(|k| k.starts_with("seeds/")));
    assert!(!files.contains_key("content/glossary.toml"));
    let text: String = files
        .values()
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect();
    // Posts and tags in both languages; links between posts; no citations.
    assert!(text.contains("tags = [") && text.contains("@/posts/"));
    assert!(text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)));
    assert!(!text.contains("source:"));
    let chinese_tag = regex::Regex::new(r#"tags = \[[^\]]*"[\p{Han}]"#).unwrap();
    assert!(chinese_tag.is_match(&text), "no Chinese tag");
    assert!(hugo.join("hugo.toml").exists() && hugo.join("content/posts/_index.md").exists());

    let dest = tmp.path().join("public");
    builds_without_warnings(&site, &dest);
    assert!(dest.join("posts").is_dir() && dest.join("tags").is_dir());

    let (site2, hugo2) = (tmp.path().join("site2"), tmp.path().join("hugo2"));
    plain("42", &site2, &hugo2);
    assert!(files == tree(&site2), "same seed gave different files");
    assert!(
        tree(&hugo) == tree(&hugo2),
        "same seed gave different Hugo files"
    );
}

#[test]
fn bench_script_parses_and_documents_its_usage() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/run");
    let o = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "bash -n bench/run: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = Command::new("bash")
        .arg(&script)
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for word in ["Usage:", "--sizes", "--runs", "--big", "--corpora"] {
        assert!(
            help.contains(word),
            "bench/run --help lacks {word}:\n{help}"
        );
    }
}

#[test]
fn rebuild_measurement_runs_and_restores_the_page() {
    let (Some(corpus), Some(rebuild)) = (corpus_bin(), example_bin("rebuild")) else {
        eprintln!("skipped: the examples are not built (run `cargo test` without --test)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (site, rel) = corpus_with_brief(&corpus, tmp.path());
    let before = std::fs::read(site.join(&rel)).unwrap();
    let o = Command::new(rebuild)
        .arg(&site)
        .arg(&rel)
        .arg("2")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The brief itself and the print edition that holds it.
    let again: usize = regex::Regex::new(r"brief text 0: .*?, (\d+) of \d+ pages rendered again")
        .unwrap()
        .captures(&stdout)
        .unwrap_or_else(|| panic!("{stdout}"))[1]
        .parse()
        .unwrap();
    assert!(
        (1..=3).contains(&again),
        "{again} pages rendered again: {stdout}"
    );
    assert!(stdout.contains("\nall "), "{stdout}");
    assert_eq!(
        std::fs::read(site.join(&rel)).unwrap(),
        before,
        "page restored"
    );
}

#[test]
fn rebuild_measurement_of_every_kind_of_edit_restores_the_site() {
    let (Some(corpus), Some(rebuild)) = (corpus_bin(), example_bin("rebuild")) else {
        eprintln!("skipped: the examples are not built (run `cargo test` without --test)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (site, _) = corpus_with_brief(&corpus, tmp.path());
    let before = tree(&site);
    let stdout = succeeds(Command::new(rebuild).arg(&site).args(["--kinds", "1"]));
    for kind in EDIT_KINDS {
        // Each edit builds, and is summed up.
        assert!(stdout.contains(&format!("{kind} 0: ")), "{kind}: {stdout}");
        assert!(
            stdout.contains(&format!("\n{kind:<15} p50 ")),
            "{kind}: {stdout}"
        );
    }
    assert!(!stdout.contains("does not build"), "{stdout}");
    assert_eq!(tree(&site), before, "every file restored");
}

#[test]
fn serve_reload_measurement_runs_and_restores_the_page() {
    let Some(corpus) = corpus_bin() else {
        eprintln!("skipped: the examples are not built (run `cargo test` without --test)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (site, rel) = corpus_with_brief(&corpus, tmp.path());
    let before = std::fs::read(site.join(&rel)).unwrap();
    let o = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/serve_reload.py"))
        .arg(env!("CARGO_BIN_EXE_briefing"))
        .arg(&site)
        .arg(&rel)
        .arg("2")
        .output()
        .expect("python3 runs (.ci/run installs it)");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let times = regex::Regex::new(r"edit → reload event, ms: (\d+) (\d+)\n")
        .unwrap()
        .is_match(&stdout);
    assert!(times && stdout.contains("median"), "{stdout}");
    assert_eq!(std::fs::read(site.join(&rel)).unwrap(), before);
}

#[test]
fn serve_reload_measurement_of_every_kind_of_edit_restores_the_site() {
    let Some(corpus) = corpus_bin() else {
        eprintln!("skipped: the examples are not built (run `cargo test` without --test)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (site, _) = corpus_with_brief(&corpus, tmp.path());
    let before = tree(&site);
    let stdout = succeeds(
        Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/serve_reload.py"))
            .arg(env!("CARGO_BIN_EXE_briefing"))
            .arg(&site)
            .args(["--kinds", "1"]),
    );
    for kind in EDIT_KINDS {
        assert!(
            stdout.contains(&format!("\n{kind:<15} p50 ")),
            "{kind}: {stdout}"
        );
    }
    assert!(stdout.contains("(5 edits)"), "{stdout}");
    assert_eq!(tree(&site), before, "every file restored");
}

/// The kinds of edit `examples/rebuild --kinds` and `serve_reload.py
/// --kinds` make, as they name them.
const EDIT_KINDS: [&str; 5] = [
    "brief text",
    "brief title",
    "event date",
    "term alias",
    "seed paragraph",
];

/// Runs `cmd`, asserts that it succeeds, and returns its standard output.
fn succeeds(cmd: &mut Command) -> String {
    let o = cmd.output().expect("the command runs");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    stdout
}

/// Builds `site` into `dest` and asserts that it succeeds with no warning.
fn builds_without_warnings(site: &Path, dest: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root"])
        .arg(site)
        .arg("--output")
        .arg(dest)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}
