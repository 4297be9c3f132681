//! The shape of types: map keys are strings, containers do not nest directly (protobuf cannot
//! express it), and union variants are plain types.

use crate::ast::{DeclKind, TypeExpr};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Encoding, Primitive};
use crate::resolve::Resolved;

use super::Context;

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    for (_, decl) in cx.decls() {
        for field in Context::members(decl) {
            walk(cx, &field.ty, diagnostics);
            encoding(cx, field, diagnostics);
        }
        if let DeclKind::Union(union) = &decl.kind {
            if union.variants.is_empty() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::EmptyUnion,
                        format!("union `{}` has no variants", decl.name.value),
                        decl.name.span,
                        "empty union",
                    )
                    .with_help("a union value holds exactly one variant, so it needs at least one"),
                );
            }
            for variant in &union.variants {
                check_variant(cx, &variant.ty, diagnostics);
            }
        }
    }
}

/// `#[proto(encoding = "…")]` needs integers: `zigzag` signed ones (`i32`, `i64`), `fixed` any
/// (`i32`, `i64`, `u32`, `u64`), alone, in an `optional` or a `list`, or as a map's values.
fn encoding(cx: &Context<'_>, field: &crate::ast::Field, diagnostics: &mut Diagnostics) {
    let Some((encoding, attr)) = super::attributes::encoding_attribute(&field.attributes) else {
        return;
    };
    let mut element = &field.ty;
    while let TypeExpr::List(inner, _) | TypeExpr::Optional(inner, _) | TypeExpr::Map(_, inner, _) =
        element
    {
        element = inner;
    }
    let TypeExpr::Named(name) = element else {
        return;
    };
    let primitive = match cx.res.get(name.span) {
        Some(Resolved::Primitive(p)) => Some(p),
        Some(_) => None,
        None => return, // unresolved: already reported
    };
    let (fits, allowed) = match encoding {
        Encoding::Zigzag => (
            matches!(primitive, Some(Primitive::I32 | Primitive::I64)),
            "`i32` or `i64` (sint32, sint64)",
        ),
        Encoding::Fixed => (
            matches!(
                primitive,
                Some(Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64)
            ),
            "`i32`, `i64`, `u32` or `u64` (sfixed32, sfixed64, fixed32, fixed64)",
        ),
        Encoding::Varint => return,
    };
    if !fits {
        let name = match encoding {
            Encoding::Zigzag => "zigzag",
            _ => "fixed",
        };
        diagnostics.push(
            Diagnostic::new(
                Code::EncodingTypeMismatch,
                format!("the `{name}` encoding needs integers of type {allowed}"),
                element.span(),
                "not such an integer",
            )
            .with_label(attr.span, "the encoding is chosen here")
            .with_help(
                "the encoding applies to the field's integers: alone, in an `optional` or a \
                 `list`, or a map's values",
            ),
        );
    }
}

fn container(ty: &TypeExpr) -> Option<&'static str> {
    match ty {
        TypeExpr::List(..) => Some("list"),
        TypeExpr::Map(..) => Some("map"),
        TypeExpr::Optional(..) => Some("optional"),
        TypeExpr::Named(_) => None,
    }
}

fn walk(cx: &Context<'_>, ty: &TypeExpr, diagnostics: &mut Diagnostics) {
    match ty {
        TypeExpr::Named(_) => {}
        TypeExpr::List(inner, _) => {
            nested("list", inner, diagnostics);
            walk(cx, inner, diagnostics);
        }
        TypeExpr::Optional(inner, _) => {
            nested("optional", inner, diagnostics);
            walk(cx, inner, diagnostics);
        }
        TypeExpr::Map(key, value, _) => {
            // An unresolved key name is already reported as an unknown type.
            let acceptable = match &**key {
                TypeExpr::Named(name) => matches!(
                    cx.res.get(name.span),
                    None | Some(Resolved::Primitive(Primitive::String))
                ),
                _ => false,
            };
            if !acceptable {
                diagnostics.push(
                    Diagnostic::new(
                        Code::MapKeyNotString,
                        "map keys must be `string`",
                        key.span(),
                        "not `string`",
                    )
                    .with_help(
                        "Avro and JSON key maps by strings; convert the key to a string, \
                         or use a list of records",
                    ),
                );
            }
            nested("map", value, diagnostics);
            walk(cx, value, diagnostics);
        }
    }
}

/// Reports a container directly inside another (`outer<inner<…>>`).
fn nested(outer: &str, inner: &TypeExpr, diagnostics: &mut Diagnostics) {
    let Some(inner_kind) = container(inner) else {
        return;
    };
    let span = inner.span();
    if outer == "optional" && inner_kind == "optional" {
        diagnostics.push(
            Diagnostic::new(
                Code::NestedOptional,
                "`optional<optional<T>>` is not allowed",
                span,
                "optional inside optional",
            )
            .with_help("no format can tell an absent outer value from an absent inner one; use `optional<T>`"),
        );
        return;
    }
    let (message, help) = match (outer, inner_kind) {
        ("optional", _) => (
            format!("a {inner_kind} cannot be optional"),
            format!(
                "an absent {inner_kind} reads as an empty one; use the {inner_kind} type directly"
            ),
        ),
        (_, "optional") => (
            format!("{outer} elements cannot be optional"),
            "protobuf cannot store a missing element; wrap the optional value in a record"
                .to_string(),
        ),
        _ => (
            format!("a {outer} cannot hold a {inner_kind} directly"),
            format!(
                "protobuf cannot nest a {inner_kind} in a {outer}; wrap the inner {inner_kind} in a record"
            ),
        ),
    };
    diagnostics.push(
        Diagnostic::new(Code::NestedCollection, message, span, "nested directly").with_help(help),
    );
}

fn check_variant(cx: &Context<'_>, ty: &TypeExpr, diagnostics: &mut Diagnostics) {
    if let Some(kind) = container(ty) {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidVariantType,
                format!(
                    "a union variant cannot be {} {kind}",
                    if kind == "optional" { "an" } else { "a" }
                ),
                ty.span(),
                "not allowed in a union",
            )
            .with_help(format!(
                "protobuf oneof members cannot be repeated or optional; wrap the {kind} in a record"
            )),
        );
        return;
    }
    if let Some(id) = cx.res.named(ty)
        && matches!(cx.res.decl(cx.loaded, id).kind, DeclKind::Union(_))
    {
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidVariantType,
                "a union variant cannot be another union",
                ty.span(),
                "a union",
            )
            .with_help("Avro unions cannot contain unions; wrap the inner union in a record"),
        );
    }
}
