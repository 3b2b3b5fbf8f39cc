//! The advisory lock on an output folder, held for a whole build (fs4:
//! `flock` on Unix, `LockFileEx` on Windows). It is a file beside the
//! output, `.<name>.lock`, which is never removed (removing a lock file
//! lets two processes each lock a different one). The system drops the lock
//! when its process ends, also on a kill, so a dead build never holds it.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fs4::FileExt;

use crate::diag::Diagnostic;

/// A held lock on one output folder; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
}

/// The lock file of output folder `out`: `.<name>.lock` beside it.
pub fn path_for(out: &Path) -> PathBuf {
    let (parent, name) = super::siblings(out);
    parent.join(format!(".{name}.lock"))
}

impl OutputLock {
    /// Takes the lock on output folder `out`. While another process holds
    /// it, `waiting` is called once, with that process's id when the lock
    /// file names one, and this call waits until it is released.
    pub fn acquire(
        out: &Path,
        waiting: impl FnOnce(Option<u32>),
    ) -> Result<OutputLock, Diagnostic> {
        let path = path_for(out);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| super::io_err(dir, "cannot create folder", &e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| super::io_err(&path, "cannot open the lock file", &e))?;
        // Through the trait, not `File::try_lock` (Rust 1.89), for the
        // crate's minimum Rust version.
        match FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                waiting(holder(&mut file));
                FileExt::lock(&file).map_err(|e| super::io_err(&path, "cannot lock", &e))?;
            }
            Err(fs4::TryLockError::Error(e)) => {
                return Err(super::io_err(&path, "cannot lock", &e));
            }
        }
        // Who holds it, for the message of a build that waits. Not needed
        // for correctness: the lock itself is the system's.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{}", std::process::id()))
            .and_then(|()| file.flush());
        Ok(OutputLock { file })
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = FileExt::unlock(&self.file);
    }
}

/// The process id the lock file names, if any.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    Read::by_ref(file).take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_for_the_first_and_learns_its_holder() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("public");
        let first = OutputLock::acquire(&out, |_| panic!("nobody holds it")).expect("the lock");
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let out = out.clone();
            std::thread::spawn(move || {
                let lock = OutputLock::acquire(&out, |pid| {
                    tx.send(pid).expect("the test listens");
                });
                lock.map(|_| ())
            })
        };
        let pid = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the second acquire says it waits");
        assert_eq!(pid, Some(std::process::id()));
        assert!(!waiter.is_finished(), "it waits while the first is held");
        drop(first);
        waiter
            .join()
            .expect("no panic")
            .expect("then it gets the lock");
        assert!(path_for(&out).is_file());
    }
}
