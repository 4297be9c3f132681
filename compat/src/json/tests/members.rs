//! Enum values and union variants.

use super::{diff, only, reason, summary};
use crate::rules::Rule;

#[test]
fn removing_an_enum_value_breaks_both_directions_unless_its_name_is_reserved() {
    let old = ["package p;", "enum E {", "    A = 0;", "    B = 1;", "}"];
    let findings = diff(&old, &["package p;", "enum E {", "    A = 0;", "}"]);
    let f = only(
        &findings,
        Rule::EnumValueRemoved,
        "p.E.B",
        "both",
        Some((4, 5)),
        None,
    );
    assert!(
        reason(f).contains("as `A`, the value numbered 0"),
        "{}",
        reason(f)
    );

    let findings = diff(
        &old,
        &[
            "package p;",
            "enum E {",
            "    A = 0;",
            "    reserved 1, \"B\";",
            "}",
        ],
    );
    let f = only(
        &findings,
        Rule::EnumValueRemoved,
        "p.E.B",
        "none",
        Some((4, 5)),
        None,
    );
    assert!(
        reason(f).contains("as `A`, the value numbered 0"),
        "{}",
        reason(f)
    );
}

#[test]
fn renaming_an_enum_value_breaks_both_directions() {
    let findings = diff(
        &["package p;", "enum E {", "    A = 0;", "    B = 1;", "}"],
        &["package p;", "enum E {", "    A = 0;", "    BEE = 1;", "}"],
    );
    only(
        &findings,
        Rule::EnumValueRenamed,
        "p.E.BEE",
        "both",
        Some((4, 5)),
        Some((4, 5)),
    );
}

#[test]
fn adding_an_enum_value_is_a_warning() {
    let findings = diff(
        &["package p;", "enum E {", "    A = 0;", "}"],
        &["package p;", "enum E {", "    A = 0;", "    B = 1;", "}"],
    );
    let f = only(
        &findings,
        Rule::EnumValueAdded,
        "p.E.B",
        "none",
        None,
        Some((4, 5)),
    );
    assert!(
        reason(f).contains("Old readers read new JSON's `B` as `A`"),
        "{}",
        reason(f)
    );
}

#[test]
fn renumbering_enum_values_is_compatible() {
    let findings = diff(
        &[
            "package p;",
            "enum E {",
            "    A = 0;",
            "    B = 1;",
            "    C = 2;",
            "}",
        ],
        &[
            "package p;",
            "enum E {",
            "    A = 0;",
            "    B = 2;",
            "    C = 1;",
            "}",
        ],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}

#[test]
fn adding_a_variant_breaks_old_readers() {
    let findings = diff(
        &["package p;", "union U {", "    a @1: i32;", "}"],
        &[
            "package p;",
            "union U {",
            "    a @1: i32;",
            "    b @2: string;",
            "}",
        ],
    );
    only(
        &findings,
        Rule::VariantAdded,
        "p.U.b",
        "forward",
        None,
        Some((4, 5)),
    );
}

#[test]
fn removing_a_variant_breaks_new_readers_and_without_reservation_both() {
    let old = [
        "package p;",
        "union U {",
        "    a @1: i32;",
        "    b @2: string;",
        "}",
    ];
    let findings = diff(
        &old,
        &[
            "package p;",
            "union U {",
            "    a @1: i32;",
            "    reserved @2, \"b\";",
            "}",
        ],
    );
    only(
        &findings,
        Rule::VariantRemoved,
        "p.U.b",
        "backward",
        Some((4, 5)),
        None,
    );

    let findings = diff(&old, &["package p;", "union U {", "    a @1: i32;", "}"]);
    only(
        &findings,
        Rule::VariantRemoved,
        "p.U.b",
        "both",
        Some((4, 5)),
        None,
    );
}

#[test]
fn renaming_a_variant_breaks_both_directions() {
    let findings = diff(
        &[
            "package p;",
            "union U {",
            "    a @1: i32;",
            "    b @2: string;",
            "}",
        ],
        &[
            "package p;",
            "union U {",
            "    a @1: i32;",
            "    text @2: string;",
            "}",
        ],
    );
    only(
        &findings,
        Rule::VariantRenamed,
        "p.U.text",
        "both",
        Some((4, 5)),
        Some((4, 5)),
    );
}

#[test]
fn a_variant_type_change_is_judged_per_direction() {
    let findings = diff(
        &["package p;", "union U {", "    a @1: i32;", "}"],
        &["package p;", "union U {", "    a @1: i64;", "}"],
    );
    only(
        &findings,
        Rule::VariantTypeChanged,
        "p.U.a",
        "forward",
        Some((3, 5)),
        Some((3, 5)),
    );
}
