//! `trident check`: parse and validate schemas, report every problem.

use super::schemas::{SchemaArgs, load};
use super::{CommandError, Outcome};
use crate::output::Format;

/// Check schema files for errors and report every problem found.
///
/// Folders are searched recursively for `.tri` files. Exit status: 0 when there are no
/// errors (warnings allowed), 1 when a schema has an error, 2 when the command could not run.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    schemas: SchemaArgs,

    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = Format::Text)]
    output: Format,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CommandError> {
    let checked = load(&args.schemas, args.output)?;
    Ok(if checked.diagnostics.has_errors() {
        Outcome::SchemaErrors
    } else {
        Outcome::Clean
    })
}
