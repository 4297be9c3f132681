//! What only `.proto` input has, compared when both versions are `.proto` files: services and
//! their methods, packages, oneofs, proto2 `required` and `[default = …]`, and the names the
//! proto3 JSON mapping uses (field names, `json_name`, reserved names).

use prost_types::field_descriptor_proto::Label;
use prost_types::method_options::IdempotencyLevel;
use prost_types::{DescriptorProto, FieldDescriptorProto, MethodDescriptorProto};

use super::{At, Checker, both, json_both, kind};
use crate::finding::Finding;
use crate::rules::{Break, Direction, Format, Rule};

impl Checker<'_> {
    /// A field's name and JSON name.
    pub(super) fn names(
        &mut self,
        name: &str,
        old: &FieldDescriptorProto,
        new: &FieldDescriptorProto,
        at: At,
    ) {
        let (old_json, new_json) = (kind::json_name(old), kind::json_name(new));
        let member = new.name();
        let finding = if old.name() != new.name() {
            Finding::new(
                Rule::FieldRenamed,
                name,
                Some(member),
                format!(
                    "field {} of `{name}` was renamed from `{}` to `{member}`",
                    new.number(),
                    old.name()
                ),
            )
            .note(Format::Protobuf, "fields are numbers on the wire")
            .breaking(
                json_both(),
                "proto3 JSON parsers accept a field by its name or its JSON name, and printers \
                 can write either: documents keyed by the old name are not read",
            )
        } else if old_json != new_json {
            Finding::new(
                Rule::JsonNameChanged,
                name,
                Some(member),
                format!(
                    "the JSON name of field `{member}` of `{name}` changed from `{old_json}` to \
                     `{new_json}`"
                ),
            )
            .breaking(json_both(), "the JSON name is the key documents use")
        } else {
            return;
        };
        self.findings.push(finding.at(at.0, at.1));
    }

    /// A field moved into, out of or between oneofs.
    pub(super) fn oneofs(
        &mut self,
        name: &str,
        (old_message, old): (&DescriptorProto, &FieldDescriptorProto),
        (new_message, new): (&DescriptorProto, &FieldDescriptorProto),
        at: At,
    ) {
        let (before, after) = (kind::oneof(old), kind::oneof(new));
        let paired = before.and_then(|i| kind::paired_oneof(old_message, new_message, i));
        if (before.is_none() && after.is_none()) || (before.is_some() && paired == after) {
            return;
        }
        let before = before
            .and_then(|i| old_message.oneof_decl.get(i))
            .map(|o| o.name());
        let after = after
            .and_then(|i| new_message.oneof_decl.get(i))
            .map(|o| o.name());
        let member = new.name();
        let (message, direction, reason) = match (before, after) {
            (None, Some(to)) => (
                format!("field `{member}` of `{name}` moved into oneof `{to}`"),
                Some(Direction::Backward),
                "a oneof keeps one of its fields: of old data that sets this field and another \
                 member, new readers keep only the last",
            ),
            (Some(from), None) => (
                format!("field `{member}` of `{name}` moved out of oneof `{from}`"),
                Some(Direction::Forward),
                "a oneof keeps one of its fields: of new data that sets this field and a former \
                 fellow member, old readers keep only the last",
            ),
            (Some(from), Some(to)) => (
                format!("field `{member}` of `{name}` moved from oneof `{from}` to oneof `{to}`"),
                None,
                "the field shares a oneof with other fields than before: readers on either side \
                 drop values the other side sets together",
            ),
            (None, None) => return,
        };
        let breaks = |format: Format| match direction {
            Some(d) => vec![Break::new(format, d)],
            None => Break::both(format).to_vec(),
        };
        let finding = Finding::new(Rule::FieldOneofChanged, name, Some(member), message)
            .breaking(breaks(Format::Protobuf), reason)
            .breaking(breaks(Format::Json), reason)
            .at(at.0, at.1);
        self.findings.push(finding);
    }

    /// A proto2 `[default = …]` changed.
    pub(super) fn defaults(
        &mut self,
        name: &str,
        old: &FieldDescriptorProto,
        new: &FieldDescriptorProto,
        at: At,
    ) {
        if old.default_value == new.default_value || old.r#type() != new.r#type() {
            return;
        }
        let shown = |f: &FieldDescriptorProto| match &f.default_value {
            Some(v) => format!("`{v}`"),
            None => "none".to_string(),
        };
        let member = new.name();
        let reason = "a reader takes a field missing from the data as its own default, so the \
                      same data reads as different values on each side";
        let finding = Finding::new(
            Rule::DefaultChanged,
            name,
            Some(member),
            format!(
                "the default of field `{member}` of `{name}` changed from {} to {}",
                shown(old),
                shown(new)
            ),
        )
        .breaking(both(), reason)
        .breaking(json_both(), reason)
        .at(at.0, at.1);
        self.findings.push(finding);
    }

    /// A field with a number the old message did not use: a required one breaks old data, one
    /// with a reserved name misreads old documents.
    pub(super) fn added_field(
        &mut self,
        name: &str,
        old: &DescriptorProto,
        field: &FieldDescriptorProto,
    ) {
        let member = field.name();
        let at = self.new.locate_member(name, member);
        if field.label() == Label::Required {
            let reason = "new readers reject old data, which does not have it";
            let finding = Finding::new(
                Rule::FieldAdded,
                name,
                Some(member),
                format!("required field `{member}` was added to `{name}`"),
            )
            .breaking([Break::new(Format::Protobuf, Direction::Backward)], reason)
            .breaking([Break::new(Format::Json, Direction::Backward)], reason)
            .at(self.old.locate_type(name), at.clone());
            self.findings.push(finding);
        }
        let reused = old.reserved_name.iter().any(|n| n == member)
            && !old.field.iter().any(|f| f.name() == member);
        if reused {
            let finding = Finding::new(
                Rule::ReservedReused,
                name,
                Some(member),
                format!("field `{member}` of `{name}` uses a name that was reserved"),
            )
            .breaking(
                json_both(),
                "the name belonged to a removed field; old documents holding it are misread",
            )
            .at(self.old.locate_reserved(name, None, Some(member)), at);
            self.findings.push(finding);
        }
    }

    /// Files whose package changed (files paired by name).
    pub(super) fn packages(&mut self) {
        let (Some(old), Some(new)) = (&self.old.proto, &self.new.proto) else {
            return;
        };
        let mut found = Vec::new();
        for old_file in old.input_files() {
            let Some(new_file) = new.input_files().find(|f| f.name() == old_file.name()) else {
                continue;
            };
            if old_file.package() == new_file.package() {
                continue;
            }
            let shown = |p: &str| {
                if p.is_empty() {
                    "no package".to_string()
                } else {
                    format!("`{p}`")
                }
            };
            let reason = "every type's full name changes: `Any` type URLs and gRPC method paths \
                          (`/package.Service/Method`) no longer match";
            let file = old_file.name();
            let finding = Finding::new(
                Rule::PackageChanged,
                file,
                None,
                format!(
                    "the package of `{file}` changed from {} to {}",
                    shown(old_file.package()),
                    shown(new_file.package())
                ),
            )
            .breaking(both(), reason)
            .breaking(json_both(), reason)
            .at(old.locate_package(file), new.locate_package(file));
            found.push(finding);
        }
        self.findings.extend(found);
    }

    /// Services and methods: paired by full name and by method name.
    pub(super) fn services(&mut self) {
        let (Some(old), Some(new)) = (&self.old.proto, &self.new.proto) else {
            return;
        };
        let mut found = Vec::new();
        for service in old.input_services() {
            let Some(old_service) = old.service(&service) else {
                continue;
            };
            let Some(new_service) = new.service(&service) else {
                found.push(
                    Finding::new(
                        Rule::ServiceRemoved,
                        &service,
                        None,
                        format!("service `{service}` was removed"),
                    )
                    .breaking(
                        [
                            Break::new(Format::Protobuf, Direction::Backward),
                            Break::new(Format::Json, Direction::Backward),
                        ],
                        "old clients call methods the new server no longer has",
                    )
                    .at(old.locate_type(&service), None),
                );
                continue;
            };
            for method in &old_service.method {
                let at = (
                    old.locate_member(&service, method.name()),
                    new.locate_member(&service, method.name()),
                );
                match new_service
                    .method
                    .iter()
                    .find(|m| m.name() == method.name())
                {
                    Some(new_method) => {
                        found.extend(self.method(&service, method, new_method, at));
                    }
                    None => found.push(
                        Finding::new(
                            Rule::RpcRemoved,
                            &service,
                            Some(method.name()),
                            format!("method `{}` of `{service}` was removed", method.name()),
                        )
                        .breaking(
                            [
                                Break::new(Format::Protobuf, Direction::Backward),
                                Break::new(Format::Json, Direction::Backward),
                            ],
                            "old clients call a method the new server no longer has",
                        )
                        .at(at.0, new.locate_type(&service)),
                    ),
                }
            }
        }
        self.findings.extend(found);
    }

    fn method(
        &self,
        service: &str,
        old: &MethodDescriptorProto,
        new: &MethodDescriptorProto,
        at: At,
    ) -> Vec<Finding> {
        let member = new.name();
        let mut found = Vec::new();
        for (what, before, after) in [
            ("request", old.input_type(), new.input_type()),
            ("response", old.output_type(), new.output_type()),
        ] {
            let (before, after) = (
                before.trim_start_matches('.'),
                after.trim_start_matches('.'),
            );
            if before == after {
                continue;
            }
            let finding = Finding::new(
                Rule::RpcTypeChanged,
                service,
                Some(member),
                format!(
                    "the {what} of method `{member}` of `{service}` changed from `{before}` to \
                     `{after}`"
                ),
            );
            let finding = if self.same_shape_messages(before, after, false, &mut Default::default())
            {
                let finding = finding.note(
                    Format::Protobuf,
                    "the two messages have the same shape, so the bytes are the same; generated \
                     code that names them changes",
                );
                if self.same_shape_messages(before, after, true, &mut Default::default()) {
                    finding
                } else {
                    finding.breaking(json_both(), "the two messages' JSON names differ")
                }
            } else {
                finding
                    .breaking(
                        both(),
                        format!("each side misreads the other's {what} messages"),
                    )
                    .breaking(
                        json_both(),
                        format!("each side misreads the other's {what} documents"),
                    )
            };
            found.push(finding.at(at.0.clone(), at.1.clone()));
        }
        for (what, before, after) in [
            ("client", old.client_streaming(), new.client_streaming()),
            ("server", old.server_streaming(), new.server_streaming()),
        ] {
            if before == after {
                continue;
            }
            let (from, to) = if before {
                ("streaming", "unary")
            } else {
                ("unary", "streaming")
            };
            let reason = "a stream and a single message are framed differently: the call fails";
            found.push(
                Finding::new(
                    Rule::RpcStreamingChanged,
                    service,
                    Some(member),
                    format!(
                        "method `{member}` of `{service}` changed from {what} {from} to {what} {to}"
                    ),
                )
                .breaking(both(), reason)
                .breaking(json_both(), reason)
                .at(at.0.clone(), at.1.clone()),
            );
        }
        let level = |m: &MethodDescriptorProto| {
            m.options
                .as_ref()
                .map_or(IdempotencyLevel::IdempotencyUnknown, |o| {
                    o.idempotency_level()
                })
        };
        if level(old) != level(new) {
            let reason = "clients choose how to call (HTTP GET for no side effects, retries) by \
                          the idempotency level, and the server accepts calls by it";
            found.push(
                Finding::new(
                    Rule::RpcIdempotencyChanged,
                    service,
                    Some(member),
                    format!(
                        "the idempotency level of method `{member}` of `{service}` changed from \
                         {} to {}",
                        level(old).as_str_name(),
                        level(new).as_str_name()
                    ),
                )
                .breaking(both(), reason)
                .breaking(json_both(), reason)
                .at(at.0, at.1),
            );
        }
        found
    }
}
