//! The browser that prints: finding an installed Chromium (or Google Chrome) and having it
//! print a page from disk to PDF, within a time limit.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Names the Chromium to use, as a path or a command on PATH.
pub const CHROMIUM_ENV: &str = "JOURNEYBOOK_CHROMIUM";

/// Commands looked up on PATH, in order.
const COMMANDS: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Where the usual installers put a browser that is not on PATH.
const INSTALLED: [&str; 2] = [
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/// How long Chromium may take to print before it is stopped.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Finds the browser: `JOURNEYBOOK_CHROMIUM` when set, else the first of chromium,
/// chromium-browser, google-chrome and google-chrome-stable on PATH.
pub fn find_chromium() -> Result<PathBuf, String> {
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    if let Some(chosen) = std::env::var_os(CHROMIUM_ENV).filter(|v| !v.is_empty()) {
        let chosen = PathBuf::from(chosen);
        let found = if chosen.components().count() > 1 {
            is_executable(&chosen).then(|| chosen.clone())
        } else {
            on_path(&chosen.to_string_lossy(), &path_var)
        };
        return found.ok_or_else(|| {
            format!(
                "{CHROMIUM_ENV} is set to `{}`, which is not an executable program",
                chosen.display()
            )
        });
    }
    COMMANDS
        .iter()
        .find_map(|name| on_path(name, &path_var))
        .or_else(|| {
            INSTALLED
                .iter()
                .map(PathBuf::from)
                .find(|p| is_executable(p))
        })
        .ok_or_else(|| {
            format!(
                "`journeybook pdf` needs Chromium or Google Chrome, and none was found \
                 (looked for {} on PATH); install one (Debian/Ubuntu: `apt-get install chromium`) \
                 or set {CHROMIUM_ENV} to the browser's path",
                COMMANDS.join(", ")
            )
        })
}

fn on_path(name: &str, path_var: &std::ffi::OsStr) -> Option<PathBuf> {
    std::env::split_paths(path_var)
        .flat_map(|dir| {
            let plain = dir.join(name);
            let exe = dir.join(format!("{name}.exe"));
            [plain, exe]
        })
        .find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Runs headless Chromium on the page `html`, writing the PDF to `pdf`.
pub(super) fn print_to_pdf(
    chromium: &Path,
    html: &Path,
    pdf: &Path,
    tmp: &Path,
) -> Result<(), String> {
    let log_path = tmp.join("chromium.log");
    let log = fs::File::create(&log_path).map_err(|e| format!("cannot create a log file: {e}"))?;
    let mut child = Command::new(chromium)
        .arg("--headless")
        .arg("--no-sandbox")
        .arg("--disable-gpu")
        .arg("--disable-dev-shm-usage")
        .arg("--disable-background-networking")
        .arg("--disable-extensions")
        .arg("--no-first-run")
        .arg("--no-default-browser-check")
        .arg("--no-pdf-header-footer")
        // A desktop-sized window: the page picks its wide charts (<picture> sources chosen
        // for narrow screens stay out of print).
        .arg("--window-size=1400,1000")
        .arg(format!("--user-data-dir={}", tmp.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(html))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{} did not finish printing within {} s and was stopped",
                    chromium.display(),
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(format!("cannot wait for {}: {e}", chromium.display())),
        }
    };
    let written = fs::read(pdf).is_ok_and(|b| b.starts_with(b"%PDF"));
    if status.success() && written {
        return Ok(());
    }
    let log = fs::read_to_string(&log_path).unwrap_or_default();
    let tail: Vec<&str> = log.lines().rev().take(8).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(format!(
        "{} could not print the report ({}){}{}",
        chromium.display(),
        if written {
            status.to_string()
        } else {
            format!("{status}, no PDF written")
        },
        if tail.is_empty() { "" } else { ":\n" },
        tail.join("\n")
    ))
}

/// A `file://` URL for an absolute path, percent-encoding what a URL path cannot hold.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/'); // a Windows drive: file:///C:/...
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/my report/print/index.html")),
            "file:///tmp/my%20report/print/index.html"
        );
        assert_eq!(
            file_url(Path::new("/tmp/rapport#1/ü.html")),
            "file:///tmp/rapport%231/%C3%BC.html"
        );
    }
}
