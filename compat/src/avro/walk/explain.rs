//! What failed, in `.tri` terms: where the walk finds a writer's value the reader cannot read,
//! which element and rule it is (a variant added or removed, an `optional` added or removed, a
//! renamed or re-kinded type, a cardinality or type change).

use trident::avro::schema::{Node, NodeId, Schema};
use trident_idl::model::TypeKind;

use super::{Place, Site, Walk};
use crate::avro::{Side, UnionOrigin};

/// What a writer's union branch stands for.
pub(super) enum BranchOrigin {
    /// The `null` of an `optional`.
    Null,
    /// The `T` of `optional<T>`.
    Value,
    /// A variant of a `.tri` union.
    Variant {
        union: String,
        name: String,
        number: u32,
    },
    /// A branch of a plain Avro union.
    Unknown,
}

/// A `.tri` union behind an Avro union.
pub(super) struct UnionDef {
    pub(super) name: String,
    /// Variant names and numbers, in branch order.
    pub(super) variants: Vec<(String, u32)>,
    /// The branch of the first variant (1 after the `null` of an `optional`).
    pub(super) offset: usize,
}

impl Walk<'_> {
    // ----- what failed, in `.tri` terms --------------------------------------------------------

    /// Branch `i` of the writer's union `wu` matches nothing in the reader's `r` (a union, or
    /// not).
    pub(super) fn unreadable_branch(&mut self, wu: NodeId, i: usize, r: NodeId, site: &Site) {
        let (writer, reader) = (&self.writer.avro, &self.reader.avro);
        let Node::Union(w_branches) = writer.node(wu) else {
            return;
        };
        let wb = w_branches[i];
        let r_branches = match reader.node(r) {
            Node::Union(branches) => Some(branches),
            _ => None,
        };
        match self.branch_origin(self.writer, wu, i) {
            BranchOrigin::Null => {
                // `list<T>` to `optional<T>` (or back) is a cardinality change, reported for the
                // other branch: not also an `optional` change.
                let other_differs = |kind: &str| {
                    w_branches.iter().any(|&b| {
                        !matches!(writer.node(b), Node::Null) && writer.node(b).kind() != kind
                    })
                };
                let container = matches!(reader.node(r), Node::Array(_) | Node::Map(_));
                if !(container && other_differs(reader.node(r).kind()) && w_branches.len() == 2) {
                    self.optional_changed(site);
                }
            }
            BranchOrigin::Variant {
                union,
                name,
                number,
            } => {
                let r_union = self.union_def(self.reader, r);
                match (r_branches, r_union) {
                    (Some(r_branches), Some(r_union))
                        if self.counterparts(&union, &r_union.name) =>
                    {
                        let found = r_union
                            .variants
                            .iter()
                            .position(|(n, _)| *n == name)
                            .or_else(|| r_union.variants.iter().position(|(_, n)| *n == number));
                        match found {
                            Some(k) => {
                                let elem = self.elem(
                                    Some(&union),
                                    Some(&r_union.name),
                                    Some(&name),
                                    Some(&r_union.variants[k].0),
                                );
                                self.mismatch(
                                    wb,
                                    r_branches[k + r_union.offset],
                                    &Site::at(Place::Variant, elem),
                                );
                            }
                            None => self.variant_missing(
                                &union,
                                &r_union.name,
                                &name,
                                writer.describe(wb),
                            ),
                        }
                    }
                    (None, _) if self.is_counterpart_named(&union, r, false) => {
                        self.kind_changed_names(&union, &full_name(reader, r))
                    }
                    (Some(_), None)
                        if let Some(value) = self.optional_value(r)
                            && self.is_counterpart_named(&union, value, false) =>
                    {
                        self.kind_changed_names(&union, &full_name(reader, value));
                    }
                    _ => {
                        self.type_changed(site, &format!("union {union}"), &self.describe_reader(r))
                    }
                }
            }
            BranchOrigin::Value | BranchOrigin::Unknown => match r_branches {
                None => self.mismatch(wb, r, site),
                Some(_) => self.unreadable_value(wb, r, site),
            },
        }
    }

    /// The writer's non-union value `w` matches no branch of the reader's union `r`.
    pub(super) fn unreadable_value(&mut self, w: NodeId, r: NodeId, site: &Site) {
        if let Some(value) = self.optional_value(r) {
            return self.mismatch(w, value, site);
        }
        if let Some(r_union) = self.union_def(self.reader, r)
            && self.is_counterpart_named(&r_union.name, w, true)
        {
            return self.kind_changed_names(&full_name(&self.writer.avro, w), &r_union.name);
        }
        if site.place == Place::Root && self.union_def(self.reader, r).is_none() {
            // A plain Avro union: name the branch.
            let label = branch_label(&self.writer.avro, w);
            let union = site.elem.type_name().to_string();
            return self.variant_missing(&union, &union, &label, self.writer.avro.describe(w));
        }
        self.type_changed(
            site,
            &self.writer.avro.describe(w),
            &self.describe_reader(r),
        );
    }

    /// The writer's `w` and the reader's `r` (neither a union) do not resolve: a renamed or
    /// re-kinded type, a change between single values, lists and maps, or another type.
    pub(super) fn mismatch(&mut self, w: NodeId, r: NodeId, site: &Site) {
        let (writer, reader) = (&self.writer.avro, &self.reader.avro);
        let (wn, rn) = (writer.node(w), reader.node(r));
        if let (Some(w_name), Some(r_name)) = (wn.name(), rn.name()) {
            let (w_full, r_full) = (w_name.fullname(), r_name.fullname());
            // The roots of the schemas compared are a pair, whatever their names.
            let paired =
                self.counterparts(&w_full, &r_full) || (site.place == Place::Root && site.top);
            if wn.kind() != rn.kind() {
                if paired {
                    return self.kind_changed_names(&w_full, &r_full);
                }
            } else if !self.names_match(w, r) {
                if paired {
                    return self.type_renamed(&w_full, &r_full, None);
                }
                if self.is_rename(&w_full, &r_full) && site.place != Place::Root {
                    return self.type_renamed(&w_full, &r_full, Some(site));
                }
            }
        }
        let container = |n: &Node| matches!(n, Node::Array(_) | Node::Map(_));
        if site.top
            && site.place == Place::Field
            && (container(wn) || container(rn))
            && wn.kind() != rn.kind()
        {
            return self.cardinality_changed(site, wn, rn);
        }
        self.type_changed(site, &self.describe_writer(w), &self.describe_reader(r));
    }

    /// Whether `node` (of the reader's schema, or the writer's if `writer`) is a named type that
    /// is the counterpart of the other side's `.tri` type `other`.
    pub(super) fn is_counterpart_named(&self, other: &str, node: NodeId, writer: bool) -> bool {
        let side = if writer { self.writer } else { self.reader };
        let Some(name) = side.avro.node(node).name() else {
            return false;
        };
        let name = name.fullname();
        if writer {
            self.counterparts(&name, other)
        } else {
            self.counterparts(other, &name)
        }
    }

    /// Whether the writer's `w_full` and the reader's `r_full` look like one type renamed: the
    /// old name is gone from the new version and the new name is new.
    pub(super) fn is_rename(&self, w_full: &str, r_full: &str) -> bool {
        let (old_name, new_name) = self.old_new(w_full, r_full);
        let (old, new) = self.old_new(self.writer.version, self.reader.version);
        match (old, new) {
            (Some(old), Some(new)) => !new.has_type(old_name) && !old.has_type(new_name),
            _ => false,
        }
    }

    pub(super) fn branch_origin(
        &self,
        side: &Side<'_>,
        union: NodeId,
        index: usize,
    ) -> BranchOrigin {
        let Node::Union(branches) = side.avro.node(union) else {
            return BranchOrigin::Unknown;
        };
        match side.unions.get(&union) {
            Some(origin) if origin.null_first && index == 0 => BranchOrigin::Null,
            Some(UnionOrigin { union: None, .. }) => BranchOrigin::Value,
            Some(UnionOrigin {
                union: Some(id),
                null_first,
            }) => {
                let Some(version) = side.version else {
                    return BranchOrigin::Unknown;
                };
                let ty = version.schema.get(*id);
                let TypeKind::Union(def) = &ty.kind else {
                    return BranchOrigin::Unknown;
                };
                match def.variants.get(index - usize::from(*null_first)) {
                    Some(v) => BranchOrigin::Variant {
                        union: ty.full_name(),
                        name: v.name.clone(),
                        number: v.number,
                    },
                    None => BranchOrigin::Unknown,
                }
            }
            None if matches!(
                branches.get(index).map(|&b| side.avro.node(b)),
                Some(Node::Null)
            ) =>
            {
                BranchOrigin::Null
            }
            None => BranchOrigin::Unknown,
        }
    }

    /// The `.tri` union behind the union node `node` of `side`.
    pub(super) fn union_def(&self, side: &Side<'_>, node: NodeId) -> Option<UnionDef> {
        let origin = side.unions.get(&node)?;
        let ty = side.version?.schema.get(origin.union?);
        let TypeKind::Union(def) = &ty.kind else {
            return None;
        };
        Some(UnionDef {
            name: ty.full_name(),
            variants: def
                .variants
                .iter()
                .map(|v| (v.name.clone(), v.number))
                .collect(),
            offset: usize::from(origin.null_first),
        })
    }

    /// The `T` of a reader's `optional<T>` (or of a plain `["null", T]`).
    pub(super) fn optional_value(&self, r: NodeId) -> Option<NodeId> {
        let reader = &self.reader.avro;
        let Node::Union(branches) = reader.node(r) else {
            return None;
        };
        match self.reader.unions.get(&r) {
            Some(UnionOrigin { union: None, .. }) => branches.get(1).copied(),
            Some(_) => None,
            None => match branches.as_slice() {
                [a, b] if matches!(reader.node(*a), Node::Null) => Some(*b),
                [a, b] if matches!(reader.node(*b), Node::Null) => Some(*a),
                _ => None,
            },
        }
    }

    pub(super) fn describe_writer(&self, node: NodeId) -> String {
        describe(self.writer, node)
    }

    pub(super) fn describe_reader(&self, node: NodeId) -> String {
        describe(self.reader, node)
    }
}

/// A node for messages: `long`, `long (timestamp-micros)`, `record acme.Order`, or the `.tri`
/// union an Avro union comes from.
fn describe(side: &Side<'_>, node: NodeId) -> String {
    let avro = &side.avro;
    if let Some(UnionOrigin {
        union: Some(id), ..
    }) = side.unions.get(&node)
        && let Some(version) = side.version
    {
        return format!("union {}", version.schema.get(*id).full_name());
    }
    match avro.logical_type(node) {
        Some(logical) => format!("{} ({logical})", avro.describe(node)),
        None => avro.describe(node),
    }
}

fn full_name(schema: &Schema, node: NodeId) -> String {
    schema
        .node(node)
        .name()
        .map(|n| n.fullname())
        .unwrap_or_default()
}

/// How a branch of a plain union is named: a named type's full name, else its kind.
fn branch_label(schema: &Schema, node: NodeId) -> String {
    let node = schema.node(node);
    node.name()
        .map_or_else(|| node.kind().to_string(), |n| n.fullname())
}
