//! `journeybook check`: load and render every page in memory, write nothing, so a broken
//! theme template fails `check` as it would fail `build`.

use std::path::PathBuf;

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
