//! The arguments every schema-reading command shares, and loading them with diagnostics.

use std::path::PathBuf;

use trident_idl::{Options, Schema, collect_schema_files};

use super::CommandError;
use crate::output::{self, Format};

/// Which schemas to read.
#[derive(Debug, clap::Args)]
pub(crate) struct SchemaArgs {
    /// Schema files or folders (searched recursively for `.tri` files) [default: the current
    /// folder]
    pub(crate) paths: Vec<PathBuf>,

    /// Folder to look imports up in; may be repeated. Without it, imports are relative to
    /// the importing file
    #[arg(short = 'I', long = "include", value_name = "DIR")]
    pub(crate) include: Vec<PathBuf>,
}

/// Checks the schemas, printing their diagnostics in `format`.
pub(crate) fn load(
    args: &SchemaArgs,
    format: Format,
) -> Result<trident_idl::Checked, CommandError> {
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
    output::diagnostics(&checked, format)?;
    Ok(checked)
}

/// The checked schema, or `None` (after printing the diagnostics) when there are errors.
pub(crate) fn schema(args: &SchemaArgs) -> Result<Option<Schema>, CommandError> {
    Ok(load(args, Format::Text)?.schema)
}

/// Writes files under `dir`, creating folders as needed; returns how many were written.
pub(crate) fn write_files(
    dir: &std::path::Path,
    files: &[(PathBuf, String)],
) -> Result<usize, CommandError> {
    for (relative, text) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| CommandError(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| CommandError(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(files.len())
}
