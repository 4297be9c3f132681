//! Numbers: field, variant and enum numbers are in range, unique and not reserved; reserved
//! ranges are well-formed and do not overlap; enums start at 0.

use std::collections::HashMap;

use crate::ast::{Decl, DeclKind, Reserved, ReservedItem};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::source::{SourceMap, Span};

use super::Context;

/// The largest field number protobuf allows (2^29 - 1).
pub(crate) const MAX_FIELD_NUMBER: i128 = (1 << 29) - 1;

/// Numbers protobuf reserves for its own implementation.
const IMPLEMENTATION_RANGE: std::ops::RangeInclusive<i128> = 19000..=19999;

/// A checked reserved range: inclusive bounds and where it was written.
#[derive(Clone, Copy)]
pub(crate) struct Range {
    pub(crate) start: i128,
    pub(crate) end: i128,
    pub(crate) span: Span,
}

/// The bounds numbers of one kind must lie in.
#[derive(Clone, Copy)]
pub(crate) enum NumberKind {
    /// Record fields and union variants: 1 ..= 2^29-1.
    Field,
    /// Enum values: any `i32`.
    EnumValue,
}

impl NumberKind {
    pub(crate) fn bounds(self) -> (i128, i128) {
        match self {
            NumberKind::Field => (1, MAX_FIELD_NUMBER),
            NumberKind::EnumValue => (i128::from(i32::MIN), i128::from(i32::MAX)),
        }
    }
}

pub(super) fn check(cx: &Context<'_>, diagnostics: &mut Diagnostics) {
    let sources = &cx.loaded.sources;
    for (_, decl) in cx.decls() {
        match &decl.kind {
            DeclKind::Record(r) => {
                let ranges = reserved_ranges(sources, &r.reserved, NumberKind::Field, diagnostics);
                check_members(
                    sources,
                    decl,
                    &ranges,
                    Code::DuplicateFieldNumber,
                    "field",
                    diagnostics,
                );
            }
            DeclKind::Union(u) => {
                let ranges = reserved_ranges(sources, &u.reserved, NumberKind::Field, diagnostics);
                check_members(
                    sources,
                    decl,
                    &ranges,
                    Code::DuplicateVariantNumber,
                    "variant",
                    diagnostics,
                );
            }
            DeclKind::Enum(e) => {
                let ranges =
                    reserved_ranges(sources, &e.reserved, NumberKind::EnumValue, diagnostics);
                let (low, high) = NumberKind::EnumValue.bounds();
                let mut seen: HashMap<i128, Span> = HashMap::new();
                for value in &e.values {
                    let n = value.number.value;
                    let span = value.number.span;
                    if !(low..=high).contains(&n) {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::NumberOutOfRange,
                                format!("enum value number {} is out of range", sources.text(span)),
                                span,
                                "out of range",
                            )
                            .with_help("enum values are 32-bit signed integers"),
                        );
                        continue;
                    }
                    duplicate_or_reserved(
                        n,
                        span,
                        &mut seen,
                        &ranges,
                        Code::DuplicateEnumNumber,
                        "enum value",
                        diagnostics,
                    );
                }
                match e.values.first() {
                    None => diagnostics.push(
                        Diagnostic::new(
                            Code::EnumFirstNotZero,
                            format!("enum `{}` has no values", decl.name.value),
                            decl.name.span,
                            "empty enum",
                        )
                        .with_help("add a first value numbered 0, such as `UNKNOWN = 0;`"),
                    ),
                    Some(first) if first.number.value != 0 => diagnostics.push(
                        Diagnostic::new(
                            Code::EnumFirstNotZero,
                            format!(
                                "the first value of enum `{}` must be numbered 0",
                                decl.name.value
                            ),
                            first.number.span,
                            "must be 0",
                        )
                        .with_help(
                            "the first value is the default and the fallback for unknown input; \
                             add a value such as `UNKNOWN = 0;` first",
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}

fn check_members(
    sources: &SourceMap,
    decl: &Decl,
    ranges: &[Range],
    duplicate: Code,
    what: &str,
    diagnostics: &mut Diagnostics,
) {
    let mut seen: HashMap<i128, Span> = HashMap::new();
    for field in Context::members(decl) {
        let n = i128::from(field.number.value);
        let span = field.number.span;
        if !(1..=MAX_FIELD_NUMBER).contains(&n) {
            diagnostics.push(
                Diagnostic::new(
                    Code::NumberOutOfRange,
                    format!(
                        "{what} number {} is out of range",
                        sources.text(span).trim_start_matches('@')
                    ),
                    span,
                    "out of range",
                )
                .with_help(format!("{what} numbers are 1 to {MAX_FIELD_NUMBER}")),
            );
            continue;
        }
        if IMPLEMENTATION_RANGE.contains(&n) {
            diagnostics.push(
                Diagnostic::new(
                    Code::ImplementationReservedNumber,
                    format!("{what} number {n} lies in 19000–19999, which protobuf reserves"),
                    span,
                    "reserved by protobuf",
                )
                .with_help("choose a number outside 19000–19999"),
            );
            continue;
        }
        duplicate_or_reserved(n, span, &mut seen, ranges, duplicate, what, diagnostics);
    }
}

fn duplicate_or_reserved(
    n: i128,
    span: Span,
    seen: &mut HashMap<i128, Span>,
    ranges: &[Range],
    duplicate: Code,
    what: &str,
    diagnostics: &mut Diagnostics,
) {
    if let Some(&first) = seen.get(&n) {
        diagnostics.push(
            Diagnostic::new(
                duplicate,
                format!("{what} number {n} is used twice"),
                span,
                "used again here",
            )
            .with_label(first, "first used here")
            .with_help("every number must be unique within its type; choose an unused one"),
        );
    } else {
        seen.insert(n, span);
    }
    if let Some(range) = ranges.iter().find(|r| (r.start..=r.end).contains(&n)) {
        diagnostics.push(
            Diagnostic::new(
                Code::ReservedNumberUsed,
                format!("{what} number {n} is reserved"),
                span,
                "reserved number",
            )
            .with_label(range.span, "reserved here")
            .with_help("a reserved number belonged to a removed element; reusing it would misread old data"),
        );
    }
}

/// The valid ranges of `reserved` statements, reporting reversed, out-of-range and overlapping
/// entries.
pub(crate) fn reserved_ranges(
    sources: &SourceMap,
    statements: &[Reserved],
    kind: NumberKind,
    diagnostics: &mut Diagnostics,
) -> Vec<Range> {
    let (low, high) = kind.bounds();
    let mut ranges: Vec<Range> = Vec::new();
    for item in statements.iter().flat_map(|s| &s.items) {
        let ReservedItem::Range { start, end, span } = *item else {
            continue;
        };
        let end = end.unwrap_or(high);
        if end < start {
            diagnostics.push(
                Diagnostic::new(
                    Code::ReversedRange,
                    format!("range `{}` ends before it starts", sources.text(span)),
                    span,
                    "reversed",
                )
                .with_help(match kind {
                    NumberKind::Field => format!("write it as @{end}..{start}"),
                    NumberKind::EnumValue => format!("write it as {end}..{start}"),
                }),
            );
            continue;
        }
        if start < low || end > high {
            diagnostics.push(
                Diagnostic::new(
                    Code::NumberOutOfRange,
                    format!("reserved range `{}` is out of range", sources.text(span)),
                    span,
                    "out of range",
                )
                .with_help(format!("reserved numbers must lie in {low}..{high}")),
            );
            continue;
        }
        let range = Range { start, end, span };
        if let Some(other) = ranges.iter().find(|r| r.start <= end && start <= r.end) {
            diagnostics.push(
                Diagnostic::new(
                    Code::OverlappingReserved,
                    "reserved range overlaps an earlier one",
                    span,
                    "overlaps",
                )
                .with_label(other.span, "earlier range")
                .with_help("merge or remove the overlapping entries"),
            );
            continue;
        }
        ranges.push(range);
    }
    ranges
}
