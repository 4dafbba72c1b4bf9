//! `journeybook import mermaid`: a Mermaid `journey` diagram as a journey file.

use std::path::PathBuf;

use journeybook::config::{self, Config};
use journeybook::import;

use super::{Error, print, summary};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    from: From,
}

#[derive(clap::Subcommand)]
enum From {
    /// A Mermaid `journey` diagram: sections become stages, scores emotions, tasks actions
    Mermaid(Mermaid),
}

#[derive(clap::Args)]
struct Mermaid {
    /// The diagram (.mmd, or a file holding only the diagram)
    file: PathBuf,
    /// The persona id the journey belongs to
    #[arg(long)]
    persona: String,
    /// Stage model id [default: the report's default model]
    #[arg(long)]
    model: Option<String>,
    /// Write the journey file here instead of stdout
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Report folder whose book.toml gives the models and language
    #[arg(short = 'C', long = "dir", default_value = ".")]
    dir: PathBuf,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let From::Mermaid(args) = args.from;
    let root = super::report_dir(&args.dir)?;
    // Outside a report, the built-in models and English.
    let config = if root.join("book.toml").is_file() {
        config::load(&root).map_err(|found| {
            print(&root, &found);
            eprintln!("import failed: {}", summary(&found));
            Error::Reported
        })?
    } else {
        Config::default()
    };
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| Error::Failed(format!("cannot read `{}`: {e}", args.file.display())))?;
    let file = args.file.display().to_string();
    let stem = args
        .file
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    let target = import::Target {
        file: &file,
        persona: &args.persona,
        model: args.model.as_deref(),
        config: &config,
        fallback_title: &stem,
    };
    let yaml = import::mermaid(&text, &target).map_err(|found| {
        print(std::path::Path::new("."), &found);
        eprintln!("import failed: {}", summary(&found));
        Error::Reported
    })?;
    match &args.out {
        Some(out) => std::fs::write(out, yaml)
            .map_err(|e| Error::Failed(format!("cannot write `{}`: {e}", out.display()))),
        None => {
            print!("{yaml}");
            Ok(())
        }
    }
}
