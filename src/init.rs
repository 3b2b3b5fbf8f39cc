//! `briefing init [DIR]` and `briefing theme export [DIR]`: a new site that
//! builds and passes `check --deny-warnings` at once, and the default theme
//! written out for editing. The files are data in `src/init/site/` (and the
//! theme's own folder), never overwritten: a folder that already holds one
//! of them is refused, naming each clash.

use std::path::{Path, PathBuf};

/// The version of this binary: the release the workflows download.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The files of a new site: (path below the site root, text).
fn site_files() -> Vec<(&'static str, String)> {
    macro_rules! file {
        ($path:literal, $data:literal) => {
            (
                $path,
                include_str!(concat!("init/site/", $data)).to_string(),
            )
        };
    }
    let install = include_str!("init/site/workflows/install-step.yml").trim_end();
    let workflow = |text: &str| {
        text.replace("__INSTALL__", install)
            .replace("__BRIEFING_REPO__", &release_repo())
            .replace("__BRIEFING_VERSION__", VERSION)
    };
    vec![
        file!("briefing.toml", "briefing.toml"),
        file!(".gitignore", "gitignore"),
        file!("content/index.md", "content/index.md"),
        file!("content/glossary.toml", "content/glossary.toml"),
        file!(
            "content/summaries/sample-library-hours.md",
            "content/summaries/sample-library-hours.md"
        ),
        file!(
            "content/events/2025-03-03-sample-sunday-opening-announced.md",
            "content/events/2025-03-03-sample-sunday-opening-announced.md"
        ),
        file!(
            "seeds/sample-library-hours.txt",
            "seeds/sample-library-hours.txt"
        ),
        file!(
            "seeds/sample-library-hours.toml",
            "seeds/sample-library-hours.toml"
        ),
        (
            ".github/workflows/check.yml",
            workflow(include_str!("init/site/workflows/check.yml")),
        ),
        (
            ".github/workflows/pages.yml",
            workflow(include_str!("init/site/workflows/pages.yml")),
        ),
    ]
}

/// `OWNER/REPO` of the GitHub repository that publishes the releases: from
/// the crate's `repository` key when it names one on GitHub, else the
/// placeholder the workflows refuse to run with.
fn release_repo() -> String {
    option_env!("CARGO_PKG_REPOSITORY")
        .and_then(|u| u.strip_prefix("https://github.com/"))
        .map(|r| r.trim_end_matches('/').trim_end_matches(".git"))
        .filter(|r| r.split('/').count() == 2)
        .unwrap_or("OWNER/REPO")
        .to_string()
}

/// Writes a new site into `dir` (created if missing). Returns the files
/// written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let files: Vec<(PathBuf, Vec<u8>)> = site_files()
        .into_iter()
        .map(|(p, t)| (PathBuf::from(p), t.into_bytes()))
        .collect();
    write_all(dir, &files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// What to do next, for the end of `init`'s output.
pub fn next_steps(dir: &Path) -> String {
    let cd = if dir == Path::new(".") || dir.as_os_str().is_empty() {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    let mut s = format!(
        "next: {cd}briefing serve --open   (a preview that reloads as you edit)\n\
         then: briefing new source FILE, cite it, and push to GitHub (see .github/workflows/pages.yml)"
    );
    if release_repo() == "OWNER/REPO" {
        s.push_str(
            "\nbefore publishing: set BRIEFING_REPO in .github/workflows/*.yml to the repository that publishes briefing's releases",
        );
    }
    s
}

/// Writes the default theme (templates and static files) into `dir`, to
/// edit. Returns the files written, relative to `dir`.
pub fn export_theme(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let files: Vec<(PathBuf, Vec<u8>)> = crate::render::theme::default_files()
        .into_iter()
        .map(|(p, b)| (PathBuf::from(p), b.to_vec()))
        .collect();
    write_all(dir, &files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Writes every file below `dir`, or none: a file that exists already (or a
/// path that is taken) is a clash, and every clash is named.
fn write_all(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
    let clashes: Vec<String> = files
        .iter()
        .filter(|(p, _)| std::fs::symlink_metadata(dir.join(p)).is_ok())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !clashes.is_empty() {
        return Err(format!(
            "{} already has {}: nothing was written (move them away, or choose another folder)",
            dir.display(),
            clashes.join(", ")
        ));
    }
    for (rel, bytes) in files {
        crate::fsio::write_new(dir, rel, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflows_name_this_version_and_install_the_release() {
        for (path, text) in site_files() {
            assert!(!text.contains("__"), "{path} has a placeholder left");
            if path.ends_with(".yml") {
                assert!(
                    text.contains(&format!("BRIEFING_VERSION: {VERSION}")),
                    "{path}"
                );
                assert!(text.contains("sha256sum -c"), "{path}");
            }
        }
    }
}
