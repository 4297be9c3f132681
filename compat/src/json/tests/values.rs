//! Value types, optional fields and defaults.

use super::{at, breaks, diff, find, only, reason, summary};
use crate::rules::Rule;

/// The JSON directions changing field `a` from `old` to `new` breaks (`"none"` without a
/// finding), with `E` an enum and `S` a record available to both.
fn type_change(old: &str, new: &str) -> &'static str {
    let lines = |ty: &str| {
        vec![
            "package p;".to_string(),
            format!("record R {{ a @1: {ty}; }}"),
            "enum E { Z = 0; Y = 1; }".to_string(),
            "record S { s @1: string; }".to_string(),
        ]
    };
    let (old, new) = (lines(old), lines(new));
    let old: Vec<&str> = old.iter().map(String::as_str).collect();
    let new: Vec<&str> = new.iter().map(String::as_str).collect();
    let findings = diff(&old, &new);
    match findings.as_slice() {
        [] => "none",
        [f] => {
            assert_eq!(f.rule, Rule::FieldTypeChanged, "{f:#?}");
            assert_eq!(f.element(), "p.R.a");
            assert_eq!((at(&f.old), at(&f.new)), (Some((2, 12)), Some((2, 12))));
            breaks(f)
        }
        _ => panic!("{:#?}", summary(&findings)),
    }
}

#[test]
fn integers_read_integers_of_a_range_within_their_own() {
    let cases = [
        ("i32", "i64", "forward"),
        ("i64", "i32", "backward"),
        ("u32", "i64", "forward"),
        ("u32", "u64", "forward"),
        ("u64", "u32", "backward"),
        ("i32", "u32", "both"),
        ("i64", "u64", "both"),
        ("u64", "i64", "both"),
    ];
    for (old, new, expected) in cases {
        assert_eq!(type_change(old, new), expected, "{old} -> {new}");
    }
}

#[test]
fn floats_read_integers_and_f64_reads_f32() {
    let cases = [
        ("i32", "f64", "forward"),
        ("u64", "f32", "forward"),
        ("f64", "i64", "backward"),
        ("f32", "f64", "forward"),
        ("f64", "f32", "backward"),
    ];
    for (old, new, expected) in cases {
        assert_eq!(type_change(old, new), expected, "{old} -> {new}");
    }
}

#[test]
fn strings_read_uuids_timestamps_dates_and_symbols_but_not_the_reverse() {
    let cases = [
        ("uuid", "string", "forward"),
        ("timestamp", "string", "forward"),
        ("date", "string", "forward"),
        ("E", "string", "forward"),
        ("string", "E", "backward"),
        ("string", "uuid", "backward"),
        ("string", "bytes", "both"),
        ("bytes", "string", "both"),
        ("timestamp", "date", "both"),
        ("uuid", "bytes", "both"),
    ];
    for (old, new, expected) in cases {
        assert_eq!(type_change(old, new), expected, "{old} -> {new}");
    }
}

#[test]
fn unrelated_types_break_both_directions() {
    let cases = [
        ("bool", "i32", "both"),
        ("string", "i64", "both"),
        ("i32", "E", "both"),
        ("S", "string", "both"),
        ("S", "E", "both"),
        ("f64", "bool", "both"),
    ];
    for (old, new, expected) in cases {
        assert_eq!(type_change(old, new), expected, "{old} -> {new}");
    }
}

#[test]
fn list_and_optional_elements_are_compared_like_single_values() {
    assert_eq!(type_change("list<i32>", "list<i64>"), "forward");
    assert_eq!(type_change("optional<f32>", "optional<f64>"), "forward");
}

#[test]
fn a_type_change_names_both_types_and_the_reader_that_fails() {
    let findings = diff(
        &["package p;", "record R {", "    a @1: i64;", "}"],
        &["package p;", "record R {", "    a @1: i32;", "}"],
    );
    let f = only(
        &findings,
        Rule::FieldTypeChanged,
        "p.R.a",
        "backward",
        Some((3, 5)),
        Some((3, 5)),
    );
    assert!(f.message.contains("from `i64` to `i32`"), "{}", f.message);
    assert_eq!(
        reason(f),
        "New readers of old JSON: `i64` values outside the `i32` range are rejected."
    );
}

#[test]
fn map_value_type_changes_have_their_own_rule() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    m @1: map<string, i32>;",
            "}",
        ],
        &[
            "package p;",
            "record R {",
            "    m @1: map<string, string>;",
            "}",
        ],
    );
    only(
        &findings,
        Rule::MapValueTypeChanged,
        "p.R.m",
        "both",
        Some((3, 5)),
        Some((3, 5)),
    );

    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    m @1: map<string, i32>;",
            "}",
        ],
        &[
            "package p;",
            "record R {",
            "    m @1: map<string, i64>;",
            "}",
        ],
    );
    only(
        &findings,
        Rule::MapValueTypeChanged,
        "p.R.m",
        "forward",
        Some((3, 5)),
        Some((3, 5)),
    );
}

#[test]
fn changing_between_single_list_and_map_breaks_both_directions() {
    let cases = [
        ("i32", "list<i32>"),
        ("list<i32>", "map<string, i32>"),
        ("map<string, i32>", "i32"),
        ("optional<i32>", "list<i32>"),
    ];
    for (old, new) in cases {
        let findings = diff(
            &[
                "package p;",
                "record R {",
                &format!("    a @1: {old};"),
                "}",
            ],
            &[
                "package p;",
                "record R {",
                &format!("    a @1: {new};"),
                "}",
            ],
        );
        only(
            &findings,
            Rule::CardinalityChanged,
            "p.R.a",
            "both",
            Some((3, 5)),
            Some((3, 5)),
        );
    }
}

#[test]
fn making_a_required_field_optional_breaks_old_readers() {
    let findings = diff(
        &["package p;", "record R {", "    a @1: i32;", "}"],
        &["package p;", "record R {", "    a @1: optional<i32>;", "}"],
    );
    only(
        &findings,
        Rule::OptionalAdded,
        "p.R.a",
        "forward",
        Some((3, 5)),
        Some((3, 5)),
    );
}

#[test]
fn making_a_defaulted_field_optional_is_compatible() {
    let findings = diff(
        &["package p;", "record R {", "    a @1: i32 = 4;", "}"],
        &["package p;", "record R {", "    a @1: optional<i32>;", "}"],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}

#[test]
fn making_an_optional_field_required_breaks_new_readers_unless_it_has_a_default() {
    let old = ["package p;", "record R {", "    a @1: optional<i32>;", "}"];
    let findings = diff(&old, &["package p;", "record R {", "    a @1: i32;", "}"]);
    only(
        &findings,
        Rule::OptionalRemoved,
        "p.R.a",
        "backward",
        Some((3, 5)),
        Some((3, 5)),
    );

    let findings = diff(
        &old,
        &["package p;", "record R {", "    a @1: i32 = 0;", "}"],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));
}

#[test]
fn optional_and_type_changes_are_reported_separately() {
    let findings = diff(
        &["package p;", "record R {", "    a @1: i32;", "}"],
        &["package p;", "record R {", "    a @1: optional<i64>;", "}"],
    );
    assert_eq!(findings.len(), 2, "{:#?}", summary(&findings));
    assert_eq!(breaks(find(&findings, Rule::OptionalAdded)), "forward");
    assert_eq!(breaks(find(&findings, Rule::FieldTypeChanged)), "forward");
}

#[test]
fn a_changed_default_is_a_warning() {
    let findings = diff(
        &["package p;", "record R {", "    a @1: i32 = 1;", "}"],
        &["package p;", "record R {", "    a @1: i32 = 2;", "}"],
    );
    let f = only(
        &findings,
        Rule::DefaultChanged,
        "p.R.a",
        "none",
        Some((3, 5)),
        Some((3, 5)),
    );
    assert!(reason(f).contains("always writes"), "{}", reason(f));
}

#[test]
fn a_removed_default_makes_the_field_required_for_new_readers() {
    let findings = diff(
        &["package p;", "record R {", "    a @1: string = \"x\";", "}"],
        &["package p;", "record R {", "    a @1: string;", "}"],
    );
    only(
        &findings,
        Rule::DefaultChanged,
        "p.R.a",
        "backward",
        Some((3, 5)),
        Some((3, 5)),
    );
}

#[test]
fn an_added_default_or_the_same_value_in_another_type_is_compatible() {
    let findings = diff(
        &[
            "package p;",
            "record R {",
            "    a @1: i32;",
            "    b @2: E = B;",
            "}",
            "enum E { A = 0; B = 1; }",
        ],
        &[
            "package p;",
            "record R {",
            "    a @1: i32 = 7;",
            "    b @2: E = B;",
            "}",
            "enum E { A = 0; B = 2; }",
        ],
    );
    assert!(findings.is_empty(), "{:#?}", summary(&findings));

    let findings = diff(
        &["package p;", "record R {", "    a @1: i32 = 5;", "}"],
        &["package p;", "record R {", "    a @1: i64 = 5;", "}"],
    );
    only(
        &findings,
        Rule::FieldTypeChanged,
        "p.R.a",
        "forward",
        Some((3, 5)),
        Some((3, 5)),
    );
}
