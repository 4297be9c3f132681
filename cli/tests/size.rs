//! `trident size` end to end on the example schemas: the table and the JSON report, JSON Lines
//! and standard input, and the exit statuses and messages for a wrong type, wrong input and
//! broken schemas.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn workspace() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Runs `trident` in the workspace, with `stdin` as standard input.
fn trident_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trident"))
        .args(args)
        .current_dir(workspace())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run trident");
    // The command may exit before reading its input (on a schema error, say); then the write
    // fails with a broken pipe, which is not the test's concern.
    let _ = child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("wait for trident")
}

fn trident(args: &[&str]) -> Output {
    trident_with_stdin(args, "")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ORDER: &str = r#"{"id":"order-1001","customer":{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","name":"Ada","addresses":[],"member_since":"2019-03-14"},"items":[{"sku":"BOOK-42","quantity":2,"unit_price":{"minor_units":1999},"gift_wrap":false}],"status":"SHIPPED","labels":{"channel":"web"},"placed_at":"2024-05-01T12:30:05Z","total":{"minor_units":3998},"payment":{"card":{"brand":"VISA","last_four":"4242","expires":"2027-12-31","token":"AAH+/w=="}}}"#;

const SMALL_ORDER: &str = r#"{"id":"o2","customer":{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","name":"Bo","member_since":"2020-01-01"},"placed_at":"2024-05-02T08:00:00Z","total":{"minor_units":0}}"#;

/// A file in a fresh temporary folder.
fn input(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.json");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

/// The encodings of `values` as the dynamic encoder makes them: the expected sizes.
fn expected(values: &[&str]) -> [(u64, Vec<u8>); 3] {
    let files = trident_idl::collect_schema_files(
        &trident_idl::OsFileSystem,
        &[workspace().join("schemas")],
    )
    .unwrap();
    let schema = trident_idl::check_paths(&files, &trident_idl::Options::new())
        .schema
        .unwrap();
    let id = schema.lookup("acme.shop.Order").unwrap().id;
    let mut out: [(u64, Vec<u8>); 3] = Default::default();
    for text in values {
        let value: Value = serde_json::from_str(text).unwrap();
        let encoded = trident_formats::dynamic::encode(&schema, id, &value).unwrap();
        for (slot, bytes) in out
            .iter_mut()
            .zip([encoded.json, encoded.protobuf, encoded.avro])
        {
            slot.0 += bytes.len() as u64;
            slot.1.extend(bytes);
        }
    }
    out
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len() as u64
}

/// The cells of the table row that starts with `name`.
fn row<'a>(table: &'a str, name: &str) -> Vec<&'a str> {
    table
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} row in\n{table}"))
        .split_whitespace()
        .collect()
}

#[test]
fn one_value_prints_a_table_with_one_row_per_format() {
    let (_dir, path) = input(ORDER);
    let out = trident(&["size", "schemas", "--type", "acme.shop.Order", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.starts_with("acme.shop.Order: 1 message\n\n"),
        "{table}"
    );
    assert!(
        table.contains("format    total bytes  bytes/message  vs JSON  gzip total"),
        "{table}"
    );
    let [json, protobuf, avro] = expected(&[ORDER]);
    for (name, (total, bytes)) in [("JSON", &json), ("Protobuf", &protobuf), ("Avro", &avro)] {
        let cells = row(&table, name);
        let ratio = format!("{:.1}%", *total as f64 * 100.0 / json.0 as f64);
        assert_eq!(
            cells,
            [
                name.to_string(),
                total.to_string(),
                format!("{total}.0"),
                ratio,
                gzip_len(bytes).to_string()
            ],
            "{table}"
        );
    }
    // The JSON size is the compact re-encoding, not the size of the input text.
    assert!(json.0 > ORDER.len() as u64, "defaults are written out");
    assert!(protobuf.0 < json.0 && avro.0 < protobuf.0, "{table}");
}

#[test]
fn json_lines_sum_every_value_and_skip_blank_lines() {
    let text = format!("{ORDER}\n\n{SMALL_ORDER}\n   \n{ORDER}\n");
    let (_dir, path) = input(&text);
    let out = trident(&[
        "size",
        "schemas/shop.tri",
        "schemas/common.tri",
        "--type",
        "acme.shop.Order",
        &path,
        "--output",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["type"], "acme.shop.Order");
    assert_eq!(report["messages"], 3);
    let keys: Vec<&String> = report["formats"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["json", "protobuf", "avro"]);
    let [json, protobuf, avro] = expected(&[ORDER, SMALL_ORDER, ORDER]);
    for (key, (total, bytes)) in [("json", &json), ("protobuf", &protobuf), ("avro", &avro)] {
        let format = &report["formats"][key];
        let fields: Vec<&String> = format.as_object().unwrap().keys().collect();
        assert_eq!(
            fields,
            [
                "total_bytes",
                "bytes_per_message",
                "ratio_to_json",
                "gzip_total_bytes"
            ]
        );
        assert_eq!(format["total_bytes"], *total);
        assert_eq!(format["bytes_per_message"], *total as f64 / 3.0);
        assert_eq!(format["ratio_to_json"], *total as f64 / json.0 as f64);
        assert_eq!(format["gzip_total_bytes"], gzip_len(bytes));
    }
    assert_eq!(report["formats"]["json"]["ratio_to_json"], 1.0);
}

#[test]
fn a_dash_reads_standard_input_and_a_value_may_span_lines() {
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(ORDER).unwrap()).unwrap();
    let out = trident_with_stdin(
        &["size", "schemas", "--type", "acme.shop.Order", "-"],
        &pretty,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.starts_with("acme.shop.Order: 1 message"), "{table}");
    let [json, ..] = expected(&[ORDER]);
    assert_eq!(row(&table, "JSON")[1], json.0.to_string(), "{table}");
}

#[test]
fn unions_are_measured_too() {
    let out = trident_with_stdin(
        &["size", "schemas", "--type", "acme.telemetry.Payload", "-"],
        "{\"crash\":\"AAECAw==\"}\n{\"log\":{\"message\":\"boot\"}}\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.starts_with("acme.telemetry.Payload: 2 messages"),
        "{table}"
    );
    // {"crash":"AAECAw=="} and {"log":{"level":"INFO","message":"boot","thread":-1}}
    assert_eq!(row(&table, "JSON")[1], "73", "{table}");
}

#[test]
fn an_unknown_type_exits_2_and_names_close_and_available_types() {
    let (_dir, path) = input(ORDER);
    let out = trident(&["size", "schemas", "--type", "acme.shop.Ordr", &path]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains(
            "error: no record or union named `acme.shop.Ordr`; did you mean `acme.shop.Order`?"
        ),
        "{text}"
    );
    assert!(text.contains("available: acme.common.Money, "), "{text}");
    assert!(out.stdout.is_empty());

    let simple = trident(&["size", "schemas", "--type", "Order", &path]);
    assert_eq!(simple.status.code(), Some(2));
    assert!(
        stderr(&simple).contains("did you mean `acme.shop.Order`?"),
        "{}",
        stderr(&simple)
    );

    let enumeration = trident(&["size", "schemas", "--type", "acme.shop.Status", &path]);
    assert_eq!(enumeration.status.code(), Some(2));
    assert!(
        stderr(&enumeration).contains("`acme.shop.Status` is an enum"),
        "{}",
        stderr(&enumeration)
    );
}

#[test]
fn a_wrong_value_exits_2_naming_the_line_and_the_path() {
    let bad = r#"{"id":"o3","customer":{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","name":"C","member_since":"2020-01-01"},"items":[{"sku":"a","unit_price":{"minor_units":1},"gift_wrap":false},{"sku":"b","unit_price":{"minor_units":"lots"},"gift_wrap":false}],"placed_at":"2024-05-02T08:00:00Z","total":{"minor_units":0}}"#;
    let text = format!("{ORDER}\n\n{bad}\n");
    let out = trident_with_stdin(
        &["size", "schemas", "--type", "acme.shop.Order", "-"],
        &text,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().last().unwrap_or(""),
        "error: line 3: at .items[1].unit_price.minor_units: invalid value: string \"lots\", \
         expected an integer in the range of i64 (a number or a decimal string)"
    );
    assert!(out.stdout.is_empty());

    let missing = trident_with_stdin(
        &["size", "schemas", "--type", "acme.shop.Order", "-"],
        r#"{"id":"o"}"#,
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("error: line 1: at .: missing field `customer`"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn malformed_or_empty_input_exits_2() {
    let broken = trident_with_stdin(
        &["size", "schemas", "--type", "acme.shop.Order", "-"],
        &format!("{ORDER}\n{{\"id\": }}\n"),
    );
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        stderr(&broken).contains("error: line 2, column 8: invalid JSON: expected value"),
        "{}",
        stderr(&broken)
    );
    let two = trident_with_stdin(
        &["size", "schemas", "--type", "acme.shop.Order", "-"],
        &format!("{SMALL_ORDER} {SMALL_ORDER}\n"),
    );
    assert_eq!(two.status.code(), Some(2));
    assert!(
        stderr(&two).contains("line 1: a second value on the same line"),
        "{}",
        stderr(&two)
    );
    let empty = trident_with_stdin(
        &["size", "schemas", "--type", "acme.shop.Order", "-"],
        "\n \n",
    );
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).contains("the input holds no JSON value"),
        "{}",
        stderr(&empty)
    );
    let missing = trident(&[
        "size",
        "schemas",
        "--type",
        "acme.shop.Order",
        "nowhere.json",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("cannot read nowhere.json"),
        "{}",
        stderr(&missing)
    );
    let no_input = trident(&["size", "--type", "acme.shop.Order", "schemas"]);
    assert_eq!(no_input.status.code(), Some(2));
}

#[test]
fn schema_errors_exit_1_with_the_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.tri"),
        "package p;\nrecord R { a @1: Missing; }\n",
    )
    .unwrap();
    let schemas = dir.path().join("bad.tri");
    let out = trident_with_stdin(
        &["size", schemas.to_str().unwrap(), "--type", "p.R", "-"],
        "{}",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("E105"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}
