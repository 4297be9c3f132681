//! The protobuf model of a checked schema: proto3 file descriptors, and `.proto` text.
//!
//! [`lower`] turns a [`Schema`] into a [`prost_types::FileDescriptorSet`] plus the `.tri`
//! position of every element; [`print()`] writes one file descriptor as `.proto` text that protoc
//! accepts without warnings, and [`export`] does both for a whole schema. The exporter and the
//! compatibility checker share this model, so what they say is about what goes over the wire.
//! A test compiles the printed files with protox and checks that the descriptors it builds are
//! the ones [`lower`] built.
//!
//! # Decisions
//!
//! **Files.** One `.proto` file per package, named by [`file_name`] (`acme.shop` →
//! `acme/shop.proto`), with `syntax = "proto3"` and the package as protobuf package. Files are
//! sorted by name. A package declared by several `.tri` files holds their types in the order the
//! schema read them, and its doc comment is the distinct package docs of those files, joined by an
//! empty line. A file imports exactly the files whose types it uses: other packages' files and
//! `google/protobuf/timestamp.proto` when a `timestamp` appears, sorted; protoc warns about unused
//! imports. The well-known `timestamp.proto` itself is not in the set: protoc, protox and
//! prost-build all carry it built in.
//!
//! **Types.** `bool`, `i32`, `i64`, `u32`, `u64`, `f32`, `f64`, `string` and `bytes` become
//! `bool`, `int32`, `int64`, `uint32`, `uint64`, `float`, `double`, `string` and `bytes`;
//! `timestamp` the message `google.protobuf.Timestamp`, `date` an `int32` day count, `uuid` a
//! `string`. A record is a message, an enum an enum. `list<T>` is `repeated T`; `map<string, T>`
//! is `map<string, T>`, described as protoc does it: a nested message `XxxEntry` (the field name
//! in PascalCase, `by_name` → `ByNameEntry`) with `map_entry = true` and fields `key = 1` and
//! `value = 2`. Type names in descriptors are always fully qualified with a leading dot. The
//! printed text names a type of the same package by its simple name (unless a nested message of
//! the enclosing one shadows it) and every other type by its full name with a leading dot.
//!
//! **Presence** ([`presence`]). A `list` is repeated and a `map` a map. A field whose type is a
//! message (a record, a union or a `timestamp`), optional or not, is a message field, which has
//! presence by nature. Any other `optional<T>` is a proto3 `optional` field (explicit presence:
//! `proto3_optional` plus a synthetic oneof named as protoc names it, `_field`, with `X`
//! prepended while a field or oneof has that name, placed after the real oneofs). So is a
//! non-optional field whose default is not the proto3 zero value (`false`, 0, 0.0 or -0.0, `""`,
//! empty bytes, the enum value numbered 0): it is always written, and absence means "take the
//! default", as in Avro and JSON. Every other field has implicit presence. Protobuf has no custom defaults, so the default of an explicit field is printed as a
//! trailing comment, `// default: 1`; in the descriptor it is that location's trailing comment.
//!
//! **Enum values** ([`enum_value_name`]) are prefixed with the enum's name in SCREAMING_SNAKE_CASE
//! and `_` (`Status`/`PENDING` → `STATUS_PENDING`), unless they already start with that prefix
//! (`CARD_BRAND_UNKNOWN` in `CardBrand`). Protobuf enum values live in the scope of the package,
//! so two enums with an `UNKNOWN` value would collide; prost strips exactly this prefix again when
//! it generates Rust. Reserved enum names get the same prefix.
//!
//! **Unions** become `message U { oneof value { T1 v1 = n1; … } }`: one oneof named by
//! [`oneof_name`] (`value`, with `_` appended while a variant has that name), every variant a
//! field in it. Union variants are never repeated, maps or optional, so the oneof is legal.
//!
//! **Reserved** numbers and names carry over: message ranges have an exclusive end in the
//! descriptor (`max` is 536 870 911), enum ranges an inclusive one (`max` is 2 147 483 647).
//! They are printed as `reserved 10, 12 to 15, 100 to max;` and `reserved "a", "b";`.
//!
//! **Deprecation.** `#[deprecated]` sets `deprecated = true` in the options of the message,
//! enum, field or enum value (printed `option deprecated = true;` or `[deprecated = true]`). A
//! note is kept as the last paragraph of the element's comment: `Deprecated: note`.
//!
//! **Comments.** Doc comments become leading comments in `source_code_info`, stored as protoc
//! stores `// text` (` text\n` per line, `\n` for an empty line), for the package statement and
//! every message, field, oneof, enum and enum value. Each location's span is the position of the
//! element in the text [`print()`] writes for the file, so the descriptor describes the exported
//! `.proto` file exactly as protoc would. Aliases have no protobuf meaning and are dropped.
//!
//! **Order.** Types appear in declaration order, fields and values in declaration order. The
//! printer takes the order of top-level messages and enums from the order of their locations in
//! `source_code_info`, which is the order [`lower`] declared them in.
//!
//! **Text.** The printed file starts with `// Generated by Trident. Do not edit.` and
//! `syntax = "proto3";`, then the package statement, the imports and the types, separated by
//! blank lines, indented by two spaces. A message prints `option deprecated = true;` first, then
//! its `reserved` statements, then its fields and its oneof; a blank line separates those
//! statements from the fields and goes before every commented field or value that is not first
//! in its block. Output depends only on the descriptor, so it is deterministic.
//!
//! **JSON names.** Every field's `json_name` is protoc's lowerCamelCase of its name, which protoc
//! and protox fill in themselves.
//!
//! **Positions.** [`ProtoSchema::spans`] maps every message, field, oneof, enum and enum value
//! (by file name and descriptor path) to the `.tri` span of the name it came from. Elements that
//! only exist in protobuf point at what they came from: a map entry message and its fields at the
//! map field's type, a synthetic oneof at its field's name, a union's oneof at the union's name.
//!
//! # Known gaps
//!
//! The lowering assumes the checked schema is also a valid protobuf schema. A few schemas the
//! front end accepts still give `.proto` files protoc rejects: two fields or variants of one type
//! whose JSON names clash (`foo_bar` and `fooBar`, `value` and `value_`), enum symbols that clash
//! once prefixed or compared without case (`UNKNOWN` and `STATUS_UNKNOWN` in `Status`), and
//! packages that import each other through different files (one `.proto` file per package turns
//! that into an import cycle).

mod lower;
mod print;

use std::collections::BTreeMap;

use prost_types::{FileDescriptorProto, FileDescriptorSet};
use trident_idl::Schema;
use trident_idl::Span;
use trident_idl::model::{Field, Primitive, Type, TypeDef, TypeKind, Union, Value};

/// The file that declares `google.protobuf.Timestamp`.
pub(crate) const TIMESTAMP_FILE: &str = "google/protobuf/timestamp.proto";
/// The full name of the timestamp message, as descriptors write it.
pub(crate) const TIMESTAMP_TYPE: &str = ".google.protobuf.Timestamp";

/// How a record field is carried in proto3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    /// A scalar, string, bytes or enum field without presence: the zero value is not written and
    /// an absent field reads as zero.
    Implicit,
    /// A proto3 `optional` field: written whenever set, even to zero, and absence is seen.
    Explicit,
    /// A message field (record, union or timestamp): presence by nature.
    Message,
    /// A `repeated` field (`list<T>`).
    Repeated,
    /// A `map<string, T>` field.
    Map,
}

/// How `field` is carried in proto3 (see the module docs).
pub fn presence(schema: &Schema, field: &Field) -> Presence {
    match &field.ty {
        Type::List(_) => Presence::Repeated,
        Type::Map(_) => Presence::Map,
        Type::Optional(inner) if is_message(schema, inner) => Presence::Message,
        Type::Optional(_) => Presence::Explicit,
        ty if is_message(schema, ty) => Presence::Message,
        _ => match &field.default {
            Some(default) if !is_zero(&default.value) => Presence::Explicit,
            _ => Presence::Implicit,
        },
    }
}

/// Whether values of `ty` are protobuf messages: records, unions and timestamps.
pub(crate) fn is_message(schema: &Schema, ty: &Type) -> bool {
    match ty {
        Type::Primitive(p) => *p == Primitive::Timestamp,
        Type::Named(id) => !matches!(schema.get(*id).kind, TypeKind::Enum(_)),
        Type::List(_) | Type::Map(_) | Type::Optional(_) => false,
    }
}

/// Whether a default is the proto3 zero value of its type.
fn is_zero(value: &Value) -> bool {
    match value {
        Value::Bool(b) => !b,
        Value::Int(n) => *n == 0,
        Value::UInt(n) => *n == 0,
        // Only +0.0 is protobuf's zero: a `-0.0` default must be written out, or a reader would
        // take a missing field for +0.0 (prost) where the schema says -0.0.
        Value::Float(f) => f.to_bits() == 0,
        Value::String(s) => s.is_empty(),
        Value::Bytes(b) => b.is_empty(),
        Value::Enum { number, .. } => *number == 0,
    }
}

/// The protobuf name of the enum value `symbol` of `enum_type`: the symbol, prefixed with the
/// enum's name in SCREAMING_SNAKE_CASE and `_` unless it already starts with that prefix.
pub fn enum_value_name(enum_type: &TypeDef, symbol: &str) -> String {
    trident_idl::protobuf_names::enum_value_name(&enum_type.name, symbol)
}

/// The name of the oneof a union becomes: `value`, with `_` appended until no variant has it.
pub fn oneof_name(union: &Union) -> String {
    let mut name = String::from("value");
    while union.variants.iter().any(|v| v.name == name) {
        name.push('_');
    }
    name
}

/// The `.proto` file of a package: `acme.shop` → `acme/shop.proto`.
pub fn file_name(package: &str) -> String {
    format!("{}.proto", package.replace('.', "/"))
}

/// A schema lowered to protobuf: the file descriptors and where their elements came from.
#[derive(Clone, Debug, PartialEq)]
pub struct ProtoSchema {
    /// One file per package, sorted by file name, each with `source_code_info` holding the
    /// comments and the positions of its elements in the printed `.proto` text.
    pub files: FileDescriptorSet,
    /// The `.tri` span of every message, field, oneof, enum and enum value, keyed by file name
    /// and descriptor path (`[4, 0, 2, 1]` is the second field of the first message).
    pub spans: BTreeMap<(String, Vec<i32>), Span>,
}

/// Lowers a checked schema to protobuf file descriptors (see the module docs for the rules).
pub fn lower(schema: &Schema) -> ProtoSchema {
    lower::lower(schema)
}

/// Prints a file descriptor as `.proto` text.
///
/// The printer covers what [`lower`] produces, plus nested messages and enums, proto2 labels and
/// `json_name`; options other than `deprecated` and `map_entry` are not printed. Comments come
/// from the descriptor's `source_code_info`.
pub fn print(file: &FileDescriptorProto) -> String {
    print::print(file).text
}

/// The `.proto` files of a schema: `(file name, text)`, sorted by file name.
pub fn export(schema: &Schema) -> Vec<(String, String)> {
    lower(schema)
        .files
        .file
        .iter()
        .map(|file| (file.name().to_owned(), print(file)))
        .collect()
}

pub(crate) use trident_idl::protobuf_names::json_name;

/// protoc's name of the entry message of a map field: the JSON name with its first letter
/// capitalized, and `Entry` (`by_name` → `ByNameEntry`).
pub(crate) fn map_entry_name(field: &str) -> String {
    let json = json_name(field);
    let mut chars = json.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    first
        .into_iter()
        .chain(chars)
        .chain("Entry".chars())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_entry_names_follow_protoc() {
        assert_eq!(map_entry_name("by_name"), "ByNameEntry");
        assert_eq!(map_entry_name("labels"), "LabelsEntry");
        assert_eq!(map_entry_name("_x"), "XEntry");
    }

    #[test]
    fn file_names_follow_the_package() {
        assert_eq!(file_name("acme.shop"), "acme/shop.proto");
        assert_eq!(file_name("shop"), "shop.proto");
    }
}
