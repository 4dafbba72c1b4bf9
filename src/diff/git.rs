//! A report as it was at a git revision, read through the installed `git` (`ls-tree` and
//! one `cat-file --batch`) into a temporary folder, so the work tree and the index are never
//! touched. The installed git rather than the `gix` crate: every machine that has the
//! repository has git, it knows every revision syntax (`main`, `HEAD~1`, `v1.2`,
//! `origin/main`), and it adds no large dependency to build.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A folder that is removed when dropped.
pub struct Checkout {
    pub root: PathBuf,
    base: PathBuf,
}

impl Drop for Checkout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

/// Writes the files of `report` (a report folder inside a git work tree) as they are at
/// `revision` into a new temporary folder; Err says why not (not a repository, unknown
/// revision, no report there).
pub fn checkout(report: &Path, revision: &str) -> Result<Checkout, String> {
    let report = std::path::absolute(report).map_err(|e| e.to_string())?;
    let prefix = git(&report, &["rev-parse", "--show-prefix"])
        .map_err(|e| format!("`{revision}` is not a folder, and {e}"))?;
    let prefix = prefix.trim_end_matches('\n').to_string();
    let commit = git(
        &report,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{revision}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        format!("`{revision}` is neither a folder nor a git revision of this repository")
    })?;
    let commit = commit.trim().to_string();
    let listing = git(
        &report,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            &commit,
            "--",
            &prefix_arg(&prefix),
        ],
    )
    .map_err(|e| format!("cannot list `{revision}`: {e}"))?;
    let mut blobs = Vec::new();
    for entry in listing.split('\0').filter(|e| !e.is_empty()) {
        // `<mode> <type> <object>\t<path>`; links and submodules are left out.
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        if fields.len() == 3 && fields[1] == "blob" && fields[0] != "120000" {
            let relative = path.strip_prefix(prefix.as_str()).unwrap_or(path);
            blobs.push((fields[2].to_string(), relative.to_string()));
        }
    }
    if !blobs.iter().any(|(_, path)| path == "book.toml") {
        return Err(format!(
            "`{revision}` has no report at `{}`: no book.toml there",
            display_prefix(&prefix)
        ));
    }
    let base = temp_folder();
    let root = base.join("report");
    let checkout = Checkout {
        root: root.clone(),
        base,
    };
    write_blobs(&report, &blobs, &root)?;
    Ok(checkout)
}

/// `git ls-tree` wants the folder itself, or `.` at the top.
fn prefix_arg(prefix: &str) -> String {
    if prefix.is_empty() {
        ".".to_string()
    } else {
        prefix.to_string()
    }
}

fn display_prefix(prefix: &str) -> &str {
    if prefix.is_empty() {
        "the repository's top"
    } else {
        prefix.trim_end_matches('/')
    }
}

/// Reads every blob with one `git cat-file --batch` and writes it below `root`.
fn write_blobs(dir: &Path, blobs: &[(String, String)], root: &Path) -> Result<(), String> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let requests: String = blobs
        .iter()
        .map(|(object, _)| format!("{object}\n"))
        .collect();
    // Written from a thread so a large answer cannot block the requests.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(requests.as_bytes());
    });
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut result = Ok(());
    for (_, path) in blobs {
        let mut header = String::new();
        if out.read_line(&mut header).map_err(|e| e.to_string())? == 0 {
            result = Err("git cat-file stopped early".to_string());
            break;
        }
        let size: usize = header
            .split(' ')
            .nth(2)
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| format!("unexpected git answer `{}`", header.trim()))?;
        let mut bytes = vec![0; size + 1];
        out.read_exact(&mut bytes).map_err(|e| e.to_string())?;
        bytes.pop();
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
    }
    let _ = writer.join();
    let _ = child.wait();
    result
}

/// Runs git in `dir`; its stdout, or its stderr's first line as the error.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim_start_matches("fatal: ")
            .to_string())
    }
}

/// A new, empty, private temporary folder.
fn temp_folder() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("journeybook-diff-{}-{n}", std::process::id()));
        if std::fs::create_dir(&dir).is_ok() {
            return dir;
        }
    }
}
