//! Trident's code generation: Rust types for a checked schema, and the `build.rs` API.
//!
//! From a build script:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), trident_codegen::Error> {
//!     trident_codegen::Builder::new()
//!         .schema("schemas/shop.tri")
//!         .include("schemas")
//!         .compile()
//! }
//! ```
//!
//! and in the crate, one line brings in the whole module tree:
//!
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/trident.rs"));
//! ```
//!
//! The generated code depends on the `trident` runtime crate.

mod build;
mod names;
mod options;
mod output;
mod rust;

use std::path::PathBuf;

pub use build::Builder;
pub use options::Options;
use trident_idl::Schema;

/// Why code generation failed.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The schemas have errors; the text holds the rendered diagnostics.
    #[error("the schemas have errors:\n\n{0}")]
    Schema(String),
    /// An option could not be used.
    #[error(transparent)]
    Codegen(#[from] CodegenError),
    /// Reading or writing a file failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Debug shows the message, so that `build.rs` failures (`?` or `unwrap`) print the rendered
/// diagnostics rather than a struct dump.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// A problem with the generation options.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodegenError {
    /// An option's value is not valid.
    #[error("invalid {option} `{value}`: {reason}")]
    InvalidOption {
        /// The option.
        option: &'static str,
        /// The value given.
        value: String,
        /// Why it is not valid.
        reason: String,
    },
    /// Generated code did not parse; a bug in Trident.
    #[error("internal error: generated code does not parse: {0}")]
    Internal(String),
}

/// Rust source for every package of `schema`, as one file holding the module tree.
pub fn rust_single_file(schema: &Schema, options: &Options) -> Result<String, CodegenError> {
    let packages = rust::generate(schema, options)?;
    output::single_file(packages, &source_names(schema))
}

/// Rust source for every package of `schema`, as a module directory: `mod.rs` and
/// `<segment>/mod.rs` files (relative paths).
pub fn rust_module_tree(
    schema: &Schema,
    options: &Options,
) -> Result<Vec<(PathBuf, String)>, CodegenError> {
    let packages = rust::generate(schema, options)?;
    output::module_tree(packages, &source_names(schema))
}

fn source_names(schema: &Schema) -> Vec<String> {
    schema
        .files()
        .iter()
        .map(|f| {
            schema
                .sources()
                .file(f.id)
                .path()
                .display()
                .to_string()
                .replace('\\', "/")
        })
        .collect()
}
