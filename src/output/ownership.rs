//! Which folder a build may replace. The output may not be the site root,
//! hold it, or overlap an input folder; an existing output is replaced only
//! if it is empty or a build of this program: its manifest parses, names
//! this program, and lists every file there.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::diag::Diagnostic;

/// The folders below the site root that hold inputs.
pub const INPUT_FOLDERS: [&str; 5] = ["content", "seeds", "themes", "templates", "static"];

/// What the manifest says, as far as ownership goes.
#[derive(Deserialize)]
struct Owner {
    version: Option<u64>,
    generator: Option<String>,
    files: Option<Vec<String>>,
    pages: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Whether a build of version 1 (whose manifest lists its pages only)
/// wrote the file at `rel` besides its pages.
fn written_by_version_1(rel: &str) -> bool {
    rel.starts_with("assets/")
        || [".nojekyll", "robots.txt", "atom.xml", "sitemap.xml"].contains(&rel)
}

/// Checks that `out` may hold a build of the site at `root`: it is not the
/// root, does not hold it, and does not overlap an input folder. Needs no
/// lock: it looks only at paths.
pub fn check_place(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs_root = absolute(root);
    let abs_out = absolute(out);
    let refuse = |why: String| Err(Diagnostic::error(None, why));
    if abs_root.starts_with(&abs_out) {
        return refuse(format!(
            "the output folder {} is or contains the site itself; choose another --output",
            out.display()
        ));
    }
    for name in INPUT_FOLDERS {
        let input = absolute(&root.join(name));
        if abs_out.starts_with(&input) || input.starts_with(&abs_out) {
            let how = if abs_out == input {
                "is"
            } else if abs_out.starts_with(&input) {
                "is inside"
            } else {
                "contains"
            };
            return refuse(format!(
                "the output folder {} {how} the input folder {name}/, which a build would replace; choose another --output",
                out.display()
            ));
        }
    }
    Ok(())
}

/// Checks that the folder at `out`, if there is one, may be replaced:
/// empty, or written by this program with every file listed in its
/// manifest. The caller holds the output's lock.
pub fn check_contents(out: &Path) -> Result<(), Diagnostic> {
    let abs_out = absolute(out);
    let refuse = |why: String| Err(Diagnostic::error(None, why));
    if abs_out.is_dir() {
        owned(out, &abs_out)
    } else if std::fs::symlink_metadata(&abs_out).is_ok() {
        refuse(format!(
            "the output path {} exists and is not a folder",
            out.display()
        ))
    } else {
        Ok(())
    }
}

/// An existing output folder: empty, or written by this program, with every
/// file listed in its manifest.
fn owned(out: &Path, abs_out: &Path) -> Result<(), Diagnostic> {
    let shown = super::shown(out);
    let mut entries = std::fs::read_dir(abs_out).map_err(|e| {
        Diagnostic::error(None, format!("cannot read output folder {shown}")).caused_by(&e)
    })?;
    if entries.next().is_none() {
        return Ok(());
    }
    let manifest = super::MANIFEST;
    let not_ours = |why: String| {
        Err(Diagnostic::error(
            None,
            format!("the output folder {shown} exists and was not written by briefing ({why}); refusing to replace it — remove it or choose another --output"),
        ))
    };
    if !abs_out.join(manifest).is_file() {
        return not_ours(format!("no {manifest}"));
    }
    let bytes = match crate::fsio::read(abs_out, Path::new(manifest)) {
        Ok(b) => b,
        Err(d) => return not_ours(format!("its {manifest}: {}", d.message)),
    };
    let owner: Owner = match serde_json::from_slice(&bytes) {
        Ok(o) => o,
        Err(e) => return not_ours(format!("its {manifest} does not parse: {e}")),
    };
    // A build of version 1 named no generator and listed its pages only;
    // it wrote its other files at fixed paths.
    let version_1 = owner.version == Some(1) && owner.generator.is_none();
    let listed: HashSet<String> = if version_1 {
        let Some(pages) = owner.pages else {
            return not_ours(format!("its {manifest} lists no pages"));
        };
        pages.into_iter().map(|(path, _)| path).collect()
    } else {
        if owner.generator.as_deref() != Some(super::GENERATOR) {
            return not_ours(format!(
                "its {manifest} does not name briefing as its generator"
            ));
        }
        let Some(files) = owner.files else {
            return not_ours(format!("its {manifest} does not list its files"));
        };
        files.into_iter().collect()
    };
    let mut strangers = Vec::new();
    for entry in walkdir::WalkDir::new(abs_out)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
    {
        let entry = entry.map_err(|e| {
            Diagnostic::error(None, format!("cannot read output folder {shown}: {e}"))
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(abs_out)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if rel != manifest && !listed.contains(&rel) && !(version_1 && written_by_version_1(&rel)) {
            strangers.push(rel);
        }
    }
    if strangers.is_empty() {
        return Ok(());
    }
    const SHOWN: usize = 10;
    let mut names = strangers
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if strangers.len() > SHOWN {
        names.push_str(&format!(" and {} more", strangers.len() - SHOWN));
    }
    Err(Diagnostic::error(
        None,
        format!(
            "the output folder {shown} holds {} file{} that its {manifest} does not list, which a build would delete: {names}; move them away or choose another --output",
            strangers.len(),
            if strangers.len() == 1 { "" } else { "s" }
        ),
    ))
}

/// `p` as an absolute path with `.` and `..` resolved, and symbolic links
/// resolved in the part that exists, so that no link can hide the site
/// root or an input folder.
pub(super) fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // The longest part that exists, resolved, then the rest.
    let mut rest = Vec::new();
    let mut head = clean.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(head) {
            let mut out = real;
            out.extend(rest.iter().rev());
            return out;
        }
        match (head.parent(), head.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                head = parent;
            }
            _ => return clean,
        }
    }
}
