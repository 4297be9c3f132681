//! `trident check`: parse and validate schemas, report every problem.

use std::path::PathBuf;

use trident_idl::{Options, collect_schema_files};

use super::{CommandError, Outcome};
use crate::output::{self, Format};

/// Check schema files for errors and report every problem found.
///
/// Folders are searched recursively for `.tri` files. Exit status: 0 when there are no
/// errors (warnings allowed), 1 when a schema has an error, 2 when the command could not run.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Schema files or folders to check [default: the current folder]
    paths: Vec<PathBuf>,

    /// Folder to look imports up in; may be repeated. Without it, imports are relative to
    /// the importing file
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include: Vec<PathBuf>,

    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Text)]
    output: Format,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CommandError> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for dir in &args.include {
        if !dir.is_dir() {
            return Err(CommandError(format!(
                "include folder {} does not exist",
                dir.display()
            )));
        }
    }
    let files = collect_schema_files(&trident_idl::OsFileSystem, &paths)?;
    if files.is_empty() {
        return Err(CommandError(format!(
            "no .tri files found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut options = Options::new();
    for dir in &args.include {
        options = options.include_root(dir);
    }
    let checked = trident_idl::check_paths(&files, &options);
    output::diagnostics(&checked, args.output)?;
    Ok(if checked.diagnostics.has_errors() {
        Outcome::SchemaErrors
    } else {
        Outcome::Clean
    })
}
