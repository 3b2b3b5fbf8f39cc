//! Two builds of one output at once. Each build holds an advisory lock on
//! the output for its whole run; a second build waits for it, saying so,
//! and never touches the first one's temporary folder. Recovery removes only
//! temporary folders whose process is gone.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::site_test::SiteTest;

fn briefing() -> Command {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
}

/// The id of a process that has ended (and been reaped).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("a child");
    let pid = child.id();
    child.wait().expect("it ends");
    pid
}

/// Every file below `dir` with its bytes, sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("below").to_string_lossy();
            (
                rel.replace('\\', "/"),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    v.sort();
    v
}

fn temporary_folders(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .expect("the root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.tmp-") || n.starts_with(".public.old-"))
        .collect()
}

/// Rounds of four builds started at once against one output, the inputs
/// edited between rounds and while a round runs. Every build succeeds, the
/// output is never missing, and after each round it is byte for byte what a
/// build of the final inputs into an empty folder writes.
#[test]
fn concurrent_builds_always_end_with_a_complete_current_site() {
    const ROUNDS: usize = 4;
    const BUILDS: usize = 4;
    let site = SiteTest::with_seed()
        .file("content/briefs/a.md", "+++\ntitle = \"A\"\n+++\nChina [](source:demo \"全球最大的稀土供应国\").\n")
        .file("content/events/2024-12-01-listed.md", "+++\ntitle = \"Listed\"\ndate = \"2024-12-01\"\n+++\nListed [](source:demo \"纳入出口管制清单\").\n");
    site.build().success();
    let manifest = site.public().join("briefing-manifest.json");
    let stop = Arc::new(AtomicBool::new(false));
    let missing = Arc::new(AtomicUsize::new(0));
    let looks = Arc::new(AtomicUsize::new(0));
    let watcher = {
        let (stop, missing, looks) = (stop.clone(), missing.clone(), looks.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if !manifest.is_file() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
                looks.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let reference = tempfile::tempdir().expect("a folder for reference builds");
    for round in 0..ROUNDS {
        let brief = |n: usize| {
            format!(
                "+++\ntitle = \"Round {n}\"\n+++\nRound {n} [](source:demo \"140家中国企业\").\n"
            )
        };
        std::fs::write(
            site.root().join("content/briefs/round.md"),
            brief(round * 2),
        )
        .expect("an edit");
        let mut children = Vec::new();
        for i in 0..BUILDS {
            if i == BUILDS / 2 {
                // An edit while builds run: the builds that take the lock
                // after it must publish it.
                std::fs::write(
                    site.root().join("content/briefs/round.md"),
                    brief(round * 2 + 1),
                )
                .expect("an edit");
            }
            // Staggered, so that builds start while others write.
            std::thread::sleep(Duration::from_millis(40));
            children.push(
                briefing()
                    .arg("build")
                    .current_dir(site.root())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("a build"),
            );
        }
        for child in children {
            let out = child.wait_with_output().expect("the build ends");
            assert!(
                out.status.success(),
                "round {round}: a build failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let want = reference.path().join(format!("round-{round}"));
        let run = briefing()
            .args(["build", "--output"])
            .arg(&want)
            .current_dir(site.root())
            .output()
            .expect("a reference build");
        assert!(run.status.success());
        assert!(
            files(&site.public()) == files(&want),
            "round {round}: the output is not the site of the last inputs"
        );
        assert!(site
            .read("briefs/round/index.html")
            .contains(&format!("Round {}", round * 2 + 1)));
        assert_eq!(temporary_folders(site.root()), Vec::<String>::new());
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().expect("the watcher ends");
    assert!(looks.load(Ordering::Relaxed) > 0);
    eprintln!(
        "{ROUNDS} rounds of {BUILDS} builds: the output looked at {} times",
        looks.load(Ordering::Relaxed)
    );
    assert_eq!(
        missing.load(Ordering::Relaxed),
        0,
        "the output was missing at some moment (of {} looks)",
        looks.load(Ordering::Relaxed)
    );
}

/// A build that finds the output locked waits, says so, and leaves the
/// temporary folder of the build holding the lock alone, then and after.
/// A temporary folder whose process is gone is removed.
#[test]
fn a_second_build_waits_and_never_touches_the_first_builds_folder() {
    let site = SiteTest::with_seed();
    site.build().success();
    let before = site.snapshot_output();
    // This test plays the first build: it holds the lock, and its
    // temporary folder is being written.
    let lock = briefing::output::OutputLock::acquire(&site.public(), |_| {
        panic!("nothing else holds the lock")
    })
    .expect("the lock");
    let ours = site
        .root()
        .join(format!(".public.tmp-{}", std::process::id()));
    std::fs::create_dir(&ours).expect("the first build's folder");
    std::fs::write(ours.join("half.html"), "being written").expect("a page");
    let gone = site.root().join(format!(".public.tmp-{}", dead_pid()));
    std::fs::create_dir(&gone).expect("a killed build's folder");
    let mut second = briefing()
        .arg("build")
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("a second build");
    let mut stderr = BufReader::new(second.stderr.take().expect("its stderr"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("a line");
    assert!(
        line.contains(&format!(
            "note: another build (process {}) is writing public; waiting for it to finish",
            std::process::id()
        )),
        "{line}"
    );
    // It waits: nothing it could do before the lock is done.
    let waited = Instant::now();
    while waited.elapsed() < Duration::from_millis(500) {
        assert!(
            second.try_wait().expect("the build").is_none(),
            "it did not wait"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(ours.join("half.html").is_file());
    assert!(gone.is_dir());
    assert_eq!(before, site.snapshot_output());
    drop(lock);
    let status = second.wait().expect("the second build ends");
    assert!(status.success());
    // The folder of a live process stays; the dead one's is gone.
    assert!(ours.join("half.html").is_file());
    assert!(!gone.exists());
    std::fs::remove_dir_all(&ours).expect("clean up");
}
