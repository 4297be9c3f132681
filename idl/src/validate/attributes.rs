//! Attributes: `#[deprecated]`, `#[alias(..)]` and `#[proto(encoding = "…")]`, each where it has
//! a meaning.
//!
//! `deprecated` applies to types, fields, variants and enum values and takes an optional note.
//! `alias` names former names for Avro, which has aliases only for fields and named types
//! (records and enums), so it is allowed only there. `proto` chooses how protobuf writes a
//! field's or variant's integers (`zigzag` or `fixed`); whether the type takes it is checked with
//! the types ([`super::types`]).

use std::collections::HashMap;

use crate::ast::{Attribute, DeclKind, LiteralKind};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Deprecation, Encoding};
use crate::source::Spanned;

use super::Context;

/// The kinds of element an attribute can stand before.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Package,
    Record,
    Enum,
    Union,
    Field,
    Variant,
    EnumValue,
    Reserved,
}

impl Target {
    fn describe(self) -> &'static str {
        match self {
            Target::Package => "a package declaration",
            Target::Record => "a record",
            Target::Enum => "an enum",
            Target::Union => "a union",
            Target::Field => "a field",
            Target::Variant => "a union variant",
            Target::EnumValue => "an enum value",
            Target::Reserved => "a `reserved` statement",
        }
    }
}

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    for file in &cx.loaded.files {
        for package in &file.ast.packages {
            check_list(&package.attributes, Target::Package, diagnostics);
        }
        for decl in &file.ast.decls {
            let (target, member) = match &decl.kind {
                DeclKind::Record(_) => (Target::Record, Target::Field),
                DeclKind::Enum(_) => (Target::Enum, Target::EnumValue),
                DeclKind::Union(_) => (Target::Union, Target::Variant),
            };
            check_list(&decl.attributes, target, diagnostics);
            for field in Context::members(decl) {
                check_list(&field.attributes, member, diagnostics);
            }
            let reserved = match &decl.kind {
                DeclKind::Record(r) => &r.reserved,
                DeclKind::Enum(e) => {
                    for value in &e.values {
                        check_list(&value.attributes, member, diagnostics);
                    }
                    &e.reserved
                }
                DeclKind::Union(u) => &u.reserved,
            };
            for statement in reserved {
                check_list(&statement.attributes, Target::Reserved, diagnostics);
            }
        }
    }
}

fn check_list(attributes: &[Attribute], target: Target, diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, &Attribute> = HashMap::new();
    for attr in attributes {
        let name = attr.name.value.as_str();
        let allowed = match name {
            "deprecated" => !matches!(target, Target::Package | Target::Reserved),
            "alias" => matches!(target, Target::Record | Target::Enum | Target::Field),
            "proto" => matches!(target, Target::Field | Target::Variant),
            _ => {
                diagnostics.push(unknown(attr));
                continue;
            }
        };
        if !allowed {
            let help = match name {
                "alias" => "Avro has aliases only for records, enums and record fields",
                "proto" => "`proto` chooses how a field's or union variant's integers are encoded",
                _ => "`deprecated` applies to types, fields, variants and enum values",
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::MisplacedAttribute,
                    format!("`#[{name}]` is not allowed on {}", target.describe()),
                    attr.span,
                    "not allowed here",
                )
                .with_help(help),
            );
            continue;
        }
        if name != "alias"
            && let Some(first) = seen.insert(name, attr)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateAttribute,
                    format!("`#[{name}]` is given twice"),
                    attr.span,
                    "repeated",
                )
                .with_label(first.span, "first given here")
                .with_help("remove one of them"),
            );
        }
        check_args(attr, target, diagnostics);
    }
}

fn unknown(attr: &Attribute) -> Diagnostic {
    let name = &attr.name.value;
    let known = ["deprecated", "alias", "proto"].map(String::from);
    let diagnostic = Diagnostic::new(
        Code::UnknownAttribute,
        format!("unknown attribute `{name}`"),
        attr.name.span,
        "unknown",
    );
    match crate::resolve::closest(name, known.into_iter()) {
        Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
        None => diagnostic.with_help(
            "the attributes are `#[deprecated]`, `#[alias(\"old_name\")]` and \
                 `#[proto(encoding = \"zigzag\")]`",
        ),
    }
}

fn check_args(attr: &Attribute, target: Target, diagnostics: &mut Diagnostics) {
    let bad = |message: &str, help: &str| {
        Diagnostic::new(
            Code::InvalidAttributeArguments,
            message.to_string(),
            attr.span,
            "invalid arguments",
        )
        .with_help(help.to_string())
    };
    if attr.name.value != "proto" && !attr.named.is_empty() {
        diagnostics.push(bad(
            &format!("`{}` takes no `name = value` arguments", attr.name.value),
            "only `#[proto(encoding = \"…\")]` names its argument",
        ));
        return;
    }
    match attr.name.value.as_str() {
        "proto" => {
            let ok = attr.args.as_deref().is_some_and(<[_]>::is_empty)
                && matches!(&attr.named[..], [(key, value)]
                    if key.value == "encoding" && encoding_of(value).is_some());
            if !ok {
                diagnostics.push(bad(
                    "`proto` takes one argument, `encoding = \"zigzag\"` or `encoding = \"fixed\"`",
                    "write `#[proto(encoding = \"zigzag\")]` (sint32, sint64) or \
                     `#[proto(encoding = \"fixed\")]` (fixed32, fixed64, sfixed32, sfixed64)",
                ));
            }
        }
        "deprecated" => {
            let ok = match attr.args.as_deref() {
                None | Some([]) => true,
                Some([note]) => matches!(note.kind, LiteralKind::Str(_)),
                Some(_) => false,
            };
            if !ok {
                diagnostics.push(bad(
                    "`deprecated` takes at most one argument, a note as a string",
                    "write `#[deprecated]` or `#[deprecated(\"use `other` instead\")]`",
                ));
            }
        }
        "alias" => {
            let args = attr.args.as_deref().unwrap_or_default();
            if args.is_empty() {
                diagnostics.push(bad(
                    "`alias` needs at least one former name",
                    "write `#[alias(\"old_name\")]`",
                ));
                return;
            }
            for arg in args {
                let valid = match &arg.kind {
                    LiteralKind::Str(bytes) => std::str::from_utf8(bytes)
                        .is_ok_and(|s| valid_alias(s, target != Target::Field)),
                    _ => false,
                };
                if !valid {
                    let what = if target == Target::Field {
                        "a field name"
                    } else {
                        "a type name, optionally qualified with its package"
                    };
                    diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidAttributeArguments,
                            format!("an alias must be {what}, written as a string"),
                            arg.span,
                            "not a valid alias",
                        )
                        .with_help("names are letters, digits and `_`, not starting with a digit"),
                    );
                }
            }
        }
        _ => {}
    }
}

/// Whether `s` is a name (or, for types, a dotted full name) Avro accepts.
fn valid_alias(s: &str, dotted: bool) -> bool {
    let valid_ident = |part: &str| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if dotted {
        s.split('.').all(valid_ident)
    } else {
        valid_ident(s)
    }
}

fn encoding_of(value: &crate::ast::Literal) -> Option<Encoding> {
    match &value.kind {
        LiteralKind::Str(bytes) => match bytes.as_slice() {
            b"zigzag" => Some(Encoding::Zigzag),
            b"fixed" => Some(Encoding::Fixed),
            _ => None,
        },
        _ => None,
    }
}

/// The protobuf encoding `#[proto(encoding = "…")]` chooses, and the attribute; varints without
/// one (or with an invalid one, which is reported).
pub(crate) fn encoding_attribute(attributes: &[Attribute]) -> Option<(Encoding, &Attribute)> {
    attributes
        .iter()
        .filter(|a| a.name.value == "proto")
        .find_map(|a| match &a.named[..] {
            [(key, value)] if key.value == "encoding" => encoding_of(value).map(|e| (e, a)),
            _ => None,
        })
}

/// The protobuf encoding of a field or variant.
pub(crate) fn encoding(attributes: &[Attribute]) -> Encoding {
    encoding_attribute(attributes).map_or(Encoding::Varint, |(e, _)| e)
}

/// The `#[deprecated]` attribute of an element, if present.
pub(crate) fn deprecation(attributes: &[Attribute]) -> Option<Deprecation> {
    let attr = attributes.iter().find(|a| a.name.value == "deprecated")?;
    let note = match attr.args.as_deref() {
        Some([note]) => match &note.kind {
            LiteralKind::Str(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
            _ => None,
        },
        _ => None,
    };
    Some(Deprecation {
        note,
        span: attr.span,
    })
}

/// Every name given by `#[alias(..)]` attributes, in order.
pub(crate) fn aliases(attributes: &[Attribute]) -> Vec<Spanned<String>> {
    attributes
        .iter()
        .filter(|a| a.name.value == "alias")
        .flat_map(|a| a.args.iter().flatten())
        .filter_map(|arg| match &arg.kind {
            LiteralKind::Str(bytes) => Some(Spanned::new(
                String::from_utf8_lossy(bytes).into_owned(),
                arg.span,
            )),
            _ => None,
        })
        .collect()
}
