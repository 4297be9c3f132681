//! `.avsc` → `.tri`: the reverse of [`crate::avro`], behind the `import` feature (`trident
//! import`).
//!
//! Each file is parsed by the runtime's Avro parser ([`trident::avro::schema::Schema`]) after
//! references to named types of the other files have been put in place ([`resolve`]), so files
//! may use each other's types by full name. Every record and enum becomes a `.tri` declaration
//! in the package of its namespace, one `.tri` file per package ([`convert`] builds them,
//! [`write`] prints them). Whatever the language cannot say is refused with an [`ImportError`]
//! naming the [`Construct`], the file and the JSON path. The result is checked by the `.tri`
//! front end before it is returned, so what comes out passes `trident check`.

mod convert;
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
            Construct::TriRule => ".tri rule",
        }
    }
}

/// Why an import failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input uses a construct `.tri` cannot express.
    Unsupported(Construct),
    /// The input is not a valid Avro schema (not JSON, an unknown type name, …).
    Invalid,
}

/// An import that failed: what, in which file and where in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The file, as the caller named it (for [`Construct::TriRule`], the `.tri` file produced).
    pub file: String,
    /// Where in the file: a JSON path such as `fields[2] ("price").type`, `top level`, or a
    /// `line:column` of a `.tri` file.
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
    let out = write::files(&decls);
    check(&out)?;
    Ok(out)
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
