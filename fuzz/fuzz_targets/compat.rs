//! Fuzzes the compatibility checker on pairs of schema files. The input is a flags byte, then
//! the old file's text, a `0xFF` byte (which valid UTF-8 never holds), and the new file's text;
//! without the separator both versions are the same text. Flag bits 0 and 1 add the example
//! `common.tri` to the old and the new version (so that the examples' imports resolve), bits 2
//! and 3 choose the mode, and bit 4 allows the first breaking finding by an allow entry.
//!
//! When both versions check clean, the checker runs and its report is rendered (graphical,
//! narrated, JSON, GitHub annotations, summary). Nothing may panic, a version compared with
//! itself must be compatible and have no breaking finding, and two runs on the same pair must
//! give the same report. (Verdicts are not symmetric by design: reservations record history, so
//! removing an unreserved field breaks both directions while adding it breaks neither.)

#![no_main]

use libfuzzer_sys::fuzz_target;
use trident_compat::{Allow, CheckOptions, Mode, Version};
use trident_idl::RenderStyle;

const COMMON: &str = include_str!("../../schemas/common.tri");

fn load(label: &str, text: &str, with_common: bool) -> Option<Version> {
    let mut files = vec![("a.tri", text)];
    if with_common {
        files.push(("common.tri", COMMON));
    }
    Version::from_sources(label, &files).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (old, new) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, rest),
    };
    let Some(old) = load("old", &String::from_utf8_lossy(old), flags & 1 != 0) else {
        return;
    };
    let Some(new) = load("new", &String::from_utf8_lossy(new), flags & 2 != 0) else {
        return;
    };

    for version in [&old, &new] {
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

    let full = trident_compat::check(&new, std::slice::from_ref(&old), &CheckOptions::default());
    let again = trident_compat::check(&new, std::slice::from_ref(&old), &CheckOptions::default());
    assert_eq!(
        full.to_json(),
        again.to_json(),
        "two runs of the checker disagree"
    );

    let mut options = CheckOptions {
        mode: match (flags >> 2) & 3 {
            0 => Mode::Backward,
            1 => Mode::Forward,
            _ => Mode::Full,
        },
        ..CheckOptions::default()
    };
    if flags & 0x10 != 0
        && let Some(finding) = full.findings.iter().find(|f| f.is_breaking())
        && let Some(Ok(allow)) = Allow::parse_line(&format!(
            "{} {} # fuzz",
            finding.rule.id(),
            finding.element()
        ))
    {
        options.allows.push(allow);
    }
    let report = trident_compat::check(&new, std::slice::from_ref(&old), &options);
    report.render(RenderStyle::Graphical { color: false });
    report.render(RenderStyle::Narrated);
    serde_json::to_string(&report.to_json()).expect("the report serializes");
    report.to_github();
    report.summary();
});
