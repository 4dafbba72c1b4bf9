//! `journeybook export`: the validated report as JSON, CSV or Mermaid, for other tools.

use std::path::PathBuf;

use clap::ValueEnum;
use journeybook::export;
use journeybook::pipeline::Session;

use super::{Error, print, summary};

#[derive(clap::Args)]
pub struct Args {
    /// Report folder (holds book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// json: every field and the computed funnels; csv: funnel numbers, one row per step;
    /// mermaid: a `journey` diagram per journey
    #[arg(long, value_enum)]
    format: Format,
    /// Write to FILE instead of stdout
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
    Mermaid,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let root = &super::report_dir(&args.dir)?;
    // Only a valid report is exported: its errors are reported as `check` does.
    let loaded = match Session::once(root).load(&[]) {
        Ok(loaded) => loaded,
        Err(found) => {
            print(root, &found);
            eprintln!("export failed: {}", summary(&found));
            return Err(Error::Reported);
        }
    };
    print(root, &loaded.warnings);
    let text = match args.format {
        Format::Json => export::json(&loaded.report),
        Format::Csv => export::csv(&loaded.report),
        Format::Mermaid => export::mermaid(&loaded.report),
    };
    match &args.out {
        Some(file) => std::fs::write(file, text)
            .map_err(|e| Error::Failed(format!("cannot write `{}`: {e}", file.display()))),
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout.write_all(text.as_bytes());
            Ok(())
        }
    }
}
