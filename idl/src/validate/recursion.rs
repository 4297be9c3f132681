//! Recursion: a type may contain itself only through a list, map or optional.
//!
//! A record needs a value for each of its plain fields, and a union for one of its variants. A
//! type that cannot be built from finitely many values (a record whose plain field is the record
//! itself, or a cycle of such fields) can never be written; every format would need an infinite
//! message. The check finds the types that *can* be built (a least fixed point) and reports each
//! cycle among the rest once.

use std::collections::HashSet;

use crate::ast::DeclKind;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::TypeId;
use crate::source::Span;

use super::Context;

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    let n = cx.res.symbols.len();
    let mut finite = vec![false; n];
    let mut changed = true;
    while changed {
        changed = false;
        for (id, decl) in cx.decls() {
            if finite[id.index()] {
                continue;
            }
            let is_finite = match &decl.kind {
                DeclKind::Enum(_) => true,
                DeclKind::Record(r) => r
                    .fields
                    .iter()
                    .all(|f| cx.res.named(&f.ty).is_none_or(|t| finite[t.index()])),
                DeclKind::Union(u) => {
                    u.variants.is_empty()
                        || u.variants
                            .iter()
                            .any(|v| cx.res.named(&v.ty).is_none_or(|t| finite[t.index()]))
                }
            };
            if is_finite {
                finite[id.index()] = true;
                changed = true;
            }
        }
    }
    let mut reported: HashSet<TypeId> = HashSet::new();
    for (id, _) in cx.decls() {
        if finite[id.index()] || reported.contains(&id) {
            continue;
        }
        // Follow the first field that needs an unbuildable type until a type repeats.
        let mut path: Vec<(TypeId, Span, &str)> = Vec::new();
        let mut current = id;
        loop {
            if reported.contains(&current) {
                break;
            }
            if let Some(start) = path.iter().position(|&(t, _, _)| t == current) {
                diagnostics.push(cycle_diagnostic(cx, &path[start..]));
                break;
            }
            let Some((span, field, next)) = offending_edge(cx, current, &finite) else {
                break;
            };
            path.push((current, span, field));
            current = next;
        }
        reported.extend(path.iter().map(|&(t, _, _)| t));
    }
}

/// The first plain field (or, for a union, variant) of `id` whose type cannot be built.
fn offending_edge<'a>(
    cx: &Context<'a>,
    id: TypeId,
    finite: &[bool],
) -> Option<(Span, &'a str, TypeId)> {
    let decl = cx.res.decl(cx.loaded, id);
    Context::members(decl).iter().find_map(|f| {
        let target = cx.res.named(&f.ty)?;
        (!finite[target.index()]).then_some((f.name.span, f.name.value.as_str(), target))
    })
}

fn cycle_diagnostic(cx: &Context<'_>, cycle: &[(TypeId, Span, &str)]) -> Diagnostic {
    let name = |id: TypeId| cx.res.decl(cx.loaded, id).name.value.clone();
    let (first, span, _) = cycle[0];
    let chain: Vec<String> = cycle
        .iter()
        .map(|&(t, _, field)| format!("`{}.{field}`", name(t)))
        .collect();
    let message = if cycle.len() == 1 {
        format!(
            "`{}` contains itself through field `{}`",
            name(first),
            cycle[0].2
        )
    } else {
        format!(
            "`{}` contains itself through {}",
            name(first),
            chain.join(" → ")
        )
    };
    let mut diagnostic = Diagnostic::new(
        Code::InfiniteRecursion,
        message,
        span,
        format!("`{}` would never end", name(first)),
    );
    for &(t, span, _) in &cycle[1..] {
        diagnostic = diagnostic.with_label(span, format!("part of the cycle, in `{}`", name(t)));
    }
    let example = if matches!(cx.res.decl(cx.loaded, first).kind, DeclKind::Union(_)) {
        "add a variant that does not lead back, or make a field on the cycle `optional<…>`"
    } else {
        "make one field on the cycle `optional<…>` or a `list<…>`"
    };
    diagnostic.with_help(format!(
        "a value of this type would have to contain another one forever; {example}"
    ))
}
