//! File IO wrappers whose errors always name the path.

use std::path::Path;

use crate::diag::{Diagnostic, Span};

/// Inputs larger than this are refused with a clear error (see SECURITY.md).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file below `root`; `rel` is used in the error.
pub fn read(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    let path = root.join(rel);
    let meta = std::fs::metadata(&path)
        .map_err(|e| Diagnostic::at(Span::file(rel), "cannot read file").caused_by(&e))?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::at(
            Span::file(rel),
            format!(
                "file is {} MiB, larger than the limit of {} MiB for one input",
                meta.len() / (1024 * 1024),
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        ));
    }
    std::fs::read(&path)
        .map_err(|e| Diagnostic::at(Span::file(rel), "cannot read file").caused_by(&e))
}

/// Reads a UTF-8 text file (content, sidecars, templates). A BOM is removed.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = read(root, rel)?;
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(Diagnostic::at(
            Span::file(rel),
            format!("not a text file (NUL byte at offset {pos})"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..upto]).into_owned();
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::at(
            Span::new(rel, line, col),
            "not valid UTF-8 (content, sidecars and templates must be UTF-8)",
        )
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// What a file's metadata says about its contents. `serve` takes a file
/// whose stamp is unchanged (and [settled](Stamp::settled)) as unchanged,
/// without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: std::time::SystemTime,
    /// Unix: inode and status-change time, which no program can set back
    /// (a file replaced by a rename, or restored with its old times, still
    /// shows a new stamp).
    #[cfg(unix)]
    inode: u64,
    #[cfg(unix)]
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of the file at `path`, or `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok()?,
            #[cfg(unix)]
            inode: meta.ino(),
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// Whether the stamp can vouch for the contents at `now`. File times
    /// are coarse (a tick of several milliseconds on Linux), so two writes
    /// of the same length within one tick leave the same stamp; a file
    /// modified in the last two seconds is read again to be sure (as Git
    /// does with "racily clean" files).
    pub fn settled(&self, now: std::time::SystemTime) -> bool {
        now.duration_since(self.modified)
            .is_ok_and(|age| age > std::time::Duration::from_secs(2))
    }
}
