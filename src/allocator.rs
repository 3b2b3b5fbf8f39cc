//! Settings of the binaries' allocator (mimalloc), which mimalloc reads from
//! the environment when the process loads, before `main` runs.

/// The settings, as environment variables and values:
/// - keep freed memory instead of giving it back to the operating system
///   after 10 ms (mimalloc's default); otherwise the kernel must zero it
///   again when the next stage, or `serve`'s next rebuild, touches it;
/// - no transparent huge pages: mimalloc asks for them, and the kernel then
///   zeroes a whole 2 MiB page on the first touch of any byte of it.
///
/// At 10,000 pages the two together took a build from 9.5–10 s to 7.6–7.8 s
/// wall (system time 5.3–6.1 s → 1.6 s, peak memory 2,320 → 2,081 MiB) and a
/// `serve` rebuild from about 0.9 s to 0.7 s (BENCHMARKS.md).
const SETTINGS: [(&str, &str); 2] = [("MIMALLOC_PURGE_DELAY", "-1"), ("MIMALLOC_ALLOW_THP", "0")];

/// Applies [`SETTINGS`] by starting the binary again, once (same arguments,
/// same process id), with those of them that are not already set: a user
/// who sets one keeps their value. If the restart fails, the binary just
/// runs on with mimalloc's defaults.
pub fn tune() {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let missing: Vec<_> = SETTINGS
            .iter()
            .filter(|(var, _)| std::env::var_os(var).is_none())
            .collect();
        if missing.is_empty() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let mut cmd = std::process::Command::new(exe);
        if let Some(arg0) = args.next() {
            cmd.arg0(arg0);
        }
        cmd.args(args);
        for (var, value) in missing {
            cmd.env(var, value);
        }
        // `exec` returns only if it failed.
        let _failed = cmd.exec();
    }
}
