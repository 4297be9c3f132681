//! `trident import`: `.avsc` files in, `.tri` files out (which `trident check` accepts), exit
//! status 2 and a message naming the construct and where for what `.tri` cannot say; a `.proto`
//! file without a package, and `.avsc` and `.proto` given together (`.proto` import itself is
//! tested in `import_proto.rs`).

mod support;

use support::{stderr, trident, write};

const ORDER: &str = r#"{"type": "record", "name": "Order", "namespace": "acme.shop", "fields": [
  {"name": "id", "type": "long"},
  {"name": "customer", "type": "acme.Customer"},
  {"name": "note", "type": ["null", "string"], "default": null}
]}"#;

const CUSTOMER: &str = r#"{"type": "record", "name": "Customer", "namespace": "acme",
  "fields": [{"name": "name", "type": "string"}]}"#;

#[test]
fn imports_files_that_use_each_others_types_and_the_result_checks() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(dir.path(), "order.avsc", ORDER);
    write(dir.path(), "customer.avsc", CUSTOMER);
    let out = trident(
        &["import", "order.avsc", "customer.avsc", "-o", "tri"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote 2 .tri file(s)"),
        "{}",
        stderr(&out)
    );
    let shop = std::fs::read_to_string(dir.path().join("tri/acme/shop.tri")).expect("shop.tri");
    assert!(shop.contains("import \"../acme.tri\";"), "{shop}");
    assert!(shop.contains("    customer @2: acme.Customer;\n"), "{shop}");
    assert!(dir.path().join("tri/acme.tri").is_file());
    let check = trident(&["check", "tri"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn a_folder_is_searched_for_avsc_files() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("avro")).expect("a folder");
    write(dir.path(), "avro/order.avsc", ORDER);
    write(dir.path(), "avro/customer.avsc", CUSTOMER);
    let out = trident(&["import", "avro", "-o", "tri"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("tri/acme/shop.tri").is_file());
}

#[test]
fn an_unsupported_construct_exits_2_naming_the_file_and_the_place() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(
        dir.path(),
        "order.avsc",
        r#"{"type": "record", "name": "Order", "namespace": "acme", "fields": [
          {"name": "id", "type": "long"},
          {"name": "price", "type": {"type": "fixed", "name": "Price", "size": 8,
            "logicalType": "decimal", "precision": 10, "scale": 2}}]}"#,
    );
    let out = trident(&["import", "order.avsc", "-o", "tri"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: order.avsc: fields[1] (\"price\").type: fixed `acme.Price` (8 bytes) with \
         logical type `decimal`: .tri has no fixed-size byte type\n"
    );
    assert!(!dir.path().join("tri").exists(), "nothing is written");
}

#[test]
fn a_type_without_namespace_needs_a_package() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(
        dir.path(),
        "p.avsc",
        r#"{"type": "record", "name": "Point", "fields": [{"name": "x", "type": "int"}]}"#,
    );
    let out = trident(&["import", "p.avsc", "-o", "tri"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`Point` has no namespace"),
        "{}",
        stderr(&out)
    );
    let out = trident(
        &["import", "p.avsc", "-o", "tri", "--package", "geo"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("tri/geo.tri").is_file());
}

#[test]
fn proto_without_package_and_missing_files_exit_2() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write(
        dir.path(),
        "a.proto",
        "syntax = \"proto3\";\nmessage A { string id = 1; }\n",
    );
    let out = trident(&["import", "a.proto", "-o", "tri"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: a.proto:1:1: null package: the file has no `package`, and every .tri type lives \
         in a package; give one with --package\n"
    );
    let out = trident(
        &["import", "a.proto", "-o", "tri", "--package", "acme"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("tri/acme.tri").is_file());
    // .avsc and .proto cannot be imported together.
    write(
        dir.path(),
        "b.avsc",
        r#"{"type": "record", "name": "B", "fields": []}"#,
    );
    let out = trident(&["import", "a.proto", "b.avsc", "-o", "tri"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not both"), "{}", stderr(&out));
    let out = trident(&["import", "missing.avsc", "-o", "tri"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read missing.avsc"),
        "{}",
        stderr(&out)
    );
}
