//! Changes Avro must accept.

use super::*;

#[test]
fn added_fields_with_defaults_or_optional_are_compatible() {
    let new = "package p;
record R {
    a @1: i32;
    b @2: i64 = 5;
    c @3: optional<string>;
    d @4: list<string>;
    e @5: map<string, bool>;
    f @6: E = E_UNKNOWN;
}
enum E {
    E_UNKNOWN = 0;
}
";
    let findings = compatible(RECORD, new);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn promotions_i32_i64_f64_are_backward_compatible() {
    let i64 = "package p;\nrecord R {\n    a @1: i64;\n}\n";
    let f64 = "package p;\nrecord R {\n    a @1: f64;\n}\n";
    backward_compatible(RECORD, i64);
    backward_compatible(i64, f64);
    backward_compatible(RECORD, f64);
    // And not the other way.
    let findings = run(f64, RECORD);
    expect(
        &findings,
        Rule::FieldTypeChanged,
        Some("a"),
        &["backward"],
        Some((3, 5)),
        Some((3, 5)),
    );
}

#[test]
fn string_and_bytes_are_compatible_both_ways() {
    let string = "package p;\nrecord R {\n    a @1: string;\n    b @2: list<bytes>;\n}\n";
    let bytes = "package p;\nrecord R {\n    a @1: bytes;\n    b @2: list<string>;\n}\n";
    compatible(string, bytes);
    compatible(bytes, string);
}

#[test]
fn logical_types_resolve_as_their_underlying_types() {
    let old = "package p;\nrecord R {\n    a @1: i32;\n    b @2: string;\n    c @3: i64;\n}\n";
    let new = "package p;\nrecord R {\n    a @1: date;\n    b @2: uuid;\n    c @3: timestamp;\n}\n";
    compatible(old, new);
    let later =
        "package p;\nrecord R {\n    a @1: timestamp;\n    b @2: uuid;\n    c @3: timestamp;\n}\n";
    let findings = backward_compatible(new, later);
    expect(
        &findings,
        Rule::FieldTypeChanged,
        Some("a"),
        &["forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
}

#[test]
fn an_added_enum_value_is_compatible() {
    let new = "package p;\nenum E {\n    E_UNKNOWN = 0;\n    A = 1;\n    B = 2;\n    C = 3;\n}\n";
    let findings = compatible(ENUM, new);
    expect(
        &findings,
        Rule::EnumValueAdded,
        Some("C"),
        &[],
        Some((2, 6)),
        Some((6, 5)),
    );
}

#[test]
fn a_field_renamed_with_alias_is_backward_compatible() {
    let new = "package p;\nrecord R {\n    #[alias(\"a\")]\n    total @1: i32;\n}\n";
    backward_compatible(RECORD, new);
}

#[test]
fn a_type_moved_to_another_package_is_compatible() {
    let old = Version::from_sources(
        "old",
        &[
            (
                "a.tri",
                "package p;\nimport \"b.tri\";\nrecord A {\n    r @1: shared.R;\n}\n",
            ),
            ("b.tri", "package shared;\nrecord R {\n    x @1: i32;\n}\n"),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let new = Version::from_sources(
        "new",
        &[
            (
                "a.tri",
                "package p;\nimport \"b.tri\";\nrecord A {\n    r @1: common.R;\n}\n",
            ),
            ("b.tri", "package common;\nrecord R {\n    x @1: i32;\n}\n"),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let findings = compare(&old, &new);
    assert!(findings.is_empty(), "{findings:#?}");
    // The moved type is compared with its old self: a change in it is still found.
    let changed = Version::from_sources(
        "new",
        &[
            (
                "a.tri",
                "package p;\nimport \"b.tri\";\nrecord A {\n    r @1: common.R;\n}\n",
            ),
            (
                "b.tri",
                "package common;\nrecord R {\n    x @1: i32;\n    y @2: i32;\n}\n",
            ),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let findings = compare(&old, &changed);
    let f = expect(
        &findings,
        Rule::FieldAdded,
        Some("y"),
        &["backward"],
        Some((2, 8)),
        Some((4, 5)),
    );
    assert_eq!(f.type_name, "common.R");
}

#[test]
fn reordered_fields_are_compatible() {
    let old =
        "package p;\nrecord R {\n    a @1: i32;\n    b @2: string;\n    c @3: optional<R>;\n}\n";
    let new =
        "package p;\nrecord R {\n    c @3: optional<R>;\n    b @2: string;\n    a @1: i32;\n}\n";
    let findings = compatible(old, new);
    assert!(findings.is_empty(), "{findings:#?}");
}
