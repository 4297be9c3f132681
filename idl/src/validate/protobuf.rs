//! Names protobuf would reject: every schema must export to `.proto` files that protoc accepts.
//!
//! protoc derives a JSON name for each field by dropping underscores and capitalizing the letter
//! after each (`foo_bar` → `fooBar`), and rejects two fields with one JSON name. It compares
//! enum values after removing the enum's name as a prefix and ignoring case (Trident's export
//! writes every value with that prefix). And packages whose types use each other would import
//! each other's `.proto` files, a cycle protoc rejects.

use std::collections::{HashMap, HashSet};

use crate::ast::{DeclKind, TypeExpr};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::protobuf_names::{enum_value_key, enum_value_name, json_name};
use crate::resolve::Resolved;
use crate::source::Span;

use super::Context;

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    for (_, decl) in cx.decls() {
        match &decl.kind {
            DeclKind::Enum(e) => {
                let mut seen: HashMap<String, (&str, Span)> = HashMap::new();
                for value in &e.values {
                    let exported = enum_value_name(&decl.name.value, &value.name.value);
                    let key = enum_value_key(&decl.name.value, &exported);
                    match seen.get(&key) {
                        Some(&(first, span)) if first != value.name.value => diagnostics.push(
                            Diagnostic::new(
                                Code::EnumValueConflict,
                                format!(
                                    "enum values `{first}` and `{}` of `{}` collide in protobuf",
                                    value.name.value, decl.name.value
                                ),
                                value.name.span,
                                "collides",
                            )
                            .with_label(span, "with this value")
                            .with_help(
                                "protobuf compares enum values ignoring case and the enum's name as a \
                                 prefix (the export writes every value with that prefix); rename one",
                            ),
                        ),
                        Some(_) => {} // The same name twice is a duplicate (E104).
                        None => {
                            seen.insert(key, (&value.name.value, value.name.span));
                        }
                    }
                }
            }
            _ => {
                let mut seen: HashMap<String, (&str, Span)> = HashMap::new();
                for field in Context::members(decl) {
                    let json = json_name(&field.name.value);
                    match seen.get(&json) {
                        Some(&(first, span)) if first != field.name.value => diagnostics.push(
                            Diagnostic::new(
                                Code::JsonNameConflict,
                                format!(
                                    "`{first}` and `{}` have the same protobuf JSON name `{json}`",
                                    field.name.value
                                ),
                                field.name.span,
                                "same JSON name",
                            )
                            .with_label(span, "as this one")
                            .with_help(
                                "protobuf derives JSON names by dropping underscores and capitalizing \
                                 the next letter, and rejects two fields with one JSON name; rename one",
                            ),
                        ),
                        Some(_) => {}
                        None => {
                            seen.insert(json, (&field.name.value, field.name.span));
                        }
                    }
                }
            }
        }
    }
    package_cycles(cx, diagnostics);
}

/// Packages whose types use each other's types in a cycle.
fn package_cycles(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    // Edge: package → package, with the first type reference that creates it.
    let mut edges: HashMap<&str, Vec<(&str, Span)>> = HashMap::new();
    for (id, decl) in cx.decls() {
        let from = cx.res.symbols[id.index()].package.as_str();
        for field in Context::members(decl) {
            for (target, span) in named(cx, &field.ty) {
                let to = cx.res.symbols[target.index()].package.as_str();
                if to != from {
                    let list = edges.entry(from).or_default();
                    if !list.iter().any(|(p, _)| *p == to) {
                        list.push((to, span));
                    }
                }
            }
        }
    }
    let mut packages: Vec<&str> = edges.keys().copied().collect();
    packages.sort_unstable();
    let mut reported: HashSet<Vec<&str>> = HashSet::new();
    for &start in &packages {
        // Depth-first search for a path back to `start`.
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        let mut path: Vec<(&str, Span)> = Vec::new();
        let mut visited: HashSet<&str> = HashSet::new();
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let out = edges.get(node).map(Vec::as_slice).unwrap_or_default();
            if *next >= out.len() {
                stack.pop();
                path.pop();
                continue;
            }
            let (to, span) = out[*next];
            *next += 1;
            if to == start {
                let mut cycle: Vec<&str> = stack.iter().map(|&(p, _)| p).collect();
                let mut key = cycle.clone();
                key.sort_unstable();
                if reported.insert(key) {
                    cycle.push(start);
                    let mut d = Diagnostic::new(
                        Code::PackageCycle,
                        format!(
                            "packages use each other's types in a cycle: {}",
                            cycle.join(" → ")
                        ),
                        span,
                        "closes the cycle",
                    );
                    for &(_, other) in &path {
                        d = d.with_label(other, "part of the cycle");
                    }
                    diagnostics.push(d.with_help(
                        "each package becomes one .proto file, and protobuf files cannot import each \
                         other in a cycle; move the shared types into one package",
                    ));
                }
                continue;
            }
            if visited.insert(to) {
                path.push((to, span));
                stack.push((to, 0));
            }
        }
    }
}

/// The declared types a type expression refers to, with the spans of the references.
fn named(cx: &Context<'_>, ty: &TypeExpr) -> Vec<(crate::model::TypeId, Span)> {
    match ty {
        TypeExpr::Named(name) => match cx.res.get(name.span) {
            Some(Resolved::Type(id)) => vec![(id, name.span)],
            _ => Vec::new(),
        },
        TypeExpr::List(inner, _) | TypeExpr::Optional(inner, _) => named(cx, inner),
        TypeExpr::Map(key, value, _) => {
            let mut out = named(cx, key);
            out.extend(named(cx, value));
            out
        }
    }
}
