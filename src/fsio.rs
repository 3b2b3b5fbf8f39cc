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
