//! The site's `static/` folder: every file copied into the output at the
//! same path below it (`static/images/map.png` → `images/map.png`), read
//! with the same checks as every input (regular files inside the site root,
//! no symbolic links, at most `fsio`'s size per file). A static file may not
//! take the path of a generated one: that is an error naming both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::output::OutFile;

/// The folder of static files below the site root.
pub const DIR: &str = "static";

/// The site's own custom stylesheet: `static/assets/custom.css`.
pub fn has_custom_css(paths: &[PathBuf]) -> bool {
    let custom = Path::new(DIR)
        .join("assets")
        .join(crate::render::theme::CUSTOM_CSS);
    paths.contains(&custom)
}

/// The output path of a static file: its path below `static/`, `/`-separated.
fn output_path(rel: &Path) -> String {
    rel.strip_prefix(DIR)
        .unwrap_or(rel)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A static file read: its input path and its output file.
pub type Static = (PathBuf, OutFile);

/// The static files read, each as an output file; problems into `diags`.
pub fn read(root: &Path, paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<Static> {
    let mut out = Vec::with_capacity(paths.len());
    for rel in paths {
        match crate::fsio::read(root, rel) {
            Ok(bytes) => out.push((rel.clone(), OutFile::asset(output_path(rel), bytes))),
            Err(d) => diags.push(d),
        }
    }
    out
}

/// An error for each static file whose output path a generated file has
/// (in any letter case: they collide on macOS and Windows).
pub fn collisions(statics: &[Static], generated: &[OutFile]) -> Vec<Diagnostic> {
    let taken: BTreeMap<String, &str> = generated
        .iter()
        .map(|f| (f.path.to_lowercase(), f.path.as_str()))
        .collect();
    statics
        .iter()
        .filter_map(|(rel, f)| {
            let other = taken.get(&f.path.to_lowercase())?;
            Some(Diagnostic::at(
                Span::file(rel),
                format!(
                    "output path collision: {} and the generated {other} would both be written to {}",
                    rel.display(),
                    f.path
                ),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_files_keep_their_path_and_may_not_take_a_generated_one() {
        assert_eq!(
            output_path(Path::new("static/images/地图.png")),
            "images/地图.png"
        );
        let statics = vec![
            (
                PathBuf::from("static/Index.html"),
                OutFile::asset("Index.html", vec![]),
            ),
            (
                PathBuf::from("static/CNAME"),
                OutFile::asset("CNAME", vec![]),
            ),
        ];
        let generated = vec![OutFile::asset("index.html", vec![])];
        let errors = collisions(&statics, &generated);
        assert_eq!(errors.len(), 1);
        assert!(errors[0]
            .message
            .contains("static/Index.html and the generated index.html"));
        assert!(has_custom_css(&[PathBuf::from("static/assets/custom.css")]));
    }
}
