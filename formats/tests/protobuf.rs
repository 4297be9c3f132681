//! The example schemas lowered to protobuf: the printed `.proto` files compile with protox into
//! exactly the descriptors `lower` builds, and each file's text is kept as a snapshot.

mod support;

use std::path::PathBuf;

use trident_formats::protobuf::{export, lower};

#[test]
fn example_schemas_compile_back_to_the_lowered_descriptors() {
    support::assert_round_trip(&support::examples());
}

#[test]
fn the_all_features_fixture_compiles_back_to_the_lowered_descriptors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../idl/tests/ui/ok");
    support::assert_round_trip(&support::check_dir(dir));
}

#[test]
fn example_schemas_export_as_snapshots() {
    let schema = support::examples();
    for (name, text) in export(&schema) {
        insta::assert_snapshot!(name.replace('/', "_"), text);
    }
}

#[test]
fn export_is_deterministic() {
    let schema = support::examples();
    assert_eq!(export(&schema), export(&schema));
    assert_eq!(lower(&schema), lower(&support::examples()));
}

#[test]
fn printing_a_compiled_proto_file_gives_back_its_descriptor() {
    let sources = [
        (
            "x/y.proto",
            r#"syntax = "proto3";
package x.y;
import "google/protobuf/timestamp.proto";
// The outer message.
message Outer {
  message Inner { int32 a = 1; }
  enum Kind { KIND_A = 0; KIND_B = 1; }
  Inner inner = 1;
  oneof choice { string s = 2; Kind k = 3; }
  int32 after = 4 [json_name = "later"];
  map<string, Inner> by_key = 5;
  repeated google.protobuf.Timestamp times = 6;
  optional int32 maybe = 7;
  reserved 8 to max;
}
"#,
        ),
        (
            "p2.proto",
            r#"syntax = "proto2";
package p2;
message M {
  required int32 a = 1;
  optional string b = 2;
  repeated int64 c = 3;
  oneof o { int32 d = 4; }
}
"#,
        ),
    ];
    for (name, source) in sources {
        let original = support::compile(&[(name.to_owned(), source.to_owned())]).unwrap();
        let printed = trident_formats::protobuf::print(&original[0]);
        let reprinted = support::compile(&[(name.to_owned(), printed.clone())])
            .unwrap_or_else(|e| panic!("{e}\n{printed}"));
        assert_eq!(
            support::without_source_info(&original[0]),
            support::without_source_info(&reprinted[0]),
            "{printed}"
        );
    }
}
