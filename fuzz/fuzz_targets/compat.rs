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
use trident_compat::{Allow, CheckOptions, Version};
use trident_fuzz::checker;

const COMMON: &str = include_str!("../../schemas/common.tri");

fn load(label: &str, text: &str, with_common: bool) -> Option<Version> {
    let mut files = vec![("a.tri", text)];
    if with_common {
        files.push(("common.tri", COMMON));
    }
    Version::from_sources(label, &files).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((flags, old, new)) = checker::split(data) else {
        return;
    };
    let Some(old) = load("old", &old, flags & 1 != 0) else {
        return;
    };
    let Some(new) = load("new", &new, flags & 2 != 0) else {
        return;
    };
    let full = checker::check_pair(&old, &new);

    let mut options = CheckOptions {
        mode: checker::mode(flags),
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
    checker::render(&trident_compat::check(
        &new,
        std::slice::from_ref(&old),
        &options,
    ));
});
