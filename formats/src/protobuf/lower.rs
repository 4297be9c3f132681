//! Lowering the checked model to proto3 file descriptors, one file per package.
//!
//! Each file is built in declaration order. Comments go into `source_code_info` as the file is
//! built; their spans are filled in at the end by printing the file and recording where each
//! element landed, so the descriptor describes the exported text exactly.

use std::collections::{BTreeMap, BTreeSet};

use prost_types::field_descriptor_proto::{Label, Type as ProtoType};
use prost_types::source_code_info::Location;
use prost_types::{
    DescriptorProto, EnumDescriptorProto, EnumOptions, EnumValueDescriptorProto, EnumValueOptions,
    FieldDescriptorProto, FieldOptions, FileDescriptorProto, FileDescriptorSet, MessageOptions,
    OneofDescriptorProto, SourceCodeInfo, descriptor_proto, enum_descriptor_proto,
};
use trident_idl::model::{
    Deprecation, Encoding, Enum, Field, Primitive, Record, Reserved, Type, TypeDef, TypeKind,
    Union, Value,
};
use trident_idl::{Schema, Span};

use super::{
    Presence, ProtoSchema, TIMESTAMP_FILE, TIMESTAMP_TYPE, enum_value_name, file_name, json_name,
    map_entry_name, oneof_name, presence, print,
};

/// `FileDescriptorProto.package`.
const FILE_PACKAGE: i32 = 2;
/// `FileDescriptorProto.message_type`.
const FILE_MESSAGE: i32 = 4;
/// `FileDescriptorProto.enum_type`.
const FILE_ENUM: i32 = 5;
/// `DescriptorProto.field`.
const MESSAGE_FIELD: i32 = 2;
/// `DescriptorProto.nested_type`.
const MESSAGE_NESTED: i32 = 3;
/// `DescriptorProto.oneof_decl`.
const MESSAGE_ONEOF: i32 = 8;
/// `EnumDescriptorProto.value`.
const ENUM_VALUE: i32 = 2;

/// The largest protobuf field number; `max` in a message's `reserved` range.
const MAX_FIELD_NUMBER: i64 = 536_870_911;

pub(super) fn lower(schema: &Schema) -> ProtoSchema {
    let mut files = Vec::new();
    let mut spans = BTreeMap::new();
    for (package, types) in schema.packages() {
        let mut builder = FileBuilder {
            schema,
            package,
            messages: Vec::new(),
            enums: Vec::new(),
            dependencies: BTreeSet::new(),
            locations: Vec::new(),
            spans: Vec::new(),
        };
        builder.locate(vec![FILE_PACKAGE], package_docs(schema, package), None);
        for id in types {
            builder.add(schema.get(id));
        }
        let (file, file_spans) = builder.finish();
        let name = file.name().to_owned();
        for (path, span) in file_spans {
            spans.insert((name.clone(), path), span);
        }
        files.push(file);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    ProtoSchema {
        files: FileDescriptorSet { file: files },
        spans,
    }
}

/// The distinct doc comments of the files declaring `package`, joined by an empty line.
fn package_docs(schema: &Schema, package: &str) -> Option<String> {
    let mut docs: Vec<&str> = Vec::new();
    for file in schema.files() {
        if let Some(text) = file.package_docs.as_deref()
            && file.package == package
            && !docs.contains(&text)
        {
            docs.push(text);
        }
    }
    (!docs.is_empty()).then(|| comment_text(&docs.join("\n\n")))
}

/// Builds the descriptor of one package's file.
struct FileBuilder<'a> {
    schema: &'a Schema,
    package: &'a str,
    messages: Vec<DescriptorProto>,
    enums: Vec<EnumDescriptorProto>,
    dependencies: BTreeSet<String>,
    locations: Vec<Location>,
    spans: Vec<(Vec<i32>, Span)>,
}

impl FileBuilder<'_> {
    fn add(&mut self, def: &TypeDef) {
        match &def.kind {
            TypeKind::Record(record) => self.record(def, record),
            TypeKind::Union(union) => self.union(def, union),
            TypeKind::Enum(enum_) => self.enum_(def, enum_),
        }
    }

    fn finish(self) -> (FileDescriptorProto, Vec<(Vec<i32>, Span)>) {
        let mut file = FileDescriptorProto {
            name: Some(file_name(self.package)),
            package: Some(self.package.to_owned()),
            dependency: self.dependencies.into_iter().collect(),
            message_type: self.messages,
            enum_type: self.enums,
            source_code_info: Some(SourceCodeInfo {
                location: self.locations,
            }),
            syntax: Some("proto3".to_owned()),
            ..FileDescriptorProto::default()
        };
        let printed = print::print(&file);
        if let Some(info) = &mut file.source_code_info {
            for location in &mut info.location {
                if let Some(span) = printed.spans.get(&location.path) {
                    location.span.clone_from(span);
                }
            }
        }
        (file, self.spans)
    }

    /// Adds a `source_code_info` location (its span is filled in by [`FileBuilder::finish`]).
    fn locate(&mut self, path: Vec<i32>, leading: Option<String>, trailing: Option<String>) {
        self.locations.push(Location {
            path,
            span: Vec::new(),
            leading_comments: leading,
            trailing_comments: trailing,
            leading_detached_comments: Vec::new(),
        });
    }

    /// Adds a location and records the `.tri` span of the element at `path`.
    fn element(&mut self, path: Vec<i32>, span: Span, leading: Option<String>) {
        self.spans.push((path.clone(), span));
        self.locate(path, leading, None);
    }

    fn record(&mut self, def: &TypeDef, record: &Record) {
        let path = vec![FILE_MESSAGE, index(self.messages.len())];
        self.element(
            path.clone(),
            def.name_span,
            comments(def.docs.as_deref(), def.deprecated.as_ref()),
        );
        let full_name = absolute(self.package, &def.name);
        let mut message = DescriptorProto {
            name: Some(def.name.clone()),
            options: message_options(def.deprecated.as_ref()),
            ..DescriptorProto::default()
        };
        message_reserved(&mut message, &record.reserved);

        let mut explicit = Vec::new();
        for (j, field) in record.fields.iter().enumerate() {
            let field_path = child(&path, MESSAGE_FIELD, j);
            let presence = presence(self.schema, field);
            let element = element_type(&field.ty);
            let (ty, type_name) = if presence == Presence::Map {
                let entry = self.map_entry(&path, &mut message, field, element);
                (ProtoType::Message, Some(format!("{full_name}.{entry}")))
            } else {
                encoded(self.field_type(element), field.encoding)
            };
            let trailing = match (&field.default, presence) {
                (Some(default), Presence::Explicit) => Some(format!(
                    " default: {}\n",
                    self.default_text(element, &default.value)
                )),
                _ => None,
            };
            self.spans.push((field_path.clone(), field.name_span));
            self.locate(
                field_path,
                comments(field.docs.as_deref(), field.deprecated.as_ref()),
                trailing,
            );
            if presence == Presence::Explicit {
                explicit.push(j);
            }
            let label = match presence {
                Presence::Repeated | Presence::Map => Label::Repeated,
                _ => Label::Optional,
            };
            message.field.push(FieldDescriptorProto {
                name: Some(field.name.clone()),
                number: Some(number(field.number)),
                label: Some(label as i32),
                r#type: Some(ty as i32),
                type_name,
                json_name: Some(json_name(&field.name)),
                options: field_options(field.deprecated.as_ref()),
                ..FieldDescriptorProto::default()
            });
        }
        self.synthetic_oneofs(&path, &mut message, record, &explicit);
        self.messages.push(message);
    }

    /// Adds the entry message of a map field to `message` and returns its name.
    fn map_entry(
        &mut self,
        path: &[i32],
        message: &mut DescriptorProto,
        field: &Field,
        value: &Type,
    ) -> String {
        let name = map_entry_name(&field.name);
        let entry_path = child(path, MESSAGE_NESTED, message.nested_type.len());
        let (value_type, value_type_name) = encoded(self.field_type(value), field.encoding);
        let entry_field = |name: &str, number: i32, ty: ProtoType, type_name: Option<String>| {
            FieldDescriptorProto {
                name: Some(name.to_owned()),
                number: Some(number),
                label: Some(Label::Optional as i32),
                r#type: Some(ty as i32),
                type_name,
                json_name: Some(name.to_owned()),
                ..FieldDescriptorProto::default()
            }
        };
        message.nested_type.push(DescriptorProto {
            name: Some(name.clone()),
            field: vec![
                entry_field("key", 1, ProtoType::String, None),
                entry_field("value", 2, value_type, value_type_name),
            ],
            options: Some(MessageOptions {
                map_entry: Some(true),
                ..MessageOptions::default()
            }),
            ..DescriptorProto::default()
        });
        for field_index in 0..2 {
            self.spans.push((
                child(&entry_path, MESSAGE_FIELD, field_index),
                field.type_span,
            ));
        }
        self.spans.push((entry_path, field.type_span));
        name
    }

    /// Adds the synthetic oneofs of the proto3 `optional` fields, as protoc builds them: after
    /// the real oneofs (a record has none), named `_field`, with `X` prepended while the name is
    /// taken by a field or another oneof.
    fn synthetic_oneofs(
        &mut self,
        path: &[i32],
        message: &mut DescriptorProto,
        record: &Record,
        explicit: &[usize],
    ) {
        let mut taken: BTreeSet<String> =
            message.field.iter().map(|f| f.name().to_owned()).collect();
        taken.extend(message.oneof_decl.iter().map(|o| o.name().to_owned()));
        for &j in explicit {
            let field = &record.fields[j];
            let mut name = if field.name.starts_with('_') {
                field.name.clone()
            } else {
                format!("_{}", field.name)
            };
            while taken.contains(&name) {
                name.insert(0, 'X');
            }
            taken.insert(name.clone());
            let oneof_index = index(message.oneof_decl.len());
            self.spans.push((
                child(path, MESSAGE_ONEOF, message.oneof_decl.len()),
                field.name_span,
            ));
            message.oneof_decl.push(OneofDescriptorProto {
                name: Some(name),
                options: None,
            });
            let proto_field = &mut message.field[j];
            proto_field.oneof_index = Some(oneof_index);
            proto_field.proto3_optional = Some(true);
        }
    }

    fn union(&mut self, def: &TypeDef, union: &Union) {
        let path = vec![FILE_MESSAGE, index(self.messages.len())];
        self.element(
            path.clone(),
            def.name_span,
            comments(def.docs.as_deref(), def.deprecated.as_ref()),
        );
        self.element(child(&path, MESSAGE_ONEOF, 0), def.name_span, None);
        let mut message = DescriptorProto {
            name: Some(def.name.clone()),
            oneof_decl: vec![OneofDescriptorProto {
                name: Some(oneof_name(union)),
                options: None,
            }],
            options: message_options(def.deprecated.as_ref()),
            ..DescriptorProto::default()
        };
        message_reserved(&mut message, &union.reserved);
        for (j, variant) in union.variants.iter().enumerate() {
            self.element(
                child(&path, MESSAGE_FIELD, j),
                variant.name_span,
                comments(variant.docs.as_deref(), variant.deprecated.as_ref()),
            );
            let (ty, type_name) = encoded(self.field_type(&variant.ty), variant.encoding);
            message.field.push(FieldDescriptorProto {
                name: Some(variant.name.clone()),
                number: Some(number(variant.number)),
                label: Some(Label::Optional as i32),
                r#type: Some(ty as i32),
                type_name,
                oneof_index: Some(0),
                json_name: Some(json_name(&variant.name)),
                options: field_options(variant.deprecated.as_ref()),
                ..FieldDescriptorProto::default()
            });
        }
        self.messages.push(message);
    }

    fn enum_(&mut self, def: &TypeDef, enum_: &Enum) {
        let path = vec![FILE_ENUM, index(self.enums.len())];
        self.element(
            path.clone(),
            def.name_span,
            comments(def.docs.as_deref(), def.deprecated.as_ref()),
        );
        let mut descriptor = EnumDescriptorProto {
            name: Some(def.name.clone()),
            options: def.deprecated.as_ref().map(|_| EnumOptions {
                deprecated: Some(true),
                ..EnumOptions::default()
            }),
            reserved_range: enum_
                .reserved
                .ranges
                .iter()
                .map(|r| enum_descriptor_proto::EnumReservedRange {
                    start: Some(clamp(r.start)),
                    end: Some(clamp(r.end)),
                })
                .collect(),
            reserved_name: enum_
                .reserved
                .names
                .iter()
                .map(|n| enum_value_name(def, &n.value))
                .collect(),
            ..EnumDescriptorProto::default()
        };
        for (j, value) in enum_.values.iter().enumerate() {
            self.element(
                child(&path, ENUM_VALUE, j),
                value.name_span,
                comments(value.docs.as_deref(), value.deprecated.as_ref()),
            );
            descriptor.value.push(EnumValueDescriptorProto {
                name: Some(enum_value_name(def, &value.name)),
                number: Some(value.number),
                options: value.deprecated.as_ref().map(|_| EnumValueOptions {
                    deprecated: Some(true),
                    ..EnumValueOptions::default()
                }),
            });
        }
        self.enums.push(descriptor);
    }

    /// The protobuf type of a single (not repeated) value of `ty` with the protobuf type of
    /// its integers left to the caller ([`encoded`]), recording the file it needs.
    fn field_type(&mut self, ty: &Type) -> (ProtoType, Option<String>) {
        match ty {
            Type::Primitive(p) => match p {
                Primitive::Bool => (ProtoType::Bool, None),
                Primitive::I32 | Primitive::Date => (ProtoType::Int32, None),
                Primitive::I64 => (ProtoType::Int64, None),
                Primitive::U32 => (ProtoType::Uint32, None),
                Primitive::U64 => (ProtoType::Uint64, None),
                Primitive::F32 => (ProtoType::Float, None),
                Primitive::F64 => (ProtoType::Double, None),
                Primitive::String | Primitive::Uuid => (ProtoType::String, None),
                Primitive::Bytes => (ProtoType::Bytes, None),
                Primitive::Timestamp => {
                    self.dependencies.insert(TIMESTAMP_FILE.to_owned());
                    (ProtoType::Message, Some(TIMESTAMP_TYPE.to_owned()))
                }
            },
            Type::Named(id) => {
                let def = self.schema.get(*id);
                if def.package != self.package {
                    self.dependencies.insert(file_name(&def.package));
                }
                let ty = match def.kind {
                    TypeKind::Enum(_) => ProtoType::Enum,
                    TypeKind::Record(_) | TypeKind::Union(_) => ProtoType::Message,
                };
                (ty, Some(absolute(&def.package, &def.name)))
            }
            // The model never nests containers; their elements are handled by the caller.
            Type::List(inner) | Type::Map(inner) | Type::Optional(inner) => self.field_type(inner),
        }
    }

    /// A default as the trailing comment shows it.
    fn default_text(&self, ty: &Type, value: &Value) -> String {
        match value {
            Value::Bool(b) => b.to_string(),
            Value::Int(n) => n.to_string(),
            Value::UInt(n) => n.to_string(),
            // An f32 default is rounded to the nearest f32, so show the value the field holds.
            Value::Float(f) if *ty == Type::Primitive(Primitive::F32) => format!("{:?}", *f as f32),
            Value::Float(f) => format!("{f:?}"),
            Value::String(s) => format!("{s:?}"),
            Value::Bytes(bytes) => bytes_literal(bytes),
            Value::Enum { symbol, .. } => match ty {
                Type::Named(id) => enum_value_name(self.schema.get(*id), symbol),
                _ => symbol.clone(),
            },
        }
    }
}

/// The type of the values a field holds: `T` for `list<T>`, `map<string, T>` and `optional<T>`.
fn element_type(ty: &Type) -> &Type {
    match ty {
        Type::List(inner) | Type::Map(inner) | Type::Optional(inner) => inner,
        other => other,
    }
}

/// A fully qualified name with a leading dot.
fn absolute(package: &str, name: &str) -> String {
    if package.is_empty() {
        format!(".{name}")
    } else {
        format!(".{package}.{name}")
    }
}

/// `path` extended by a field tag and an index.
fn child(path: &[i32], tag: i32, i: usize) -> Vec<i32> {
    let mut path = path.to_vec();
    path.extend([tag, index(i)]);
    path
}

fn index(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

/// A field number (the model keeps them below 2^29).
fn number(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn clamp(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX })
}

fn message_options(deprecated: Option<&Deprecation>) -> Option<MessageOptions> {
    deprecated.map(|_| MessageOptions {
        deprecated: Some(true),
        ..MessageOptions::default()
    })
}

fn field_options(deprecated: Option<&Deprecation>) -> Option<FieldOptions> {
    deprecated.map(|_| FieldOptions {
        deprecated: Some(true),
        ..FieldOptions::default()
    })
}

/// Reserved ranges (exclusive end in the descriptor) and names of a message.
fn message_reserved(message: &mut DescriptorProto, reserved: &Reserved) {
    message.reserved_range = reserved
        .ranges
        .iter()
        .map(|r| descriptor_proto::ReservedRange {
            start: Some(clamp(r.start)),
            end: Some(clamp(r.end.min(MAX_FIELD_NUMBER) + 1)),
        })
        .collect();
    message.reserved_name = reserved.names.iter().map(|n| n.value.clone()).collect();
}

/// The leading comment of an element: its docs, then `Deprecated: note` as its own paragraph.
fn comments(docs: Option<&str>, deprecated: Option<&Deprecation>) -> Option<String> {
    let note = deprecated
        .and_then(|d| d.note.as_deref())
        .map(|note| format!("Deprecated: {note}"));
    match (docs, note) {
        (None, None) => None,
        (Some(docs), None) => Some(comment_text(docs)),
        (None, Some(note)) => Some(comment_text(&note)),
        (Some(docs), Some(note)) => Some(comment_text(&format!("{docs}\n\n{note}"))),
    }
}

/// Text as protoc stores a block of `//` comment lines: ` line\n` each, `\n` for an empty line.
fn comment_text(text: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n').map(str::trim_end) {
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Bytes as a `.tri` string literal: printable ASCII as is, everything else escaped.
fn bytes_literal(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

/// An integer type with the field's `#[proto(encoding = "…")]` applied (the front end allows
/// the attribute only on integers).
fn encoded(
    (ty, type_name): (ProtoType, Option<String>),
    encoding: Encoding,
) -> (ProtoType, Option<String>) {
    let ty = match (encoding, ty) {
        (Encoding::Zigzag, ProtoType::Int32) => ProtoType::Sint32,
        (Encoding::Zigzag, ProtoType::Int64) => ProtoType::Sint64,
        (Encoding::Fixed, ProtoType::Int32) => ProtoType::Sfixed32,
        (Encoding::Fixed, ProtoType::Int64) => ProtoType::Sfixed64,
        (Encoding::Fixed, ProtoType::Uint32) => ProtoType::Fixed32,
        (Encoding::Fixed, ProtoType::Uint64) => ProtoType::Fixed64,
        (_, ty) => ty,
    };
    (ty, type_name)
}
