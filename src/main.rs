//! The `journeybook` command line: clap parses, one module per subcommand runs it
//! ([`cmd`]), and errors become exit codes in exactly one place, here.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// Rendering allocates many short-lived strings and template values on two threads;
/// mimalloc serves those markedly faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "journeybook",
    version,
    about = "Markdown personas and YAML customer journeys → a themed static report with funnel charts"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Colour in diagnostics: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Say what was done and how long each phase took (load, render, write), on stderr
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the build dir (default `public/`)
    Build(cmd::build::Args),
    /// Build, serve on http://127.0.0.1:3000, rebuild on change and reload browsers
    Serve(cmd::serve::Args),
    /// Rebuild the build dir on every change, without a server
    Watch(cmd::watch::Args),
    /// Validate the report; write nothing
    Check(cmd::check::Args),
    /// Write a synthetic report of N personas and journeys (for benchmarks)
    #[command(hide = true)]
    Generate(cmd::generate::Args),
    /// What changed between two versions of a report (folders or git revisions)
    Diff(cmd::diff::Args),
    /// The report and its funnel numbers as JSON, CSV or Mermaid, for other tools
    Export(cmd::export::Args),
    /// A journey file from another tool's diagram (Mermaid `journey`)
    Import(cmd::import::Args),
    /// Create a new report with one example persona and journey
    Init(cmd::init::Args),
    /// Print the report's print page to a PDF through an installed Chromium
    Pdf(cmd::pdf::Args),
    /// Build every report below a folder side by side, with an index of them
    Portfolio(cmd::portfolio::Args),
    /// Write JSON Schemas of journey files, persona front matter and book.toml, for editors
    Schema(cmd::schema::Args),
    /// Print shell completions (bash, zsh, fish, powershell, elvish)
    Completions(cmd::completions::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    anstream::ColorChoice::write_global(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    cmd::status::set_verbose(cli.verbose);
    let result = match cli.command {
        Command::Build(args) => cmd::build::execute(args),
        Command::Serve(args) => cmd::serve::execute(args),
        Command::Watch(args) => cmd::watch::execute(args),
        Command::Check(args) => cmd::check::execute(args),
        Command::Generate(args) => cmd::generate::execute(args),
        Command::Diff(args) => cmd::diff::execute(args),
        Command::Export(args) => cmd::export::execute(args),
        Command::Import(args) => cmd::import::execute(args),
        Command::Init(args) => cmd::init::execute(args),
        Command::Pdf(args) => cmd::pdf::execute(args),
        Command::Portfolio(args) => cmd::portfolio::execute(args),
        Command::Schema(args) => cmd::schema::execute(args),
        Command::Completions(args) => cmd::completions::execute::<Cli>(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(cmd::Error::Reported) => ExitCode::from(1),
        Err(cmd::Error::Failed(message)) => {
            anstream::eprintln!("{}", cmd::error_line(&message));
            ExitCode::from(1)
        }
        Err(cmd::Error::Usage(message)) => {
            anstream::eprintln!("{}", cmd::error_line(&message));
            ExitCode::from(2)
        }
    }
}
