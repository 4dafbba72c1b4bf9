//! `journeybook generate` (hidden): a synthetic report of N personas, for benchmarks.

use std::path::PathBuf;

use super::Error;

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write the report to
    dir: PathBuf,
    #[arg(long, default_value_t = 1000)]
    personas: usize,
}

pub fn execute(args: Args) -> Result<(), Error> {
    journeybook::generate::write_report(&args.dir, args.personas)
        .map_err(|e| Error::Failed(format!("cannot write {}: {e}", args.dir.display())))?;
    eprintln!(
        "wrote a report of {0} personas and {0} journeys into {1}",
        args.personas,
        args.dir.display()
    );
    Ok(())
}
