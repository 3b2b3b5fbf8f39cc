//! Bounded reads: every file `build`, `diff` and `new source` read is a
//! regular file, read up to a limit, with a clear error otherwise. A device
//! or a FIFO is refused before it is read (a FIFO would block, `/dev/zero`
//! never ends).

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::site_test::SiteTest;

/// Runs `briefing args` in `dir`, failing the test if it has not ended
/// within 20 seconds (it is then killed).
fn run_within(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("briefing starts");
    let start = Instant::now();
    while child.try_wait().expect("the process").is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("briefing {args:?} hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("its output")
}

fn failed_with(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(needle),
        "stderr lacks {needle:?}:\n{stderr}"
    );
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn diff_refuses_devices_and_fifos_without_hanging() {
    let site =
        SiteTest::with_seed().file("content/about.md", "+++\ntitle = \"About\"\n+++\nOne.\n");
    site.build().success();
    std::fs::write(
        site.root().join("content/about.md"),
        "+++\ntitle = \"About\"\n+++\nTwo.\n",
    )
    .expect("an edit");
    site.run(&["build", "--output", "new"]).success();
    let root = site.root();
    failed_with(
        &run_within(root, &["diff", "/dev/zero", "new"]),
        "error: /dev/zero: not a regular file (a character device)",
    );
    mkfifo(&root.join("fifo"));
    failed_with(
        &run_within(root, &["diff", "public", "fifo"]),
        "error: fifo: not a regular file (a FIFO)",
    );
    // A FIFO in place of a folder's manifest, or of a changed page.
    std::fs::remove_file(root.join("new/about/index.html")).expect("a page");
    mkfifo(&root.join("new/about/index.html"));
    let out = run_within(root, &["diff", "public", "new"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 changed"));
    std::fs::remove_file(root.join("new/briefing-manifest.json")).expect("the manifest");
    mkfifo(&root.join("new/briefing-manifest.json"));
    failed_with(
        &run_within(root, &["diff", "public", "new"]),
        "briefing-manifest.json: not a regular file (a FIFO)",
    );
}

#[cfg(unix)]
#[test]
fn new_source_reads_only_regular_files_within_the_limit_of_a_build() {
    let site = SiteTest::new();
    let root = site.root();
    failed_with(
        &run_within(root, &["new", "source", "/dev/zero"]),
        "error: /dev/zero: not a regular file (a character device)",
    );
    mkfifo(&root.join("fifo.txt"));
    failed_with(
        &run_within(root, &["new", "source", "fifo.txt"]),
        "error: fifo.txt: not a regular file (a FIFO)",
    );
    failed_with(
        &run_within(root, &["new", "source", "."]),
        "error: .: not a regular file (a folder)",
    );
    // A sparse file over the limit: refused by its size, as `build` would.
    let big = std::fs::File::create(root.join("big.txt")).expect("a file");
    big.set_len(65 * 1024 * 1024).expect("sparse");
    failed_with(
        &run_within(root, &["new", "source", "big.txt"]),
        "error: big.txt: file is 65 MiB, larger than the limit of 64 MiB for one input",
    );
    assert!(!root.join("seeds").exists(), "nothing was written");
}

#[cfg(unix)]
#[test]
fn a_fifo_among_the_inputs_does_not_hang_a_build() {
    let site = SiteTest::with_seed();
    mkfifo(&site.root().join("content/pipe.md"));
    mkfifo(&site.root().join("seeds/pipe.txt"));
    let out = run_within(site.root(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
