//! `trident build`: check the schemas, then generate and export everything at once.

use std::path::PathBuf;

use trident_codegen::Options;

use super::export::{avro_files, proto_files};
use super::generate::write_rust;
use super::schemas::{SchemaArgs, schema, write_files};
use super::{CommandError, Outcome};

/// Check schemas, then write Rust code to DIR/rust, .proto files to DIR/proto and .avsc files
/// to DIR/avro.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    schemas: SchemaArgs,

    /// Output folder
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CommandError> {
    let Some(schema) = schema(&args.schemas)? else {
        return Ok(Outcome::SchemaErrors);
    };
    let rust_dir = args.out.join("rust");
    let rust = write_files(&rust_dir, &write_rust(&schema, &Options::new(), false)?)?;
    let proto_dir = args.out.join("proto");
    let proto = write_files(&proto_dir, &proto_files(&schema))?;
    let avro_dir = args.out.join("avro");
    let avro = write_files(&avro_dir, &avro_files(&schema))?;
    eprintln!(
        "checked {} schema file(s); wrote {rust} Rust file(s) to {}, {proto} .proto file(s) to {} \
         and {avro} .avsc file(s) to {}",
        schema.files().len(),
        rust_dir.display(),
        proto_dir.display(),
        avro_dir.display()
    );
    Ok(Outcome::Clean)
}
