//! The checked model: what the schemas mean, with every element's source position.
//!
//! A [`Schema`] exists only for schema sets without errors, so its invariants hold for every
//! consumer (code generation, exporters, the compatibility checker): every type reference
//! resolves, numbers are unique and in range, defaults fit their fields, no type contains itself
//! without a list, map or optional in between, and no union has two variants of one Avro type.
//! Consumers never need the syntax tree.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use crate::source::{FileId, SourceMap, Span, Spanned};

/// Identifies a declared type within its [`Schema`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub(crate) u32);

impl TypeId {
    /// The position of the type in declaration order (files in the order they were read).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A checked set of schema files.
#[derive(Debug)]
pub struct Schema {
    pub(crate) sources: Arc<SourceMap>,
    pub(crate) files: Vec<FileInfo>,
    pub(crate) types: Vec<TypeDef>,
    pub(crate) by_name: HashMap<String, TypeId>,
}

impl Schema {
    /// The text of every file, for positions and diagnostics.
    pub fn sources(&self) -> &SourceMap {
        &self.sources
    }

    /// The same source map, shared.
    pub fn shared_sources(&self) -> Arc<SourceMap> {
        Arc::clone(&self.sources)
    }

    /// Every file, in the order read: the files given first, then the files they import.
    pub fn files(&self) -> &[FileInfo] {
        &self.files
    }

    /// One file's information.
    pub fn file(&self, id: FileId) -> &FileInfo {
        &self.files[id.index()]
    }

    /// Every declared type, in declaration order.
    pub fn types(&self) -> &[TypeDef] {
        &self.types
    }

    /// The type with the given id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    /// The type with the given fully qualified name (`acme.shop.Order`).
    pub fn lookup(&self, full_name: &str) -> Option<&TypeDef> {
        self.by_name.get(full_name).map(|&id| self.get(id))
    }

    /// Package names with their types, packages sorted by name, types in declaration order.
    pub fn packages(&self) -> BTreeMap<&str, Vec<TypeId>> {
        let mut packages: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
        for file in &self.files {
            packages.entry(file.package.as_str()).or_default();
        }
        for ty in &self.types {
            packages.entry(ty.package.as_str()).or_default().push(ty.id);
        }
        packages
    }

    /// The position of a span as `path:line:column`.
    pub fn location(&self, span: Span) -> String {
        let file = self.sources.file(span.file);
        format!("{}:{}", file.path().display(), file.line_col(span.start))
    }
}

/// What the model knows about one file.
#[derive(Clone, Debug)]
pub struct FileInfo {
    /// The file's id in the source map.
    pub id: FileId,
    /// The declared package.
    pub package: String,
    /// Doc comments on the package declaration.
    pub package_docs: Option<String>,
    /// The files it imports, in import order.
    pub imports: Vec<FileId>,
    /// The types it declares, in order.
    pub types: Vec<TypeId>,
    /// Whether the file was given as input (rather than only reached through an import).
    pub is_input: bool,
}

/// A declared type.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Its id.
    pub id: TypeId,
    /// The simple name, as declared.
    pub name: String,
    /// The package it belongs to.
    pub package: String,
    /// Doc comments.
    pub docs: Option<String>,
    /// Set by `#[deprecated]`.
    pub deprecated: Option<Deprecation>,
    /// Former names, from `#[alias(..)]`: Avro aliases.
    pub aliases: Vec<Spanned<String>>,
    /// The declared name's position.
    pub name_span: Span,
    /// The whole declaration.
    pub span: Span,
    /// The record, enum or union body.
    pub kind: TypeKind,
}

impl TypeDef {
    /// The fully qualified name: `package.Name`.
    pub fn full_name(&self) -> String {
        if self.package.is_empty() {
            self.name.clone()
        } else {
            format!("{}.{}", self.package, self.name)
        }
    }

    /// The file the type is declared in.
    pub fn file(&self) -> FileId {
        self.span.file
    }
}

/// The body of a declared type.
#[derive(Clone, Debug)]
pub enum TypeKind {
    /// A record: named fields.
    Record(Record),
    /// An enum: named values without data.
    Enum(Enum),
    /// A union: exactly one of several variants.
    Union(Union),
}

/// `#[deprecated]` or `#[deprecated("note")]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Deprecation {
    /// The note, if one was given.
    pub note: Option<String>,
    /// The attribute's position.
    pub span: Span,
}

/// A record's members.
#[derive(Clone, Debug)]
pub struct Record {
    /// Fields in declaration order (which is also the Avro field order).
    pub fields: Vec<Field>,
    /// Reserved numbers and names.
    pub reserved: Reserved,
}

/// A record field.
#[derive(Clone, Debug)]
pub struct Field {
    /// The name, as declared.
    pub name: String,
    /// The field number (1 ..= 2^29-1, not 19000–19999).
    pub number: u32,
    /// The type.
    pub ty: Type,
    /// The value after `=`, already checked against the type.
    pub default: Option<Spanned<Value>>,
    /// Doc comments.
    pub docs: Option<String>,
    /// Set by `#[deprecated]`.
    pub deprecated: Option<Deprecation>,
    /// Former names, from `#[alias(..)]`.
    pub aliases: Vec<Spanned<String>>,
    /// How protobuf writes its integers, from `#[proto(encoding = "…")]`.
    pub encoding: Encoding,
    /// The name's position.
    pub name_span: Span,
    /// The number's position (`@N`).
    pub number_span: Span,
    /// The type's position.
    pub type_span: Span,
    /// The whole field.
    pub span: Span,
}

/// An enum's values.
#[derive(Clone, Debug)]
pub struct Enum {
    /// Values in declaration order; the first is numbered 0.
    pub values: Vec<EnumValue>,
    /// Reserved numbers and names.
    pub reserved: Reserved,
}

impl Enum {
    /// The value with the given name.
    pub fn value(&self, name: &str) -> Option<&EnumValue> {
        self.values.iter().find(|v| v.name == name)
    }
}

/// One enum value.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// The symbol.
    pub name: String,
    /// The protobuf number.
    pub number: i32,
    /// Doc comments.
    pub docs: Option<String>,
    /// Set by `#[deprecated]`.
    pub deprecated: Option<Deprecation>,
    /// How protobuf writes its integers, from `#[proto(encoding = "…")]`.
    pub encoding: Encoding,
    /// The name's position.
    pub name_span: Span,
    /// The number's position.
    pub number_span: Span,
    /// The whole value.
    pub span: Span,
}

/// A union's variants.
#[derive(Clone, Debug)]
pub struct Union {
    /// Variants in declaration order (which is also the Avro branch order).
    pub variants: Vec<Variant>,
    /// Reserved numbers and names.
    pub reserved: Reserved,
}

/// One union variant.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The name.
    pub name: String,
    /// The variant number (the protobuf `oneof` field number).
    pub number: u32,
    /// The type: never a list, map, optional or union.
    pub ty: Type,
    /// Doc comments.
    pub docs: Option<String>,
    /// Set by `#[deprecated]`.
    pub deprecated: Option<Deprecation>,
    /// How protobuf writes its integers, from `#[proto(encoding = "…")]`.
    pub encoding: Encoding,
    /// The name's position.
    pub name_span: Span,
    /// The number's position.
    pub number_span: Span,
    /// The type's position.
    pub type_span: Span,
    /// The whole variant.
    pub span: Span,
}

/// Reserved numbers and names of a record, union or enum.
#[derive(Clone, Debug, Default)]
pub struct Reserved {
    /// Inclusive ranges; a single number is a range of one.
    pub ranges: Vec<ReservedRange>,
    /// Names.
    pub names: Vec<Spanned<String>>,
}

impl Reserved {
    /// Whether a number is reserved.
    pub fn contains_number(&self, number: i64) -> bool {
        self.ranges
            .iter()
            .any(|r| (r.start..=r.end).contains(&number))
    }

    /// Whether a name is reserved.
    pub fn contains_name(&self, name: &str) -> bool {
        self.names.iter().any(|n| n.value == name)
    }
}

/// An inclusive range of reserved numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReservedRange {
    /// First number.
    pub start: i64,
    /// Last number (`max` is resolved to the largest allowed number).
    pub end: i64,
    /// The entry's position.
    pub span: Span,
}

/// A field's type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// A built-in type.
    Primitive(Primitive),
    /// `list<T>`
    List(Box<Type>),
    /// `map<string, T>`: keys are always strings.
    Map(Box<Type>),
    /// `optional<T>`
    Optional(Box<Type>),
    /// A declared record, enum or union.
    Named(TypeId),
}

/// How protobuf writes the integers of a field (`#[proto(encoding = "…")]`); JSON and Avro do
/// not change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Varints: `int32`, `int64`, `uint32`, `uint64` (the default).
    #[default]
    Varint,
    /// Zig-zag varints, for signed values often negative: `sint32`, `sint64` (`i32`, `i64`).
    Zigzag,
    /// Four or eight bytes, for large or evenly spread values: `fixed32`, `fixed64` (`u32`,
    /// `u64`), `sfixed32`, `sfixed64` (`i32`, `i64`).
    Fixed,
}

/// The built-in types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Primitive {
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `string`
    String,
    /// `bytes`
    Bytes,
    /// `timestamp`: an instant with microsecond precision.
    Timestamp,
    /// `date`: a calendar date.
    Date,
    /// `uuid`
    Uuid,
}

impl Primitive {
    /// Every built-in type.
    pub const ALL: [Primitive; 12] = [
        Primitive::Bool,
        Primitive::I32,
        Primitive::I64,
        Primitive::U32,
        Primitive::U64,
        Primitive::F32,
        Primitive::F64,
        Primitive::String,
        Primitive::Bytes,
        Primitive::Timestamp,
        Primitive::Date,
        Primitive::Uuid,
    ];

    /// The name used in `.tri` files.
    pub fn name(self) -> &'static str {
        match self {
            Primitive::Bool => "bool",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::U32 => "u32",
            Primitive::U64 => "u64",
            Primitive::F32 => "f32",
            Primitive::F64 => "f64",
            Primitive::String => "string",
            Primitive::Bytes => "bytes",
            Primitive::Timestamp => "timestamp",
            Primitive::Date => "date",
            Primitive::Uuid => "uuid",
        }
    }

    /// The built-in type with the given `.tri` name.
    pub fn from_name(name: &str) -> Option<Primitive> {
        Primitive::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The Avro type the value is encoded as (logical types by their underlying type).
    pub fn avro_type(self) -> &'static str {
        match self {
            Primitive::Bool => "boolean",
            Primitive::I32 | Primitive::Date => "int",
            Primitive::I64 | Primitive::U32 | Primitive::U64 | Primitive::Timestamp => "long",
            Primitive::F32 => "float",
            Primitive::F64 => "double",
            Primitive::String | Primitive::Uuid => "string",
            Primitive::Bytes => "bytes",
        }
    }
}

/// Whether `name` cannot name a declared type (`E109`): a built-in type, a generic type
/// (`list`, `map`, `optional`) or one of Avro's primitive type names, which Avro forbids as
/// names of named types.
pub fn is_builtin_type_name(name: &str) -> bool {
    const OTHER_NAMES: &[&str] = &[
        "list", "map", "optional", "null", "boolean", "int", "long", "float", "double",
    ];
    Primitive::from_name(name).is_some() || OTHER_NAMES.contains(&name)
}

impl fmt::Display for Primitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A default value, already converted to the field's type.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// For `bool`.
    Bool(bool),
    /// For `i32` and `i64`.
    Int(i64),
    /// For `u32` and `u64`.
    UInt(u64),
    /// For `f32` and `f64` (an `f32` default is exactly representable as written or rounded
    /// to the nearest `f32` by consumers).
    Float(f64),
    /// For `string`.
    String(String),
    /// For `bytes`.
    Bytes(Vec<u8>),
    /// For enums: the symbol and its number.
    Enum {
        /// The symbol.
        symbol: String,
        /// Its protobuf number.
        number: i32,
    },
}
