//! The preview's HTTP server: hyper (HTTP/1.1) on a tokio runtime of one
//! thread, with limits, so that no client can make it read, wait or hold
//! without end:
//!
//! - a request's head (request line and headers) is at most
//!   [`Limits::max_head`] bytes and [`Limits::max_headers`] headers;
//!   beyond, the answer is 431 (or 414) and the connection is closed;
//! - a head must arrive within [`Limits::header_timeout`], and an idle
//!   keep-alive connection is closed after as long (hyper's header read
//!   timeout starts again when a connection waits for its next request);
//! - at most [`Limits::max_connections`] connections are open; more wait to
//!   be accepted. A connection costs a task, not a thread.
//!
//! Request bodies are never read: the preview answers `GET` and `HEAD`.

use std::convert::Infallible;
use std::net::TcpListener;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::{Either, Full};
use hyper::body::{Bytes, Frame};

/// What the server allows a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of a request's head, at most (hyper's least is 8,192).
    pub max_head: usize,
    /// Headers of a request, at most.
    pub max_headers: usize,
    /// Time to send a request's head, and to start the next one on a
    /// keep-alive connection.
    pub header_timeout: Duration,
    /// Open connections, at most.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_head: 16 * 1024,
            max_headers: 64,
            header_timeout: Duration::from_secs(10),
            max_connections: 256,
        }
    }
}

/// A request, as far as the preview looks at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET` and `HEAD` are answered; anything else is refused.
    pub readable: bool,
    /// The request target's path and query, e.g. `/timeline/?x=1`.
    pub target: String,
    /// The host the request names: the authority of an absolute target,
    /// else the `Host` header (empty if none).
    pub host: String,
}

/// An answer.
pub enum Reply {
    Full {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// A `text/event-stream` of server-sent events.
    Events(EventStream),
}

/// The body of an event stream: `first`, then every text received, and a
/// comment line every `heartbeat` (so that a client that went away is
/// noticed). Ends when the sending side is dropped; `on_close` runs when
/// the stream ends or the client goes away.
pub struct EventStream {
    first: Option<Bytes>,
    events: tokio::sync::mpsc::UnboundedReceiver<String>,
    heartbeat: Duration,
    tick: Option<tokio::time::Interval>,
    on_close: Option<Box<dyn FnOnce() + Send + Sync>>,
}

impl EventStream {
    pub fn new(
        first: String,
        events: tokio::sync::mpsc::UnboundedReceiver<String>,
        heartbeat: Duration,
        on_close: Box<dyn FnOnce() + Send + Sync>,
    ) -> EventStream {
        EventStream {
            first: Some(Bytes::from(first)),
            events,
            heartbeat,
            tick: None,
            on_close: Some(on_close),
        }
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        if let Some(f) = self.on_close.take() {
            f();
        }
    }
}

impl hyper::body::Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        match this.events.poll_recv(cx) {
            Poll::Ready(Some(text)) => {
                return Poll::Ready(Some(Ok(Frame::data(Bytes::from(text)))))
            }
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        let heartbeat = this.heartbeat;
        let tick = this.tick.get_or_insert_with(|| {
            tokio::time::interval_at(tokio::time::Instant::now() + heartbeat, heartbeat)
        });
        if tick.poll_tick(cx).is_ready() {
            return Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(
                b": heartbeat\n\n",
            )))));
        }
        Poll::Pending
    }
}

type Body = Either<Full<Bytes>, EventStream>;

fn response(reply: Reply) -> hyper::Response<Body> {
    let (status, content_type, body) = match reply {
        Reply::Full {
            status,
            content_type,
            body,
        } => (
            status,
            content_type,
            Either::Left(Full::new(Bytes::from(body))),
        ),
        Reply::Events(stream) => (200, "text/event-stream", Either::Right(stream)),
    };
    let mut r = hyper::Response::new(body);
    *r.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = r.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static(content_type),
    );
    headers.insert(
        hyper::header::CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        hyper::header::X_CONTENT_TYPE_OPTIONS,
        hyper::header::HeaderValue::from_static("nosniff"),
    );
    r
}

fn request<B>(req: &hyper::Request<B>) -> Request {
    let host = match req.uri().authority() {
        Some(a) => a.as_str().to_string(),
        None => req
            .headers()
            .get(hyper::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .to_string(),
    };
    Request {
        readable: matches!(*req.method(), hyper::Method::GET | hyper::Method::HEAD),
        target: req
            .uri()
            .path_and_query()
            .map_or_else(|| req.uri().to_string(), |p| p.as_str().to_string()),
        host,
    }
}

/// Answers requests on `listener` with `handler` until the process ends
/// (or the listener fails). Runs on the calling thread.
pub fn run(
    listener: TcpListener,
    limits: Limits,
    handler: Arc<dyn Fn(Request) -> Reply + Send + Sync>,
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    listener.set_nonblocking(true)?;
    runtime.block_on(accept(listener, limits, handler))
}

async fn accept(
    listener: TcpListener,
    limits: Limits,
    handler: Arc<dyn Fn(Request) -> Reply + Send + Sync>,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_head.max(8192))
        .max_headers(limits.max_headers);
    loop {
        // A slot first: over the limit, connections wait in the backlog.
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return Ok(());
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was
            // accepted: wait a little and go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let handler = Arc::clone(&handler);
        let conn = http.serve_connection(
            hyper_util::rt::TokioIo::new(stream),
            hyper::service::service_fn(move |req| {
                let reply = handler(request(&req));
                async move { Ok::<_, Infallible>(response(reply)) }
            }),
        );
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
}
