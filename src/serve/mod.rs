//! `journeybook serve`: the last good build served from memory over HTTP, rebuilt on every
//! change, with browsers told to reload only after the new site is in place.
//!
//! The reload channel is Server-Sent Events on `/__journeybook/events`; the small client
//! script is injected into served HTML only, never into `build` output. While a file is
//! broken, every page shows the diagnostics over the last good build.
//!
//! The HTTP side is [`http`], a small server bounded against slow, idle and oversized
//! requests.

pub mod http;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use http::{Connection, Method, Request, Response, Server};

use crate::diagnostics::Diagnostic;
use crate::site::Site;

pub(crate) const EVENTS_PATH: &str = "/__journeybook/events";
/// A comment is sent on a quiet reload stream this often, so proxies and browsers keep it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How often a quiet reload stream checks whether its browser went away (a reloading tab
/// closes its stream): a closed stream gives its connection back within this time.
const PEER_CHECK: Duration = Duration::from_millis(500);

/// What browsers are told after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: swap them without losing the scroll position.
    Css,
}

/// The published state: the last good site, the problems of the last build, a generation.
struct State {
    site: Arc<Site>,
    errors: Arc<Vec<Diagnostic>>,
    generation: u64,
    change: Change,
}

/// Shared between the HTTP threads and the rebuild loop.
pub struct Hub {
    state: Mutex<State>,
    changed: Condvar,
    /// Differs per server start, so reconnecting browsers reload after a restart.
    instance: u64,
}

impl Hub {
    pub fn new(site: Option<Site>, errors: Vec<Diagnostic>) -> Arc<Self> {
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Arc::new(Hub {
            state: Mutex::new(State {
                site: Arc::new(site.unwrap_or_default()),
                errors: Arc::new(errors),
                generation: 0,
                change: Change::Reload,
            }),
            changed: Condvar::new(),
            instance,
        })
    }

    /// Publishes a rebuild: a new site (None keeps the last good one) and its problems;
    /// then wakes the reload channel. Warnings alone do not show an overlay.
    pub fn publish(&self, site: Option<Site>, diagnostics: Vec<Diagnostic>, change: Change) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let failed = site.is_none();
        // The old site is freed after browsers are told, not while they wait.
        let mut old = None;
        if let Some(site) = site {
            old = Some(std::mem::replace(&mut state.site, Arc::new(site)));
        }
        let errors: Vec<Diagnostic> = if failed { diagnostics } else { Vec::new() };
        state.errors = Arc::new(errors);
        state.generation += 1;
        state.change = if failed { Change::Reload } else { change };
        drop(state);
        self.changed.notify_all();
        drop(old);
    }

    fn snapshot(&self) -> (Arc<Site>, Arc<Vec<Diagnostic>>, u64, Change) {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (
            state.site.clone(),
            state.errors.clone(),
            state.generation,
            state.change,
        )
    }
}

/// Binds the server; a busy port is an error that names it.
pub fn bind(addr: &str, port: u16) -> Result<(Server, SocketAddr), String> {
    let address = format!("{addr}:{port}");
    let socket: SocketAddr = address
        .parse()
        .or_else(|_| format!("[{addr}]:{port}").parse())
        .map_err(|_| format!("`{addr}` is not an IP address to bind to"))?;
    match Server::bind(socket) {
        Ok(server) => {
            let bound = server.local_addr().unwrap_or(socket);
            Ok((server, bound))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(format!(
            "port {port} on {addr} is already in use: stop the other server or pick another port with -p"
        )),
        Err(e) => Err(format!("cannot listen on {address}: {e}")),
    }
}

/// Answers requests until the process ends (see [`http`] for the limits).
pub fn run(server: Server, hub: Arc<Hub>) {
    server.run(move |request, connection| handle(request, connection, &hub));
}

fn handle(request: &Request, connection: &mut Connection, hub: &Hub) {
    if request.target.split('?').next() == Some(EVENTS_PATH) {
        events(request, connection, hub);
        return;
    }
    let _ = connection.respond(&answer(&request.target, hub));
}

/// The answer to a GET of `target` (HEAD leaves out the body).
fn answer(target: &str, hub: &Hub) -> Response {
    let (site, errors, _, _) = hub.snapshot();
    match resolve(target) {
        Err(400) => Response::text(400, "bad request"),
        Err(status) => Response::text(status, "not found"),
        Ok(path) => match site.files.get(&path) {
            Some(content) => file_response(&path, &content.bytes(), &errors, 200),
            None if site.files.contains_key(&format!("{path}/index.html")) => {
                Response::new(301, Vec::new()).with_header("Location", folder_location(&path))
            }
            None => {
                let page = site.files.get("404.html").map_or_else(
                    || b"<!DOCTYPE html><title>404</title><body>not found</body>".to_vec(),
                    |c| c.bytes().into_owned(),
                );
                file_response("404.html", &page, &errors, 404)
            }
        },
    }
}

/// Where a folder asked for without its slash is: built from the resolved site path, never
/// from the request, so it is always a path on this host (`//host/` would leave it).
fn folder_location(path: &str) -> String {
    let mut location = String::from("/");
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            location.push(byte as char);
        } else {
            location.push_str(&format!("%{byte:02X}"));
        }
    }
    location.push('/');
    location
}

fn file_response(path: &str, bytes: &[u8], errors: &[Diagnostic], status: u16) -> Response {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        inject(bytes, errors)
    } else {
        bytes.to_vec()
    };
    Response::new(status, body)
        .with_header("Content-Type", kind)
        .with_header("Cache-Control", "no-store")
}

/// The SSE stream: a `hello` with the current version, then one event per rebuild. It
/// holds one of the server's connections until the browser closes it.
fn events(request: &Request, connection: &mut Connection, hub: &Hub) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if connection.send(head.as_bytes()).is_err() || request.method == Method::Head {
        return;
    }
    let (_, _, mut seen, _) = hub.snapshot();
    let hello = format!("retry: 500\nevent: hello\ndata: {}\n\n", hub.instance);
    if connection.send(hello.as_bytes()).is_err() {
        return;
    }
    let mut last_sent = Instant::now();
    loop {
        let state = hub.state.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = hub
            .changed
            .wait_timeout_while(state, PEER_CHECK, |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        let message = if state.generation != seen {
            seen = state.generation;
            let name = if state.change == Change::Css {
                "css"
            } else {
                "reload"
            };
            Some(format!("event: {name}\ndata: {seen}\n\n"))
        } else if last_sent.elapsed() >= KEEP_ALIVE {
            Some(": keep-alive\n\n".to_string())
        } else {
            None
        };
        drop(state);
        match message {
            Some(message) => {
                if connection.send(message.as_bytes()).is_err() {
                    return;
                }
                last_sent = Instant::now();
            }
            None if connection.peer_gone() => return,
            None => {}
        }
    }
}

/// The reload client: reloads on `reload`, swaps stylesheets on `css`, and reloads after
/// reconnecting to a restarted server (its `hello` carries a new instance id).
const CLIENT: &str = r#"<script>(function(){var seen=null;function connect(){var es=new EventSource("/__journeybook/events");es.addEventListener("hello",function(e){if(seen!==null&&seen!==e.data){location.reload();}seen=e.data;});es.addEventListener("reload",function(){location.reload();});es.addEventListener("css",function(){document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){var u=new URL(l.href);u.searchParams.set("v",Date.now());l.href=u.href;});});es.onerror=function(){es.close();setTimeout(connect,500);};}connect();})();</script>"#;

/// Adds the reload client, and the diagnostics overlay while the report has errors.
fn inject(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut addition = String::new();
    if !errors.is_empty() {
        addition.push_str(&overlay(errors));
    }
    addition.push_str(CLIENT);
    match text.rfind("</body>") {
        Some(i) => format!("{}{}{}", &text[..i], addition, &text[i..]).into_bytes(),
        None => format!("{text}{addition}").into_bytes(),
    }
}

fn overlay(errors: &[Diagnostic]) -> String {
    let items: String = errors
        .iter()
        .map(|d| format!("<li>{}</li>", escape(&d.to_string())))
        .collect();
    format!(
        "<div id=\"journeybook-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
background:rgba(20,20,24,.94);color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem\">\
<h2 style=\"color:#ff8f8f;margin:0 0 1rem;font:bold 18px system-ui,sans-serif\">journeybook: the report has {} error{}, showing the last good build underneath</h2>\
<ul style=\"margin:0;padding-left:1.2rem\">{items}</ul>\
<p style=\"color:#bbb;font-family:system-ui,sans-serif\">Fix the file and save: this page reloads by itself.</p></div>",
        errors.iter().filter(|d| d.is_error()).count(),
        if errors.iter().filter(|d| d.is_error()).count() == 1 {
            ""
        } else {
            "s"
        }
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Maps a request URL to a site path; 400 for malformed or escaping paths, 404 for
/// hidden ones. `..` (also percent-encoded) and backslashes never reach beyond the site.
pub fn resolve(url: &str) -> Result<String, u16> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path).ok_or(400u16)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(400);
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(400),
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if decoded.ends_with('/') || joined.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Ok(joined)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Which reload a batch of changed paths needs: stylesheets alone can be swapped.
pub fn change_kind(paths: &[PathBuf]) -> Change {
    let css_only = !paths.is_empty()
        && paths.iter().all(|p| {
            p.extension().is_some_and(|e| e == "css")
                && p.components()
                    .any(|c| c.as_os_str() == "static" || c.as_os_str() == "themes")
        });
    if css_only {
        Change::Css
    } else {
        Change::Reload
    }
}

/// Opens a URL in the desktop's browser, best effort.
pub fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    // The opener's own chatter (xdg-open prints several lines when it finds no browser)
    // is dropped: one line says what to do instead.
    let started = std::process::Command::new(command)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let url = url.to_string();
    match started {
        Err(_) => eprintln!("could not open a browser; visit {url}"),
        Ok(mut child) => {
            std::thread::spawn(move || {
                if !child.wait().is_ok_and(|status| status.success()) {
                    eprintln!("could not open a browser; visit {url}");
                }
            });
        }
    }
}

/// A one-line timing summary of a rebuild.
pub fn timing(started: Instant, changed: &[PathBuf], root: &Path) -> String {
    let names: Vec<String> = changed
        .iter()
        .take(3)
        .map(|p| {
            p.strip_prefix(root)
                .map_or_else(|_| p.display().to_string(), crate::paths::slash)
        })
        .collect();
    let more = if changed.len() > 3 {
        format!(" and {} more", changed.len() - 3)
    } else {
        String::new()
    };
    let ms = started.elapsed().as_millis();
    if names.is_empty() {
        format!("{ms} ms")
    } else {
        format!("{ms} ms after {}{more}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_site() {
        assert_eq!(resolve("/"), Ok("index.html".into()));
        assert_eq!(
            resolve("/personas/jane/"),
            Ok("personas/jane/index.html".into())
        );
        assert_eq!(
            resolve("/theme/style.css?v=3"),
            Ok("theme/style.css".into())
        );
        assert_eq!(resolve("/a%20b.svg"), Ok("a b.svg".into()));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/secret",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fx",
            "/a\\..\\b",
            "/%5c..%5cb",
            "/%zz",
            "/%00",
        ] {
            assert!(resolve(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn redirects_stay_on_this_host() {
        for (target, location) in [
            ("/personas/jane", "/personas/jane/"),
            ("//evil.example", "/evil.example/"),
            ("///evil.example?x", "/evil.example/"),
            ("/%2f%2fevil.example", "/evil.example/"),
            ("/a%20b/c%3fd%23e%25", "/a%20b/c%3Fd%23e%25/"),
            ("/%0d%0aSet-Cookie:x", "/%0D%0ASet-Cookie:x/"),
            ("/caf%C3%A9", "/caf%C3%A9/"),
        ] {
            let path = resolve(target).unwrap();
            assert_eq!(folder_location(&path), location, "{target}");
        }
    }

    #[test]
    fn the_client_goes_into_html_only_and_errors_are_escaped() {
        let html = inject(b"<html><body><p>x</p></body></html>", &[]);
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("EventSource"));
        assert!(text.ends_with("</script></body></html>"));
        let errors = [Diagnostic::error("a.yaml", 1, 2, "bad <script>")];
        let text = String::from_utf8(inject(b"<body></body>", &errors)).unwrap();
        assert!(text.contains("a.yaml:1:2: bad &lt;script&gt;"));
    }

    #[test]
    fn css_changes_are_told_apart() {
        assert_eq!(
            change_kind(&[PathBuf::from("/r/themes/default/static/style.css")]),
            Change::Css
        );
        assert_eq!(
            change_kind(&[PathBuf::from("/r/content/personas/jane.md")]),
            Change::Reload
        );
        assert_eq!(change_kind(&[]), Change::Reload);
    }
}
