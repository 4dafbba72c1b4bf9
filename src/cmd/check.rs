//! `journeybook check`: load and render every page in memory, write nothing, so a broken
//! theme template fails `check` as it would fail `build`.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use journeybook::diagnostics;
use journeybook::pipeline::Session;
use journeybook::site::NullSink;

use super::status::Status;
use super::{Error, counts, plural, print, summary};

#[derive(clap::Args)]
pub struct Args {
    /// Report folder (holds book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Output format of the diagnostics
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Fail (exit 1) when there are warnings too, e.g. in CI
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    /// GitHub Actions workflow commands: the run annotates the pull request
    Github,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let root = &super::report_dir(&args.dir)?;
    let mut session = Session::once(root);
    // `-v` only: a check is quick and its output may be JSON, so no progress line.
    let status = Status::new(true);
    let started = std::time::Instant::now();
    let (found, what) = match session.load(&[]) {
        Err(found) => (found, None),
        Ok(loaded) => {
            let what = counts(&loaded.report);
            let warnings = plural(loaded.warnings.len(), "warning");
            status.phase("load", &format!("{what}, {warnings}"), started);
            let rendering = std::time::Instant::now();
            let rendered = session.render(loaded, &NullSink);
            status.phase("render", "every page, checked and not written", rendering);
            match rendered {
                Ok(warnings) => (warnings, Some(what)),
                Err(found) => (found, None),
            }
        }
    };
    // With --deny-warnings a warning fails the check as an error would.
    let what = what.filter(|_| !args.deny_warnings || found.is_empty());
    match args.format {
        Format::Json => println!("{}", diagnostics::to_json(&found)),
        Format::Github => {
            print!(
                "{}",
                diagnostics::to_github(&found, |file| from_here(root, file))
            );
            eprintln!("{}", summary(&found));
        }
        Format::Text => {
            print(root, &found);
            match &what {
                Some(what) => eprintln!("ok: {what} ({})", summary(&found)),
                None if !diagnostics::has_errors(&found) => {
                    eprintln!("check failed: {} (--deny-warnings)", summary(&found))
                }
                None => eprintln!("check failed: {}", summary(&found)),
            }
        }
    }
    what.map(drop).ok_or(Error::Reported)
}

/// A report file's path from the current folder, where a CI job runs (the repository
/// root): `docs/report/content/x.yaml` for `check docs/report`, `content/x.yaml` for
/// `check` at the report root (`../book.toml` from its `content/`), with `/` between
/// folders on every platform.
fn from_here(root: &Path, file: &str) -> String {
    use std::path::Component;
    let path = root.join(file);
    let relative = match (path.is_absolute(), std::env::current_dir()) {
        (true, Ok(here)) => {
            let (there, here): (Vec<Component>, Vec<Component>) =
                (path.components().collect(), here.components().collect());
            let common = there.iter().zip(&here).take_while(|(a, b)| a == b).count();
            let mut relative = PathBuf::new();
            for _ in common..here.len() {
                relative.push("..");
            }
            relative.extend(&there[common..]);
            relative
        }
        _ => path,
    };
    let parts: Vec<String> = relative
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
