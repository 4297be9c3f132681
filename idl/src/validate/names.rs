//! Member names: unique within their type, not reserved, and aliases that do not collide.

use std::collections::HashMap;

use crate::ast::{DeclKind, Reserved, ReservedItem};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::resolve::qualify;
use crate::source::{Span, Spanned};

use super::Context;
use super::attributes::aliases;

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    let mut type_aliases: HashMap<String, Span> = HashMap::new();
    for (id, decl) in cx.decls() {
        let (code, what, reserved): (Code, &str, &[Reserved]) = match &decl.kind {
            DeclKind::Record(r) => (Code::DuplicateField, "field", &r.reserved),
            DeclKind::Union(u) => (Code::DuplicateVariant, "variant", &u.reserved),
            DeclKind::Enum(e) => (Code::DuplicateEnumValue, "enum value", &e.reserved),
        };
        let names: Vec<&Spanned<String>> = match &decl.kind {
            DeclKind::Enum(e) => e.values.iter().map(|v| &v.name).collect(),
            _ => Context::members(decl).iter().map(|f| &f.name).collect(),
        };
        let reserved_names = reserved_names(reserved, diagnostics);
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for name in &names {
            if let Some(first) = seen.insert(&name.value, name.span) {
                diagnostics.push(
                    Diagnostic::new(
                        code,
                        format!(
                            "{what} `{}` is declared twice in `{}`",
                            name.value, decl.name.value
                        ),
                        name.span,
                        "declared again here",
                    )
                    .with_label(first, "first declared here")
                    .with_help(format!("rename one of the {what}s")),
                );
            }
            if let Some(&reserved_at) = reserved_names.get(name.value.as_str()) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ReservedNameUsed,
                        format!("{what} name `{}` is reserved", name.value),
                        name.span,
                        "reserved name",
                    )
                    .with_label(reserved_at, "reserved here")
                    .with_help(
                        "a reserved name belonged to a removed element; choose another name",
                    ),
                );
            }
        }
        if let DeclKind::Record(record) = &decl.kind {
            check_field_aliases(&record.fields, diagnostics);
        }
        let package = &cx.res.symbols[id.index()].package;
        for alias in aliases(&decl.attributes) {
            let full = if alias.value.contains('.') {
                alias.value.clone()
            } else {
                qualify(package, &alias.value)
            };
            let named_type = cx.res.by_name.get(&full).copied();
            if named_type == Some(id) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateAlias,
                        format!("alias `{}` repeats the type's own name", alias.value),
                        alias.span,
                        "the type's own name",
                    )
                    .with_help("an alias names a former name of the type; remove this one"),
                );
                continue;
            }
            let other_type = named_type.map(|t| cx.res.decl(cx.loaded, t).name.span);
            if let Some(other) = other_type.or_else(|| type_aliases.get(&full).copied()) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateAlias,
                        format!(
                            "alias `{}` collides with another type's name or alias",
                            alias.value
                        ),
                        alias.span,
                        "collides",
                    )
                    .with_label(other, "also named here")
                    .with_help(
                        "Avro resolves aliases and names in one namespace; remove the alias",
                    ),
                );
            } else {
                type_aliases.insert(full, alias.span);
            }
        }
    }
}

/// The names of `reserved` statements, reporting names listed twice.
fn reserved_names<'a>(
    statements: &'a [Reserved],
    diagnostics: &mut Diagnostics,
) -> HashMap<&'a str, Span> {
    let mut names: HashMap<&str, Span> = HashMap::new();
    for item in statements.iter().flat_map(|s| &s.items) {
        if let ReservedItem::Name(name) = item
            && !is_identifier(&name.value)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidReservedName,
                    format!("reserved name `{}` is not a valid name", name.value),
                    name.span,
                    "not a name",
                )
                .with_help("names are letters, digits and `_`, not starting with a digit"),
            );
        }
        if let ReservedItem::Name(name) = item
            && let Some(first) = names.insert(&name.value, name.span)
        {
            names.insert(&name.value, first);
            diagnostics.push(
                Diagnostic::new(
                    Code::OverlappingReserved,
                    format!("name `{}` is reserved twice", name.value),
                    name.span,
                    "reserved again",
                )
                .with_label(first, "first reserved here")
                .with_help("remove one of the entries"),
            );
        }
    }
    names
}

/// Whether `s` is a name: ASCII letters, digits and `_`, not starting with a digit.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A field's aliases must not name another field or repeat another alias.
fn check_field_aliases(fields: &[crate::ast::Field], diagnostics: &mut Diagnostics) {
    let field_names: HashMap<&str, Span> = fields
        .iter()
        .map(|f| (f.name.value.as_str(), f.name.span))
        .collect();
    let mut alias_names: HashMap<String, Span> = HashMap::new();
    for field in fields {
        for alias in aliases(&field.attributes) {
            let collision = if alias.value == field.name.value {
                Some((field.name.span, "the field's own name"))
            } else if let Some(&other) = field_names.get(alias.value.as_str()) {
                Some((other, "another field"))
            } else {
                alias_names.get(&alias.value).map(|&s| (s, "another alias"))
            };
            match collision {
                Some((other, what)) => diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateAlias,
                        format!("alias `{}` repeats {what}", alias.value),
                        alias.span,
                        "collides",
                    )
                    .with_label(other, "also named here")
                    .with_help("an Avro reader could not tell which field the data belongs to; remove the alias"),
                ),
                None => {
                    alias_names.insert(alias.value.clone(), alias.span);
                }
            }
        }
    }
}
