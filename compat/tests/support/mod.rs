//! What the corpus tests share: the corpus folders under `tests/`, their case folders, the two
//! sides of a case, its `expected.txt`, the checks of verdicts and findings, the loop over every
//! case, and the exceptions files that name cases. Each test binary uses a part of it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The corpus folder `tests/NAME`.
pub(crate) fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// The case folders of the corpus `tests/NAME`, sorted by name.
pub(crate) fn case_dirs(name: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus(name))
        .unwrap_or_else(|e| panic!("tests/{name}: {e}"))
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// A case's folder name.
pub(crate) fn case_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One side of a case: `WHICH.EXTENSION` if the case has it, else the folder `WHICH/`.
pub(crate) fn side(dir: &Path, which: &str, extension: &str) -> PathBuf {
    let file = dir.join(format!("{which}.{extension}"));
    if file.is_file() {
        file
    } else {
        dir.join(which)
    }
}

/// What a case's `expected.txt` says: the verdict on each line named by a key (`backward`,
/// `protobuf forward`, …; `ok` is true, `BREAKS` false), in the order of the keys, and the
/// `finding RULE element` lines. A `#` comment saying why the verdicts hold is required.
pub(crate) struct Expected {
    pub(crate) verdicts: Vec<bool>,
    /// `RULE element` of findings that must be reported as breaking.
    pub(crate) findings: Vec<String>,
}

/// Reads `dir/expected.txt` with a verdict line for each of `keys`.
pub(crate) fn read_expected(dir: &Path, keys: &[&str]) -> Result<Expected, String> {
    let text = std::fs::read_to_string(dir.join("expected.txt"))
        .map_err(|e| format!("no expected.txt: {e}"))?;
    let mut verdicts: Vec<Option<bool>> = vec![None; keys.len()];
    let mut findings = Vec::new();
    let mut explained = false;
    for line in text.lines() {
        let keyed = keys.iter().position(|key| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(' '))
        });
        if line.starts_with('#') {
            explained = true;
        } else if let Some(rest) = line.strip_prefix("finding ") {
            findings.push(rest.trim().to_string());
        } else if let Some(i) = keyed {
            verdicts[i] = Some(match line[keys[i].len()..].trim() {
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
    let verdicts = verdicts
        .iter()
        .zip(keys)
        .map(|(verdict, key)| verdict.ok_or_else(|| format!("no `{key}` line")))
        .collect::<Result<_, _>>()?;
    Ok(Expected { verdicts, findings })
}

/// The old and new versions of a case whose sides are `.EXTENSION` files or folders.
pub(crate) fn load_sides(
    dir: &Path,
    extension: &str,
) -> Result<(trident_compat::Version, trident_compat::Version), String> {
    let load = |which: &str| {
        trident_compat::Version::from_paths(
            which,
            &[side(dir, which, extension)],
            &[],
            trident_idl::RenderStyle::Narrated,
        )
        .map_err(|e| format!("the {which} version does not load: {e}"))
    };
    Ok((load("old")?, load("new")?))
}

/// Compares a format's verdict in `report` with the expected `(backward, forward)`.
pub(crate) fn check_verdict(
    report: &trident_compat::Report,
    format: trident_compat::Format,
    expected: (bool, bool),
    problems: &mut Vec<String>,
) {
    let word = |ok: bool| if ok { "ok" } else { "BREAKS" };
    match report.verdicts.get(&format) {
        None => problems.push(format!("no {} verdict", format.name())),
        Some(&got) if got != expected => problems.push(format!(
            "{}: expected backward {} forward {}, got backward {} forward {}",
            format.name(),
            word(expected.0),
            word(expected.1),
            word(got.0),
            word(got.1)
        )),
        Some(_) => {}
    }
}

/// Checks that every expected finding is reported as breaking, and that every breaking
/// finding points into the files of at least one version.
pub(crate) fn check_findings(
    report: &trident_compat::Report,
    expected: &[String],
    problems: &mut Vec<String>,
) {
    for wanted in expected {
        let found = report
            .findings
            .iter()
            .any(|f| f.is_breaking() && format!("{} {}", f.rule.id(), f.element()) == *wanted);
        if !found {
            problems.push(format!("no breaking finding `{wanted}`"));
        }
    }
    for finding in report.findings.iter().filter(|f| f.is_breaking()) {
        if finding.old.is_none() && finding.new.is_none() {
            problems.push(format!(
                "{} {} has no position",
                finding.rule.id(),
                finding.element()
            ));
        }
    }
}

/// `Ok` without problems, else the problems and the rendered report.
pub(crate) fn outcome(problems: &[String], report: &trident_compat::Report) -> Result<(), String> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n  report:\n{}",
            problems.join("\n"),
            report.render(trident_idl::RenderStyle::Narrated)
        ))
    }
}

/// Runs `check` on every case of the corpus `tests/NAME` (at least `at_least` of them) and
/// fails naming every case that does not pass.
pub(crate) fn check_every_case(
    name: &str,
    at_least: usize,
    check: impl Fn(&Path) -> Result<(), String>,
) {
    let dirs = case_dirs(name);
    assert!(
        dirs.len() >= at_least,
        "the corpus lost cases: {}",
        dirs.len()
    );
    let mut failures = String::new();
    for dir in &dirs {
        if let Err(e) = check(dir) {
            failures.push_str(&format!("\n== {}\n{e}\n", case_name(dir)));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

/// The entries of an exceptions file `tests/NAME/FILE`: for each line that is not blank or a
/// comment, its words before the `#` that must give the reason, and the whole line. The first
/// word must name a case of the corpus.
pub(crate) fn exception_entries(name: &str, file: &str) -> Vec<(Vec<String>, String)> {
    let text = std::fs::read_to_string(corpus(name).join(file))
        .unwrap_or_else(|e| panic!("tests/{name}/{file}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (entry, reason) = line
                .split_once('#')
                .unwrap_or_else(|| panic!("no reason in `{line}`"));
            assert!(!reason.trim().is_empty(), "no reason in `{line}`");
            let words: Vec<String> = entry.split_whitespace().map(String::from).collect();
            let case = words.first().map(String::as_str).unwrap_or_default();
            assert!(
                corpus(name).join(case).is_dir(),
                "no case `{case}` for `{line}`"
            );
            (words, line.to_string())
        })
        .collect()
}
