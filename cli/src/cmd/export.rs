//! `trident export proto`: write the schemas in other schema languages.

use std::path::PathBuf;

use super::schemas::{SchemaArgs, schema, write_files};
use super::{CommandError, Outcome};

/// Export schemas for other languages' tools.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    target: Target,
}

#[derive(Debug, clap::Subcommand)]
enum Target {
    /// Protobuf (proto3): one .proto file per package, at DIR/<package path>.proto
    Proto(ExportArgs),
    /// Avro: one self-contained .avsc file per record, enum and union, at DIR/<full name>.avsc
    Avro(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    schemas: SchemaArgs,

    /// Output folder
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CommandError> {
    match &args.target {
        Target::Proto(args) => {
            let Some(schema) = schema(&args.schemas)? else {
                return Ok(Outcome::SchemaErrors);
            };
            let count = write_files(&args.out, &proto_files(&schema))?;
            eprintln!("wrote {count} .proto file(s) to {}", args.out.display());
            Ok(Outcome::Clean)
        }
        Target::Avro(args) => {
            let Some(schema) = schema(&args.schemas)? else {
                return Ok(Outcome::SchemaErrors);
            };
            let count = write_files(&args.out, &avro_files(&schema))?;
            eprintln!("wrote {count} .avsc file(s) to {}", args.out.display());
            Ok(Outcome::Clean)
        }
    }
}

/// The `.avsc` files for a schema, relative to the output folder.
pub(crate) fn avro_files(schema: &trident_idl::Schema) -> Vec<(PathBuf, String)> {
    trident_formats::avro::export(schema)
        .into_iter()
        .map(|(name, text)| (PathBuf::from(name), text))
        .collect()
}

/// The `.proto` files for a schema, relative to the output folder.
pub(crate) fn proto_files(schema: &trident_idl::Schema) -> Vec<(PathBuf, String)> {
    trident_formats::protobuf::export(schema)
        .into_iter()
        .map(|(name, text)| (PathBuf::from(name), text))
        .collect()
}
