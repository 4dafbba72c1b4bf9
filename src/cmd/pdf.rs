//! `journeybook pdf`: the print page as a PDF, through an installed Chromium.

use std::cell::RefCell;
use std::path::PathBuf;
use std::time::Instant;

use journeybook::pdf::{self, Phase};

use super::status::Status;
use super::{Error, print, summary};

#[derive(clap::Args)]
pub struct Args {
    /// Report folder (holds book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// PDF file to write (default: report.pdf in the report folder)
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let root = &super::report_dir(&args.dir)?;
    let out = args.out.unwrap_or_else(|| pdf::default_out(root));
    let status = Status::new(false);
    // The phase under way and when it started, for `-v`.
    let current: RefCell<Option<(Phase, Instant)>> = RefCell::new(None);
    let finish_phase = || {
        if let Some((phase, started)) = current.borrow_mut().take() {
            status.phase(verb(phase), "done", started);
        }
    };
    let exported = pdf::export(root, &out, &|phase| {
        finish_phase();
        status.task(&task(phase), None);
        *current.borrow_mut() = Some((phase, Instant::now()));
    });
    if exported.is_ok() {
        finish_phase();
    }
    drop(status);
    match exported {
        Ok(done) => {
            print(root, &done.warnings);
            eprintln!("wrote {} ({} pages)", done.path.display(), done.pages);
            Ok(())
        }
        Err(pdf::Failure::Content(found)) => {
            print(root, &found);
            eprintln!("pdf failed: {}", summary(&found));
            Err(Error::Reported)
        }
        Err(pdf::Failure::Other(message)) => Err(Error::Failed(message)),
    }
}

/// The progress line of a phase: the second print is the usual last one.
fn task(phase: Phase) -> String {
    match phase {
        Phase::Building => "building the report".into(),
        Phase::Printing(pass) => format!("printing {pass}/{}", pass.max(2)),
        Phase::Writing => "writing the outline and the PDF".into(),
    }
}

/// A phase's name on its `-v` line.
fn verb(phase: Phase) -> &'static str {
    match phase {
        Phase::Building => "build",
        Phase::Printing(1) => "print 1",
        Phase::Printing(2) => "print 2",
        Phase::Printing(_) => "print 3",
        Phase::Writing => "write",
    }
}
