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

use support::{case_dirs, corpus, side};
use trident_compat::{CheckOptions, Format, Mode, Version};

/// Whether each direction holds (`true` = `ok`).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Verdict {
    backward: bool,
    forward: bool,
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let word = |ok: bool| if ok { "ok" } else { "BREAKS" };
        write!(
            f,
            "backward {} forward {}",
            word(self.backward),
            word(self.forward)
        )
    }
}

struct Expected {
    protobuf: Verdict,
    json: Verdict,
    /// `RULE element` of findings that must be reported as breaking.
    findings: Vec<String>,
}

fn expected(dir: &Path) -> Result<Expected, String> {
    let text = std::fs::read_to_string(dir.join("expected.txt"))
        .map_err(|e| format!("no expected.txt: {e}"))?;
    let mut lines: [Option<bool>; 4] = [None; 4];
    let names = [
        "protobuf backward ",
        "protobuf forward ",
        "json backward ",
        "json forward ",
    ];
    let mut findings = Vec::new();
    let mut explained = false;
    for line in text.lines() {
        if line.starts_with('#') {
            explained = true;
        } else if let Some(rest) = line.strip_prefix("finding ") {
            findings.push(rest.trim().to_string());
        } else if let Some(i) = names.iter().position(|n| line.starts_with(n)) {
            lines[i] = Some(match line[names[i].len()..].trim() {
                "ok" => true,
                "BREAKS" => false,
                other => return Err(format!("`{other}` is neither `ok` nor `BREAKS`")),
            });
        } else if !line.trim().is_empty() {
            return Err(format!("unexpected line `{line}`"));
        }
    }
    if !explained {
        return Err("expected.txt must say why (a `#` comment)".to_string());
    }
    let get = |i: usize| lines[i].ok_or_else(|| format!("no `{}` line", names[i].trim()));
    Ok(Expected {
        protobuf: Verdict {
            backward: get(0)?,
            forward: get(1)?,
        },
        json: Verdict {
            backward: get(2)?,
            forward: get(3)?,
        },
        findings,
    })
}

fn check_case(dir: &Path) -> Result<(), String> {
    let expected = expected(dir)?;
    let style = trident_idl::RenderStyle::Narrated;
    let load = |which: &str| {
        Version::from_paths(which, &[side(dir, which, "proto")], &[], style)
            .map_err(|e| format!("the {which} version does not load: {e}"))
    };
    let (old, new) = (load("old")?, load("new")?);
    let options = CheckOptions {
        mode: Mode::Full,
        transitive: false,
        formats: vec![Format::Protobuf, Format::Json],
        allows: vec![],
    };
    let report = trident_compat::check(&new, &[old], &options);
    let mut problems = Vec::new();
    for (format, want) in [
        (Format::Protobuf, expected.protobuf),
        (Format::Json, expected.json),
    ] {
        let Some(&(backward, forward)) = report.verdicts.get(&format) else {
            problems.push(format!("no {} verdict", format.name()));
            continue;
        };
        let got = Verdict { backward, forward };
        if got != want {
            problems.push(format!("{}: expected {want}, got {got}", format.name()));
        }
    }
    for wanted in &expected.findings {
        let found = report
            .findings
            .iter()
            .any(|f| f.is_breaking() && format!("{} {}", f.rule.id(), f.element()) == *wanted);
        if !found {
            problems.push(format!("no breaking finding `{wanted}`"));
        }
    }
    for finding in &report.findings {
        let what = format!("{} {}", finding.rule.id(), finding.element());
        // Every breaking finding points into the files of at least one version.
        if finding.is_breaking() && finding.old.is_none() && finding.new.is_none() {
            problems.push(format!("{what} has no position"));
        }
        // Positions are in the `.proto` files the versions were read from.
        for location in [&finding.old, &finding.new].into_iter().flatten() {
            if !location.file.ends_with(".proto") {
                problems.push(format!(
                    "{what} points into `{}`, not a .proto file",
                    location.file
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n  report:\n{}",
            problems.join("\n"),
            report.render(style)
        ))
    }
}

#[test]
fn every_proto_case_gives_the_expected_verdicts() {
    let dirs = case_dirs("proto");
    assert!(dirs.len() >= 80, "the corpus lost cases: {}", dirs.len());
    let mut failures = String::new();
    for dir in &dirs {
        if let Err(e) = check_case(dir) {
            let name = dir.file_name().unwrap_or_default().to_string_lossy();
            failures.push_str(&format!("\n== {name}\n{e}\n"));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn the_buf_exceptions_name_existing_cases_and_give_reasons() {
    let text = std::fs::read_to_string(corpus("proto").join("buf-exceptions.txt"))
        .expect("tests/proto/buf-exceptions.txt");
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (entry, reason) = line
            .split_once('#')
            .unwrap_or_else(|| panic!("no reason in `{line}`"));
        assert!(!reason.trim().is_empty(), "no reason in `{line}`");
        let words: Vec<&str> = entry.split_whitespace().collect();
        assert!(words.len() == 1, "expected `case-name  # reason`: `{line}`");
        assert!(
            corpus("proto").join(words[0]).is_dir(),
            "no case `{}` for `{line}`",
            words[0]
        );
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
