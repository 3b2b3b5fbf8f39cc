//! Stage 2: discovery. Walks the site root (with walkdir) and lists the input
//! files of each kind, sorted, without reading them. Symbolic links are never
//! followed, so no input can reach outside the site root.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, Span};

/// The input files of a site, as paths relative to the site root.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    /// `content/**/*.md` except events.
    pub pages: Vec<PathBuf>,
    /// `content/events/*.md`.
    pub events: Vec<PathBuf>,
    /// `content/glossary.toml`.
    pub glossary: Option<PathBuf>,
    /// `content/translations/*.toml`.
    pub translations: Vec<PathBuf>,
    /// `seeds/*.txt` with their sidecar `seeds/*.toml` if present.
    pub seeds: Vec<(PathBuf, Option<PathBuf>)>,
    /// Site template overrides: (template name, path), from `templates/`.
    pub templates: Vec<(String, PathBuf)>,
    /// `static/**`: files copied to the output as they are (`static/x/y`
    /// → `x/y`).
    pub statics: Vec<PathBuf>,
    /// `i18n/*.toml`: the site's words for the theme, by language.
    pub i18n: Vec<PathBuf>,
}

impl Inputs {
    /// Whether `path` (relative to the site root) is one of the inputs.
    pub fn lists(&self, path: &Path) -> bool {
        let is = |p: &PathBuf| p == path;
        self.pages.iter().any(is)
            || self.events.iter().any(is)
            || self.glossary.iter().any(is)
            || self.translations.iter().any(is)
            || self
                .seeds
                .iter()
                .any(|(t, s)| t == path || s.as_deref() == Some(path))
            || self.templates.iter().any(|(_, p)| p == path)
            || self.statics.iter().any(is)
            || self.i18n.iter().any(is)
    }
}

/// Lists the inputs below `root`. Unexpected files are warnings.
pub fn discover(root: &Path, diags: &mut Diagnostics) -> Inputs {
    let mut inputs = Inputs::default();
    for rel in walk(root, "content", diags) {
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let in_events = rel.starts_with("content/events");
        let in_translations = rel.starts_with(crate::translations::DIR);
        if rel == Path::new("content/glossary.toml") {
            inputs.glossary = Some(rel);
        } else if in_translations {
            if rel.parent() == Some(Path::new(crate::translations::DIR)) && name.ends_with(".toml")
            {
                inputs.translations.push(rel);
            } else {
                diags.push(Diagnostic::warning(
                    Some(Span::file(&rel)),
                    "translations are `<source-slug>.toml` files directly in content/translations/; file ignored",
                ));
            }
        } else if name.ends_with(".md") && in_events {
            if rel.parent() == Some(Path::new("content/events")) {
                inputs.events.push(rel);
            } else {
                diags.push(Diagnostic::warning(
                    Some(Span::file(&rel)),
                    "events must be directly in content/events/; file ignored",
                ));
            }
        } else if name.ends_with(".md") {
            inputs.pages.push(rel);
        } else {
            diags.push(Diagnostic::warning(
                Some(Span::file(&rel)),
                "not a Markdown page, the glossary or a translation; file ignored (files to publish as they are go in static/)",
            ));
        }
    }
    let seed_files = walk(root, "seeds", diags);
    let seed_set: std::collections::HashSet<&Path> =
        seed_files.iter().map(PathBuf::as_path).collect();
    for rel in &seed_files {
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        if rel.parent() != Some(Path::new("seeds")) {
            diags.push(Diagnostic::warning(
                Some(Span::file(rel)),
                "seeds must be directly in seeds/; file ignored",
            ));
        } else if ext == "txt" {
            let sidecar = rel.with_extension("toml");
            let sidecar = seed_set.contains(sidecar.as_path()).then_some(sidecar);
            inputs.seeds.push((rel.clone(), sidecar));
        } else if ext == "toml" {
            if !seed_set.contains(rel.with_extension("txt").as_path()) {
                diags.push(Diagnostic::error(
                    Some(Span::file(rel)),
                    "sidecar without a seed: no matching .txt file",
                ));
            }
        } else {
            diags.push(Diagnostic::warning(
                Some(Span::file(rel)),
                "not a seed (.txt) or sidecar (.toml); file ignored",
            ));
        }
    }
    for rel in walk(root, "templates", diags) {
        let name = rel
            .strip_prefix("templates")
            .unwrap_or(&rel)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        inputs.templates.push((name, rel));
    }
    inputs.statics = walk(root, "static", diags);
    for rel in walk(root, "i18n", diags) {
        let toml = rel.extension().is_some_and(|e| e == "toml");
        if toml && rel.parent() == Some(Path::new("i18n")) {
            inputs.i18n.push(rel);
        } else {
            diags.push(Diagnostic::warning(
                Some(Span::file(&rel)),
                "language files are `<language>.toml` files directly in i18n/ (`i18n/zh-Hans.toml`); file ignored",
            ));
        }
    }
    inputs
}

/// Files below `root/dir`, relative to `root`, sorted by name. Hidden files
/// and folders (starting with `.`) are skipped; symbolic links are reported
/// and skipped.
fn walk(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let base = root.join(dir);
    if std::fs::symlink_metadata(&base).is_ok_and(|m| m.file_type().is_symlink()) {
        diags.push(Diagnostic::warning(
            Some(Span::file(dir)),
            "symbolic link not followed (inputs must be regular files inside the site root)",
        ));
        return Vec::new();
    }
    if !base.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let walker = WalkDir::new(&base)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) => {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(e.path())
                    .to_path_buf();
                if e.path_is_symlink() {
                    diags.push(Diagnostic::warning(
                        Some(Span::file(&rel)),
                        "symbolic link not followed (inputs must be regular files inside the site root)",
                    ));
                } else if e.file_type().is_file() {
                    if rel.to_str().is_none() {
                        diags.push(Diagnostic::error(
                            Some(Span::file(&rel)),
                            "file name is not valid UTF-8",
                        ));
                    } else {
                        out.push(rel);
                    }
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf());
                diags.push(Diagnostic::error(
                    path.map(Span::file),
                    format!("cannot read folder: {e}"),
                ));
            }
        }
    }
    out
}
