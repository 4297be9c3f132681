//! `.proto` → `.tri`: compiled descriptors (with source info) to `.tri` declarations.
//!
//! Every message and enum of every file becomes a declaration in the package of its file;
//! nested types are flattened to top-level types named by joining the names (`Order.Item` →
//! `OrderItem`). A message whose fields all belong to one oneof becomes a union. Enum values keep
//! their protobuf names without the enum's prefix, which the `.proto` export adds back. What the
//! language cannot say so that the export gives back the same wire and the same proto3 JSON is
//! refused with the construct and its position (see [`Construct`]); services are not data, so
//! they are left out with a note.

use std::collections::{BTreeMap, HashMap};

use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto,
    FileDescriptorSet,
};
use trident_idl::protobuf_names::enum_value_name;

use super::convert::{Decl, DeclKind, Member, Symbol, TriType};
use super::{Construct, ErrorKind, ImportError, ImportOptions};

// Field numbers of descriptor.proto, the steps of a SourceCodeInfo path.
const FILE_MESSAGE: i32 = 4;
const FILE_ENUM: i32 = 5;
const FILE_SERVICE: i32 = 6;
const FILE_EXTENSION: i32 = 7;
const MESSAGE_FIELD: i32 = 2;
const MESSAGE_NESTED: i32 = 3;
const MESSAGE_ENUM: i32 = 4;
const MESSAGE_EXTENSION_RANGE: i32 = 5;
const MESSAGE_EXTENSION: i32 = 6;
const MESSAGE_ONEOF: i32 = 8;
const ENUM_VALUE: i32 = 2;
const NAME: i32 = 1;

/// The `.tri` declarations of the files of `set`, and notes on what was left out.
pub(super) fn convert(
    set: &FileDescriptorSet,
    options: &ImportOptions,
) -> Result<(Vec<Decl>, Vec<String>), ImportError> {
    let files: Vec<&FileDescriptorProto> = set
        .file
        .iter()
        .filter(|f| !f.name().starts_with("google/protobuf/"))
        .collect();
    // Every message and enum: protobuf full name → (package, .tri name).
    let mut names = HashMap::new();
    for file in &files {
        let package = package_of(file, options)?;
        let mut add = |scope: &str, tri: String| {
            names.insert(
                format!(".{}", qualify(file.package(), scope)),
                (package.clone(), tri),
            );
        };
        for message in &file.message_type {
            name_message(
                &mut add,
                message.name(),
                message.name().to_string(),
                message,
            );
        }
        for e in &file.enum_type {
            add(e.name(), e.name().to_string());
        }
    }
    let mut converter = Converter {
        names,
        entries: map_entries(set),
        decls: Vec::new(),
        notes: Vec::new(),
    };
    for file in &files {
        converter.file(file, options)?;
    }
    Ok((converter.decls, converter.notes))
}

fn name_message(
    add: &mut impl FnMut(&str, String),
    scope: &str,
    tri: String,
    message: &DescriptorProto,
) {
    for nested in &message.nested_type {
        let nested_scope = format!("{scope}.{}", nested.name());
        name_message(
            add,
            &nested_scope,
            format!("{tri}{}", nested.name()),
            nested,
        );
    }
    for e in &message.enum_type {
        add(
            &format!("{scope}.{}", e.name()),
            format!("{tri}{}", e.name()),
        );
    }
    add(scope, tri);
}

fn qualify(package: &str, name: &str) -> String {
    if package.is_empty() {
        name.to_string()
    } else {
        format!("{package}.{name}")
    }
}

fn package_of(file: &FileDescriptorProto, options: &ImportOptions) -> Result<String, ImportError> {
    if !file.package().is_empty() {
        return Ok(file.package().to_string());
    }
    options.default_package.clone().ok_or_else(|| ImportError {
        file: file.name().to_string(),
        path: "1:1".to_string(),
        kind: ErrorKind::Unsupported(Construct::NullPackage),
        message: format!(
            "{}: the file has no `package`, and every .tri type lives in a package; give one \
             with --package",
            Construct::NullPackage.name()
        ),
    })
}

struct Converter<'a> {
    names: HashMap<String, (String, String)>,
    entries: BTreeMap<String, &'a DescriptorProto>,
    decls: Vec<Decl>,
    notes: Vec<String>,
}

/// One file being converted: its descriptor, package and source positions.
struct FileCtx<'a> {
    file: &'a FileDescriptorProto,
    package: String,
    proto2: bool,
    locations: HashMap<&'a [i32], &'a prost_types::source_code_info::Location>,
}

impl FileCtx<'_> {
    /// `line:column` (1-based) of an element, or of the file's start.
    fn position(&self, path: &[i32]) -> String {
        match self.locations.get(path).and_then(|l| l.span.get(..2)) {
            Some([line, column]) => format!("{}:{}", line + 1, column + 1),
            _ => "1:1".to_string(),
        }
    }

    /// The first of `paths` that has a position (the statement before its parts).
    fn first_located<'p>(&self, paths: &'p [Vec<i32>]) -> &'p [i32] {
        paths
            .iter()
            .find(|p| self.locations.contains_key(p.as_slice()))
            .or(paths.last())
            .map_or(&[], Vec::as_slice)
    }

    fn refuse(&self, path: &[i32], construct: Construct, message: String) -> ImportError {
        ImportError {
            file: self.file.name().to_string(),
            path: self.position(path),
            kind: ErrorKind::Unsupported(construct),
            message: format!("{}: {message}", construct.name()),
        }
    }

    /// The leading comment of an element, as docs.
    fn docs(&self, path: &[i32]) -> Option<String> {
        let comment = self.locations.get(path)?.leading_comments.as_deref()?;
        let lines: Vec<&str> = comment
            .trim_end()
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
            .collect();
        let text = lines.join("\n");
        (!text.trim().is_empty()).then_some(text)
    }
}

fn child(path: &[i32], step: i32, index: usize) -> Vec<i32> {
    let mut out = path.to_vec();
    out.push(step);
    out.push(i32::try_from(index).unwrap_or(i32::MAX));
    out
}

fn named(path: &[i32]) -> Vec<i32> {
    let mut out = path.to_vec();
    out.push(NAME);
    out
}

impl Converter<'_> {
    fn file(
        &mut self,
        file: &FileDescriptorProto,
        options: &ImportOptions,
    ) -> Result<(), ImportError> {
        let ctx = FileCtx {
            file,
            package: package_of(file, options)?,
            proto2: !matches!(file.syntax(), "proto3" | "editions"),
            locations: file
                .source_code_info
                .iter()
                .flat_map(|info| &info.location)
                .map(|l| (l.path.as_slice(), l))
                .collect(),
        };
        if file.syntax() == "editions" {
            return Err(ctx.refuse(
                &[],
                Construct::Editions,
                "protobuf editions files are not supported; .tri exports proto3".to_string(),
            ));
        }
        if let Some(i) = (!file.extension.is_empty()).then_some(0) {
            return Err(ctx.refuse(
                ctx.first_located(&[vec![FILE_EXTENSION], child(&[], FILE_EXTENSION, i)]),
                Construct::Extension,
                format!(
                    "`extend {}`: .tri has no extensions",
                    file.extension[i].extendee().trim_start_matches('.')
                ),
            ));
        }
        for (i, message) in file.message_type.iter().enumerate() {
            self.message(&ctx, &child(&[], FILE_MESSAGE, i), message.name(), message)?;
        }
        for (i, e) in file.enum_type.iter().enumerate() {
            self.enumeration(&ctx, &child(&[], FILE_ENUM, i), e.name(), e)?;
        }
        for (i, service) in file.service.iter().enumerate() {
            self.notes.push(format!(
                "{}:{}: service `{}` was not imported: .tri describes data, not RPCs (keep the \
                 service in a .proto file that imports the exported messages)",
                file.name(),
                ctx.position(&named(&child(&[], FILE_SERVICE, i))),
                qualify(file.package(), service.name())
            ));
        }
        Ok(())
    }

    fn tri_name(&self, scope: &str, ctx: &FileCtx<'_>) -> String {
        let full = format!(".{}", qualify(ctx.file.package(), scope));
        self.names
            .get(&full)
            .map_or_else(|| scope.to_string(), |(_, name)| name.clone())
    }

    fn message(
        &mut self,
        ctx: &FileCtx<'_>,
        path: &[i32],
        scope: &str,
        message: &DescriptorProto,
    ) -> Result<(), ImportError> {
        if message.options.as_ref().is_some_and(|o| o.map_entry()) {
            return Ok(());
        }
        let full = qualify(ctx.file.package(), scope);
        if !message.extension_range.is_empty() {
            return Err(ctx.refuse(
                ctx.first_located(&[
                    [path, &[MESSAGE_EXTENSION_RANGE]].concat(),
                    child(path, MESSAGE_EXTENSION_RANGE, 0),
                ]),
                Construct::Extension,
                format!("`{full}` declares an extension range: .tri has no extensions"),
            ));
        }
        if !message.extension.is_empty() {
            return Err(ctx.refuse(
                ctx.first_located(&[
                    [path, &[MESSAGE_EXTENSION]].concat(),
                    child(path, MESSAGE_EXTENSION, 0),
                ]),
                Construct::Extension,
                format!("`{full}` declares an extension: .tri has no extensions"),
            ));
        }
        for (i, nested) in message.nested_type.iter().enumerate() {
            let nested_scope = format!("{scope}.{}", nested.name());
            self.message(ctx, &child(path, MESSAGE_NESTED, i), &nested_scope, nested)?;
        }
        for (i, e) in message.enum_type.iter().enumerate() {
            let nested_scope = format!("{scope}.{}", e.name());
            self.enumeration(ctx, &child(path, MESSAGE_ENUM, i), &nested_scope, e)?;
        }
        // Real oneofs (proto3 `optional` fields have synthetic ones of their own).
        let real: Vec<usize> = (0..message.oneof_decl.len())
            .filter(|&i| {
                message
                    .field
                    .iter()
                    .any(|f| f.oneof_index == i32::try_from(i).ok() && !f.proto3_optional())
            })
            .collect();
        let union = match real[..] {
            [] => false,
            [only]
                if message
                    .field
                    .iter()
                    .all(|f| f.oneof_index == i32::try_from(only).ok() && !f.proto3_optional()) =>
            {
                true
            }
            _ => {
                let i = real[0];
                return Err(ctx.refuse(
                    &named(&child(path, MESSAGE_ONEOF, i)),
                    Construct::Oneof,
                    format!(
                        "oneof `{}` of `{full}` sits beside other fields (or other oneofs): a \
                         .tri union is a message of one oneof and nothing else; move the oneof \
                         into a message of its own (a wire change)",
                        message.oneof_decl[i].name()
                    ),
                ));
            }
        };
        let mut members = Vec::new();
        for (i, field) in message.field.iter().enumerate() {
            let field_path = child(path, MESSAGE_FIELD, i);
            members.push(self.field(ctx, &field_path, scope, field, union)?);
        }
        let mut reserved: Vec<String> = message
            .reserved_range
            .iter()
            .map(|r| {
                let (start, end) = (r.start(), r.end() - 1);
                if end >= 536_870_911 {
                    format!("@{start}..max")
                } else if start == end {
                    format!("@{start}")
                } else {
                    format!("@{start}..{end}")
                }
            })
            .collect();
        reserved.extend(message.reserved_name.iter().map(|n| format!("{n:?}")));
        self.decls.push(Decl {
            package: ctx.package.clone(),
            name: self.tri_name(scope, ctx),
            docs: ctx.docs(path),
            aliases: Vec::new(),
            kind: if union {
                DeclKind::Union(members)
            } else {
                DeclKind::Record(members)
            },
            reserved,
            deprecated: message.options.as_ref().is_some_and(|o| o.deprecated()),
        });
        Ok(())
    }

    fn field(
        &self,
        ctx: &FileCtx<'_>,
        path: &[i32],
        scope: &str,
        field: &FieldDescriptorProto,
        variant: bool,
    ) -> Result<Member, ImportError> {
        let at = named(path);
        let what = format!(
            "field `{}` of `{}`",
            field.name(),
            qualify(ctx.file.package(), scope)
        );
        if field.label() == Label::Required {
            return Err(ctx.refuse(
                &at,
                Construct::Required,
                format!(
                    "{what} is `required`: .tri fields are never required on the wire (proto3 \
                     has no `required`)"
                ),
            ));
        }
        if let Some(default) = &field.default_value {
            return Err(ctx.refuse(
                &at,
                Construct::Default,
                format!(
                    "{what} has `[default = {default}]`: the proto3 export carries no default, \
                     so readers would fill a missing value differently"
                ),
            ));
        }
        let camel = trident_idl::protobuf_names::json_name(field.name());
        if field.json_name.as_ref().is_some_and(|j| *j != camel) {
            return Err(ctx.refuse(
                &at,
                Construct::JsonName,
                format!(
                    "{what} has `json_name = \"{}\"`: .tri has no JSON name of its own, so the \
                     exported field's JSON key would be `{camel}`",
                    field.json_name()
                ),
            ));
        }
        let repeated = field.label() == Label::Repeated;
        let map_entry = repeated && field.r#type() == Type::Message && self.is_map_entry(field);
        let ty = if map_entry {
            let entry = self.entry(field);
            let key = entry.and_then(|e| e.field.iter().find(|f| f.number() == 1));
            let value = entry.and_then(|e| e.field.iter().find(|f| f.number() == 2));
            match (key, value) {
                (Some(key), Some(value)) if key.r#type() == Type::String => {
                    TriType::Map(Box::new(self.scalar(ctx, &at, &what, value)?))
                }
                (Some(key), _) => {
                    return Err(ctx.refuse(
                        &at,
                        Construct::MapKey,
                        format!(
                            "{what} is a map with `{}` keys: .tri map keys are strings",
                            type_word(key)
                        ),
                    ));
                }
                _ => {
                    return Err(ctx.refuse(
                        &at,
                        Construct::MapKey,
                        format!("{what}: its map entry type is malformed"),
                    ));
                }
            }
        } else {
            let base = self.scalar(ctx, &at, &what, field)?;
            if repeated {
                TriType::List(Box::new(base))
            } else if !variant && (field.proto3_optional() || ctx.proto2 || !is_scalar(field)) {
                TriType::Optional(Box::new(base))
            } else {
                base
            }
        };
        let encoded = if map_entry {
            self.entry(field)
                .and_then(|e| e.field.iter().find(|f| f.number() == 2))
                .and_then(encoding_of)
        } else {
            encoding_of(field)
        };
        Ok(Member {
            name: field.name().to_string(),
            docs: ctx.docs(path),
            aliases: Vec::new(),
            ty,
            default: None,
            number: u32::try_from(field.number()).ok(),
            deprecated: field.options.as_ref().is_some_and(|o| o.deprecated()),
            encoding: encoded,
        })
    }

    fn is_map_entry(&self, field: &FieldDescriptorProto) -> bool {
        self.entry(field)
            .is_some_and(|m| m.options.as_ref().is_some_and(|o| o.map_entry()))
    }

    /// The map entry message a map field refers to (always nested in the field's message).
    fn entry(&self, field: &FieldDescriptorProto) -> Option<&DescriptorProto> {
        self.entries.get(field.type_name()).copied()
    }

    /// The type of one value of a field.
    fn scalar(
        &self,
        ctx: &FileCtx<'_>,
        at: &[i32],
        what: &str,
        field: &FieldDescriptorProto,
    ) -> Result<TriType, ImportError> {
        let builtin = match field.r#type() {
            Type::Int32 => "i32",
            Type::Int64 => "i64",
            Type::Uint32 => "u32",
            Type::Uint64 => "u64",
            Type::Bool => "bool",
            Type::Float => "f32",
            Type::Double => "f64",
            Type::String => "string",
            Type::Bytes => "bytes",
            // The field gets `#[proto(encoding = "…")]` ([`encoding_of`]).
            Type::Sint32 | Type::Sfixed32 => "i32",
            Type::Sint64 | Type::Sfixed64 => "i64",
            Type::Fixed32 => "u32",
            Type::Fixed64 => "u64",
            Type::Group => {
                return Err(ctx.refuse(
                    at,
                    Construct::Group,
                    format!("{what} is a proto2 group: .tri has no groups"),
                ));
            }
            Type::Enum | Type::Message => {
                let type_name = field.type_name();
                if type_name == ".google.protobuf.Timestamp" {
                    return Ok(TriType::Builtin("timestamp"));
                }
                if type_name.starts_with(".google.protobuf.") {
                    return Err(ctx.refuse(
                        at,
                        Construct::WellKnownType,
                        format!(
                            "{what} is `{}`: of the well-known types .tri has only \
                             `google.protobuf.Timestamp` (`timestamp`)",
                            type_name.trim_start_matches('.')
                        ),
                    ));
                }
                return match self.names.get(type_name) {
                    Some((package, name)) => Ok(TriType::Named(qualify(package, name))),
                    None => Err(ctx.refuse(
                        at,
                        Construct::TriRule,
                        format!("{what} refers to `{type_name}`, which is not defined"),
                    )),
                };
            }
        };
        Ok(TriType::Builtin(builtin))
    }

    fn enumeration(
        &mut self,
        ctx: &FileCtx<'_>,
        path: &[i32],
        scope: &str,
        e: &EnumDescriptorProto,
    ) -> Result<(), ImportError> {
        let name = self.tri_name(scope, ctx);
        let full = qualify(ctx.file.package(), scope);
        if e.options.as_ref().is_some_and(|o| o.allow_alias()) {
            return Err(ctx.refuse(
                &named(path),
                Construct::EnumAlias,
                format!("enum `{full}` sets `allow_alias`: a .tri enum gives each number one name"),
            ));
        }
        // The export writes `X` as `ENUMNAME_X`, unless it already starts with that prefix; the
        // value keeps its name when stripping the prefix would not give a name.
        let symbol = |proto_name: &str| -> Option<String> {
            let prefix = enum_value_name(&name, "");
            let stripped = proto_name.strip_prefix(&prefix)?;
            let usable = stripped
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic());
            Some(if usable {
                stripped.to_string()
            } else {
                proto_name.to_string()
            })
        };
        let mut symbols = Vec::new();
        // A nested enum's values usually carry its own short prefix (`STATE_` in `Ticket.State`),
        // which the suggested name replaces with the flattened one.
        let short = scope.rsplit('.').next().unwrap_or(scope);
        let suggest = |value: &str| {
            let own = enum_value_name(short, "");
            enum_value_name(&name, value.strip_prefix(&own).unwrap_or(value))
        };
        for (i, value) in e.value.iter().enumerate() {
            let value_path = child(path, ENUM_VALUE, i);
            let Some(tri) = symbol(value.name()) else {
                return Err(ctx.refuse(
                    &named(&value_path),
                    Construct::EnumValueName,
                    format!(
                        "value `{}` of enum `{full}` does not start with `{}`: the .proto export \
                         names every value with the enum's prefix, so its JSON name would \
                         change; rename it to `{}` first",
                        value.name(),
                        enum_value_name(&name, ""),
                        suggest(value.name())
                    ),
                ));
            };
            symbols.push(Symbol {
                name: tri,
                number: Some(value.number()),
                docs: ctx.docs(&value_path),
                deprecated: value.options.as_ref().is_some_and(|o| o.deprecated()),
            });
        }
        let mut reserved: Vec<String> = e
            .reserved_range
            .iter()
            .map(|r| {
                let (start, end) = (r.start(), r.end());
                if end == i32::MAX {
                    format!("{start}..max")
                } else if start == end {
                    format!("{start}")
                } else {
                    format!("{start}..{end}")
                }
            })
            .collect();
        for reserved_name in &e.reserved_name {
            let Some(tri) = symbol(reserved_name) else {
                return Err(ctx.refuse(
                    &named(path),
                    Construct::EnumValueName,
                    format!(
                        "reserved name `{reserved_name}` of enum `{full}` does not start with \
                         `{}`: the .proto export reserves names with the enum's prefix",
                        enum_value_name(&name, "")
                    ),
                ));
            };
            reserved.push(format!("{tri:?}"));
        }
        self.decls.push(Decl {
            package: ctx.package.clone(),
            name,
            docs: ctx.docs(path),
            aliases: Vec::new(),
            kind: DeclKind::Enum(symbols),
            reserved,
            deprecated: e.options.as_ref().is_some_and(|o| o.deprecated()),
        });
        Ok(())
    }
}

/// The `#[proto(encoding = "…")]` a field of this protobuf type needs.
fn encoding_of(field: &FieldDescriptorProto) -> Option<&'static str> {
    match field.r#type() {
        Type::Sint32 | Type::Sint64 => Some("zigzag"),
        Type::Fixed32 | Type::Fixed64 | Type::Sfixed32 | Type::Sfixed64 => Some("fixed"),
        _ => None,
    }
}

/// Whether a singular field holds a scalar or enum: without `optional` (proto3) it has no
/// presence. A singular message field always has presence, so it becomes `optional<T>`, which the
/// export writes back as the same plain message field (and which a record that refers to itself
/// needs).
fn is_scalar(field: &FieldDescriptorProto) -> bool {
    !matches!(field.r#type(), Type::Message | Type::Group)
}

/// The type keyword of a field, as written in `.proto`.
fn type_word(field: &FieldDescriptorProto) -> &'static str {
    match field.r#type() {
        Type::Double => "double",
        Type::Float => "float",
        Type::Int64 => "int64",
        Type::Uint64 => "uint64",
        Type::Int32 => "int32",
        Type::Fixed64 => "fixed64",
        Type::Fixed32 => "fixed32",
        Type::Bool => "bool",
        Type::String => "string",
        Type::Group => "group",
        Type::Message => "message",
        Type::Bytes => "bytes",
        Type::Uint32 => "uint32",
        Type::Enum => "enum",
        Type::Sfixed32 => "sfixed32",
        Type::Sfixed64 => "sfixed64",
        Type::Sint32 => "sint32",
        Type::Sint64 => "sint64",
    }
}

/// Map entry messages by full name, for map fields.
fn map_entries(set: &FileDescriptorSet) -> BTreeMap<String, &DescriptorProto> {
    fn walk<'a>(
        scope: &str,
        message: &'a DescriptorProto,
        out: &mut BTreeMap<String, &'a DescriptorProto>,
    ) {
        let full = format!("{scope}.{}", message.name());
        for nested in &message.nested_type {
            walk(&full, nested, out);
        }
        if message.options.as_ref().is_some_and(|o| o.map_entry()) {
            out.insert(full, message);
        }
    }
    let mut out = BTreeMap::new();
    for file in &set.file {
        let scope = if file.package().is_empty() {
            String::new()
        } else {
            format!(".{}", file.package())
        };
        for message in &file.message_type {
            walk(&scope, message, &mut out);
        }
    }
    out
}
