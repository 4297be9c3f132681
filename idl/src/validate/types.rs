//! The shape of types: map keys are strings, containers do not nest directly (protobuf cannot
//! express it), and union variants are plain types.

use crate::ast::{DeclKind, TypeExpr};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Primitive;
use crate::resolve::Resolved;

use super::Context;

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    for (_, decl) in cx.decls() {
        for field in Context::members(decl) {
            walk(cx, &field.ty, diagnostics);
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
