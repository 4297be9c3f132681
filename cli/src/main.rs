//! The `trident` command-line tool: a thin layer over the Trident crates.
//!
//! `main` parses the arguments, runs the subcommand and maps its outcome to an exit status:
//! 0 when everything is fine, 1 when a schema has errors, 2 when the command could not run.

mod cmd;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
