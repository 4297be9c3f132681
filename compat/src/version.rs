//! One version of a schema set (the new one, or an older one to compare against), loaded from
//! files and folders or from a git reference, and the lookup of element positions in it. A
//! version is either `.tri` files (checked by the front end) or, when the paths name only
//! `.avsc` files, plain Avro schemas ([`crate::avsc`]).

use std::path::PathBuf;

use trident_idl::model::{TypeDef, TypeKind};
use trident_idl::{FileSystem, OsFileSystem, Schema, Span};

use crate::avsc::AvscSet;
use crate::finding::Location;
use crate::git::GitFileSystem;

/// A checked version of the schemas.
#[derive(Debug)]
pub struct Version {
    /// How the version is named in output: `schemas`, `git:main`, …
    pub label: String,
    /// Put in front of file paths (`main:` for a git version), so old and new files differ.
    prefix: String,
    /// The checked schemas (none for `.avsc` input).
    pub schema: Schema,
    /// The plain Avro schemas, for `.avsc` input.
    pub(crate) avsc: Option<AvscSet>,
}

/// Why a version could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// Files could not be read or listed, or git failed.
    Io(String),
    /// The schemas have errors; the text holds the rendered diagnostics.
    Schema(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(message) => f.write_str(message),
            LoadError::Schema(rendered) => write!(f, "the schemas have errors:\n\n{rendered}"),
        }
    }
}

impl std::error::Error for LoadError {}

impl Version {
    /// Loads the schemas at `paths` (files or folders) from disk.
    pub fn from_paths(
        label: &str,
        paths: &[PathBuf],
        includes: &[PathBuf],
        style: trident_idl::RenderStyle,
    ) -> Result<Version, LoadError> {
        load(label, String::new(), &OsFileSystem, paths, includes, style)
    }

    /// Loads schemas given as text (`(path, text)` pairs), all of them inputs: for tests and tools.
    pub fn from_sources(label: &str, files: &[(&str, &str)]) -> Result<Version, LoadError> {
        let mut fs = trident_idl::MemoryFileSystem::new();
        for (path, text) in files {
            fs.insert(path, *text);
        }
        let paths: Vec<PathBuf> = files.iter().map(|(p, _)| PathBuf::from(p)).collect();
        load(
            label,
            format!("{label}:"),
            &fs,
            &paths,
            &[],
            trident_idl::RenderStyle::Narrated,
        )
    }

    /// Loads a version named by `spec`: a `git:REF` or `git:REF:PATH` reference (read from the
    /// repository without a checkout; without a path, the same `default_paths` as the new
    /// version), or otherwise files and folders on disk.
    pub fn from_spec(
        spec: &str,
        default_paths: &[PathBuf],
        includes: &[PathBuf],
        style: trident_idl::RenderStyle,
    ) -> Result<Version, LoadError> {
        let Some(reference) = spec.strip_prefix("git:") else {
            return Self::from_paths(spec, &[PathBuf::from(spec)], includes, style);
        };
        let (reference, paths) = match reference.split_once(':') {
            Some((reference, path)) => (reference, vec![PathBuf::from(path)]),
            None => (reference, default_paths.to_vec()),
        };
        let fs = GitFileSystem::open(reference).map_err(LoadError::Io)?;
        load(spec, format!("{reference}:"), &fs, &paths, includes, style)
    }

    /// Whether this version is `.avsc` files (only the Avro rules apply to it).
    pub fn is_avsc(&self) -> bool {
        self.avsc.is_some()
    }

    /// Whether a type (`.tri`) or named type (`.avsc`) with this full name exists.
    pub(crate) fn has_type(&self, full_name: &str) -> bool {
        match &self.avsc {
            Some(avsc) => avsc.defines(full_name),
            None => self.ty(full_name).is_some(),
        }
    }

    /// The position of a span of this version.
    pub(crate) fn location(&self, span: Span) -> Location {
        let sources = self.schema.sources();
        let file = sources.file(span.file);
        let pos = file.line_col(span.start);
        Location {
            file: format!("{}{}", self.prefix, file.path().display()),
            line: pos.line,
            column: pos.column,
            enclosing: false,
            text: Some((file.shared_text(), span.start as usize, span.len())),
        }
    }

    /// A type by full name.
    pub(crate) fn ty(&self, full_name: &str) -> Option<&TypeDef> {
        self.schema.lookup(full_name)
    }

    /// Where a type is declared.
    pub(crate) fn locate_type(&self, full_name: &str) -> Option<Location> {
        if let Some(avsc) = &self.avsc {
            return avsc.locate_type(full_name);
        }
        self.ty(full_name).map(|t| self.location(t.name_span))
    }

    /// Where a field, variant or enum value is declared, by name.
    pub(crate) fn locate_member(&self, full_name: &str, member: &str) -> Option<Location> {
        if let Some(avsc) = &self.avsc {
            return avsc.locate_member(full_name, member);
        }
        let span = match &self.ty(full_name)?.kind {
            TypeKind::Record(r) => r.fields.iter().find(|f| f.name == member)?.name_span,
            TypeKind::Union(u) => u.variants.iter().find(|v| v.name == member)?.name_span,
            TypeKind::Enum(e) => e.values.iter().find(|v| v.name == member)?.name_span,
        };
        Some(self.location(span))
    }

    /// Where a field, variant or enum value with the given number is declared.
    pub(crate) fn locate_number(&self, full_name: &str, number: i64) -> Option<Location> {
        let span = match &self.ty(full_name)?.kind {
            TypeKind::Record(r) => {
                r.fields
                    .iter()
                    .find(|f| i64::from(f.number) == number)?
                    .number_span
            }
            TypeKind::Union(u) => {
                u.variants
                    .iter()
                    .find(|v| i64::from(v.number) == number)?
                    .number_span
            }
            TypeKind::Enum(e) => {
                e.values
                    .iter()
                    .find(|v| i64::from(v.number) == number)?
                    .number_span
            }
        };
        Some(self.location(span))
    }

    /// Where a number or name is reserved in a type.
    pub(crate) fn locate_reserved(
        &self,
        full_name: &str,
        number: Option<i64>,
        name: Option<&str>,
    ) -> Option<Location> {
        let reserved = match &self.ty(full_name)?.kind {
            TypeKind::Record(r) => &r.reserved,
            TypeKind::Union(u) => &u.reserved,
            TypeKind::Enum(e) => &e.reserved,
        };
        let span = match (number, name) {
            (Some(n), _) => {
                reserved
                    .ranges
                    .iter()
                    .find(|r| (r.start..=r.end).contains(&n))?
                    .span
            }
            (None, Some(name)) => reserved.names.iter().find(|r| r.value == name)?.span,
            (None, None) => return None,
        };
        Some(self.location(span))
    }
}

fn load(
    label: &str,
    prefix: String,
    fs: &dyn FileSystem,
    paths: &[PathBuf],
    includes: &[PathBuf],
    style: trident_idl::RenderStyle,
) -> Result<Version, LoadError> {
    if crate::avsc::is_avsc_input(fs, paths) {
        let avsc = AvscSet::load(fs, paths, &prefix)
            .map_err(|e| LoadError::Schema(format!("{label}: {e}")))?;
        let schema = trident_idl::check(
            &trident_idl::MemoryFileSystem::new(),
            &[],
            &trident_idl::Options::new(),
        )
        .schema
        .ok_or_else(|| LoadError::Io(format!("{label}: cannot make an empty schema set")))?;
        return Ok(Version {
            label: label.to_string(),
            prefix,
            schema,
            avsc: Some(avsc),
        });
    }
    let files = trident_idl::collect_schema_files(fs, paths)
        .map_err(|e| LoadError::Io(format!("{label}: {e}")))?;
    if files.is_empty() {
        return Err(LoadError::Io(format!(
            "{label}: no .tri or .avsc files found"
        )));
    }
    let mut options = trident_idl::Options::new();
    for include in includes {
        options = options.include_root(include);
    }
    let checked = trident_idl::check(fs, &files, &options);
    match checked.schema {
        Some(schema) => Ok(Version {
            label: label.to_string(),
            prefix,
            schema,
            avsc: None,
        }),
        None => {
            let errors = checked
                .diagnostics
                .iter()
                .filter(|d| d.severity() == trident_idl::Severity::Error);
            Err(LoadError::Schema(format!(
                "{label}:\n{}",
                trident_idl::render(errors, &checked.sources, style)
            )))
        }
    }
}
