//! `briefing serve`: serves from memory, rebuilds on change, pushes reloads
//! and build errors, keeps the last good build, refuses traversal.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::site_test::SiteTest;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &SiteTest) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    // "serving . at http://127.0.0.1:PORT/ (Ctrl-C to stop)"
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("url in first line")
        .to_string();
    Server { child, addr }
}

/// A raw HTTP/1.1 GET (the path is sent exactly as given); returns status and body.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The preview's event stream, as an open page listens to it, once connected.
fn event_stream(addr: &str) -> TcpStream {
    let mut events = TcpStream::connect(addr).unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        events,
        "GET /__briefing/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    wait_for_event(&mut events, ": connected");
    events
}

/// Reads the event stream until `needle` arrives (or times out).
fn wait_for_event(stream: &mut TcpStream, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline && !seen.contains(needle) {
        if let Ok(n) = stream.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    assert!(
        seen.contains(needle),
        "no {needle:?} in event stream:\n{seen}"
    );
    seen
}

/// Reads the event stream for `how_long` and returns what arrived.
fn read_for(stream: &mut TcpStream, how_long: Duration) -> String {
    let deadline = Instant::now() + how_long;
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        if let Ok(n) = stream.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    seen
}

#[test]
fn serves_rebuilds_reloads_and_keeps_the_last_good_build() {
    let site = SiteTest::with_seed().file(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nFirst version.\n",
    );
    let server = start(&site);
    let (status, body) = get(&server.addr, "/about/index.html");
    assert_eq!(status, 200);
    assert!(body.contains("First version."));
    assert!(
        body.contains("../__briefing/reload.js") && body.contains("connect-src 'self';"),
        "the page loads the reload script and may listen to the server"
    );
    let (status, script) = get(&server.addr, "/__briefing/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    assert_eq!(get(&server.addr, "/about/").0, 200);
    assert_eq!(get(&server.addr, "/no/such/page").0, 404);
    // The search index, built after the pages, is served too.
    let (status, head) = get(&server.addr, "/assets/search/index.js");
    assert_eq!(status, 200);
    assert!(
        !head.contains("reload.js"),
        "scripts are served as they are"
    );

    let mut events = event_stream(&server.addr);

    std::thread::sleep(Duration::from_millis(300));
    let site = site.file(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nSecond version.\n",
    );
    wait_for_event(&mut events, "event: reload");
    assert!(get(&server.addr, "/about/index.html")
        .1
        .contains("Second version."));
    // Right after the reload the search index (old or new) is there.
    assert_eq!(get(&server.addr, "/assets/search/index.js").0, 200);
    // The rebuild's own reads of the inputs raise watcher events too; they
    // start no other rebuild.
    let quiet = read_for(&mut events, Duration::from_millis(1500));
    assert!(!quiet.contains("event:"), "{quiet}");
    // An edit that keeps the file's length is seen (file times, not sizes,
    // tell it apart, and a file modified just now is read again).
    let site = site.file(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nSecond Version.\n",
    );
    wait_for_event(&mut events, "event: reload");
    assert!(get(&server.addr, "/about/index.html")
        .1
        .contains("Second Version."));

    let site = site.file("content/about.md", "+++\ntitle = 5\n+++\nBroken.\n");
    let seen = wait_for_event(&mut events, "event: build-error");
    assert!(seen.contains("content/about.md:2:9"), "{seen}");
    let (status, body) = get(&server.addr, "/about/index.html");
    assert_eq!(status, 200);
    assert!(
        body.contains("Second Version."),
        "the last good build stays served"
    );
    // Nothing was written to public/.
    assert!(!site.public().exists());
}

#[test]
fn an_edit_made_as_soon_as_the_preview_answers_is_seen() {
    // The watching starts before the first build: an edit made the moment
    // the preview answers (or while it builds) is not lost.
    let site = SiteTest::with_seed().file(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nFirst version.\n",
    );
    let server = start(&site);
    let mut events = event_stream(&server.addr);
    let _site = site.file(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nAt once.\n",
    );
    wait_for_event(&mut events, "event: reload");
    assert!(get(&server.addr, "/about/index.html")
        .1
        .contains("At once."));
}

#[test]
fn answers_only_to_loopback_host_names() {
    // A page on another site cannot reach the preview through DNS rebinding.
    let site = SiteTest::with_seed();
    let server = start(&site);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let mut s = TcpStream::connect(&server.addr).unwrap();
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    assert!(buf.starts_with("HTTP/1.1 403"), "{buf}");
    assert_eq!(get(&server.addr, "/").0, 200);
}

#[test]
fn refuses_path_traversal() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    let site = SiteTest::with_seed();
    let server = start(&site);
    for path in [
        "/../secret.txt",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "/a\\..\\..\\etc\\passwd",
        "/%00index.html",
        "//etc/passwd",
    ] {
        let (status, body) = get(&server.addr, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("TOP SECRET"),
            "{path} leaked"
        );
    }
}

/// Resident memory of a process, in KiB (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[test]
fn bounded_load_while_files_change() {
    // Four clients make 2,000 requests on loopback while the content changes
    // five times: every response is complete and correct, the last edit is
    // served at the end, and memory stays flat.
    let site = SiteTest::with_seed().file(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nVersion 0.\n",
    );
    let server = start(&site);
    let pid = server.child.id();
    let warm = get(&server.addr, "/about/index.html");
    assert_eq!(warm.0, 200);
    let before = rss_kib(pid);
    let addr = server.addr.clone();
    let clients: Vec<_> = (0..4)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let paths = [
                    "/index.html",
                    "/about/index.html",
                    "/sources/demo/index.html",
                    "/assets/style.css",
                    "/no/such/page",
                    "/../etc/passwd",
                ];
                let mut bad = Vec::new();
                for n in 0..500 {
                    let path = paths[(n + i) % paths.len()];
                    let (status, body) = get(&addr, path);
                    let ok = match path {
                        "/no/such/page" => status == 404,
                        "/../etc/passwd" => status == 400,
                        "/assets/style.css" => status == 200 && body.contains("--accent"),
                        _ => {
                            status == 200
                                && body.starts_with("<!doctype html>")
                                && body.contains("__briefing/reload.js")
                        }
                    };
                    if !ok {
                        bad.push(format!("{path}: {status}"));
                    }
                }
                bad
            })
        })
        .collect();
    let mut site = site;
    for v in 1..=5 {
        std::thread::sleep(Duration::from_millis(150));
        site = site.file(
            "content/about.md",
            &format!("+++\ntitle = \"About\"\n+++\nVersion {v}.\n"),
        );
    }
    let bad: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert!(
        bad.is_empty(),
        "{} bad responses, e.g. {:?}",
        bad.len(),
        &bad[..bad.len().min(5)]
    );
    // No rebuild lost: the last edit is served (give the debounced rebuild time).
    let deadline = Instant::now() + Duration::from_secs(20);
    while !get(&server.addr, "/about/index.html")
        .1
        .contains("Version 5.")
    {
        assert!(Instant::now() < deadline, "the last edit was never served");
        std::thread::sleep(Duration::from_millis(100));
    }
    if let (Some(b), Some(a)) = (before, rss_kib(pid)) {
        assert!(a < b + 64 * 1024, "memory grew from {b} KiB to {a} KiB");
    }
}

/// Paths in any script are requested percent-encoded, as browsers and
/// GitHub Pages do: the UTF-8 bytes name the file.
#[test]
fn serves_names_in_any_script_by_their_percent_encoded_paths() {
    let site = crate::adopt::unicode_site();
    let server = start(&site);
    let (status, body) = get(&server.addr, "/tags/%E7%A7%91%E6%8A%80/index.html");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("概览"), "{body}");
    assert_eq!(
        get(&server.addr, "/briefs/%C3%BCberblick/index.html").0,
        200
    );
    assert_eq!(get(&server.addr, "/briefs/%E6%A6%82%E8%A7%88/").0, 200);
    // Another normal form of the same name is another file.
    assert_eq!(
        get(&server.addr, "/briefs/u%CC%88berblick/index.html").0,
        404
    );
}
