//! What a command says while it works, on stderr: with `-v` one line per phase and how long
//! it took; on a terminal a progress line for long work (`build` of a large report,
//! `pdf`), redrawn in place and erased at the end. Never a progress line when stderr is
//! piped or `CI` is set: logs get no control characters and no half-drawn lines.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use journeybook::site::{Bytes, Pieces, Sink};

/// `-v`, set once by main.
static VERBOSE: AtomicBool = AtomicBool::new(false);

pub fn set_verbose(on: bool) {
    VERBOSE.store(on, Ordering::Relaxed);
}

/// Work shorter than this shows no progress line: a quick build should not flicker.
const SHOW_AFTER: Duration = Duration::from_millis(400);
/// How often the line is redrawn.
const REDRAW: Duration = Duration::from_millis(100);
/// Clears the terminal line the cursor is on.
const ERASE: &str = "\r\x1b[2K";

/// The status of one command run: `-v` lines and, on a terminal, the progress line.
pub struct Status {
    verbose: bool,
    line: Option<Line>,
}

/// The progress line: what is being done, how far, drawn by a thread of its own.
struct Line {
    shared: Arc<Shared>,
    stop: Sender<()>,
    drawer: Option<JoinHandle<()>>,
}

struct Shared {
    /// What is being done, since when, and of how many items when they are counted.
    task: Mutex<(String, Instant, Option<usize>)>,
    done: AtomicUsize,
    /// Whether something is drawn now (so it must be erased before other output).
    drawn: Mutex<bool>,
}

impl Shared {
    fn text(&self) -> String {
        let (task, started, total) = self.task.lock().unwrap().clone();
        let done = self.done.load(Ordering::Relaxed);
        let seconds = started.elapsed().as_secs();
        match total {
            Some(total) => format!("{task} {}/{total}", done.min(total)),
            // Seconds, so that a long print does not look stuck.
            None if seconds > 0 => format!("{task}… {seconds} s"),
            None => format!("{task}…"),
        }
    }

    fn draw(&self, text: &str) {
        let mut drawn = self.drawn.lock().unwrap();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{ERASE}{text}");
        let _ = err.flush();
        *drawn = true;
    }

    /// Erases the line, if drawn, and runs `then` before it can be drawn again.
    fn erased(&self, then: impl FnOnce()) {
        let mut drawn = self.drawn.lock().unwrap();
        if *drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "{ERASE}");
            let _ = err.flush();
            *drawn = false;
        }
        then();
    }
}

/// Whether a progress line may be drawn: stderr is a terminal and this is not CI.
fn on_terminal() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

impl Status {
    /// The status of a run; `quiet` (`-q`) shows no progress line.
    pub fn new(quiet: bool) -> Self {
        let line = (!quiet && on_terminal()).then(Line::start);
        Status {
            verbose: VERBOSE.load(Ordering::Relaxed),
            line,
        }
    }

    /// Starts a task of the progress line, counting `total` items when given.
    pub fn task(&self, text: &str, total: Option<usize>) {
        if let Some(line) = &self.line {
            *line.shared.task.lock().unwrap() = (text.to_string(), Instant::now(), total);
            line.shared.done.store(0, Ordering::Relaxed);
        }
    }

    /// One more item of the task done.
    pub fn tick(&self) {
        if let Some(line) = &self.line {
            line.shared.done.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// With `-v`: `phase: what in N ms`.
    pub fn phase(&self, phase: &str, what: &str, started: Instant) {
        if self.verbose {
            let ms = started.elapsed().as_millis();
            self.say(&format!("{phase}: {what} in {ms} ms"));
        }
    }

    /// Prints a line on stderr, the progress line (if any) erased first.
    fn say(&self, text: &str) {
        match &self.line {
            Some(line) => line.shared.erased(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    /// A sink that counts the pages written into `inner` on the progress line.
    pub fn counting<'a>(&'a self, inner: &'a dyn Sink) -> Counting<'a> {
        Counting {
            inner,
            status: self,
            pages: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
        }
    }
}

impl Line {
    fn start() -> Self {
        let shared = Arc::new(Shared {
            task: Mutex::new((String::new(), Instant::now(), None)),
            done: AtomicUsize::new(0),
            drawn: Mutex::new(false),
        });
        let (stop, stopped) = mpsc::channel::<()>();
        let drawer = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                if !matches!(
                    stopped.recv_timeout(SHOW_AFTER),
                    Err(RecvTimeoutError::Timeout)
                ) {
                    return;
                }
                let mut shown = String::new();
                loop {
                    let text = shared.text();
                    // Redrawn only when it changed (and again after other output erased it).
                    if !text.starts_with('…') && (text != shown || !*shared.drawn.lock().unwrap())
                    {
                        shared.draw(&text);
                        shown = text;
                    }
                    if !matches!(stopped.recv_timeout(REDRAW), Err(RecvTimeoutError::Timeout)) {
                        return;
                    }
                }
            })
        };
        Line {
            shared,
            stop,
            drawer: Some(drawer),
        }
    }
}

impl Drop for Line {
    /// Stops drawing and leaves the terminal line empty, ready for the summary.
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
        self.shared.erased(|| {});
    }
}

/// A sink that passes everything on and counts the HTML pages on the progress line.
pub struct Counting<'a> {
    inner: &'a dyn Sink,
    status: &'a Status,
    pages: AtomicUsize,
    files: AtomicUsize,
}

impl Counting<'_> {
    fn count(&self, path: &str) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if Path::new(path).extension().is_some_and(|e| e == "html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
            self.status.tick();
        }
    }

    /// "15 pages and 11 other files".
    pub fn written(&self) -> String {
        let pages = self.pages.load(Ordering::Relaxed);
        let other = self.files.load(Ordering::Relaxed) - pages;
        format!(
            "{} and {}",
            super::plural(pages, "page"),
            super::plural(other, "other file")
        )
    }
}

impl Sink for Counting<'_> {
    fn put(&self, path: String, bytes: Bytes) -> Result<(), String> {
        self.count(&path);
        self.inner.put(path, bytes)
    }

    fn open(&self, path: &str) -> Result<Box<dyn Pieces + '_>, String> {
        self.count(path);
        self.inner.open(path)
    }
}
