//! Defaults: allowed on fields of scalar, string, bytes and enum type, and each must fit its type.

use crate::ast::{DeclKind, Literal, LiteralKind, TypeExpr};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Primitive, Value};
use crate::resolve::Resolved;

use super::Context;

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    for (_, decl) in cx.decls() {
        match &decl.kind {
            DeclKind::Record(record) => {
                for field in &record.fields {
                    if let Some(literal) = &field.default
                        && let Err(Some(d)) = evaluate(cx, &field.ty, literal)
                    {
                        diagnostics.push(d);
                    }
                }
            }
            DeclKind::Union(union) => {
                for variant in &union.variants {
                    if let Some(literal) = &variant.default {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::DefaultNotAllowed,
                                "union variants cannot have defaults",
                                literal.span,
                                "not allowed here",
                            )
                            .with_help(
                                "a field holding a union is required; make it `optional<…>` if it may be absent",
                            ),
                        );
                    }
                }
            }
            DeclKind::Enum(_) => {}
        }
    }
}

/// Converts a field's default to a value of the field's type. `Err(None)` means the type did not
/// resolve (already reported elsewhere).
pub(crate) fn evaluate(
    cx: &Context<'_>,
    ty: &TypeExpr,
    literal: &Literal,
) -> Result<Value, Option<Diagnostic>> {
    let not_allowed = |what: &str, help: &str| {
        Some(
            Diagnostic::new(
                Code::DefaultNotAllowed,
                format!("{what} fields cannot have a default"),
                literal.span,
                "default not allowed",
            )
            .with_help(help.to_string()),
        )
    };
    let name = match ty {
        TypeExpr::List(..) => {
            return Err(not_allowed(
                "list",
                "a list defaults to the empty list; remove `= …`",
            ));
        }
        TypeExpr::Map(..) => {
            return Err(not_allowed(
                "map",
                "a map defaults to the empty map; remove `= …`",
            ));
        }
        TypeExpr::Optional(..) => {
            return Err(not_allowed(
                "optional",
                "an optional field defaults to null (absent); remove `= …`",
            ));
        }
        TypeExpr::Named(name) => name,
    };
    match cx.res.get(name.span) {
        None => Err(None),
        Some(Resolved::Primitive(p)) => primitive(p, literal).map_err(Some),
        Some(Resolved::Type(id)) => {
            let decl = cx.res.decl(cx.loaded, id);
            let DeclKind::Enum(e) = &decl.kind else {
                return Err(not_allowed(
                    "record and union",
                    "only scalar, string, bytes and enum fields take defaults; make the field `optional<…>` if it may be absent",
                ));
            };
            // `true`, `false` and `null` are keywords, but an enum may have symbols of those names.
            let written = match &literal.kind {
                LiteralKind::Ident(symbol) => Some(symbol.as_str()),
                LiteralKind::Bool(true) => Some("true"),
                LiteralKind::Bool(false) => Some("false"),
                LiteralKind::Null => Some("null"),
                _ => None,
            };
            if let Some(value) = written.and_then(|w| e.values.iter().find(|v| v.name.value == w)) {
                return Ok(Value::Enum {
                    symbol: value.name.value.clone(),
                    number: i32::try_from(value.number.value).unwrap_or(0),
                });
            }
            let expected = format!("an enum symbol of `{}`", decl.name.value);
            match &literal.kind {
                LiteralKind::Ident(symbol) => Err(Some(unknown_symbol(decl, e, symbol, literal))),
                LiteralKind::Str(_) => Err(Some(mismatch(
                    literal,
                    &expected,
                    "write the symbol without quotes",
                ))),
                _ => {
                    let first = e.values.first().map_or("", |v| v.name.value.as_str());
                    Err(Some(mismatch(
                        literal,
                        &expected,
                        &format!("write one of the enum's symbols, such as `{first}`"),
                    )))
                }
            }
        }
    }
}

fn unknown_symbol(
    decl: &crate::ast::Decl,
    e: &crate::ast::Enum,
    symbol: &str,
    literal: &Literal,
) -> Diagnostic {
    let names = e.values.iter().map(|v| v.name.value.clone());
    let help = match crate::resolve::closest(symbol, names) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "the symbols of `{}` are {}",
            decl.name.value,
            e.values
                .iter()
                .map(|v| format!("`{}`", v.name.value))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::new(
        Code::UnknownEnumSymbol,
        format!("enum `{}` has no symbol `{symbol}`", decl.name.value),
        literal.span,
        "unknown symbol",
    )
    .with_label(decl.name.span, "enum declared here")
    .with_help(help)
}

fn mismatch(literal: &Literal, expected: &str, help: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DefaultTypeMismatch,
        format!(
            "default must be {expected}, found {}",
            describe(&literal.kind)
        ),
        literal.span,
        format!("expected {expected}"),
    )
    .with_help(help.to_string())
}

fn out_of_range(literal: &Literal, ty: Primitive, range: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DefaultOutOfRange,
        format!("default is out of range for `{ty}`"),
        literal.span,
        format!("out of range for `{ty}`"),
    )
    .with_help(format!("`{ty}` holds {range}"))
}

fn describe(kind: &LiteralKind) -> &'static str {
    match kind {
        LiteralKind::Int(_) | LiteralKind::HugeInt(_) => "an integer",
        LiteralKind::Float(_) => "a floating-point number",
        LiteralKind::Str(_) => "a string",
        LiteralKind::Bool(_) => "a boolean",
        LiteralKind::Null => "`null`",
        LiteralKind::Ident(_) => "a symbol",
    }
}

fn primitive(p: Primitive, literal: &Literal) -> Result<Value, Diagnostic> {
    let kind = &literal.kind;
    if *kind == LiteralKind::Null {
        return Err(mismatch(
            literal,
            &format!("a `{p}` value"),
            &format!(
                "`null` means absent, which only optional fields can be; make the field `optional<{p}>` and drop the default"
            ),
        ));
    }
    match p {
        Primitive::Bool => match kind {
            LiteralKind::Bool(b) => Ok(Value::Bool(*b)),
            _ => Err(mismatch(literal, "`true` or `false`", "write `true` or `false`")),
        },
        Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64 => integer(p, literal),
        Primitive::F32 | Primitive::F64 => {
            let value = match kind {
                LiteralKind::Float(f) => *f,
                LiteralKind::Int(i) => *i as f64,
                LiteralKind::HugeInt(f) => *f,
                _ => return Err(mismatch(literal, "a number", "write a number such as `0.5`")),
            };
            let (max, range) = if p == Primitive::F32 {
                (f64::from(f32::MAX), "finite numbers up to ±3.4028235e38")
            } else {
                (f64::MAX, "finite numbers up to ±1.7976931348623157e308")
            };
            if !value.is_finite() || value.abs() > max {
                return Err(out_of_range(literal, p, range));
            }
            Ok(Value::Float(value))
        }
        Primitive::String => match kind {
            LiteralKind::Str(bytes) => String::from_utf8(bytes.clone()).map(Value::String).map_err(|_| {
                mismatch(
                    literal,
                    "valid UTF-8 text",
                    "`\\x` escapes above `\\x7F` make raw bytes; use `\\u{…}` for characters",
                )
            }),
            _ => Err(mismatch(literal, "a string", "write the text in double quotes")),
        },
        Primitive::Bytes => match kind {
            LiteralKind::Str(bytes) => Ok(Value::Bytes(bytes.clone())),
            _ => Err(mismatch(
                literal,
                "a string of bytes",
                "write the bytes as a string, with `\\xHH` escapes for any byte",
            )),
        },
        Primitive::Timestamp | Primitive::Date | Primitive::Uuid => Err(Diagnostic::new(
            Code::DefaultNotAllowed,
            format!("`{p}` fields cannot have a default"),
            literal.span,
            "default not allowed",
        )
        .with_help("defaults are allowed on scalar, string, bytes and enum fields; make the field `optional<…>` if it may be absent")),
    }
}

fn integer(p: Primitive, literal: &Literal) -> Result<Value, Diagnostic> {
    let (low, high, range): (i128, i128, &str) = match p {
        Primitive::I32 => (
            i32::MIN.into(),
            i32::MAX.into(),
            "-2147483648 to 2147483647",
        ),
        Primitive::I64 => (
            i64::MIN.into(),
            i64::MAX.into(),
            "-9223372036854775808 to 9223372036854775807",
        ),
        Primitive::U32 => (0, u32::MAX.into(), "0 to 4294967295"),
        _ => (0, u64::MAX.into(), "0 to 18446744073709551615"),
    };
    match literal.kind {
        LiteralKind::Int(i) if (low..=high).contains(&i) => Ok(match p {
            Primitive::U32 | Primitive::U64 => Value::UInt(i as u64),
            _ => Value::Int(i as i64),
        }),
        LiteralKind::Int(_) | LiteralKind::HugeInt(_) => Err(out_of_range(literal, p, range)),
        _ => Err(mismatch(
            literal,
            "an integer",
            "write a whole number such as `0`",
        )),
    }
}
