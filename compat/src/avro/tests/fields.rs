//! Record fields: added, removed, renamed, retyped, made optional, defaults.

use super::*;

#[test]
fn a_field_added_without_default_breaks_backward() {
    let new = "package p;
record R {
    a @1: i32;
    b @2: string;
}
";
    let findings = run(RECORD, new);
    let f = expect(
        &findings,
        Rule::FieldAdded,
        Some("b"),
        &["backward"],
        Some((2, 8)),
        Some((4, 5)),
    );
    assert_eq!(f.type_name, "p.R");
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_required_field_removed_breaks_forward() {
    let new = "package p;
record R {
}
";
    let findings = run(RECORD, new);
    expect(
        &findings,
        Rule::FieldRemoved,
        Some("a"),
        &["forward"],
        Some((3, 5)),
        Some((2, 8)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_field_with_a_default_removed_is_compatible() {
    let old = "package p;
record R {
    a @1: i32 = 7;
    b @2: list<string>;
}
";
    let findings = compatible(old, "package p; record R { }");
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn a_field_renamed_without_alias_or_default_breaks_both_ways() {
    let new = "package p;
record R {
    total @1: i32;
}
";
    let findings = run(RECORD, new);
    expect(
        &findings,
        Rule::FieldRenamed,
        Some("total"),
        &["backward", "forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_field_renamed_with_alias_breaks_only_forward() {
    let new = "package p;
record R {
    #[alias(\"a\")]
    total @1: i32;
}
";
    let findings = run(RECORD, new);
    expect(
        &findings,
        Rule::FieldRenamed,
        Some("total"),
        &["forward"],
        Some((3, 5)),
        Some((4, 5)),
    );
}

#[test]
fn a_field_renamed_with_defaults_only_drops_data() {
    let old = "package p;
record R {
    a @1: i32 = 1;
}
";
    let new = "package p;
record R {
    total @1: i32 = 1;
}
";
    let findings = compatible(old, new);
    let f = expect(
        &findings,
        Rule::FieldRenamed,
        Some("total"),
        &[],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert!(
        f.reasons[&Format::Avro].contains("the data of `a` is dropped"),
        "{f:#?}"
    );
    assert!(
        f.reasons[&Format::Avro].contains("the data of `total` is dropped"),
        "{f:#?}"
    );

    // With an alias, new readers keep the data; old readers still drop it.
    let aliased = "package p;
record R {
    #[alias(\"a\")]
    total @1: i32 = 1;
}
";
    let findings = compatible(old, aliased);
    let f = expect(
        &findings,
        Rule::FieldRenamed,
        Some("total"),
        &[],
        Some((3, 5)),
        Some((4, 5)),
    );
    assert!(
        f.reasons[&Format::Avro].contains("the data of `total` is dropped"),
        "{f:#?}"
    );
    assert!(
        !f.reasons[&Format::Avro].contains("the data of `a` is dropped"),
        "{f:#?}"
    );
}

#[test]
fn an_incompatible_field_type_breaks_both_ways() {
    let new = "package p;
record R {
    a @1: string;
}
";
    let findings = run(RECORD, new);
    let f = expect(
        &findings,
        Rule::FieldTypeChanged,
        Some("a"),
        &["backward", "forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert!(f.message.contains("from `i32` to `string`"), "{f:#?}");
}

#[test]
fn a_promotion_breaks_only_forward() {
    let new = "package p;
record R {
    a @1: i64;
}
";
    let findings = run(RECORD, new);
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
fn promotions_apply_inside_lists_maps_and_optionals() {
    let old = "package p;
record R {
    a @1: list<i32>;
    b @2: map<string, f32>;
    c @3: optional<i64>;
    d @4: list<U>;
}
union U {
    i @1: i32;
}
";
    let new = "package p;
record R {
    a @1: list<f64>;
    b @2: map<string, f64>;
    c @3: optional<f32>;
    d @4: list<U>;
}
union U {
    i @1: i64;
}
";
    let findings = backward_compatible(old, new);
    expect(
        &findings,
        Rule::FieldTypeChanged,
        Some("a"),
        &["forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
    expect(
        &findings,
        Rule::MapValueTypeChanged,
        Some("b"),
        &["forward"],
        Some((4, 5)),
        Some((4, 5)),
    );
    expect(
        &findings,
        Rule::FieldTypeChanged,
        Some("c"),
        &["forward"],
        Some((5, 5)),
        Some((5, 5)),
    );
    expect(
        &findings,
        Rule::VariantTypeChanged,
        Some("i"),
        &["forward"],
        Some((9, 5)),
        Some((9, 5)),
    );
}

#[test]
fn an_optional_added_breaks_forward_and_removed_breaks_backward() {
    let optional = "package p;
record R {
    a @1: optional<i32>;
}
";
    let findings = run(RECORD, optional);
    expect(
        &findings,
        Rule::OptionalAdded,
        Some("a"),
        &["forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");

    let findings = run(optional, RECORD);
    expect(
        &findings,
        Rule::OptionalRemoved,
        Some("a"),
        &["backward"],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn an_optional_union_flattened_with_null_is_an_optional_change() {
    let old = "package p;
record R {
    u @1: U;
}
union U {
    i @1: i32;
    s @2: string;
}
";
    let new = "package p;
record R {
    u @1: optional<U>;
}
union U {
    i @1: i32;
    s @2: string;
}
";
    let findings = run(old, new);
    expect(
        &findings,
        Rule::OptionalAdded,
        Some("u"),
        &["forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_cardinality_change_breaks_both_ways() {
    let new = "package p;
record R {
    a @1: list<i32>;
}
";
    let findings = run(RECORD, new);
    let f = expect(
        &findings,
        Rule::CardinalityChanged,
        Some("a"),
        &["backward", "forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert!(
        f.message.contains("from a single value to a list"),
        "{f:#?}"
    );

    let map = "package p;
record R {
    a @1: map<string, i32>;
}
";
    let findings = run(new, map);
    expect(
        &findings,
        Rule::CardinalityChanged,
        Some("a"),
        &["backward", "forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
}

#[test]
fn a_map_value_type_change_breaks_both_ways() {
    let old = "package p;
record R {
    m @1: map<string, string>;
}
";
    let new = "package p;
record R {
    m @1: map<string, bool>;
}
";
    let findings = run(old, new);
    expect(
        &findings,
        Rule::MapValueTypeChanged,
        Some("m"),
        &["backward", "forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_changed_default_is_a_warning() {
    let old = "package p;
record R {
    a @1: i32 = 1;
    b @2: string;
}
";
    let new = "package p;
record R {
    a @1: i32 = 2;
    b @2: string = \"x\";
}
";
    let findings = compatible(old, new);
    let f = expect(
        &findings,
        Rule::DefaultChanged,
        Some("a"),
        &[],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert!(f.message.contains("from 1 to 2"), "{f:#?}");
    expect(
        &findings,
        Rule::DefaultChanged,
        Some("b"),
        &[],
        Some((4, 5)),
        Some((4, 5)),
    );
    assert_eq!(findings.len(), 2, "{findings:#?}");
}
