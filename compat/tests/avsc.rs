//! The `.avsc` corpus (`tests/avsc/`): pairs of plain Avro schemas, one folder per resolution
//! rule or failure, each with the verdict per direction written by hand from the specification's
//! "Schema Resolution" section. Each case is checked with the Avro format only, and must give the
//! expected verdicts and report the expected findings. `.ci/check_avsc_pairs.py` checks the same
//! verdicts against the Python `avro` package's compatibility checker.
//!
//! The format of the folders and of `expected.txt` is described in `tests/avsc/README.md`.

use std::path::Path;

mod support;

use support::{case_dirs, corpus, side};
use trident_compat::{CheckOptions, Format, Mode, Version};

struct Expected {
    backward: bool,
    forward: bool,
    /// `RULE element` of findings that must be reported as breaking.
    findings: Vec<String>,
}

fn expected(dir: &Path) -> Result<Expected, String> {
    let text = std::fs::read_to_string(dir.join("expected.txt"))
        .map_err(|e| format!("no expected.txt: {e}"))?;
    let (mut backward, mut forward, mut findings) = (None, None, Vec::new());
    let mut explained = false;
    for line in text.lines() {
        let verdict = |word: &str| match word.trim() {
            "ok" => Ok(true),
            "BREAKS" => Ok(false),
            other => Err(format!("`{other}` is neither `ok` nor `BREAKS`")),
        };
        if line.starts_with('#') {
            explained = true;
        } else if let Some(rest) = line.strip_prefix("backward ") {
            backward = Some(verdict(rest)?);
        } else if let Some(rest) = line.strip_prefix("forward ") {
            forward = Some(verdict(rest)?);
        } else if let Some(rest) = line.strip_prefix("finding ") {
            findings.push(rest.trim().to_string());
        } else if !line.trim().is_empty() {
            return Err(format!("unexpected line `{line}`"));
        }
    }
    if !explained {
        return Err("expected.txt must say why (a `#` comment)".to_string());
    }
    Ok(Expected {
        backward: backward.ok_or("no `backward` line")?,
        forward: forward.ok_or("no `forward` line")?,
        findings,
    })
}

fn check_case(dir: &Path) -> Result<(), String> {
    let expected = expected(dir)?;
    let style = trident_idl::RenderStyle::Narrated;
    let load = |which: &str| {
        Version::from_paths(which, &[side(dir, which, "avsc")], &[], style)
            .map_err(|e| format!("the {which} version does not load: {e}"))
    };
    let (old, new) = (load("old")?, load("new")?);
    if !old.is_avsc() || !new.is_avsc() {
        return Err("both versions must be read as .avsc".to_string());
    }
    let options = CheckOptions {
        mode: Mode::Full,
        formats: vec![Format::Avro],
        ..CheckOptions::default()
    };
    let report = trident_compat::check(&new, &[old], &options);
    let word = |ok: bool| if ok { "ok" } else { "BREAKS" };
    let mut problems = Vec::new();
    let Some(&(backward, forward)) = report.verdicts.get(&Format::Avro) else {
        return Err("no Avro verdict".to_string());
    };
    if (backward, forward) != (expected.backward, expected.forward) {
        problems.push(format!(
            "verdicts: expected backward {} forward {}, got backward {} forward {}",
            word(expected.backward),
            word(expected.forward),
            word(backward),
            word(forward)
        ));
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
    // Every breaking finding points into the files of at least one version.
    for finding in report.findings.iter().filter(|f| f.is_breaking()) {
        if finding.old.is_none() && finding.new.is_none() {
            problems.push(format!(
                "{} {} has no position",
                finding.rule.id(),
                finding.element()
            ));
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
fn every_avsc_case_gives_the_expected_verdicts() {
    let dirs = case_dirs("avsc");
    assert!(dirs.len() >= 60, "the corpus lost cases: {}", dirs.len());
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
fn the_python_exceptions_name_existing_cases_and_give_reasons() {
    let text = std::fs::read_to_string(corpus("avsc").join("python-exceptions.txt"))
        .expect("tests/avsc/python-exceptions.txt");
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (entry, reason) = line
            .split_once('#')
            .unwrap_or_else(|| panic!("no reason in `{line}`"));
        assert!(!reason.trim().is_empty(), "no reason in `{line}`");
        let words: Vec<&str> = entry.split_whitespace().collect();
        assert!(
            matches!(
                words.as_slice(),
                [_, "backward" | "forward", "ok" | "BREAKS" | "error"]
            ),
            "expected `case direction python-verdict # reason`: `{line}`"
        );
        assert!(
            corpus("avsc").join(words[0]).is_dir(),
            "no case `{}` for `{line}`",
            words[0]
        );
    }
}
