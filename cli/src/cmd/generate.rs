//! `trident gen rust`: write the generated Rust code.

use std::path::PathBuf;

use trident_codegen::Options;

use super::schemas::{SchemaArgs, schema, write_files};
use super::{CommandError, Outcome};

/// Generate code from schemas.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    target: Target,
}

#[derive(Debug, clap::Subcommand)]
enum Target {
    /// Rust types with JSON and protobuf codecs (they depend on the `trident` crate)
    ///
    /// Writes a module directory: DIR/mod.rs and DIR/<package segment>/mod.rs, one module per
    /// package. Add it to a crate with `mod DIR;`, or use --single-file and `include!`.
    Rust(RustArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct RustArgs {
    #[command(flatten)]
    schemas: SchemaArgs,

    /// Output folder
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,

    /// Write the whole module tree into one file, DIR/trident.rs
    #[arg(long)]
    single_file: bool,

    /// Use BTreeMap instead of HashMap for the selected map fields ("." for all); may be repeated
    #[arg(long, value_name = "PATH")]
    btree_map: Vec<String>,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CommandError> {
    match &args.target {
        Target::Rust(args) => rust(args),
    }
}

fn rust(args: &RustArgs) -> Result<Outcome, CommandError> {
    let Some(schema) = schema(&args.schemas)? else {
        return Ok(Outcome::SchemaErrors);
    };
    let options = Options::new().btree_map(args.btree_map.iter().cloned());
    let files = write_rust(&schema, &options, args.single_file)?;
    let count = write_files(&args.out, &files)?;
    eprintln!("wrote {count} Rust file(s) to {}", args.out.display());
    Ok(Outcome::Clean)
}

/// The Rust files for a schema, relative to the output folder.
pub(crate) fn write_rust(
    schema: &trident_idl::Schema,
    options: &Options,
    single_file: bool,
) -> Result<Vec<(PathBuf, String)>, CommandError> {
    let result = if single_file {
        trident_codegen::rust_single_file(schema, options)
            .map(|code| vec![(PathBuf::from("trident.rs"), code)])
    } else {
        trident_codegen::rust_module_tree(schema, options)
    };
    result.map_err(|e| CommandError(e.to_string()))
}
