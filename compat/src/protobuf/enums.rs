//! Enums: values paired by number, removed values and reserved numbers; for `.proto` input also
//! the value names, which the proto3 JSON mapping writes, and reserved names.

use prost_types::EnumDescriptorProto;
use trident_idl::model::TypeKind;

use super::{Checker, both, json_both};
use crate::finding::Finding;
use crate::rules::Rule;
use crate::version::Version;

impl Checker<'_> {
    pub(super) fn enumeration(
        &mut self,
        name: &str,
        old: &EnumDescriptorProto,
        new: &EnumDescriptorProto,
    ) {
        // Values are reported by their schema symbols (which the export prefixes), or by their
        // names for `.proto` input.
        let symbol = |version: &Version, number: i32, descriptor: &EnumDescriptorProto| {
            version
                .ty(name)
                .and_then(|t| match &t.kind {
                    TypeKind::Enum(e) => e
                        .values
                        .iter()
                        .find(|v| v.number == number)
                        .map(|v| v.name.clone()),
                    _ => None,
                })
                .or_else(|| {
                    descriptor
                        .value
                        .iter()
                        .find(|v| v.number() == number)
                        .map(|v| v.name().to_string())
                })
        };
        let reserved = |e: &EnumDescriptorProto, number: i32| {
            e.reserved_range
                .iter()
                .any(|r| (r.start()..=r.end()).contains(&number))
        };
        for old_value in &old.value {
            let number = old_value.number();
            let member = symbol(self.old, number, old).unwrap_or_default();
            if let Some(new_value) = new.value.iter().find(|v| v.number() == number) {
                if self.proto && new_value.name() != old_value.name() {
                    let finding = Finding::new(
                        Rule::EnumValueRenamed,
                        name,
                        Some(new_value.name()),
                        format!(
                            "enum value {number} of `{name}` was renamed from `{}` to `{}`",
                            old_value.name(),
                            new_value.name()
                        ),
                    )
                    .breaking(
                        json_both(),
                        "the proto3 JSON mapping writes enum values by name: each side rejects \
                         the other's name",
                    )
                    .at(
                        self.old.locate_member(name, old_value.name()),
                        self.new.locate_member(name, new_value.name()),
                    );
                    self.findings.push(finding);
                }
                continue;
            }
            let new_number = match self.new.ty(name) {
                Some(t) => match &t.kind {
                    TypeKind::Enum(e) => {
                        e.values.iter().find(|v| v.name == member).map(|v| v.number)
                    }
                    _ => None,
                },
                None if self.new.is_proto() => new
                    .value
                    .iter()
                    .find(|v| v.name() == member)
                    .map(|v| v.number()),
                None => None,
            };
            let old_at = self.old.locate_number(name, i64::from(number));
            if let Some(new_number) = new_number {
                let finding = Finding::new(
                    Rule::EnumValueRenumbered,
                    name,
                    Some(&member),
                    format!(
                        "enum value `{member}` of `{name}` changed its number from {number} to \
                         {new_number}"
                    ),
                )
                .breaking(
                    both(),
                    "protobuf carries enum values as numbers: old data reads as another value",
                )
                .at(old_at, self.new.locate_number(name, i64::from(new_number)));
                self.findings.push(finding);
                continue;
            }
            let mut finding = Finding::new(
                Rule::EnumValueRemoved,
                name,
                Some(&member),
                format!("enum value `{member}` ({number}) of `{name}` was removed"),
            )
            .at(
                self.old.locate_member(name, &member).or(old_at),
                self.new.locate_type(name),
            );
            if !reserved(new, number) {
                finding = finding.breaking(
                    both(),
                    format!(
                        "number {number} is not reserved, so a later value could reuse it and \
                         misread old data; add `reserved {number};`"
                    ),
                );
            }
            if self.proto && !new.reserved_name.contains(&member) {
                finding = finding.breaking(
                    json_both(),
                    format!(
                        "the name is not reserved, so a later value could take the name old \
                         documents use; add `reserved \"{member}\";`"
                    ),
                );
            }
            if finding.is_breaking() {
                self.findings.push(finding);
            }
        }
        for new_value in &new.value {
            let number = new_value.number();
            let member = symbol(self.new, number, new).unwrap_or_default();
            if !old.value.iter().any(|v| v.number() == number) && reserved(old, number) {
                let finding = Finding::new(
                    Rule::ReservedReused,
                    name,
                    Some(&member),
                    format!(
                        "enum value `{member}` of `{name}` uses number {number}, which was reserved"
                    ),
                )
                .breaking(
                    both(),
                    "the number belonged to a removed value; old data holding it is misread",
                )
                .at(
                    self.old
                        .locate_reserved(name, Some(i64::from(number)), None),
                    self.new.locate_number(name, i64::from(number)),
                );
                self.findings.push(finding);
            }
            if self.proto
                && old.reserved_name.contains(&member)
                && !old.value.iter().any(|v| v.name() == member)
            {
                let finding = Finding::new(
                    Rule::ReservedReused,
                    name,
                    Some(&member),
                    format!("enum value `{member}` of `{name}` uses a name that was reserved"),
                )
                .breaking(
                    json_both(),
                    "the name belonged to a removed value; old documents holding it are misread",
                )
                .at(
                    self.old.locate_reserved(name, None, Some(&member)),
                    self.new.locate_member(name, &member),
                );
                self.findings.push(finding);
            }
        }
        // Enum reserved ranges end inclusively.
        let ranges = |e: &EnumDescriptorProto| -> Vec<(i64, i64)> {
            e.reserved_range
                .iter()
                .map(|r| (i64::from(r.start()), i64::from(r.end())))
                .collect()
        };
        let numbers = new.value.iter().map(|v| i64::from(v.number()));
        self.dropped_reserved_ranges(name, "value", &ranges(old), ranges(new), numbers);
        if self.proto {
            let values: Vec<&str> = new.value.iter().map(|v| v.name()).collect();
            self.dropped_reserved_names(name, &old.reserved_name, &new.reserved_name, &values);
        }
    }

    /// Reserved ranges (inclusive) of the old version whose numbers the new one neither reserves
    /// nor uses (a reuse is reported where the number is used).
    pub(super) fn dropped_reserved_ranges(
        &mut self,
        name: &str,
        what: &str,
        old: &[(i64, i64)],
        mut kept: Vec<(i64, i64)>,
        used: impl Iterator<Item = i64>,
    ) {
        kept.extend(used.map(|n| (n, n)));
        for &(start, end) in old {
            if super::covers(&mut kept, start, end) {
                continue;
            }
            let shown = if start == end {
                format!("{start}")
            } else {
                format!("{start}..{end}")
            };
            let finding = Finding::new(
                Rule::ReservedRemoved,
                name,
                Some(&shown),
                format!("reserved {what} number(s) {shown} of `{name}` are no longer reserved"),
            )
            .breaking(
                both(),
                format!("a later {what} could reuse a number that old data still holds"),
            )
            .at(
                self.old.locate_reserved(name, Some(start), None),
                self.new.locate_type(name),
            );
            self.findings.push(finding);
        }
    }

    /// Reserved names of the old version that the new one neither reserves nor uses (a reuse is
    /// reported where the name is used).
    pub(super) fn dropped_reserved_names(
        &mut self,
        name: &str,
        old: &[String],
        new: &[String],
        used: &[&str],
    ) {
        for reserved in old {
            if new.contains(reserved) || used.contains(&reserved.as_str()) {
                continue;
            }
            let finding = Finding::new(
                Rule::ReservedRemoved,
                name,
                Some(reserved),
                format!("reserved name `{reserved}` of `{name}` is no longer reserved"),
            )
            .breaking(
                json_both(),
                "a later field or value could take a name that old JSON documents still use",
            )
            .at(
                self.old.locate_reserved(name, None, Some(reserved)),
                self.new.locate_type(name),
            );
            self.findings.push(finding);
        }
    }
}
