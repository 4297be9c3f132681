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
mod avsc;
mod finding;
mod git;
mod json;
mod proto;
mod protobuf;
mod report;
mod rules;
mod version;

pub use finding::{Finding, Location};
pub use report::{Allow, CheckOptions, Mode, Report, check};
pub use rules::{Break, Direction, Format, Rule};
pub use version::{LoadError, Version};

/// Compiles `.proto` files and folders (searched recursively) as `trident breaking` reads them:
/// named relative to the first of `includes`, the folders given and the files' folders that
/// holds them, with imports looked up in the same folders. The set holds every file, imports
/// included, with source info. Errors are rendered in `style`, with file and position.
pub fn compile_proto(
    paths: &[std::path::PathBuf],
    includes: &[std::path::PathBuf],
    style: trident_idl::RenderStyle,
) -> Result<prost_types::FileDescriptorSet, String> {
    proto::ProtoSet::load(&trident_idl::OsFileSystem, paths, includes, "", style).map(|p| p.set)
}

/// Every change from `old` to `new`, in every format, merged into one finding per rule and
/// element and sorted by type and element.
///
/// With `.avsc` input on either side only the Avro rules run (and nothing is compared unless
/// both sides are `.avsc`; see [`Version::is_avsc`]). With `.proto` input on either side only the
/// protobuf rules run, and the proto3 JSON mapping's when both sides are `.proto`.
pub fn compare(old: &Version, new: &Version) -> Vec<Finding> {
    let findings = if old.is_avsc() || new.is_avsc() {
        avro::compare(old, new)
    } else if old.is_proto() || new.is_proto() {
        protobuf::compare(old, new)
    } else {
        let mut findings = protobuf::compare(old, new);
        findings.extend(avro::compare(old, new));
        findings.extend(json::compare(old, new));
        findings
    };
    let mut merged = finding::merge(findings);
    for finding in &mut merged {
        if let Some(member) = &finding.member {
            mark_enclosing(&mut finding.old, old, &finding.type_name, member);
            mark_enclosing(&mut finding.new, new, &finding.type_name, member);
        }
    }
    merged
        .sort_by(|a, b| (&a.type_name, &a.member, a.rule).cmp(&(&b.type_name, &b.member, b.rule)));
    merged
}

/// For a finding about a member that one version lacks, points that version's location at the
/// type holding the member, marked as such.
fn mark_enclosing(
    location: &mut Option<Location>,
    version: &Version,
    type_name: &str,
    member: &str,
) {
    if version.locate_member(type_name, member).is_some() {
        if let Some(l) = location {
            l.enclosing = false;
        }
        return;
    }
    let holder = version.locate_type(type_name);
    match location {
        Some(l)
            if holder
                .as_ref()
                .is_some_and(|h| h.file == l.file && h.line == l.line && h.column == l.column) =>
        {
            l.enclosing = true;
        }
        Some(_) => {}
        None => {
            *location = holder.map(|h| Location {
                enclosing: true,
                ..h
            });
        }
    }
}
