//! Stage 6: output. Checks every link of the rendered HTML, minifies, and
//! writes the site atomically: into a temporary folder beside the output
//! folder, swapped in only when everything is written. A failed or killed
//! build never leaves a half-written or missing output folder; leftovers of a
//! killed build are cleaned up (or restored) by the next run.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Span};
use crate::render::OutFile;

/// The manifest written beside the pages, for `briefing diff` and reviewers.
pub const MANIFEST: &str = "briefing-manifest.json";

/// What the link check needs to know about one page. Everything that
/// depends only on the page itself is worked out once, when it is rendered;
/// what depends on other pages (does the file exist, does it have the id) is
/// checked every build.
#[derive(Debug, Clone, Default)]
pub struct PageLinks {
    pub ids: BTreeSet<String>,
    pub duplicate_ids: Vec<String>,
    /// Problems of the page's own URLs: scheme, root-relative, folder,
    /// outside the site.
    pub problems: Vec<String>,
    /// Every link to a file of the site.
    pub internal: Vec<InternalLink>,
    /// The files those links point to, sorted, each once: a rebuild in
    /// `serve` re-checks a kept page only if one of them vanished or lost
    /// an id.
    pub targets: Vec<String>,
}

/// A link to a file of the site.
#[derive(Debug, Clone)]
pub struct InternalLink {
    /// As written (unescaped), for messages.
    pub url: String,
    /// Output path of the target file.
    pub target: String,
    /// Percent-decoded anchor, empty if none.
    pub anchor: String,
}

/// Extracts ids and links from the rendered (unminified) page at `path`.
pub fn page_links(path: &str, html: &[u8]) -> PageLinks {
    // One pass of a plain DFA search (no capture groups: they cost a slower
    // engine per match); the value is the part between the quotes.
    static RE: std::sync::OnceLock<Option<regex::bytes::Regex>> = std::sync::OnceLock::new();
    let Some(re) = RE
        .get_or_init(|| regex::bytes::Regex::new(r#"[\t\n\x0C\r ](?:href|src|id)="[^"]*""#).ok())
        .as_ref()
    else {
        return PageLinks::default();
    };
    let mut links = PageLinks::default();
    for m in re.find_iter(html) {
        let text = m.as_bytes();
        let Some(q) = text.iter().position(|&b| b == b'"') else {
            continue;
        };
        let name = &text[1..q - 1];
        let value = String::from_utf8_lossy(&text[q + 1..text.len() - 1]);
        if name == b"id" {
            let id = value.into_owned();
            if !links.ids.insert(id.clone()) {
                links.duplicate_ids.push(id);
            }
            continue;
        }
        let url = html_unescape(&value);
        match classify(path, &url) {
            Url::External => {}
            Url::Problem(msg) => links.problems.push(msg),
            Url::Internal { target, anchor } => links.internal.push(InternalLink {
                url,
                target,
                anchor,
            }),
        }
    }
    // A URL is checked once per page (the same link repeats: navigation,
    // citations of one paragraph); the check's messages would be the same.
    links.internal.sort_by(|a, b| a.url.cmp(&b.url));
    links.internal.dedup_by(|a, b| a.url == b.url);
    links.internal.shrink_to_fit();
    let mut targets: Vec<&str> = links.internal.iter().map(|l| l.target.as_str()).collect();
    targets.sort_unstable();
    targets.dedup();
    links.targets = targets.into_iter().map(str::to_string).collect();
    links
}

/// Checks every `href`, `src` and `#anchor` of every HTML page against the
/// set of output files and the ids each page defines. Fresh pages bring
/// their links (extracted when they were rendered, or here); pages reused
/// from an earlier build bring theirs from `cache`. The links of the fresh
/// pages are returned for the cache. `pending` names files written later
/// (the search index, which `serve` builds after the reload).
pub fn check_links<'a>(
    files: &'a mut [OutFile],
    pending: &[&'a str],
    cache: &crate::render::RenderCache,
) -> (Vec<Diagnostic>, Vec<(String, PageLinks)>) {
    let fresh: Vec<(String, PageLinks)> = files
        .par_iter_mut()
        .filter(|f| f.is_html && !f.reused)
        .map(|f| {
            let links = f
                .links
                .take()
                .unwrap_or_else(|| page_links(&f.path, &f.bytes));
            (f.path.clone(), links)
        })
        .collect();
    let files: &[OutFile] = files;
    let paths: HashSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(pending.iter().copied())
        .collect();
    let reused: Vec<(&str, &PageLinks)> = files
        .iter()
        .filter(|f| f.is_html && f.reused)
        .filter_map(|f| {
            cache
                .pages
                .get(&f.path)
                .map(|c| (f.path.as_str(), &c.links))
        })
        .collect();
    let ids: HashMap<&str, &BTreeSet<String>> = fresh
        .iter()
        .map(|(p, l)| (p.as_str(), &l.ids))
        .chain(reused.iter().map(|(p, l)| (*p, &l.ids)))
        .collect();
    // A reused page passed the check last time. Its links can only break if
    // a file they point to disappeared or lost an id. When only pages'
    // insides changed (the usual edit in `serve`), check the fresh pages in
    // full and, of the reused ones, only the links into such files (none
    // when no file disappeared or lost an id). A build without a cache
    // reuses nothing, so all its pages are checked in full.
    // Sorted, not hashed: usually one or two paths, looked up for every
    // link of every page, and a comparison is cheaper than hashing a path.
    let mut lost: Vec<&str> = fresh
        .iter()
        .filter(|(p, l)| {
            cache
                .pages
                .get(p)
                .is_some_and(|c| !c.links.ids.is_subset(&l.ids))
        })
        .map(|(p, _)| p.as_str())
        .chain(
            cache
                .paths
                .iter()
                .map(String::as_str)
                .filter(|p| !paths.contains(p)),
        )
        .collect();
    lost.sort_unstable();
    lost.dedup();
    let links_into_lost = |l: &PageLinks| {
        lost.iter()
            .any(|p| l.targets.binary_search_by(|t| t.as_str().cmp(p)).is_ok())
    };
    let all: Vec<(&str, &PageLinks, bool)> = fresh
        .iter()
        .map(|(p, l)| (p.as_str(), l, true))
        .chain(
            reused
                .iter()
                .filter(|(_, l)| links_into_lost(l))
                .map(|(p, l)| (*p, *l, false)),
        )
        .collect();
    let mut problems: Vec<Diagnostic> = all
        .par_iter()
        .flat_map_iter(|(path, links, is_fresh)| {
            let full = *is_fresh;
            let mut out = Vec::new();
            let mut push = |msg: String| out.push(Diagnostic::error(Some(Span::file(path)), msg));
            if full {
                for id in &links.duplicate_ids {
                    push(format!("duplicate id `{id}` in generated page"));
                }
                for msg in &links.problems {
                    push(msg.clone());
                }
            }
            for l in &links.internal {
                if !full && lost.binary_search(&l.target.as_str()).is_err() {
                    continue;
                }
                if !paths.contains(l.target.as_str()) {
                    push(format!("broken link `{}`: no file {}", l.url, l.target));
                } else if let Some(set) = ids.get(l.target.as_str()) {
                    if !l.anchor.is_empty() && !set.contains(&l.anchor) {
                        push(format!(
                            "broken anchor `{}`: {} has no id `{}`",
                            l.url, l.target, l.anchor
                        ));
                    }
                }
            }
            out
        })
        .collect();
    problems.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.message.cmp(&b.message)));
    problems.dedup();
    (problems, fresh)
}

/// What a URL on a page is, before looking at other pages.
enum Url {
    /// A web or mail link: not checked.
    External,
    Problem(String),
    Internal {
        target: String,
        anchor: String,
    },
}

fn classify(page: &str, url: &str) -> Url {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
    {
        return Url::External;
    }
    if lower.contains(':')
        && !lower.starts_with('#')
        && lower
            .split(['/', '#'])
            .next()
            .is_some_and(|s| s.contains(':'))
    {
        return Url::Problem(format!("link with a disallowed scheme: `{url}`"));
    }
    let (path_part, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, percent_decode(a)),
        None => (url, String::new()),
    };
    let target = if path_part.is_empty() {
        page.to_string()
    } else {
        // The 404 page is served at any depth, so it links from the base path.
        if path_part.starts_with('/') && page == "404.html" {
            return Url::External;
        }
        if path_part.starts_with('/') {
            return Url::Problem(format!(
                "root-relative link `{url}` breaks under a subpath and from file://"
            ));
        }
        if path_part.ends_with('/')
            || !path_part
                .rsplit('/')
                .next()
                .is_some_and(|s| s.contains('.'))
        {
            return Url::Problem(format!(
                "link `{url}` names a folder, not a file (it fails from file://)"
            ));
        }
        match resolve(page, path_part) {
            Some(t) => t,
            None => return Url::Problem(format!("link `{url}` points outside the site")),
        }
    };
    Url::Internal { target, anchor }
}

/// Resolves a relative URL path against the folder of `page`.
fn resolve(page: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&#x2F;", "/")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Minifies one rendered page (minify-html). Inline CSS and JS are
/// minified too, but setting up their minifiers costs more than most pages:
/// only pages that have some pay for it.
pub fn minify_page(html: &str) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    if html.contains("<style") || html.contains("<script>") || html.contains(" style=") {
        cfg.minify_css = true;
        cfg.minify_js = true;
    }
    minify_html::minify(html.as_bytes(), &cfg)
}

#[derive(Serialize)]
struct ManifestEntry<'a> {
    hash: String,
    title: &'a str,
    kind: &'a str,
}

/// The manifest: output path → SHA-256, title and kind of every page.
pub fn manifest(files: &[OutFile]) -> Vec<u8> {
    let entries: BTreeMap<&str, ManifestEntry<'_>> = files
        .par_iter()
        .filter(|f| f.is_html)
        .map(|f| {
            let d: [u8; 32] = f
                .digest
                .unwrap_or_else(|| Sha256::digest(f.bytes.as_slice()).into());
            let hash: String = d.iter().map(|b| format!("{b:02x}")).collect();
            (
                f.path.as_str(),
                ManifestEntry {
                    hash,
                    title: &f.title,
                    kind: f.kind,
                },
            )
        })
        .collect();
    let mut v = serde_json::to_vec_pretty(&serde_json::json!({ "version": 1, "pages": entries }))
        .unwrap_or_default();
    v.push(b'\n');
    v
}

/// What a write did.
#[derive(Debug, Default)]
pub struct WriteReport {
    /// Files written, and their bytes.
    pub files: usize,
    pub bytes: u64,
    /// Unchanged files linked from the previous output instead of written.
    pub reused: usize,
}

/// Checks that `out` may be replaced: it must not contain the site root, and
/// if it exists it must be empty or an earlier build (it has a manifest).
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let abs_out = absolute(out);
    if abs_root.starts_with(&abs_out) {
        return Err(Diagnostic::error(
            None,
            format!(
                "the output folder {} contains the site itself; choose another --output",
                out.display()
            ),
        ));
    }
    if abs_out.is_dir() {
        let mut entries = std::fs::read_dir(&abs_out).map_err(|e| {
            Diagnostic::error(None, format!("cannot read output folder {}", out.display()))
                .caused_by(&e)
        })?;
        let empty = entries.next().is_none();
        if !empty && !abs_out.join(MANIFEST).is_file() {
            return Err(Diagnostic::error(
                None,
                format!("the output folder {} exists and was not written by briefing (no {MANIFEST}); refusing to replace it — remove it or choose another --output", out.display()),
            ));
        }
    } else if abs_out.exists() {
        return Err(Diagnostic::error(
            None,
            format!(
                "the output path {} exists and is not a folder",
                out.display()
            ),
        ));
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks of the existing part, so a link cannot hide the site root.
    std::fs::canonicalize(&out).unwrap_or(out)
}

fn io_err(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(None, format!("{what} {}", path.display())).caused_by(e)
}

/// Names of the temporary and old folders for output folder `out`.
fn siblings(out: &Path) -> (PathBuf, String) {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let name = out.file_name().map_or_else(
        || "public".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    (parent, name)
}

/// Cleans up after a killed build: restores the previous output if the swap
/// was interrupted between its two renames, and removes temporary folders.
pub fn recover(out: &Path) -> Result<(), Diagnostic> {
    let (parent, name) = siblings(out);
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            n.starts_with(&format!(".{name}.tmp-")) || n.starts_with(&format!(".{name}.old-"))
        })
        .collect();
    leftovers.sort();
    if !out.exists() {
        if let Some(old) = leftovers
            .iter()
            .find(|p| p.to_string_lossy().contains(".old-"))
        {
            std::fs::rename(old, out)
                .map_err(|e| io_err(old, "cannot restore previous output from", &e))?;
        }
    }
    for p in leftovers.iter().filter(|p| p.exists()) {
        std::fs::remove_dir_all(p).map_err(|e| io_err(p, "cannot remove leftover folder", &e))?;
    }
    Ok(())
}

/// A build's temporary output folder, beside the output folder. Files go in
/// as they are made ([`Staging::put`]); the folder replaces the output
/// folder only when the build succeeded ([`Staging::commit`]). Dropped
/// without a commit (a failed build), it is removed and the previous output
/// stays whole.
///
/// A file whose bytes equal the same file of the previous output is not
/// written again: it is hard-linked from there (no data written; the old
/// folder is removed after the swap, so the link is then the only name).
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    previous: Option<PathBuf>,
    report: std::sync::Mutex<WriteReport>,
    committed: bool,
}

impl Staging {
    /// Creates the temporary folder for output folder `out`.
    pub fn new(out: &Path) -> Result<Staging, Diagnostic> {
        let (parent, name) = siblings(out);
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_err(&parent, "cannot create folder", &e))?;
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.tmp-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| io_err(&tmp, "cannot remove", &e))?;
        }
        std::fs::create_dir(&tmp)
            .map_err(|e| io_err(&tmp, "cannot create temporary folder", &e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            previous: out.is_dir().then(|| out.to_path_buf()),
            tmp,
            old,
            report: std::sync::Mutex::new(WriteReport::default()),
            committed: false,
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
            std::fs::create_dir_all(dir).map_err(|e| io_err(dir, "cannot create folder", &e))?;
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
        let file = std::fs::File::create(&path).map_err(|e| io_err(&path, "cannot create", &e))?;
        let mut w = std::io::BufWriter::new(file);
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .map_err(|e| io_err(&path, "cannot write", &e))?;
        if let Ok(mut r) = self.report.lock() {
            r.files += 1;
            r.bytes += bytes.len() as u64;
        }
        Ok(())
    }

    /// Swaps the temporary folder in for the output folder.
    pub fn commit(mut self) -> Result<WriteReport, Diagnostic> {
        self.committed = true;
        let (out, tmp, old) = (&self.out, &self.tmp, &self.old);
        let cleanup = |d: Diagnostic| {
            let _ = std::fs::remove_dir_all(tmp);
            d
        };
        if out.exists() {
            std::fs::rename(out, old)
                .map_err(|e| cleanup(io_err(out, "cannot move aside previous output", &e)))?;
            if let Err(e) = std::fs::rename(tmp, out) {
                let _ = std::fs::rename(old, out);
                return Err(cleanup(io_err(
                    out,
                    "cannot move new output into place at",
                    &e,
                )));
            }
            std::fs::remove_dir_all(old)
                .map_err(|e| io_err(old, "cannot remove previous output", &e))?;
        } else {
            std::fs::rename(tmp, out)
                .map_err(|e| cleanup(io_err(out, "cannot move new output into place at", &e)))?;
        }
        Ok(self
            .report
            .lock()
            .map(|r| WriteReport { ..*r })
            .unwrap_or_default())
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

    fn html(path: &str, body: &str) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: std::sync::Arc::new(body.as_bytes().to_vec()),
            is_html: true,
            title: String::new(),
            kind: "page",
            key: 0,
            reused: false,
            links: None,
            written: false,
            digest: None,
        }
    }

    #[test]
    fn link_check_finds_broken_links_and_anchors() {
        let mut files = vec![
            html(
                "index.html",
                r##"<a href="a/index.html#x">ok</a><a href="a/index.html#nope">bad</a><a href="b/index.html">missing</a><a href="/abs.html">abs</a><a href="a/">dir</a><a href="javascript:alert(1)">js</a><a href="https://x.org">ext</a>"##,
            ),
            html(
                "a/index.html",
                r##"<p id="x"></p><a href="../index.html">up</a><a href="#x">self</a>"##,
            ),
        ];
        let msgs: Vec<String> =
            check_links(&mut files, &[], &crate::render::RenderCache::default())
                .0
                .into_iter()
                .map(|d| d.message)
                .collect();
        assert_eq!(msgs.len(), 5, "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("has no id `nope`")));
        assert!(msgs.iter().any(|m| m.contains("no file b/index.html")));
        assert!(msgs.iter().any(|m| m.contains("root-relative")));
        assert!(msgs.iter().any(|m| m.contains("names a folder")));
        assert!(msgs.iter().any(|m| m.contains("disallowed scheme")));
    }

    #[test]
    fn reused_pages_are_checked_again_only_into_changed_targets() {
        use crate::render::{CachedPage, RenderCache};
        let a = r##"<a href="b/index.html#x">b</a><a href="c/index.html">c</a>"##;
        // The last build: a, b (with id x) and c, all fine.
        let mut first = vec![
            html("a.html", a),
            html("b/index.html", r#"<p id="x"></p>"#),
            html("c/index.html", ""),
        ];
        let (problems, fresh) = check_links(&mut first, &[], &RenderCache::default());
        assert!(problems.is_empty(), "{problems:?}");
        let mut cache = RenderCache {
            keep: true,
            paths: first.iter().map(|f| f.path.clone()).collect(),
            ..RenderCache::default()
        };
        for (path, links) in fresh {
            cache.pages.insert(
                path,
                CachedPage {
                    key: 0,
                    bytes: std::sync::Arc::new(Vec::new()),
                    links,
                },
            );
        }
        let reused = |path: &str| OutFile {
            reused: true,
            ..html(path, "")
        };
        // Only b changed, keeping its id: nothing to report.
        let mut same = vec![
            reused("a.html"),
            html("b/index.html", r#"<p id="x"></p><p id="y"></p>"#),
            reused("c/index.html"),
        ];
        assert!(check_links(&mut same, &[], &cache).0.is_empty());
        // b lost its id and c is gone: a, reused, is reported for both.
        let mut broken = vec![reused("a.html"), html("b/index.html", "")];
        let msgs: Vec<String> = check_links(&mut broken, &[], &cache)
            .0
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs
            .iter()
            .any(|m| m.contains("b/index.html has no id `x`")));
        assert!(msgs.iter().any(|m| m.contains("no file c/index.html")));
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

    #[test]
    fn resolve_relative_paths() {
        assert_eq!(
            resolve("a/b/index.html", "../../c/index.html").as_deref(),
            Some("c/index.html")
        );
        assert_eq!(resolve("index.html", "../x.html"), None);
    }
}
