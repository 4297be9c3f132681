//! The protobuf lowering rules for record fields (presence, types, defaults, maps, names), each
//! on a small inline schema. Every schema is also exported, compiled with protox and checked to
//! give back the lowered descriptors.

mod support;

use prost_types::field_descriptor_proto::{Label, Type as ProtoType};
use support::{exported, field, location, lowered, message, only_file};
use trident_formats::protobuf::{Presence, presence};
use trident_idl::model::TypeKind;

const PRESENCE_SCHEMA: &str = "package t;
record R {
    list_      @1: list<i32>;
    map_       @2: map<string, i32>;
    opt_record @3: optional<Inner>;
    opt_union  @4: optional<U>;
    opt_time   @5: optional<timestamp>;
    opt_int    @6: optional<i32>;
    opt_enum   @7: optional<E>;
    opt_uuid   @8: optional<uuid>;
    opt_date   @9: optional<date>;
    opt_bytes  @10: optional<bytes>;
    record_    @11: Inner;
    union_     @12: U;
    time       @13: timestamp;
    plain_int  @14: i32;
    zero_int   @15: i64 = 0;
    one_int    @16: i64 = 1;
    zero_uint  @17: u64 = 0;
    big_uint   @18: u64 = 18446744073709551615;
    neg_zero   @19: f64 = -0.0;
    zero_float @20: f32 = 0.0;
    half       @21: f64 = 0.5;
    no         @22: bool = false;
    yes        @23: bool = true;
    empty_str  @24: string = \"\";
    str_       @25: string = \"x\";
    empty_byte @26: bytes = \"\";
    byte_      @27: bytes = \"\\x00\";
    zero_enum  @28: E = ZERO;
    one_enum   @29: E = ONE;
    plain_enum @30: E;
    day        @31: date;
    id         @32: uuid;
}
record Inner { x @1: i32; }
union U { a @1: i32; b @2: string; }
enum E { ZERO = 0; ONE = 1; }
";

#[test]
fn presence_follows_the_field_type_and_default() {
    let (schema, proto) = lowered(PRESENCE_SCHEMA);
    let TypeKind::Record(record) = &schema.lookup("t.R").unwrap().kind else {
        panic!("R is a record")
    };
    let expected = [
        ("list_", Presence::Repeated),
        ("map_", Presence::Map),
        ("opt_record", Presence::Message),
        ("opt_union", Presence::Message),
        ("opt_time", Presence::Message),
        ("opt_int", Presence::Explicit),
        ("opt_enum", Presence::Explicit),
        ("opt_uuid", Presence::Explicit),
        ("opt_date", Presence::Explicit),
        ("opt_bytes", Presence::Explicit),
        ("record_", Presence::Message),
        ("union_", Presence::Message),
        ("time", Presence::Message),
        ("plain_int", Presence::Implicit),
        ("zero_int", Presence::Implicit),
        ("one_int", Presence::Explicit),
        ("zero_uint", Presence::Implicit),
        ("big_uint", Presence::Explicit),
        // -0.0 is not protobuf's zero: a missing field would read as +0.0 in other readers.
        ("neg_zero", Presence::Explicit),
        ("zero_float", Presence::Implicit),
        ("half", Presence::Explicit),
        ("no", Presence::Implicit),
        ("yes", Presence::Explicit),
        ("empty_str", Presence::Implicit),
        ("str_", Presence::Explicit),
        ("empty_byte", Presence::Implicit),
        ("byte_", Presence::Explicit),
        ("zero_enum", Presence::Implicit),
        ("one_enum", Presence::Explicit),
        ("plain_enum", Presence::Implicit),
        ("day", Presence::Implicit),
        ("id", Presence::Implicit),
    ];
    assert_eq!(record.fields.len(), expected.len());
    let r = message(only_file(&proto), "R");
    for (f, (name, want)) in record.fields.iter().zip(expected) {
        assert_eq!(f.name, name);
        assert_eq!(presence(&schema, f), want, "presence of {name}");
        let descriptor = field(r, name);
        let explicit = want == Presence::Explicit;
        assert_eq!(
            descriptor.proto3_optional,
            explicit.then_some(true),
            "{name}"
        );
        let label = if matches!(want, Presence::Repeated | Presence::Map) {
            Label::Repeated
        } else {
            Label::Optional
        };
        assert_eq!(descriptor.label(), label, "{name}");
        if explicit {
            let oneof = &r.oneof_decl[usize::try_from(descriptor.oneof_index()).unwrap()];
            assert_eq!(oneof.name(), format!("_{name}"));
        } else {
            assert_eq!(descriptor.oneof_index, None, "{name}");
        }
    }
    // Synthetic oneofs are listed in field order.
    let oneofs: Vec<&str> = r.oneof_decl.iter().map(|o| o.name()).collect();
    assert_eq!(
        oneofs,
        [
            "_opt_int",
            "_opt_enum",
            "_opt_uuid",
            "_opt_date",
            "_opt_bytes",
            "_one_int",
            "_big_uint",
            "_neg_zero",
            "_half",
            "_yes",
            "_str_",
            "_byte_",
            "_one_enum"
        ]
    );
}

#[test]
fn types_map_to_protobuf_types() {
    let (_, proto) = lowered(PRESENCE_SCHEMA);
    let r = message(only_file(&proto), "R");
    let expect = |name: &str, ty: ProtoType, type_name: Option<&str>| {
        let f = field(r, name);
        assert_eq!(f.r#type(), ty, "{name}");
        assert_eq!(f.type_name.as_deref(), type_name, "{name}");
    };
    expect("list_", ProtoType::Int32, None);
    expect("opt_record", ProtoType::Message, Some(".t.Inner"));
    expect("opt_union", ProtoType::Message, Some(".t.U"));
    expect(
        "time",
        ProtoType::Message,
        Some(".google.protobuf.Timestamp"),
    );
    expect("opt_enum", ProtoType::Enum, Some(".t.E"));
    expect("opt_uuid", ProtoType::String, None);
    expect("day", ProtoType::Int32, None);
    expect("big_uint", ProtoType::Uint64, None);
    expect("half", ProtoType::Double, None);
    expect("zero_float", ProtoType::Float, None);
    expect("byte_", ProtoType::Bytes, None);
    expect("yes", ProtoType::Bool, None);
    expect("map_", ProtoType::Message, Some(".t.R.MapEntry"));
}

#[test]
fn defaults_of_explicit_fields_are_trailing_comments() {
    let (schema, proto) = lowered(
        "package t;
record R {
    a @1: f32 = 0.1;
    b @2: f64 = 1e300;
    c @3: string = \"say \\\"hi\\\"\\n\";
    d @4: bytes = \"a\\x00\\xff\";
    e @5: E = SECOND;
    f @6: i32 = -3;
    g @7: bool = false;
}
enum E { FIRST = 0; SECOND = 1; }
",
    );
    let text = exported(&schema);
    for line in [
        "  optional float a = 1; // default: 0.1\n",
        "  optional double b = 2; // default: 1e300\n",
        "  optional string c = 3; // default: \"say \\\"hi\\\"\\n\"\n",
        "  optional bytes d = 4; // default: \"a\\x00\\xff\"\n",
        "  optional E e = 5; // default: E_SECOND\n",
        "  optional int32 f = 6; // default: -3\n",
        "  bool g = 7;\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    let file = only_file(&proto);
    assert_eq!(
        location(file, &[4, 0, 2, 5]).trailing_comments.as_deref(),
        Some(" default: -3\n")
    );
    assert_eq!(location(file, &[4, 0, 2, 6]).trailing_comments, None);
}

#[test]
fn synthetic_oneof_names_avoid_taken_names_as_protoc_does() {
    let (_, proto) =
        lowered("package t;\nrecord R { _hidden @1: optional<i32>; shown @2: optional<i32>; }\n");
    let r = message(only_file(&proto), "R");
    // protoc keeps a leading `_`, then prepends `X` while a field or oneof has the name.
    let names: Vec<&str> = r.oneof_decl.iter().map(|o| o.name()).collect();
    assert_eq!(names, ["X_hidden", "_shown"]);
}

#[test]
fn map_fields_get_entry_messages_named_like_protoc() {
    let (schema, proto) = lowered(
        "package t;
record R { by_name @1: map<string, Item>; by_kind @2: map<string, E>; counts @3: map<string, u64>; }
record Item { x @1: i32; }
enum E { Z = 0; }
",
    );
    let r = message(only_file(&proto), "R");
    let entries: Vec<&str> = r.nested_type.iter().map(|n| n.name()).collect();
    assert_eq!(entries, ["ByNameEntry", "ByKindEntry", "CountsEntry"]);
    let entry = &r.nested_type[0];
    assert_eq!(entry.options.as_ref().and_then(|o| o.map_entry), Some(true));
    let key = field(entry, "key");
    assert_eq!(
        (key.number(), key.r#type(), key.label()),
        (1, ProtoType::String, Label::Optional)
    );
    let value = field(entry, "value");
    assert_eq!((value.number(), value.r#type()), (2, ProtoType::Message));
    assert_eq!(value.type_name(), ".t.Item");
    assert_eq!(field(&r.nested_type[1], "value").r#type(), ProtoType::Enum);
    assert_eq!(
        field(&r.nested_type[2], "value").r#type(),
        ProtoType::Uint64
    );
    let by_name = field(r, "by_name");
    assert_eq!(by_name.label(), Label::Repeated);
    assert_eq!(by_name.type_name(), ".t.R.ByNameEntry");
    assert_eq!(by_name.json_name(), "byName");

    let text = exported(&schema);
    assert!(
        text.contains("  map<string, Item> by_name = 1;\n"),
        "{text}"
    );
    assert!(text.contains("  map<string, E> by_kind = 2;\n"), "{text}");
    assert!(
        text.contains("  map<string, uint64> counts = 3;\n"),
        "{text}"
    );
}

#[test]
fn a_type_shadowed_by_a_map_entry_is_printed_fully_qualified() {
    let (schema, _) = lowered(
        "package t;
record R { labels @1: map<string, string>; other @2: LabelsEntry; }
record LabelsEntry { x @1: i32; }
",
    );
    let text = exported(&schema);
    assert!(text.contains("  .t.LabelsEntry other = 2;\n"), "{text}");
}

#[test]
fn json_names_are_lower_camel_case() {
    let (_, proto) =
        lowered("package t;\nrecord R { placed_at @1: i32; id @2: i32; a_b_c @3: list<i32>; }\n");
    let r = message(only_file(&proto), "R");
    let names: Vec<&str> = r.field.iter().map(|f| f.json_name()).collect();
    assert_eq!(names, ["placedAt", "id", "aBC"]);
}
