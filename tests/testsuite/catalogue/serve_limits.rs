//! `serve` with limits: request heads over a size are refused, a slow head
//! and an idle connection are closed, connections are bounded and cost no
//! thread each; the Host check knows every loopback name and address, with
//! or without the port.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use briefing::serve::http::{self, Limits, Reply};

use crate::site_test::SiteTest;

/// The HTTP layer on its own, on a free port, with `limits`; every request
/// is answered with its target.
fn echo_server(limits: Limits) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = listener.local_addr().expect("its address").to_string();
    let handler: Arc<dyn Fn(http::Request) -> Reply + Send + Sync> = Arc::new(|req| Reply::Full {
        status: 200,
        content_type: "text/plain; charset=utf-8",
        body: req.target.into_bytes(),
    });
    std::thread::spawn(move || http::run(listener, limits, handler));
    addr
}

/// Reads from `s` until the server closes it or `within` passed; returns
/// what arrived and whether it was closed.
fn read_until_closed(s: &mut TcpStream, within: Duration) -> (String, bool) {
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .expect("timeout");
    let deadline = Instant::now() + within;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&got).into_owned(), true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), true),
        }
    }
    (String::from_utf8_lossy(&got).into_owned(), false)
}

fn get(addr: &str, target: &str, host: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    read_until_closed(&mut s, Duration::from_secs(10)).0
}

#[test]
fn request_heads_over_the_limit_are_refused_and_the_server_goes_on() {
    let addr = echo_server(Limits::default());
    for (what, request) in [
        (
            "a 10 MB request line",
            format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(10 << 20)),
        ),
        (
            "a 50 MB header",
            format!(
                "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
                "b".repeat(50 << 20)
            ),
        ),
        (
            "a thousand headers",
            format!(
                "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
                "X-H: 1\r\n".repeat(1000)
            ),
        ),
    ] {
        let mut s = TcpStream::connect(&addr).expect("connect");
        // The server stops reading early: the rest of the write may fail.
        let _ = s.write_all(request.as_bytes());
        let (answer, closed) = read_until_closed(&mut s, Duration::from_secs(10));
        assert!(closed, "{what}: the connection stays open");
        assert!(
            answer.is_empty()
                || answer.starts_with("HTTP/1.1 431")
                || answer.starts_with("HTTP/1.1 414"),
            "{what}: {answer}"
        );
    }
    assert!(get(&addr, "/after", "x").ends_with("/after"));
}

#[test]
fn a_slow_head_and_an_idle_connection_are_closed() {
    let addr = echo_server(Limits {
        header_timeout: Duration::from_millis(300),
        ..Limits::default()
    });
    // Half a request line, then nothing.
    let mut slow = TcpStream::connect(&addr).expect("connect");
    slow.write_all(b"GET / HT").expect("send");
    let started = Instant::now();
    let (_, closed) = read_until_closed(&mut slow, Duration::from_secs(5));
    assert!(closed, "a slow head keeps its connection");
    assert!(started.elapsed() >= Duration::from_millis(250));
    // A connection that never sends anything.
    let mut silent = TcpStream::connect(&addr).expect("connect");
    assert!(read_until_closed(&mut silent, Duration::from_secs(5)).1);
    // A keep-alive connection, idle after its first answer.
    let mut idle = TcpStream::connect(&addr).expect("connect");
    idle.write_all(b"GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("send");
    let (answer, closed) = read_until_closed(&mut idle, Duration::from_secs(5));
    assert!(
        answer.starts_with("HTTP/1.1 200") && answer.ends_with("/one"),
        "{answer}"
    );
    assert!(closed, "an idle keep-alive connection stays open");
}

#[test]
fn connections_over_the_limit_wait_for_a_free_one() {
    let addr = echo_server(Limits {
        max_connections: 2,
        header_timeout: Duration::from_secs(30),
        ..Limits::default()
    });
    let first = TcpStream::connect(&addr).expect("connect");
    let second = TcpStream::connect(&addr).expect("connect");
    std::thread::sleep(Duration::from_millis(100));
    let mut third = TcpStream::connect(&addr).expect("the kernel queues it");
    third
        .write_all(b"GET /third HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("send");
    let (answer, _) = read_until_closed(&mut third, Duration::from_millis(500));
    assert_eq!(answer, "", "answered over the limit");
    drop(first);
    let (answer, _) = read_until_closed(&mut third, Duration::from_secs(5));
    assert!(answer.ends_with("/third"), "{answer}");
    drop(second);
}

struct Preview {
    child: Child,
    addr: String,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn preview(site: &SiteTest, args: &[&str]) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .arg("serve")
        .args(args)
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let (tx, stderr) = std::sync::mpsc::channel();
    let err = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("url in first line")
        .to_string();
    Preview {
        child,
        addr,
        stderr,
    }
}

#[cfg(target_os = "linux")]
#[test]
fn any_loopback_address_is_loopback_for_the_host_check_and_the_warning() {
    let site = SiteTest::with_seed();
    let server = preview(&site, &["--host", "127.0.0.2", "--port", "0"]);
    let port = server.addr.rsplit(':').next().expect("a port");
    let status = |host: &str| {
        get(&server.addr, "/", host)
            .split(' ')
            .nth(1)
            .map(str::to_string)
            .unwrap_or_default()
    };
    for host in [
        format!("127.0.0.2:{port}"),
        format!("127.3.4.5:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.2".to_string(),
        "localhost".to_string(),
    ] {
        assert_eq!(status(&host), "200", "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.2.evil.example:{port}"),
        format!("127.0.0.2:{}", port.parse::<u16>().expect("a port") ^ 1),
        String::new(),
    ] {
        assert_eq!(status(&host), "403", "{host:?}");
    }
    drop(server);
    // No warning for a loopback address; one for all interfaces.
    let lines: Vec<String> = {
        let server = preview(&site, &["--host", "127.0.0.2", "--port", "0"]);
        std::thread::sleep(Duration::from_millis(300));
        server.stderr.try_iter().collect()
    };
    assert!(lines.iter().all(|l| !l.contains("warning")), "{lines:?}");
    let server = preview(&site, &["--host", "0.0.0.0", "--port", "0"]);
    let warned = server
        .stderr
        .recv_timeout(Duration::from_secs(10))
        .expect("a line");
    assert!(
        warned.contains("warning: serving on 0.0.0.0 makes the preview reachable"),
        "{warned}"
    );
}

/// Threads of a process (Linux).
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Threads:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[cfg(target_os = "linux")]
#[test]
fn hundreds_of_slow_connections_cost_no_thread_each() {
    let site = SiteTest::with_seed();
    let server = preview(&site, &["--port", "0"]);
    let before = threads(server.child.id());
    let mut held = Vec::new();
    for _ in 0..400 {
        let addr = server.addr.parse().expect("an address");
        if let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
            let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            held.push(s);
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    let during = threads(server.child.id());
    assert!(held.len() >= 200, "only {} connections", held.len());
    assert!(
        during <= before + 2,
        "{} connections took threads: {before} → {during}",
        held.len()
    );
    drop(held);
    let answer = get(&server.addr, "/", &server.addr);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
