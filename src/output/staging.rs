//! A build's temporary output folder, beside the output folder, and its
//! swap into place.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

use super::lock::OutputLock;
use super::swap::{self, Swap};

/// What a write did.
#[derive(Debug, Default)]
pub struct WriteReport {
    /// Files written, and their bytes.
    pub files: usize,
    pub bytes: u64,
    /// Unchanged files linked from the previous output instead of written.
    pub reused: usize,
    /// How the new output went in (`None` until it did).
    pub swap: Option<Swap>,
}

/// A build's temporary output folder, beside the output folder. Files go in
/// as they are made ([`Staging::put`]); the folder replaces the output
/// folder only when the build succeeded ([`Staging::commit`]). Dropped
/// without a commit (a failed build), it is removed and the previous output
/// stays whole. The output's lock is held from [`Staging::open`] until the
/// staging is committed or dropped.
///
/// A file whose bytes equal the same file of the previous output is not
/// written again: it is hard-linked from there (no data written; the
/// previous output is removed after the swap, so the link is then the only
/// name).
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    previous: Option<PathBuf>,
    report: std::sync::Mutex<WriteReport>,
    committed: bool,
    /// Dropped last (fields drop after [`Drop::drop`] removed the folder).
    _lock: OutputLock,
}

impl Staging {
    /// Opens a build of the site at `root` into output folder `out`: takes
    /// the output's lock (waiting, with a note, while another build holds
    /// it), cleans up after killed builds, checks that `out` may be
    /// replaced, and creates the temporary folder.
    pub fn open(root: &Path, out: &Path) -> Result<Staging, Diagnostic> {
        super::ownership::check_place(root, out)?;
        let lock = OutputLock::acquire(out, |pid| {
            let who = pid.map_or_else(
                || "another build".to_string(),
                |p| format!("another build (process {p})"),
            );
            eprintln!(
                "note: {who} is writing {}; waiting for it to finish",
                super::shown(out)
            );
        })?;
        super::recover::recover(out)?;
        super::ownership::check_contents(out)?;
        Staging::new(out, lock)
    }

    /// Creates the temporary folder for output folder `out`, whose lock
    /// the caller holds.
    fn new(out: &Path, lock: OutputLock) -> Result<Staging, Diagnostic> {
        let (parent, name) = super::siblings(out);
        std::fs::create_dir_all(&parent)
            .map_err(|e| super::io_err(&parent, "cannot create folder", &e))?;
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.tmp-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| super::io_err(&tmp, "cannot remove", &e))?;
        }
        std::fs::create_dir(&tmp)
            .map_err(|e| super::io_err(&tmp, "cannot create temporary folder", &e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            previous: out.is_dir().then(|| out.to_path_buf()),
            tmp,
            old,
            report: std::sync::Mutex::new(WriteReport::default()),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one file. Its path is checked again here: a path that would
    /// leave the folder is a bug upstream and is refused, never written.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let safe = safe_relative(rel).ok_or_else(|| {
            Diagnostic::error(
                None,
                format!("refusing to write outside the output folder: {rel}"),
            )
        })?;
        let path = self.tmp.join(&safe);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| super::io_err(dir, "cannot create folder", &e))?;
        }
        if let Some(prev) = &self.previous {
            let old = prev.join(&safe);
            let same = std::fs::symlink_metadata(&old)
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                && std::fs::read(&old).is_ok_and(|b| b == bytes);
            if same && std::fs::hard_link(&old, &path).is_ok() {
                if let Ok(mut r) = self.report.lock() {
                    r.reused += 1;
                }
                return Ok(());
            }
        }
        let file =
            std::fs::File::create(&path).map_err(|e| super::io_err(&path, "cannot create", &e))?;
        let mut w = std::io::BufWriter::new(file);
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .map_err(|e| super::io_err(&path, "cannot write", &e))?;
        if let Ok(mut r) = self.report.lock() {
            r.files += 1;
            r.bytes += bytes.len() as u64;
        }
        Ok(())
    }

    /// Swaps the temporary folder in for the output folder, then removes
    /// the previous output.
    pub fn commit(mut self) -> Result<WriteReport, Diagnostic> {
        self.committed = true;
        let (how, previous) = match swap::replace(&self.tmp, &self.out, &self.old) {
            Ok(done) => done,
            Err(d) => {
                let _ = std::fs::remove_dir_all(&self.tmp);
                return Err(d);
            }
        };
        if let Some(previous) = previous {
            std::fs::remove_dir_all(&previous)
                .map_err(|e| super::io_err(&previous, "cannot remove previous output", &e))?;
        }
        let mut report = self
            .report
            .lock()
            .map(|r| WriteReport { ..*r })
            .unwrap_or_default();
        report.swap = Some(how);
        Ok(report)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// A relative path of normal components only (no `..`, no root, no empty segments).
fn safe_relative(p: &str) -> Option<PathBuf> {
    if p.is_empty() || p.contains('\\') || p.contains('\0') {
        return None;
    }
    let mut out = PathBuf::new();
    for seg in p.split('/') {
        if seg.is_empty() || seg == "." || seg == ".." || seg.contains(':') {
            return None;
        }
        out.push(seg);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_names_its_path_and_leaves_the_previous_output_whole() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("public");
        std::fs::create_dir(&out).expect("the previous output");
        std::fs::write(out.join("index.html"), "old").expect("a previous page");
        let lock = OutputLock::acquire(&out, |_| {}).expect("the lock");
        let staging = Staging::new(&out, lock).expect("the temporary folder");
        staging.put("a", b"file").expect("a first file");
        // `a` is a file, so nothing can be written below it.
        let err = staging
            .put("a/index.html", b"page")
            .expect_err("a folder over a file");
        assert!(
            err.message.contains("cannot create folder"),
            "{}",
            err.message
        );
        assert!(err.message.contains(".public.tmp-"), "{}", err.message);
        let refused = staging.put("../escape.html", b"x").expect_err("outside");
        assert!(refused.message.contains("refusing to write outside"));
        drop(staging);
        // The build gave up: its temporary folder is gone, the output as it
        // was (the lock file stays).
        assert_eq!(names(dir.path()), [".public.lock", "public"]);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).expect("the page"),
            "old"
        );
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for p in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "C:/x",
            "a\\b",
            "",
        ] {
            assert!(safe_relative(p).is_none(), "{p}");
        }
        assert_eq!(safe_relative("a/b.html"), Some(PathBuf::from("a/b.html")));
    }
}
