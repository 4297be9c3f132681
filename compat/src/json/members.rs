//! Members: record fields, enum values and union variants, paired by name (the JSON key or
//! symbol), with numbers recognising renames; and the reserved names that protect removed ones.

use std::collections::HashSet;

use trident_idl::Span;
use trident_idl::model::{Enum, Field, Record, Reserved, Union};

use super::types::{LeafChange, Shape, same_value, type_text, value_text};
use super::{Change, Checker, Scope, Verdict};
use crate::rules::Rule;

impl Checker<'_> {
    /// The changes between two records.
    pub(super) fn record(
        &self,
        type_name: &str,
        old: &Record,
        new: &Record,
        scope: &mut Scope,
    ) -> Vec<Change> {
        let old_names: HashSet<&str> = old.fields.iter().map(|f| f.name.as_str()).collect();
        let new_names: HashSet<&str> = new.fields.iter().map(|f| f.name.as_str()).collect();
        let mut changes = Vec::new();
        let mut renamed = HashSet::new();
        for o in &old.fields {
            if let Some(n) = new.fields.iter().find(|n| n.name == o.name) {
                changes.extend(self.field(type_name, o, n, scope));
            } else if let Some(n) = new
                .fields
                .iter()
                .find(|n| n.number == o.number && !old_names.contains(n.name.as_str()))
            {
                renamed.insert(n.name.as_str());
                changes.push(Change {
                    rule: Rule::FieldRenamed,
                    type_name: type_name.to_string(),
                    member: Some(n.name.clone()),
                    message: format!(
                        "field @{} of `{type_name}` was renamed from `{}` to `{}`",
                        o.number, o.name, n.name
                    ),
                    verdict: Verdict::both(format!(
                        "the JSON key changes from `{}` to `{}`{}, so readers of either version miss the value \
                         the other writes",
                        o.name,
                        n.name,
                        if n.aliases.iter().any(|a| a.value == o.name) {
                            " (`#[alias]` renames for Avro only; JSON keys are the field names)"
                        } else {
                            ""
                        }
                    )),
                    old: Some(o.name_span),
                    new: Some(n.name_span),
                });
            } else {
                let mut verdict = Verdict::default();
                if is_required(o) {
                    verdict.forward.push(format!(
                        "they require the key `{}`, which is no longer written",
                        o.name
                    ));
                }
                if !new.reserved.contains_name(&o.name) {
                    verdict.both.push(unreserved("field", "key", &o.name));
                }
                changes.push(Change {
                    rule: Rule::FieldRemoved,
                    type_name: type_name.to_string(),
                    member: Some(o.name.clone()),
                    message: format!("field `{}` was removed from `{type_name}`", o.name),
                    verdict,
                    old: Some(o.name_span),
                    new: None,
                });
            }
        }
        for n in new
            .fields
            .iter()
            .filter(|n| !old_names.contains(n.name.as_str()) && !renamed.contains(n.name.as_str()))
        {
            let verdict = if is_required(n) {
                Verdict::backward(format!(
                    "they require the key `{}`, which old JSON lacks; give the field a default or make it `optional<…>`",
                    n.name
                ))
            } else {
                Verdict::default()
            };
            changes.push(Change {
                rule: Rule::FieldAdded,
                type_name: type_name.to_string(),
                member: Some(n.name.clone()),
                message: format!("field `{}` was added to `{type_name}`", n.name),
                verdict,
                old: None,
                new: Some(n.name_span),
            });
        }
        let locate = |name: &str| {
            new.fields
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.name_span)
        };
        changes.extend(reserved_names(
            type_name,
            &old.reserved,
            &new.reserved,
            &new_names,
            locate,
        ));
        changes
    }

    /// The changes between two fields of the same name.
    fn field(&self, type_name: &str, old: &Field, new: &Field, scope: &mut Scope) -> Vec<Change> {
        let name = &old.name;
        let change = |rule: Rule, message: String, verdict: Verdict| Change {
            rule,
            type_name: type_name.to_string(),
            member: Some(name.clone()),
            message,
            verdict,
            old: Some(old.name_span),
            new: Some(new.name_span),
        };
        let (o, n) = (Shape::of(&old.ty), Shape::of(&new.ty));
        let mut changes = Vec::new();
        match (o, n) {
            (Shape::Single(_), Shape::Optional(_)) => {
                let verdict = if old.default.is_some() {
                    Verdict::default()
                } else {
                    Verdict::forward(format!(
                        "they require the key `{name}`, which is left out when it holds no value"
                    ))
                };
                changes.push(change(
                    Rule::OptionalAdded,
                    format!("field `{name}` of `{type_name}` became optional"),
                    verdict,
                ));
            }
            (Shape::Optional(_), Shape::Single(_)) => {
                let verdict = if new.default.is_some() {
                    Verdict::default()
                } else {
                    Verdict::backward(format!(
                        "they require the key `{name}`, which old JSON left out when it held no value"
                    ))
                };
                changes.push(change(
                    Rule::OptionalRemoved,
                    format!("field `{name}` of `{type_name}` is no longer optional"),
                    verdict,
                ));
            }
            (Shape::Single(_), Shape::Single(_))
            | (Shape::Optional(_), Shape::Optional(_))
            | (Shape::List(_), Shape::List(_))
            | (Shape::Map(_), Shape::Map(_)) => {}
            _ => {
                changes.push(change(
                    Rule::CardinalityChanged,
                    format!(
                        "field `{name}` of `{type_name}` changed from {} to {}",
                        o.describe(),
                        n.describe()
                    ),
                    Verdict::both(format!(
                        "JSON holds {} and {} differently, and neither reader accepts the other's",
                        o.describe(),
                        n.describe()
                    )),
                ));
                return changes;
            }
        }
        let (rule, message) = match o {
            Shape::Map(_) => (
                Rule::MapValueTypeChanged,
                format!(
                    "the values of map field `{name}` of `{type_name}` changed type from `{}` to `{}`",
                    type_text(self.old, o.leaf()),
                    type_text(self.new, n.leaf())
                ),
            ),
            _ => (
                Rule::FieldTypeChanged,
                format!(
                    "field `{name}` of `{type_name}` changed type from `{}` to `{}`",
                    type_text(self.old, &old.ty),
                    type_text(self.new, &new.ty)
                ),
            ),
        };
        match self.leaf_change(o.leaf(), n.leaf(), scope) {
            LeafChange::Same => {}
            LeafChange::Renamed(verdict) => changes.push(change(
                Rule::TypeRenamed,
                format!(
                    "field `{name}` of `{type_name}` now refers to `{}` instead of `{}`",
                    type_text(self.new, n.leaf()),
                    type_text(self.old, o.leaf())
                ),
                verdict,
            )),
            LeafChange::Changed(verdict) => changes.push(change(rule, message, verdict)),
        }
        if let (Shape::Single(_), Shape::Single(_)) = (o, n) {
            changes.extend(default_change(type_name, old, new));
        }
        changes
    }

    /// The changes between two unions.
    pub(super) fn union(
        &self,
        type_name: &str,
        old: &Union,
        new: &Union,
        scope: &mut Scope,
    ) -> Vec<Change> {
        let old_names: HashSet<&str> = old.variants.iter().map(|v| v.name.as_str()).collect();
        let new_names: HashSet<&str> = new.variants.iter().map(|v| v.name.as_str()).collect();
        let mut changes = Vec::new();
        let mut renamed = HashSet::new();
        for o in &old.variants {
            if let Some(n) = new.variants.iter().find(|n| n.name == o.name) {
                let message = format!(
                    "variant `{}` of `{type_name}` changed type from `{}` to `{}`",
                    o.name,
                    type_text(self.old, &o.ty),
                    type_text(self.new, &n.ty)
                );
                let (rule, message, verdict) = match self.leaf_change(&o.ty, &n.ty, scope) {
                    LeafChange::Same => continue,
                    LeafChange::Renamed(verdict) => (
                        Rule::TypeRenamed,
                        format!(
                            "variant `{}` of `{type_name}` now refers to `{}` instead of `{}`",
                            o.name,
                            type_text(self.new, &n.ty),
                            type_text(self.old, &o.ty)
                        ),
                        verdict,
                    ),
                    LeafChange::Changed(verdict) => (Rule::VariantTypeChanged, message, verdict),
                };
                changes.push(Change {
                    rule,
                    type_name: type_name.to_string(),
                    member: Some(o.name.clone()),
                    message,
                    verdict,
                    old: Some(o.name_span),
                    new: Some(n.name_span),
                });
            } else if let Some(n) = new
                .variants
                .iter()
                .find(|n| n.number == o.number && !old_names.contains(n.name.as_str()))
            {
                renamed.insert(n.name.as_str());
                changes.push(Change {
                    rule: Rule::VariantRenamed,
                    type_name: type_name.to_string(),
                    member: Some(n.name.clone()),
                    message: format!(
                        "variant @{} of `{type_name}` was renamed from `{}` to `{}`",
                        o.number, o.name, n.name
                    ),
                    verdict: Verdict::both(format!(
                        "the JSON key changes from `{}` to `{}`, and readers of either version reject the \
                         other's key as an unknown variant",
                        o.name, n.name
                    )),
                    old: Some(o.name_span),
                    new: Some(n.name_span),
                });
            } else {
                let mut verdict = Verdict::backward(format!(
                    "the key `{}` is an unknown variant, which they reject",
                    o.name
                ));
                if !new.reserved.contains_name(&o.name) {
                    verdict.both.push(unreserved("variant", "key", &o.name));
                }
                changes.push(Change {
                    rule: Rule::VariantRemoved,
                    type_name: type_name.to_string(),
                    member: Some(o.name.clone()),
                    message: format!("variant `{}` was removed from `{type_name}`", o.name),
                    verdict,
                    old: Some(o.name_span),
                    new: None,
                });
            }
        }
        for n in new
            .variants
            .iter()
            .filter(|n| !old_names.contains(n.name.as_str()) && !renamed.contains(n.name.as_str()))
        {
            changes.push(Change {
                rule: Rule::VariantAdded,
                type_name: type_name.to_string(),
                member: Some(n.name.clone()),
                message: format!("variant `{}` was added to `{type_name}`", n.name),
                verdict: Verdict::forward(format!(
                    "the key `{}` is an unknown variant, which they reject",
                    n.name
                )),
                old: None,
                new: Some(n.name_span),
            });
        }
        let locate = |name: &str| {
            new.variants
                .iter()
                .find(|v| v.name == name)
                .map(|v| v.name_span)
        };
        changes.extend(reserved_names(
            type_name,
            &old.reserved,
            &new.reserved,
            &new_names,
            locate,
        ));
        changes
    }
}

/// A change of a single-valued field's default.
fn default_change(type_name: &str, old: &Field, new: &Field) -> Option<Change> {
    let name = &old.name;
    let (message, verdict) = match (&old.default, &new.default) {
        (Some(a), Some(b)) if !same_value(&a.value, &b.value) => (
            format!(
                "the default of field `{name}` of `{type_name}` changed from {} to {}",
                value_text(&a.value),
                value_text(&b.value)
            ),
            Verdict::note(format!(
                "Trident's JSON writer always writes `{name}`, so only JSON that leaves it out reads \
                 differently: as {} in old readers, as {} in new ones",
                value_text(&a.value),
                value_text(&b.value)
            )),
        ),
        (Some(a), None) => (
            format!(
                "the default {} of field `{name}` of `{type_name}` was removed",
                value_text(&a.value)
            ),
            Verdict::backward(format!(
                "without a default they require the key `{name}`, so JSON that leaves it out is rejected \
                 (Trident's writer always writes it; other producers may not)"
            )),
        ),
        // A default added to a required field: every JSON that was readable still is, and
        // Trident's writer always writes the field.
        _ => return None,
    };
    Some(Change {
        rule: Rule::DefaultChanged,
        type_name: type_name.to_string(),
        member: Some(name.clone()),
        message,
        verdict,
        old: Some(old.name_span),
        new: Some(new.name_span),
    })
}

/// The changes between two enums.
pub(super) fn enumeration(type_name: &str, old: &Enum, new: &Enum) -> Vec<Change> {
    let old_zero = zero_value(old);
    let new_zero = zero_value(new);
    let new_names: HashSet<&str> = new.values.iter().map(|v| v.name.as_str()).collect();
    let mut changes = Vec::new();
    let mut renamed = HashSet::new();
    for o in &old.values {
        if new.value(&o.name).is_some() {
            // Renumbering changes nothing: JSON writes symbols.
            continue;
        }
        if let Some(n) = new
            .values
            .iter()
            .find(|n| n.number == o.number && old.value(&n.name).is_none())
        {
            renamed.insert(n.name.as_str());
            changes.push(Change {
                rule: Rule::EnumValueRenamed,
                type_name: type_name.to_string(),
                member: Some(n.name.clone()),
                message: format!(
                    "value {} of enum `{type_name}` was renamed from `{}` to `{}`",
                    o.number, o.name, n.name
                ),
                verdict: Verdict::both(format!(
                    "JSON writes enum symbols: new readers read old JSON's `{}` as `{new_zero}` and old \
                     readers read new JSON's `{}` as `{old_zero}`, the values numbered 0",
                    o.name, n.name
                )),
                old: Some(o.name_span),
                new: Some(n.name_span),
            });
        } else {
            let mut verdict = Verdict::note(format!(
                "new readers read old JSON's `{}` as `{new_zero}`, the value numbered 0",
                o.name
            ));
            if !new.reserved.contains_name(&o.name) {
                verdict.both.push(unreserved("value", "symbol", &o.name));
            }
            changes.push(Change {
                rule: Rule::EnumValueRemoved,
                type_name: type_name.to_string(),
                member: Some(o.name.clone()),
                message: format!("value `{}` was removed from enum `{type_name}`", o.name),
                verdict,
                old: Some(o.name_span),
                new: None,
            });
        }
    }
    for n in new
        .values
        .iter()
        .filter(|n| old.value(&n.name).is_none() && !renamed.contains(n.name.as_str()))
    {
        changes.push(Change {
            rule: Rule::EnumValueAdded,
            type_name: type_name.to_string(),
            member: Some(n.name.clone()),
            message: format!("value `{}` was added to enum `{type_name}`", n.name),
            verdict: Verdict::note(format!(
                "old readers read new JSON's `{}` as `{old_zero}`, the value numbered 0",
                n.name
            )),
            old: None,
            new: Some(n.name_span),
        });
    }
    let locate = |name: &str| new.value(name).map(|v| v.name_span);
    changes.extend(reserved_names(
        type_name,
        &old.reserved,
        &new.reserved,
        &new_names,
        locate,
    ));
    changes
}

/// Whether JSON must hold the field: no default, and not `optional`, a `list` or a `map`.
fn is_required(field: &Field) -> bool {
    field.default.is_none() && matches!(Shape::of(&field.ty), Shape::Single(_))
}

/// The symbol numbered 0 (every enum has one: its first value).
fn zero_value(e: &Enum) -> &str {
    e.values
        .iter()
        .find(|v| v.number == 0)
        .map_or("", |v| v.name.as_str())
}

/// Why removing a member whose name is not reserved breaks both directions.
fn unreserved(what: &str, written_as: &str, name: &str) -> String {
    format!(
        "the name `{name}` is not reserved, so a later {what} could reuse the {written_as} `{name}` with another \
         meaning; reserve it with `reserved \"{name}\";`"
    )
}

/// Reserved names of the old version that the new one dropped: reused by a member
/// (`RESERVED_REUSED`) or just no longer reserved (`RESERVED_REMOVED`). Numbers are protobuf's
/// business.
fn reserved_names(
    type_name: &str,
    old: &Reserved,
    new: &Reserved,
    new_names: &HashSet<&str>,
    locate: impl Fn(&str) -> Option<Span>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    for name in old.names.iter().filter(|n| !new.contains_name(&n.value)) {
        let used = new_names.contains(name.value.as_str());
        let (rule, message, verdict, new_span) = if used {
            (
                Rule::ReservedReused,
                format!(
                    "the reserved name `{}` of `{type_name}` is used again",
                    name.value
                ),
                Verdict::both(format!(
                    "`{}` was reserved for a removed member: JSON written before may hold it with that member's meaning",
                    name.value
                )),
                locate(&name.value),
            )
        } else {
            (
                Rule::ReservedRemoved,
                format!(
                    "the name `{}` of `{type_name}` is no longer reserved",
                    name.value
                ),
                Verdict::both(format!(
                    "a later version could reuse `{}`, and JSON holding its earlier meaning would be misread",
                    name.value
                )),
                None,
            )
        };
        changes.push(Change {
            rule,
            type_name: type_name.to_string(),
            member: Some(name.value.clone()),
            message,
            verdict,
            old: Some(name.span),
            new: new_span,
        });
    }
    changes
}
