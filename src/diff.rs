//! `briefing diff OLD NEW`: which pages a change adds, removes and changes,
//! with a short diff of each changed page's readable text, as Markdown a CI
//! job can post on a pull request. OLD and NEW are build folders (or their
//! `briefing-manifest.json` files, which give the lists without text diffs).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::output::MANIFEST;
use crate::text::markdown;

#[derive(Deserialize)]
struct Manifest {
    pages: BTreeMap<String, Entry>,
}

#[derive(Deserialize, Clone)]
struct Entry {
    hash: String,
    title: String,
    kind: String,
}

/// A side of the comparison: its manifest and, for a folder, where pages are.
struct Side {
    manifest: Manifest,
    dir: Option<PathBuf>,
}

fn load(p: &Path) -> Result<Side, String> {
    let (file, dir) = if p.is_dir() {
        (p.join(MANIFEST), Some(p.to_path_buf()))
    } else {
        (p.to_path_buf(), None)
    };
    let bytes = read(&file)?;
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not a briefing manifest: {e}", file.display()))?;
    Ok(Side { manifest, dir })
}

/// Reads a regular file of at most [`crate::fsio::MAX_INPUT_BYTES`] (a
/// device or a FIFO is refused, never read).
fn read(file: &Path) -> Result<Vec<u8>, String> {
    crate::fsio::read_capped(file, file, crate::fsio::MAX_INPUT_BYTES)
        .map_err(|d| crate::fsio::one_line(&d))
}

/// The readable text of a built page; empty if it cannot be read, or if
/// its path (from a manifest) would leave the folder.
fn page_text(dir: &Path, path: &str) -> String {
    let inside = Path::new(path)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside {
        return String::new();
    }
    read(&dir.join(path))
        .map(|b| readable_text(&String::from_utf8_lossy(&b)))
        .unwrap_or_default()
}

/// Lines of a diff shown per changed page.
const MAX_LINES: usize = 40;

/// The Markdown report comparing two builds.
pub fn report(old: &Path, new: &Path) -> Result<String, String> {
    let a = load(old)?;
    let b = load(new)?;
    let added: Vec<(&String, &Entry)> = b
        .manifest
        .pages
        .iter()
        .filter(|(k, _)| !a.manifest.pages.contains_key(*k))
        .collect();
    let removed: Vec<(&String, &Entry)> = a
        .manifest
        .pages
        .iter()
        .filter(|(k, _)| !b.manifest.pages.contains_key(*k))
        .collect();
    let changed: Vec<(&String, &Entry)> = b
        .manifest
        .pages
        .iter()
        .filter(|(k, e)| a.manifest.pages.get(*k).is_some_and(|o| o.hash != e.hash))
        .collect();
    let mut md = String::new();
    let _ = writeln!(
        md,
        "### Site changes: {} added, {} removed, {} changed\n",
        added.len(),
        removed.len(),
        changed.len()
    );
    if added.is_empty() && removed.is_empty() && changed.is_empty() {
        md.push_str("No page changes.\n");
        return Ok(md);
    }
    for (label, list) in [
        ("Added", &added),
        ("Removed", &removed),
        ("Changed", &changed),
    ] {
        if !list.is_empty() {
            let _ = writeln!(md, "**{label}**\n");
            for (path, e) in list.iter() {
                let _ = writeln!(md, "- {}", item(path, e));
            }
            md.push('\n');
        }
    }
    if !changed.is_empty() {
        if let (Some(da), Some(db)) = (&a.dir, &b.dir) {
            for (path, e) in &changed {
                let old_text = page_text(da, path);
                let new_text = page_text(db, path);
                let diff = text_diff(&old_text, &new_text);
                if diff.trim().is_empty() {
                    continue;
                }
                let _ = writeln!(
                    md,
                    "<details><summary><code>{}</code> — {}</summary>\n\n{}\n</details>\n",
                    markdown::html_text(path),
                    markdown::html_text(&e.title),
                    markdown::code_block("diff", &diff)
                );
            }
        }
    }
    Ok(md)
}

/// One page in a list: its path and title, each in a code span (they come
/// from the builds, so they are shown, never read as Markdown), and its
/// kind, a code span too unless it is a plain word.
fn item(path: &str, e: &Entry) -> String {
    let plain = !e.kind.is_empty()
        && e.kind
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let kind = if plain {
        e.kind.clone()
    } else {
        markdown::code_span(&e.kind)
    };
    format!(
        "{} — {} ({kind})",
        markdown::code_span(path),
        markdown::code_span(&e.title),
    )
}

/// A unified diff of two texts, cut to [`MAX_LINES`] lines.
pub fn text_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let full = diff.unified_diff().context_radius(1).to_string();
    let lines: Vec<&str> = full.lines().collect();
    let mut out: String = lines
        .iter()
        .take(MAX_LINES)
        .map(|l| format!("{l}\n"))
        .collect();
    if lines.len() > MAX_LINES {
        let _ = writeln!(out, "… {} more lines", lines.len() - MAX_LINES);
    }
    out
}

/// The text a reader sees in a page's `<main>`: tags removed, one line per
/// block, entities decoded.
pub fn readable_text(html: &str) -> String {
    let main = html.find("<main").map_or(html, |i| &html[i..]);
    let main = main.find("</main>").map_or(main, |j| &main[..j]);
    let mut out = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in main.chars() {
        if in_tag {
            if c == '>' {
                in_tag = false;
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if matches!(
                    name.as_str(),
                    "p" | "li"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "dt"
                        | "dd"
                        | "tr"
                        | "br"
                        | "section"
                        | "div"
                        | "ol"
                        | "ul"
                        | "aside"
                        | "blockquote"
                ) {
                    out.push('\n');
                }
                tag.clear();
            } else {
                tag.push(c);
            }
        } else if c == '<' {
            in_tag = true;
        } else {
            out.push(c);
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_text_keeps_blocks_and_decodes() {
        let html = "<html><nav>menu</nav><main><h1>Title</h1><p>One &amp; <b>two</b></p><ul><li>a<li>b</ul></main><footer>f</footer>";
        assert_eq!(readable_text(html), "Title\nOne & two\na\nb\n");
    }

    #[test]
    fn diff_is_cut() {
        let old: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let new: String = (0..100).map(|i| format!("line {}\n", i * 2)).collect();
        let d = text_diff(&old, &new);
        assert!(d.lines().count() <= MAX_LINES + 1);
        assert!(d.contains("more lines"));
    }
}
