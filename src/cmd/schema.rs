//! `journeybook schema`: writes the JSON Schemas of journey files, persona front matter and
//! book.toml, for editors.

use std::path::PathBuf;

use journeybook::schema;

use super::Error;

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write journey.schema.json, persona.schema.json and book.schema.json into
    /// (made if missing)
    #[arg(
        short = 'o',
        long = "out",
        value_name = "DIR",
        default_value = "schema"
    )]
    out: PathBuf,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let files = schema::files();
    let dir = args.out;
    let failed =
        |e: std::io::Error| Error::Failed(format!("cannot write into `{}`: {e}", dir.display()));
    std::fs::create_dir_all(&dir).map_err(failed)?;
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).map_err(failed)?;
        eprintln!("wrote {}", dir.join(name).display());
    }
    Ok(())
}
