//! Validation: one module per family of checks, each pushing diagnostics.
//!
//! Every check runs on the syntax tree together with the name resolution, and every check runs
//! even when an earlier one found errors, so a single run reports everything it can.

pub(crate) mod attributes;
mod defaults;
mod names;
pub(crate) mod numbers;
mod package;
mod protobuf;
mod recursion;
mod types;
mod unions;

use crate::ast::{Decl, DeclKind, Field};
use crate::diagnostics::Diagnostics;
use crate::loader::Loaded;
use crate::model::TypeId;
use crate::resolve::Resolution;

pub(crate) use defaults::evaluate as evaluate_default;

/// What every check reads.
pub(crate) struct Context<'a> {
    pub(crate) loaded: &'a Loaded,
    pub(crate) res: &'a Resolution,
}

impl<'a> Context<'a> {
    /// Every declaration with its type id, in declaration order.
    pub(crate) fn decls(&self) -> impl Iterator<Item = (TypeId, &'a Decl)> + 'a {
        let loaded = self.loaded;
        let res = self.res;
        (0..res.symbols.len()).map(move |i| {
            let id = TypeId(i as u32);
            (id, res.decl(loaded, id))
        })
    }

    /// The fields of a record or the variants of a union.
    pub(crate) fn members(decl: &Decl) -> &[Field] {
        match &decl.kind {
            DeclKind::Record(r) => &r.fields,
            DeclKind::Union(u) => &u.variants,
            DeclKind::Enum(_) => &[],
        }
    }
}

/// Runs every check.
pub(crate) fn validate(loaded: &Loaded, res: &Resolution, diagnostics: &mut Diagnostics) {
    let cx = Context { loaded, res };
    package::check(&cx, diagnostics);
    attributes::check(&cx, diagnostics);
    names::check(&cx, diagnostics);
    numbers::check(&cx, diagnostics);
    types::check(&cx, diagnostics);
    recursion::check(&cx, diagnostics);
    unions::check(&cx, diagnostics);
    defaults::check(&cx, diagnostics);
    protobuf::check(&cx, diagnostics);
}
