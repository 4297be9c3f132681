//! How the protobuf checker sees a field: its cardinality, its type as the wire carries it, and
//! its value as the proto3 JSON mapping writes it.

use prost_types::FieldDescriptorProto;
use prost_types::field_descriptor_proto::{Label, Type};

/// How a field's values are carried: buf's cardinality groups, with a list and a map apart
/// (their elements are different messages) and a single value apart from a list (a packed list
/// of numbers is not a single value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cardinality {
    /// Singular, with or without explicit presence (proto3 `optional`, proto2 `optional`).
    Single,
    /// proto2 `required`.
    Required,
    Repeated,
    Map,
}

impl Cardinality {
    pub(super) fn describe(self) -> &'static str {
        match self {
            Cardinality::Single => "a single value",
            Cardinality::Required => "a required value",
            Cardinality::Repeated => "a list",
            Cardinality::Map => "a map",
        }
    }
}

/// A field's type as the wire sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// int32, int64, uint32, uint64, bool: interchangeable on the wire.
    Varint(&'static str),
    Enum(String),
    Float,
    Double,
    String,
    Bytes,
    Message(String),
    /// A proto2 group: a message delimited by start and end tags.
    Group(String),
    /// sint32/sint64, fixed32/sfixed32 and fixed64/sfixed64: interchangeable in pairs.
    Other(&'static str),
}

impl Kind {
    pub(super) fn of(field: &FieldDescriptorProto) -> Kind {
        let name = || field.type_name().trim_start_matches('.').to_string();
        match field.r#type() {
            Type::Int32 => Kind::Varint("int32"),
            Type::Int64 => Kind::Varint("int64"),
            Type::Uint32 => Kind::Varint("uint32"),
            Type::Uint64 => Kind::Varint("uint64"),
            Type::Bool => Kind::Varint("bool"),
            Type::Enum => Kind::Enum(name()),
            Type::Float => Kind::Float,
            Type::Double => Kind::Double,
            Type::String => Kind::String,
            Type::Bytes => Kind::Bytes,
            Type::Message => Kind::Message(name()),
            Type::Group => Kind::Group(name()),
            Type::Sint32 => Kind::Other("sint32"),
            Type::Sint64 => Kind::Other("sint64"),
            Type::Fixed32 => Kind::Other("fixed32"),
            Type::Fixed64 => Kind::Other("fixed64"),
            Type::Sfixed32 => Kind::Other("sfixed32"),
            Type::Sfixed64 => Kind::Other("sfixed64"),
        }
    }

    pub(super) fn describe(&self) -> String {
        match self {
            Kind::Varint(name) | Kind::Other(name) => (*name).to_string(),
            Kind::Enum(name) => format!("enum {name}"),
            Kind::Float => "float".to_string(),
            Kind::Double => "double".to_string(),
            Kind::String => "string".to_string(),
            Kind::Bytes => "bytes".to_string(),
            Kind::Message(name) => format!("message {name}"),
            Kind::Group(name) => format!("group {name}"),
        }
    }

    /// Whether two different scalar types share an encoding: buf's wire groups.
    pub(super) fn same_wire_group(&self, other: &Kind) -> bool {
        match (self, other) {
            (Kind::Varint(_), Kind::Varint(_)) => true,
            (Kind::Other(a), Kind::Other(b)) => [
                ["sint32", "sint64"],
                ["fixed32", "sfixed32"],
                ["fixed64", "sfixed64"],
            ]
            .iter()
            .any(|group| group.contains(a) && group.contains(b)),
            _ => false,
        }
    }
}

/// What the proto3 JSON mapping writes for a value of a field's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum JsonKind {
    /// 32-bit integers: a JSON number.
    Number32,
    /// 64-bit integers: a JSON string of digits.
    String64,
    /// float and double: a JSON number (or "NaN", "Infinity").
    Float,
    Bool,
    /// Text: a JSON string.
    Text,
    /// Bytes: a JSON string of base64.
    Base64,
    /// An enum: the value's name, by enum.
    Enum(String),
    /// A message: a JSON object (or the well-known type's own form), by message.
    Message(String),
}

impl JsonKind {
    pub(super) fn of(field: &FieldDescriptorProto) -> JsonKind {
        let name = || field.type_name().trim_start_matches('.').to_string();
        match field.r#type() {
            Type::Int32 | Type::Uint32 | Type::Sint32 | Type::Fixed32 | Type::Sfixed32 => {
                JsonKind::Number32
            }
            Type::Int64 | Type::Uint64 | Type::Sint64 | Type::Fixed64 | Type::Sfixed64 => {
                JsonKind::String64
            }
            Type::Float | Type::Double => JsonKind::Float,
            Type::Bool => JsonKind::Bool,
            Type::String => JsonKind::Text,
            Type::Bytes => JsonKind::Base64,
            Type::Enum => JsonKind::Enum(name()),
            Type::Message | Type::Group => JsonKind::Message(name()),
        }
    }

    pub(super) fn describe(&self) -> &'static str {
        match self {
            JsonKind::Number32 => "a JSON number (32-bit integer)",
            JsonKind::String64 => "a JSON string of digits (64-bit integer)",
            JsonKind::Float => "a JSON number",
            JsonKind::Bool => "a JSON boolean",
            JsonKind::Text => "a JSON string",
            JsonKind::Base64 => "a JSON string of base64",
            JsonKind::Enum(_) => "the enum value's name",
            JsonKind::Message(_) => "a JSON object",
        }
    }
}

/// The key a field has in proto3 JSON: its `json_name`, or its name in lowerCamelCase as protoc
/// derives it.
pub(super) fn json_name(field: &FieldDescriptorProto) -> String {
    match &field.json_name {
        Some(name) => name.clone(),
        None => trident_idl::protobuf_names::json_name(field.name()),
    }
}

/// The field's cardinality; `is_map_entry` tells whether a message type is a map entry.
pub(super) fn cardinality(
    field: &FieldDescriptorProto,
    is_map_entry: impl Fn(&str) -> bool,
) -> Cardinality {
    match field.label() {
        Label::Repeated if field.r#type() == Type::Message && is_map_entry(field.type_name()) => {
            Cardinality::Map
        }
        Label::Repeated => Cardinality::Repeated,
        Label::Required => Cardinality::Required,
        Label::Optional => Cardinality::Single,
    }
}

/// The index of the real oneof a field belongs to (proto3 `optional` fields' synthetic oneofs
/// do not count).
pub(super) fn oneof(field: &FieldDescriptorProto) -> Option<usize> {
    if field.proto3_optional() {
        return None;
    }
    usize::try_from(field.oneof_index?).ok()
}

/// The new oneof the old oneof `i` became: the one that holds most of its fields that still
/// exist (by number; the one with the same name on a tie), so a renamed oneof, or one that gained
/// or lost members, is still the same oneof.
pub(super) fn paired_oneof(
    old: &prost_types::DescriptorProto,
    new: &prost_types::DescriptorProto,
    i: usize,
) -> Option<usize> {
    let name = old.oneof_decl.get(i)?.name();
    let mut counts = vec![0usize; new.oneof_decl.len()];
    for field in old.field.iter().filter(|f| oneof(f) == Some(i)) {
        let target = new
            .field
            .iter()
            .find(|f| f.number() == field.number())
            .and_then(oneof);
        if let Some(j) = target.filter(|&j| j < counts.len()) {
            counts[j] += 1;
        }
    }
    (0..counts.len())
        .filter(|&j| counts[j] > 0)
        .max_by_key(|&j| (counts[j], new.oneof_decl[j].name() == name))
}
