//! One minimal pair of versions per rule and direction, and pairs that must stay JSON-compatible.

mod fields;
mod members;
mod types;
mod values;

use super::compare;
use crate::finding::{Finding, Location};
use crate::rules::{Direction, Format, Rule};
use crate::version::Version;

/// A file from its lines, so that line N of the file is `lines[N - 1]`.
pub(super) fn file(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

pub(super) fn version(label: &str, files: &[(&str, &str)]) -> Version {
    Version::from_sources(label, files).unwrap_or_else(|e| panic!("{e}"))
}

/// The JSON findings from `old` to `new`, each given as the lines of `t.tri`.
pub(super) fn diff(old: &[&str], new: &[&str]) -> Vec<Finding> {
    compare(
        &version("old", &[("t.tri", &file(old))]),
        &version("new", &[("t.tri", &file(new))]),
    )
}

/// The JSON directions a finding breaks.
pub(super) fn breaks(finding: &Finding) -> &'static str {
    let json = |d: Direction| {
        finding
            .breaks
            .iter()
            .any(|b| b.format == Format::Json && b.direction == d)
    };
    match (json(Direction::Backward), json(Direction::Forward)) {
        (true, true) => "both",
        (true, false) => "backward",
        (false, true) => "forward",
        (false, false) => "none",
    }
}

pub(super) fn at(location: &Option<Location>) -> Option<(usize, usize)> {
    location.as_ref().map(|l| (l.line, l.column))
}

pub(super) fn summary(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{} {} {}", f.rule, f.element(), breaks(f)))
        .collect()
}

/// Asserts that `findings` hold exactly one finding, of `rule` about `element`, breaking
/// `expected` (`"backward"`, `"forward"`, `"both"` or `"none"`), at the given old and new
/// line:column, and returns it.
pub(super) fn only<'f>(
    findings: &'f [Finding],
    rule: Rule,
    element: &str,
    expected: &str,
    old: Option<(usize, usize)>,
    new: Option<(usize, usize)>,
) -> &'f Finding {
    assert_eq!(findings.len(), 1, "{:#?}", summary(findings));
    let f = &findings[0];
    assert_eq!(
        (f.rule, f.element().as_str(), breaks(f)),
        (rule, element, expected),
        "{f:#?}"
    );
    assert_eq!((at(&f.old), at(&f.new)), (old, new), "{f:#?}");
    assert!(f.reasons.contains_key(&Format::Json), "{f:#?}");
    f
}

/// The finding of `rule`, among others.
pub(super) fn find(findings: &[Finding], rule: Rule) -> &Finding {
    findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("no {rule} in {:#?}", summary(findings)))
}

pub(super) fn reason(finding: &Finding) -> &str {
    &finding.reasons[&Format::Json]
}

pub(super) fn assert_compatible(findings: &[Finding]) {
    assert!(
        findings.iter().all(|f| f.breaks.is_empty()),
        "{:#?}",
        summary(findings)
    );
}
