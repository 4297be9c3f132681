//! Protobuf rules, on the descriptors the `.proto` exporter writes, at the level of buf's WIRE
//! category: messages and enums paired by full name, fields and enum values paired by number,
//! field types allowed to change only within wire-compatible groups.
//!
//! Protobuf's rules are mostly symmetric: a change that corrupts data read one way corrupts it
//! the other way too, and a number given up without `reserved` is a break in both directions
//! because a later field could reuse it. The exceptions are spelled out where they occur
//! (`string` → `bytes` breaks only old readers; a changed default breaks the side that reads
//! absence differently).

use std::collections::{BTreeMap, HashSet};

use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorSet};
use trident_formats::protobuf::lower;
use trident_idl::model::{Type as TriType, TypeKind};

use crate::finding::Finding;
use crate::rules::{Break, Direction, Format, Rule};
use crate::version::Version;

/// The messages and enums of one version, by full name (without the leading dot).
struct Index<'a> {
    messages: BTreeMap<String, &'a DescriptorProto>,
    enums: BTreeMap<String, &'a EnumDescriptorProto>,
}

impl<'a> Index<'a> {
    fn new(set: &'a FileDescriptorSet) -> Index<'a> {
        let mut index = Index {
            messages: BTreeMap::new(),
            enums: BTreeMap::new(),
        };
        for file in &set.file {
            let package = file.package();
            for message in &file.message_type {
                index.add_message(&qualify(package, message.name()), message);
            }
            for e in &file.enum_type {
                index.enums.insert(qualify(package, e.name()), e);
            }
        }
        index
    }

    fn add_message(&mut self, full_name: &str, message: &'a DescriptorProto) {
        for nested in &message.nested_type {
            self.add_message(&format!("{full_name}.{}", nested.name()), nested);
        }
        for e in &message.enum_type {
            self.enums.insert(format!("{full_name}.{}", e.name()), e);
        }
        self.messages.insert(full_name.to_string(), message);
    }

    fn is_map_entry(&self, type_name: &str) -> bool {
        self.messages
            .get(type_name.trim_start_matches('.'))
            .is_some_and(|m| m.options.as_ref().is_some_and(|o| o.map_entry()))
    }
}

fn qualify(package: &str, name: &str) -> String {
    if package.is_empty() {
        name.to_string()
    } else {
        format!("{package}.{name}")
    }
}

/// How a field's values are carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cardinality {
    Single,
    Repeated,
    Map,
}

impl Cardinality {
    fn describe(self) -> &'static str {
        match self {
            Cardinality::Single => "a single value",
            Cardinality::Repeated => "a list",
            Cardinality::Map => "a map",
        }
    }
}

/// A field's type as the wire sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// int32, int64, uint32, uint64, bool: interchangeable on the wire.
    Varint(&'static str),
    Enum(String),
    Float,
    Double,
    String,
    Bytes,
    Message(String),
    Other(&'static str),
}

impl Kind {
    fn of(field: &FieldDescriptorProto) -> Kind {
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
            Type::Message | Type::Group => Kind::Message(name()),
            Type::Sint32 => Kind::Other("sint32"),
            Type::Sint64 => Kind::Other("sint64"),
            Type::Fixed32 => Kind::Other("fixed32"),
            Type::Fixed64 => Kind::Other("fixed64"),
            Type::Sfixed32 => Kind::Other("sfixed32"),
            Type::Sfixed64 => Kind::Other("sfixed64"),
        }
    }

    fn describe(&self) -> String {
        match self {
            Kind::Varint(name) | Kind::Other(name) => (*name).to_string(),
            Kind::Enum(name) => format!("enum {name}"),
            Kind::Float => "float".to_string(),
            Kind::Double => "double".to_string(),
            Kind::String => "string".to_string(),
            Kind::Bytes => "bytes".to_string(),
            Kind::Message(name) => format!("message {name}"),
        }
    }
}

struct Checker<'a> {
    old: &'a Version,
    new: &'a Version,
    old_index: Index<'a>,
    new_index: Index<'a>,
    findings: Vec<Finding>,
}

pub(crate) fn compare(old: &Version, new: &Version) -> Vec<Finding> {
    let old_set = lower(&old.schema).files;
    let new_set = lower(&new.schema).files;
    let mut checker = Checker {
        old,
        new,
        old_index: Index::new(&old_set),
        new_index: Index::new(&new_set),
        findings: Vec::new(),
    };
    checker.run();
    checker.findings
}

fn both() -> [Break; 2] {
    Break::both(Format::Protobuf)
}

impl Checker<'_> {
    fn run(&mut self) {
        // Only the schema's own types; map entries are compared with their fields.
        let old_types: Vec<String> = self
            .old
            .schema
            .types()
            .iter()
            .map(|t| t.full_name())
            .collect();
        for name in old_types {
            let old_message = self.old_index.messages.get(&name).copied();
            let old_enum = self.old_index.enums.get(&name).copied();
            let new_message = self.new_index.messages.get(&name).copied();
            let new_enum = self.new_index.enums.get(&name).copied();
            match (old_message, old_enum, new_message, new_enum) {
                (Some(_), _, Some(_), _) if self.is_union(&name) != self.is_union_in_new(&name) => {
                    let (from, to) = if self.is_union(&name) {
                        ("union", "record")
                    } else {
                        ("record", "union")
                    };
                    let finding = Finding::new(
                        Rule::TypeKindChanged,
                        &name,
                        None,
                        format!("`{name}` changed from {from} to {to}"),
                    )
                    .breaking(
                        both(),
                        "a union is a message holding one oneof: a reader of the union keeps only \
                         the last of a record's fields, and a reader of the record cannot tell \
                         which one variant was set",
                    )
                    .at(self.old.locate_type(&name), self.new.locate_type(&name));
                    self.findings.push(finding);
                }
                (Some(o), _, Some(n), _) => self.message(&name, o, n),
                (_, Some(o), _, Some(n)) => self.enumeration(&name, o, n),
                (Some(_), _, _, Some(_)) | (_, Some(_), Some(_), _) => {
                    let finding = Finding::new(
                        Rule::TypeKindChanged,
                        &name,
                        None,
                        format!("`{name}` changed between message and enum"),
                    )
                    .breaking(both(), "a message and an enum are encoded differently")
                    .at(self.old.locate_type(&name), self.new.locate_type(&name));
                    self.findings.push(finding);
                }
                _ => self.removed_type(&name),
            }
        }
    }

    fn removed_type(&mut self, name: &str) {
        // Renamed with `#[alias("Old")]`: one finding, shared with Avro's.
        let renamed_to = self.new.schema.types().iter().find(|t| {
            t.aliases.iter().any(|alias| {
                let alias = &alias.value;
                if alias.contains('.') || t.package.is_empty() {
                    alias == name
                } else {
                    format!("{}.{alias}", t.package) == name
                }
            })
        });
        if let Some(renamed) = renamed_to {
            let target = renamed.full_name();
            let finding = Finding::new(
                Rule::TypeRenamed,
                &target,
                None,
                format!("`{name}` was renamed to `{target}`"),
            )
            .note(
                Format::Protobuf,
                "the bytes of its values are the same (fields that refer to it are compared \
                 separately); generated code that names it changes",
            )
            .at(self.old.locate_type(name), self.new.locate_type(&target));
            self.findings.push(finding);
            return;
        }
        let simple = name.rsplit('.').next().unwrap_or(name);
        let moved_to = self
            .new
            .schema
            .types()
            .iter()
            .map(|t| t.full_name())
            .find(|full| full.rsplit('.').next() == Some(simple) && self.old.ty(full).is_none());
        let finding = match moved_to {
            Some(target) => Finding::new(
                Rule::TypeMoved,
                name,
                None,
                format!("`{name}` moved to `{target}`"),
            )
            .note(
                Format::Protobuf,
                "the bytes of its values are the same (fields that refer to it are compared \
                     separately); `Any` type URLs and generated code that name it change",
            )
            .at(self.old.locate_type(name), self.new.locate_type(&target)),
            None => Finding::new(
                Rule::TypeRemoved,
                name,
                None,
                format!("`{name}` was removed"),
            )
            .note(
                Format::Protobuf,
                "removing a type breaks no bytes by itself (fields that used it are reported \
                     separately), but generated code that names it no longer compiles",
            )
            .at(self.old.locate_type(name), None),
        };
        self.findings.push(finding);
    }

    /// Whether the type is a union (a message holding one oneof) in the old version.
    fn is_union(&self, name: &str) -> bool {
        self.old
            .ty(name)
            .is_some_and(|t| matches!(t.kind, TypeKind::Union(_)))
    }

    /// Whether the type is a union in the new version.
    fn is_union_in_new(&self, name: &str) -> bool {
        self.new
            .ty(name)
            .is_some_and(|t| matches!(t.kind, TypeKind::Union(_)))
    }

    fn message(&mut self, name: &str, old: &DescriptorProto, new: &DescriptorProto) {
        let union = self.is_union(name);
        let (removed_rule, renumbered_rule, what) = if union {
            (Rule::VariantRemoved, Rule::VariantRenumbered, "variant")
        } else {
            (Rule::FieldRemoved, Rule::FieldNumberChanged, "field")
        };
        for old_field in &old.field {
            let number = old_field.number();
            let member = old_field.name();
            match new.field.iter().find(|f| f.number() == number) {
                Some(new_field) => self.field(name, old_field, new_field),
                None => {
                    let old_at = self.old.locate_number(name, i64::from(number));
                    if let Some(moved) = new.field.iter().find(|f| f.name() == member) {
                        let finding = Finding::new(
                            renumbered_rule,
                            name,
                            Some(member),
                            format!("{what} `{member}` of `{name}` changed its number from {number} to {}", moved.number()),
                        )
                        .breaking(both(), "protobuf identifies fields by number: old data's values land in no field, or in another")
                        .at(old_at, self.new.locate_number(name, i64::from(moved.number())));
                        self.findings.push(finding);
                    } else if reserves_number(new, number) {
                        // Removed with its number reserved: safe on the wire.
                    } else {
                        let finding = Finding::new(removed_rule, name, Some(member), format!("{what} `{member}` (@{number}) of `{name}` was removed"))
                            .breaking(
                                both(),
                                format!("number {number} is not reserved, so a later {what} could reuse it and misread old data; add `reserved @{number};`"),
                            )
                            .at(self.old.locate_member(name, member).or(old_at), self.new.locate_type(name));
                        self.findings.push(finding);
                    }
                }
            }
        }
        for new_field in &new.field {
            let number = new_field.number();
            if old.field.iter().any(|f| f.number() == number) {
                continue;
            }
            if reserves_number(old, number) {
                let member = new_field.name();
                let finding = Finding::new(
                    Rule::ReservedReused,
                    name,
                    Some(member),
                    format!(
                        "{what} `{member}` of `{name}` uses number {number}, which was reserved"
                    ),
                )
                .breaking(
                    both(),
                    "the number belonged to a removed field; old data holding it is misread",
                )
                .at(
                    self.old
                        .locate_reserved(name, Some(i64::from(number)), None),
                    self.new.locate_number(name, i64::from(number)),
                );
                self.findings.push(finding);
            }
        }
        for range in &old.reserved_range {
            // Descriptor ranges end exclusively.
            let (start, end) = (range.start(), range.end() - 1);
            let still = (start..=end)
                .all(|n| reserves_number(new, n) || new.field.iter().any(|f| f.number() == n));
            if !still {
                let shown = if start == end {
                    format!("{start}")
                } else {
                    format!("{start}..{end}")
                };
                let finding = Finding::new(
                    Rule::ReservedRemoved,
                    name,
                    Some(&shown),
                    format!("reserved number(s) {shown} of `{name}` are no longer reserved"),
                )
                .breaking(
                    both(),
                    "a later field could reuse a number that old data still holds",
                )
                .at(
                    self.old.locate_reserved(name, Some(i64::from(start)), None),
                    self.new.locate_type(name),
                );
                self.findings.push(finding);
            }
        }
    }

    fn field(&mut self, name: &str, old: &FieldDescriptorProto, new: &FieldDescriptorProto) {
        let member = new.name();
        let number = i64::from(new.number());
        // A change to a field is shown at its name in both versions.
        let at = (
            self.old
                .locate_member(name, old.name())
                .or_else(|| self.old.locate_number(name, number)),
            self.new
                .locate_member(name, member)
                .or_else(|| self.new.locate_number(name, number)),
        );
        let cardinality = |f: &FieldDescriptorProto, index: &Index<'_>| {
            if f.label() == Label::Repeated {
                if f.r#type() == Type::Message && index.is_map_entry(f.type_name()) {
                    Cardinality::Map
                } else {
                    Cardinality::Repeated
                }
            } else {
                Cardinality::Single
            }
        };
        let (old_card, new_card) = (
            cardinality(old, &self.old_index),
            cardinality(new, &self.new_index),
        );
        if old_card != new_card {
            let finding = Finding::new(
                Rule::CardinalityChanged,
                name,
                Some(member),
                format!(
                    "field `{member}` of `{name}` changed from {} to {}",
                    old_card.describe(),
                    new_card.describe()
                ),
            )
            .at(at.0, at.1);
            // A repeated field reads one element written singly (numbers packed or not); a
            // singular field keeps only the last of several, and cannot read packed numbers.
            let finding = match (old_card, new_card) {
                (Cardinality::Single, Cardinality::Repeated) => finding.breaking(
                    [Break::new(Format::Protobuf, Direction::Forward)],
                    "old readers expect one value: of a new list they keep the last element (or \
                     merge message elements), and a packed list of numbers they cannot read",
                ),
                (Cardinality::Repeated, Cardinality::Single) => finding.breaking(
                    [Break::new(Format::Protobuf, Direction::Backward)],
                    "new readers expect one value: of an old list they keep the last element (or \
                     merge message elements), and a packed list of numbers they cannot read",
                ),
                _ => finding.breaking(
                    both(),
                    "a map's entries are messages of their own: singular, repeated and map fields \
                     do not read each other",
                ),
            };
            self.findings.push(finding);
            return;
        }
        if old_card == Cardinality::Map {
            let value = |f: &FieldDescriptorProto, index: &Index<'_>| {
                index
                    .messages
                    .get(f.type_name().trim_start_matches('.'))
                    .and_then(|entry| entry.field.iter().find(|v| v.number() == 2))
                    .cloned()
            };
            if let (Some(old_value), Some(new_value)) =
                (value(old, &self.old_index), value(new, &self.new_index))
            {
                self.types(
                    name,
                    member,
                    Rule::MapValueTypeChanged,
                    &old_value,
                    &new_value,
                    at,
                );
            }
            return;
        }
        let rule = if self.is_union(name) {
            Rule::VariantTypeChanged
        } else {
            Rule::FieldTypeChanged
        };
        self.types(name, member, rule, old, new, at.clone());
        self.presence(name, member, old, new, at);
    }

    /// Compares the value types of two fields with one number.
    fn types(
        &mut self,
        name: &str,
        member: &str,
        rule: Rule,
        old: &FieldDescriptorProto,
        new: &FieldDescriptorProto,
        at: (
            Option<crate::finding::Location>,
            Option<crate::finding::Location>,
        ),
    ) {
        let (old_kind, new_kind) = (Kind::of(old), Kind::of(new));
        if old_kind == new_kind {
            return;
        }
        let change = format!(
            "field `{member}` of `{name}` changed type from {} to {}",
            old_kind.describe(),
            new_kind.describe()
        );
        let finding = match (&old_kind, &new_kind) {
            (Kind::Varint(_), Kind::Varint(_)) => return,
            // The other groups of values that share an encoding (`.proto` input only).
            (Kind::Other(a), Kind::Other(b))
                if [
                    ["sint32", "sint64"],
                    ["fixed32", "sfixed32"],
                    ["fixed64", "sfixed64"],
                ]
                .iter()
                .any(|group| group.contains(a) && group.contains(b)) =>
            {
                return;
            }
            (Kind::String, Kind::Bytes) => Finding::new(rule, name, Some(member), change).breaking(
                [Break::new(Format::Protobuf, Direction::Forward)],
                "old readers expect UTF-8 text, and new bytes need not be",
            ),
            (Kind::Bytes, Kind::String) => Finding::new(rule, name, Some(member), change).breaking(
                [Break::new(Format::Protobuf, Direction::Backward)],
                "new readers expect UTF-8 text, and old bytes need not be",
            ),
            (Kind::Message(o), Kind::Message(n)) if self.same_shape_messages(o, n, &mut HashSet::new()) => {
                Finding::new(Rule::TypeRenamed, name, Some(member), format!("field `{member}` of `{name}` now refers to `{n}` instead of `{o}`, which has the same shape"))
                    .note(Format::Protobuf, "the bytes are the same; generated code that names the type changes")
            }
            (Kind::Enum(o), Kind::Enum(n)) if self.same_shape_enums(o, n) => {
                Finding::new(Rule::TypeRenamed, name, Some(member), format!("field `{member}` of `{name}` now refers to enum `{n}` instead of `{o}`, which has the same values"))
                    .note(Format::Protobuf, "the numbers on the wire are the same; generated code that names the type changes")
            }
            _ => Finding::new(rule, name, Some(member), change)
                .breaking(both(), "the two types are not wire-compatible: old and new readers misread each other's data"),
        };
        self.findings.push(finding.at(at.0, at.1));
    }

    /// A changed default can change what absence means on the wire.
    fn presence(
        &mut self,
        name: &str,
        member: &str,
        old: &FieldDescriptorProto,
        new: &FieldDescriptorProto,
        at: (
            Option<crate::finding::Location>,
            Option<crate::finding::Location>,
        ),
    ) {
        let trident_optional = |version: &Version| {
            version.ty(name).is_some_and(|t| match &t.kind {
                TypeKind::Record(r) => r
                    .fields
                    .iter()
                    .any(|f| f.name == member && matches!(f.ty, TriType::Optional(_))),
                _ => false,
            })
        };
        if trident_optional(self.old) || trident_optional(self.new) {
            return; // `optional` itself: the same cardinality group, fine on the wire.
        }
        let direction = match (old.proto3_optional(), new.proto3_optional()) {
            (false, true) => Direction::Backward,
            (true, false) => Direction::Forward,
            _ => return,
        };
        let reason = match direction {
            Direction::Backward => {
                "old writers left out zero values; new readers take the missing field as the new non-zero default"
            }
            Direction::Forward => {
                "new writers leave out zero values; old readers take the missing field as the old non-zero default"
            }
        };
        let finding = Finding::new(
            Rule::DefaultChanged,
            name,
            Some(member),
            format!(
                "the default of field `{member}` of `{name}` changed between zero and non-zero"
            ),
        )
        .breaking([Break::new(Format::Protobuf, direction)], reason)
        .at(at.0, at.1);
        self.findings.push(finding);
    }

    fn same_shape_messages(
        &self,
        old: &str,
        new: &str,
        seen: &mut HashSet<(String, String)>,
    ) -> bool {
        if !seen.insert((old.to_string(), new.to_string())) {
            return true;
        }
        let (Some(o), Some(n)) = (
            self.old_index.messages.get(old),
            self.new_index.messages.get(new),
        ) else {
            return false;
        };
        o.field.len() == n.field.len()
            && o.field.iter().all(|of| {
                n.field.iter().any(|nf| {
                    nf.number() == of.number()
                        && nf.label() == of.label()
                        && match (Kind::of(of), Kind::of(nf)) {
                            (Kind::Message(a), Kind::Message(b)) => {
                                self.same_shape_messages(&a, &b, seen)
                            }
                            (Kind::Enum(a), Kind::Enum(b)) => self.same_shape_enums(&a, &b),
                            (Kind::Varint(_), Kind::Varint(_)) => true,
                            (a, b) => a == b,
                        }
                })
            })
    }

    fn same_shape_enums(&self, old: &str, new: &str) -> bool {
        let (Some(o), Some(n)) = (self.old_index.enums.get(old), self.new_index.enums.get(new))
        else {
            return false;
        };
        o.value
            .iter()
            .all(|ov| n.value.iter().any(|nv| nv.number() == ov.number()))
    }

    fn enumeration(&mut self, name: &str, old: &EnumDescriptorProto, new: &EnumDescriptorProto) {
        // Values are reported by their schema symbols, which the export prefixes.
        let symbol = |version: &Version, number: i32| {
            version.ty(name).and_then(|t| match &t.kind {
                TypeKind::Enum(e) => e
                    .values
                    .iter()
                    .find(|v| v.number == number)
                    .map(|v| v.name.clone()),
                _ => None,
            })
        };
        for old_value in &old.value {
            let number = old_value.number();
            let member = symbol(self.old, number).unwrap_or_else(|| old_value.name().to_string());
            if new.value.iter().any(|v| v.number() == number) {
                continue;
            }
            let new_symbol_number = self.new.ty(name).and_then(|t| match &t.kind {
                TypeKind::Enum(e) => e.values.iter().find(|v| v.name == member).map(|v| v.number),
                _ => None,
            });
            let old_at = self.old.locate_number(name, i64::from(number));
            let finding = if let Some(new_number) = new_symbol_number {
                Finding::new(Rule::EnumValueRenumbered, name, Some(&member), format!("enum value `{member}` of `{name}` changed its number from {number} to {new_number}"))
                    .breaking(both(), "protobuf carries enum values as numbers: old data reads as another value")
                    .at(old_at, self.new.locate_number(name, i64::from(new_number)))
            } else if new
                .reserved_range
                .iter()
                .any(|r| (r.start()..=r.end()).contains(&number))
            {
                continue;
            } else {
                Finding::new(Rule::EnumValueRemoved, name, Some(&member), format!("enum value `{member}` ({number}) of `{name}` was removed"))
                    .breaking(both(), format!("number {number} is not reserved, so a later value could reuse it and misread old data; add `reserved {number};`"))
                    .at(self.old.locate_member(name, &member).or(old_at), self.new.locate_type(name))
            };
            self.findings.push(finding);
        }
        for new_value in &new.value {
            let number = new_value.number();
            if old.value.iter().any(|v| v.number() == number) {
                continue;
            }
            if old
                .reserved_range
                .iter()
                .any(|r| (r.start()..=r.end()).contains(&number))
            {
                let member =
                    symbol(self.new, number).unwrap_or_else(|| new_value.name().to_string());
                let finding = Finding::new(
                    Rule::ReservedReused,
                    name,
                    Some(&member),
                    format!(
                        "enum value `{member}` of `{name}` uses number {number}, which was reserved"
                    ),
                )
                .breaking(
                    both(),
                    "the number belonged to a removed value; old data holding it is misread",
                )
                .at(
                    self.old
                        .locate_reserved(name, Some(i64::from(number)), None),
                    self.new.locate_number(name, i64::from(number)),
                );
                self.findings.push(finding);
            }
        }
        for range in &old.reserved_range {
            // Enum reserved ranges end inclusively.
            let (start, end) = (range.start(), range.end());
            let covered = |n: i32| {
                new.reserved_range
                    .iter()
                    .any(|r| (r.start()..=r.end()).contains(&n))
                    || new.value.iter().any(|v| v.number() == n)
            };
            let still = if end - start > 1000 {
                covered(start) && covered(end)
            } else {
                (start..=end).all(covered)
            };
            if !still {
                let shown = if start == end {
                    format!("{start}")
                } else {
                    format!("{start}..{end}")
                };
                let finding = Finding::new(
                    Rule::ReservedRemoved,
                    name,
                    Some(&shown),
                    format!("reserved value number(s) {shown} of `{name}` are no longer reserved"),
                )
                .breaking(
                    both(),
                    "a later value could reuse a number that old data still holds",
                )
                .at(
                    self.old.locate_reserved(name, Some(i64::from(start)), None),
                    self.new.locate_type(name),
                );
                self.findings.push(finding);
            }
        }
    }
}

/// Whether a message reserves a field number (descriptor ranges end exclusively).
fn reserves_number(message: &DescriptorProto, number: i32) -> bool {
    message
        .reserved_range
        .iter()
        .any(|r| r.start() <= number && number < r.end())
}
