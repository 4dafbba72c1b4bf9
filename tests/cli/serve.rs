//! `journeybook serve` as a writer uses it: a real server on a free loopback port, a
//! browser-like reload channel, edits in place and by atomic rename, a broken file and its
//! fix, and requests that try to leave the site. Every wait is bounded; the server is
//! killed at the end (also when an assertion fails).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::support::{BIN, assert_same_tree, copy_dir, entries, good, journeybook, tmp, tree};

/// Upper bound for anything to happen; a passing run takes a fraction of it.
const WAIT: Duration = Duration::from_secs(10);

/// Kills the server when the test ends, however it ends.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `journeybook watch <root>`, killed when dropped, with its stderr line by line.
struct Watch {
    _process: Server,
    lines: Receiver<String>,
}

/// Starts `command` (journeybook) and hands over each line it prints, stdout and stderr
/// alike; the process is killed when the returned [`Server`] is dropped.
fn spawn_with_lines(mut command: Command, port: u16) -> (Server, Receiver<String>) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pipes: [Box<dyn Read + Send>; 2] = [
        Box::new(child.stderr.take().unwrap()),
        Box::new(child.stdout.take().unwrap()),
    ];
    let (tx, lines) = mpsc::channel();
    for pipe in pipes {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    (Server { child, port }, lines)
}

/// The lines a process prints up to and including the first that holds `needle`.
fn lines_until(rx: &Receiver<String>, needle: &str) -> Vec<String> {
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.contains(needle)) {
        match rx.recv_timeout(WAIT) {
            Ok(line) => seen.push(line),
            Err(_) => panic!("no line with `{needle}`: {seen:?}"),
        }
    }
    seen
}

impl Watch {
    fn start(root: &Path) -> Watch {
        let mut command = Command::new(BIN);
        command.args(["watch", root.to_str().unwrap()]);
        let (process, lines) = spawn_with_lines(command, 0);
        Watch {
            _process: process,
            lines,
        }
    }

    /// The next line that contains `what`; fails the test when none comes within WAIT.
    fn wait_line(&self, what: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(WAIT)
                .unwrap_or_else(|_| panic!("no `{what}` line"));
            if line.contains(what) {
                return line;
            }
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Sends `bytes` as they are and reads the whole answer; "" when the connection is refused
/// or closed without one. A server that stops reading early may cut the writing short.
fn exchange(port: u16, bytes: &[u8]) -> String {
    // Refused while the server is still starting: no answer, and the caller polls again.
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let _ = stream.write_all(bytes);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

/// The status code of a raw answer; 0 for none.
fn status_of(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A header's value in a raw answer.
fn header_of(answer: &str, name: &str) -> Option<String> {
    let head = answer.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

/// The raw answer to one HTTP/1.1 request (no client-side path normalisation).
fn answer(port: u16, method: &str, target: &str) -> String {
    exchange(
        port,
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    )
}

/// One raw HTTP/1.1 request; (status, body).
fn request(port: u16, method: &str, target: &str) -> (u16, String) {
    let text = answer(port, method, target);
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status_of(&text), body)
}

fn get(port: u16, target: &str) -> (u16, String) {
    request(port, "GET", target)
}

/// Polls until `ok` holds for the page, or panics with what was last seen.
fn wait_for(port: u16, target: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (status, body) = get(port, target);
        if status == 200 && ok(&body) {
            return body;
        }
        assert!(
            started.elapsed() < WAIT,
            "timed out waiting for {what} on {target}; last status {status}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn start(root: &Path) -> Server {
    let port = free_port();
    let child = Command::new(BIN)
        .args(["serve", root.to_str().unwrap(), "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child, port };
    wait_for(port, "/", "the first build", |_| true);
    server
}

/// Opens the reload channel like a browser's EventSource; yields each event name.
fn events(port: u16) -> Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__journeybook/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(name) = line.strip_prefix("event: ")
                && tx.send(name.to_string()).is_err()
            {
                break;
            }
        }
    });
    assert_eq!(
        rx.recv_timeout(WAIT).as_deref(),
        Ok("hello"),
        "the channel greets first"
    );
    rx
}

fn expect_event(rx: &Receiver<String>, name: &str) {
    assert_eq!(
        rx.recv_timeout(WAIT).as_deref(),
        Ok(name),
        "expected a `{name}` event"
    );
}

fn report() -> (tempfile::TempDir, PathBuf) {
    let tmp = tmp();
    let root = tmp.path().join("report");
    copy_dir(&good("minimal"), &root);
    (tmp, root)
}

/// Jane's persona file `original` with her name changed to `name`.
fn renamed(original: &str, name: &str) -> String {
    original.replacen("name: Jane Peeters", &format!("name: {name}"), 1)
}

#[test]
fn edits_are_served_and_announced() {
    let (_tmp, root) = report();
    let css = root.join("themes/default/static/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(&css, "body { color: black }").unwrap();
    let server = start(&root);
    let port = server.port;
    let rx = events(port);
    let persona = root.join("content/personas/jane.md");
    let original = std::fs::read_to_string(&persona).unwrap();

    // Saved in place.
    std::fs::write(&persona, renamed(&original, "Jane In Place")).unwrap();
    expect_event(&rx, "reload");
    wait_for(
        port,
        "/personas/jane/index.html",
        "the in-place edit",
        |b| b.contains("Jane In Place"),
    );

    // Saved by an editor that writes a temp file and renames it over the original.
    let temp = persona.with_file_name(".jane.md.swp");
    std::fs::write(&temp, renamed(&original, "Jane Renamed")).unwrap();
    std::fs::rename(&temp, &persona).unwrap();
    expect_event(&rx, "reload");
    wait_for(port, "/personas/jane/index.html", "the renamed file", |b| {
        b.contains("Jane Renamed")
    });
    let (_, overview) = get(port, "/");
    assert!(
        overview.contains("Jane Renamed"),
        "the overview follows too"
    );
    assert!(
        overview.contains("/__journeybook/events"),
        "served pages carry the reload client"
    );

    // A stylesheet change is announced as a css swap, not a reload.
    std::fs::write(&css, "body { color: rebeccapurple }").unwrap();
    expect_event(&rx, "css");
    wait_for(port, "/theme/style.css", "the new stylesheet", |b| {
        b.contains("rebeccapurple")
    });
}

#[test]
fn book_toml_moving_src_is_followed() {
    let (_tmp, root) = report();
    copy_dir(&root.join("content"), &root.join("docs"));
    let persona = root.join("docs/personas/jane.md");
    let original = std::fs::read_to_string(&persona).unwrap();
    std::fs::write(&persona, renamed(&original, "Jane From Docs")).unwrap();
    let server = start(&root);
    let port = server.port;

    let book = root.join("book.toml");
    let config = std::fs::read_to_string(&book).unwrap();
    std::fs::write(
        &book,
        config.replacen("[book]\n", "[book]\nsrc = \"docs\"\n", 1),
    )
    .unwrap();
    wait_for(port, "/personas/jane/index.html", "the new src", |b| {
        b.contains("Jane From Docs")
    });
    // Files in the new folder are watched from now on.
    std::fs::write(&persona, renamed(&original, "Jane Edited In Docs")).unwrap();
    wait_for(
        port,
        "/personas/jane/index.html",
        "an edit in the new src",
        |b| b.contains("Jane Edited In Docs"),
    );
}

#[test]
fn a_broken_file_shows_in_the_browser_and_the_fix_recovers() {
    let (_tmp, root) = report();
    let mut server = start(&root);
    let port = server.port;
    let rx = events(port);
    let journey = root.join("content/journeys/jane-chooses.yaml");
    let good = std::fs::read_to_string(&journey).unwrap();
    std::fs::write(
        &journey,
        good.replacen("stage: awareness", "stage: awarness", 1),
    )
    .unwrap();
    expect_event(&rx, "reload");
    let page = wait_for(port, "/", "the error overlay", |b| {
        b.contains("journeybook-errors")
    });
    assert!(
        page.contains("content/journeys/jane-chooses.yaml:"),
        "the overlay names file and line"
    );
    assert!(page.contains("did you mean `awareness`?"));
    let (status, persona) = get(port, "/personas/jane/index.html");
    assert_eq!(
        status, 200,
        "the last good build is still served underneath"
    );
    assert!(
        persona.contains("journeybook-errors"),
        "every page shows the problems"
    );
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server keeps running"
    );

    std::fs::write(&journey, &good).unwrap();
    expect_event(&rx, "reload");
    wait_for(port, "/", "recovery", |b| !b.contains("journeybook-errors"));
}

#[test]
fn http_basics_and_no_way_out_of_the_site() {
    let (_tmp, root) = report();
    std::fs::write(root.join("secret.txt"), "TOP SECRET").unwrap();
    let server = start(&root);
    let port = server.port;

    let (status, body) = get(port, "/personas/jane/");
    assert_eq!(status, 200);
    assert!(body.contains("<!DOCTYPE html>"));
    assert_eq!(
        get(port, "/personas/jane").0,
        301,
        "a folder without slash redirects so relative links work"
    );
    let (status, body) = get(port, "/no/such/page.html");
    assert_eq!(status, 404);
    assert!(body.contains("<!DOCTYPE html>"), "the site's 404 page");
    let (status, body) = request(port, "HEAD", "/");
    assert_eq!(status, 200);
    assert!(body.is_empty(), "HEAD has no body");
    assert_eq!(request(port, "POST", "/").0, 405);
    assert_eq!(request(port, "DELETE", "/index.html").0, 405);

    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/personas/../../secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%00",
        "/../book.toml",
    ] {
        let (status, body) = get(port, target);
        assert_ne!(status, 200, "{target} must be refused");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("[book]"),
            "{target} leaked a file"
        );
    }
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let (_tmp, root) = report();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let output = journeybook()
        .args(["serve", root.to_str().unwrap(), "-p", &port.to_string()])
        .run();
    assert_eq!(output.code, Some(1));
    let stderr = &output.stderr;
    assert!(
        stderr.contains(&format!("port {port}")) && stderr.contains("in use"),
        "{stderr}"
    );
}

#[test]
fn watch_rebuilds_the_build_dir_and_says_so() {
    let (_tmp, root) = report();
    let watch = Watch::start(&root);
    watch.wait_line("watching");
    let page = root.join("public/personas/jane/index.html");
    assert!(page.is_file(), "the first build is written");
    let persona = root.join("content/personas/jane.md");
    let text = std::fs::read_to_string(&persona).unwrap();
    std::fs::write(&persona, renamed(&text, "Jane Watched")).unwrap();
    let line = watch.wait_line("rebuilt");
    assert!(
        line.contains(" ms") && line.contains("content/personas/jane.md"),
        "one line per rebuild with its time: {line}"
    );
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("Jane Watched")
    );
    assert!(
        !std::fs::read_to_string(&page)
            .unwrap()
            .contains("__journeybook"),
        "no reload client on disk"
    );

    // book.toml moves the build dir: the next rebuild writes the whole site there, and
    // writing it there does not set off another rebuild.
    let book = root.join("book.toml");
    let config = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, format!("{config}\n[build]\nbuild-dir = \"site\"\n")).unwrap();
    let line = watch.wait_line("rebuilt");
    let site = root.join("site").display().to_string();
    assert!(
        line.contains(&site),
        "rebuilt into the new build dir: {line}"
    );
    let moved = root.join("site/personas/jane/index.html");
    assert!(
        std::fs::read_to_string(&moved)
            .unwrap()
            .contains("Jane Watched")
    );
    std::fs::write(&persona, renamed(&text, "Jane Moved")).unwrap();
    let line = watch.wait_line("rebuilt");
    assert!(line.contains("content/personas/jane.md"), "{line}");
    assert!(
        std::fs::read_to_string(&moved)
            .unwrap()
            .contains("Jane Moved")
    );
    if let Ok(line) = watch
        .lines
        .recv_timeout(std::time::Duration::from_millis(500))
    {
        panic!("a rebuild nobody asked for (its own output?): {line}");
    }
    drop(watch);
}

#[test]
fn redirects_stay_on_this_host() {
    let (_tmp, root) = report();
    // A folder of the site named like a host: `//evil.example` must not send the browser
    // there (a scheme-relative Location), only to this site's `/evil.example/`.
    let folder = root.join("static/evil.example");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("index.html"),
        "<!DOCTYPE html><title>x</title><body>a folder of the site</body>",
    )
    .unwrap();
    let server = start(&root);
    let port = server.port;
    assert_eq!(get(port, "/evil.example/").0, 200, "the folder is served");

    for target in [
        "/evil.example",
        "//evil.example",
        "///evil.example",
        "//evil.example?next=1",
        "/.//evil.example",
        "/%2fevil.example",
        "/%2F%2Fevil.example",
        "/\\evil.example",
        "/\\/evil.example",
        "//\\evil.example",
        "/%5cevil.example",
        "/%5C%5Cevil.example",
    ] {
        let answer = answer(port, "GET", target);
        let status = status_of(&answer);
        let location = header_of(&answer, "Location");
        if (300..400).contains(&status) {
            assert_eq!(
                location.as_deref(),
                Some("/evil.example/"),
                "{target} redirects within the site"
            );
        } else {
            assert!(
                location.is_none(),
                "{target}: {location:?} without a redirect"
            );
        }
        if target.contains('\\') || target.to_ascii_lowercase().contains("%5c") {
            assert_eq!(status, 400, "{target} with a backslash is refused");
        }
    }
}

#[test]
fn oversized_request_heads_are_refused() {
    let (_tmp, root) = report();
    let server = start(&root);
    let port = server.port;

    let long_line = format!(
        "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let status = status_of(&exchange(port, long_line.as_bytes()));
    assert!(
        status == 414 || status == 0,
        "a 64 KB request line gets 414 or a closed connection, got {status}"
    );
    let big_headers = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{}\r\n",
        "X-Filler: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n"
            .repeat(512)
    );
    let status = status_of(&exchange(port, big_headers.as_bytes()));
    assert!(
        status == 431 || status == 0,
        "48 KB of headers get 431 or a closed connection, got {status}"
    );
    let (status, body) = get(port, "/");
    assert_eq!(status, 200, "the server still answers");
    assert!(body.contains("<!DOCTYPE html>"));
}

/// The server process's thread count (Linux).
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn idle_connections_cannot_exhaust_the_server() {
    let (_tmp, root) = report();
    let server = start(&root);
    let port = server.port;
    let pid = server.child.id();
    let before = threads(pid);

    // Connections that never send a request. The server must neither spend a thread on
    // each nor keep the ones it has no room for waiting: those are answered (503) or closed.
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let last = idle.last().unwrap();
    last.set_read_timeout(Some(WAIT)).unwrap();
    let mut answer = Vec::new();
    let mut reader: &TcpStream = last;
    let turned_away = reader.read_to_end(&mut answer).is_ok();
    let during = threads(pid);
    assert!(
        during <= before + 100,
        "{during} threads with 300 idle connections ({before} before)"
    );
    assert!(
        turned_away,
        "a connection beyond the limit is answered or closed at once"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || status_of(&answer) == 503,
        "turned away with 503: {answer}"
    );

    drop(idle);
    wait_for(
        port,
        "/",
        "an answer after the idle connections closed",
        |b| b.contains("<!DOCTYPE html>"),
    );
    let started = Instant::now();
    while threads(pid) > before + 5 {
        assert!(
            started.elapsed() < WAIT,
            "{} threads after the idle connections closed ({before} before)",
            threads(pid)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_request_head_sent_too_slowly_is_cut_off() {
    let (_tmp, root) = report();
    let server = start(&root);
    let port = server.port;

    // A head that trickles in byte by byte and never ends: the server gives up after its
    // head timeout (10 s) with 408 or by closing, instead of waiting for ever.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    let limit = Duration::from_secs(10) + WAIT;
    let started = Instant::now();
    let mut answer = Vec::new();
    let mut sent = 0;
    let mut buffer = [0u8; 1024];
    loop {
        assert!(
            started.elapsed() < limit,
            "the connection is still open after {:?}",
            started.elapsed()
        );
        if answer.is_empty() {
            let byte = head.get(sent).copied().unwrap_or(b'a');
            if stream.write_all(&[byte]).is_err() {
                break;
            }
            sent += 1;
        }
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => break,
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || status_of(&answer) == 408,
        "cut off with 408 or by closing: {answer}"
    );
    assert_eq!(get(port, "/").0, 200, "the server still answers");
}

#[test]
fn a_replaced_content_folder_is_still_watched() {
    let (_tmp, root) = report();
    let server = start(&root);
    let port = server.port;
    let rx = events(port);

    // What a git checkout or a sync tool may do: the folder goes away and comes back.
    let content = root.join("content");
    let aside = root.join("content-aside");
    std::fs::rename(&content, &aside).unwrap();
    std::fs::rename(&aside, &content).unwrap();
    expect_event(&rx, "reload");
    // Let any rebuild of the move itself pass, so only the edit below can show the name.
    std::thread::sleep(Duration::from_millis(300));
    while rx.try_recv().is_ok() {}

    let persona = content.join("personas/jane.md");
    let original = std::fs::read_to_string(&persona).unwrap();
    std::fs::write(&persona, renamed(&original, "Jane After The Move")).unwrap();
    expect_event(&rx, "reload");
    wait_for(
        port,
        "/personas/jane/index.html",
        "the edit after the folder came back",
        |b| b.contains("Jane After The Move"),
    );
}

/// `watch` rewriting the build dir while `build` replaces it (a save hook, a second
/// terminal): they take turns, and the folder is complete after every round.
#[test]
fn watch_and_build_into_one_folder_take_turns() {
    let (tmp, root) = report();
    let watch = Watch::start(&root);
    watch.wait_line("watching");
    let persona = root.join("content/personas/jane.md");
    let original = std::fs::read_to_string(&persona).unwrap();
    let public = root.join("public");
    for trial in 0..20 {
        std::fs::write(&persona, renamed(&original, &format!("Jane Trial {trial}"))).unwrap();
        let built = journeybook().args(["build", root.to_str().unwrap()]).run();
        assert!(built.status.success(), "trial {trial}: {}", built.stderr);
        watch.wait_line("rebuilt");
        let reference = tmp.path().join(format!("reference-{trial}"));
        let fresh = journeybook()
            .args([
                "build",
                root.to_str().unwrap(),
                "-o",
                reference.to_str().unwrap(),
            ])
            .run();
        assert!(fresh.status.success());
        // The same files (and folders), with the same bytes, as a fresh build.
        assert_same_tree(
            &tree(&reference),
            &tree(&public),
            &format!("trial {trial}: the output against a fresh build"),
        );
    }
    drop(watch);
    let leftovers: Vec<String> = entries(&root)
        .into_iter()
        .filter(|n| n.contains("journeybook"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// `--open` where the desktop has no browser: one line saying what to do, none of the
/// opener's own chatter.
#[cfg(unix)]
#[test]
fn open_without_a_browser_says_one_clear_line() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, root) = report();
    let bin = tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        "#!/bin/sh\necho 'xdg-open: no method available for opening' >&2\necho chatter\nexit 3\n",
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let port = free_port();
    let mut command = Command::new(BIN);
    command
        .args([
            "serve",
            root.to_str().unwrap(),
            "-p",
            &port.to_string(),
            "--open",
        ])
        .env("PATH", path);
    let (server, rx) = spawn_with_lines(command, port);
    let mut seen = Vec::new();
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(100)) {
            seen.push(line);
        }
        if seen.iter().any(|l| l.contains("could not open a browser")) {
            break;
        }
    }
    // Anything the opener printed would have arrived by now.
    std::thread::sleep(Duration::from_millis(300));
    seen.extend(rx.try_iter());
    drop(server);
    assert!(
        seen.iter()
            .any(|l| l.contains("could not open a browser; visit http://")),
        "{seen:?}"
    );
    assert!(
        !seen
            .iter()
            .any(|l| l.contains("chatter") || l.contains("no method")),
        "{seen:?}"
    );
}

/// `-b 0.0.0.0`: the URL printed is one a browser can open, and the line after it says the
/// report is now reachable from the network.
#[test]
fn binding_every_address_prints_an_openable_url_and_says_so() {
    let (_tmp, root) = report();
    let port = free_port();
    let mut command = Command::new(BIN);
    command.args([
        "serve",
        root.to_str().unwrap(),
        "-p",
        &port.to_string(),
        "-b",
        "0.0.0.0",
    ]);
    let (server, rx) = spawn_with_lines(command, port);
    let seen = lines_until(&rx, "listening on every address");
    drop(server);
    let url = format!("at http://127.0.0.1:{port}/");
    assert!(seen.iter().any(|l| l.contains(&url)), "{seen:?}");
    assert!(!seen.iter().any(|l| l.contains("0.0.0.0:")), "{seen:?}");
    // Each network address of this machine is named, as a URL to type on another device.
    let network = seen.last().unwrap();
    let addresses: Vec<_> = if_addrs::get_if_addrs()
        .unwrap()
        .into_iter()
        .filter(|i| !i.is_loopback())
        .filter_map(|i| match i.ip() {
            std::net::IpAddr::V4(v4) if !v4.is_link_local() => Some(v4),
            _ => None,
        })
        .collect();
    for address in &addresses {
        let url = format!("http://{address}:{port}/");
        assert!(network.contains(&url), "{url} not in: {network}");
    }
    if !addresses.is_empty() {
        assert!(network.contains("reachable from your network"), "{network}");
    }
}

/// `serve -q` prints where it serves and errors only: no warnings, no build times.
#[test]
fn quiet_serve_prints_the_address_and_nothing_else() {
    let (_tmp, root) = report();
    // A count that rises is a warning.
    let journey = root.join("content/journeys/jane-chooses.yaml");
    let warned = "title: Jane chooses accounting software\npersona: jane\nstages:\n  - stage: awareness\n    count: 10\n  - stage: consideration\n    count: 20\n";
    let port = free_port();
    let mut command = Command::new(BIN);
    command.args([
        "serve",
        root.to_str().unwrap(),
        "-p",
        &port.to_string(),
        "-q",
    ]);
    let (server, rx) = spawn_with_lines(command, port);
    let mut seen = lines_until(&rx, "serving");
    // A save with a warning: nothing printed.
    std::fs::write(&journey, warned).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    seen.extend(rx.try_iter());
    drop(server);
    assert_eq!(seen.len(), 1, "{seen:?}");
}

/// Editing a CSV file that a journey reads its counts from rebuilds like editing the
/// journey (the watcher sees data/); a broken CSV shows its error, the fix recovers.
#[test]
fn editing_a_csv_rebuilds_the_journey() {
    let tmp = tmp();
    let root = tmp.path().join("report");
    copy_dir(&crate::support::fixture("periods"), &root);
    let server = start(&root);
    let port = server.port;
    let rx = events(port);
    let page = "/journeys/tom-webshop/index.html";
    wait_for(port, page, "the first build", |b| b.contains("34.600"));
    let csv = root.join("data/ga4-trechter.csv");
    let original = std::fs::read_to_string(&csv).unwrap();

    std::fs::write(
        &csv,
        original.replace(
            "2026-Q2;1. Prijspagina;mobile;21500",
            "2026-Q2;1. Prijspagina;mobile;31500",
        ),
    )
    .unwrap();
    expect_event(&rx, "reload");
    wait_for(port, page, "the edited count", |b| b.contains("44.600"));

    std::fs::write(&csv, original.replace("mobile;21500", "mobile;21.500")).unwrap();
    expect_event(&rx, "reload");
    wait_for(port, "/", "the CSV's error", |b| {
        b.contains("data/ga4-trechter.csv:12:")
    });

    std::fs::write(&csv, &original).unwrap();
    expect_event(&rx, "reload");
    wait_for(port, page, "the recovery", |b| b.contains("34.600"));
}
