//! Tests of the Avro rules: one minimal pair of schemas per rule and direction, pairs that Avro
//! must accept, and the walk checked against the runtime's resolver on many pairs.

mod accepted;
mod agreement;
mod fields;
mod members;

use super::*;

fn version(label: &str, text: &str) -> Version {
    Version::from_sources(label, &[("t.tri", text)]).unwrap_or_else(|e| panic!("{e}"))
}

fn run(old: &str, new: &str) -> Vec<Finding> {
    compare(&version("old", old), &version("new", new))
}

/// The one finding with this rule and member.
fn find<'a>(findings: &'a [Finding], rule: Rule, member: Option<&str>) -> &'a Finding {
    let found: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == rule && f.member.as_deref() == member)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one {rule} on {member:?} expected in {findings:#?}"
    );
    found[0]
}

/// The directions a finding breaks Avro in.
fn breaks(finding: &Finding) -> Vec<&'static str> {
    finding
        .breaks
        .iter()
        .filter(|b| b.format == Format::Avro)
        .map(|b| b.direction.name())
        .collect()
}

fn at(location: &Option<crate::finding::Location>) -> Option<(usize, usize)> {
    location.as_ref().map(|l| (l.line, l.column))
}

/// Asserts a finding's rule, member, breaks and positions (line, column) in both versions.
#[track_caller]
fn expect(
    findings: &[Finding],
    rule: Rule,
    member: Option<&str>,
    expected_breaks: &[&str],
    old: Option<(usize, usize)>,
    new: Option<(usize, usize)>,
) -> Finding {
    let finding = find(findings, rule, member);
    assert_eq!(breaks(finding), expected_breaks, "breaks of {finding:#?}");
    assert_eq!(
        (at(&finding.old), at(&finding.new)),
        (old, new),
        "positions of {finding:#?}"
    );
    assert!(
        finding.reasons.contains_key(&Format::Avro),
        "no Avro reason in {finding:#?}"
    );
    finding.clone()
}

/// Asserts that Avro finds no break.
#[track_caller]
fn compatible(old: &str, new: &str) -> Vec<Finding> {
    let findings = run(old, new);
    let breaking: Vec<&Finding> = findings.iter().filter(|f| f.is_breaking()).collect();
    assert!(breaking.is_empty(), "no Avro break expected: {breaking:#?}");
    findings
}

/// Asserts that Avro finds no break backward (new readers read old data).
#[track_caller]
fn backward_compatible(old: &str, new: &str) -> Vec<Finding> {
    let findings = run(old, new);
    let backward: Vec<&Finding> = findings
        .iter()
        .filter(|f| breaks(f).contains(&"backward"))
        .collect();
    assert!(
        backward.is_empty(),
        "no backward Avro break expected: {backward:#?}"
    );
    findings
}

/// No pairs: for plain Avro schemas.
fn no_pairs() -> Pairs {
    Pairs {
        ids: Vec::new(),
        old_to_new: HashMap::new(),
    }
}

/// Checks plain Avro schemas (JSON), the old one written and the new one read for `backward`.
fn check_plain(old: &serde_json::Value, new: &serde_json::Value, direction: Direction) -> Checked {
    let old = Side::plain(Schema::parse(old).expect("old schema"));
    let new = Side::plain(Schema::parse(new).expect("new schema"));
    let root = Elem {
        old_type: Some("T".into()),
        new_type: Some("T".into()),
        ..Elem::default()
    };
    check(direction, &old, &new, &no_pairs(), &root)
}

/// A record with one field.
const RECORD: &str = "package p;
record R {
    a @1: i32;
}
";

/// An enum with two values after the default.
const ENUM: &str = "package p;
enum E {
    E_UNKNOWN = 0;
    A = 1;
    B = 2;
}
";

/// A union of two variants.
const UNION: &str = "package p;
union U {
    i @1: i32;
    s @2: string;
}
";
