//! Protobuf rules, on descriptors (the ones the `.proto` exporter writes for `.tri` input, the
//! ones protox compiles for `.proto` input), at the level of buf's WIRE category: messages, enums
//! and services paired by full name, fields and enum values paired by number, field types allowed
//! to change only within wire-compatible groups. When both versions are `.proto` files, the
//! proto3 JSON mapping is judged too (buf's WIRE_JSON): names, `json_name`, JSON value kinds and
//! reserved names, reported as the `json` format; services, oneofs, packages and proto2
//! `required` and `[default = …]` are compared as well.
//!
//! Protobuf's rules are mostly symmetric: a change that corrupts data read one way corrupts it
//! the other way too, and a number given up without `reserved` is a break in both directions
//! because a later field could reuse it. The exceptions are spelled out where they occur
//! (`string` → `bytes` breaks only old readers; a changed default breaks the side that reads
//! absence differently).

mod enums;
mod kind;
mod services;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use prost_types::{DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorSet};
use trident_formats::protobuf::lower;
use trident_idl::model::{Type as TriType, TypeKind};

use crate::finding::{Finding, Location};
use crate::rules::{Break, Direction, Format, Rule};
use crate::version::Version;
use kind::{Cardinality, JsonKind, Kind};

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

/// The descriptors of a version: compiled from `.proto` input, or lowered from `.tri` files.
fn descriptors(version: &Version) -> Cow<'_, FileDescriptorSet> {
    match &version.proto {
        Some(proto) => Cow::Borrowed(&proto.set),
        None => Cow::Owned(lower(&version.schema).files),
    }
}

/// The full names of the messages and enums a version defines (for `.proto` input, those of
/// the input files; map entries are compared with their fields).
fn own_types(version: &Version) -> Vec<String> {
    match &version.proto {
        Some(proto) => proto.input_types(),
        None => version
            .schema
            .types()
            .iter()
            .map(|t| t.full_name())
            .collect(),
    }
}

/// A location in each version.
type At = (Option<Location>, Option<Location>);

struct Checker<'a> {
    old: &'a Version,
    new: &'a Version,
    old_index: Index<'a>,
    new_index: Index<'a>,
    new_types: Vec<String>,
    /// Both versions are `.proto` files: the proto3 JSON mapping is judged too, and oneofs,
    /// services, packages and proto2 labels and defaults are compared as written.
    proto: bool,
    findings: Vec<Finding>,
}

pub(crate) fn compare(old: &Version, new: &Version) -> Vec<Finding> {
    let old_set = descriptors(old);
    let new_set = descriptors(new);
    let mut checker = Checker {
        old,
        new,
        old_index: Index::new(&old_set),
        new_index: Index::new(&new_set),
        new_types: own_types(new),
        proto: old.is_proto() && new.is_proto(),
        findings: Vec::new(),
    };
    checker.run();
    checker.findings
}

fn both() -> [Break; 2] {
    Break::both(Format::Protobuf)
}

fn json_both() -> [Break; 2] {
    Break::both(Format::Json)
}

impl Checker<'_> {
    fn run(&mut self) {
        for name in own_types(self.old) {
            let old_message = self.old_index.messages.get(&name).copied();
            let old_enum = self.old_index.enums.get(&name).copied();
            let new_message = self.new_index.messages.get(&name).copied();
            let new_enum = self.new_index.enums.get(&name).copied();
            match (old_message, old_enum, new_message, new_enum) {
                (Some(_), _, Some(_), _)
                    if !self.proto && self.is_union(&name) != self.is_union_in_new(&name) =>
                {
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
                    let finding = if self.proto {
                        finding.breaking(json_both(), "a message is a JSON object, an enum a name")
                    } else {
                        finding
                    };
                    self.findings.push(finding);
                }
                _ => self.removed_type(&name),
            }
        }
        if self.proto {
            self.packages();
            self.services();
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
            .new_types
            .iter()
            .find(|full| full.rsplit('.').next() == Some(simple) && !self.old.has_type(full))
            .cloned();
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
        is_union_in(self.old, &self.old_index, name)
    }

    /// Whether the type is a union in the new version.
    fn is_union_in_new(&self, name: &str) -> bool {
        is_union_in(self.new, &self.new_index, name)
    }

    fn message(&mut self, name: &str, old: &DescriptorProto, new: &DescriptorProto) {
        let union = !self.proto && self.is_union(name);
        let (removed_rule, renumbered_rule, what) = if union {
            (Rule::VariantRemoved, Rule::VariantRenumbered, "variant")
        } else {
            (Rule::FieldRemoved, Rule::FieldNumberChanged, "field")
        };
        for old_field in &old.field {
            let number = old_field.number();
            match new.field.iter().find(|f| f.number() == number) {
                Some(new_field) => self.field(name, (old, old_field), (new, new_field)),
                None => {
                    self.removed_field(name, old_field, new, (removed_rule, renumbered_rule, what))
                }
            }
        }
        for new_field in &new.field {
            let number = new_field.number();
            if old.field.iter().any(|f| f.number() == number) {
                continue;
            }
            let member = new_field.name();
            if reserves_number(old, number) {
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
            if self.proto {
                self.added_field(name, old, new_field);
            }
        }
        // Descriptor ranges of messages end exclusively.
        let ranges = |m: &DescriptorProto| -> Vec<(i64, i64)> {
            m.reserved_range
                .iter()
                .map(|r| (i64::from(r.start()), i64::from(r.end()) - 1))
                .collect()
        };
        let numbers = new.field.iter().map(|f| i64::from(f.number()));
        self.dropped_reserved_ranges(name, "field", &ranges(old), ranges(new), numbers);
        if self.proto {
            let fields: Vec<&str> = new.field.iter().map(|f| f.name()).collect();
            self.dropped_reserved_names(name, &old.reserved_name, &new.reserved_name, &fields);
        }
    }

    /// An old field whose number the new message no longer uses.
    fn removed_field(
        &mut self,
        name: &str,
        old_field: &FieldDescriptorProto,
        new: &DescriptorProto,
        (removed_rule, renumbered_rule, what): (Rule, Rule, &str),
    ) {
        let number = old_field.number();
        let member = old_field.name();
        let old_at = self.old.locate_number(name, i64::from(number));
        if let Some(moved) = new.field.iter().find(|f| f.name() == member) {
            let finding = Finding::new(
                renumbered_rule,
                name,
                Some(member),
                format!(
                    "{what} `{member}` of `{name}` changed its number from {number} to {}",
                    moved.number()
                ),
            )
            .breaking(
                both(),
                "protobuf identifies fields by number: old data's values land in no field, or in \
                 another",
            )
            .at(
                old_at,
                self.new.locate_number(name, i64::from(moved.number())),
            );
            self.findings.push(finding);
            return;
        }
        let mut finding = Finding::new(
            removed_rule,
            name,
            Some(member),
            if self.old.is_proto() {
                format!("{what} `{member}` (= {number}) of `{name}` was removed")
            } else {
                format!("{what} `{member}` (@{number}) of `{name}` was removed")
            },
        )
        .at(
            self.old.locate_member(name, member).or(old_at),
            self.new.locate_type(name),
        );
        if !reserves_number(new, number) {
            let reserve = if self.proto {
                format!("add `reserved {number};`")
            } else {
                format!("add `reserved @{number};`")
            };
            finding = finding.breaking(
                both(),
                format!(
                    "number {number} is not reserved, so a later {what} could reuse it and misread \
                     old data; {reserve}"
                ),
            );
        }
        if self.proto && old_field.label() == prost_types::field_descriptor_proto::Label::Required {
            finding = finding.breaking(
                [
                    Break::new(Format::Protobuf, Direction::Forward),
                    Break::new(Format::Json, Direction::Forward),
                ],
                "the field is required: old readers reject data without it",
            );
        }
        if self.proto && !new.reserved_name.iter().any(|n| n == member) {
            finding = finding.breaking(
                json_both(),
                format!(
                    "the name is not reserved, so a later field could take the JSON key of old \
                     data; add `reserved \"{member}\";`"
                ),
            );
        }
        if finding.is_breaking() {
            self.findings.push(finding);
        }
    }

    fn field(
        &mut self,
        name: &str,
        (old_message, old): (&DescriptorProto, &FieldDescriptorProto),
        (new_message, new): (&DescriptorProto, &FieldDescriptorProto),
    ) {
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
        if self.proto {
            self.names(name, old, new, at.clone());
            self.oneofs(name, (old_message, old), (new_message, new), at.clone());
            self.defaults(name, old, new, at.clone());
        }
        let (old_card, new_card) = (
            kind::cardinality(old, |t| self.old_index.is_map_entry(t)),
            kind::cardinality(new, |t| self.new_index.is_map_entry(t)),
        );
        if old_card != new_card {
            self.cardinality(name, member, (old_card, new_card), at);
            return;
        }
        if old_card == Cardinality::Map {
            let entry = |f: &FieldDescriptorProto, index: &Index<'_>, number: i32| {
                index
                    .messages
                    .get(f.type_name().trim_start_matches('.'))
                    .and_then(|entry| entry.field.iter().find(|v| v.number() == number))
                    .cloned()
            };
            for (number, rule) in [(1, Rule::MapKeyTypeChanged), (2, Rule::MapValueTypeChanged)] {
                if let (Some(old_entry), Some(new_entry)) = (
                    entry(old, &self.old_index, number),
                    entry(new, &self.new_index, number),
                ) {
                    self.types(name, member, rule, &old_entry, &new_entry, at.clone());
                }
            }
            return;
        }
        let rule = if !self.proto && self.is_union(name) {
            Rule::VariantTypeChanged
        } else {
            Rule::FieldTypeChanged
        };
        self.types(name, member, rule, old, new, at.clone());
        if !self.old.is_proto() && !self.new.is_proto() {
            self.presence(name, member, old, new, at);
        }
    }

    fn cardinality(
        &mut self,
        name: &str,
        member: &str,
        (old_card, new_card): (Cardinality, Cardinality),
        at: At,
    ) {
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
        // A repeated field reads one element written singly (numbers packed or not); a singular
        // field keeps only the last of several, and cannot read packed numbers.
        let one_way = |direction: Direction| [Break::new(Format::Protobuf, direction)];
        let mut finding = match (old_card, new_card) {
            (Cardinality::Single, Cardinality::Repeated) => finding.breaking(
                one_way(Direction::Forward),
                "old readers expect one value: of a new list they keep the last element (or \
                 merge message elements), and a packed list of numbers they cannot read",
            ),
            (Cardinality::Repeated, Cardinality::Single) => finding.breaking(
                one_way(Direction::Backward),
                "new readers expect one value: of an old list they keep the last element (or \
                 merge message elements), and a packed list of numbers they cannot read",
            ),
            (Cardinality::Single, Cardinality::Required) => finding.breaking(
                one_way(Direction::Backward),
                "new readers reject old data that leaves the field out",
            ),
            (Cardinality::Required, Cardinality::Single) => finding.breaking(
                one_way(Direction::Forward),
                "old readers reject new data that leaves the field out",
            ),
            (Cardinality::Map, _) | (_, Cardinality::Map) => finding.breaking(
                both(),
                "a map's entries are messages of their own: singular, repeated and map fields \
                 do not read each other",
            ),
            _ => finding.breaking(
                both(),
                "a required field and a list do not read each other: a list may be empty, and a \
                 required value is one",
            ),
        };
        if self.proto {
            let reason = match (old_card, new_card) {
                (Cardinality::Single, Cardinality::Required) => {
                    finding = finding.breaking(
                        [Break::new(Format::Json, Direction::Backward)],
                        "new readers reject old documents without the key",
                    );
                    None
                }
                (Cardinality::Required, Cardinality::Single) => {
                    finding = finding.breaking(
                        [Break::new(Format::Json, Direction::Forward)],
                        "old readers reject new documents without the key",
                    );
                    None
                }
                _ => Some("a single value, a JSON array and a JSON object do not read each other"),
            };
            if let Some(reason) = reason {
                finding = finding.breaking(json_both(), reason);
            }
        }
        self.findings.push(finding);
    }

    /// Compares the value types of two fields with one number.
    fn types(
        &mut self,
        name: &str,
        member: &str,
        rule: Rule,
        old: &FieldDescriptorProto,
        new: &FieldDescriptorProto,
        at: At,
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
        let mut finding = match (&old_kind, &new_kind) {
            (a, b) if a.same_wire_group(b) => Finding::new(rule, name, Some(member), change)
                .note(Format::Protobuf, "both types have the same encoding on the wire"),
            (Kind::String, Kind::Bytes) => Finding::new(rule, name, Some(member), change).breaking(
                [Break::new(Format::Protobuf, Direction::Forward)],
                "old readers expect UTF-8 text, and new bytes need not be",
            ),
            (Kind::Bytes, Kind::String) => Finding::new(rule, name, Some(member), change).breaking(
                [Break::new(Format::Protobuf, Direction::Backward)],
                "new readers expect UTF-8 text, and old bytes need not be",
            ),
            (Kind::Message(o), Kind::Message(n)) | (Kind::Group(o), Kind::Group(n))
                if self.same_shape_messages(o, n, false, &mut HashSet::new()) =>
            {
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
        if self.proto {
            let (old_json, new_json) = (JsonKind::of(old), JsonKind::of(new));
            let same = match (&old_json, &new_json) {
                (JsonKind::Message(o), JsonKind::Message(n)) => {
                    self.same_shape_messages(o, n, true, &mut HashSet::new())
                }
                (JsonKind::Enum(o), JsonKind::Enum(n)) => self.same_enum_names(o, n),
                (a, b) => a == b,
            };
            if !same {
                let reason = if old_json.describe() == new_json.describe() {
                    format!(
                        "the names in {} differ between the two types",
                        old_json.describe()
                    )
                } else {
                    format!(
                        "the value is written as {} before and as {} after",
                        old_json.describe(),
                        new_json.describe()
                    )
                };
                finding = finding.breaking(json_both(), reason);
            }
        }
        if finding.rule == rule && !finding.is_breaking() {
            return; // the same encoding (and JSON form): nothing to report
        }
        self.findings.push(finding.at(at.0, at.1));
    }

    /// A changed default can change what absence means on the wire (`.tri` input: a non-zero
    /// default is exported with explicit presence).
    fn presence(
        &mut self,
        name: &str,
        member: &str,
        old: &FieldDescriptorProto,
        new: &FieldDescriptorProto,
        at: At,
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

    /// Whether two messages have the same fields by number, with types that read each other (and,
    /// for `json`, the same JSON names).
    fn same_shape_messages(
        &self,
        old: &str,
        new: &str,
        json: bool,
        seen: &mut HashSet<(String, String)>,
    ) -> bool {
        if old == new || !seen.insert((old.to_string(), new.to_string())) {
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
                        && (!json || kind::json_name(nf) == kind::json_name(of))
                        && match (Kind::of(of), Kind::of(nf)) {
                            (Kind::Message(a), Kind::Message(b))
                            | (Kind::Group(a), Kind::Group(b)) => {
                                self.same_shape_messages(&a, &b, json, seen)
                            }
                            (Kind::Enum(a), Kind::Enum(b)) => {
                                self.same_shape_enums(&a, &b)
                                    && (!json || self.same_enum_names(&a, &b))
                            }
                            (a, b) if !json && a.same_wire_group(&b) => true,
                            (a, b) => a == b,
                        }
                })
            })
    }

    /// Whether every old value number exists in the new enum.
    fn same_shape_enums(&self, old: &str, new: &str) -> bool {
        let (Some(o), Some(n)) = (self.old_index.enums.get(old), self.new_index.enums.get(new))
        else {
            return false;
        };
        o.value
            .iter()
            .all(|ov| n.value.iter().any(|nv| nv.number() == ov.number()))
    }

    /// Whether every old value name exists in the new enum with the same number.
    fn same_enum_names(&self, old: &str, new: &str) -> bool {
        let (Some(o), Some(n)) = (self.old_index.enums.get(old), self.new_index.enums.get(new))
        else {
            return false;
        };
        o.value.iter().all(|ov| {
            n.value
                .iter()
                .any(|nv| nv.number() == ov.number() && nv.name() == ov.name())
        })
    }
}

/// Whether a type is a union: a `.tri` union, or (for `.proto` input) a message whose fields
/// all belong to one real oneof.
fn is_union_in(version: &Version, index: &Index<'_>, name: &str) -> bool {
    if let Some(t) = version.ty(name) {
        return matches!(t.kind, TypeKind::Union(_));
    }
    if !version.is_proto() {
        return false;
    }
    index.messages.get(name).is_some_and(|m| {
        !m.field.is_empty()
            && m.oneof_decl.len() == 1
            && m.field
                .iter()
                .all(|f| f.oneof_index == Some(0) && !f.proto3_optional())
    })
}

/// Whether the inclusive `intervals` together hold every number of `start..=end` (a sweep, so a
/// range up to `max` costs no more than a short one).
fn covers(intervals: &mut [(i64, i64)], start: i64, end: i64) -> bool {
    intervals.sort_unstable();
    let mut next = start;
    for &(from, to) in intervals.iter() {
        if next > end {
            break;
        }
        if to < next {
            continue;
        }
        if from > next {
            return false;
        }
        next = to + 1;
    }
    next > end
}

/// Whether a message reserves a field number (descriptor ranges end exclusively).
fn reserves_number(message: &DescriptorProto, number: i32) -> bool {
    message
        .reserved_range
        .iter()
        .any(|r| r.start() <= number && number < r.end())
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn intervals_cover_a_range_only_without_gaps() {
        assert!(covers(&mut [(1, 3), (4, 4), (5, 10)], 2, 9));
        assert!(covers(&mut [(5, 10), (1, 4)], 1, 10));
        assert!(!covers(&mut [(1, 3), (5, 10)], 1, 10));
        assert!(!covers(&mut [(2, 10)], 1, 10));
        assert!(!covers(&mut [(1, 9)], 1, 10));
        assert!(covers(&mut [(1, 536_870_911)], 100, 536_870_911));
        assert!(covers(
            &mut [(i64::from(i32::MIN), i64::from(i32::MAX))],
            i64::from(i32::MIN),
            i64::from(i32::MAX)
        ));
        assert!(!covers(&mut [], 1, 1));
    }
}
