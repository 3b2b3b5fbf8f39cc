//! `briefing serve`: a live preview for editors.
//!
//! The site is built in memory and served from memory, so the server never
//! touches the file system when answering a request: a request path is only
//! a key into the map of built files, and paths with `..`, backslashes or NUL
//! (also percent-encoded) are refused before any lookup. `public/` is never
//! written, so the reload script that the templates add to `serve`'s pages
//! (see [`Mode::reloads`](crate::mode::Mode::reloads)) can never leak into
//! a published site.
//!
//! A watcher (notify, debounced) rebuilds on changes to `content/`, `seeds/`,
//! `themes/`, `templates/`, `static/` and `briefing.toml`; the new build is swapped in
//! atomically and open pages reload through server-sent events. A broken edit
//! keeps the last good site served and shows the errors in the terminal and as
//! an overlay in the browser. Requests are answered by hyper on one thread of
//! its own, with limits on request size, header and idle time and open
//! connections (see [`http`]), and the event streams are capped, so slow or
//! abusive clients cannot stall rebuilds (the builder never waits on a
//! client).

pub mod http;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::diag::{self, Diagnostics};
use crate::fsio::Stamp;
use crate::site::{self, BuildOptions, Cache};

/// Options of `briefing serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub host: String,
    pub port: u16,
    pub open: bool,
}

const EVENTS_PATH: &str = "/__briefing/events";
const MAX_EVENT_STREAMS: usize = 32;
/// Changes closer together than this make one rebuild (an editor's save
/// is a burst of events within a few milliseconds).
const DEBOUNCE: Duration = Duration::from_millis(50);
const HEARTBEAT: Duration = Duration::from_secs(10);

/// The reload script: listens for `reload` and `build-error` events. The error
/// text is shown with `textContent`, never parsed as HTML.
const RELOAD_JS: &str = r#"(function () {
  "use strict";
  var overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "briefing-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:99999;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";
      document.documentElement.appendChild(overlay);
    }
    overlay.textContent = "briefing: the last edit does not build (the page shows the last good build)\n\n" + text;
  }
  var es = new EventSource("/__briefing/events");
  es.addEventListener("reload", function () { window.location.reload(); });
  es.addEventListener("build-error", function (e) { show(e.data); });
})();
"#;

/// One built site, as served.
struct Snapshot {
    files: BTreeMap<String, Arc<Vec<u8>>>,
}

/// A message to the open pages.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Push {
    Reload,
    Error(String),
}

struct Shared {
    /// For a preview bound to loopback, its port: it answers only requests
    /// whose host is a loopback name or address (with this port or none),
    /// so a web page cannot reach it through DNS rebinding. `None`: any host.
    loopback_port: Option<u16>,
    site: RwLock<Arc<Snapshot>>,
    /// The errors of the last failed build, shown to pages that connect.
    error: RwLock<Option<String>>,
    /// The open event streams, fed the text of each event.
    streams: Mutex<Vec<tokio::sync::mpsc::UnboundedSender<String>>>,
    open_streams: AtomicUsize,
    /// Counts the rebuilds: a search index made for an older one is stale.
    generation: AtomicU64,
}

/// Whether `--host` names a loopback interface: `localhost`, any address
/// of 127.0.0.0/8, or `::1`.
pub fn is_loopback_bind(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a request's host (a `Host` header: a name or an address, with
/// or without a port) names a loopback interface at `port`: `localhost`,
/// any address of 127.0.0.0/8 or `[::1]`. Without a port it is taken as
/// is (a browser leaves out port 80).
pub fn is_loopback_host(host: &str, port: u16) -> bool {
    let (name, given) = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((addr, "")) => (addr, None),
            Some((addr, tail)) => match tail.strip_prefix(':') {
                Some(p) => (addr, Some(p)),
                None => return false,
            },
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (host, None),
        }
    };
    if let Some(p) = given {
        if p.parse::<u16>().ok() != Some(port) {
            return false;
        }
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Runs the server until the process is stopped. Returns an error message if
/// it cannot start.
pub fn serve(opts: &ServeOptions) -> Result<(), String> {
    let loopback = is_loopback_bind(&opts.host);
    if !loopback {
        eprintln!(
            "warning: serving on {} makes the preview reachable from other machines",
            opts.host
        );
    }
    // Listen first (to learn the port), build, then start answering.
    let bind_host = opts.host.trim_start_matches('[').trim_end_matches(']');
    let listener = std::net::TcpListener::bind((bind_host, opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.host, opts.port))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.host, opts.port))?;
    let url = format!("http://{addr}/");
    let mut cache = Cache::default();
    let shared = Arc::new(Shared {
        loopback_port: loopback.then_some(addr.port()),
        site: RwLock::new(Arc::new(Snapshot {
            files: BTreeMap::new(),
        })),
        error: RwLock::new(None),
        streams: Mutex::new(Vec::new()),
        open_streams: AtomicUsize::new(0),
        generation: AtomicU64::new(0),
    });
    // Watching starts before the first build, so that an edit made while
    // it runs, or just after, is seen.
    let watcher = Watcher::start(&opts.build.root)?;
    // The first build's search index is ready before the first page is
    // served; later ones follow their reload.
    rebuild(&opts.build, &mut cache, &shared, Index::Now);
    println!(
        "serving {} at {url} (Ctrl-C to stop)",
        opts.build.root.display()
    );
    let handler: Arc<dyn Fn(http::Request) -> http::Reply + Send + Sync> = {
        let shared = Arc::clone(&shared);
        Arc::new(move |req| handle(&req, &shared))
    };
    std::thread::Builder::new()
        .name("serve-http".into())
        .spawn(move || {
            if let Err(e) = http::run(listener, http::Limits::default(), handler) {
                eprintln!("error: the preview stopped answering: {e}");
            }
        })
        .map_err(|e| format!("cannot start the server: {e}"))?;
    if opts.open {
        open_browser(&url);
    }
    watcher.run(opts, &mut cache, &shared);
    Ok(())
}

/// What `serve` watches, below the site root.
const WATCHED: [&str; 7] = [
    "content",
    "seeds",
    "themes",
    "templates",
    "i18n",
    "static",
    crate::config::CONFIG_FILE,
];

/// Watches the inputs.
struct Watcher {
    // Kept alive: dropping it stops the watching.
    _watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// The stamp of every input when watching started, then as last seen.
    last: HashMap<PathBuf, Option<Stamp>>,
}

/// A batch of events ends after [`DEBOUNCE`] without one more, or after this
/// long at most (a checkout that writes thousands of files).
const LONGEST_BATCH: Duration = Duration::from_secs(1);

impl Watcher {
    fn start(root: &Path) -> Result<Watcher, String> {
        use notify::Watcher as _;
        let (tx, events) = mpsc::channel();
        let mut watcher =
            notify::recommended_watcher(tx).map_err(|e| format!("cannot watch files: {e}"))?;
        // Watched by absolute path, so events name the paths `stamps` records.
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        for name in WATCHED {
            let p = root.join(name);
            if p.exists() {
                watcher
                    .watch(&p, notify::RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {}: {e}", p.display()))?;
            }
        }
        let last = stamps(&root);
        Ok(Watcher {
            _watcher: watcher,
            events,
            root,
            last,
        })
    }

    /// Rebuilds on every change, until the watching stops.
    fn run(mut self, opts: &ServeOptions, cache: &mut Cache, shared: &Arc<Shared>) {
        while let Some(batch) = self.next_batch() {
            let told = match self.changed(batch) {
                Change::None => continue,
                Change::Files(files) => Some(files),
                Change::Unknown => None,
            };
            cache.tell_changed(told);
            rebuild(&opts.build, cache, shared, Index::Behind);
        }
    }

    /// The next batch of events: the first, then all that follow within
    /// [`DEBOUNCE`] of each other. `None` once the watching stopped.
    fn next_batch(&self) -> Option<Vec<notify::Result<notify::Event>>> {
        let first = self.events.recv().ok()?;
        let started = Instant::now();
        let mut batch = vec![first];
        while started.elapsed() < LONGEST_BATCH {
            match self.events.recv_timeout(DEBOUNCE) {
                Ok(e) => batch.push(e),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(batch)
    }

    /// Which inputs changed. Reading the inputs (by a build, or an
    /// editor) raises events too: only the stamps (size, times, inode) of
    /// the paths the events name are compared, so a rebuild does not start
    /// with a walk of every input. When the system lost events (its queue
    /// overflowed: a build of tens of thousands of pages opens more files
    /// than it holds) or reported an error, every input is stamped again,
    /// and which changed is not known.
    fn changed(&mut self, batch: Vec<notify::Result<notify::Event>>) -> Change {
        use notify::event::{AccessKind, AccessMode, EventKind};
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut rescan = false;
        for event in batch {
            match event {
                Err(_) => rescan = true,
                Ok(e) if e.need_rescan() => rescan = true,
                // Opened or closed without writing: not a change.
                Ok(e)
                    if matches!(
                        e.kind,
                        EventKind::Access(
                            AccessKind::Open(_)
                                | AccessKind::Read
                                | AccessKind::Close(AccessMode::Read)
                        )
                    ) => {}
                Ok(e) => paths.extend(e.paths),
            }
        }
        if rescan {
            let now = stamps(&self.root);
            let changed = now != self.last;
            self.last = now;
            return if changed {
                Change::Unknown
            } else {
                Change::None
            };
        }
        let mut files = Vec::new();
        let mut known = true;
        for path in paths.iter().filter(|p| is_input(&self.root, p)) {
            let now = Stamp::of(path);
            if self.last.get(path) != Some(&now) {
                self.last.insert(path.clone(), now);
                match path.strip_prefix(&self.root) {
                    Ok(rel) => files.push(rel.to_path_buf()),
                    Err(_) => known = false,
                }
            }
        }
        if !known {
            Change::Unknown
        } else if files.is_empty() {
            Change::None
        } else {
            Change::Files(files)
        }
    }
}

/// What a batch of events changed.
#[derive(Debug, PartialEq)]
enum Change {
    /// Nothing: only reads, or writes that left a file as it was.
    None,
    /// These files (relative to the site root), and only these.
    Files(Vec<PathBuf>),
    /// Something; which is not known (events were lost).
    Unknown,
}

/// The stamp of every input file and folder (by absolute path).
fn stamps(root: &Path) -> HashMap<PathBuf, Option<Stamp>> {
    let mut map = HashMap::new();
    for name in WATCHED {
        for e in walkdir::WalkDir::new(root.join(name))
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
        {
            map.insert(e.path().to_path_buf(), Stamp::of(e.path()));
        }
    }
    map
}

/// Whether a changed path is an input (not a hidden or temporary file).
fn is_input(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    !rel.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s.starts_with('.')
            || s.ends_with('~')
            || s.ends_with(".swp")
            || s == "public"
            || s == "target"
    })
}

/// When a rebuild's search index is made.
#[derive(Clone, Copy, PartialEq)]
enum Index {
    /// Before `rebuild` returns.
    Now,
    /// On a thread of its own after the reload, so that the next edit need
    /// not wait for it (at 10,000 pages it takes about half a second); a
    /// newer rebuild makes it stale, and it is dropped.
    Behind,
}

fn rebuild(opts: &BuildOptions, cache: &mut Cache, shared: &Arc<Shared>, index: Index) {
    let start = Instant::now();
    let generation = shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
    match site::generate_cached(opts, cache) {
        Ok(built) => {
            // Until the new search index is built (after the reload), the
            // previous one stays served.
            let mut files: BTreeMap<String, Arc<Vec<u8>>> =
                built.files.into_iter().map(|f| (f.path, f.bytes)).collect();
            if let Ok(old) = shared.site.read() {
                for (path, bytes) in old.files.range(crate::search::DIR.to_string()..) {
                    if !path.starts_with(crate::search::DIR) {
                        break;
                    }
                    files.insert(path.clone(), Arc::clone(bytes));
                }
            }
            if let Ok(mut s) = shared.site.write() {
                *s = Arc::new(Snapshot { files });
            }
            if let Ok(mut e) = shared.error.write() {
                *e = None;
            }
            for d in built.warnings.sorted() {
                eprint!("{}", diag::render_human(&d));
            }
            eprintln!(
                "rebuilt {} pages in {} ms",
                built.pages,
                start.elapsed().as_millis()
            );
            broadcast(shared, &Push::Reload);
            if let Some(model) = built.deferred_search {
                let shared = Arc::clone(shared);
                let make = move || search_index(&model, &shared, generation);
                match index {
                    Index::Now => make(),
                    Index::Behind => {
                        std::thread::spawn(make);
                    }
                }
            }
        }
        Err(diags) => {
            let text = report(&diags);
            eprint!("{text}");
            eprintln!("build failed; still serving the last good build");
            if let Ok(mut e) = shared.error.write() {
                *e = Some(text.clone());
            }
            broadcast(shared, &Push::Error(text));
        }
    }
}

/// Makes the search index of rebuild number `generation` and serves it,
/// unless a newer rebuild started meanwhile.
fn search_index(model: &crate::model::Model, shared: &Shared, generation: u64) {
    let t = Instant::now();
    let current = || shared.generation.load(Ordering::SeqCst) == generation;
    let index = crate::search::index_files_unless(model, &|| !current());
    if let (Some(index), Ok(mut s)) = (index, shared.site.write()) {
        // Checked again under the lock: a newer rebuild copies the index
        // served when it swaps in its pages.
        if current() {
            let mut files = s.files.clone();
            files.retain(|path, _| !path.starts_with(crate::search::DIR));
            for (path, bytes) in index {
                files.insert(path, Arc::new(bytes));
            }
            *s = Arc::new(Snapshot { files });
            eprintln!("search index in {} ms", t.elapsed().as_millis());
            return;
        }
    }
    eprintln!("search index dropped: a newer edit came first");
}

fn report(diags: &Diagnostics) -> String {
    let mut s = String::new();
    for d in diags.iter() {
        s.push_str(&diag::render_human(d));
    }
    s
}

fn broadcast(shared: &Shared, push: &Push) {
    let text = event_text(push);
    if let Ok(mut streams) = shared.streams.lock() {
        streams.retain(|tx| tx.send(text.clone()).is_ok());
    }
}

/// Maps a request URL to a key of the built site, refusing anything that
/// could name a file outside it. `Err` carries the HTTP status.
pub fn resolve(url: &str) -> Result<String, u16> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(400);
    }
    let decoded = crate::text::percent::decode_strict(path).ok_or(400u16)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(400);
    }
    let mut segs = Vec::new();
    for seg in decoded.split('/').skip(1) {
        match seg {
            ".." | "." => return Err(400),
            s if s.contains(':') => return Err(400),
            s => segs.push(s),
        }
    }
    let mut key = segs.join("/");
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if key.split('/').any(str::is_empty) {
        return Err(400);
    }
    Ok(key)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn text(status: u16, body: &[u8]) -> http::Reply {
    http::Reply::Full {
        status,
        content_type: "text/plain; charset=utf-8",
        body: body.to_vec(),
    }
}

fn handle(req: &http::Request, shared: &Arc<Shared>) -> http::Reply {
    if !req.readable {
        return text(405, b"method not allowed\n");
    }
    if let Some(port) = shared.loopback_port {
        if !is_loopback_host(&req.host, port) {
            return text(403, b"forbidden host\n");
        }
    }
    let url = req.target.as_str();
    if url == EVENTS_PATH {
        return stream_events(shared);
    }
    if url.strip_prefix('/') == Some(crate::urls::LIVE_RELOAD) {
        return http::Reply::Full {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: RELOAD_JS.as_bytes().to_vec(),
        };
    }
    let key = match resolve(url) {
        Ok(k) => k,
        Err(status) => return text(status, b"bad request\n"),
    };
    let Some(site) = shared.site.read().map(|s| Arc::clone(&s)).ok() else {
        return text(500, b"the preview failed\n");
    };
    if site.files.is_empty() {
        let error = shared
            .error
            .read()
            .ok()
            .and_then(|e| e.clone())
            .unwrap_or_default();
        let page = format!(
            "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Build failed</title></head><body><h1>The site does not build yet</h1><pre>{}</pre><script src=\"/{}\"></script></body></html>",
            crate::text::html::escape(&error),
            crate::urls::LIVE_RELOAD
        );
        return http::Reply::Full {
            status: 500,
            content_type: "text/html; charset=utf-8",
            body: page.into_bytes(),
        };
    }
    let index = crate::urls::page_path(&key);
    let found = match site.files.get(&key) {
        Some(b) => Some((key.as_str(), b)),
        None => site.files.get(&index).map(|b| (index.as_str(), b)),
    };
    match found {
        Some((path, bytes)) => http::Reply::Full {
            status: 200,
            content_type: content_type(path),
            body: bytes.as_ref().clone(),
        },
        None => http::Reply::Full {
            status: 404,
            content_type: "text/html; charset=utf-8",
            body: site
                .files
                .get(crate::urls::NOT_FOUND)
                .map_or_else(|| b"not found\n".to_vec(), |b| b.as_ref().clone()),
        },
    }
}

/// A server-sent event stream: the last build error if there is one, then
/// every reload and error; it ends when the client goes away. Capped at
/// [`MAX_EVENT_STREAMS`].
fn stream_events(shared: &Arc<Shared>) -> http::Reply {
    if shared.open_streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        shared.open_streams.fetch_sub(1, Ordering::SeqCst);
        return text(503, b"too many open event streams\n");
    }
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut first = String::from(": connected\n\n");
    if let Some(e) = shared.error.read().ok().and_then(|e| e.clone()) {
        first.push_str(&event_text(&Push::Error(e)));
    }
    if let Ok(mut streams) = shared.streams.lock() {
        streams.push(tx);
    }
    let closing = Arc::clone(shared);
    http::Reply::Events(http::EventStream::new(
        first,
        rx,
        HEARTBEAT,
        Box::new(move || {
            closing.open_streams.fetch_sub(1, Ordering::SeqCst);
        }),
    ))
}

fn event_text(p: &Push) -> String {
    match p {
        Push::Reload => "event: reload\ndata: ok\n\n".to_string(),
        Push::Error(text) => {
            let mut s = String::from("event: build-error\n");
            for line in text.lines() {
                s.push_str("data: ");
                s.push_str(line);
                s.push('\n');
            }
            s.push('\n');
            s
        }
    }
}

fn open_browser(url: &str) {
    let cmd: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let mut c = std::process::Command::new(cmd[0]);
    c.args(&cmd[1..])
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if c.spawn().is_err() {
        eprintln!("note: could not open a browser; open {url}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watcher_tells_changes_from_reads_and_rescans_when_events_were_lost() {
        use notify::event::{AccessKind, AccessMode, DataChange, EventKind, Flag, ModifyKind};
        use notify::Event;
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir(dir.path().join("content")).expect("content/");
        let page = dir.path().join("content/a.md");
        std::fs::write(&page, "one").expect("a page");
        let mut w = Watcher::start(dir.path()).expect("watching starts");
        let page = w.root.join("content/a.md");
        let event = |kind| Ok(Event::new(kind).add_path(page.clone()));
        let modified = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Any));
        // Nothing changed: neither a read nor a write event rebuilds.
        assert_eq!(
            w.changed(vec![event(opened), event(modified)]),
            Change::None
        );
        std::fs::write(&page, "two, longer").expect("an edit");
        // A read of a changed file is not a change; its write event is, and
        // names the file, relative to the site root.
        assert_eq!(w.changed(vec![event(opened)]), Change::None);
        assert_eq!(
            w.changed(vec![event(modified)]),
            Change::Files(vec![PathBuf::from("content/a.md")])
        );
        assert_eq!(w.changed(vec![event(modified)]), Change::None, "seen once");
        // Lost events (an overflow names no path) or an error: every input
        // is stamped again, and a change is found without its event, but
        // which file changed is not known.
        std::fs::write(&page, "three, longer still").expect("another edit");
        let lost = Ok(Event::new(EventKind::Other).set_flag(Flag::Rescan));
        assert_eq!(w.changed(vec![lost]), Change::Unknown);
        std::fs::write(dir.path().join("content/b.md"), "new").expect("a new page");
        let error = || Err(notify::Error::generic("lost"));
        assert_eq!(w.changed(vec![error()]), Change::Unknown);
        assert_eq!(w.changed(vec![error()]), Change::None);
    }

    /// Every folder of inputs is watched: a write below any of them
    /// reaches the watcher as an event naming the file.
    #[test]
    fn a_write_in_any_input_folder_reaches_the_watcher() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for name in WATCHED.iter().filter(|n| !n.contains('.')) {
            std::fs::create_dir(dir.path().join(name)).expect("an input folder");
        }
        let w = Watcher::start(dir.path()).expect("watching starts");
        for name in WATCHED.iter().filter(|n| !n.contains('.')) {
            let file = w.root.join(name).join("a.txt");
            std::fs::write(&file, "edited").expect("a write");
            let named = |e: &notify::Event| e.paths.contains(&file);
            let deadline = Instant::now() + Duration::from_secs(10);
            let seen = std::iter::from_fn(|| {
                let left = deadline.checked_duration_since(Instant::now())?;
                w.events.recv_timeout(left).ok()
            })
            .any(|e| e.is_ok_and(|e| named(&e)));
            assert!(seen, "a write in {name}/ is not seen by the watcher");
        }
    }

    #[test]
    fn loopback_hosts_with_or_without_the_port() {
        for host in [
            "127.0.0.1:1111",
            "127.0.0.1",
            "127.0.0.2:1111",
            "127.255.255.254:1111",
            "[::1]:1111",
            "[::1]",
            "localhost:1111",
            "LOCALHOST",
            "localhost.:1111",
        ] {
            assert!(is_loopback_host(host, 1111), "{host}");
        }
        for host in [
            "evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "127.0.0.1:2222",
            "[::1]:2222",
            "[::1]x",
            "::1",
            "0.0.0.0:1111",
            "[::ffff:127.0.0.1]:1111",
            "",
        ] {
            assert!(!is_loopback_host(host, 1111), "{host}");
        }
        // Port 80: browsers leave it out.
        assert!(is_loopback_host("127.0.0.1", 80));
        assert!(is_loopback_host("localhost:80", 80));
        for bind in ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"] {
            assert!(is_loopback_bind(bind), "{bind}");
        }
        for bind in ["0.0.0.0", "::", "192.168.1.2", "example.org"] {
            assert!(!is_loopback_bind(bind), "{bind}");
        }
    }

    #[test]
    fn resolves_site_paths() {
        assert_eq!(resolve("/"), Ok("index.html".into()));
        assert_eq!(resolve("/timeline/"), Ok("timeline/index.html".into()));
        assert_eq!(
            resolve("/timeline/index.html?x=1#y"),
            Ok("timeline/index.html".into())
        );
        assert_eq!(resolve("/terms/%E7%A8%80"), Ok("terms/稀".into()));
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc/passwd",
            "/a\\..\\..\\etc",
            "/a%5c..%5c..%5cetc",
            "/./index.html",
            "/%00",
            "/a//b",
            "/C:/Windows",
            "/%zz",
            "/%ff%fe",
            "relative",
        ] {
            assert!(resolve(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn error_events_carry_every_line() {
        assert_eq!(
            event_text(&Push::Error("a\nb".into())),
            "event: build-error\ndata: a\ndata: b\n\n"
        );
    }
}
