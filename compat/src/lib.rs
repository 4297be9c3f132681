//! Trident's compatibility checker: compares a new version of a schema set with older ones and
//! reports every change that breaks readers or writers, per format (protobuf, Avro, JSON) and
//! direction (backward: new readers, old data; forward: old readers, new data).
//!
//! Each format is judged on its own schema model, the one its exporter writes: the protobuf
//! descriptors ([`protobuf`] rules, at the level of buf's WIRE category), the Avro schemas
//! ([`avro`] rules, the specification's schema resolution, verified against the runtime's
//! resolver) and Trident's JSON mapping ([`json`] rules). Findings of the three are merged, so
//! one change is one finding that lists everything it breaks.

mod avro;
mod finding;
mod git;
mod json;
mod protobuf;
mod report;
mod rules;
mod version;

pub use finding::{Finding, Location};
pub use report::{Allow, CheckOptions, Mode, Report, check};
pub use rules::{Break, Direction, Format, Rule};
pub use version::{LoadError, Version};

/// Every change from `old` to `new`, in every format, merged into one finding per rule and
/// element and sorted by type and element.
pub fn compare(old: &Version, new: &Version) -> Vec<Finding> {
    let mut findings = protobuf::compare(old, new);
    findings.extend(avro::compare(old, new));
    findings.extend(json::compare(old, new));
    let mut merged = finding::merge(findings);
    merged
        .sort_by(|a, b| (&a.type_name, &a.member, a.rule).cmp(&(&b.type_name, &b.member, b.rule)));
    merged
}
