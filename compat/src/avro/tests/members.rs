//! Enum symbols, union variants and named types.

use super::*;

// ----- enums ---------------------------------------------------------------------------------

#[test]
fn enum_values_added_and_removed_read_as_the_default() {
    let new = "package p;
enum E {
    E_UNKNOWN = 0;
    A = 1;
    C = 3;
}
";
    let findings = compatible(ENUM, new);
    let removed = expect(
        &findings,
        Rule::EnumValueRemoved,
        Some("B"),
        &[],
        Some((5, 5)),
        Some((2, 6)),
    );
    assert!(
        removed.reasons[&Format::Avro].contains("as the enum's default `E_UNKNOWN`"),
        "{removed:#?}"
    );
    expect(
        &findings,
        Rule::EnumValueAdded,
        Some("C"),
        &[],
        Some((2, 6)),
        Some((5, 5)),
    );
    assert_eq!(findings.len(), 2, "{findings:#?}");
}

#[test]
fn an_enum_value_renamed_reads_as_the_default() {
    let new = "package p;
enum E {
    E_UNKNOWN = 0;
    A = 1;
    BEE = 2;
}
";
    let findings = compatible(ENUM, new);
    expect(
        &findings,
        Rule::EnumValueRenamed,
        Some("BEE"),
        &[],
        Some((5, 5)),
        Some((5, 5)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn symbols_an_enum_without_default_lacks_break() {
    // Trident enums always have a default; a plain Avro enum need not.
    let old = serde_json::json!({"type": "enum", "name": "E", "symbols": ["A", "B"]});
    let new = serde_json::json!({"type": "enum", "name": "E", "symbols": ["A", "C"]});
    let backward = check_plain(&old, &new, Direction::Backward);
    assert!(backward.resolver_fails && backward.walker_breaks);
    let f = find(&backward.findings, Rule::EnumValueRemoved, Some("B"));
    assert_eq!(breaks(f), ["backward"]);
    let forward = check_plain(&old, &new, Direction::Forward);
    let f = find(&forward.findings, Rule::EnumValueAdded, Some("C"));
    assert_eq!(breaks(f), ["forward"]);
}

// ----- unions --------------------------------------------------------------------------------

#[test]
fn a_variant_added_breaks_forward_and_removed_breaks_backward() {
    let added = "package p;
union U {
    i @1: i32;
    s @2: string;
    b @3: bool;
}
";
    let findings = run(UNION, added);
    expect(
        &findings,
        Rule::VariantAdded,
        Some("b"),
        &["forward"],
        Some((2, 7)),
        Some((5, 5)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");

    let findings = run(added, UNION);
    expect(
        &findings,
        Rule::VariantRemoved,
        Some("b"),
        &["backward"],
        Some((5, 5)),
        Some((2, 7)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_variant_type_change_breaks_where_it_does_not_promote() {
    let new = "package p;
union U {
    i @1: i32;
    s @2: bool;
}
";
    let findings = run(UNION, new);
    expect(
        &findings,
        Rule::VariantTypeChanged,
        Some("s"),
        &["backward", "forward"],
        Some((4, 5)),
        Some((4, 5)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");

    let promoted = "package p;
union U {
    i @1: i64;
    s @2: string;
}
";
    let findings = run(UNION, promoted);
    expect(
        &findings,
        Rule::VariantTypeChanged,
        Some("i"),
        &["forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
}

#[test]
fn a_variant_read_as_another_variant_is_a_warning() {
    let old = "package p;
union U {
    i @1: i32;
    l @2: i64;
}
";
    let new = "package p;
union U {
    l @2: i64;
}
";
    let findings = compatible(old, new);
    let f = expect(
        &findings,
        Rule::VariantRemoved,
        Some("i"),
        &[],
        Some((3, 5)),
        Some((2, 7)),
    );
    assert!(
        f.reasons[&Format::Avro].contains("as variant `l`"),
        "{f:#?}"
    );
}

#[test]
fn a_union_reached_from_several_fields_is_reported_once() {
    let old = "package p;
record R {
    a @1: U;
    b @2: optional<U>;
    c @3: list<U>;
}
union U {
    i @1: i32;
}
";
    let new = "package p;
record R {
    a @1: U;
    b @2: optional<U>;
    c @3: list<U>;
}
union U {
    i @1: i32;
    s @2: string;
}
";
    let findings = run(old, new);
    expect(
        &findings,
        Rule::VariantAdded,
        Some("s"),
        &["forward"],
        Some((7, 7)),
        Some((9, 5)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

// ----- named types ---------------------------------------------------------------------------

#[test]
fn a_type_renamed_with_alias_breaks_only_forward() {
    let old = "package p;
record R {
    n @1: N;
}
record N {
    x @1: i32;
}
";
    let new = "package p;
record R {
    n @1: M;
}
#[alias(\"N\")]
record M {
    x @1: i32;
}
";
    let findings = run(old, new);
    let f = expect(
        &findings,
        Rule::TypeRenamed,
        None,
        &["forward"],
        Some((5, 8)),
        Some((6, 8)),
    );
    assert_eq!(f.type_name, "p.M");
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_type_renamed_without_alias_breaks_the_fields_that_use_it() {
    let old = "package p;
record R {
    n @1: N;
}
record N {
    x @1: i32;
}
";
    let new = "package p;
record R {
    n @1: M;
}
record M {
    x @1: i32;
}
";
    let findings = run(old, new);
    let f = expect(
        &findings,
        Rule::TypeRenamed,
        Some("n"),
        &["backward", "forward"],
        Some((3, 5)),
        Some((3, 5)),
    );
    assert_eq!(f.type_name, "p.R");
    assert!(
        f.message.contains("now refers to `p.M` instead of `p.N`"),
        "{f:#?}"
    );
}

#[test]
fn an_alias_in_the_wrong_namespace_does_not_rename() {
    // `#[alias("N")]` on `q.M` stands for `q.N`: data written as `p.N` does not match it.
    let old = version("old", "package p;\nrecord N {\n    x @1: i32;\n}\n");
    let new = version(
        "new",
        "package q;\n#[alias(\"N\")]\nrecord M {\n    x @1: i32;\n}\n",
    );
    let findings = compare(&old, &new);
    let f = expect(
        &findings,
        Rule::TypeRenamed,
        None,
        &["backward", "forward"],
        Some((2, 8)),
        Some((3, 8)),
    );
    assert_eq!(f.type_name, "q.M");
}

#[test]
fn a_type_kind_change_breaks_both_ways() {
    let old = "package p;
record R {
    k @1: K;
}
record K {
    x @1: i32;
}
";
    let new = "package p;
record R {
    k @1: K;
}
enum K {
    K_UNKNOWN = 0;
}
";
    let findings = run(old, new);
    let f = expect(
        &findings,
        Rule::TypeKindChanged,
        None,
        &["backward", "forward"],
        Some((5, 8)),
        Some((5, 6)),
    );
    assert_eq!(f.type_name, "p.K");
    assert!(f.message.contains("from record to enum"), "{f:#?}");
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_union_that_became_a_record_is_a_kind_change() {
    let old = "package p;
record R {
    k @1: K;
}
union K {
    i @1: i32;
}
";
    let new = "package p;
record R {
    k @1: K;
}
record K {
    i @1: i32;
}
";
    let findings = run(old, new);
    expect(
        &findings,
        Rule::TypeKindChanged,
        None,
        &["backward", "forward"],
        Some((5, 7)),
        Some((5, 8)),
    );
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_nested_change_is_reported_on_the_nested_type_once() {
    let old = "package p;
record A {
    n @1: N;
    m @2: optional<N>;
}
record B {
    n @1: list<N>;
}
record N {
    x @1: i32;
}
";
    let new = "package p;
record A {
    n @1: N;
    m @2: optional<N>;
}
record B {
    n @1: list<N>;
}
record N {
    x @1: i32;
    y @2: i32;
}
";
    let findings = run(old, new);
    let f = expect(
        &findings,
        Rule::FieldAdded,
        Some("y"),
        &["backward"],
        Some((9, 8)),
        Some((11, 5)),
    );
    assert_eq!(f.type_name, "p.N");
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn a_change_no_finer_rule_describes_is_avro_incompatible() {
    // Plain schemas whose roots are not named types.
    let (old, new) = (serde_json::json!("int"), serde_json::json!("string"));
    for direction in Direction::BOTH {
        let c = check_plain(&old, &new, direction);
        let f = find(&c.findings, Rule::AvroIncompatible, None);
        assert_eq!(breaks(f), [direction.name()]);
    }
}
