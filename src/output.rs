//! Stage 6: output. Checks every link of the rendered HTML, minifies, and
//! writes the site atomically: into a temporary folder beside the output
//! folder, swapped in only when everything is written. A failed or killed
//! build never leaves a half-written or missing output folder; leftovers of a
//! killed build are cleaned up (or restored) by the next run.
//!
//! Writing, step by step: [`lock`] (one build of an output at a time),
//! [`recover`] (leftovers of killed builds), [`ownership`] (which folder may
//! be replaced), [`staging`] (the temporary folder) and [`swap`].

pub mod lock;
pub mod minify;
pub mod ownership;
pub mod recover;
pub mod slices;
pub mod staging;
pub mod swap;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Span};
use crate::mode::Mode;
use crate::model::PageKind;
use crate::reads::Reads;

pub use lock::OutputLock;
pub use minify::{minify_page, SliceMemo};
pub use staging::{Staging, WriteReport};

/// The manifest written beside the pages, for `briefing diff`, reviewers,
/// and the next build (which replaces a folder only if its manifest lists
/// every file there, see [`ownership`]).
pub const MANIFEST: &str = "briefing-manifest.json";

/// The manifest's `generator`: which program wrote the folder.
pub const GENERATOR: &str = "briefing";

/// The folder that holds output folder `out`, and `out`'s name.
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

/// A path as messages show it: without a leading `./`.
fn shown(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn io_err(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(None, format!("{what} {}", path.display())).caused_by(e)
}

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
    /// What the page was made from, when it records it (`serve`): kept
    /// with the page, so the next rebuild knows it unchanged without
    /// building its context.
    pub reads: Option<Reads>,
}

impl OutFile {
    /// Whether the file is an HTML page.
    pub fn is_html(&self) -> bool {
        self.kind.is_some()
    }

    /// A file that is not a rendered page.
    pub fn asset(path: impl Into<String>, bytes: Vec<u8>) -> OutFile {
        OutFile::shared_asset(path, Arc::new(bytes))
    }

    /// A file that is not a rendered page, with bytes shared with `serve`'s
    /// cache.
    pub fn shared_asset(path: impl Into<String>, bytes: Arc<Vec<u8>>) -> OutFile {
        OutFile {
            path: path.into(),
            bytes,
            kind: None,
            title: String::new(),
            key: 0,
            reused: false,
            links: None,
            digest: None,
            reads: None,
        }
    }
}

/// Pages of earlier builds by output path: their key, minified bytes and
/// links. Kept by `serve`, so a rebuild renders only the pages whose context
/// changed.
pub struct RenderCache {
    pub pages: crate::fingerprint::Map<String, CachedPage>,
    /// Whether pages are kept for the next build (and their contexts
    /// hashed): a mode that keeps nothing neither keeps nor hashes them.
    pub mode: Mode,
    /// Every output path of the last build.
    pub paths: std::collections::HashSet<String>,
    /// The files of the last build made from the whole model (the feed and
    /// the sitemap), by output path: the hash of what each was made from,
    /// and its bytes.
    pub extras: HashMap<String, (u64, Arc<Vec<u8>>)>,
    /// The minified slices of each page that was minified in slices.
    pub slices: SliceMemo,
}

impl RenderCache {
    /// An empty cache for runs of `mode`.
    pub fn new(mode: Mode) -> RenderCache {
        RenderCache {
            pages: crate::fingerprint::Map::default(),
            mode,
            paths: HashSet::new(),
            extras: HashMap::new(),
            slices: SliceMemo::default(),
        }
    }
}

/// A page of an earlier build: its key, minified bytes and links.
pub struct CachedPage {
    pub key: u64,
    pub bytes: Arc<Vec<u8>>,
    pub links: PageLinks,
    /// What it was made from, when the page records it.
    pub reads: Option<Reads>,
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
    /// Hashes of the files those links point to and of the anchors in them
    /// ([`target_key`]), sorted: a rebuild in `serve` re-checks a kept page
    /// only if one of those files vanished or one of those ids is gone (a
    /// hash shared by chance only costs a needless re-check).
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

    /// The strings of `self` that `other` lacks, in order (both sorted).
    pub fn missing_from<'s>(&'s self, other: &StrList) -> Vec<&'s str> {
        let mut theirs = other.iter().peekable();
        let mut missing = Vec::new();
        for item in self.iter() {
            while theirs.next_if(|t| *t < item).is_some() {}
            if theirs.next_if(|t| *t == item).is_none() {
                missing.push(item);
            }
        }
        missing
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

/// What a link's target stands as in [`PageLinks::targets`]: the hash of
/// the file's output path, or of the path and the id of an anchor in it.
fn target_key(path: &str, anchor: Option<&str>) -> u64 {
    match anchor {
        None => crate::fingerprint::of(path),
        Some(id) => crate::fingerprint::of(&(path, id)),
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
            Url::Internal { anchor } => {
                targets.push(target_key(&target, None));
                if !anchor.is_empty() {
                    targets.push(target_key(&target, Some(&anchor)));
                }
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
    let mut lost: Vec<&str> = Vec::new();
    // The files that vanished and the ids that are gone, as link targets.
    let mut lost_targets: Vec<u64> = Vec::new();
    for (p, l) in &fresh {
        let Some(c) = cache.pages.get(p) else {
            continue;
        };
        let gone = c.links.ids.missing_from(&l.ids);
        if !gone.is_empty() {
            lost.push(p);
            lost_targets.extend(gone.into_iter().map(|id| target_key(p, Some(id))));
        }
    }
    for p in cache.paths.iter().filter(|p| !paths.contains(p.as_str())) {
        lost.push(p);
        lost_targets.push(target_key(p, None));
    }
    lost.sort_unstable();
    lost.dedup();
    lost_targets.sort_unstable();
    let links_into_lost = |l: &PageLinks| {
        let (few, many) = if lost_targets.len() < l.targets.len() {
            (&lost_targets, &l.targets)
        } else {
            (&l.targets, &lost_targets)
        };
        few.iter().any(|h| many.binary_search(h).is_ok())
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
    // Output paths are UTF-8 file names; links name them percent-encoded.
    let path_part = crate::text::percent::decode_lenient(path_part);
    if resolve_into(page, &path_part, target).is_none() {
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

#[derive(Serialize)]
struct ManifestEntry<'a> {
    hash: String,
    title: &'a str,
    kind: Option<PageKind>,
}

/// The manifest: output path → SHA-256, title and kind of every page, and
/// the path of every file of the output.
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
    let mut all: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| *p != MANIFEST)
        .collect();
    all.sort_unstable();
    all.dedup();
    let mut v = serde_json::to_vec_pretty(&serde_json::json!({
        "version": 2,
        "generator": GENERATOR,
        "pages": entries,
        "files": all,
    }))
    .unwrap_or_default();
    v.push(b'\n');
    v
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
            reads: None,
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
                    reads: None,
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
        // Three files, and the one anchor linked to (twice).
        assert_eq!(l.targets.len(), 4);
        assert!(l.targets.contains(&target_key("d/x/index.html", None)));
        assert!(l
            .targets
            .contains(&target_key("d/x/index.html", Some("t&u"))));
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
        assert!(list(&["a", "c"]).missing_from(&abc).is_empty());
        assert!(list(&[]).missing_from(&abc).is_empty());
        assert_eq!(list(&["a", "b"]).missing_from(&abc), ["b"]);
        assert_eq!(abc.missing_from(&list(&["a", "c"])), ["bb"]);
        assert_eq!(abc.missing_from(&list(&[])), ["a", "bb", "c"]);
        assert_eq!(list(&["0", "bb", "d"]).missing_from(&abc), ["0", "d"]);
        assert!(list(&[]).is_empty());
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
