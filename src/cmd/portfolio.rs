//! `journeybook portfolio`: every report below a folder, built side by side with an index.

use std::path::PathBuf;
use std::time::Instant;

use journeybook::portfolio;

use super::{Error, plural, print, summary};

#[derive(clap::Args)]
pub struct Args {
    /// Folder holding the reports (each in a folder of its own, with a book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Output folder: each report goes into OUT/<its folder>/ [default: DIR/public]
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
    /// Print only errors
    #[arg(short, long)]
    quiet: bool,
}

pub fn execute(args: Args) -> Result<(), Error> {
    if !args.dir.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a folder",
            args.dir.display()
        )));
    }
    let out = args.out.unwrap_or_else(|| args.dir.join("public"));
    let started = Instant::now();
    if portfolio::find_reports(&args.dir, &out).is_empty() {
        return Err(Error::Failed(format!(
            "no reports below `{}`: a report is a folder with a book.toml",
            args.dir.display()
        )));
    }
    let outcome = portfolio::build(&args.dir, &out);
    let shown: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| !args.quiet || d.is_error())
        .cloned()
        .collect();
    print(&args.dir, &shown);
    let total = outcome.entries.len();
    let failed = outcome.failed();
    if failed > 0 {
        eprintln!(
            "portfolio: {} of {} failed ({}); a report that failed keeps its previous output; index in {}",
            failed,
            plural(total, "report"),
            summary(&outcome.diagnostics),
            out.join("index.html").display()
        );
        return Err(Error::Reported);
    }
    if !args.quiet {
        eprintln!(
            "built {} into {} in {} ms",
            plural(total, "report"),
            out.display(),
            started.elapsed().as_millis()
        );
    }
    Ok(())
}
