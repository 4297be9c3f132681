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
use trident_compat::{CheckOptions, Version};
use trident_formats::import::{ImportOptions, import_proto};
use trident_fuzz::checker;

fn load(label: &str, text: &str) -> Option<Version> {
    Version::from_sources(label, &[("a.proto", text)]).ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((flags, old, new)) = checker::split(data) else {
        return;
    };
    let Some(old) = load("old", &old) else {
        return;
    };
    let Some(new) = load("new", &new) else {
        return;
    };
    assert!(old.is_proto() && new.is_proto());
    for version in [&old, &new] {
        let set = version.proto_descriptors().expect("a .proto version");
        let options = ImportOptions::new().default_package("fuzz");
        if let Ok(imported) = import_proto(set, &options) {
            assert!(
                !imported.files.is_empty()
                    || set
                        .file
                        .iter()
                        .all(|f| f.message_type.is_empty() && f.enum_type.is_empty())
            );
        }
    }

    let full = checker::check_pair(&old, &new);
    for finding in &full.findings {
        for location in [&finding.old, &finding.new].into_iter().flatten() {
            assert!(location.line >= 1 && location.column >= 1, "{location:?}");
        }
    }
    let options = CheckOptions {
        mode: checker::mode(flags),
        ..CheckOptions::default()
    };
    checker::render(&trident_compat::check(
        &new,
        std::slice::from_ref(&old),
        &options,
    ));
});
