//! Cleaning up after killed builds. Every temporary folder is named after
//! the process that made it (`.<name>.tmp-<pid>`, `.<name>.old-<pid>`); one
//! is removed only when that process is gone. The caller holds the output's
//! lock, so no other build of this output runs; the process check is for
//! anything else that might (an older `briefing` without the lock).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// A leftover folder beside the output.
struct Leftover {
    path: PathBuf,
    /// The previous output, moved aside by a two-step swap.
    old: bool,
    owner: Option<u32>,
}

/// Restores the previous output if a build was killed between the two
/// renames of a two-step swap, and removes the temporary folders of builds
/// that are gone. Folders of live processes are left alone.
pub fn recover(out: &Path) -> Result<(), Diagnostic> {
    let (parent, name) = super::siblings(out);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return Ok(());
    };
    let (tmp, old) = (format!(".{name}.tmp-"), format!(".{name}.old-"));
    let mut leftovers: Vec<Leftover> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let (is_old, rest) = if let Some(rest) = file_name.strip_prefix(&old) {
                (true, rest)
            } else {
                (false, file_name.strip_prefix(&tmp)?)
            };
            let owner = rest.split('-').next().and_then(|pid| pid.parse().ok());
            Some(Leftover {
                path: e.path(),
                old: is_old,
                owner,
            })
        })
        .filter(|l| owner_is_gone(l.owner))
        .collect();
    leftovers.sort_by(|a, b| a.path.cmp(&b.path));
    if !out.exists() {
        if let Some(old) = leftovers.iter().find(|l| l.old) {
            std::fs::rename(&old.path, out)
                .map_err(|e| super::io_err(&old.path, "cannot restore previous output from", &e))?;
        }
    }
    for l in leftovers.iter().filter(|l| l.path.exists()) {
        std::fs::remove_dir_all(&l.path)
            .map_err(|e| super::io_err(&l.path, "cannot remove leftover folder", &e))?;
    }
    Ok(())
}

/// Whether the process that made a folder is gone. A folder of this
/// process is a leftover too: it holds the lock, so none of its builds of
/// this output is running.
fn owner_is_gone(owner: Option<u32>) -> bool {
    match owner {
        None => true,
        Some(pid) if pid == std::process::id() => true,
        Some(pid) => !is_alive(pid),
    }
}

/// Whether process `pid` exists (a signal 0 reaches it, or it exists but
/// belongs to another user).
#[cfg(unix)]
pub(super) fn is_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e != rustix::io::Errno::SRCH,
    }
}

/// Elsewhere the lock alone decides.
#[cfg(not(unix))]
pub(super) fn is_alive(_pid: u32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_finished_child_is_not() {
        assert!(is_alive(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().expect("a child");
        let pid = child.id();
        child.wait().expect("it ends");
        assert!(!is_alive(pid));
    }
}
