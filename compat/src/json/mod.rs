//! JSON rules: Trident's JSON mapping (`docs/rust.md`, "JSON"), judged per direction.
//!
//! JSON carries field, variant and enum value *names* and no type names, so:
//!
//! - types are paired by full name, and a field whose named type changed (a renamed or moved
//!   type) is compared structurally with the type it refers to now ([`Checker::structural`]);
//! - record fields, union variants and enum values are paired by name, the key or symbol JSON
//!   writes; numbers only recognise a rename (same number, other name), which changes the key;
//! - a removed field, variant or enum value breaks both directions unless its name is reserved,
//!   as buf's WIRE_JSON rules demand, since a later member could reuse the name;
//! - a value type is readable when every JSON value the writer produces decodes with the
//!   reader's type ([`types`]); requiredness follows the mapping: a field is required unless it
//!   has a default or is `optional`, a `list` or a `map`.
//!
//! Backward means a reader using the new schema reads JSON written with the old one, forward the
//! reverse.

mod members;
#[cfg(test)]
mod tests;
mod types;

use std::collections::HashSet;

use trident_idl::Span;
use trident_idl::model::{TypeDef, TypeId, TypeKind};

use crate::finding::Finding;
use crate::rules::{Break, Direction, Format, Rule};
use crate::version::Version;

/// Every JSON-relevant change from `old` to `new`, one finding per rule and element.
pub(crate) fn compare(old: &Version, new: &Version) -> Vec<Finding> {
    let checker = Checker { old, new };
    let mut findings = Vec::new();
    for old_ty in old.schema.types() {
        let Some(new_ty) = new.ty(&old_ty.full_name()) else {
            // A type that is gone is no JSON change by itself: JSON carries no type names, and
            // every field that referred to it is judged where it now points.
            continue;
        };
        for change in checker.compare_types(old_ty, new_ty, &mut Scope::top()) {
            if let Some(finding) = change.into_finding(old, new) {
                findings.push(finding);
            }
        }
    }
    findings
}

/// The two versions being compared.
struct Checker<'a> {
    old: &'a Version,
    new: &'a Version,
}

/// The pairs of differently named types already being compared structurally, so that recursive
/// types terminate and each pair is judged once per referring field.
struct Scope {
    /// Whether this is inside a structural comparison (rather than at a type paired by name).
    nested: bool,
    pairs: HashSet<(TypeId, TypeId)>,
}

impl Scope {
    fn top() -> Scope {
        Scope {
            nested: false,
            pairs: HashSet::new(),
        }
    }
}

impl Checker<'_> {
    /// The changes between two types: the same type in both versions, or (structurally) the
    /// types a field referred to before and after.
    fn compare_types(&self, old: &TypeDef, new: &TypeDef, scope: &mut Scope) -> Vec<Change> {
        let type_name = new.full_name();
        match (&old.kind, &new.kind) {
            (TypeKind::Record(o), TypeKind::Record(n)) => self.record(&type_name, o, n, scope),
            (TypeKind::Enum(o), TypeKind::Enum(n)) => members::enumeration(&type_name, o, n),
            (TypeKind::Union(o), TypeKind::Union(n)) => self.union(&type_name, o, n, scope),
            (o, n) => vec![Change {
                rule: Rule::TypeKindChanged,
                type_name: type_name.clone(),
                member: None,
                message: format!(
                    "`{}` changed from {} to {}",
                    old.full_name(),
                    kind_name(o),
                    kind_name(n)
                ),
                verdict: Verdict::both(format!(
                    "JSON writes {} as {} and {} as {}",
                    plural_kind(o),
                    types::kind_form(o),
                    plural_kind(n),
                    types::kind_form(n)
                )),
                old: Some(old.name_span),
                new: Some(new.name_span),
            }],
        }
    }

    /// Compares two differently named types by their JSON shape and folds every change found,
    /// however deep, into one verdict.
    fn structural(&self, old: &TypeDef, new: &TypeDef, scope: &mut Scope) -> Verdict {
        let mut fresh = Scope {
            nested: true,
            pairs: HashSet::new(),
        };
        let scope = if scope.nested { scope } else { &mut fresh };
        let mut verdict = Verdict::default();
        if !scope.pairs.insert((old.id, new.id)) {
            // Already being compared further up (a recursive type) or already counted.
            return verdict;
        }
        for change in self.compare_types(old, new, scope) {
            verdict.absorb(change);
        }
        verdict
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Record(_) => "a record",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Union(_) => "a union",
    }
}

fn plural_kind(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Record(_) => "records",
        TypeKind::Enum(_) => "enums",
        TypeKind::Union(_) => "unions",
    }
}

/// One change, before it becomes a [`Finding`] (or is folded into a structural comparison).
struct Change {
    rule: Rule,
    type_name: String,
    member: Option<String>,
    message: String,
    verdict: Verdict,
    /// The element in the old version.
    old: Option<Span>,
    /// The element in the new version.
    new: Option<Span>,
}

impl Change {
    /// The finding, or `None` when the change neither breaks nor deserves a warning.
    fn into_finding(self, old: &Version, new: &Version) -> Option<Finding> {
        if self.verdict.is_empty() {
            return None;
        }
        let finding = Finding::new(
            self.rule,
            &self.type_name,
            self.member.as_deref(),
            self.message,
        );
        let reason = self.verdict.reason();
        let breaks = self.verdict.breaks();
        let finding = if breaks.is_empty() {
            finding.note(Format::Json, reason)
        } else {
            finding.breaking(breaks, reason)
        };
        Some(finding.at(
            self.old.map(|s| old.location(s)),
            self.new.map(|s| new.location(s)),
        ))
    }
}

/// Why a change breaks JSON, per direction, and what else is worth saying about it.
#[derive(Debug, Default)]
struct Verdict {
    /// Said first: what the reasons are about.
    context: Vec<String>,
    /// Reasons that break both directions.
    both: Vec<String>,
    /// Reasons new readers fail on old JSON.
    backward: Vec<String>,
    /// Reasons old readers fail on new JSON.
    forward: Vec<String>,
    /// What changes without breaking.
    notes: Vec<String>,
}

impl Verdict {
    fn both(reason: impl Into<String>) -> Verdict {
        Verdict {
            both: vec![reason.into()],
            ..Verdict::default()
        }
    }

    fn backward(reason: impl Into<String>) -> Verdict {
        Verdict {
            backward: vec![reason.into()],
            ..Verdict::default()
        }
    }

    fn forward(reason: impl Into<String>) -> Verdict {
        Verdict {
            forward: vec![reason.into()],
            ..Verdict::default()
        }
    }

    fn note(reason: impl Into<String>) -> Verdict {
        Verdict {
            notes: vec![reason.into()],
            ..Verdict::default()
        }
    }

    fn is_empty(&self) -> bool {
        self.both.is_empty()
            && self.backward.is_empty()
            && self.forward.is_empty()
            && self.notes.is_empty()
    }

    fn breaks_direction(&self, direction: Direction) -> bool {
        !self.both.is_empty()
            || match direction {
                Direction::Backward => !self.backward.is_empty(),
                Direction::Forward => !self.forward.is_empty(),
            }
    }

    fn is_breaking(&self) -> bool {
        Direction::BOTH
            .into_iter()
            .any(|d| self.breaks_direction(d))
    }

    fn breaks(&self) -> Vec<Break> {
        Direction::BOTH
            .into_iter()
            .filter(|&d| self.breaks_direction(d))
            .map(|d| Break::new(Format::Json, d))
            .collect()
    }

    /// Adds a change found inside a structurally compared type, described by its message.
    fn absorb(&mut self, change: Change) {
        let Change {
            message, verdict, ..
        } = change;
        let item = |reasons: &[String]| format!("{message} ({})", reasons.join("; "));
        if !verdict.both.is_empty() {
            self.both.push(item(&verdict.both));
        }
        if !verdict.backward.is_empty() {
            self.backward.push(item(&verdict.backward));
        }
        if !verdict.forward.is_empty() {
            self.forward.push(item(&verdict.forward));
        }
        if !verdict.is_breaking() && !verdict.notes.is_empty() {
            self.notes.push(item(&verdict.notes));
        }
    }

    /// Everything said, as one text.
    fn reason(&self) -> String {
        let mut parts: Vec<String> = self.context.clone();
        if !self.both.is_empty() {
            parts.push(self.both.join("; "));
        }
        if !self.backward.is_empty() {
            parts.push(format!(
                "new readers of old JSON: {}",
                self.backward.join("; ")
            ));
        }
        if !self.forward.is_empty() {
            parts.push(format!(
                "old readers of new JSON: {}",
                self.forward.join("; ")
            ));
        }
        parts.extend(self.notes.iter().cloned());
        let parts: Vec<String> = parts.iter().map(|p| capitalized(p)).collect();
        parts.join(". ")
    }
}

/// `part` with its first letter in capitals.
fn capitalized(part: &str) -> String {
    let mut chars = part.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}
