//! Trident's schema front end: parses `.tri` files, resolves names, validates, and produces the
//! checked [`Schema`] that code generation, the exporters and the compatibility checker consume.
//!
//! ```
//! let checked = trident_idl::check_source(
//!     "shop.tri",
//!     "package acme.shop;\nrecord Order { id @1: string; }\n",
//! );
//! assert!(checked.diagnostics.is_empty());
//! let schema = checked.schema.unwrap();
//! assert_eq!(schema.lookup("acme.shop.Order").unwrap().name, "Order");
//! ```
//!
//! The pipeline is load (read and parse every file and its imports) → resolve (symbol table and
//! type names) → validate (one module per family of checks) → lower (to the model). Every pass
//! reports into one [`Diagnostics`] list and keeps going, so one run reports every problem it
//! can find; the model is produced only when there are no errors.

pub mod ast;
mod diagnostics;
mod fs;
mod loader;
mod lower;
pub mod model;
mod parser;
pub mod protobuf_names;
mod render;
mod resolve;
mod source;
mod validate;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use diagnostics::{Code, Diagnostic, DiagnosticRecord, Diagnostics, Label, Severity};
pub use fs::{FileSystem, MemoryFileSystem, OsFileSystem, collect_schema_files};
pub use model::Schema;
pub use render::{
    RenderStyle, ReportSeverity, TextLabel, TextReport, render, render_diagnostic, render_reports,
};
pub use source::{FileId, LineCol, SourceFile, SourceMap, Span, Spanned};

/// Settings for a run of the front end.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// Folders import paths are looked up in, in order. When empty, each import is looked up
    /// relative to the folder of the file that imports it.
    pub include_roots: Vec<PathBuf>,
}

impl Options {
    /// Default settings: no include roots.
    pub fn new() -> Options {
        Options::default()
    }

    /// Adds an include root.
    pub fn include_root(mut self, root: impl Into<PathBuf>) -> Options {
        self.include_roots.push(root.into());
        self
    }
}

/// The result of checking a set of schema files.
#[derive(Debug)]
pub struct Checked {
    /// Every file that was read.
    pub sources: Arc<SourceMap>,
    /// Every error and warning, in source order.
    pub diagnostics: Diagnostics,
    /// The checked model; `None` when there are errors.
    pub schema: Option<Schema>,
}

/// Checks the given files and everything they import, reading through `fs`.
pub fn check(fs: &dyn FileSystem, inputs: &[PathBuf], options: &Options) -> Checked {
    let mut diagnostics = Diagnostics::new();
    let mut loaded = loader::load(fs, inputs, &options.include_roots, &mut diagnostics);
    let resolution = resolve::resolve(&loaded, &mut diagnostics);
    validate::validate(&loaded, &resolution, &mut diagnostics);
    diagnostics.sort();
    // Lowering reads only the syntax trees, so the source text can move into the result.
    let sources = Arc::new(std::mem::take(&mut loaded.sources));
    let schema = if diagnostics.has_errors() {
        None
    } else {
        lower::lower(&loaded, &resolution, Arc::clone(&sources))
    };
    Checked {
        sources,
        diagnostics,
        schema,
    }
}

/// Checks files on disk.
pub fn check_paths(inputs: &[PathBuf], options: &Options) -> Checked {
    check(&OsFileSystem, inputs, options)
}

/// Checks one file given as text (imports are looked up nowhere and reported as missing).
pub fn check_source(path: impl AsRef<Path>, text: &str) -> Checked {
    let fs = MemoryFileSystem::new().with(path.as_ref(), text);
    check(&fs, &[path.as_ref().to_path_buf()], &Options::new())
}
