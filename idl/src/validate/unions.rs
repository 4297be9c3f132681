//! Union variants must map to distinct Avro branch types: Avro allows one branch per primitive
//! type (so `i64`, `u32`, `u64` and `timestamp`, all `long`, collide) and one per named type.

use std::collections::HashMap;

use crate::ast::DeclKind;
use crate::ast::TypeExpr;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::resolve::Resolved;
use crate::source::Span;

use super::Context;

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    for (_, decl) in cx.decls() {
        let DeclKind::Union(union) = &decl.kind else {
            continue;
        };
        let mut seen: HashMap<String, (&str, Span)> = HashMap::new();
        for variant in &union.variants {
            let TypeExpr::Named(name) = &variant.ty else {
                continue; // Containers are reported as invalid variant types.
            };
            let (key, shown) = match cx.res.get(name.span) {
                Some(Resolved::Primitive(p)) => (
                    p.avro_type().to_string(),
                    format!("Avro `{}`", p.avro_type()),
                ),
                Some(Resolved::Type(id)) => {
                    let symbol = &cx.res.symbols[id.index()];
                    if matches!(cx.res.decl(cx.loaded, id).kind, DeclKind::Union(_)) {
                        continue; // Reported as an invalid variant type.
                    }
                    (
                        format!("named {}", symbol.full_name),
                        format!("`{}`", symbol.full_name),
                    )
                }
                None => continue,
            };
            if let Some(&(first_name, first_span)) = seen.get(&key) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateUnionBranch,
                        format!(
                            "variants `{first_name}` and `{}` of union `{}` are both {shown}",
                            variant.name.value, decl.name.value
                        ),
                        name.span,
                        format!("{shown} again"),
                    )
                    .with_label(first_span, format!("`{first_name}` is {shown} too"))
                    .with_help(
                        "an Avro union holds one branch per type (i64, u32, u64 and timestamp \
                         are all `long`, i32 and date are `int`, string and uuid are `string`); \
                         wrap one variant in a record",
                    ),
                );
            } else {
                seen.insert(key, (&variant.name.value, name.span));
            }
        }
    }
}
