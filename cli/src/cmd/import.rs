//! `trident import`: write `.tri` files equivalent to Avro schemas (`.avsc`).

use std::path::{Path, PathBuf};

use trident_formats::import::{ImportOptions, import_avro};

use super::schemas::write_files;
use super::{CommandError, Outcome};

/// Convert Avro schemas (.avsc) to .tri files: one file per package, at DIR/<package path>.tri
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// .avsc files, or folders searched for them; files may use each other's named types
    #[arg(required = true, value_name = "SCHEMA")]
    schemas: Vec<PathBuf>,

    /// Output folder
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,

    /// The package of named types without a namespace (without it, such types are refused)
    #[arg(long = "package", value_name = "NAME")]
    package: Option<String>,
}

pub(crate) fn run(args: &Args) -> Result<Outcome, CommandError> {
    let mut paths = Vec::new();
    for path in &args.schemas {
        collect(path, &mut paths)?;
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
    let mut options = ImportOptions::new();
    if let Some(package) = &args.package {
        options = options.default_package(package.clone());
    }
    let files = import_avro(&inputs, &options).map_err(|e| CommandError(e.to_string()))?;
    let files: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|(path, text)| (PathBuf::from(path), text))
        .collect();
    let count = write_files(&args.out, &files)?;
    eprintln!("wrote {count} .tri file(s) to {}", args.out.display());
    Ok(Outcome::Clean)
}

/// A `.avsc` file, or the `.avsc` files under a folder (sorted); `.proto` input is refused.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), CommandError> {
    if path.extension().is_some_and(|e| e == "proto") {
        return Err(CommandError(format!(
            "{}: importing .proto files is not supported yet",
            path.display()
        )));
    }
    if !path.is_dir() {
        if path.extension().is_some_and(|e| e == "tri") {
            return Err(CommandError(format!(
                "{}: already a .tri file; `trident import` reads .avsc files",
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
        if entry.is_dir() || entry.extension().is_some_and(|e| e == "avsc") {
            collect(&entry, out)?;
        }
    }
    Ok(())
}
