//! `journeybook watch`: rewrite the changed files of the build dir on every change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Instant;

use journeybook::pipeline::Session;
use journeybook::{config, output, serve, watch};

use super::{Error, plural, print, summary};

#[derive(clap::Args)]
pub struct Args {
    /// Report folder (holds book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Poll for changes instead of OS events (WSL2, network and container mounts)
    #[arg(long)]
    poll: bool,
}

/// Starts watching the report for `serve` and `watch`: batches of changed paths, and the
/// watched root they are relative to.
pub fn start(root: &Path, poll: bool) -> Result<(Receiver<Vec<PathBuf>>, PathBuf), Error> {
    let scope = watch::Scope::of_report(root);
    let watch_root = scope.root.clone();
    let changes = watch::start(scope, poll).map_err(Error::Failed)?;
    Ok((changes, watch_root))
}

/// Where `watch` writes: book.toml's `build-dir` (the default when it is broken).
fn build_dir(root: &Path) -> PathBuf {
    root.join(config::load(root).unwrap_or_default().build_dir)
}

pub fn execute(args: Args) -> Result<(), Error> {
    let root = &super::report_dir(&args.dir)?;
    super::require_book(root)?;
    let (changes, watch_root) = start(root, args.poll)?;
    let mut mirror = output::Mirror::new(&build_dir(root));
    let mut session = Session::live(root);
    let mut rebuild = |batch: &[PathBuf]| {
        let started = Instant::now();
        if batch.iter().any(|p| p.ends_with("book.toml")) {
            // `build-dir` may have moved: write the whole site to the new place.
            let moved = build_dir(root);
            if moved != mirror.out() {
                mirror = output::Mirror::new(&moved);
            }
        }
        let target = mirror.out().to_path_buf();
        let (site, found) = session.site(batch);
        print(root, &found);
        let timing = serve::timing(started, batch, &watch_root);
        let Some(site) = site else {
            eprintln!(
                "build failed: {}; {} left as it was ({timing})",
                summary(&found),
                target.display()
            );
            return;
        };
        let synced = output::check_target(root, &target)
            .and_then(|()| mirror.update(site).map_err(|e| e.to_string()));
        match synced {
            Ok(files) => eprintln!(
                "rebuilt {} in {} ({} written)",
                target.display(),
                serve::timing(started, batch, &watch_root),
                plural(files, "file")
            ),
            Err(message) => eprintln!("error: cannot write {}: {message}", target.display()),
        }
    };
    rebuild(&[]);
    eprintln!("watching {} (Ctrl-C to stop)", root.display());
    for batch in changes {
        rebuild(&batch);
    }
    Ok(())
}
