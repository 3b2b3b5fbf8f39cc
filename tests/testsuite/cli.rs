//! The command line: exit codes, quiet and verbose output, `check` formats.

use crate::site_test::SiteTest;

#[test]
fn usage_errors_exit_2() {
    let site = SiteTest::new();
    assert_eq!(
        site.run(&["build", "--no-such-flag"]).output.status.code(),
        Some(2)
    );
    assert_eq!(site.run(&["frobnicate"]).output.status.code(), Some(2));
    assert_eq!(
        site.run(&["build", "--base-url", "not-a-url"])
            .output
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn quiet_prints_nothing_on_success_and_verbose_prints_timings() {
    let site = SiteTest::with_seed();
    let q = site.run(&["-q", "build"]).success();
    assert_eq!(q.stdout(), "");
    assert_eq!(q.stderr(), "");
    site.run(&["-v", "build"])
        .success()
        .stderr_contains("render")
        .stderr_contains("seed seeds/demo.txt: demo (UTF-8)");
}

fn broken() -> SiteTest {
    SiteTest::with_seed()
        .file(
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\nX [](source:demo \"不存在的引文\").\n",
        )
        .file("seeds/extra.txt", "A source without a sidecar.\n")
}

#[test]
fn check_human_writes_nothing() {
    let site = broken();
    site.run(&["check"])
        .failure()
        .stderr_contains("checked: 1 error, 1 warning");
    assert!(!site.public().exists());
}

#[test]
fn check_github_annotations() {
    let site = broken();
    let run = site.run(&["check", "--format", "github"]).failure();
    insta::assert_snapshot!("check_github", run.stdout());
}

#[test]
fn check_json() {
    let site = broken();
    let run = site.run(&["check", "--format", "json"]).failure();
    let v: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    assert_eq!(v[0]["file"], "content/a.md");
    assert_eq!(v[0]["line"], 4);
    assert_eq!(v[0]["column"], 3);
    assert_eq!(v[0]["severity"], "error");
    assert_eq!(v[1]["severity"], "warning");
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let site = SiteTest::with_seed().file("seeds/extra.txt", "A source without a sidecar.\n");
    site.run(&["check"]).success();
    site.run(&["check", "--deny-warnings"]).failure();
}
