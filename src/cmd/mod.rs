//! One module per subcommand, each an `Args` (its clap flags) and an `execute`; here what
//! they share: the error type main turns into exit codes, and how diagnostics and
//! summaries are printed.

pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod export;
pub mod generate;
pub mod import;
pub mod init;
pub mod pdf;
pub mod portfolio;
pub mod schema;
pub mod serve;
pub mod status;
pub mod watch;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

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

/// The report folder: `dir`, or the nearest folder above it that holds a book.toml (as
/// cargo and Zola find their manifest), so every command works from `content/` too. When
/// none does, `dir` itself, whose load then says that book.toml is missing. A usage error
/// when `dir` is not a folder.
pub fn report_dir(dir: &Path) -> Result<PathBuf, Error> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a folder (give the folder that holds book.toml)",
            dir.display()
        )));
    }
    if dir.join(BOOK).is_file() {
        return Ok(dir.to_path_buf());
    }
    let found = std::path::absolute(dir).ok().and_then(|absolute| {
        absolute
            .ancestors()
            .skip(1)
            .find(|folder| folder.join(BOOK).is_file())
            .map(Path::to_path_buf)
    });
    Ok(found.unwrap_or_else(|| dir.to_path_buf()))
}

/// For the commands that keep running (`serve`, `watch`): a folder without a book.toml is
/// not a report to wait on; say so as `build` does and stop.
pub fn require_book(root: &Path) -> Result<(), Error> {
    if root.join(BOOK).is_file() {
        return Ok(());
    }
    let found = journeybook::config::load(root).err().unwrap_or_default();
    print(root, &found);
    eprintln!("nothing to serve or watch: {}", summary(&found));
    Err(Error::Reported)
}

const BOOK: &str = "book.toml";

/// `--base-url`: checked as `site-url` is, a usage error (exit 2) when it is not a URL.
pub fn base_url(text: &str) -> Result<String, String> {
    journeybook::config::site_url(text)
}

/// Prints diagnostics to stderr; on a terminal each gets a source frame. Colours (errors
/// red, warnings yellow, the location bold, as rustc and cargo) follow `--color`,
/// `NO_COLOR` and whether stderr is a terminal (anstream strips them otherwise).
pub fn print(root: &Path, list: &[Diagnostic]) {
    let frames = std::io::stderr().is_terminal();
    for d in list {
        anstream::eprintln!("{}", styled(d));
        if frames
            && let Some(frame) = std::fs::read_to_string(root.join(&d.file))
                .ok()
                .and_then(|s| diagnostics::frame(d, &s))
        {
            eprintln!("{frame}");
        }
    }
}

/// `error: message`, the label styled like a diagnostic's.
pub fn error_line(message: &str) -> String {
    let red = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Red.into()));
    format!("{red}error{red:#}: {message}")
}

/// A diagnostic in the contract's form (`error: path:line:col: message`), styled.
fn styled(d: &Diagnostic) -> String {
    use anstyle::{AnsiColor, Style};
    let bold = Style::new().bold();
    let (label, style) = if d.is_error() {
        ("error", bold.fg_color(Some(AnsiColor::Red.into())))
    } else {
        ("warning", bold.fg_color(Some(AnsiColor::Yellow.into())))
    };
    let place = if d.line == 0 {
        d.file.clone()
    } else {
        format!("{}:{}:{}", d.file, d.line, d.column)
    };
    format!(
        "{style}{label}{style:#}: {bold}{place}:{bold:#} {}",
        d.message
    )
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
