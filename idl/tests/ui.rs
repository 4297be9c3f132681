//! Fixture tests: every file (or folder of files) under `tests/ui/ok` must check without any
//! diagnostic, and every one under `tests/ui/err` must produce the diagnostics its
//! `// expect: CODE LINE:COLUMN` comments name, at those positions. The rendered diagnostics of
//! every error fixture are snapshots (`tests/snapshots/`), reviewed with `cargo insta review`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use trident_idl::{Code, Options, RenderStyle};

/// One fixture: a single `.tri` file, or a folder whose `.tri` files are checked together.
struct Fixture {
    path: PathBuf,
    files: Vec<PathBuf>,
}

fn fixtures(kind: &str) -> Vec<Fixture> {
    let dir = Path::new("tests/ui").join(kind);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
        .into_iter()
        .filter_map(|path| {
            if path.is_dir() {
                let files = trident_idl::collect_schema_files(
                    &trident_idl::OsFileSystem,
                    std::slice::from_ref(&path),
                )
                .unwrap();
                Some(Fixture { path, files })
            } else if path.extension().is_some_and(|e| e == "tri") {
                Some(Fixture {
                    files: vec![path.clone()],
                    path,
                })
            } else {
                None
            }
        })
        .collect()
}

/// `(code, file, line, column)` from `// expect: E201 5:9` comments.
fn expectations(fixture: &Fixture) -> BTreeSet<(String, PathBuf, usize, usize)> {
    let mut out = BTreeSet::new();
    for file in &fixture.files {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        for line in text.lines() {
            let Some(rest) = line.split("// expect: ").nth(1) else {
                continue;
            };
            let mut parts = rest.split_whitespace();
            let code = parts.next().unwrap().to_string();
            let (l, c) = parts.next().unwrap().split_once(':').unwrap();
            out.insert((code, file.clone(), l.parse().unwrap(), c.parse().unwrap()));
        }
    }
    out
}

#[test]
fn ok_fixtures_have_no_diagnostics() {
    let fixtures = fixtures("ok");
    assert!(!fixtures.is_empty());
    for fixture in fixtures {
        let checked = trident_idl::check_paths(&fixture.files, &Options::new());
        let rendered = trident_idl::render(
            &checked.diagnostics,
            &checked.sources,
            RenderStyle::Narrated,
        );
        assert!(
            checked.diagnostics.is_empty(),
            "{}:\n{rendered}",
            fixture.path.display()
        );
        assert!(checked.schema.is_some());
    }
}

#[test]
fn err_fixtures_report_the_expected_codes_at_the_expected_places() {
    let fixtures = fixtures("err");
    assert!(!fixtures.is_empty());
    for fixture in fixtures {
        let expected = expectations(&fixture);
        assert!(
            !expected.is_empty(),
            "{} has no `// expect:` comment",
            fixture.path.display()
        );
        let checked = trident_idl::check_paths(&fixture.files, &Options::new());
        let actual: BTreeSet<(String, PathBuf, usize, usize)> = checked
            .diagnostics
            .iter()
            .map(|d| {
                let span = d.primary().span;
                let pos = checked.sources.line_col(span);
                let file = checked.sources.file(span.file).path().to_path_buf();
                (d.code().as_str().to_string(), file, pos.line, pos.column)
            })
            .collect();
        let rendered = trident_idl::render(
            &checked.diagnostics,
            &checked.sources,
            RenderStyle::Graphical { color: false },
        );
        assert_eq!(actual, expected, "{}:\n{rendered}", fixture.path.display());
        if checked.diagnostics.has_errors() {
            assert!(
                checked.schema.is_none(),
                "{}: a schema with errors produced a model",
                fixture.path.display()
            );
        }
        let name = fixture
            .path
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!("err", rendered);
        });
    }
}

#[test]
fn every_code_has_an_err_fixture() {
    let covered: BTreeSet<String> = fixtures("err")
        .iter()
        .flat_map(expectations)
        .map(|(code, ..)| code)
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !covered.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a failing fixture: {missing:?}"
    );
}
