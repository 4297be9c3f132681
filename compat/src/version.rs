//! One version of a schema set (the new one, or an older one to compare against), loaded from
//! files and folders or from a git reference, and the lookup of element positions in it. A
//! version is either `.tri` files (checked by the front end) or, when the paths name no `.tri`
//! files, plain Avro schemas ([`crate::avsc`]) or plain protobuf schemas ([`crate::proto`]).

use std::path::{Path, PathBuf};

use trident_idl::model::{TypeDef, TypeKind};
use trident_idl::{FileSystem, OsFileSystem, Schema, Span};

use crate::avsc::AvscSet;
use crate::finding::Location;
use crate::git::GitFileSystem;
use crate::proto::ProtoSet;

/// A checked version of the schemas.
#[derive(Debug)]
pub struct Version {
    /// How the version is named in output: `schemas`, `git:main`, …
    pub label: String,
    /// Put in front of file paths (`main:` for a git version), so old and new files differ.
    prefix: String,
    /// The checked schemas (none for `.avsc` and `.proto` input).
    pub schema: Schema,
    /// The plain Avro schemas, for `.avsc` input.
    pub(crate) avsc: Option<AvscSet>,
    /// The compiled protobuf schemas, for `.proto` input.
    pub(crate) proto: Option<ProtoSet>,
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

    /// Whether this version is `.proto` files (only the protobuf rules, and the proto3 JSON
    /// mapping's, apply to it).
    pub fn is_proto(&self) -> bool {
        self.proto.is_some()
    }

    /// The compiled descriptors of a `.proto` version (every file, imports included, with source
    /// info), as `trident import` converts them.
    pub fn proto_descriptors(&self) -> Option<&prost_types::FileDescriptorSet> {
        self.proto.as_ref().map(|p| &p.set)
    }

    /// Whether a type (`.tri`), named type (`.avsc`) or message, enum or service (`.proto`) with
    /// this full name exists.
    pub(crate) fn has_type(&self, full_name: &str) -> bool {
        match (&self.avsc, &self.proto) {
            (Some(avsc), _) => avsc.defines(full_name),
            (_, Some(proto)) => proto.kind(full_name).is_some(),
            _ => self.ty(full_name).is_some(),
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
        if let Some(proto) = &self.proto {
            return proto.locate_type(full_name);
        }
        self.ty(full_name).map(|t| self.location(t.name_span))
    }

    /// Where a field, variant or enum value is declared, by name.
    pub(crate) fn locate_member(&self, full_name: &str, member: &str) -> Option<Location> {
        if let Some(avsc) = &self.avsc {
            return avsc.locate_member(full_name, member);
        }
        if let Some(proto) = &self.proto {
            return proto.locate_member(full_name, member);
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
        if let Some(proto) = &self.proto {
            return proto.locate_number(full_name, number);
        }
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
        if let Some(proto) = &self.proto {
            return proto.locate_reserved(full_name, number, name);
        }
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
    let kind = input_kind(fs, paths).map_err(|e| LoadError::Io(format!("{label}: {e}")))?;
    if kind != InputKind::Tri {
        let (avsc, proto) = if kind == InputKind::Avsc {
            let avsc = AvscSet::load(fs, paths, &prefix)
                .map_err(|e| LoadError::Schema(format!("{label}: {e}")))?;
            (Some(avsc), None)
        } else {
            let proto = ProtoSet::load(fs, paths, includes, &prefix, style)
                .map_err(|e| LoadError::Schema(format!("{label}: {e}")))?;
            (None, Some(proto))
        };
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
            avsc,
            proto,
        });
    }
    let files = trident_idl::collect_schema_files(fs, paths)
        .map_err(|e| LoadError::Io(format!("{label}: {e}")))?;
    if files.is_empty() {
        return Err(LoadError::Io(format!(
            "{label}: no .tri, .proto or .avsc files found"
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
            proto: None,
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

/// What kind of schema files a version is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InputKind {
    Tri,
    Avsc,
    Proto,
}

/// `.tri` when any path is or holds a `.tri` file (or names a file of another kind); otherwise
/// `.avsc` or `.proto`, whichever the paths hold; both at once is refused.
fn input_kind(fs: &dyn FileSystem, paths: &[PathBuf]) -> Result<InputKind, String> {
    let (mut avsc, mut proto) = (false, false);
    for path in paths {
        if fs.is_file(path) {
            match path.extension().and_then(|e| e.to_str()) {
                Some("avsc") => avsc = true,
                Some("proto") => proto = true,
                _ => return Ok(InputKind::Tri),
            }
        } else if fs.is_dir(path) {
            let mut found = Vec::new();
            if collect_files(fs, path, path, &mut found, &["tri", "avsc", "proto"]).is_err() {
                return Ok(InputKind::Tri);
            }
            let has = |ext: &str| {
                found
                    .iter()
                    .any(|(p, _)| p.extension().is_some_and(|e| e == ext))
            };
            if has("tri") {
                return Ok(InputKind::Tri);
            }
            avsc |= has("avsc");
            proto |= has("proto");
        }
    }
    match (avsc, proto) {
        (true, true) => Err(
            "the paths hold both .avsc and .proto files (and no .tri files): give one kind of \
             schema per version"
                .to_string(),
        ),
        (true, false) => Ok(InputKind::Avsc),
        (false, true) => Ok(InputKind::Proto),
        (false, false) => Ok(InputKind::Tri),
    }
}

/// Files with one of `extensions` under `dir` (recursively, in sorted order), with their paths
/// relative to `root`.
pub(crate) fn collect_files(
    fs: &dyn FileSystem,
    root: &Path,
    dir: &Path,
    out: &mut Vec<(PathBuf, String)>,
    extensions: &[&str],
) -> std::io::Result<()> {
    let mut entries = fs.read_dir(dir)?;
    entries.sort();
    for entry in entries {
        if fs.is_dir(&entry) {
            collect_files(fs, root, &entry, out, extensions)?;
        } else if entry
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
        {
            let relative = entry.strip_prefix(root).unwrap_or(&entry);
            let relative = relative.to_string_lossy().replace('\\', "/");
            out.push((entry, relative));
        }
    }
    Ok(())
}
