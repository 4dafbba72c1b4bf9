//! The small HTTP/1.1 server under `journeybook serve`: GET and HEAD, one request per
//! connection, and bounded in everything a client controls.
//!
//! - A request line over [`MAX_REQUEST_LINE`] gets 414, headers over [`MAX_HEADERS`] 431;
//!   no more than that is ever buffered.
//! - The whole request head must arrive within [`HEAD_TIMEOUT`] of connecting: a client
//!   that sent part of one gets 408, one that sent nothing is closed silently.
//! - At most [`MAX_CONNECTIONS`] connections are handled at once, each by a thread of its
//!   own that ends with it (open reload streams count); more are answered 503 and closed at
//!   once by the accepting thread, which never blocks on a client.
//! - Writes give up after [`WRITE_TIMEOUT`] on a client that stopped reading.
//!
//! Answers say `Connection: close`; browsers open a new connection per request, which costs
//! nothing on a local preview.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The longest request line (method, target, version) served; longer gets 414.
pub(crate) const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The most header bytes after the request line; more gets 431.
pub(crate) const MAX_HEADERS: usize = 32 * 1024;
/// How long a client has to send its request head, counted from the connection.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write may wait for a client that does not read.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections handled at once; beyond it the answer is 503.
pub(crate) const MAX_CONNECTIONS: usize = 64;
/// After answering, what the client may still send is read and dropped for this long (and
/// up to [`LINGER_BYTES`]), so that closing does not reset the connection before the
/// client has read the answer.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 1024 * 1024;
/// A connection's thread needs little stack: bodies and buffers live on the heap.
const STACK_SIZE: usize = 512 * 1024;

/// The methods served; anything else is answered 405 before a handler sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

/// A request as handlers see it: the method and the raw target, always starting with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub target: String,
}

/// A complete answer; `Content-Length` and `Connection: close` are added when it is sent.
#[derive(Debug)]
pub struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: Vec<u8>) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// A short plain-text answer.
    pub fn text(status: u16, text: &str) -> Self {
        Response::new(status, text.as_bytes().to_vec())
            .with_header("Content-Type", "text/plain; charset=utf-8")
    }

    pub(crate) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status line and headers, ending in the blank line.
    fn head(&self) -> String {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            // Values are made here, never copied from a request; still, no header splitting.
            if !value.contains(['\r', '\n']) {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        head
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// One accepted connection, handed to the handler with its request.
pub struct Connection {
    stream: TcpStream,
    head_only: bool,
}

impl Connection {
    /// Sends a complete answer (without its body to a HEAD request).
    pub(crate) fn respond(&mut self, response: &Response) -> io::Result<()> {
        let head = response.head();
        if self.head_only || response.body.is_empty() {
            self.stream.write_all(head.as_bytes())
        } else if response.body.len() <= 16 * 1024 {
            // One write, so a small answer goes out as one segment.
            let mut all = head.into_bytes();
            all.extend_from_slice(&response.body);
            self.stream.write_all(&all)
        } else {
            self.stream.write_all(head.as_bytes())?;
            self.stream.write_all(&response.body)
        }
    }

    /// Writes raw bytes, for a stream whose head the handler wrote itself.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)?;
        self.stream.flush()
    }

    /// Whether the client has closed its side (or the connection broke); whatever else it
    /// sent meanwhile is dropped. Does not wait.
    pub(crate) fn peer_gone(&mut self) -> bool {
        if self.stream.set_nonblocking(true).is_err() {
            return true;
        }
        let mut buffer = [0u8; 1024];
        let mut gone = false;
        for _ in 0..16 {
            match self.stream.read(&mut buffer) {
                Ok(0) => {
                    gone = true;
                    break;
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    gone = e.kind() != io::ErrorKind::WouldBlock;
                    break;
                }
            }
        }
        gone || self.stream.set_nonblocking(false).is_err()
    }

    /// Ends the connection: our side first, then what the client still sends is read and
    /// dropped for a moment, so it gets to read the answer instead of a reset.
    fn close(mut self) {
        if self.stream.shutdown(Shutdown::Write).is_err() {
            return;
        }
        let deadline = Instant::now() + LINGER;
        let mut buffer = [0u8; 8192];
        let mut drained = 0;
        while drained < LINGER_BYTES {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.stream.set_read_timeout(Some(left)).is_err() {
                break;
            }
            match self.stream.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => drained += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    }
}

/// A listening socket; [`Server::run`] serves it.
pub struct Server {
    listener: TcpListener,
}

impl Server {
    pub fn bind(address: SocketAddr) -> io::Result<Self> {
        Ok(Server {
            listener: TcpListener::bind(address)?,
        })
    }

    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections until the process ends; `handler` answers each request.
    pub fn run<H>(self, handler: H)
    where
        H: Fn(&Request, &mut Connection) + Send + Sync + 'static,
    {
        let handler = Arc::new(handler);
        let active = Arc::new(AtomicUsize::new(0));
        loop {
            let stream = match self.listener.accept() {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors, or a connection reset before it was taken:
                    // pause instead of spinning.
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            };
            // Only this thread adds to `active`, so it never exceeds the limit.
            if active.load(Ordering::Acquire) >= MAX_CONNECTIONS {
                turn_away(stream);
                continue;
            }
            active.fetch_add(1, Ordering::AcqRel);
            let slot = Slot(active.clone());
            let handler = handler.clone();
            // If no thread can be made, the closure is dropped: the slot is given back and
            // the connection closed.
            let _ = std::thread::Builder::new()
                .name("journeybook-http".into())
                .stack_size(STACK_SIZE)
                .spawn(move || {
                    let _slot = slot;
                    serve_connection(stream, &*handler);
                });
        }
    }
}

/// A place among the [`MAX_CONNECTIONS`], given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// 503 to a connection there is no room for, without ever waiting on it.
fn turn_away(mut stream: TcpStream) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    // A request that has already arrived is read, so closing does not reset the
    // connection before the client sees the answer.
    let mut buffer = [0u8; 4096];
    for _ in 0..4 {
        if !matches!(stream.read(&mut buffer), Ok(n) if n > 0) {
            break;
        }
    }
    let response =
        Response::text(503, "the server is busy, try again\n").with_header("Retry-After", "1");
    let _ = stream.write_all(response.head().as_bytes());
    let _ = stream.write_all(&response.body);
    let _ = stream.shutdown(Shutdown::Write);
}

fn serve_connection<H>(stream: TcpStream, handler: &H)
where
    H: Fn(&Request, &mut Connection) + ?Sized,
{
    let _ = stream.set_nodelay(true);
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let mut connection = Connection {
        stream,
        head_only: false,
    };
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let request = match read_head(&mut connection.stream, deadline) {
        Ok(line) => parse_request_line(&line),
        Err(Incomplete::Closed) | Err(Incomplete::Idle) => return,
        Err(Incomplete::TimedOut) => Err(Response::text(408, "request timeout\n")),
        Err(Incomplete::TooLarge(status)) => Err(Response::text(status, "request too large\n")),
    };
    match request {
        Ok(request) => {
            connection.head_only = request.method == Method::Head;
            handler(&request, &mut connection);
        }
        Err(response) => {
            let _ = connection.respond(&response);
        }
    }
    connection.close();
}

/// Why no request head was read.
#[derive(Debug, PartialEq, Eq)]
enum Incomplete {
    /// The client closed or broke the connection.
    Closed,
    /// The head timeout passed before the client sent anything.
    Idle,
    /// The head timeout passed in the middle of a head.
    TimedOut,
    /// The request line (414) or the headers (431) are over their limit.
    TooLarge(u16),
}

/// Reads a request head, within the limits, and returns its request line. Headers are
/// skipped: nothing served depends on them. Bytes after the head are never read.
fn read_head(stream: &mut impl ReadTimeout, deadline: Instant) -> Result<Vec<u8>, Incomplete> {
    let mut buffer: Vec<u8> = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    // The request line's range, once it is complete; where the current line starts; how
    // far the buffer has been searched for line ends.
    let mut request_line: Option<(usize, usize)> = None;
    let mut line_start = 0;
    let mut scanned = 0;
    loop {
        while let Some(i) = buffer[scanned..].iter().position(|&b| b == b'\n') {
            let end = scanned + i;
            let mut line = &buffer[line_start..end];
            if let [rest @ .., b'\r'] = line {
                line = rest;
            }
            match request_line {
                // Empty lines before the request line are allowed (RFC 9112 §2.2).
                None if line.is_empty() => {}
                None if line.len() > MAX_REQUEST_LINE => return Err(Incomplete::TooLarge(414)),
                None => request_line = Some((line_start, line_start + line.len())),
                Some((from, to)) if line.is_empty() => {
                    if line_start - to > MAX_HEADERS + 2 {
                        return Err(Incomplete::TooLarge(431));
                    }
                    return Ok(buffer[from..to].to_vec());
                }
                Some(_) => {}
            }
            line_start = end + 1;
            scanned = end + 1;
        }
        scanned = buffer.len();
        match request_line {
            None if buffer.len() > MAX_REQUEST_LINE + 2 => {
                return Err(Incomplete::TooLarge(414));
            }
            Some((_, to)) if buffer.len() - to > MAX_HEADERS + 4 => {
                return Err(Incomplete::TooLarge(431));
            }
            _ => {}
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let timed_out = if buffer.is_empty() {
            Incomplete::Idle
        } else {
            Incomplete::TimedOut
        };
        if left.is_zero() {
            return Err(timed_out);
        }
        match stream.read_within(&mut chunk, left) {
            Ok(0) => return Err(Incomplete::Closed),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if e.kind() == io::ErrorKind::WouldBlock || e.kind() == io::ErrorKind::TimedOut =>
            {
                return Err(timed_out);
            }
            Err(_) => return Err(Incomplete::Closed),
        }
    }
}

/// A read that waits at most `timeout`: a socket, or a script of chunks in the tests.
trait ReadTimeout {
    fn read_within(&mut self, buffer: &mut [u8], timeout: Duration) -> io::Result<usize>;
}

impl ReadTimeout for TcpStream {
    fn read_within(&mut self, buffer: &mut [u8], timeout: Duration) -> io::Result<usize> {
        self.set_read_timeout(Some(timeout))?;
        self.read(buffer)
    }
}

/// The request of a request line, or the answer to a line that asks for nothing served.
fn parse_request_line(line: &[u8]) -> Result<Request, Response> {
    let bad = || Response::text(400, "bad request\n");
    let line = std::str::from_utf8(line).map_err(|_| bad())?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if !version.starts_with("HTTP/1.") {
        return Err(if version.starts_with("HTTP/") {
            Response::text(505, "HTTP/1.1 only\n")
        } else {
            bad()
        });
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => {
            return Err(
                Response::text(405, "method not allowed\n").with_header("Allow", "GET, HEAD")
            );
        }
    };
    if target.is_empty() || target.chars().any(|c| c.is_control() || c == ' ') {
        return Err(bad());
    }
    // The absolute form (`http://host/path`) names this server too: keep its path.
    let target = if target.starts_with('/') {
        target.to_string()
    } else if let Some((_, rest)) = target
        .split_once("://")
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("http"))
    {
        match rest.find(['/', '?']) {
            Some(i) if rest[i..].starts_with('/') => rest[i..].to_string(),
            Some(i) => format!("/{}", &rest[i..]),
            None => "/".to_string(),
        }
    } else {
        return Err(bad());
    };
    Ok(Request { method, target })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out its chunks one read at a time, then times out.
    struct Script(Vec<Vec<u8>>);

    impl ReadTimeout for Script {
        fn read_within(&mut self, buffer: &mut [u8], _: Duration) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let chunk = self.0.remove(0);
            let n = chunk.len().min(buffer.len());
            buffer[..n].copy_from_slice(&chunk[..n]);
            if n < chunk.len() {
                self.0.insert(0, chunk[n..].to_vec());
            }
            Ok(n)
        }
    }

    fn head(chunks: &[&[u8]]) -> Result<Vec<u8>, Incomplete> {
        let mut script = Script(chunks.iter().map(|c| c.to_vec()).collect());
        read_head(&mut script, Instant::now() + Duration::from_secs(60))
    }

    #[test]
    fn heads_are_read_within_limits() {
        assert_eq!(
            head(&[b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"]),
            Ok(b"GET / HTTP/1.1".to_vec())
        );
        // In pieces, with bare line feeds and an empty line first.
        assert_eq!(
            head(&[b"\r\nGET /a HT", b"TP/1.0\nHost:", b" x\n", b"\n"]),
            Ok(b"GET /a HTTP/1.0".to_vec())
        );
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(head(&[long.as_bytes()]), Err(Incomplete::TooLarge(414)));
        let endless = "a".repeat(MAX_REQUEST_LINE * 4);
        assert_eq!(head(&[endless.as_bytes()]), Err(Incomplete::TooLarge(414)));
        let fits = format!(
            "GET /{} HTTP/1.1\r\n\r\n",
            "a".repeat(MAX_REQUEST_LINE - 20)
        );
        assert!(head(&[fits.as_bytes()]).is_ok());
        let headers = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X-A: b\r\n".repeat(MAX_HEADERS / 8 + 1)
        );
        assert_eq!(head(&[headers.as_bytes()]), Err(Incomplete::TooLarge(431)));
        let endless = format!("GET / HTTP/1.1\r\nX-A: {}", "b".repeat(MAX_HEADERS * 4));
        assert_eq!(head(&[endless.as_bytes()]), Err(Incomplete::TooLarge(431)));
        assert_eq!(head(&[]), Err(Incomplete::Idle));
        assert_eq!(head(&[b"GET / HTTP/1.1\r\n"]), Err(Incomplete::TimedOut));
    }

    #[test]
    fn request_lines_are_checked() {
        let ok = |line: &str| parse_request_line(line.as_bytes()).ok();
        let status = |line: &str| parse_request_line(line.as_bytes()).unwrap_err().status();
        assert_eq!(
            ok("GET /a?b HTTP/1.1"),
            Some(Request {
                method: Method::Get,
                target: "/a?b".into()
            })
        );
        assert_eq!(ok("HEAD / HTTP/1.0").unwrap().method, Method::Head);
        assert_eq!(
            ok("GET http://127.0.0.1:3000/x/y HTTP/1.1").unwrap().target,
            "/x/y"
        );
        assert_eq!(
            ok("GET http://127.0.0.1:3000 HTTP/1.1").unwrap().target,
            "/"
        );
        assert_eq!(status("POST / HTTP/1.1"), 405);
        assert_eq!(
            parse_request_line(b"PUT / HTTP/1.1")
                .unwrap_err()
                .header("Allow"),
            Some("GET, HEAD")
        );
        assert_eq!(status("GET / HTTP/2.0"), 505);
        for bad in [
            "GET /",
            "GET  / HTTP/1.1",
            "GET / HTTP/1.1 x",
            "GET evil.example HTTP/1.1",
            "GET ftp://x/ HTTP/1.1",
            "GET /a\tb HTTP/1.1",
            "GET / FTP/1.0",
        ] {
            assert_eq!(status(bad), 400, "{bad}");
        }
        assert_eq!(
            parse_request_line(b"GET /\xff HTTP/1.1")
                .unwrap_err()
                .status(),
            400
        );
    }

    #[test]
    fn answers_carry_their_length_and_no_injected_headers() {
        let head = Response::text(404, "gone")
            .with_header("X-Evil", "a\r\nSet-Cookie: b")
            .head();
        assert_eq!(
            head,
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: 4\r\nConnection: close\r\n\r\n"
        );
    }
}
