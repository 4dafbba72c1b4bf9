//! `journeybook init`: a new report that passes `check`, never over an existing one.

use std::path::PathBuf;

use super::Error;

#[derive(clap::Args)]
pub struct Args {
    /// Folder to create the report in
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let created = journeybook::init::init(&args.dir).map_err(Error::Failed)?;
    for file in created.written {
        println!("created {}", args.dir.join(file).display());
    }
    for file in created.kept {
        println!("left alone {} (it exists)", args.dir.join(file).display());
    }
    println!(
        "next: journeybook serve {0} (live preview), then journeybook build {0}",
        args.dir.display()
    );
    Ok(())
}
