//! Declared types: kinds, and renamed or moved types compared by shape.

use super::{assert_compatible, at, compare, diff, file, only, reason, summary, version};
use crate::rules::Rule;

#[test]
fn changing_a_type_between_record_union_and_enum_breaks_both_directions() {
    let findings = diff(
        &[
            "package p;",
            "record R { x @1: X; }",
            "record X {",
            "    a @1: i32;",
            "}",
        ],
        &[
            "package p;",
            "record R { x @1: X; }",
            "union X {",
            "    a @1: i32;",
            "}",
        ],
    );
    // Reported at the type, not again at the field that refers to it.
    let f = only(
        &findings,
        Rule::TypeKindChanged,
        "p.X",
        "both",
        Some((3, 8)),
        Some((3, 7)),
    );
    assert!(f.member.is_none());
}

#[test]
fn changes_of_a_type_kept_by_name_are_reported_at_the_type_only() {
    let findings = diff(
        &[
            "package p;",
            "record R { m @1: Money; }",
            "record Money {",
            "    a @1: i64;",
            "}",
        ],
        &[
            "package p;",
            "record R { m @1: Money; }",
            "record Money {",
            "    a @1: i64;",
            "    c @2: string;",
            "}",
        ],
    );
    only(
        &findings,
        Rule::FieldAdded,
        "p.Money.c",
        "backward",
        None,
        Some((5, 5)),
    );
}

#[test]
fn a_renamed_type_of_the_same_shape_is_compatible() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    m @1: Money;",
            "}",
            "record Money { a @1: i64; }",
        ],
        &[
            "package p;",
            "record R {",
            "    m @1: Cash;",
            "}",
            "record Cash { a @1: i64; }",
        ],
    );
    let f = only(
        &findings,
        Rule::TypeRenamed,
        "p.R.m",
        "none",
        Some((3, 5)),
        Some((3, 5)),
    );
    assert!(
        reason(f).contains("JSON carries no type names"),
        "{}",
        reason(f)
    );
}

#[test]
fn a_moved_type_of_the_same_shape_is_compatible() {
    let old = version(
        "old",
        &[(
            "t.tri",
            &file(&[
                "package p;",
                "record R {",
                "    m @1: Money;",
                "    s @2: Status;",
                "}",
                "record Money { a @1: i64; }",
                "enum Status { UNKNOWN = 0; DONE = 1; }",
            ]),
        )],
    );
    let new = version(
        "new",
        &[
            (
                "t.tri",
                &file(&[
                    "package p;",
                    "import \"q.tri\";",
                    "record R {",
                    "    m @1: q.Money;",
                    "    s @2: q.Status;",
                    "}",
                ]),
            ),
            (
                "q.tri",
                &file(&[
                    "package q;",
                    "record Money { a @1: i64; }",
                    "enum Status { UNKNOWN = 0; DONE = 1; }",
                ]),
            ),
        ],
    );
    let findings = compare(&old, &new);
    assert_compatible(&findings);
    assert_eq!(
        summary(&findings),
        ["TYPE_RENAMED p.R.m none", "TYPE_RENAMED p.R.s none"]
    );
    assert_eq!(at(&findings[0].new), Some((4, 5)));
}

#[test]
fn a_renamed_type_of_another_shape_is_a_type_change_that_says_why() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    m @1: Money;",
            "}",
            "record Money { a @1: i64; }",
        ],
        &[
            "package p;",
            "record R {",
            "    m @1: Cash;",
            "}",
            "record Cash { a @1: i64; currency @2: string; }",
        ],
    );
    let f = only(
        &findings,
        Rule::FieldTypeChanged,
        "p.R.m",
        "backward",
        Some((3, 5)),
        Some((3, 5)),
    );
    assert!(
        reason(f).starts_with("JSON carries no type names"),
        "{}",
        reason(f)
    );
    assert!(
        reason(f).contains("field `currency` was added to `p.Cash`"),
        "{}",
        reason(f)
    );
}

#[test]
fn renamed_types_are_compared_recursively_and_terminate_on_cycles() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    n @1: Node;",
            "}",
            "record Node { next @1: optional<Node>; v @2: i32; }",
        ],
        &[
            "package p;",
            "record R {",
            "    n @1: Link;",
            "}",
            "record Link { next @1: optional<Link>; v @2: i64; }",
        ],
    );
    let f = only(
        &findings,
        Rule::FieldTypeChanged,
        "p.R.n",
        "forward",
        Some((3, 5)),
        Some((3, 5)),
    );
    assert!(
        reason(f).contains("field `v` of `p.Link` changed type from `i32` to `i64`"),
        "{}",
        reason(f)
    );
}

#[test]
fn renamed_enums_and_unions_are_compared_by_their_members() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    e @1: E;",
            "    u @2: U;",
            "}",
            "enum E { A = 0; B = 1; }",
            "union U { a @1: i32; }",
        ],
        &[
            "package p;",
            "record R {",
            "    e @1: F;",
            "    u @2: V;",
            "}",
            "enum F { A = 0; B = 1; C = 2; }",
            "union V { a @1: i32; b @2: string; }",
        ],
    );
    assert_eq!(
        summary(&findings),
        [
            "TYPE_RENAMED p.R.e none",
            "FIELD_TYPE_CHANGED p.R.u forward"
        ]
    );
    assert!(
        reason(&findings[0]).contains("Value `C` was added"),
        "{}",
        reason(&findings[0])
    );
}

#[test]
fn removed_and_added_types_alone_are_no_json_change() {
    let findings = diff(
        &[
            "package p;",
            "record R { a @1: i32; }",
            "record Old { a @1: i32; }",
        ],
        &[
            "package p;",
            "record R { a @1: i32; }",
            "record New { b @1: string; }",
        ],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}
