//! The findings of the walk: for each kind of failure (and each warning), the rule, the message
//! in old/new terms, the reason in reader/writer terms, and the positions in both versions.

use trident::avro::schema::{Field, Node, NodeId};
use trident_idl::model::{Type, TypeKind, Value};

use super::explain::BranchOrigin;
use super::{Elem, Place, Site, Walk};
use crate::avro::Side;
use crate::finding::{Finding, Location};
use crate::rules::{Break, Direction, Format, Rule};
use crate::version::Version;

impl<'a> Walk<'a> {
    // ----- findings ------------------------------------------------------------------------------

    pub(super) fn type_changed(&mut self, site: &Site, w_desc: &str, r_desc: &str) {
        let rule = if site.in_map {
            Rule::MapValueTypeChanged
        } else {
            match site.place {
                Place::Field => Rule::FieldTypeChanged,
                Place::Variant => Rule::VariantTypeChanged,
                Place::Root => Rule::AvroIncompatible,
            }
        };
        let (old_desc, new_desc) = self.old_new(w_desc, r_desc);
        let (old_ty, new_ty) = match (self.tri_type(site, false), self.tri_type(site, true)) {
            (Some(o), Some(n)) => (o, n),
            _ => (old_desc.to_string(), new_desc.to_string()),
        };
        let message = format!(
            "{} changed type from `{old_ty}` to `{new_ty}`",
            site.describe()
        );
        let (readers, data) = self.who();
        let reason = format!(
            "{readers} expect {r_desc} where {data} has {w_desc} (Avro promotes only int→long→float→double and string↔bytes)."
        );
        self.emit(rule, &site.elem, message, reason);
    }

    pub(super) fn cardinality_changed(&mut self, site: &Site, wn: &Node, rn: &Node) {
        let shape = |n: &Node| match n {
            Node::Array(_) => "a list",
            Node::Map(_) => "a map",
            _ => "a single value",
        };
        let (old_shape, new_shape) = self.old_new(shape(wn), shape(rn));
        let message = format!(
            "{} changed from {old_shape} to {new_shape}",
            site.describe()
        );
        let (readers, data) = self.who();
        let reason = format!(
            "{readers} expect {} where {data} has {}: arrays, maps and single values do not resolve to each other.",
            shape(rn),
            shape(wn)
        );
        self.emit(Rule::CardinalityChanged, &site.elem, message, reason);
    }

    pub(super) fn optional_changed(&mut self, site: &Site) {
        let (rule, message, reason) = if self.writer_is_new() {
            (
                Rule::OptionalAdded,
                format!("{} became optional", site.describe()),
                "Old readers have no `null` branch for it, so new data that leaves it empty cannot be read.",
            )
        } else {
            (
                Rule::OptionalRemoved,
                format!("{} is no longer optional", site.describe()),
                "New readers have no `null` branch for it, so old data that left it empty cannot be read.",
            )
        };
        self.emit(rule, &site.elem, message, reason.to_string());
    }

    /// A named type whose name no longer matches: at the type itself (`site` `None`, for a pair
    /// of types), or where a field or variant refers to it.
    pub(super) fn type_renamed(&mut self, w_full: &str, r_full: &str, site: Option<&Site>) {
        let (old_name, new_name) = self.old_new(w_full, r_full);
        let (elem, message) = match site {
            Some(site) => (
                site.elem.clone(),
                format!(
                    "{} now refers to `{new_name}` instead of `{old_name}`",
                    site.describe()
                ),
            ),
            None => (
                self.elem(Some(w_full), Some(r_full), None, None),
                format!("`{old_name}` was renamed to `{new_name}`"),
            ),
        };
        let (readers, data) = self.who();
        let w_simple = w_full.rsplit('.').next().unwrap_or(w_full);
        let mut reason = format!(
            "{readers} match a named type by its unqualified name or by one of the reader type's own aliases (writer aliases \
             are ignored): `{r_full}` has neither the name `{w_simple}` nor the alias `{w_full}`, so {data} cannot be read."
        );
        if self.direction == Direction::Backward {
            let hint = self.alias_hint(w_full);
            reason.push_str(&format!(" Add {hint} to `{r_full}`."));
        }
        self.emit(Rule::TypeRenamed, &elem, message, reason);
    }

    pub(super) fn kind_changed_names(&mut self, w_full: &str, r_full: &str) {
        // The `.tri` kind, or else the Avro one (a plain schema's unions have no name).
        let kind = |side: &Side<'_>, name: &str| match side.version.and_then(|v| v.ty(name)) {
            Some(t) => match t.kind {
                TypeKind::Record(_) => "record",
                TypeKind::Enum(_) => "enum",
                TypeKind::Union(_) => "union",
            },
            None => side
                .avro
                .lookup(name)
                .map_or("type", |id| side.avro.node(id).kind()),
        };
        let (w_kind, r_kind) = (kind(self.writer, w_full), kind(self.reader, r_full));
        let (old_kind, new_kind) = self.old_new(w_kind, r_kind);
        let elem = self.elem(Some(w_full), Some(r_full), None, None);
        let message = format!(
            "`{}` changed from {old_kind} to {new_kind}",
            elem.type_name()
        );
        let (readers, data) = self.who();
        let reason = format!(
            "{readers} expect {} where {data} has {}: they do not resolve to each other.",
            article(r_kind),
            article(w_kind)
        );
        self.emit(Rule::TypeKindChanged, &elem, message, reason);
    }

    pub(super) fn variant_missing(
        &mut self,
        w_union: &str,
        r_union: &str,
        variant: &str,
        w_desc: String,
    ) {
        let elem = self.elem(Some(w_union), Some(r_union), Some(variant), None);
        let (rule, message, reason) = if self.writer_is_new() {
            (
                Rule::VariantAdded,
                format!("variant `{variant}` was added to `{}`", elem.type_name()),
                format!(
                    "Old readers' union has no branch that can read {w_desc}: new data holding `{variant}` cannot be read."
                ),
            )
        } else {
            (
                Rule::VariantRemoved,
                format!(
                    "variant `{variant}` was removed from `{}`",
                    elem.type_name()
                ),
                format!(
                    "New readers' union has no branch that can read {w_desc}: old data holding `{variant}` cannot be read."
                ),
            )
        };
        self.emit(rule, &elem, message, reason);
    }

    /// A writer's variant that resolves, but to another variant of the reader's union.
    pub(super) fn landing(&mut self, wu: NodeId, i: usize, ru: NodeId, j: usize) {
        let (
            BranchOrigin::Variant {
                union: w_union,
                name: w_variant,
                number: w_number,
            },
            BranchOrigin::Variant {
                union: r_union,
                name: r_variant,
                number: r_number,
            },
        ) = (
            self.branch_origin(self.writer, wu, i),
            self.branch_origin(self.reader, ru, j),
        )
        else {
            return;
        };
        if w_variant == r_variant || w_number == r_number || !self.counterparts(&w_union, &r_union)
        {
            return;
        }
        let still_there = self
            .union_def(self.reader, ru)
            .is_some_and(|d| d.variants.iter().any(|(n, _)| *n == w_variant));
        let (readers, data) = self.who();
        let note = format!(
            "{readers} read {data}'s `{w_variant}` as variant `{r_variant}`: an Avro reader takes a writer's union value as the \
             first of its own branches that the value's type matches (with promotions), and variant names are not written."
        );
        if still_there {
            let elem = self.elem(
                Some(&w_union),
                Some(&r_union),
                Some(&w_variant),
                Some(&w_variant),
            );
            let site = Site::at(Place::Variant, elem);
            let (Some(old_ty), Some(new_ty)) =
                (self.tri_type(&site, false), self.tri_type(&site, true))
            else {
                return;
            };
            let message = format!(
                "{} changed type from `{old_ty}` to `{new_ty}`",
                site.describe()
            );
            self.warn(Rule::VariantTypeChanged, &site.elem, message, note);
        } else {
            let elem = self.elem(Some(&w_union), Some(&r_union), Some(&w_variant), None);
            let (rule, message) = if self.writer_is_new() {
                (
                    Rule::VariantAdded,
                    format!("variant `{w_variant}` was added to `{}`", elem.type_name()),
                )
            } else {
                (
                    Rule::VariantRemoved,
                    format!(
                        "variant `{w_variant}` was removed from `{}`",
                        elem.type_name()
                    ),
                )
            };
            self.warn(rule, &elem, message, note);
        }
    }

    /// A reader's field that the writer's record lacks, with no (valid) default.
    pub(super) fn field_missing(
        &mut self,
        site: &Site,
        renamed: bool,
        invalid_default: Option<String>,
    ) {
        let elem = &site.elem;
        let ty = elem.type_name();
        let (old_field, new_field) = (
            elem.old_member.as_deref().unwrap_or("?"),
            elem.new_member.as_deref().unwrap_or("?"),
        );
        let (rule, message) = if renamed {
            (
                Rule::FieldRenamed,
                format!("field `{old_field}` of `{ty}` was renamed to `{new_field}`"),
            )
        } else if self.direction == Direction::Backward {
            (
                Rule::FieldAdded,
                format!("field `{new_field}` was added to `{ty}`"),
            )
        } else {
            (
                Rule::FieldRemoved,
                format!("field `{old_field}` was removed from `{ty}`"),
            )
        };
        let no_default = invalid_default.unwrap_or_else(|| "it has no default".to_string());
        let hint = self.alias_hint(old_field);
        let optional = if self.plain() {
            "give it a default (a union with `null` first and `\"default\": null` makes it optional)"
        } else {
            "give it a default or make it optional"
        };
        let reason = match self.direction {
            Direction::Backward if renamed => format!(
                "New readers look for `{new_field}` in old data, which has only `{old_field}`, and {no_default}: add \
                 {hint} to `{new_field}`."
            ),
            Direction::Backward => {
                format!(
                    "New readers need a value for `{new_field}`, which old data lacks, and {no_default}: {optional}."
                )
            }
            Direction::Forward if renamed => format!(
                "Old readers look for `{old_field}` in new data, which has only `{new_field}`, and in the old schema {no_default} \
                 (Avro reads aliases only from the reader's schema)."
            ),
            Direction::Forward => format!(
                "Old readers need a value for `{old_field}`, which new data lacks, and in the old schema {no_default}."
            ),
        };
        self.emit(rule, elem, message, reason);
    }

    /// A renamed field the reader fills with its default: readable, but the data is lost.
    pub(super) fn field_dropped(&mut self, site: &Site) {
        let elem = &site.elem;
        let (old_field, new_field) = (
            elem.old_member.as_deref().unwrap_or("?"),
            elem.new_member.as_deref().unwrap_or("?"),
        );
        let message = format!(
            "field `{old_field}` of `{}` was renamed to `{new_field}`",
            elem.type_name()
        );
        let hint = self.alias_hint(old_field);
        let note = match self.direction {
            Direction::Backward => format!(
                "New readers do not find `{new_field}` in old data and take its default: the data of `{old_field}` is dropped \
                 (add {hint} to `{new_field}` to keep it)."
            ),
            Direction::Forward => {
                format!(
                    "Old readers do not find `{old_field}` in new data and take its default: the data of `{new_field}` is dropped."
                )
            }
        };
        self.warn(Rule::FieldRenamed, elem, message, note);
    }

    /// A writer's enum symbol the reader lacks: read as the reader's default, or unreadable.
    pub(super) fn symbol_missing(&mut self, elem: &Elem, renamed: bool, default: Option<&str>) {
        let ty = elem.type_name();
        let (old_symbol, new_symbol) = (
            elem.old_member.as_deref().unwrap_or("?"),
            elem.new_member.as_deref().unwrap_or("?"),
        );
        let (rule, message, symbol) = if renamed {
            (
                Rule::EnumValueRenamed,
                format!("enum value `{old_symbol}` of `{ty}` was renamed to `{new_symbol}`"),
                if self.writer_is_new() {
                    new_symbol
                } else {
                    old_symbol
                },
            )
        } else if self.writer_is_new() {
            (
                Rule::EnumValueAdded,
                format!("enum value `{new_symbol}` was added to `{ty}`"),
                new_symbol,
            )
        } else {
            (
                Rule::EnumValueRemoved,
                format!("enum value `{old_symbol}` was removed from `{ty}`"),
                old_symbol,
            )
        };
        let (readers, data) = self.who();
        match default {
            Some(default) => {
                let note = format!(
                    "{readers} read {data}'s `{symbol}` as the enum's default `{default}`."
                );
                self.warn(rule, elem, message, note);
            }
            None => {
                let reason = format!(
                    "{readers}' enum has no symbol `{symbol}` and no default: {data} holding it cannot be read."
                );
                self.emit(rule, elem, message, reason);
            }
        }
    }

    /// A matched field whose `.tri` default changed: Avro uses it only for a writer that lacks
    /// the field, so it is a warning.
    pub(super) fn default_changed(&mut self, site: &Site) {
        let (Some(old_field), Some(new_field)) =
            (self.tri_field(site, false), self.tri_field(site, true))
        else {
            return;
        };
        let (old_default, new_default) = (
            old_field.default.as_ref().map(|d| &d.value),
            new_field.default.as_ref().map(|d| &d.value),
        );
        if same_default(old_default, new_default) {
            return;
        }
        let message = match (old_default, new_default) {
            (Some(o), Some(n)) => format!(
                "the default of {} changed from {} to {}",
                site.describe(),
                show(o),
                show(n)
            ),
            (None, Some(n)) => format!("{} got the default {}", site.describe(), show(n)),
            (Some(o), None) => format!("{} lost its default {}", site.describe(), show(o)),
            (None, None) => return,
        };
        let note = "Avro uses a field's default only when the writer's record lacks the field, which is not the case between \
                    these versions; readers of data that lacks it see the new default.";
        self.warn(Rule::DefaultChanged, &site.elem, message, note.to_string());
    }

    /// Whether the reader's schema is a plain `.avsc` (hints then speak JSON, not `.tri`).
    fn plain(&self) -> bool {
        self.reader.version.is_none_or(Version::is_avsc)
    }

    /// How to add an alias, in the reader's language.
    fn alias_hint(&self, alias: &str) -> String {
        if self.plain() {
            format!("`\"aliases\": [\"{alias}\"]`")
        } else {
            format!("`#[alias(\"{alias}\")]`")
        }
    }

    pub(super) fn emit(&mut self, rule: Rule, elem: &Elem, message: String, reason: String) {
        let finding = self
            .finding(rule, elem, message)
            .breaking([Break::new(Format::Avro, self.direction)], reason);
        self.findings.push(finding);
    }

    pub(super) fn warn(&mut self, rule: Rule, elem: &Elem, message: String, note: String) {
        let finding = self.finding(rule, elem, message).note(Format::Avro, note);
        self.findings.push(finding);
    }

    pub(super) fn finding(&self, rule: Rule, elem: &Elem, message: String) -> Finding {
        let locate = |version: Option<&Version>,
                      ty: &Option<String>,
                      member: &Option<String>|
         -> Option<Location> {
            let (version, ty) = (version?, ty.as_deref()?);
            member
                .as_deref()
                .and_then(|m| version.locate_member(ty, m))
                .or_else(|| version.locate_type(ty))
        };
        let (old_version, new_version) = self.old_new(self.writer.version, self.reader.version);
        Finding::new(rule, elem.type_name(), elem.member(), message).at(
            locate(old_version, &elem.old_type, &elem.old_member),
            locate(new_version, &elem.new_type, &elem.new_member),
        )
    }

    /// The `.tri` field at a field site, in the old (`new == false`) or the new version.
    pub(super) fn tri_field(
        &self,
        site: &Site,
        new: bool,
    ) -> Option<&'a trident_idl::model::Field> {
        let (old_version, new_version) = self.old_new(self.writer.version, self.reader.version);
        let (version, ty, member) = if new {
            (
                new_version?,
                site.elem.new_type.as_deref()?,
                site.elem.new_member.as_deref()?,
            )
        } else {
            (
                old_version?,
                site.elem.old_type.as_deref()?,
                site.elem.old_member.as_deref()?,
            )
        };
        match &version.ty(ty)?.kind {
            TypeKind::Record(r) => r.fields.iter().find(|f| f.name == member),
            _ => None,
        }
    }

    /// The `.tri` type of the field or variant at `site`, as written, in the old or new version.
    pub(super) fn tri_type(&self, site: &Site, new: bool) -> Option<String> {
        let (old_version, new_version) = self.old_new(self.writer.version, self.reader.version);
        let (version, ty, member) = if new {
            (
                new_version?,
                site.elem.new_type.as_deref()?,
                site.elem.new_member.as_deref()?,
            )
        } else {
            (
                old_version?,
                site.elem.old_type.as_deref()?,
                site.elem.old_member.as_deref()?,
            )
        };
        let ty = match (&version.ty(ty)?.kind, site.place) {
            (TypeKind::Record(r), Place::Field) => &r.fields.iter().find(|f| f.name == member)?.ty,
            (TypeKind::Union(u), Place::Variant) => {
                &u.variants.iter().find(|v| v.name == member)?.ty
            }
            _ => return None,
        };
        Some(type_text(&version.schema, ty))
    }

    /// The writer's field a reader's field `r_field` was renamed from: the writer's record has a
    /// field with its `.tri` number, under another name, that no reader field reads.
    pub(super) fn renamed_from(
        &self,
        w_fields: &[Field],
        target: &[Option<usize>],
        w_name: &str,
        r_name: &str,
        r_field: &str,
    ) -> Option<String> {
        let number = record_fields(self.reader, r_name)?
            .iter()
            .find(|f| f.name == r_field)?
            .number;
        let candidate = record_fields(self.writer, w_name)?
            .iter()
            .find(|f| f.number == number)?;
        let unread = w_fields
            .iter()
            .zip(target)
            .any(|(wf, t)| wf.name == candidate.name && t.is_none());
        (candidate.name != r_field && unread).then(|| candidate.name.clone())
    }

    /// The reader's symbol a writer's `symbol` was renamed to: the reader's enum has a symbol
    /// with its `.tri` number, under a name the writer does not have.
    pub(super) fn symbol_renamed_to(
        &self,
        w_name: &str,
        r_name: &str,
        symbol: &str,
        w_symbols: &[String],
    ) -> Option<String> {
        let enum_values = |side: &Side<'_>, name: &str| match &side.version?.ty(name)?.kind {
            TypeKind::Enum(e) => Some(e.values.clone()),
            _ => None,
        };
        let number = enum_values(self.writer, w_name)?
            .into_iter()
            .find(|v| v.name == symbol)?
            .number;
        let candidate = enum_values(self.reader, r_name)?
            .into_iter()
            .find(|v| v.number == number)?;
        (!w_symbols.contains(&candidate.name)).then_some(candidate.name)
    }
}
/// The fields of a `.tri` record of a side's version.
fn record_fields<'a>(side: &Side<'a>, name: &str) -> Option<&'a [trident_idl::model::Field]> {
    match &side.version?.ty(name)?.kind {
        TypeKind::Record(r) => Some(&r.fields),
        _ => None,
    }
}

fn article(kind: &str) -> String {
    match kind.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

/// A `.tri` type as written: `list<acme.Item>`, `optional<string>`.
fn type_text(schema: &trident_idl::Schema, ty: &Type) -> String {
    match ty {
        Type::Primitive(p) => p.name().to_string(),
        Type::List(t) => format!("list<{}>", type_text(schema, t)),
        Type::Map(t) => format!("map<string, {}>", type_text(schema, t)),
        Type::Optional(t) => format!("optional<{}>", type_text(schema, t)),
        Type::Named(id) => schema.get(*id).full_name(),
    }
}

/// Whether two `.tri` defaults are the same value (numbers compared as numbers).
fn same_default(a: Option<&Value>, b: Option<&Value>) -> bool {
    let number = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::UInt(u) => Some(*u as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match (a, b) {
        (None, None) => true,
        (Some(Value::Enum { symbol: x, .. }), Some(Value::Enum { symbol: y, .. })) => x == y,
        (Some(x), Some(y)) => match (number(x), number(y)) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        _ => false,
    }
}

/// A `.tri` default as written.
fn show(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) => f.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
        Value::Enum { symbol, .. } => symbol.clone(),
    }
}
