//! The `.avsc` corpus (`tests/avsc/`): pairs of plain Avro schemas, one folder per resolution
//! rule or failure, each with the verdict per direction written by hand from the specification's
//! "Schema Resolution" section. Each case is checked with the Avro format only, and must give the
//! expected verdicts and report the expected findings. `.ci/check_avsc_pairs.py` checks the same
//! verdicts against the Python `avro` package's compatibility checker.
//!
//! The format of the folders and of `expected.txt` is described in `tests/avsc/README.md`.

use std::path::Path;

mod support;

use support::{
    check_every_case, check_findings, check_verdict, exception_entries, load_sides, outcome,
    read_expected,
};
use trident_compat::{CheckOptions, Format, Mode};

fn check_case(dir: &Path) -> Result<(), String> {
    let expected = read_expected(dir, &["backward", "forward"])?;
    let (old, new) = load_sides(dir, "avsc")?;
    if !old.is_avsc() || !new.is_avsc() {
        return Err("both versions must be read as .avsc".to_string());
    }
    let options = CheckOptions {
        mode: Mode::Full,
        formats: vec![Format::Avro],
        ..CheckOptions::default()
    };
    let report = trident_compat::check(&new, &[old], &options);
    let mut problems = Vec::new();
    check_verdict(
        &report,
        Format::Avro,
        (expected.verdicts[0], expected.verdicts[1]),
        &mut problems,
    );
    check_findings(&report, &expected.findings, &mut problems);
    outcome(&problems, &report)
}

#[test]
fn every_avsc_case_gives_the_expected_verdicts() {
    check_every_case("avsc", 60, check_case);
}

#[test]
fn the_python_exceptions_name_existing_cases_and_give_reasons() {
    for (words, line) in exception_entries("avsc", "python-exceptions.txt") {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        assert!(
            matches!(
                words.as_slice(),
                [_, "backward" | "forward", "ok" | "BREAKS" | "error"]
            ),
            "expected `case direction python-verdict # reason`: `{line}`"
        );
    }
}
