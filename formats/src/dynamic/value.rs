//! Checking a JSON value against a type, as the generated `Deserialize` impls read JSON, into a
//! typed [`Val`] that the three encoders walk.
//!
//! The built-in types are read by the runtime's own `JsonCodec` impls (through `&Value` as a
//! serde deserializer), so their rules and error messages are the generated code's. Records,
//! enums, unions, lists, maps and optionals follow `codegen/src/rust/record.rs`, `union.rs` and
//! `enumeration.rs`, and the collection impls of `runtime/src/json`.

use serde::de::{Error as _, Unexpected};
use serde_json::Value;
use trident::__private::json::JsonCodec;
use trident::{Date, Timestamp, Uuid};
use trident_idl::Schema;
use trident_idl::model::{
    Enum, Field, Primitive, Record, Type, TypeId, TypeKind, Union, Value as DefaultValue,
};

use super::document::Duplicates;
use super::{EncodeError, Segment};

/// A value that fits its type: what a generated struct or enum would hold.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Bool(bool),
    I32(i32),
    I64(i64),
    U32(u32),
    U64(u64),
    F32(f32),
    F64(f64),
    String(String),
    Bytes(Vec<u8>),
    Timestamp(Timestamp),
    Date(Date),
    Uuid(Uuid),
    /// An enum value: its index in declaration order and its protobuf number.
    Enum {
        index: usize,
        number: i32,
    },
    /// Every field, in declaration order.
    Record(Vec<Val>),
    /// The variant's index in declaration order, and its value.
    Union {
        index: usize,
        value: Box<Val>,
    },
    List(Vec<Val>),
    /// Entries in the order they were read.
    Map(Vec<(String, Val)>),
    Optional(Option<Box<Val>>),
}

/// Calls `$body` with `$v` bound to the Rust value of a built-in type (`&bool`, `&i32`, …,
/// `&Uuid`), or evaluates `$other` for the rest.
macro_rules! with_builtin {
    ($val:expr, |$v:ident| $body:expr, _ => $other:expr) => {
        match $val {
            Val::Bool($v) => $body,
            Val::I32($v) => $body,
            Val::I64($v) => $body,
            Val::U32($v) => $body,
            Val::U64($v) => $body,
            Val::F32($v) => $body,
            Val::F64($v) => $body,
            Val::String($v) => $body,
            Val::Bytes($v) => $body,
            Val::Timestamp($v) => $body,
            Val::Date($v) => $body,
            Val::Uuid($v) => $body,
            _ => $other,
        }
    };
}
pub(crate) use with_builtin;

/// The error for a value whose shape does not follow its type, which the checker never builds.
pub(crate) fn mismatch(ty: &Type) -> EncodeError {
    EncodeError::new(
        &[],
        format!("internal error: a checked value does not match its type {ty:?}"),
    )
}

/// Checks `value` against the record or union `id`.
pub(crate) fn check(
    schema: &Schema,
    id: TypeId,
    value: &Value,
    duplicates: &Duplicates,
) -> Result<Val, EncodeError> {
    let mut checker = Checker {
        schema,
        duplicates,
        path: Vec::new(),
    };
    checker.named(id, value)
}

struct Checker<'a> {
    schema: &'a Schema,
    duplicates: &'a Duplicates,
    path: Vec<Segment>,
}

impl Checker<'_> {
    fn error(&self, message: impl Into<String>) -> EncodeError {
        EncodeError::new(&self.path, message)
    }

    /// Runs `f` one step deeper.
    fn at<T>(
        &mut self,
        segment: Segment,
        f: impl FnOnce(&mut Self) -> Result<T, EncodeError>,
    ) -> Result<T, EncodeError> {
        self.path.push(segment);
        let result = f(self);
        self.path.pop();
        result
    }

    fn ty(&mut self, ty: &Type, value: &Value) -> Result<Val, EncodeError> {
        match ty {
            Type::Primitive(p) => builtin(*p, value).map_err(|e| self.error(e)),
            Type::Named(id) => self.named(*id, value),
            Type::List(inner) => self.list(inner, value),
            Type::Map(inner) => self.map(inner, value),
            Type::Optional(inner) => match value {
                Value::Null => Ok(Val::Optional(None)),
                _ => Ok(Val::Optional(Some(Box::new(self.ty(inner, value)?)))),
            },
        }
    }

    fn named(&mut self, id: TypeId, value: &Value) -> Result<Val, EncodeError> {
        let schema = self.schema;
        let def = schema.get(id);
        match &def.kind {
            TypeKind::Record(record) => {
                let expected = format!("an object (record {})", def.full_name());
                self.record(record, &expected, value)
            }
            TypeKind::Enum(e) => {
                let expected = format!("a symbol of enum {}", def.full_name());
                enumeration(e, &expected, value).map_err(|m| self.error(m))
            }
            TypeKind::Union(union) => {
                let expected =
                    format!("an object with exactly one key (union {})", def.full_name());
                self.union(union, &def.name, &expected, value)
            }
        }
    }

    fn record(
        &mut self,
        record: &Record,
        expected: &str,
        value: &Value,
    ) -> Result<Val, EncodeError> {
        let Value::Object(object) = value else {
            return Err(self.error(invalid_type(value, expected)));
        };
        let mut slots: Vec<Option<Val>> = vec![None; record.fields.len()];
        for (key, item) in object {
            let Some(index) = record.fields.iter().position(|f| f.name == *key) else {
                continue;
            };
            if self.duplicates.at(&self.path).any(|k| k == key) {
                return Err(self.error(format!("duplicate field `{key}`")));
            }
            let field = &record.fields[index];
            let checked = self.at(Segment::Field(key.clone()), |c| c.field(field, item))?;
            slots[index] = Some(checked);
        }
        let mut fields = Vec::with_capacity(record.fields.len());
        for (field, slot) in record.fields.iter().zip(slots) {
            let value = match slot {
                Some(value) => value,
                None => self.absent(field)?,
            };
            fields.push(value);
        }
        Ok(Val::Record(fields))
    }

    /// A field's value as given. `null` is "absent" for every field but a required one.
    fn field(&mut self, field: &Field, value: &Value) -> Result<Val, EncodeError> {
        let nullable = match &field.ty {
            Type::Optional(_) | Type::List(_) | Type::Map(_) => true,
            _ => field.default.is_some(),
        };
        if nullable && value.is_null() {
            return self.absent(field);
        }
        self.ty(&field.ty, value)
    }

    /// A field's value when it is missing (or `null`, where that means missing).
    fn absent(&self, field: &Field) -> Result<Val, EncodeError> {
        match (&field.ty, &field.default) {
            (Type::Optional(_), _) => Ok(Val::Optional(None)),
            (Type::List(_), _) => Ok(Val::List(Vec::new())),
            (Type::Map(_), _) => Ok(Val::Map(Vec::new())),
            (ty, Some(default)) => self.default(ty, &default.value),
            (_, None) => Err(self.error(format!("missing field `{}`", field.name))),
        }
    }

    /// A schema default as the field's value.
    fn default(&self, ty: &Type, value: &DefaultValue) -> Result<Val, EncodeError> {
        let val = match (ty, value) {
            (Type::Primitive(Primitive::Bool), DefaultValue::Bool(b)) => Some(Val::Bool(*b)),
            (Type::Primitive(Primitive::I32), DefaultValue::Int(i)) => {
                i32::try_from(*i).ok().map(Val::I32)
            }
            (Type::Primitive(Primitive::I64), DefaultValue::Int(i)) => Some(Val::I64(*i)),
            (Type::Primitive(Primitive::U32), DefaultValue::UInt(u)) => {
                u32::try_from(*u).ok().map(Val::U32)
            }
            (Type::Primitive(Primitive::U64), DefaultValue::UInt(u)) => Some(Val::U64(*u)),
            // The generated code writes an f32 default as the f32 nearest to it.
            (Type::Primitive(Primitive::F32), DefaultValue::Float(f)) => Some(Val::F32(*f as f32)),
            (Type::Primitive(Primitive::F64), DefaultValue::Float(f)) => Some(Val::F64(*f)),
            (Type::Primitive(Primitive::String), DefaultValue::String(s)) => {
                Some(Val::String(s.clone()))
            }
            (Type::Primitive(Primitive::Bytes), DefaultValue::Bytes(b)) => {
                Some(Val::Bytes(b.clone()))
            }
            (Type::Named(id), DefaultValue::Enum { symbol, number }) => {
                match &self.schema.get(*id).kind {
                    // The generated default is the variant of that symbol, with its number.
                    TypeKind::Enum(e) => e
                        .values
                        .iter()
                        .enumerate()
                        .find(|(_, v)| v.name == *symbol && v.number == *number)
                        .map(|(index, v)| Val::Enum {
                            index,
                            number: v.number,
                        }),
                    _ => None,
                }
            }
            _ => None,
        };
        val.ok_or_else(|| {
            self.error(format!(
                "internal error: the default {value:?} does not fit the type {ty:?}"
            ))
        })
    }

    fn union(
        &mut self,
        union: &Union,
        name: &str,
        expected: &str,
        value: &Value,
    ) -> Result<Val, EncodeError> {
        let Value::Object(object) = value else {
            return Err(self.error(invalid_type(value, expected)));
        };
        let mut entries = object.iter();
        let Some((key, item)) = entries.next() else {
            return Err(self.error(format!(
                "union `{name}` needs exactly one variant, found none"
            )));
        };
        let Some(index) = union.variants.iter().position(|v| v.name == *key) else {
            let names: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
            return Err(self.error(unknown_variant(key, &names)));
        };
        let variant = &union.variants[index];
        let checked = self.at(Segment::Field(key.clone()), |c| c.ty(&variant.ty, item))?;
        // A second key, or the same key again, is one variant too many.
        let second = entries
            .next()
            .map(|(k, _)| k.as_str())
            .or_else(|| self.duplicates.at(&self.path).next());
        if let Some(second) = second {
            return Err(self.error(format!(
                "union `{name}` holds exactly one variant, found a second key `{second}`"
            )));
        }
        Ok(Val::Union {
            index,
            value: Box::new(checked),
        })
    }

    fn list(&mut self, inner: &Type, value: &Value) -> Result<Val, EncodeError> {
        let Value::Array(items) = value else {
            return Err(self.error(invalid_type(value, "an array")));
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            out.push(self.at(Segment::Index(index), |c| c.ty(inner, item))?);
        }
        Ok(Val::List(out))
    }

    fn map(&mut self, inner: &Type, value: &Value) -> Result<Val, EncodeError> {
        let Value::Object(object) = value else {
            return Err(self.error(invalid_type(value, "an object")));
        };
        if let Some(key) = self.duplicates.at(&self.path).next() {
            return Err(self.error(format!("duplicate key `{key}`")));
        }
        let mut out = Vec::with_capacity(object.len());
        for (key, item) in object {
            let checked = self.at(Segment::Key(key.clone()), |c| c.ty(inner, item))?;
            out.push((key.clone(), checked));
        }
        Ok(Val::Map(out))
    }
}

/// A built-in type, read by the runtime's `JsonCodec` impl.
fn builtin(p: Primitive, value: &Value) -> Result<Val, String> {
    fn read<T: JsonCodec>(value: &Value) -> Result<T, String> {
        T::deserialize_json(value).map_err(|e| e.to_string())
    }
    Ok(match p {
        Primitive::Bool => Val::Bool(read(value)?),
        Primitive::I32 => Val::I32(read(value)?),
        Primitive::I64 => Val::I64(read(value)?),
        Primitive::U32 => Val::U32(read(value)?),
        Primitive::U64 => Val::U64(read(value)?),
        Primitive::F32 => Val::F32(read(value)?),
        Primitive::F64 => Val::F64(read(value)?),
        Primitive::String => Val::String(read(value)?),
        Primitive::Bytes => Val::Bytes(read(value)?),
        Primitive::Timestamp => Val::Timestamp(read(value)?),
        Primitive::Date => Val::Date(read(value)?),
        Primitive::Uuid => Val::Uuid(read(value)?),
    })
}

/// An enum: its symbol or its number; unknown ones give the value numbered 0, which is the
/// first one declared.
fn enumeration(e: &Enum, expected: &str, value: &Value) -> Result<Val, String> {
    let index = match value {
        Value::String(symbol) => e.values.iter().position(|v| v.name == *symbol),
        // The generated visitor takes integers (`visit_i64`, `visit_u64`), not floats.
        Value::Number(n) if n.is_i64() || n.is_u64() => n
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .and_then(|number| e.values.iter().position(|v| v.number == number)),
        _ => return Err(invalid_type(value, expected)),
    }
    .unwrap_or(0);
    let number = e.values.get(index).map_or(0, |v| v.number);
    Ok(Val::Enum { index, number })
}

/// serde_json's message for a value of the wrong JSON type.
fn invalid_type(value: &Value, expected: &str) -> String {
    let float;
    let unexpected = match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                Unexpected::Unsigned(u)
            } else if let Some(i) = n.as_i64() {
                Unexpected::Signed(i)
            } else {
                float = n.as_f64().unwrap_or(f64::NAN);
                Unexpected::Float(float)
            }
        }
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    serde_json::Error::invalid_type(unexpected, &expected).to_string()
}

/// serde's message for an unknown enum variant, as the generated union decoder reports it.
fn unknown_variant(key: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let expected = match quoted.as_slice() {
        [] => "there are no variants".to_string(),
        [one] => format!("expected {one}"),
        [a, b] => format!("expected {a} or {b}"),
        _ => format!("expected one of {}", quoted.join(", ")),
    };
    format!("unknown variant `{key}`, {expected}")
}
