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
//! `themes/`, `templates/` and `briefing.toml`; the new build is swapped in
//! atomically and open pages reload through server-sent events. A broken edit
//! keeps the last good site served and shows the errors in the terminal and as
//! an overlay in the browser. Requests are answered by a fixed pool of worker
//! threads and the event streams are capped, so slow or abusive clients
//! cannot stall rebuilds (the builder never waits on a client).

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
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
const WORKERS: usize = 8;
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
    /// `Host` headers accepted (empty: any). A preview bound to loopback
    /// answers only to loopback names, so a web page cannot reach it through
    /// DNS rebinding.
    hosts: Vec<String>,
    site: RwLock<Arc<Snapshot>>,
    /// The errors of the last failed build, shown to pages that connect.
    error: RwLock<Option<String>>,
    streams: Mutex<Vec<Sender<Push>>>,
    open_streams: AtomicUsize,
    /// Counts the rebuilds: a search index made for an older one is stale.
    generation: AtomicU64,
}

/// Runs the server until the process is stopped. Returns an error message if
/// it cannot start.
pub fn serve(opts: &ServeOptions) -> Result<(), String> {
    if opts.host != "127.0.0.1" && opts.host != "localhost" && opts.host != "::1" {
        eprintln!(
            "warning: serving on {} makes the preview reachable from other machines",
            opts.host
        );
    }
    // Listen first (to learn the port), build, then start answering.
    let server = tiny_http::Server::http((opts.host.as_str(), opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.host, opts.port))?;
    let ip = server.server_addr().to_ip();
    let addr = ip.map_or_else(|| format!("{}:{}", opts.host, opts.port), |a| a.to_string());
    let url = format!("http://{addr}/");
    let port = ip.map_or(opts.port, |a| a.port());
    let loopback = ["127.0.0.1", "localhost", "::1"].contains(&opts.host.as_str());
    let hosts = if loopback {
        vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ]
    } else {
        Vec::new()
    };
    let mut cache = Cache::default();
    let shared = Arc::new(Shared {
        hosts,
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
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                handle(req, &shared);
            }
        });
    }
    if opts.open {
        open_browser(&url);
    }
    watcher.run(opts, &mut cache, &shared);
    Ok(())
}

/// What `serve` watches, below the site root.
const WATCHED: [&str; 5] = [
    "content",
    "seeds",
    "themes",
    "templates",
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
            if self.changed(batch) {
                rebuild(&opts.build, cache, shared, Index::Behind);
            }
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

    /// Whether an input changed. Reading the inputs (by a build, or an
    /// editor) raises events too: only the stamps (size, times, inode) of
    /// the paths the events name are compared, so a rebuild does not start
    /// with a walk of every input. When the system lost events (its queue
    /// overflowed: a build of tens of thousands of pages opens more files
    /// than it holds) or reported an error, every input is stamped again.
    fn changed(&mut self, batch: Vec<notify::Result<notify::Event>>) -> bool {
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
            return changed;
        }
        let mut changed = false;
        for path in paths.iter().filter(|p| is_input(&self.root, p)) {
            let now = Stamp::of(path);
            if self.last.get(path) != Some(&now) {
                self.last.insert(path.clone(), now);
                changed = true;
            }
        }
        changed
    }
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
    if let Ok(mut streams) = shared.streams.lock() {
        streams.retain(|tx| tx.send(push.clone()).is_ok());
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

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn respond(req: tiny_http::Request, status: u16, ctype: &str, body: Vec<u8>) {
    let mut resp = tiny_http::Response::from_data(body).with_status_code(status);
    for h in [
        header("Content-Type", ctype),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ]
    .into_iter()
    .flatten()
    {
        resp.add_header(h);
    }
    let _ = req.respond(resp);
}

fn handle(req: tiny_http::Request, shared: &Arc<Shared>) {
    let method = req.method().clone();
    if method != tiny_http::Method::Get && method != tiny_http::Method::Head {
        respond(
            req,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        );
        return;
    }
    if !shared.hosts.is_empty() {
        let host = req
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str().to_string())
            .unwrap_or_default();
        if !shared.hosts.contains(&host) {
            respond(
                req,
                403,
                "text/plain; charset=utf-8",
                b"forbidden host\n".to_vec(),
            );
            return;
        }
    }
    let url = req.url().to_string();
    if url == EVENTS_PATH {
        stream_events(req, shared);
        return;
    }
    if url.strip_prefix('/') == Some(crate::urls::LIVE_RELOAD) {
        respond(
            req,
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes().to_vec(),
        );
        return;
    }
    let key = match resolve(&url) {
        Ok(k) => k,
        Err(status) => {
            respond(
                req,
                status,
                "text/plain; charset=utf-8",
                b"bad request\n".to_vec(),
            );
            return;
        }
    };
    let site = shared.site.read().map(|s| Arc::clone(&s)).ok();
    let Some(site) = site else { return };
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
        respond(req, 500, "text/html; charset=utf-8", page.into_bytes());
        return;
    }
    let index = crate::urls::page_path(&key);
    let found = match site.files.get(&key) {
        Some(b) => Some((key.as_str(), b)),
        None => site.files.get(&index).map(|b| (index.as_str(), b)),
    };
    match found {
        Some((path, bytes)) => respond(req, 200, content_type(path), bytes.as_ref().clone()),
        None => {
            let body = site
                .files
                .get(crate::urls::NOT_FOUND)
                .map_or_else(|| b"not found\n".to_vec(), |b| b.as_ref().clone());
            respond(req, 404, "text/html; charset=utf-8", body);
        }
    }
}

/// A server-sent event stream, fed by a channel; it ends when the client goes
/// away (the heartbeat's write fails) or the stream cap is reached.
fn stream_events(req: tiny_http::Request, shared: &Arc<Shared>) {
    if shared.open_streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        shared.open_streams.fetch_sub(1, Ordering::SeqCst);
        respond(
            req,
            503,
            "text/plain; charset=utf-8",
            b"too many open event streams\n".to_vec(),
        );
        return;
    }
    let (tx, rx) = mpsc::channel();
    if let Some(e) = shared.error.read().ok().and_then(|e| e.clone()) {
        let _ = tx.send(Push::Error(e));
    }
    if let Ok(mut streams) = shared.streams.lock() {
        streams.push(tx);
    }
    let shared = Arc::clone(shared);
    // Each stream gets its own thread, so it never occupies a request worker.
    // It writes to the socket directly and flushes every event.
    std::thread::spawn(move || {
        let mut w = req.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n: connected\n\n";
        let mut ok = w
            .write_all(head.as_bytes())
            .and_then(|()| w.flush())
            .is_ok();
        while ok {
            let msg = match rx.recv_timeout(HEARTBEAT) {
                Ok(p) => event_text(&p),
                Err(RecvTimeoutError::Timeout) => ": heartbeat\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => break,
            };
            ok = w.write_all(msg.as_bytes()).and_then(|()| w.flush()).is_ok();
        }
        shared.open_streams.fetch_sub(1, Ordering::SeqCst);
    });
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
        assert!(!w.changed(vec![event(opened), event(modified)]));
        std::fs::write(&page, "two, longer").expect("an edit");
        // A read of a changed file is not a change; its write event is.
        assert!(!w.changed(vec![event(opened)]));
        assert!(w.changed(vec![event(modified)]));
        assert!(!w.changed(vec![event(modified)]), "seen once");
        // Lost events (an overflow names no path) or an error: every input
        // is stamped again, and a change is found without its event.
        std::fs::write(&page, "three, longer still").expect("another edit");
        let lost = Ok(Event::new(EventKind::Other).set_flag(Flag::Rescan));
        assert!(w.changed(vec![lost]));
        std::fs::write(dir.path().join("content/b.md"), "new").expect("a new page");
        assert!(w.changed(vec![Err(notify::Error::generic("lost"))]));
        assert!(!w.changed(vec![Err(notify::Error::generic("again"))]));
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
