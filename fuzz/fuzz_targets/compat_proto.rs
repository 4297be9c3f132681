//! Fuzzes the compatibility checker on pairs of `.proto` files. The input is a flags byte, then
//! the old file's text, a `0xFF` byte (which valid UTF-8 never holds), and the new file's text;
//! without the separator both versions are the same text. Flag bits 2 and 3 choose the mode.
//!
//! When both files compile (protox), the checker runs and its report is rendered (graphical,
//! narrated, JSON, GitHub annotations, summary). Nothing may panic, a version compared with
//! itself must be compatible and have no breaking finding, two runs on the same pair must give
//! the same report, and every position must be a real line and column. Both files also go
//! through `trident import`'s converter: it may refuse them, but what it writes must check clean
//! (it checks its own output) and must not panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use trident_compat::{CheckOptions, Mode, Version};
use trident_formats::import::{ImportOptions, import_proto};
use trident_idl::RenderStyle;

fn load(label: &str, text: &str) -> Option<Version> {
    Version::from_sources(label, &[("a.proto", text)]).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (old, new) = match rest.iter().position(|&b| b == 0xFF) {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, rest),
    };
    let Some(old) = load("old", &String::from_utf8_lossy(old)) else {
        return;
    };
    let Some(new) = load("new", &String::from_utf8_lossy(new)) else {
        return;
    };
    assert!(old.is_proto() && new.is_proto());
    for version in [&old, &new] {
        let set = version.proto_descriptors().expect("a .proto version");
        let options = ImportOptions::new().default_package("fuzz");
        if let Ok(imported) = import_proto(set, &options) {
            assert!(!imported.files.is_empty() || set.file.iter().all(|f| f.message_type.is_empty() && f.enum_type.is_empty()));
        }
    }

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
    for finding in &full.findings {
        for location in [&finding.old, &finding.new].into_iter().flatten() {
            assert!(location.line >= 1 && location.column >= 1, "{location:?}");
        }
    }

    let options = CheckOptions {
        mode: match (flags >> 2) & 3 {
            0 => Mode::Backward,
            1 => Mode::Forward,
            _ => Mode::Full,
        },
        ..CheckOptions::default()
    };
    let report = trident_compat::check(&new, std::slice::from_ref(&old), &options);
    report.render(RenderStyle::Graphical { color: false });
    report.render(RenderStyle::Narrated);
    serde_json::to_string(&report.to_json()).expect("the report serializes");
    report.to_github();
    report.summary();
});
