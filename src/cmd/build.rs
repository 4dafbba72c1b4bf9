//! `journeybook build`: the site into the build dir, replaced only when complete.

use std::path::{Path, PathBuf};
use std::time::Instant;

use journeybook::diagnostics::Diagnostic;
use journeybook::output;
use journeybook::pipeline::Session;

use super::status::Status;
use super::{Error, counts, plural, print, summary};

#[derive(clap::Args)]
pub struct Args {
    /// Report folder (holds book.toml)
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Output folder, instead of [build] build-dir
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
    /// Publish at this URL instead of [output.html] site-url (sitemap, canonical links,
    /// 404 page), e.g. for a preview deploy
    #[arg(long = "base-url", value_name = "URL", value_parser = super::base_url)]
    base_url: Option<String>,
    /// Print only errors: nothing when the build succeeds
    #[arg(short, long)]
    quiet: bool,
    /// Fail (exit 1) on warnings too, leaving the previous output as it was
    #[arg(long)]
    deny_warnings: bool,
}

pub fn execute(args: Args) -> Result<(), Error> {
    let root = &super::report_dir(&args.dir)?;
    let started = Instant::now();
    let status = Status::new(args.quiet);
    status.task("loading the report", None);
    let mut session = Session::once(root).with_site_url(args.base_url.clone());
    // With --quiet only errors are printed.
    let shown = |found: Vec<Diagnostic>| -> Vec<Diagnostic> {
        found
            .into_iter()
            .filter(|d| !args.quiet || d.is_error())
            .collect()
    };
    let loaded = session
        .load(&[])
        .map_err(|found| failed(root, &shown(found)))?;
    if args.deny_warnings && !loaded.warnings.is_empty() {
        print(root, &loaded.warnings);
        eprintln!(
            "build failed: {} (--deny-warnings); the previous output was left as it was",
            summary(&loaded.warnings)
        );
        return Err(Error::Reported);
    }
    let what = counts(&loaded.report);
    status.phase(
        "load",
        &format!("{what}, {}", plural(loaded.warnings.len(), "warning")),
        started,
    );
    if !args.quiet {
        print(root, &loaded.warnings);
    }
    let printed = loaded.warnings.clone();
    let target = args
        .out
        .unwrap_or_else(|| root.join(&loaded.report.config.build_dir));
    output::check_target(root, &target).map_err(Error::Failed)?;
    status.task("rendering pages", Some(pages(&loaded.report)));
    let rendering = Instant::now();
    let mut written = None;
    let replaced = output::replace(&target, |sink| {
        let counting = status.counting(sink);
        let rendered = session.render(loaded, &counting).map(drop);
        written = Some((counting.written(), Instant::now()));
        rendered
    });
    if let (Ok(()), Some((files, writing))) = (&replaced, written) {
        status.phase("render", &files, rendering);
        status.phase("write", &format!("{} replaced", target.display()), writing);
    }
    drop(status);
    match replaced {
        Ok(()) if args.quiet => Ok(()),
        Ok(()) => {
            eprintln!(
                "built {what} into {} in {} ms",
                target.display(),
                started.elapsed().as_millis()
            );
            Ok(())
        }
        // The warnings were printed already; the render's problems follow.
        Err(output::Failure::Content(all)) => {
            let new: Vec<_> = all.into_iter().filter(|d| !printed.contains(d)).collect();
            Err(failed(root, &shown(new)))
        }
        Err(output::Failure::Io(e)) => Err(Error::Failed(format!(
            "cannot write {}: {e}",
            target.display()
        ))),
    }
}

/// The HTML pages a build writes: one per persona, journey and free page, the overview,
/// the 404 page and the print page (when on). Only for the progress line's total.
fn pages(report: &journeybook::model::Report) -> usize {
    report.personas.len()
        + report.journeys.len()
        + report.pages.len()
        + 2
        + usize::from(report.config.print)
}

/// Prints the problems of a failed build and says the output was left alone.
fn failed(root: &Path, found: &[Diagnostic]) -> Error {
    print(root, found);
    eprintln!(
        "build failed: {}; the previous output was left as it was",
        summary(found)
    );
    Error::Reported
}
