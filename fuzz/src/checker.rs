//! What the two compatibility-checker targets (`compat` on `.tri` files, `compat_proto` on
//! `.proto` files) share: the input layout, and the checks and renderings every pair of versions
//! goes through.

use trident_compat::{CheckOptions, Mode, Report, Version};
use trident_idl::RenderStyle;

/// An input split into its flags byte and the old and new texts (the same text twice without a
/// `0xFF` separator); `None` for an empty input.
pub fn split(data: &[u8]) -> Option<(u8, String, String)> {
    let (&flags, rest) = data.split_first()?;
    let (old, new) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, rest),
    };
    Some((
        flags,
        String::from_utf8_lossy(old).into_owned(),
        String::from_utf8_lossy(new).into_owned(),
    ))
}

/// The mode flag bits 2 and 3 choose.
pub fn mode(flags: u8) -> Mode {
    match (flags >> 2) & 3 {
        0 => Mode::Backward,
        1 => Mode::Forward,
        _ => Mode::Full,
    }
}

/// Checks that each version is compatible with itself, without a breaking finding, and that two
/// runs of the checker on the pair agree; returns the report of the full check.
pub fn check_pair(old: &Version, new: &Version) -> Report {
    for version in [old, new] {
        let itself = trident_compat::check(
            version,
            std::slice::from_ref(version),
            &CheckOptions::default(),
        );
        assert!(
            itself.compatible && itself.findings.iter().all(|f| !f.is_breaking()),
            "a version is incompatible with itself:\n{}",
            itself.render(RenderStyle::Narrated)
        );
    }
    let full = trident_compat::check(new, std::slice::from_ref(old), &CheckOptions::default());
    let again = trident_compat::check(new, std::slice::from_ref(old), &CheckOptions::default());
    assert_eq!(
        full.to_json(),
        again.to_json(),
        "two runs of the checker disagree"
    );
    full
}

/// Renders a report in every output the CLI has.
pub fn render(report: &Report) {
    report.render(RenderStyle::Graphical { color: false });
    report.render(RenderStyle::Narrated);
    serde_json::to_string(&report.to_json()).expect("the report serializes");
    report.to_github();
    report.summary();
}
