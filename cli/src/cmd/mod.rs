//! The subcommands, one module each, and the outcome they report.

mod breaking;
mod build;
mod check;
mod export;
mod generate;
mod import;
mod schemas;
mod size;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Trident: one schema, three wire formats (JSON, Protobuf, Avro).
#[derive(Debug, Parser)]
#[command(name = "trident", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(check::Args),
    Gen(generate::Args),
    Export(export::Args),
    Build(build::Args),
    Breaking(breaking::Args),
    Size(size::Args),
    Import(import::Args),
}

/// How a command ended, when it could run at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Nothing wrong (warnings may have been printed).
    Clean,
    /// At least one schema has an error.
    SchemaErrors,
}

impl Outcome {
    pub(crate) fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::SchemaErrors => ExitCode::from(1),
        }
    }
}

/// An error that kept a command from running (exit status 2).
#[derive(Debug)]
pub(crate) struct CommandError(String);

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<std::io::Error> for CommandError {
    fn from(error: std::io::Error) -> Self {
        CommandError(error.to_string())
    }
}

pub(crate) fn run(cli: Cli) -> Result<Outcome, CommandError> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Gen(args) => generate::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Breaking(args) => breaking::run(&args),
        Command::Size(args) => size::run(&args),
        Command::Import(args) => import::run(&args),
    }
}
