//! Record fields: removed, added, renamed, renumbered; reserved names.

use super::{breaks, diff, find, only, reason, summary};
use crate::rules::Rule;

#[test]
fn removing_a_required_field_breaks_old_readers_and_without_reservation_both() {
    let old = [
        "package p;",
        "record R {",
        "    a @1: i32;",
        "    b @2: string;",
        "}",
    ];
    let findings = diff(&old, &["package p;", "record R {", "    a @1: i32;", "}"]);
    let f = only(
        &findings,
        Rule::FieldRemoved,
        "p.R.b",
        "both",
        Some((4, 5)),
        None,
    );
    assert!(reason(f).contains("not reserved"), "{}", reason(f));
    assert!(reason(f).contains("reserved \"b\";"), "{}", reason(f));
    assert_eq!(f.old.as_ref().map(|l| l.file.as_str()), Some("old:t.tri"));

    let findings = diff(
        &old,
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    reserved \"b\";",
            "}",
        ],
    );
    let f = only(
        &findings,
        Rule::FieldRemoved,
        "p.R.b",
        "forward",
        Some((4, 5)),
        None,
    );
    assert!(!reason(f).contains("not reserved"), "{}", reason(f));
}

#[test]
fn removing_an_optional_field_breaks_only_without_reservation() {
    let old = [
        "package p;",
        "record R {",
        "    a @1: i32;",
        "    b @2: optional<string>;",
        "}",
    ];
    let findings = diff(&old, &["package p;", "record R {", "    a @1: i32;", "}"]);
    only(
        &findings,
        Rule::FieldRemoved,
        "p.R.b",
        "both",
        Some((4, 5)),
        None,
    );

    let findings = diff(
        &old,
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    reserved @2, \"b\";",
            "}",
        ],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}

#[test]
fn removing_a_field_with_a_default_or_a_list_does_not_break_old_readers() {
    let old = [
        "package p;",
        "record R {",
        "    a @1: i32 = 3;",
        "    b @2: list<i32>;",
        "    c @3: bool;",
        "}",
    ];
    let findings = diff(
        &old,
        &[
            "package p;",
            "record R {",
            "    c @3: bool;",
            "    reserved \"a\", \"b\";",
            "}",
        ],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}

#[test]
fn adding_a_required_field_breaks_new_readers() {
    let findings = diff(
        &["package p;", "record R {", "    a @1: i32;", "}"],
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    b @2: string;",
            "}",
        ],
    );
    let f = only(
        &findings,
        Rule::FieldAdded,
        "p.R.b",
        "backward",
        None,
        Some((4, 5)),
    );
    assert!(reason(f).contains("which old JSON lacks"), "{}", reason(f));
}

#[test]
fn adding_an_optional_defaulted_or_collection_field_is_compatible() {
    let findings = diff(
        &["package p;", "record R {", "    a @1: i32;", "}"],
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    b @2: optional<string>;",
            "    c @3: u32 = 1;",
            "    d @4: list<string>;",
            "    e @5: map<string, i64>;",
            "}",
        ],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}

#[test]
fn renaming_a_field_changes_the_key_and_breaks_both_directions() {
    let findings = diff(
        &["package p;", "record R {", "    total @1: i64;", "}"],
        &[
            "package p;",
            "record R {",
            "    #[alias(\"total\")]",
            "    amount @1: i64;",
            "}",
        ],
    );
    let f = only(
        &findings,
        Rule::FieldRenamed,
        "p.R.amount",
        "both",
        Some((3, 5)),
        Some((4, 5)),
    );
    assert!(
        reason(f).contains("from `total` to `amount` (`#[alias]` renames for Avro only"),
        "{}",
        reason(f)
    );
}

#[test]
fn renumbering_a_field_is_compatible() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    b @2: string;",
            "}",
        ],
        &[
            "package p;",
            "record R {",
            "    a @3: i32;",
            "    b @1: string;",
            "}",
        ],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}

#[test]
fn a_number_taken_over_by_an_existing_name_is_no_rename() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    a @1: optional<i32>;",
            "    b @2: string;",
            "}",
        ],
        &[
            "package p;",
            "record R {",
            "    b @1: string;",
            "    reserved \"a\";",
            "}",
        ],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}

#[test]
fn using_a_reserved_name_again_breaks_both_directions() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    reserved \"old\";",
            "}",
        ],
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    old @2: optional<string>;",
            "}",
        ],
    );
    only(
        &findings,
        Rule::ReservedReused,
        "p.R.old",
        "both",
        Some((4, 14)),
        Some((4, 5)),
    );
}

#[test]
fn reusing_a_reserved_name_for_a_required_field_also_breaks_as_an_addition() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    reserved \"old\";",
            "}",
        ],
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    old @2: string;",
            "}",
        ],
    );
    assert_eq!(findings.len(), 2, "{:#?}", summary(&findings));
    assert_eq!(breaks(find(&findings, Rule::ReservedReused)), "both");
    assert_eq!(breaks(find(&findings, Rule::FieldAdded)), "backward");
}

#[test]
fn dropping_a_reserved_name_breaks_both_directions() {
    let findings = diff(
        &[
            "package p;",
            "enum E {",
            "    A = 0;",
            "    reserved 1, \"B\";",
            "}",
        ],
        &[
            "package p;",
            "enum E {",
            "    A = 0;",
            "    reserved 1;",
            "}",
        ],
    );
    only(
        &findings,
        Rule::ReservedRemoved,
        "p.E.B",
        "both",
        Some((4, 17)),
        None,
    );
}

#[test]
fn reserved_numbers_are_not_json_business() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    reserved @7;",
            "}",
        ],
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    b @7: optional<i32>;",
            "}",
        ],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}
