//! Avro rules: the specification's schema resolution, applied to the Avro schemas the exporter
//! writes (`trident_formats::avro::type_schema`), in both directions.
//!
//! Every record, enum and union of the old version is paired with its counterpart in the new one:
//! the type with the same full name; failing that, a new type whose `#[alias]` names it (by full
//! name, or by simple name); failing that, the only new type with the same simple name (a type
//! moved to another package, which Avro matches by its unqualified name). For each pair and
//! direction the writer's schema is walked against the reader's exactly as the resolver does it
//! ([`walk`]), and each place where data fails to resolve becomes a finding on the `.tri` element
//! it comes from.
//!
//! Architecture invariant: the verdicts are the resolver's. For each pair and direction
//! `trident::avro::resolve::Resolution` is run too; a direction it cannot resolve completely has
//! at least one Avro break (an `AVRO_INCOMPATIBLE` finding with the resolver's error if the walk
//! found none), and a direction it resolves completely has none (the walk's breaks would be
//! demoted to warnings; the tests check that this never happens).

mod plain;
mod walk;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};

use trident::avro::resolve::Resolution;
use trident::avro::schema::{Node, NodeId, Schema};
use trident_formats::avro::type_schema;
use trident_idl::model::{Type, TypeId, TypeKind};

use crate::finding::Finding;
use crate::rules::{Break, Direction, Format, Rule};
use crate::version::Version;

use walk::{Elem, Walk};

/// Every Avro finding between `old` and `new`, one per rule and element.
pub(crate) fn compare(old: &Version, new: &Version) -> Vec<Finding> {
    if old.is_avsc() || new.is_avsc() {
        return plain::compare(old, new);
    }
    let pairs = Pairs::new(old, new);
    let mut findings = Vec::new();
    for checked in check_pairs(old, new, &pairs) {
        findings.extend(checked.findings);
    }
    merge(findings)
}

/// A side of a comparison: one version's Avro schema of a type (exported from `.tri`, or read
/// from an `.avsc` file), and where its unions come from in the `.tri` model.
pub(super) struct Side<'a> {
    /// The version the schema comes from (`None` for a bare schema in tests).
    pub(super) version: Option<&'a Version>,
    /// The parsed schema.
    pub(super) avro: Schema,
    /// The `.tri` origin of each union node.
    pub(super) unions: HashMap<NodeId, UnionOrigin>,
}

/// What an Avro union of an exported schema stands for.
#[derive(Clone, Copy, Debug)]
pub(super) struct UnionOrigin {
    /// The `.tri` union whose variants are the branches, or `None` for `optional<T>` of a
    /// non-union `T` (`["null", T]`).
    pub(super) union: Option<TypeId>,
    /// Whether the first branch is the `null` of an `optional`.
    pub(super) null_first: bool,
}

impl<'a> Side<'a> {
    /// The exported schema of type `id` of `version`, or `None` if it does not parse (which would
    /// be an exporter bug).
    fn of(version: &'a Version, id: TypeId) -> Option<Side<'a>> {
        let avro = Schema::parse(&type_schema(&version.schema, id)).ok()?;
        let mut annotator = Annotator {
            schema: &version.schema,
            avro: &avro,
            unions: HashMap::new(),
            records: HashSet::new(),
        };
        annotator.node(avro.root(), &Type::Named(id));
        let unions = annotator.unions;
        Some(Side {
            version: Some(version),
            avro,
            unions,
        })
    }

    /// A plain Avro schema, with no `.tri` model behind it.
    #[cfg(test)]
    fn plain(avro: Schema) -> Side<'static> {
        Side {
            version: None,
            avro,
            unions: HashMap::new(),
        }
    }
}

/// Records which `.tri` union or `optional` each union node of an exported schema comes from,
/// walking the schema along the `.tri` types (the exporter's mapping, in reverse).
struct Annotator<'a> {
    schema: &'a trident_idl::Schema,
    avro: &'a Schema,
    unions: HashMap<NodeId, UnionOrigin>,
    records: HashSet<NodeId>,
}

impl Annotator<'_> {
    /// Node `node` holds values of the `.tri` type `ty`.
    fn node(&mut self, node: NodeId, ty: &Type) {
        let avro = self.avro;
        match (ty, avro.node(node)) {
            (Type::List(inner), Node::Array(items)) | (Type::Map(inner), Node::Map(items)) => {
                self.node(*items, inner);
            }
            (Type::Optional(inner), Node::Union(branches)) => match &**inner {
                Type::Named(id) if matches!(self.schema.get(*id).kind, TypeKind::Union(_)) => {
                    self.union(node, *id, true, branches);
                }
                inner => {
                    self.unions.insert(
                        node,
                        UnionOrigin {
                            union: None,
                            null_first: true,
                        },
                    );
                    if let Some(&branch) = branches.get(1) {
                        self.node(branch, inner);
                    }
                }
            },
            (Type::Named(id), Node::Union(branches)) => self.union(node, *id, false, branches),
            (Type::Named(id), Node::Record(record)) => {
                if !self.records.insert(node) {
                    return;
                }
                if let TypeKind::Record(def) = &self.schema.get(*id).kind {
                    for (field, avro_field) in def.fields.iter().zip(&record.fields) {
                        self.node(avro_field.schema, &field.ty);
                    }
                }
            }
            _ => {}
        }
    }

    fn union(&mut self, node: NodeId, id: TypeId, null_first: bool, branches: &[NodeId]) {
        self.unions.insert(
            node,
            UnionOrigin {
                union: Some(id),
                null_first,
            },
        );
        if let TypeKind::Union(union) = &self.schema.get(id).kind {
            let offset = usize::from(null_first);
            for (variant, &branch) in union.variants.iter().zip(branches.iter().skip(offset)) {
                self.node(branch, &variant.ty);
            }
        }
    }
}

/// The pairs of types compared: each old type and its counterpart in the new version.
pub(super) struct Pairs {
    /// (old, new) type ids.
    ids: Vec<(TypeId, TypeId)>,
    /// The counterpart of each paired old type, by full names.
    old_to_new: HashMap<String, String>,
}

impl Pairs {
    fn new(old: &Version, new: &Version) -> Pairs {
        let mut old_free: BTreeMap<String, TypeId> = old
            .schema
            .types()
            .iter()
            .map(|t| (t.full_name(), t.id))
            .collect();
        let mut new_free: BTreeMap<String, TypeId> = new
            .schema
            .types()
            .iter()
            .map(|t| (t.full_name(), t.id))
            .collect();
        let mut pairs = Pairs {
            ids: Vec::new(),
            old_to_new: HashMap::new(),
        };
        let simple = |full: &str| full.rsplit('.').next().unwrap_or(full).to_string();
        let only = |candidates: Vec<String>| {
            (candidates.len() == 1)
                .then(|| candidates.into_iter().next())
                .flatten()
        };

        // The same full name.
        let same: Vec<String> = new_free
            .keys()
            .filter(|n| old_free.contains_key(*n))
            .cloned()
            .collect();
        for name in same {
            pairs.add(&mut old_free, &mut new_free, &name, &name);
        }
        // A new type's alias names an old type: by full name (a plain alias is in the type's
        // own package), or else by simple name.
        for ty in new.schema.types() {
            let new_name = ty.full_name();
            if !new_free.contains_key(&new_name) {
                continue;
            }
            let found = ty.aliases.iter().find_map(|alias| {
                let alias = &alias.value;
                let full = if alias.contains('.') || ty.package.is_empty() {
                    alias.clone()
                } else {
                    format!("{}.{alias}", ty.package)
                };
                if old_free.contains_key(&full) {
                    return Some(full);
                }
                let wanted = simple(alias);
                only(
                    old_free
                        .keys()
                        .filter(|o| simple(o) == wanted)
                        .cloned()
                        .collect(),
                )
            });
            if let Some(old_name) = found {
                pairs.add(&mut old_free, &mut new_free, &old_name, &new_name);
            }
        }
        // A type moved to another package: the only old and the only new type with its simple
        // name.
        let moved: Vec<(String, String)> = new_free
            .keys()
            .filter_map(|new_name| {
                let wanted = simple(new_name);
                let news = new_free.keys().filter(|n| simple(n) == wanted).count();
                let old_name = only(
                    old_free
                        .keys()
                        .filter(|o| simple(o) == wanted)
                        .cloned()
                        .collect(),
                )?;
                (news == 1).then(|| (old_name, new_name.clone()))
            })
            .collect();
        for (old_name, new_name) in moved {
            pairs.add(&mut old_free, &mut new_free, &old_name, &new_name);
        }
        pairs
    }

    fn add(
        &mut self,
        old_free: &mut BTreeMap<String, TypeId>,
        new_free: &mut BTreeMap<String, TypeId>,
        old_name: &str,
        new_name: &str,
    ) {
        if let (Some(old_id), Some(new_id)) = (old_free.remove(old_name), new_free.remove(new_name))
        {
            self.ids.push((old_id, new_id));
            self.old_to_new
                .insert(old_name.to_string(), new_name.to_string());
        }
    }

    /// Whether the old type `old` and the new type `new` are a pair.
    pub(super) fn paired(&self, old: &str, new: &str) -> bool {
        self.old_to_new.get(old).is_some_and(|n| n == new)
    }
}

/// One pair of types checked in one direction.
#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the verdicts are read by the tests")
)]
struct Checked {
    /// The type, as the new version names it.
    type_name: String,
    direction: Direction,
    /// The findings, reconciled with the resolver.
    findings: Vec<Finding>,
    /// Whether the walk alone found a break.
    walker_breaks: bool,
    /// Whether the resolver fails, or leaves some data unreadable.
    resolver_fails: bool,
}

fn check_pairs(old: &Version, new: &Version, pairs: &Pairs) -> Vec<Checked> {
    let mut checked = Vec::new();
    for &(old_id, new_id) in &pairs.ids {
        let (Some(old_side), Some(new_side)) = (Side::of(old, old_id), Side::of(new, new_id))
        else {
            continue;
        };
        let root = Elem {
            old_type: Some(old.schema.get(old_id).full_name()),
            new_type: Some(new.schema.get(new_id).full_name()),
            ..Elem::default()
        };
        for direction in Direction::BOTH {
            checked.push(check(direction, &old_side, &new_side, pairs, &root));
        }
    }
    checked
}

/// Walks one pair in one direction and reconciles the findings with the resolver's verdict.
fn check(
    direction: Direction,
    old: &Side<'_>,
    new: &Side<'_>,
    pairs: &Pairs,
    root: &Elem,
) -> Checked {
    let (writer, reader) = match direction {
        Direction::Backward => (old, new),
        Direction::Forward => (new, old),
    };
    let mut findings = Walk::run(direction, writer, reader, pairs, root.clone());
    let walker_breaks = findings.iter().any(Finding::is_breaking);
    let resolution = Resolution::new(&writer.avro, &reader.avro);
    let resolver_fails = resolution.as_ref().map_or(true, |r| !r.is_complete());
    let type_name = root.type_name().to_string();
    if resolver_fails && !walker_breaks {
        let why = match &resolution {
            Err(e) => e.to_string(),
            Ok(_) => "some data written with the writer's schema cannot be read (a union branch or enum symbol has no counterpart)".to_string(),
        };
        let (readers, data) = match direction {
            Direction::Backward => ("New readers", "old data"),
            Direction::Forward => ("Old readers", "new data"),
        };
        let finding = Finding::new(
            Rule::AvroIncompatible,
            &type_name,
            None,
            format!(
                "Avro schema resolution of `{type_name}` fails {}",
                direction.name()
            ),
        )
        .breaking(
            [Break::new(Format::Avro, direction)],
            format!("{readers} cannot read all {data}: {why}."),
        )
        .at(
            root.old_type
                .as_deref()
                .and_then(|t| old.version?.locate_type(t)),
            root.new_type
                .as_deref()
                .and_then(|t| new.version?.locate_type(t)),
        );
        findings.push(finding);
    } else if !resolver_fails && walker_breaks {
        // The resolver reads every datum: whatever the walk saw cannot be a break.
        for finding in &mut findings {
            finding.breaks.clear();
        }
    }
    Checked {
        type_name,
        direction,
        findings,
        walker_breaks,
        resolver_fails,
    }
}

/// One finding per rule and element: the breaks of all directions, and every distinct reason
/// (those of breaks first).
fn merge(findings: Vec<Finding>) -> Vec<Finding> {
    let (mut ordered, notes): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(Finding::is_breaking);
    ordered.extend(notes);
    let mut merged: Vec<Finding> = Vec::new();
    for finding in ordered {
        let existing = merged.iter_mut().find(|m| {
            m.rule == finding.rule && m.type_name == finding.type_name && m.member == finding.member
        });
        let Some(existing) = existing else {
            merged.push(finding);
            continue;
        };
        existing.breaks.extend(finding.breaks);
        existing.breaks.sort();
        existing.breaks.dedup();
        for (format, reason) in finding.reasons {
            let entry = existing.reasons.entry(format).or_default();
            if !entry.contains(&reason) {
                if !entry.is_empty() {
                    entry.push(' ');
                }
                entry.push_str(&reason);
            }
        }
        if existing.old.is_none() {
            existing.old = finding.old;
        }
        if existing.new.is_none() {
            existing.new = finding.new;
        }
    }
    merged
}
