//! File IO wrappers whose errors always name the path: reads of regular
//! files only, capped; new files written without replacing any.

use std::path::Path;

use crate::diag::{Diagnostic, Span};

/// Inputs larger than this are refused with a clear error (see SECURITY.md).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a file below `root`; `rel` is used in the error.
pub fn read(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_capped(&root.join(rel), rel, MAX_INPUT_BYTES)
}

/// Reads the regular file at `path`, of at most `limit` bytes; `shown` names
/// it in errors. Anything else (a folder, a FIFO, a device, a socket) is
/// refused before it is opened, and again once open (on Unix it is opened
/// without blocking, so a FIFO put in its place cannot hang the read). At
/// most `limit` bytes are read even if the file grows meanwhile.
pub fn read_capped(path: &Path, shown: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let fail = |msg: &str| Diagnostic::at(Span::file(shown), msg.to_string());
    let cannot = |e: std::io::Error| fail("cannot read file").caused_by(&e);
    let meta = std::fs::metadata(path).map_err(cannot)?;
    regular(&meta, limit).map_err(|m| fail(&m))?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    regular(&meta, limit).map_err(|m| fail(&m))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(fail(&too_big(limit + 1, limit)));
    }
    Ok(bytes)
}

/// A read error of this module as one line (`path: message; caused by: …`),
/// for the commands that report plain text (`diff`, `new`).
pub fn one_line(d: &Diagnostic) -> String {
    let mut msg = match &d.span {
        Some(span) => format!("{}: {}", span.file.display(), d.message),
        None => d.message.clone(),
    };
    for n in &d.notes {
        msg.push_str("; ");
        msg.push_str(n);
    }
    msg
}

/// `Err` with a message unless `meta` is of a regular file of at most
/// `limit` bytes.
fn regular(meta: &std::fs::Metadata, limit: u64) -> Result<(), String> {
    let ty = meta.file_type();
    if !ty.is_file() {
        return Err(format!("not a regular file ({})", kind_of(ty)));
    }
    if meta.len() > limit {
        return Err(too_big(meta.len(), limit));
    }
    Ok(())
}

fn too_big(len: u64, limit: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if limit >= MIB {
        format!(
            "file is {} MiB, larger than the limit of {} MiB for one input",
            len / MIB,
            limit / MIB
        )
    } else {
        format!("file is larger than the limit of {limit} bytes")
    }
}

/// What a file that is not a regular file is, in words.
fn kind_of(ty: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ty.is_fifo() {
            return "a FIFO";
        }
        if ty.is_char_device() {
            return "a character device";
        }
        if ty.is_block_device() {
            return "a block device";
        }
        if ty.is_socket() {
            return "a socket";
        }
    }
    if ty.is_dir() {
        "a folder"
    } else if ty.is_symlink() {
        "a symbolic link"
    } else {
        "not a file"
    }
}

/// Reads a UTF-8 text file (content, sidecars, templates). A BOM is removed.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = read(root, rel)?;
    let at = |bytes: &[u8], i: usize| {
        let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..i]));
        Span::new(rel, line, col)
    };
    if let Some(i) = memchr::memchr(0, &bytes) {
        return Err(Diagnostic::at(
            at(&bytes, i),
            "not a text file: a NUL byte (binary data, or UTF-16; content, sidecars and templates must be UTF-8)",
        ));
    }
    // The errors quote their line, decoded as well as it can be (a bad byte
    // shows as U+FFFD, a control character as an escape), so that the
    // editor sees where it is.
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::at(
            at(e.as_bytes(), e.utf8_error().valid_up_to()),
            "not valid UTF-8 (content, sidecars and templates must be UTF-8)",
        )
        .quoting(&String::from_utf8_lossy(e.as_bytes()), 1)
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if let Some(found) = crate::text::controls::check(&text, crate::text::controls::Field::Prose) {
        let (line, col) = line_col(&text[..found.offset]);
        return Err(Diagnostic::at(
            Span::new(rel, line, col),
            format!("not a text file: it holds {}", found.describe()),
        )
        .quoting(&text, 1));
    }
    Ok(text)
}

/// The 1-based line and column (in characters) just after `before`.
fn line_col(before: &str) -> (usize, usize) {
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
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

/// Writes a new file (its folders made first); never replaces one, even
/// one made meanwhile by another process. A write that fails part way (a
/// full disk) removes the file it made, so no half file is left behind.
pub fn write_new(root: &Path, rel: &Path, text: impl AsRef<[u8]>) -> Result<(), String> {
    use std::io::Write as _;
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!("{} already exists", rel.display()),
            _ => format!("cannot write {}: {e}", rel.display()),
        })?;
    f.write_all(text.as_ref()).map_err(|e| {
        drop(f);
        let _ = std::fs::remove_file(&path);
        format!("cannot write {}: {e}", rel.display())
    })
}
