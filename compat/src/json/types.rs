//! Value types: which JSON values a writer's type produces, and whether the reader's type
//! decodes all of them.
//!
//! A reader of type R reads JSON written from type W when every value W writes decodes as R:
//! an integer range within R's, any number into a float, `f32` into `f64`, a `uuid`,
//! `timestamp`, `date` or enum symbol into a `string`. Everything else breaks, including cases
//! that decode without an error but change the value (base64 text read as a string, an unknown
//! symbol read as the enum's value numbered 0).

use trident_idl::model::{Primitive, Type, TypeDef, TypeKind, Value};

use super::{Checker, Scope, Verdict};
use crate::version::Version;

/// How a field holds its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape<'t> {
    /// One value, present in every JSON object (unless the field has a default).
    Single(&'t Type),
    /// `optional<T>`: absent or `null` is `None`.
    Optional(&'t Type),
    /// `list<T>`: an array.
    List(&'t Type),
    /// `map<string, T>`: an object.
    Map(&'t Type),
}

impl<'t> Shape<'t> {
    pub(super) fn of(ty: &'t Type) -> Shape<'t> {
        match ty {
            Type::Optional(inner) => Shape::Optional(inner),
            Type::List(inner) => Shape::List(inner),
            Type::Map(inner) => Shape::Map(inner),
            Type::Primitive(_) | Type::Named(_) => Shape::Single(ty),
        }
    }

    /// The type of each value.
    pub(super) fn leaf(self) -> &'t Type {
        match self {
            Shape::Single(t) | Shape::Optional(t) | Shape::List(t) | Shape::Map(t) => t,
        }
    }

    /// How the shape is named in messages.
    pub(super) fn describe(self) -> &'static str {
        match self {
            Shape::Single(_) => "a single value",
            Shape::Optional(_) => "an optional value",
            Shape::List(_) => "a list",
            Shape::Map(_) => "a map",
        }
    }
}

/// A value type: a built-in or a declared type of one version.
#[derive(Clone, Copy)]
enum Leaf<'a> {
    Primitive(Primitive),
    Named(&'a TypeDef),
}

impl<'a> Leaf<'a> {
    fn of(version: &'a Version, ty: &Type) -> Leaf<'a> {
        match ty {
            Type::Primitive(p) => Leaf::Primitive(*p),
            Type::Named(id) => Leaf::Named(version.schema.get(*id)),
            // The model never nests containers; judge the element type.
            Type::List(inner) | Type::Map(inner) | Type::Optional(inner) => {
                Leaf::of(version, inner)
            }
        }
    }

    fn name(self) -> String {
        match self {
            Leaf::Primitive(p) => p.name().to_string(),
            Leaf::Named(t) => t.full_name(),
        }
    }

    /// What the writer puts in JSON for a value of this type.
    fn form(self) -> &'static str {
        match self {
            Leaf::Primitive(p) => primitive_form(p),
            Leaf::Named(t) => kind_form(&t.kind),
        }
    }
}

/// What JSON holds for a declared type's values.
pub(super) fn kind_form(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Record(_) => "objects",
        TypeKind::Enum(_) => "symbol strings",
        TypeKind::Union(_) => "one-key objects",
    }
}

fn primitive_form(p: Primitive) -> &'static str {
    match p {
        Primitive::Bool => "`true` or `false`",
        Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 => "integer numbers",
        Primitive::F32 | Primitive::F64 => {
            "numbers or the strings \"NaN\", \"Infinity\" and \"-Infinity\""
        }
        Primitive::String => "strings",
        Primitive::Bytes => "base64 strings",
        Primitive::Timestamp => "RFC 3339 strings",
        Primitive::Date => "\"YYYY-MM-DD\" strings",
        Primitive::Uuid => "UUID strings",
    }
}

/// The values an integer type holds.
fn int_range(p: Primitive) -> Option<(i128, i128)> {
    match p {
        Primitive::I32 => Some((i32::MIN.into(), i32::MAX.into())),
        Primitive::I64 => Some((i64::MIN.into(), i64::MAX.into())),
        Primitive::U32 => Some((0, u32::MAX.into())),
        Primitive::U64 => Some((0, u64::MAX.into())),
        _ => None,
    }
}

fn is_float(p: Primitive) -> bool {
    matches!(p, Primitive::F32 | Primitive::F64)
}

/// Whether a reader of type `reader` decodes every value written from `writer` (two different
/// built-ins); `Err` says why not.
fn primitive_reads(reader: Primitive, writer: Primitive) -> Result<(), String> {
    use Primitive::{Bytes, Date, F32, F64, String as Str, Timestamp, Uuid};
    if reader == writer {
        return Ok(());
    }
    match (int_range(writer), int_range(reader)) {
        (Some((wmin, wmax)), Some((rmin, rmax))) => {
            return if rmin <= wmin && wmax <= rmax {
                Ok(())
            } else {
                Err(format!(
                    "`{writer}` values outside the `{reader}` range are rejected"
                ))
            };
        }
        (Some(_), None) if is_float(reader) => return Ok(()),
        _ => {}
    }
    match (writer, reader) {
        (F32, F64) | (Uuid | Timestamp | Date, Str) => Ok(()),
        (F64, F32) => {
            Err("`f64` values beyond the range or precision of `f32` do not fit".to_string())
        }
        (F32 | F64, r) if int_range(r).is_some() => Err(format!(
            "`{writer}` values may have fractions or be \"NaN\" or \"Infinity\", which `{r}` readers reject"
        )),
        (Str, Uuid | Timestamp | Date | Bytes) => Err(format!(
            "`{reader}` readers accept only {}, and a `string` can hold any text",
            primitive_form(reader)
        )),
        (Bytes, Str) => Err(
            "`bytes` values are written as base64, which `string` readers take as the text itself"
                .to_string(),
        ),
        _ => Err(format!(
            "`{writer}` values are written as {}, which `{reader}` readers reject",
            primitive_form(writer)
        )),
    }
}

/// Whether a reader of type `reader` decodes every value written from `writer`, when at most one
/// of them is a declared type.
fn mixed_reads(reader: Leaf<'_>, writer: Leaf<'_>) -> Result<(), String> {
    match (reader, writer) {
        (Leaf::Primitive(r), Leaf::Primitive(w)) => primitive_reads(r, w),
        (Leaf::Primitive(Primitive::String), Leaf::Named(t))
            if matches!(t.kind, TypeKind::Enum(_)) =>
        {
            Ok(())
        }
        (Leaf::Named(t), Leaf::Primitive(Primitive::String))
            if matches!(t.kind, TypeKind::Enum(_)) =>
        {
            Err(format!(
                "strings that are not symbols of `{}` read as its value numbered 0",
                t.full_name()
            ))
        }
        (Leaf::Named(t), Leaf::Primitive(p))
            if matches!(t.kind, TypeKind::Enum(_)) && int_range(p).is_some() =>
        {
            Err(format!(
                "numbers that are not values of `{}` read as its value numbered 0",
                t.full_name()
            ))
        }
        _ => Err(format!(
            "`{}` values are written as {}, which `{}` readers reject",
            writer.name(),
            writer.form(),
            reader.name()
        )),
    }
}

/// How two value types compare.
pub(super) enum LeafChange {
    /// The same type, or the same declared type by full name (whose own changes are reported
    /// at the type).
    Same,
    /// Differently named declared types with the same JSON shape.
    Renamed(Verdict),
    /// Different JSON; the verdict says what breaks.
    Changed(Verdict),
}

impl Checker<'_> {
    /// Compares the value types of a field, map or variant (`old` in the old version, `new` in
    /// the new one).
    pub(super) fn leaf_change(&self, old: &Type, new: &Type, scope: &mut Scope) -> LeafChange {
        let (o, n) = (Leaf::of(self.old, old), Leaf::of(self.new, new));
        match (o, n) {
            (Leaf::Primitive(a), Leaf::Primitive(b)) if a == b => LeafChange::Same,
            (Leaf::Named(a), Leaf::Named(b)) => {
                let (old_name, new_name) = (a.full_name(), b.full_name());
                if old_name == new_name {
                    return LeafChange::Same;
                }
                let mut verdict = self.structural(a, b, scope);
                if verdict.is_breaking() {
                    verdict.context.push(format!(
                        "JSON carries no type names, so `{old_name}` and `{new_name}` are compared by shape"
                    ));
                    LeafChange::Changed(verdict)
                } else {
                    verdict.notes.insert(
                        0,
                        format!("JSON carries no type names, and `{old_name}` and `{new_name}` read each other's JSON"),
                    );
                    LeafChange::Renamed(verdict)
                }
            }
            _ => {
                let mut verdict = Verdict::default();
                if let Err(why) = mixed_reads(n, o) {
                    verdict.backward.push(why);
                }
                if let Err(why) = mixed_reads(o, n) {
                    verdict.forward.push(why);
                }
                LeafChange::Changed(verdict)
            }
        }
    }
}

/// A type as written in `.tri` files, with declared types by full name.
pub(super) fn type_text(version: &Version, ty: &Type) -> String {
    match ty {
        Type::Primitive(p) => p.name().to_string(),
        Type::Named(id) => version.schema.get(*id).full_name(),
        Type::List(inner) => format!("list<{}>", type_text(version, inner)),
        Type::Map(inner) => format!("map<string, {}>", type_text(version, inner)),
        Type::Optional(inner) => format!("optional<{}>", type_text(version, inner)),
    }
}

/// Whether two defaults mean the same JSON value (`5` and `5.0` do; enum values by symbol,
/// which is what JSON writes).
pub(super) fn same_value(a: &Value, b: &Value) -> bool {
    let number = |v: &Value| match *v {
        Value::Int(i) => Some(i as f64),
        Value::UInt(u) => Some(u as f64),
        Value::Float(f) => Some(f),
        _ => None,
    };
    match (a, b) {
        (Value::Enum { symbol: x, .. }, Value::Enum { symbol: y, .. }) => x == y,
        (Value::Int(x), Value::UInt(y)) | (Value::UInt(y), Value::Int(x)) => {
            u64::try_from(*x) == Ok(*y)
        }
        (
            Value::Int(_) | Value::UInt(_) | Value::Float(_),
            Value::Int(_) | Value::UInt(_) | Value::Float(_),
        ) if std::mem::discriminant(a) != std::mem::discriminant(b) => number(a) == number(b),
        _ => a == b,
    }
}

/// A default as it would be written in a `.tri` file.
pub(super) fn value_text(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) => format!("{f:?}"),
        Value::String(s) => format!("{s:?}"),
        Value::Bytes(b) => format!("{:?}", String::from_utf8_lossy(b)),
        Value::Enum { symbol, .. } => symbol.clone(),
    }
}
