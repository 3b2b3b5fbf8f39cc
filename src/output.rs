//! Stage 6: output. Checks every link of the rendered HTML, minifies, and
//! writes the site atomically: into a temporary folder beside the output
//! folder, swapped in only when everything is written. A failed or killed
//! build never leaves a half-written or missing output folder; leftovers of a
//! killed build are cleaned up (or restored) by the next run.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Span};
use crate::mode::Mode;
use crate::model::PageKind;

/// The manifest written beside the pages, for `briefing diff` and reviewers.
pub const MANIFEST: &str = "briefing-manifest.json";

/// One rendered output file.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Shared with `serve`'s cache, so a reused page is not copied.
    pub bytes: Arc<Vec<u8>>,
    /// The kind of an HTML page (`None` for any other file). Pages are
    /// minified and link-checked; other files are copied.
    pub kind: Option<PageKind>,
    /// Title for the build manifest (HTML pages only).
    pub title: String,
    /// For pages: the hash of the template and its context. `reused` pages
    /// come from an earlier build with the same key: their bytes are already
    /// minified and their links already checked.
    pub key: u64,
    pub reused: bool,
    /// A fresh page's links, extracted before it was minified (taken by
    /// the link check).
    pub links: Option<PageLinks>,
    /// Set once the page is written into the build's temporary folder
    /// (`build`): the SHA-256 of its bytes, which are then let go.
    pub digest: Option<[u8; 32]>,
}

impl OutFile {
    /// Whether the file is an HTML page.
    pub fn is_html(&self) -> bool {
        self.kind.is_some()
    }

    /// A file that is not a rendered page.
    pub fn asset(path: impl Into<String>, bytes: Vec<u8>) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: Arc::new(bytes),
            kind: None,
            title: String::new(),
            key: 0,
            reused: false,
            links: None,
            digest: None,
        }
    }
}

/// Pages of earlier builds by output path: their key, minified bytes and
/// links. Kept by `serve`, so a rebuild renders only the pages whose context
/// changed.
pub struct RenderCache {
    pub pages: HashMap<String, CachedPage>,
    /// Whether pages are kept for the next build (and their contexts
    /// hashed): a mode that keeps nothing neither keeps nor hashes them.
    pub mode: Mode,
    /// Every output path of the last build.
    pub paths: std::collections::HashSet<String>,
}

impl RenderCache {
    /// An empty cache for runs of `mode`.
    pub fn new(mode: Mode) -> RenderCache {
        RenderCache {
            pages: HashMap::new(),
            mode,
            paths: HashSet::new(),
        }
    }
}

/// A page of an earlier build: its key, minified bytes and links.
pub struct CachedPage {
    pub key: u64,
    pub bytes: Arc<Vec<u8>>,
    pub links: PageLinks,
}

/// What the link check needs to know about one page. Everything that
/// depends only on the page itself is worked out once, when it is rendered;
/// what depends on other pages (does the file exist, does it have the id) is
/// checked every build. Kept compact: `serve` holds one for every page, and
/// a build holds them all until the check (a page has some 40 ids and 150
/// distinct links).
#[derive(Debug, Clone, Default)]
pub struct PageLinks {
    /// Ids the page defines, sorted, each once.
    pub ids: StrList,
    pub duplicate_ids: Vec<String>,
    /// Problems of the page's own URLs: scheme, root-relative, folder,
    /// outside the site.
    pub problems: Vec<String>,
    /// Every link to a file of the site, as written (unescaped), sorted,
    /// each once; resolved again when checked.
    pub internal: StrList,
    /// Hashes of the files those links point to, sorted: a rebuild in
    /// `serve` re-checks a kept page only if one of them vanished or lost an
    /// id (a hash shared by chance only costs a needless re-check).
    pub targets: Vec<u64>,
}

/// Sorted strings in one buffer: a few bytes each instead of a `String`'s
/// 24 and its own allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrList {
    text: Box<str>,
    ends: Box<[u32]>,
}

impl StrList {
    /// From strings already sorted and without repeats.
    fn from_sorted<'a>(items: impl IntoIterator<Item = &'a str>) -> StrList {
        let mut text = String::new();
        let mut ends = Vec::new();
        for item in items {
            text.push_str(item);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        StrList {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text
            .get(start..self.ends[i] as usize)
            .unwrap_or_default()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    pub fn contains(&self, item: &str) -> bool {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(item) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// Whether every item of `self` is in `other` (both sorted).
    pub fn is_subset(&self, other: &StrList) -> bool {
        let mut theirs = other.iter();
        self.iter().all(|item| theirs.any(|t| t == item))
    }
}

impl PageLinks {
    /// Calls `f(url, target, anchor)` for each of the page's links to a file
    /// of the site, resolved against the page's `path`.
    fn each_internal(&self, path: &str, mut f: impl FnMut(&str, &str, &str)) {
        let mut target = String::new();
        for url in self.internal.iter() {
            if let Url::Internal { anchor } = classify(path, url, &mut target) {
                f(url, &target, &anchor);
            }
        }
    }
}

/// Extracts ids and links from the rendered (unminified) page at `path`:
/// the values of `href`, `src` and `id` attributes written with quotes, as
/// the templates and the Markdown renderer write them.
pub fn page_links(path: &str, html: &[u8]) -> PageLinks {
    let mut ids: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    let mut internal: Vec<String> = Vec::new();
    let mut targets: Vec<u64> = Vec::new();
    let mut target = String::new();
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
    let quote = memchr::memmem::Finder::new(b"=\"");
    let mut from = 0;
    while let Some(at) = quote.find(&html[from..]) {
        let eq = from + at;
        let value_start = eq + 2;
        from = value_start;
        let before = &html[..eq];
        let name_len = [2, 3, 4].into_iter().find(|&n| {
            before.len() > n
                && is_space(before[before.len() - n - 1])
                && matches!(&before[before.len() - n..], b"id" | b"src" | b"href")
        });
        let Some(name_len) = name_len else {
            continue;
        };
        let Some(len) = memchr::memchr(b'"', &html[value_start..]) else {
            break;
        };
        from = value_start + len + 1;
        let value = String::from_utf8_lossy(&html[value_start..value_start + len]);
        if name_len == 2 {
            ids.push(value.into_owned());
            continue;
        }
        let url = crate::text::html::unescape(&value).into_owned();
        match classify(path, &url, &mut target) {
            Url::External => {}
            Url::Problem(msg) => problems.push(msg),
            Url::Internal { .. } => {
                targets.push(crate::fingerprint::of(target.as_str()));
                internal.push(url);
            }
        }
    }
    ids.sort_unstable();
    let mut duplicate_ids: Vec<String> = ids
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0].clone())
        .collect();
    duplicate_ids.dedup();
    ids.dedup();
    // A URL is checked once per page (the same link repeats: navigation,
    // citations of one paragraph); the check's messages would be the same.
    internal.sort_unstable();
    internal.dedup();
    targets.sort_unstable();
    targets.dedup();
    PageLinks {
        ids: StrList::from_sorted(ids.iter().map(String::as_str)),
        duplicate_ids,
        problems,
        internal: StrList::from_sorted(internal.iter().map(String::as_str)),
        targets,
    }
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
    cache: &RenderCache,
) -> (Vec<Diagnostic>, Vec<(String, PageLinks)>) {
    let fresh: Vec<(String, PageLinks)> = files
        .par_iter_mut()
        .filter(|f| f.is_html() && !f.reused)
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
        .filter(|f| f.is_html() && f.reused)
        .filter_map(|f| {
            cache
                .pages
                .get(&f.path)
                .map(|c| (f.path.as_str(), &c.links))
        })
        .collect();
    let ids: HashMap<&str, &StrList> = fresh
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
    let lost_hashes: Vec<u64> = lost.iter().map(|p| crate::fingerprint::of(*p)).collect();
    let links_into_lost = |l: &PageLinks| {
        lost_hashes
            .iter()
            .any(|h| l.targets.binary_search(h).is_ok())
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
            links.each_internal(path, |url, target, anchor| {
                if !full && lost.binary_search(&target).is_err() {
                    return;
                }
                if !paths.contains(target) {
                    push(format!("broken link `{url}`: no file {target}"));
                } else if let Some(set) = ids.get(target) {
                    if !anchor.is_empty() && !set.contains(anchor) {
                        push(format!(
                            "broken anchor `{url}`: {target} has no id `{anchor}`"
                        ));
                    }
                }
            });
            out
        })
        .collect();
    problems.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.message.cmp(&b.message)));
    problems.dedup();
    (problems, fresh)
}

/// What a URL on a page is, before looking at other pages.
enum Url<'a> {
    /// A web or mail link: not checked.
    External,
    Problem(String),
    /// A file of the site, and the anchor (percent-decoded, empty if none).
    Internal {
        anchor: std::borrow::Cow<'a, str>,
    },
}

/// What `url` on `page` is; for a file of the site, `target` then holds its
/// output path (reused between calls: a check classifies every link of
/// every page).
fn classify<'a>(page: &str, url: &'a str, target: &mut String) -> Url<'a> {
    let starts = |prefix: &str| {
        url.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if starts("https://") || starts("http://") || starts("mailto:") {
        return Url::External;
    }
    if url.contains(':')
        && !url.starts_with('#')
        && url
            .split(['/', '#'])
            .next()
            .is_some_and(|s| s.contains(':'))
    {
        return Url::Problem(format!("link with a disallowed scheme: `{url}`"));
    }
    let (path_part, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, crate::text::percent::decode_lenient(a)),
        None => (url, std::borrow::Cow::Borrowed("")),
    };
    if path_part.is_empty() {
        target.clear();
        target.push_str(page);
        return Url::Internal { anchor };
    }
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
    if resolve_into(page, path_part, target).is_none() {
        return Url::Problem(format!("link `{url}` points outside the site"));
    }
    Url::Internal { anchor }
}

/// Resolves a relative URL path against the folder of `page`.
#[cfg(test)]
fn resolve(page: &str, rel: &str) -> Option<String> {
    let mut out = String::new();
    resolve_into(page, rel, &mut out).map(|()| out)
}

/// [`resolve`] into `out` (cleared first): a link check resolves every link
/// of every page, so without allocating. `None` if `rel` leaves the site.
fn resolve_into(page: &str, rel: &str, out: &mut String) -> Option<()> {
    out.clear();
    out.push_str(page.rsplit_once('/').map_or("", |(dir, _)| dir));
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    return None;
                }
                let cut = out.rfind('/').unwrap_or(0);
                out.truncate(cut);
            }
            s => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(s);
            }
        }
    }
    Some(())
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
    kind: Option<PageKind>,
}

/// The manifest: output path → SHA-256, title and kind of every page.
pub fn manifest(files: &[OutFile]) -> Vec<u8> {
    let entries: BTreeMap<&str, ManifestEntry<'_>> = files
        .par_iter()
        .filter(|f| f.is_html())
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
            kind: Some(PageKind::Page),
            title: String::new(),
            key: 0,
            reused: false,
            links: None,
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
        let msgs: Vec<String> = check_links(&mut files, &[], &RenderCache::new(Mode::Build))
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
        let a = r##"<a href="b/index.html#x">b</a><a href="c/index.html">c</a>"##;
        // The last build: a, b (with id x) and c, all fine.
        let mut first = vec![
            html("a.html", a),
            html("b/index.html", r#"<p id="x"></p>"#),
            html("c/index.html", ""),
        ];
        let (problems, fresh) = check_links(&mut first, &[], &RenderCache::new(Mode::Build));
        assert!(problems.is_empty(), "{problems:?}");
        let mut cache = RenderCache::new(Mode::Serve);
        cache.paths = first.iter().map(|f| f.path.clone()).collect();
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
    fn page_links_take_quoted_href_src_and_id_after_a_space() {
        let page = concat!(
            r#"<p id="b" data-id="no"><p	id="a"><p id="b"><p id="b">"#,
            r#"<a href="x/index.html#t&amp;u">1</a><a href="x/index.html#t&amp;u">again</a>"#,
            r#"<img src="../up.png"><a xhref="no.html"><a href="https://e.org">e</a>"#,
            r#"<a href="/root.html">r</a><a title="href=" href="y.html">y</a><a href="z.html"#,
        );
        let l = page_links("d/index.html", page.as_bytes());
        assert_eq!(l.ids.iter().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(l.duplicate_ids, ["b"]);
        assert_eq!(
            l.internal.iter().collect::<Vec<_>>(),
            ["../up.png", "x/index.html#t&u", "y.html"]
        );
        assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
        assert!(l.problems[0].contains("root-relative"));
        let mut resolved: Vec<(String, String)> = Vec::new();
        l.each_internal("d/index.html", |_, target, anchor| {
            resolved.push((target.to_string(), anchor.to_string()));
        });
        assert_eq!(
            resolved,
            [
                ("up.png".to_string(), String::new()),
                ("d/x/index.html".into(), "t&u".into()),
                ("d/y.html".into(), String::new()),
            ]
        );
        assert_eq!(l.targets.len(), 3);
        assert!(l
            .targets
            .contains(&crate::fingerprint::of("d/x/index.html")));
    }

    #[test]
    fn urls_are_classified_in_any_letter_case_and_anchors_decoded() {
        let mut target = String::new();
        let mut kind = |url: &str| match classify("a/index.html", url, &mut target) {
            Url::External => "external".to_string(),
            Url::Problem(msg) => msg,
            Url::Internal { anchor } => format!("internal {anchor}"),
        };
        assert_eq!(kind("HTTPS://x.org"), "external");
        assert_eq!(kind("MailTo:a@b.org"), "external");
        assert!(kind("JavaScript:alert(1)").contains("disallowed scheme"));
        assert_eq!(kind("#%E4%B8%AD"), "internal 中");
        // `%` before a character of several bytes is kept as it is.
        assert_eq!(kind("#%中%4"), "internal %中%4");
        assert!(kind("../../x.html").contains("outside the site"));
        assert_eq!(kind("../b/x.html#p"), "internal p");
        assert_eq!(target, "b/x.html");
    }

    #[test]
    fn str_lists_search_and_compare_sorted_items() {
        let list = |items: &[&str]| StrList::from_sorted(items.iter().copied());
        let abc = list(&["a", "bb", "c"]);
        assert!(abc.contains("bb") && abc.contains("a") && abc.contains("c"));
        assert!(!abc.contains("b") && !abc.contains("") && !abc.contains("d"));
        assert!(list(&["a", "c"]).is_subset(&abc));
        assert!(list(&[]).is_subset(&abc));
        assert!(!list(&["a", "b"]).is_subset(&abc));
        assert!(!abc.is_subset(&list(&["a", "c"])));
        assert!(list(&[]).is_empty());
    }

    #[test]
    fn a_failed_write_names_its_path_and_leaves_the_previous_output_whole() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let out = dir.path().join("public");
        std::fs::create_dir(&out).expect("the previous output");
        std::fs::write(out.join("index.html"), "old").expect("a previous page");
        let staging = Staging::new(&out).expect("the temporary folder");
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
        // The build gave up: its temporary folder is gone, the output as it was.
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("the folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["public"]);
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

    #[test]
    fn resolve_relative_paths() {
        assert_eq!(
            resolve("a/b/index.html", "../../c/index.html").as_deref(),
            Some("c/index.html")
        );
        assert_eq!(resolve("index.html", "../x.html"), None);
    }
}
