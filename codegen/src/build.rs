//! The `build.rs` API, in the style of prost-build: name the schemas and include roots, adjust
//! the options, and `compile` writes the generated module tree into `OUT_DIR`.

use std::path::{Path, PathBuf};

use trident_idl::{OsFileSystem, RenderStyle, Severity};

use crate::{Error, Options};

/// Generates Rust code from schemas in a build script.
///
/// `compile` checks the schemas and every file they import, prints `cargo:rerun-if-changed`
/// for each of them (so the build reruns when any schema changes), writes the whole module tree
/// to `$OUT_DIR/trident.rs`, and fails with the rendered diagnostics when a schema has errors.
/// No `protoc` or other tool is needed.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    schemas: Vec<PathBuf>,
    includes: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    options: Options,
    emit_rerun: bool,
}

impl Builder {
    /// A builder with no schemas and default options.
    pub fn new() -> Builder {
        Builder {
            emit_rerun: true,
            ..Builder::default()
        }
    }

    /// Adds a schema file, or a folder whose `.tri` files are all used.
    pub fn schema(mut self, path: impl Into<PathBuf>) -> Builder {
        self.schemas.push(path.into());
        self
    }

    /// Adds several schema files or folders.
    pub fn schemas<I, P>(mut self, paths: I) -> Builder
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        self.schemas.extend(paths.into_iter().map(Into::into));
        self
    }

    /// Adds an include root that imports are looked up in (like `trident check -I`).
    pub fn include(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.includes.push(dir.into());
        self
    }

    /// Writes into this folder instead of `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.out_dir = Some(dir.into());
        self
    }

    /// Names the generated file (default `trident.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Builder {
        self.file_name = Some(name.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default: yes).
    pub fn emit_rerun_if_changed(mut self, emit: bool) -> Builder {
        self.emit_rerun = emit;
        self
    }

    /// Generates `BTreeMap` instead of `HashMap` for the selected map fields (`"."` for all).
    pub fn btree_map<I, S>(mut self, paths: I) -> Builder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.options = self.options.btree_map(paths);
        self
    }

    /// Adds an attribute, such as `#[derive(Hash)]`, to the selected types.
    pub fn type_attribute(
        mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> Builder {
        self.options = self.options.type_attribute(path, attribute);
        self
    }

    /// Adds an attribute to the selected record fields.
    pub fn field_attribute(
        mut self,
        path: impl Into<String>,
        attribute: impl Into<String>,
    ) -> Builder {
        self.options = self.options.field_attribute(path, attribute);
        self
    }

    /// Uses types generated elsewhere for a package or type (see [`Options::extern_path`]).
    pub fn extern_path(
        mut self,
        schema_path: impl Into<String>,
        rust_path: impl Into<String>,
    ) -> Builder {
        self.options = self.options.extern_path(schema_path, rust_path);
        self
    }

    /// Checks the schemas and writes the generated code; returns the path of the written file.
    pub fn compile(self) -> Result<(), Error> {
        self.compile_to_path().map(drop)
    }

    /// Like [`compile`](Builder::compile), returning the path of the written file.
    pub fn compile_to_path(self) -> Result<PathBuf, Error> {
        let mut stdout = std::io::stdout().lock();
        self.compile_with_output(&mut stdout)
    }

    /// Compiles, writing the `cargo:` lines to `cargo` instead of stdout.
    pub fn compile_with_output(self, cargo: &mut dyn std::io::Write) -> Result<PathBuf, Error> {
        let io = |source| Error::Io {
            context: "cannot write the cargo instructions".to_string(),
            source,
        };
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Io {
                    context: "OUT_DIR is not set (call from build.rs, or set out_dir)".to_string(),
                    source: std::io::Error::from(std::io::ErrorKind::NotFound),
                })?,
        };
        if self.emit_rerun {
            for path in &self.schemas {
                // A folder: new files in it must trigger a rerun too.
                writeln!(cargo, "cargo:rerun-if-changed={}", path.display()).map_err(io)?;
            }
        }
        let files =
            trident_idl::collect_schema_files(&OsFileSystem, &self.schemas).map_err(|source| {
                Error::Io {
                    context: "cannot read the schemas".to_string(),
                    source,
                }
            })?;
        let mut options = trident_idl::Options::new();
        for include in &self.includes {
            options = options.include_root(include);
        }
        let checked = trident_idl::check_paths(&files, &options);
        if self.emit_rerun {
            for (_, file) in checked.sources.files() {
                writeln!(cargo, "cargo:rerun-if-changed={}", file.path().display()).map_err(io)?;
            }
        }
        for warning in checked
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Warning)
        {
            let record = warning.to_record(&checked.sources);
            writeln!(
                cargo,
                "cargo:warning={}:{}:{}: {} [{}]",
                record.file, record.line, record.column, record.message, record.code
            )
            .map_err(io)?;
        }
        let Some(schema) = checked.schema else {
            let errors = checked
                .diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error);
            return Err(Error::Schema(trident_idl::render(
                errors,
                &checked.sources,
                RenderStyle::Graphical { color: false },
            )));
        };
        let code = crate::rust_single_file(&schema, &self.options)?;
        let path = out_dir.join(self.file_name.as_deref().unwrap_or("trident.rs"));
        write_if_changed(&path, &code)?;
        Ok(path)
    }
}

/// Writes a file unless it already holds exactly this text (so its mtime only moves when the
/// code changes).
fn write_if_changed(path: &Path, text: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            context: format!("cannot create {}", dir.display()),
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| Error::Io {
        context: format!("cannot write {}", path.display()),
        source,
    })
}
