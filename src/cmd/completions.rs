//! `journeybook completions SHELL`: tab completion of commands and flags for a shell,
//! generated from the same clap definitions the parser uses (clap_complete).

use clap::CommandFactory;
use clap_complete::Shell;

use super::Error;

#[derive(clap::Args)]
pub struct Args {
    /// The shell: bash, zsh, fish, powershell or elvish
    shell: Shell,
}

/// Prints the completion script of `Cli` to stdout.
pub fn execute<Cli: CommandFactory>(args: Args) -> Result<(), Error> {
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut std::io::stdout());
    Ok(())
}
