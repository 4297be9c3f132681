//! The `.proto` corpus (`tests/proto/`): pairs of protobuf schema files, one folder per rule of
//! buf's WIRE and WIRE_JSON categories or its allowed counterpart, each with the verdict per
//! format (binary protobuf, proto3 JSON) and direction written by hand. Each case is checked with
//! the protobuf and JSON formats, and must give the expected verdicts and report the expected
//! findings at positions in the `.proto` files. `.ci/check_proto_pairs.py` checks the same
//! verdicts against `buf breaking`.
//!
//! The format of the folders and of `expected.txt` is described in `tests/proto/README.md`.

use std::path::Path;

mod support;

use support::{
    case_dirs, check_every_case, check_findings, check_verdict, exception_entries, load_sides,
    outcome, read_expected,
};
use trident_compat::{CheckOptions, Format, Mode};

fn check_case(dir: &Path) -> Result<(), String> {
    let expected = read_expected(
        dir,
        &[
            "protobuf backward",
            "protobuf forward",
            "json backward",
            "json forward",
        ],
    )?;
    let (old, new) = load_sides(dir, "proto")?;
    let options = CheckOptions {
        mode: Mode::Full,
        transitive: false,
        formats: vec![Format::Protobuf, Format::Json],
        allows: vec![],
    };
    let report = trident_compat::check(&new, &[old], &options);
    let mut problems = Vec::new();
    let v = &expected.verdicts;
    check_verdict(&report, Format::Protobuf, (v[0], v[1]), &mut problems);
    check_verdict(&report, Format::Json, (v[2], v[3]), &mut problems);
    check_findings(&report, &expected.findings, &mut problems);
    // Positions are in the `.proto` files the versions were read from.
    for finding in &report.findings {
        for location in [&finding.old, &finding.new].into_iter().flatten() {
            if !location.file.ends_with(".proto") {
                problems.push(format!(
                    "{} {} points into `{}`, not a .proto file",
                    finding.rule.id(),
                    finding.element(),
                    location.file
                ));
            }
        }
    }
    outcome(&problems, &report)
}

#[test]
fn every_proto_case_gives_the_expected_verdicts() {
    check_every_case("proto", 80, check_case);
}

#[test]
fn the_buf_exceptions_name_existing_cases_and_give_reasons() {
    for (words, line) in exception_entries("proto", "buf-exceptions.txt") {
        assert!(words.len() == 1, "expected `case-name  # reason`: `{line}`");
    }
}

/// The rules only `.proto` input has (see `PROTO_ONLY` in `tests/cases.rs`), each shown by at
/// least one case here.
#[test]
fn the_corpus_shows_every_rule_only_proto_input_has() {
    let mut seen = std::collections::BTreeSet::new();
    for dir in case_dirs("proto") {
        let text = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("finding ") {
                seen.insert(rest.split_whitespace().next().unwrap_or("").to_string());
            }
        }
    }
    let missing: Vec<&str> = [
        "MAP_KEY_TYPE_CHANGED",
        "FIELD_ONEOF_CHANGED",
        "JSON_NAME_CHANGED",
        "PACKAGE_CHANGED",
        "SERVICE_REMOVED",
        "RPC_REMOVED",
        "RPC_TYPE_CHANGED",
        "RPC_STREAMING_CHANGED",
        "RPC_IDEMPOTENCY_CHANGED",
    ]
    .into_iter()
    .filter(|rule| !seen.contains(*rule))
    .collect();
    assert!(missing.is_empty(), "no case shows {missing:?}");
}
