//! The `journeybook` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use journeybook::diagnostics::{self, Diagnostic};
use journeybook::{config, content, init, live, output, render, serve, site, watch};

#[derive(Parser)]
#[command(
    name = "journeybook",
    version,
    about = "Markdown personas and YAML customer journeys → a themed static report with funnel charts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the build dir (default `public/`)
    Build {
        /// Report folder (holds book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder, instead of [build] build-dir
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
    /// Build, serve on http://127.0.0.1:3000, rebuild on change and reload browsers
    Serve {
        /// Report folder (holds book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on
        #[arg(short = 'p', long, default_value_t = 3000)]
        port: u16,
        /// Address to bind (127.0.0.1 keeps the preview on this machine)
        #[arg(short = 'b', long = "bind", default_value = "127.0.0.1")]
        bind: String,
        /// Open the report in a browser
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of OS events (WSL2, network and container mounts)
        #[arg(long)]
        poll: bool,
    },
    /// Rebuild the build dir on every change, without a server
    Watch {
        /// Report folder (holds book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Poll for changes instead of OS events (WSL2, network and container mounts)
        #[arg(long)]
        poll: bool,
    },
    /// Validate the report; write nothing
    Check {
        /// Report folder (holds book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format of the diagnostics
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a synthetic report of N personas and journeys (for benchmarks)
    #[command(hide = true)]
    Generate {
        /// Folder to write the report to
        dir: PathBuf,
        #[arg(long, default_value_t = 1000)]
        personas: usize,
    },
    /// Create a new report with one example persona and journey
    Init {
        /// Folder to create the report in
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print the report's print page to a PDF through an installed Chromium
    Pdf {
        /// Report folder (holds book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// PDF file to write (default: report.pdf in the report folder)
        #[arg(short = 'o', long = "out")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Rendering allocates many short-lived strings and template values on two threads;
/// mimalloc serves those markedly faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { dir, out } => build(&dir, out.as_deref()),
        Command::Check { dir, format } => check(&dir, format),
        Command::Serve {
            dir,
            port,
            bind,
            open,
            poll,
        } => serve(&dir, &bind, port, open, poll),
        Command::Watch { dir, poll } => watch(&dir, poll),
        Command::Generate { dir, personas } => {
            match journeybook::generate::write_report(&dir, personas) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", dir.display());
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir } => match init::init(&dir) {
            Ok(written) => {
                for file in written {
                    println!("created {}", dir.join(file).display());
                }
                println!("next: journeybook build {}", dir.display());
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(1)
            }
        },
        Command::Pdf { dir, out } => {
            let root = match report_dir(&dir) {
                Ok(r) => r,
                Err(code) => return code,
            };
            let out = out.unwrap_or_else(|| journeybook::pdf::default_out(root));
            match journeybook::pdf::export(root, &out) {
                Ok(done) => {
                    print(root, &done.warnings);
                    let pages = done
                        .pages
                        .map_or_else(String::new, |n| format!(" ({n} pages)"));
                    eprintln!("wrote {}{pages}", done.path.display());
                    ExitCode::SUCCESS
                }
                Err(journeybook::pdf::Failure::Content(found)) => {
                    print(root, &found);
                    eprintln!("pdf failed: {}", summary(&found));
                    ExitCode::from(1)
                }
                Err(journeybook::pdf::Failure::Other(message)) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// The report folder, or a usage error (exit 2) when it is not a folder.
fn report_dir(dir: &Path) -> Result<&Path, ExitCode> {
    if dir.is_dir() {
        Ok(dir)
    } else {
        eprintln!(
            "error: `{}` is not a folder (give the folder that holds book.toml)",
            dir.display()
        );
        Err(ExitCode::from(2))
    }
}

/// Prints diagnostics to stderr; on a terminal each gets a source frame.
fn print(root: &Path, list: &[Diagnostic]) {
    let frames = std::io::stderr().is_terminal();
    for d in list {
        eprintln!("{d}");
        if frames
            && let Some(frame) = std::fs::read_to_string(root.join(&d.file))
                .ok()
                .and_then(|s| diagnostics::frame(d, &s))
        {
            eprintln!("{frame}");
        }
    }
}

/// "1 error", "2 errors".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn summary(list: &[Diagnostic]) -> String {
    let errors = list.iter().filter(|d| d.is_error()).count();
    let warnings = list.len() - errors;
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn check(dir: &Path, format: Format) -> ExitCode {
    let root = match report_dir(dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let loaded = content::load(root);
    let mut found = loaded.diagnostics;
    // Valid content still fails to build on a broken theme: render every page, write none.
    let report = loaded
        .report
        .filter(|report| match render::render(report, &site::NullSink) {
            Ok(()) => true,
            Err(mut errors) => {
                found.append(&mut errors);
                diagnostics::sort(&mut found);
                false
            }
        });
    match format {
        Format::Json => println!("{}", diagnostics::to_json(&found)),
        Format::Text => {
            print(root, &found);
            if let Some(report) = &report {
                eprintln!("ok: {} ({})", counts(report), summary(&found));
            } else {
                eprintln!("check failed: {}", summary(&found));
            }
        }
    }
    if report.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn build(dir: &Path, out: Option<&Path>) -> ExitCode {
    let root = match report_dir(dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let started = Instant::now();
    let loaded = content::load(root);
    print(root, &loaded.diagnostics);
    let Some(report) = loaded.report else {
        eprintln!(
            "build failed: {}; the previous output was left as it was",
            summary(&loaded.diagnostics)
        );
        return ExitCode::from(1);
    };
    let target = out.map_or_else(|| root.join(&report.config.build_dir), Path::to_path_buf);
    if let Err(message) = output::check_target(root, &target) {
        eprintln!("error: {message}");
        return ExitCode::from(1);
    }
    match output::build(&report, &target) {
        Ok(()) => {
            eprintln!(
                "built {} into {} in {} ms",
                counts(&report),
                target.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(output::Failure::Content(found)) => {
            print(root, &found);
            eprintln!(
                "build failed: {}; the previous output was left as it was",
                summary(&found)
            );
            ExitCode::from(1)
        }
        Err(output::Failure::Io(e)) => {
            eprintln!("error: cannot write {}: {e}", target.display());
            ExitCode::from(1)
        }
    }
}

fn counts(report: &journeybook::model::Report) -> String {
    format!(
        "{}, {}, {}",
        plural(report.personas.len(), "persona"),
        plural(report.journeys.len(), "journey"),
        plural(report.pages.len(), "page")
    )
}

/// Where `watch` writes: book.toml's `build-dir` (the default when it is broken).
fn build_dir(root: &Path) -> PathBuf {
    root.join(config::load(root).unwrap_or_default().build_dir)
}

/// Starts watching the report for `serve` and `watch`: batches of changed paths, and the
/// watched root they are relative to.
fn start_watch(
    root: &Path,
    poll: bool,
) -> Result<(std::sync::mpsc::Receiver<Vec<PathBuf>>, PathBuf), ExitCode> {
    let scope = watch::Scope::of_report(root);
    let watch_root = scope.root.clone();
    match watch::start(scope, poll) {
        Ok(changes) => Ok((changes, watch_root)),
        Err(message) => {
            eprintln!("error: {message}");
            Err(ExitCode::from(1))
        }
    }
}

fn serve(dir: &Path, bind: &str, port: u16, open: bool, poll: bool) -> ExitCode {
    let root = match report_dir(dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (server, address) = match serve::bind(bind, port) {
        Ok(bound) => bound,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let started = Instant::now();
    let mut session = live::Session::new(root);
    let (site, found) = session.site(&[]);
    print(root, &found);
    if site.is_some() {
        eprintln!("built in {} ms", started.elapsed().as_millis());
    } else {
        eprintln!(
            "build failed: {}; the browser shows the problems until they are fixed",
            summary(&found)
        );
    }
    let hub = serve::Hub::new(site, found);
    let (changes, watch_root) = match start_watch(root, poll) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let url = format!("http://{address}/");
    eprintln!("serving {} at {url} (Ctrl-C to stop)", root.display());
    if open {
        serve::open_browser(&url);
    }
    let http_hub = hub.clone();
    std::thread::spawn(move || serve::run(server, http_hub));
    for batch in changes {
        let started = Instant::now();
        let (site, found) = session.site(&batch);
        print(root, &found);
        let ok = site.is_some();
        hub.publish(site, found.clone(), serve::change_kind(&batch));
        let timing = serve::timing(started, &batch, &watch_root);
        if ok {
            eprintln!("rebuilt in {timing}");
        } else {
            eprintln!(
                "build failed: {}; serving the last good build ({timing})",
                summary(&found)
            );
        }
    }
    ExitCode::SUCCESS
}

fn watch(dir: &Path, poll: bool) -> ExitCode {
    let root = match report_dir(dir) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (changes, watch_root) = match start_watch(root, poll) {
        Ok(started) => started,
        Err(code) => return code,
    };
    let mut mirror = output::Mirror::new(&build_dir(root));
    let mut session = live::Session::new(root);
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
            Ok(files) => {
                eprintln!(
                    "rebuilt {} in {} ({} written)",
                    target.display(),
                    serve::timing(started, batch, &watch_root),
                    plural(files, "file")
                );
            }
            Err(message) => {
                eprintln!("error: cannot write {}: {message}", target.display());
            }
        }
    };
    rebuild(&[]);
    eprintln!("watching {} (Ctrl-C to stop)", root.display());
    for batch in changes {
        rebuild(&batch);
    }
    ExitCode::SUCCESS
}
