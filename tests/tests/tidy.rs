//! Repository hygiene, checked inside `cargo test`: every Rust file documents itself, no test is
//! switched off, no file grows past the size where it should be split, text files carry no
//! trailing whitespace or machine paths, and the docs list every diagnostic code.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every tracked-looking source file: skips build output and hidden folders.
fn files(extensions: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            if path.is_dir() {
                walk(&path, extensions, out);
            } else if path
                .extension()
                .is_some_and(|e| extensions.contains(&e.to_string_lossy().as_ref()))
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root(), extensions, &mut out);
    out.sort();
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let missing: Vec<String> = files(&["rs"])
        .into_iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "ui"))
        .filter(|p| {
            let text = read(p);
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            !first.starts_with("//!")
        })
        .map(|p| relative(&p))
        .collect();
    assert!(missing.is_empty(), "files without a `//!` doc: {missing:?}");
}

#[test]
fn no_test_is_switched_off_and_nothing_is_stubbed() {
    let banned = [
        concat!("#[", "ignore"),
        concat!("#[", "should_panic"),
        concat!("todo", "!("),
        concat!("unimplemented", "!("),
    ];
    let mut found = Vec::new();
    for path in files(&["rs"]) {
        for (i, line) in read(&path).lines().enumerate() {
            for b in banned {
                if line.contains(b) {
                    found.push(format!("{}:{}: {b}", relative(&path), i + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn source_files_stay_small_enough_to_read() {
    let long: Vec<String> = files(&["rs"])
        .into_iter()
        .filter(|p| read(p).lines().count() > 1000)
        .map(|p| relative(&p))
        .collect();
    assert!(long.is_empty(), "split these by concept: {long:?}");
}

#[test]
fn text_files_have_no_trailing_whitespace_or_machine_paths() {
    let mut found = Vec::new();
    let machine_paths = [concat!("/wo", "rk/"), concat!("/ro", "ot/")];
    for path in files(&["rs", "md", "tri", "pest", "toml", "sh"]) {
        for (i, line) in read(&path).lines().enumerate() {
            if line.ends_with(' ') || line.ends_with('\t') {
                found.push(format!(
                    "{}:{}: trailing whitespace",
                    relative(&path),
                    i + 1
                ));
            }
            if machine_paths.iter().any(|m| line.contains(m)) {
                found.push(format!("{}:{}: machine path", relative(&path), i + 1));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_language_reference_lists_every_diagnostic_code() {
    let reference = read(&root().join("docs/idl.md"));
    let missing: Vec<&str> = trident_idl::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !reference.contains(&format!("`{c}`")))
        .collect();
    assert!(missing.is_empty(), "docs/idl.md does not list {missing:?}");
}

#[test]
fn the_compatibility_guide_lists_every_rule() {
    let guide = read(&root().join("docs/compatibility.md"));
    let missing: Vec<&str> = trident_compat::Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| !guide.contains(&format!("| `{id}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "the rule table of docs/compatibility.md does not list {missing:?}"
    );
}
