//! What the corpus tests share: the corpus folders under `tests/`, their case folders, and the
//! two sides of a case. Each test binary uses a part of it.

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
