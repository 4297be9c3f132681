//! The data-driven corpus of the compatibility checker: every folder under `tests/cases/` holds
//! an `old/` and a `new/` version of a schema set and an `expected.txt` written by hand from the
//! rules (protobuf's wire rules at buf's WIRE level, the Avro specification's schema resolution,
//! Trident's JSON mapping), not copied from the tool's output. Each case is checked with the
//! default options (mode full, every format) and must report exactly the expected findings
//! (compared without regard to order), with their positions, and the expected verdicts.
//!
//! The format of `expected.txt` is described in `tests/cases/README.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod support;

use support::{case_dirs, case_name};
use trident_compat::{CheckOptions, Direction, Finding, Format, Location, Report, Rule, Version};

/// Rules the corpus has no case for, each with the reason.
const UNCOVERED: &[(&str, &str)] = &[
    (
        "AVRO_INCOMPATIBLE",
        "the fallback for a resolver failure no finer rule describes; no `.tri` change has been \
         found that produces it (`.tri` has no fixed or decimal types)",
    ),
    ("MAP_KEY_TYPE_CHANGED", PROTO_ONLY),
    ("FIELD_ONEOF_CHANGED", PROTO_ONLY),
    ("JSON_NAME_CHANGED", PROTO_ONLY),
    ("PACKAGE_CHANGED", PROTO_ONLY),
    ("SERVICE_REMOVED", PROTO_ONLY),
    ("RPC_REMOVED", PROTO_ONLY),
    ("RPC_TYPE_CHANGED", PROTO_ONLY),
    ("RPC_STREAMING_CHANGED", PROTO_ONLY),
    ("RPC_IDEMPOTENCY_CHANGED", PROTO_ONLY),
];

/// Why a rule has no `.tri` case: `.tri` cannot express it; the `.proto` corpus
/// (`tests/proto/`, checked by `tests/proto.rs`) shows it.
const PROTO_ONLY: &str = "only `.proto` input has it (map keys other than strings, oneofs, \
                          json_name, packages per file, services); tests/proto covers it";

/// Loads `dir/old` and `dir/new`.
fn load(dir: &Path) -> Result<(Version, Version), String> {
    let style = trident_idl::RenderStyle::Narrated;
    let version = |which: &str| {
        Version::from_paths(which, &[dir.join(which)], &[], style)
            .map_err(|e| format!("the {which} version does not load: {e}"))
    };
    Ok((version("old")?, version("new")?))
}

/// A location as `expected.txt` writes it: `old/a.tri:3:8`, relative to the case folder, in
/// parentheses when it is the enclosing type's (the element does not exist in that version).
fn location(dir: &Path, location: Option<&Location>) -> String {
    let Some(l) = location else {
        return "-".to_string();
    };
    let file = PathBuf::from(&l.file);
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let relative = file
        .strip_prefix(dir)
        .or_else(|_| file.strip_prefix(&canonical))
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| l.file.clone());
    let place = format!("{relative}:{}:{}", l.line, l.column);
    if l.enclosing {
        format!("({place})")
    } else {
        place
    }
}

/// The canonical text of a set of breaks: `protobuf:both,avro:forward`, or `-`.
fn breaks_text(breaks: &BTreeSet<(Format, Direction)>) -> String {
    let mut parts = Vec::new();
    for format in Format::ALL {
        let backward = breaks.contains(&(format, Direction::Backward));
        let forward = breaks.contains(&(format, Direction::Forward));
        let which = match (backward, forward) {
            (true, true) => "both",
            (true, false) => "backward",
            (false, true) => "forward",
            (false, false) => continue,
        };
        parts.push(format!("{}:{which}", format.name()));
    }
    if parts.is_empty() {
        "-".to_string()
    } else {
        parts.join(",")
    }
}

/// Parses `protobuf:both,avro:forward` (or `-`).
fn parse_breaks(text: &str) -> Result<BTreeSet<(Format, Direction)>, String> {
    let mut breaks = BTreeSet::new();
    if text == "-" {
        return Ok(breaks);
    }
    for item in text.split(',') {
        let (format, direction) = item
            .split_once(':')
            .ok_or_else(|| format!("`{item}` is not FORMAT:DIRECTION"))?;
        let format =
            Format::from_name(format).ok_or_else(|| format!("unknown format `{format}`"))?;
        let directions: &[Direction] = match direction {
            "backward" => &[Direction::Backward],
            "forward" => &[Direction::Forward],
            "both" => &Direction::BOTH,
            other => return Err(format!("unknown direction `{other}`")),
        };
        for &d in directions {
            if !breaks.insert((format, d)) {
                return Err(format!("`{item}` repeats a break"));
            }
        }
    }
    Ok(breaks)
}

/// One finding as a line of `expected.txt`.
fn finding_line(dir: &Path, f: &Finding) -> String {
    let breaks: BTreeSet<(Format, Direction)> =
        f.breaks.iter().map(|b| (b.format, b.direction)).collect();
    format!(
        "{} {} {} breaks={} old={} new={}",
        f.rule.id(),
        f.element(),
        f.severity(),
        breaks_text(&breaks),
        location(dir, f.old.as_ref()),
        location(dir, f.new.as_ref())
    )
}

/// Checks and re-renders a finding line of `expected.txt`, so that the order of breaks does not
/// matter.
fn canonical_finding(line: &str) -> Result<String, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let [rule, element, severity, breaks, old, new] = words.as_slice() else {
        return Err("expected `RULE element severity breaks=… old=… new=…`".to_string());
    };
    if Rule::from_id(rule).is_none() {
        return Err(format!("unknown rule `{rule}`"));
    }
    if !matches!(*severity, "error" | "warning" | "allowed") {
        return Err(format!("unknown severity `{severity}`"));
    }
    let field = |word: &str, key: &str| {
        word.strip_prefix(key)
            .map(str::to_string)
            .ok_or_else(|| format!("expected `{key}…`, found `{word}`"))
    };
    let breaks = parse_breaks(&field(breaks, "breaks=")?)?;
    let (old, new) = (field(old, "old=")?, field(new, "new=")?);
    check_location(&old)?;
    check_location(&new)?;
    if (*severity == "error") == breaks.is_empty() {
        return Err("an error must break something, and a warning nothing".to_string());
    }
    Ok(format!(
        "{rule} {element} {severity} breaks={} old={old} new={new}",
        breaks_text(&breaks)
    ))
}

/// Checks that a location is `-`, `file:line:column` or `(file:line:column)`.
fn check_location(text: &str) -> Result<(), String> {
    if text == "-" {
        return Ok(());
    }
    let inner = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(text);
    let mut parts = inner.rsplitn(3, ':');
    let column = parts.next().and_then(|c| c.parse::<usize>().ok());
    let line = parts.next().and_then(|l| l.parse::<usize>().ok());
    let file = parts
        .next()
        .filter(|f| f.starts_with("old/") || f.starts_with("new/"));
    match (file, line, column) {
        (Some(_), Some(l), Some(c)) if l > 0 && c > 0 => Ok(()),
        _ => Err(format!(
            "`{text}` is not `-`, `old/FILE:LINE:COLUMN` or `(new/FILE:LINE:COLUMN)`"
        )),
    }
}

/// The verdict line of a report.
fn verdicts_line(report: &Report) -> String {
    let word = |ok: bool| if ok { "ok" } else { "BREAKS" };
    let parts: Vec<String> = Format::ALL
        .iter()
        .map(|format| match report.verdicts.get(format) {
            Some(&(backward, forward)) => {
                format!("{}={}/{}", format.name(), word(backward), word(forward))
            }
            None => format!("{}=unchecked", format.name()),
        })
        .collect();
    format!("verdicts {}", parts.join(" "))
}

/// What `expected.txt` says.
struct Expected {
    findings: Vec<String>,
    verdicts: String,
}

fn parse_expected(text: &str) -> Result<Expected, String> {
    let mut findings = Vec::new();
    let mut verdicts = None;
    let mut none = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let at = |e: String| format!("expected.txt:{}: {e}", i + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if verdicts.is_some() {
            return Err(at("the `verdicts` line must be the last".to_string()));
        }
        if line == "no findings" {
            none = true;
        } else if line.starts_with("verdicts ") {
            verdicts = Some(line.split_whitespace().collect::<Vec<_>>().join(" "));
        } else {
            findings.push(canonical_finding(line).map_err(at)?);
        }
    }
    let verdicts = verdicts.ok_or("expected.txt has no `verdicts` line")?;
    if none != findings.is_empty() {
        return Err(
            "expected.txt must say `no findings` exactly when it lists no finding".to_string(),
        );
    }
    findings.sort();
    Ok(Expected { findings, verdicts })
}

/// Runs one case; `Err` holds the diff.
fn run_case(dir: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(dir.join("expected.txt"))
        .map_err(|e| format!("cannot read expected.txt: {e}"))?;
    let expected = parse_expected(&text)?;
    let (old, new) = load(dir)?;
    let report = trident_compat::check(&new, &[old], &CheckOptions::default());
    let mut actual: Vec<String> = report
        .findings
        .iter()
        .map(|f| finding_line(dir, f))
        .collect();
    actual.sort();
    let verdicts = verdicts_line(&report);

    let mut counts: BTreeMap<&str, i32> = BTreeMap::new();
    for line in &expected.findings {
        *counts.entry(line).or_default() += 1;
    }
    for line in &actual {
        *counts.entry(line).or_default() -= 1;
    }
    let mut diff = String::new();
    for (line, &count) in &counts {
        for _ in 0..count.max(0) {
            let _ = writeln!(diff, "  - {line}    (expected, not reported)");
        }
        for _ in 0..(-count).max(0) {
            let _ = writeln!(diff, "  + {line}    (reported, not expected)");
        }
    }
    if verdicts != expected.verdicts {
        let _ = writeln!(diff, "  - {}    (expected)", expected.verdicts);
        let _ = writeln!(diff, "  + {verdicts}    (reported)");
    }
    if diff.is_empty() {
        return Ok(());
    }
    let _ = writeln!(diff, "  the tool's report, in expected.txt form:");
    if actual.is_empty() {
        let _ = writeln!(diff, "    no findings");
    }
    for line in &actual {
        let _ = writeln!(diff, "    {line}");
    }
    let _ = writeln!(diff, "    {verdicts}");
    for f in &report.findings {
        let _ = writeln!(diff, "    # {}: {}", f.rule.id(), f.message);
        for (format, reason) in &f.reasons {
            let _ = writeln!(diff, "    #   {}: {reason}", format.name());
        }
    }
    Err(diff)
}

#[test]
fn every_case_reports_exactly_the_expected_findings() {
    let dirs = case_dirs("cases");
    assert!(!dirs.is_empty(), "no cases under tests/cases");
    let mut failures = String::new();
    for dir in &dirs {
        if let Err(diff) = run_case(dir) {
            let _ = writeln!(failures, "case `{}`:\n{diff}", case_name(dir));
        }
    }
    assert!(
        failures.is_empty(),
        "cases that do not match their expected.txt (- expected, + reported):\n\n{failures}"
    );
}

#[test]
fn every_case_has_an_old_and_a_new_version_and_an_expectation() {
    let mut problems = Vec::new();
    for dir in case_dirs("cases") {
        let name = case_name(&dir);
        for part in ["old", "new"] {
            if !dir.join(part).is_dir() {
                problems.push(format!("{name}: no `{part}/` folder"));
            }
        }
        if !dir.join("expected.txt").is_file() {
            problems.push(format!("{name}: no expected.txt"));
        }
        let valid = name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            problems.push(format!(
                "{name}: case names are lowercase words joined by `-`"
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_corpus_covers_every_rule() {
    let mut seen = BTreeSet::new();
    let mut compatible = 0;
    for dir in case_dirs("cases") {
        let text = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
        let expected =
            parse_expected(&text).unwrap_or_else(|e| panic!("case `{}`: {e}", case_name(&dir)));
        for line in &expected.findings {
            seen.insert(line.split_whitespace().next().unwrap_or("").to_string());
        }
        if expected.findings.is_empty() {
            compatible += 1;
        }
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| !seen.contains(*id))
        .filter(|id| !UNCOVERED.iter().any(|(rule, _)| rule == id))
        .collect();
    assert!(missing.is_empty(), "no case shows {missing:?}");
    for (rule, why) in UNCOVERED {
        assert!(
            !seen.contains(*rule),
            "{rule} is listed as having no case ({why}), but a case shows it: drop it from the list"
        );
    }
    assert!(compatible >= 5, "the corpus needs compatible cases too");
}
