//! What every test module shares: where the fixtures are, one way to run the binary (or any
//! program) with a hang guard, temporary copies of reports, and whole folders read into
//! memory to compare. A helper that a second module needs moves here.

pub mod html;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------
// Where things are
// ---------------------------------------------------------------------------------------

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_journeybook");

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/`.
pub fn fixtures() -> PathBuf {
    manifest_dir().join("tests/fixtures")
}

/// A report under `tests/fixtures/render/` (rendered by the build and browser tests).
pub fn fixture(name: &str) -> PathBuf {
    fixtures().join("render").join(name)
}

/// A report under `tests/fixtures/broken/` (one defect each).
pub fn broken(name: &str) -> PathBuf {
    fixtures().join("broken").join(name)
}

/// A report under `tests/fixtures/good/`.
pub fn good(name: &str) -> PathBuf {
    fixtures().join("good").join(name)
}

// ---------------------------------------------------------------------------------------
// Running programs
// ---------------------------------------------------------------------------------------

/// A run of `journeybook` that takes longer than this is killed and fails the test (a
/// hang guard, not a timing assertion: most runs take milliseconds).
pub const HANG_GUARD: Duration = Duration::from_secs(60);

/// A finished run: its status and its output as text.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.status.success()
    }

    /// The lines of stderr that start with `label`.
    pub fn lines(&self, label: &str) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with(label))
            .collect()
    }

    pub fn errors(&self) -> Vec<&str> {
        self.lines("error:")
    }

    pub fn warnings(&self) -> Vec<&str> {
        self.lines("warning:")
    }
}

/// Runs `command` with no stdin, reading its output; kills it and fails the test when it
/// runs longer than `limit`, so no test waits for ever.
pub fn run_within(command: &mut Command, limit: Duration) -> Run {
    let what = format!("{command:?}");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what} did not finish within {} s and was killed",
                limit.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Run {
        status,
        code: status.code(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// `journeybook` with arguments, environment and a hang guard, built up like a `Command`.
pub struct Journeybook {
    command: Command,
    limit: Duration,
}

/// The binary under test, with `NO_COLOR=1` and the default [`HANG_GUARD`].
pub fn journeybook() -> Journeybook {
    let mut command = Command::new(BIN);
    command.env("NO_COLOR", "1");
    Journeybook {
        command,
        limit: HANG_GUARD,
    }
}

impl Journeybook {
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Self {
        self.command.env_remove(key);
        self
    }

    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// Another hang guard than [`HANG_GUARD`].
    pub fn within(mut self, limit: Duration) -> Self {
        self.limit = limit;
        self
    }

    /// Runs it; fails the test on a hang or a panic.
    pub fn run(mut self) -> Run {
        let shown: Vec<_> = self
            .command
            .get_args()
            .map(OsStr::to_string_lossy)
            .collect();
        let shown = format!("journeybook {shown:?}");
        let run = run_within(&mut self.command, self.limit);
        assert!(
            !run.stderr.contains("panicked") && !run.stdout.contains("panicked"),
            "{shown} panicked:\n{}",
            run.stderr
        );
        run
    }
}

/// `journeybook <args>`, with the defaults of [`journeybook`].
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    journeybook().args(args).run()
}

/// `journeybook build <dir> -o <out>`.
pub fn build(dir: &Path, out: &Path) -> Run {
    run([
        OsStr::new("build"),
        dir.as_os_str(),
        OsStr::new("-o"),
        out.as_os_str(),
    ])
}

/// Builds and insists on success; returns the built tree.
pub fn build_ok(dir: &Path, out: &Path) -> Tree {
    let output = build(dir, out);
    assert!(
        output.success(),
        "build of {} failed with {:?}:\n{}",
        dir.display(),
        output.code,
        output.stderr
    );
    tree(out)
}

// ---------------------------------------------------------------------------------------
// Temporary reports
// ---------------------------------------------------------------------------------------

pub fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("journeybook-test-")
        .tempdir()
        .unwrap()
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies a report under `tests/fixtures/render/` into `tmp/<name>` and returns that folder.
pub fn fixture_copy(name: &str, tmp: &Path) -> PathBuf {
    let to = tmp.join(name);
    copy_dir(&fixture(name), &to);
    to
}

/// The repository's example report (book.toml, content/, data/, static/), copied to `to`, so
/// concurrent edits of the working tree cannot change the input halfway through a test.
/// The repo's own `themes/default/` is the built-in theme itself, so leaving it out changes
/// nothing.
pub fn example_copy(to: &Path) -> PathBuf {
    fs::create_dir_all(to).unwrap();
    fs::copy(manifest_dir().join("book.toml"), to.join("book.toml")).unwrap();
    copy_dir(&manifest_dir().join("content"), &to.join("content"));
    copy_dir(&manifest_dir().join("data"), &to.join("data"));
    copy_dir(&manifest_dir().join("static"), &to.join("static"));
    to.to_path_buf()
}

/// Writes `root/rel`, creating its folders.
pub fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Replaces `from` by `to` in a file, insisting that `from` is there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let old = fs::read_to_string(path).unwrap();
    assert!(
        old.contains(from),
        "{} does not contain `{from}`",
        path.display()
    );
    fs::write(path, old.replacen(from, to, 1)).unwrap();
}

// ---------------------------------------------------------------------------------------
// Folders in memory
// ---------------------------------------------------------------------------------------

/// A whole folder: relative path (with `/`) → bytes. Folders are listed as `path/` → empty,
/// so an empty folder left behind also counts as a difference.
pub type Tree = BTreeMap<String, Vec<u8>>;

pub fn tree(dir: &Path) -> Tree {
    fn walk(base: &Path, dir: &Path, out: &mut Tree) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if entry.file_type().unwrap().is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(base, &path, out);
            } else {
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = Tree::new();
    walk(dir, dir, &mut out);
    out
}

/// The files of a tree (its folders left out).
pub fn files_of(tree: &Tree) -> BTreeSet<&str> {
    tree.keys()
        .filter(|k| !k.ends_with('/'))
        .map(String::as_str)
        .collect()
}

/// A file of a tree as text.
pub fn text<'t>(tree: &'t Tree, path: &str) -> &'t str {
    let bytes = tree
        .get(path)
        .unwrap_or_else(|| panic!("{path} is missing; the build holds {:?}", files_of(tree)));
    std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8"))
}

pub fn assert_same_tree(a: &Tree, b: &Tree, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: different file lists"
    );
    let differing: Vec<_> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        differing.is_empty(),
        "{what}: different bytes in {differing:?}"
    );
}

/// Names of the entries of a folder, sorted (to spot stray staging folders).
pub fn entries(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}
