//! The Avro model of a checked schema: one self-contained Avro schema per record, enum and
//! union, as JSON.
//!
//! Mapping (see `docs/idl.md`): records become Avro records whose namespace is the package and
//! whose fields keep declaration order; enums become Avro enums whose `default` is the value
//! numbered 0; a union becomes the Avro union of its variants' types (and `optional` of a union
//! one flat union with `"null"` first, since Avro forbids a union inside a union); `u32` and
//! `u64` are `long` (a `u64` keeps its 64 bits); `timestamp`, `date` and `uuid` are the logical
//! types `timestamp-micros`, `date` and `uuid`. `optional` fields default to `null`, lists to
//! `[]`, maps to `{}`, and fields with a schema default carry it; other fields have no default
//! (they are required). Each schema defines every named type it uses at its first use and
//! refers to it by full name afterwards, so it stands alone. `#[deprecated]` has no Avro
//! meaning and is left out; docs and `#[alias]` become `doc` and `aliases`.

use std::collections::HashSet;

use serde_json::{Map, Value as Json, json};
use trident_idl::Schema;
use trident_idl::model::{Field, Primitive, Type, TypeDef, TypeId, TypeKind, Value};

/// The Avro schema of one declared type, with every named type it needs defined inside it.
pub fn type_schema(schema: &Schema, id: TypeId) -> Json {
    let mut writer = Writer {
        schema,
        defined: HashSet::new(),
    };
    let ty = schema.get(id);
    match &ty.kind {
        TypeKind::Union(_) => writer.union_branches(id, false),
        _ => writer.named(id),
    }
}

/// One `.avsc` file per record, enum and union: `(file name, pretty JSON)`, named by full name
/// (`acme.shop.Order.avsc`) and sorted by it.
pub fn export(schema: &Schema) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = schema
        .types()
        .iter()
        .map(|ty| {
            let text =
                serde_json::to_string_pretty(&type_schema(schema, ty.id)).unwrap_or_default();
            (format!("{}.avsc", ty.full_name()), text + "\n")
        })
        .collect();
    files.sort();
    files
}

/// The Avro default of a field, when it has one: the schema default, or `null`, `[]`, `{}` for
/// optional fields, lists and maps.
pub fn field_default(field: &Field) -> Option<Json> {
    match &field.ty {
        Type::Optional(_) => Some(Json::Null),
        Type::List(_) => Some(json!([])),
        Type::Map(_) => Some(json!({})),
        _ => field
            .default
            .as_ref()
            .map(|d| default_json(&field.ty, &d.value)),
    }
}

fn default_json(ty: &Type, value: &Value) -> Json {
    match value {
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        // `u64` is carried as a `long` with the same bits.
        Value::UInt(u) if *ty == Type::Primitive(Primitive::U64) => json!(*u as i64),
        Value::UInt(u) => json!(u),
        Value::Float(f) if *ty == Type::Primitive(Primitive::F32) => {
            // The f32 value, written as short as f32 allows.
            let short: f64 = (*f as f32).to_string().parse().unwrap_or(*f);
            json!(short)
        }
        Value::Float(f) => json!(f),
        Value::String(s) => json!(s),
        // Avro writes bytes defaults as strings of the code points 0–255.
        Value::Bytes(b) => json!(b.iter().map(|&b| char::from(b)).collect::<String>()),
        Value::Enum { symbol, .. } => json!(symbol),
    }
}

struct Writer<'a> {
    schema: &'a Schema,
    defined: HashSet<TypeId>,
}

impl Writer<'_> {
    fn ty(&mut self, ty: &Type) -> Json {
        match ty {
            Type::Primitive(p) => primitive(*p),
            Type::Named(id) => match &self.schema.get(*id).kind {
                TypeKind::Union(_) => self.union_branches(*id, false),
                _ => self.named(*id),
            },
            Type::List(inner) => json!({"type": "array", "items": self.ty(inner)}),
            Type::Map(inner) => json!({"type": "map", "values": self.ty(inner)}),
            Type::Optional(inner) => match &**inner {
                Type::Named(id) if matches!(self.schema.get(*id).kind, TypeKind::Union(_)) => {
                    self.union_branches(*id, true)
                }
                other => json!(["null", self.ty(other)]),
            },
        }
    }

    fn union_branches(&mut self, id: TypeId, with_null: bool) -> Json {
        let TypeKind::Union(union) = &self.schema.get(id).kind else {
            return Json::Null;
        };
        let mut branches = Vec::new();
        if with_null {
            branches.push(json!("null"));
        }
        for variant in &union.variants {
            branches.push(self.ty(&variant.ty));
        }
        Json::Array(branches)
    }

    /// A record or enum: its definition the first time, its full name afterwards.
    fn named(&mut self, id: TypeId) -> Json {
        let ty = self.schema.get(id);
        if !self.defined.insert(id) {
            return json!(ty.full_name());
        }
        let mut out = Map::new();
        match &ty.kind {
            TypeKind::Record(record) => {
                out.insert("type".into(), json!("record"));
                header(&mut out, ty);
                let fields: Vec<Json> = record.fields.iter().map(|f| self.field(f)).collect();
                out.insert("fields".into(), Json::Array(fields));
            }
            TypeKind::Enum(e) => {
                out.insert("type".into(), json!("enum"));
                header(&mut out, ty);
                let symbols: Vec<&str> = e.values.iter().map(|v| v.name.as_str()).collect();
                out.insert("symbols".into(), json!(symbols));
                if let Some(first) = e.values.first() {
                    out.insert("default".into(), json!(first.name));
                }
            }
            TypeKind::Union(_) => return self.union_branches(id, false),
        }
        Json::Object(out)
    }

    fn field(&mut self, field: &Field) -> Json {
        let mut out = Map::new();
        out.insert("name".into(), json!(field.name));
        out.insert("type".into(), self.ty(&field.ty));
        if let Some(docs) = &field.docs {
            out.insert("doc".into(), json!(docs));
        }
        if let Some(default) = field_default(field) {
            out.insert("default".into(), default);
        }
        if !field.aliases.is_empty() {
            let aliases: Vec<&str> = field.aliases.iter().map(|a| a.value.as_str()).collect();
            out.insert("aliases".into(), json!(aliases));
        }
        Json::Object(out)
    }
}

/// Name, namespace, doc and aliases of a named type.
fn header(out: &mut Map<String, Json>, ty: &TypeDef) {
    out.insert("name".into(), json!(ty.name));
    out.insert("namespace".into(), json!(ty.package));
    if let Some(docs) = &ty.docs {
        out.insert("doc".into(), json!(docs));
    }
    if !ty.aliases.is_empty() {
        let aliases: Vec<&str> = ty.aliases.iter().map(|a| a.value.as_str()).collect();
        out.insert("aliases".into(), json!(aliases));
    }
}

fn primitive(p: Primitive) -> Json {
    match p {
        Primitive::Bool => json!("boolean"),
        Primitive::I32 => json!("int"),
        Primitive::I64 | Primitive::U32 | Primitive::U64 => json!("long"),
        Primitive::F32 => json!("float"),
        Primitive::F64 => json!("double"),
        Primitive::String => json!("string"),
        Primitive::Bytes => json!("bytes"),
        Primitive::Timestamp => json!({"type": "long", "logicalType": "timestamp-micros"}),
        Primitive::Date => json!({"type": "int", "logicalType": "date"}),
        Primitive::Uuid => json!({"type": "string", "logicalType": "uuid"}),
    }
}
