//! Putting a finished temporary folder in place of the output folder.
//!
//! On Linux the two folders are exchanged in one step (`renameat2` with
//! `RENAME_EXCHANGE`, through rustix): at every moment the output path
//! names either the whole previous site or the whole new one. Elsewhere, or
//! on a file system without the exchange, it takes two renames (the
//! previous output aside, the new one in); a kill between them leaves no
//! output until the next build restores the previous one (see
//! [`super::recover`]).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// How the new output went in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swap {
    /// There was no output folder: one rename.
    Moved,
    /// Exchanged in one step.
    Exchanged,
    /// Two renames.
    TwoStep,
}

/// Puts folder `new` in place of `out`. Returns how, and the folder that
/// now holds the previous output (for the caller to remove), if there was
/// one. `aside` is where a two-step swap moves the previous output. On an
/// error, `out` is as it was.
pub fn replace(
    new: &Path,
    out: &Path,
    aside: &Path,
) -> Result<(Swap, Option<PathBuf>), Diagnostic> {
    if !out.exists() {
        std::fs::rename(new, out)
            .map_err(|e| super::io_err(out, "cannot move new output into place at", &e))?;
        return Ok((Swap::Moved, None));
    }
    if exchange(new, out)? {
        return Ok((Swap::Exchanged, Some(new.to_path_buf())));
    }
    std::fs::rename(out, aside)
        .map_err(|e| super::io_err(out, "cannot move aside previous output", &e))?;
    if let Err(e) = std::fs::rename(new, out) {
        let _ = std::fs::rename(aside, out);
        return Err(super::io_err(
            out,
            "cannot move new output into place at",
            &e,
        ));
    }
    Ok((Swap::TwoStep, Some(aside.to_path_buf())))
}

/// Exchanges two folders in one step. `Ok(false)` when this system or file
/// system cannot (then nothing happened).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> Result<bool, Diagnostic> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // No such system call (Linux before 3.15), or a file system
        // without the flag.
        Err(Errno::NOSYS | Errno::INVAL | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(super::io_err(
            b,
            "cannot exchange the new output with",
            &std::io::Error::from(e),
        )),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool, Diagnostic> {
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(path: &Path, text: &str) {
        std::fs::create_dir_all(path).expect("a folder");
        std::fs::write(path.join("index.html"), text).expect("a page");
    }

    fn page(path: &Path) -> String {
        std::fs::read_to_string(path.join("index.html")).expect("the page")
    }

    #[test]
    fn the_new_folder_takes_the_place_of_the_old_in_one_step() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (new, out, aside) = (
            dir.path().join("new"),
            dir.path().join("out"),
            dir.path().join("aside"),
        );
        folder(&new, "new");
        folder(&out, "old");
        let (how, previous) = replace(&new, &out, &aside).expect("swapped");
        assert_eq!(page(&out), "new");
        let previous = previous.expect("the previous output is kept for removal");
        assert_eq!(page(&previous), "old");
        if cfg!(target_os = "linux") {
            // tmpfs and every disk file system Linux builds run on support
            // the exchange: the previous output is where the new one was,
            // and nothing was ever moved aside.
            assert_eq!(how, Swap::Exchanged);
            assert_eq!(previous, new);
            assert!(!aside.exists());
        }
    }

    #[test]
    fn without_an_output_the_new_folder_is_moved() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (new, out) = (dir.path().join("new"), dir.path().join("out"));
        folder(&new, "new");
        let (how, previous) = replace(&new, &out, &dir.path().join("aside")).expect("moved");
        assert_eq!((how, previous), (Swap::Moved, None));
        assert_eq!(page(&out), "new");
        assert!(!new.exists());
    }
}
