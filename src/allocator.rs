//! Settings of the binaries' allocator (mimalloc), which are read from the
//! environment when the process loads, before `main` runs.

/// The variable that sets how long mimalloc keeps freed memory before giving
/// it back to the operating system (milliseconds; `-1`: never).
const PURGE_DELAY: &str = "MIMALLOC_PURGE_DELAY";

/// Makes mimalloc keep freed memory, by starting the binary again (once,
/// same arguments, same process id) with [`PURGE_DELAY`] set to `-1`,
/// unless the variable is already set.
///
/// By default mimalloc gives freed memory back after 10 ms, and the kernel
/// must zero it again when the next stage, or `serve`'s next rebuild,
/// touches it. At 10,000 pages that was 3–4 s of system time in a 10 s
/// build, and a fifth of a `serve` rebuild; peak memory is the same either
/// way (see BENCHMARKS.md). If the restart fails, the binary just runs on.
pub fn keep_freed_memory() {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        if std::env::var_os(PURGE_DELAY).is_some() {
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
        // `exec` returns only if it failed.
        let _failed = cmd.args(args).env(PURGE_DELAY, "-1").exec();
    }
}
