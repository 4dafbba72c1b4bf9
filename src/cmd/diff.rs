//! `journeybook diff`: what changed between two versions of a report (folders or git
//! revisions), as text, markdown or JSON.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use journeybook::diagnostics::Diagnostic;
use journeybook::diff::{self, format, git};
use journeybook::model::Report;
use journeybook::pipeline::Session;

use super::{Error, summary};

#[derive(clap::Args)]
pub struct Args {
    /// The old version: a report folder, or a git revision of the repository holding the
    /// report (`main`, `HEAD~1`, a tag)
    old: String,
    /// The new version, likewise [default: the report as it is on disk]
    new: Option<String>,
    /// Report folder, for git revisions and the default NEW
    #[arg(short = 'C', long = "dir", default_value = ".")]
    dir: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit 1 when anything changed (as `git diff --exit-code`)
    #[arg(long)]
    exit_code: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    /// For a pull-request comment: a table per journey
    Markdown,
    /// For tools
    Json,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let dir = super::report_dir(&args.dir)?;
    let old = side("old", &args.old, &dir)?;
    let new = match &args.new {
        Some(new) => side("new", new, &dir)?,
        None => Side::load("new (on disk)", dir.clone(), None)?,
    };
    let (Some(a), Some(b)) = (&old.report, &new.report) else {
        return Err(Error::Reported);
    };
    let diff = diff::compare(a, b);
    print!(
        "{}",
        match args.format {
            Format::Text => format::text(&diff),
            Format::Markdown => format::markdown(&diff),
            Format::Json => format::json(&diff),
        }
    );
    if args.exit_code && !diff.is_empty() {
        return Err(Error::Reported);
    }
    Ok(())
}

/// One side of the diff, loaded (its temporary checkout lives as long as it).
struct Side {
    report: Option<Report>,
    _checkout: Option<git::Checkout>,
}

impl Side {
    /// Loads the report at `root`; content errors are printed with the side's name.
    fn load(name: &str, root: PathBuf, checkout: Option<git::Checkout>) -> Result<Side, Error> {
        match Session::once(&root).load(&[]) {
            Ok(loaded) => Ok(Side {
                report: Some(loaded.report),
                _checkout: checkout,
            }),
            Err(found) => {
                print_side(name, &found);
                eprintln!("{name} has errors: {}", summary(&found));
                Ok(Side {
                    report: None,
                    _checkout: checkout,
                })
            }
        }
    }
}

/// `what` as a folder when it is one, else as a git revision of the report's repository.
fn side(name: &str, what: &str, dir: &Path) -> Result<Side, Error> {
    let path = Path::new(what);
    if path.is_dir() {
        let root = super::report_dir(path)?;
        return Side::load(&format!("{name} ({what})"), root, None);
    }
    let checkout = git::checkout(dir, what).map_err(Error::Usage)?;
    let root = checkout.root.clone();
    Side::load(&format!("{name} ({what})"), root, Some(checkout))
}

/// Diagnostics of one side, each naming it: `error: old (main): content/x.yaml:3:1: ...`.
fn print_side(name: &str, found: &[Diagnostic]) {
    for d in found {
        let text = d.to_string();
        let (label, rest) = text.split_once(": ").unwrap_or(("error", &text));
        anstream::eprintln!("{label}: {name}: {rest}");
    }
}
