//! `trident import` of `.proto` files, against the corpus in `tests/import-proto/`.
//!
//! Every folder of `ok/` is imported (with `-I` the folder itself), the `.tri` result is checked,
//! exported back to `.proto`, and `trident breaking` must find the exported files and the
//! originals compatible in both directions (warnings, such as a nested message that became a
//! top-level one, are allowed). Services are not imported: an example with services must get a
//! note naming each of them on stderr, and is compared with a copy of itself without its
//! `service` blocks.
//!
//! Every file of `refused/` starts with `// refused: <construct> at LINE:COLUMN`; importing it
//! must exit with status 2 and name the construct and `FILE:LINE:COLUMN` on stderr (FILE as
//! protoc names it, relative to the include folder), and write nothing. The second comment line
//! of each file says which element the position is that of.
//!
//! Both corpus tests collect every mismatch and fail once, with the full list.

mod support;

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use support::{stderr, stdout, trident};

/// The corpus folder, canonical, so that a file and its include folder share one spelling.
fn corpus() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/import-proto");
    std::fs::canonicalize(&path).unwrap_or_else(|e| panic!("the corpus {}: {e}", path.display()))
}

/// The entries of a folder with one of the given kinds, sorted.
fn entries(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| keep(p))
        .collect();
    out.sort();
    out
}

/// Every file under `dir` whose name ends in `.extension`, relative to `dir`, sorted.
fn files_under(dir: &Path, extension: &str) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, extension: &str, out: &mut Vec<PathBuf>) {
        let Ok(read) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in read {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                walk(root, &path, extension, out);
            } else if path.extension().is_some_and(|e| e == extension) {
                out.push(
                    path.strip_prefix(root)
                        .expect("under the root")
                        .to_path_buf(),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, extension, &mut out);
    out.sort();
    out
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

/// `.proto` text without its `service … { … }` blocks: each line of a block becomes an empty
/// line, so the other elements keep their positions. Blocks are found at the top level (brace
/// depth 0) and matched by counting braces outside `//` comments, which is enough for the corpus
/// (no braces in strings or block comments).
fn strip_services(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut in_service = false;
    for line in text.split_inclusive('\n') {
        let code = line.split("//").next().unwrap_or("");
        if depth == 0 && !in_service {
            let trimmed = code.trim_start();
            in_service = trimmed
                .strip_prefix("service")
                .is_some_and(|rest| rest.starts_with(char::is_whitespace));
        }
        for c in code.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if in_service {
            if line.ends_with('\n') {
                out.push('\n');
            }
            if depth == 0 && code.contains('}') {
                in_service = false;
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The names of the services a `.proto` text declares (`service Name {` at the start of a line).
fn service_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("service")?;
            if !rest.starts_with(char::is_whitespace) {
                return None;
            }
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// Copies the `.proto` files of `from` to `to`, without their services. Returns the names of the
/// services left out.
fn copy_without_services(from: &Path, to: &Path) -> Vec<String> {
    let mut services = Vec::new();
    for relative in files_under(from, "proto") {
        let text = std::fs::read_to_string(from.join(&relative)).expect("readable");
        let stripped = strip_services(&text);
        services.extend(service_names(&text));
        let target = to.join(&relative);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("create folders");
        std::fs::write(target, stripped).expect("write");
    }
    services
}

/// The packages the `.proto` files of `dir` declare, as `.tri` paths (`acme.shop` →
/// `acme/shop.tri`).
fn expected_tri_files(dir: &Path) -> BTreeSet<PathBuf> {
    files_under(dir, "proto")
        .iter()
        .filter_map(|relative| {
            let text = std::fs::read_to_string(dir.join(relative)).expect("readable");
            text.lines().find_map(|line| {
                let package = line.trim().strip_prefix("package ")?;
                let package = package.trim_end_matches(';').trim();
                Some(PathBuf::from(format!("{}.tri", package.replace('.', "/"))))
            })
        })
        .collect()
}

/// One finding of `trident breaking --output json`, as a line.
fn finding_line(f: &Value) -> String {
    let text = |key: &str| f[key].as_str().unwrap_or("").to_string();
    let member = match f["field"].as_str() {
        Some(m) => format!(".{m}"),
        None => String::new(),
    };
    format!(
        "{} {} {}{member}: {}",
        text("severity"),
        text("rule"),
        text("type"),
        text("message")
    )
}

/// `trident breaking NEW --against OLD --output json` in `dir`: `Err` with the findings unless
/// it exits 0 and says `"compatible": true`.
fn compatible(dir: &Path, new: &str, old: &str) -> Result<(), String> {
    let out = trident(
        &["breaking", new, "--against", old, "--output", "json"],
        dir,
    );
    let json: Value = match serde_json::from_str(&stdout(&out)) {
        Ok(json) => json,
        Err(_) => {
            return Err(format!(
                "`breaking {new} --against {old}` exited with {:?} and no JSON:\n{}",
                out.status.code(),
                stderr(&out)
            ));
        }
    };
    if out.status.code() == Some(0) && json["compatible"] == Value::Bool(true) {
        return Ok(());
    }
    let findings: Vec<String> = json["findings"]
        .as_array()
        .map(|all| all.iter().map(finding_line).collect())
        .unwrap_or_default();
    Err(format!(
        "`breaking {new} --against {old}` exited with {:?}, compatible = {}, verdicts {}; \
         findings:\n      {}",
        out.status.code(),
        json["compatible"],
        json["verdicts"],
        findings.join("\n      ")
    ))
}

/// Runs `trident import INPUT -I INCLUDE -o tri EXTRA…` in `dir`.
fn import_to_tri(input: &Path, include: &Path, extra: &[&str], dir: &Path) -> Output {
    let mut args = vec![
        OsStr::new("import"),
        input.as_os_str(),
        OsStr::new("-I"),
        include.as_os_str(),
        OsStr::new("-o"),
        OsStr::new("tri"),
    ];
    args.extend(extra.iter().map(OsStr::new));
    trident(&args, dir)
}

/// Imports one `ok/` example, checks it, exports it and compares it with the original both ways.
fn round_trip(example: &Path) -> Result<(), String> {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path();
    let import = import_to_tri(example, example, &[], dir);
    if import.status.code() != Some(0) {
        return Err(format!(
            "import exited with {:?}:\n{}",
            import.status.code(),
            stderr(&import)
        ));
    }
    let mut problems = Vec::new();
    let services = copy_without_services(example, &dir.join("original"));
    let unnoted: Vec<&String> = services
        .iter()
        .filter(|name| !stderr(&import).contains(name.as_str()))
        .collect();
    if !unnoted.is_empty() {
        problems.push(format!(
            "the import leaves out services {unnoted:?} without a note naming them on stderr:\n{}",
            stderr(&import)
        ));
    }
    let written: BTreeSet<PathBuf> = files_under(&dir.join("tri"), "tri").into_iter().collect();
    let expected = expected_tri_files(example);
    if written != expected {
        problems.push(format!(
            "expected one .tri file per package, {expected:?}; the import wrote {written:?}"
        ));
    }
    let check = trident(&["check", "tri"], dir);
    if check.status.code() != Some(0) {
        problems.push(format!(
            "`trident check` of the result exited with {:?}:\n{}",
            check.status.code(),
            stderr(&check)
        ));
        return Err(problems.join("\n  "));
    }
    let export = trident(&["export", "proto", "tri", "-o", "proto"], dir);
    if export.status.code() != Some(0) {
        problems.push(format!(
            "`trident export proto` exited with {:?}:\n{}",
            export.status.code(),
            stderr(&export)
        ));
        return Err(problems.join("\n  "));
    }
    for (new, old) in [("proto", "original"), ("original", "proto")] {
        if let Err(e) = compatible(dir, new, old) {
            problems.push(e);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n  "))
    }
}

#[test]
fn every_ok_example_imports_checks_and_round_trips_through_the_proto_export() {
    let examples = entries(&corpus().join("ok"), Path::is_dir);
    assert!(
        examples.len() >= 8,
        "only {} examples in ok/",
        examples.len()
    );
    let failed: Vec<String> = examples
        .iter()
        .filter_map(|example| {
            round_trip(example)
                .err()
                .map(|e| format!("ok/{}:\n  {e}", name_of(example)))
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} examples do not round-trip:\n\n{}",
        failed.len(),
        examples.len(),
        failed.join("\n\n")
    );
}

/// What the first line of a `refused/` file says: the construct and `LINE:COLUMN`.
fn expectation(text: &str) -> Option<(String, String)> {
    let header = text.lines().next()?.strip_prefix("// refused: ")?;
    let (construct, position) = header.rsplit_once(" at ")?;
    let (line, column) = position.split_once(':')?;
    let numbers = [line, column]
        .iter()
        .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    numbers.then(|| (construct.to_string(), position.to_string()))
}

/// Imports one `refused/` file: `Err` unless it is refused as its header says.
fn refusal(folder: &Path, file: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).expect("readable");
    let Some((construct, position)) = expectation(&text) else {
        return Err("the first line is not `// refused: <construct> at LINE:COLUMN`".to_string());
    };
    let place = format!("{}:{position}", name_of(file));
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = import_to_tri(file, folder, &[], tmp.path());
    let err = stderr(&out);
    let mut problems = Vec::new();
    if out.status.code() != Some(2) {
        problems.push(format!("exit status {:?}, not 2", out.status.code()));
    }
    if !err.contains(&construct) {
        problems.push(format!("stderr does not name the construct `{construct}`"));
    }
    if !err.contains(&place) {
        problems.push(format!("stderr does not give the position `{place}`"));
    }
    if tmp.path().join("tri").exists() {
        problems.push("the output folder was written".to_string());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} (expected `error: {place}: {construct}: …`); stderr:\n    {}",
            problems.join("; "),
            err.trim_end().replace('\n', "\n    ")
        ))
    }
}

#[test]
fn every_refused_example_exits_2_naming_the_construct_and_its_position() {
    let folder = corpus().join("refused");
    let files = entries(&folder, |p| p.extension().is_some_and(|e| e == "proto"));
    assert!(files.len() >= 12, "only {} files in refused/", files.len());
    let failed: Vec<String> = files
        .iter()
        .filter_map(|file| {
            refusal(&folder, file)
                .err()
                .map(|e| format!("refused/{}: {e}", name_of(file)))
        })
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} refusals are not as expected:\n\n{}",
        failed.len(),
        files.len(),
        failed.join("\n\n")
    );
}

#[test]
fn the_shop_example_becomes_the_documented_tri_constructs() {
    let example = corpus().join("ok/shop");
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = import_to_tri(&example, &example, &[], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shop = std::fs::read_to_string(tmp.path().join("tri/acme/shop.tri")).expect("shop.tri");
    let wanted = [
        // Nested messages are flattened, their names concatenated.
        "record Order ",
        "record OrderItem ",
        "list<OrderItem>",
        "map<string, OrderItem>",
        // A message of one oneof is a union.
        "union Payment ",
        "record Card ",
        "enum OrderStatus ",
        "enum CardBrand ",
        // The enum prefix is dropped (the export adds it again).
        "PENDING = 1",
        "VISA = 1",
        "optional<string>",
        "optional<OrderStatus>",
        "map<string, string>",
        "list<string>",
        "list<timestamp>",
        // A message field has presence.
        "optional<timestamp>",
        "optional<Payment>",
        "#[deprecated",
        "\"coupon\"",
        "\"fax\"",
        // Comments become doc comments.
        "/// A customer order.",
        "/// Assigned at checkout.",
        "/// One product line of an order.",
        "/// A card payment.",
    ];
    let mut missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|w| !shop.contains(w))
        .collect();
    for unwanted in ["ORDER_STATUS_PENDING", "CARD_BRAND_VISA"] {
        if shop.contains(unwanted) {
            missing.push(unwanted);
        }
    }
    assert!(
        missing.is_empty(),
        "acme/shop.tri lacks (or, for prefixed enum values, has) {missing:?}:\n{shop}"
    );
}

#[test]
fn a_file_without_package_imports_with_package() {
    let file = corpus().join("refused/null-package.proto");
    let folder = corpus().join("refused");
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = import_to_tri(&file, &folder, &["--package", "acme.geo"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let geo = std::fs::read_to_string(tmp.path().join("tri/acme/geo.tri")).expect("geo.tri");
    assert!(geo.contains("package acme.geo;"), "{geo}");
    assert!(geo.contains("record Point "), "{geo}");
    let check = trident(&["check", "tri"], tmp.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn services_are_stripped_line_for_line_and_nothing_else_is() {
    let text = "syntax = \"proto3\";\n\nmessage A {\n  string id = 1; // {\n}\n\n// Reads.\n\
                service S {\n  rpc Get(A) returns (A);\n  rpc Watch(A) returns (stream A) {\n    \
                option idempotency_level = NO_SIDE_EFFECTS;\n  }\n}\nservice T { rpc P(A) \
                returns (A); }\nmessage B {}\n";
    let stripped = strip_services(text);
    assert_eq!(
        stripped,
        "syntax = \"proto3\";\n\nmessage A {\n  string id = 1; // {\n}\n\n// Reads.\n\n\n\n\n\
         \n\n\nmessage B {}\n"
    );
    assert_eq!(stripped.lines().count(), text.lines().count());
    assert_eq!(service_names(text), ["S", "T"]);
    let none = "message service_area {\n  string service = 1;\n}\n";
    assert_eq!(strip_services(none), none);
    assert!(service_names(none).is_empty());
}

/// Every side of the checker's `.proto` corpus (`compat/tests/proto/`) either imports and
/// round-trips like the `ok/` examples, or is refused for a construct the language cannot say
/// (never for anything else).
#[test]
fn every_side_of_the_compatibility_corpus_round_trips_or_is_refused_for_a_construct() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../compat/tests/proto");
    let constructs = [
        "required field",
        "default",
        "group",
        "extension",
        "oneof",
        "json_name",
        "map key",
        "enum value name",
        "enum alias",
        "well-known type",
        "null package",
    ];
    let (mut imported, mut refused, mut problems) = (0, 0, Vec::new());
    for case in entries(&cases, Path::is_dir) {
        for side in ["old", "new"] {
            let tmp = tempfile::tempdir().expect("a temporary folder");
            let folder = tmp.path().join("input");
            let file = case.join(format!("{side}.proto"));
            if file.is_file() {
                std::fs::create_dir_all(&folder).expect("create the folder");
                std::fs::copy(&file, folder.join("case.proto")).expect("copy the side");
            } else {
                copy_without_services(&case.join(side), &folder);
            }
            let what = format!("{}/{side}", name_of(&case));
            let probe = trident(
                &[
                    OsStr::new("import"),
                    folder.as_os_str(),
                    OsStr::new("-o"),
                    OsStr::new("probe"),
                ],
                tmp.path(),
            );
            if probe.status.code() == Some(2) {
                let err = stderr(&probe);
                if constructs.iter().any(|c| err.contains(&format!(": {c}: "))) {
                    refused += 1;
                } else {
                    problems.push(format!("{what}: refused for no construct:\n{err}"));
                }
                continue;
            }
            // Services are compared without their blocks (they are not imported).
            let stripped = tmp.path().join("stripped");
            copy_without_services(&folder, &stripped);
            match round_trip(&stripped) {
                Ok(()) => imported += 1,
                Err(e) => problems.push(format!("{what}: {e}")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(
        imported >= 140,
        "only {imported} corpus sides imported ({refused} refused)"
    );
}
