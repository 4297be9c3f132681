//! `.avsc` and `.proto` → `.tri`: the reverse of [`crate::avro`] and [`crate::protobuf`], behind
//! the `import` feature (`trident import`). `.proto` files come in compiled (descriptors with
//! source info, as protox gives them) and are converted by [`proto`]; the rest of this overview
//! is about Avro.
//!
//! Each file is parsed by the runtime's Avro parser ([`trident::avro::schema::Schema`]) after
//! references to named types of the other files have been put in place ([`resolve`]), so files
//! may use each other's types by full name. Every record and enum becomes a `.tri` declaration
//! in the package of its namespace, one `.tri` file per package ([`convert`] builds them,
//! [`write`] prints them). Whatever the language cannot say is refused with an [`ImportError`]
//! naming the [`Construct`], the file and the JSON path. The result is checked by the `.tri`
//! front end before it is returned, so what comes out passes `trident check`.

mod convert;
mod proto;
mod resolve;
mod write;

use std::fmt;

use serde_json::Value;
use trident::avro::schema::Schema as AvroSchema;

/// Settings for an import.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ImportOptions {
    /// The package of named types in the null namespace (Avro types without a namespace). When
    /// `None`, such types are refused ([`Construct::NullNamespace`]).
    pub default_package: Option<String>,
}

impl ImportOptions {
    /// Default settings: types without a namespace are refused.
    pub fn new() -> ImportOptions {
        ImportOptions::default()
    }

    /// Puts named types without a namespace into `package`.
    pub fn default_package(mut self, package: impl Into<String>) -> ImportOptions {
        self.default_package = Some(package.into());
        self
    }
}

/// An Avro construct the `.tri` language has no way to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Construct {
    /// A `fixed` type (with or without a logical type).
    Fixed,
    /// A logical type without a `.tri` counterpart: `decimal`, `big-decimal`, `time-millis`,
    /// `time-micros`, `timestamp-millis`, `timestamp-nanos`, `local-timestamp-*`, `duration`.
    LogicalType,
    /// A `null` type outside a union with one other branch (a field that is always null, or a
    /// union of only `null`).
    Null,
    /// A union with two branches of one Avro type. Avro forbids this too, so the runtime's
    /// parser normally reports it first (as [`ErrorKind::Invalid`]); this is the safety net.
    UnionSameType,
    /// A container directly in a container: an array or map of arrays, maps or nullable
    /// unions, a nullable array or map, or an array or map as a union branch (`.tri` rule
    /// `E303`/`E306`).
    NestedContainer,
    /// An enum whose Avro `default` is not its first symbol (`.tri` enums fall back to their
    /// first value).
    EnumDefault,
    /// A file whose top-level schema is not a named record or enum.
    TopLevel,
    /// A type named like a `.tri` built-in type (`string`, `i32`, `timestamp`, …; `E109`).
    Name,
    /// A field default `.tri` cannot express: on a union, record, `date`, `timestamp` or `uuid`
    /// field, a non-empty array or map, a non-null default of a nullable union, or a default that
    /// does not match its type.
    Default,
    /// A named type without a namespace, when no default package was given.
    NullNamespace,
    /// A proto2 `required` field.
    Required,
    /// A proto2 group.
    Group,
    /// An extension, or an extension range.
    Extension,
    /// A oneof beside other fields or other oneofs (a `.tri` union is a message of one oneof).
    Oneof,
    /// A field with a `json_name` other than protoc's default.
    JsonName,
    /// A map whose keys are not strings.
    MapKey,
    /// An enum value (or reserved name) without the enum's prefix, which the `.proto` export
    /// adds.
    EnumValueName,
    /// An enum with `allow_alias`.
    EnumAlias,
    /// A well-known type other than `google.protobuf.Timestamp`.
    WellKnownType,
    /// A `.proto` file without a package, when no default package was given.
    NullPackage,
    /// A protobuf editions file.
    Editions,
    /// A schema that breaks a rule of `.tri` that Avro does not have, found by checking the
    /// result: packages that use each other's types (`E006`), field or enum names that collide in
    /// protobuf (`E110`, `E111`), a record that can only contain itself (`E304`), …
    TriRule,
}

impl Construct {
    /// A short name for messages and listings (`fixed`, `logical type`, …).
    pub fn name(self) -> &'static str {
        match self {
            Construct::Fixed => "fixed",
            Construct::LogicalType => "logical type",
            Construct::Null => "null type",
            Construct::UnionSameType => "union with two branches of one type",
            Construct::NestedContainer => "nested container",
            Construct::EnumDefault => "enum default",
            Construct::TopLevel => "top-level schema",
            Construct::Name => "name",
            Construct::Default => "default",
            Construct::NullNamespace => "null namespace",
            Construct::Required => "required field",
            Construct::Group => "group",
            Construct::Extension => "extension",
            Construct::Oneof => "oneof",
            Construct::JsonName => "json_name",
            Construct::MapKey => "map key",
            Construct::EnumValueName => "enum value name",
            Construct::EnumAlias => "enum alias",
            Construct::WellKnownType => "well-known type",
            Construct::NullPackage => "null package",
            Construct::Editions => "editions",
            Construct::TriRule => ".tri rule",
        }
    }
}

/// Why an import failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input uses a construct `.tri` cannot express.
    Unsupported(Construct),
    /// The input is not a valid schema (not JSON, an unknown type name, …).
    Invalid,
}

/// An import that failed: what, in which file and where in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The file, as the caller named it (for [`Construct::TriRule`], the `.tri` file produced).
    pub file: String,
    /// Where in the file: a JSON path such as `fields[2] ("price").type`, `top level`, or a
    /// `line:column` of a `.proto` or `.tri` file.
    pub path: String,
    /// What kind of failure.
    pub kind: ErrorKind,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else if self.path.starts_with(|c: char| c.is_ascii_digit()) {
            write!(f, "{}:{}: {}", self.file, self.path, self.message)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.message)
        }
    }
}

impl std::error::Error for ImportError {}

/// Converts `.avsc` files, given as `(name, text)`, to `.tri` files: `(path relative to the
/// output folder, text)`, one per package, at `<package path>.tri` (`acme/shop.tri` for package
/// `acme.shop`), sorted by path.
pub fn import_avro(
    files: &[(&str, &str)],
    options: &ImportOptions,
) -> Result<Vec<(String, String)>, ImportError> {
    let mut documents = Vec::new();
    for (name, text) in files {
        let json: Value = serde_json::from_str(text).map_err(|e| ImportError {
            file: (*name).to_string(),
            path: String::new(),
            kind: ErrorKind::Invalid,
            message: format!("not JSON: {e}"),
        })?;
        documents.push(json);
    }
    let defs = resolve::definitions(&documents);
    let mut schemas = Vec::new();
    for (i, json) in documents.iter().enumerate() {
        let inlined = resolve::inline(json, &defs);
        let schema = AvroSchema::parse(&inlined).map_err(|e| ImportError {
            file: files[i].0.to_string(),
            path: String::new(),
            kind: ErrorKind::Invalid,
            message: e.to_string(),
        })?;
        schemas.push(schema);
    }
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    let decls = convert::convert(&names, &schemas, &defs, options)?;
    let out = write::files(&decls, "Imported from Avro schemas by `trident import`.");
    check(&out)?;
    Ok(out)
}

/// What a `.proto` import gives: the `.tri` files and notes on what was left out.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Imported {
    /// `(path relative to the output folder, text)`, one per package, sorted by path.
    pub files: Vec<(String, String)>,
    /// What was not imported and why (services), one sentence each with its position.
    pub notes: Vec<String>,
}

/// Converts compiled `.proto` files to `.tri` files, one per package at `<package path>.tri`.
///
/// `set` holds the files to import and every file they import, with source info (protox's
/// `Compiler` with `include_imports` and `include_source_info`); every file but the well-known
/// `google/protobuf/*` ones is converted. Positions in errors and notes are `line:column` in the
/// file, which is named as in the descriptor.
pub fn import_proto(
    set: &prost_types::FileDescriptorSet,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let (decls, notes) = proto::convert(set, options)?;
    let files = write::files(&decls, "Imported from .proto files by `trident import`.");
    check(&files)?;
    Ok(Imported { files, notes })
}

/// Runs the `.tri` front end on the result and turns its first error into an [`ImportError`].
fn check(files: &[(String, String)]) -> Result<(), ImportError> {
    let mut fs = trident_idl::MemoryFileSystem::new();
    for (path, text) in files {
        fs.insert(path, text.as_str());
    }
    let inputs: Vec<std::path::PathBuf> = files.iter().map(|(p, _)| p.into()).collect();
    let checked = trident_idl::check(&fs, &inputs, &trident_idl::Options::new());
    let error = checked
        .diagnostics
        .iter()
        .find(|d| d.severity() == trident_idl::Severity::Error);
    match error {
        None => Ok(()),
        Some(d) => {
            let record = d.to_record(&checked.sources);
            Err(ImportError {
                file: record.file,
                path: format!("{}:{}", record.line, record.column),
                kind: ErrorKind::Unsupported(Construct::TriRule),
                message: format!(
                    "the imported schema breaks a rule of the .tri language: {} {}",
                    record.code, record.message
                ),
            })
        }
    }
}
