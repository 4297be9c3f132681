//! `trident import`: write `.tri` files equivalent to Avro schemas (`.avsc`) or protobuf schemas
//! (`.proto`).

use std::path::{Path, PathBuf};

use trident_formats::import::{ImportOptions, import_avro, import_proto};

use super::schemas::write_files;
use super::{CommandError, Outcome};
use crate::output::text_style;

/// Convert Avro schemas (.avsc) or protobuf schemas (.proto) to .tri files: one file per
/// package, at DIR/<package path>.tri
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// .avsc or .proto files, or folders searched for them; files may use each other's types
    #[arg(required = true, value_name = "SCHEMA")]
    schemas: Vec<PathBuf>,

    /// Output folder
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,

    /// The package of named types without a namespace, or of .proto files without a package
    /// (without it, such types are refused)
    #[arg(long = "package", value_name = "NAME")]
    package: Option<String>,

    /// Folder to look .proto imports up in; may be repeated
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    include: Vec<PathBuf>,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CommandError> {
    let mut options = ImportOptions::new();
    if let Some(package) = &args.package {
        options = options.default_package(package.clone());
    }
    let mut paths = Vec::new();
    for path in &args.schemas {
        collect(path, &mut paths)?;
    }
    let protos = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "proto"))
        .count();
    if protos > 0 {
        if protos < paths.len() {
            return Err(CommandError(
                "give either .avsc or .proto files, not both".to_string(),
            ));
        }
        let set = trident_compat::compile_proto(&args.schemas, &args.include, text_style())
            .map_err(CommandError)?;
        let imported = import_proto(&set, &options).map_err(|e| CommandError(e.to_string()))?;
        for note in &imported.notes {
            eprintln!("note: {note}");
        }
        return write(&args.out, imported.files);
    }
    let mut sources = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CommandError(format!("cannot read {}: {e}", path.display())))?;
        sources.push((path.display().to_string(), text));
    }
    let inputs: Vec<(&str, &str)> = sources
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let files = import_avro(&inputs, &options).map_err(|e| CommandError(e.to_string()))?;
    write(&args.out, files)
}

fn write(out: &Path, files: Vec<(String, String)>) -> Result<Outcome, CommandError> {
    let files: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|(path, text)| (PathBuf::from(path), text))
        .collect();
    let count = write_files(out, &files)?;
    eprintln!("wrote {count} .tri file(s) to {}", out.display());
    Ok(Outcome::Clean)
}

/// A `.avsc` or `.proto` file, or the `.avsc` and `.proto` files under a folder (sorted).
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), CommandError> {
    if !path.is_dir() {
        if path.extension().is_some_and(|e| e == "tri") {
            return Err(CommandError(format!(
                "{}: already a .tri file; `trident import` reads .avsc and .proto files",
                path.display()
            )));
        }
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| CommandError(format!("cannot read {}: {e}", path.display())))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        if entry.is_dir()
            || entry
                .extension()
                .is_some_and(|e| e == "avsc" || e == "proto")
        {
            collect(&entry, out)?;
        }
    }
    Ok(())
}
