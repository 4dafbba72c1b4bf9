//! One module per subcommand, each an `Args` (its clap flags) and an `execute`; here what
//! they share: the error type main turns into exit codes, and how diagnostics and
//! summaries are printed.

pub mod build;
pub mod check;
pub mod generate;
pub mod init;
pub mod pdf;
pub mod serve;
pub mod watch;

use std::io::IsTerminal;
use std::path::Path;

use journeybook::diagnostics::{self, Diagnostic};
use journeybook::model::Report;

/// Why a command failed; main maps each kind to its exit status.
pub enum Error {
    /// Content or configuration problems, already printed with a summary (exit 1).
    Reported,
    /// A problem outside the content: disk, browser, port (exit 1).
    Failed(String),
    /// Wrong usage (exit 2).
    Usage(String),
}

/// The report folder, or a usage error when it is not a folder.
pub fn report_dir(dir: &Path) -> Result<&Path, Error> {
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(Error::Usage(format!(
            "`{}` is not a folder (give the folder that holds book.toml)",
            dir.display()
        )))
    }
}

/// Prints diagnostics to stderr; on a terminal each gets a source frame.
pub fn print(root: &Path, list: &[Diagnostic]) {
    let frames = std::io::stderr().is_terminal();
    for d in list {
        eprintln!("{d}");
        if frames
            && let Some(frame) = std::fs::read_to_string(root.join(&d.file))
                .ok()
                .and_then(|s| diagnostics::frame(d, &s))
        {
            eprintln!("{frame}");
        }
    }
}

/// "1 error", "2 errors".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// "2 errors, 1 warning".
pub fn summary(list: &[Diagnostic]) -> String {
    let errors = list.iter().filter(|d| d.is_error()).count();
    let warnings = list.len() - errors;
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// "5 personas, 5 journeys, 2 pages".
pub fn counts(report: &Report) -> String {
    format!(
        "{}, {}, {}",
        plural(report.personas.len(), "persona"),
        plural(report.journeys.len(), "journey"),
        plural(report.pages.len(), "page")
    )
}
