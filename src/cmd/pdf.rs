//! `journeybook pdf`: the print page as a PDF, through an installed Chromium.

use std::path::PathBuf;

use journeybook::pdf;

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
    match pdf::export(root, &out) {
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
