//! Writes the seed corpora under `fuzz/seeds/`: run `cargo run --example seeds` in `fuzz/`.
//!
//! - `idl`: the example schemas;
//! - `compat`: pairs of versions, each a flags byte, the old text, `0xFF` and the new text: a
//!   few cases of the checker's corpus (`compat/tests/cases`) and edits of the examples;
//! - `compat_proto`: the same for `.proto` files: every single-file case of the `.proto` corpus
//!   (`compat/tests/proto`);
//! - `protobuf_decode`, `avro_decode`, `avro_resolve`, `json_decode`: one value of every
//!   record and union, encoded in the target's format behind the bytes that pick the type and
//!   the mode (see each target's docs), plus container files and single-object encodings for
//!   `avro_decode` and evolved writer schemas for `avro_resolve`.
//!
//! The values are written below as JSON (types without an entry use their default value). The
//! files are deterministic, so regenerating changes nothing unless the schemas or the values
//! change.

#![allow(deprecated)]

use std::path::{Path, PathBuf};

use trident::{Codec, ContainerWriter, Message};
use trident_fuzz::{TYPES, Visit, visit};

/// One value per type, as Trident's JSON.
const VALUES: &[(&str, &str)] = &[
    (
        "acme.common.Money",
        r#"{"currency": "EUR", "minor_units": -1250}"#,
    ),
    (
        "acme.common.Address",
        r#"{"street": "Hauptstr. 1", "city": "Köln", "postcode": "50667", "region": "NRW"}"#,
    ),
    (
        "acme.common.Customer",
        r#"{"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "name": "Ada", "email": "ada@example.com",
            "addresses": [{"street": "A", "city": "B", "postcode": "1"}], "tier": "GOLD",
            "member_since": "2020-02-29"}"#,
    ),
    (
        "acme.documents.Document",
        r#"{"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "title": "Notes",
            "owner": {"id": "00000000-0000-0000-0000-000000000001", "name": "B", "member_since": "1970-01-01"},
            "root": {"id": 1, "content": {"heading": {"level": 2, "text": "Hi"}},
                     "children": [{"id": 2, "content": {"paragraph": {"text": "x", "spans": [{"start": 0, "end": 1, "bold": true}]}}}]},
            "created": "2024-05-01T12:30:05.120Z", "modified": "2024-05-02T00:00:00Z",
            "fragments": {"f": {"id": 3, "content": {"picture": "AAE="}}}, "revision": 7}"#,
    ),
    (
        "acme.documents.Node",
        r#"{"id": 9, "content": {"embed": {"fragment": "f", "fallback": {"id": 10, "content": {"image": {"url": "u", "width": 1, "height": 2}}}}},
            "origin": {"id": 8, "content": {"paragraph": {"text": ""}}}, "style": {"color": "red"}}"#,
    ),
    (
        "acme.documents.Block",
        r#"{"image": {"url": "a.png", "width": 640, "height": 480, "alt": "a", "scale": 0.5}}"#,
    ),
    (
        "acme.documents.Paragraph",
        r#"{"text": "Hello", "spans": [{"start": 1, "end": 3, "italic": true, "link": "l"}]}"#,
    ),
    (
        "acme.documents.Span",
        r#"{"start": 4294967295, "end": 0, "bold": true}"#,
    ),
    (
        "acme.documents.Heading",
        r#"{"level": -3, "text": "Title"}"#,
    ),
    (
        "acme.documents.Image",
        r#"{"url": "i", "width": 3, "height": 4, "scale": "NaN"}"#,
    ),
    ("acme.documents.Embed", r#"{"fragment": "x"}"#),
    (
        "acme.shop.Order",
        r#"{"id": "o-1", "customer": {"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "name": "C", "member_since": "2001-01-01"},
            "items": [{"sku": "s", "quantity": 2, "unit_price": {"minor_units": 100}, "discount": 0.25, "gift_wrap": false}],
            "status": "PAID", "note": "n", "labels": {"a": "b", "c": "d"}, "placed_at": "1969-12-31T23:59:59.999999Z",
            "coupon": "c", "total": {"currency": "USD", "minor_units": 200},
            "payment": {"card": {"brand": "VISA", "last_four": "4242", "expires": "2030-12-31", "token": "3q2+7w=="}},
            "discounts": {"x": {"minor_units": 1}}, "ship_to": {"street": "s", "city": "c", "postcode": "p"}, "gift": true}"#,
    ),
    (
        "acme.shop.LineItem",
        r#"{"sku": "k", "quantity": 0, "unit_price": {"minor_units": 5}, "discount": -0.0, "gift_wrap": true}"#,
    ),
    ("acme.shop.Payment", r#"{"points": 18446744073709551615}"#),
    (
        "acme.shop.Card",
        r#"{"brand": "AMEX", "last_four": "0005", "expires": "1999-01-01", "token": ""}"#,
    ),
    (
        "acme.shop.Voucher",
        r#"{"code": "V", "value": {"minor_units": 3}, "owner": "00000000-0000-0000-0000-00000000000a"}"#,
    ),
    (
        "acme.telemetry.Event",
        r#"{"device_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "sequence": 42, "sent_at": "2024-01-01T00:00:00Z",
            "payload": {"metric": {"name": "t", "unit": "CELSIUS", "samples": [1.5, -2, "Infinity"], "min": -2, "max": 1.5}},
            "tags": {"k": "v"}, "firmware": {"major": 2, "minor": 1, "label": "rc1", "signature": "AQI="},
            "site": {"street": "s", "city": "c", "postcode": "p", "country": "FR"}}"#,
    ),
    (
        "acme.telemetry.Payload",
        r#"{"log": {"level": "ERROR", "message": "boom", "location": "a.c:1", "thread": 7}}"#,
    ),
    (
        "acme.telemetry.Metric",
        r#"{"name": "m", "unit": "VOLTS", "samples": [0.1, 0.2]}"#,
    ),
    (
        "acme.telemetry.LogLine",
        r#"{"level": "TRACE", "message": "m"}"#,
    ),
    ("acme.telemetry.LegacyLog", r#"{"text": "old"}"#),
    (
        "acme.telemetry.Heartbeat",
        r#"{"uptime_seconds": 3600, "battery_percent": 55.5, "temperature": -40.25, "signal_dbm": -90,
            "free_memory": 1024, "on_mains_power": false, "last_boot": "2024-02-29"}"#,
    ),
    (
        "acme.telemetry.Version",
        r#"{"major": 1, "minor": 2, "patch": 3, "label": "", "signature": ""}"#,
    ),
    (
        "testing.coverage.Scalars",
        r#"{"flag": true, "small": -2147483648, "big": -9223372036854775808, "count": 4294967295,
            "total": 18446744073709551615, "ratio": 1e-45, "precise": -1.7976931348623157e308, "text": "é\u0000",
            "blob": "/w==", "at": "-0001-01-01T00:00:00Z", "day": "9999-12-31", "id": "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "color": "NEGATIVE", "far": 1, "high": "h"}"#,
    ),
    (
        "testing.coverage.Optionals",
        r#"{"flag": false, "small": 0, "text": "", "at": "1970-01-01T00:00:00Z", "color": "BLUE",
            "choice": {"nothing": {}}, "nothing": {}}"#,
    ),
    (
        "testing.coverage.Lists",
        r#"{"flag": [true, false], "small": [-1, 1], "total": [0, 18446744073709551615], "ratio": [0.5],
            "blob": ["", "AA=="], "color": ["RED", "BLUE"], "choice": [{"small": 1}, {"text": "t"}], "nothing": [{}, {}]}"#,
    ),
    (
        "testing.coverage.Maps",
        r#"{"flag": {"a": true}, "big": {"": -1}, "precise": {"x": "-Infinity"}, "day": {"d": "2000-01-01"},
            "choice": {"c": {"color": "GREEN"}}}"#,
    ),
    (
        "testing.coverage.Defaults",
        r#"{"zero_real": 0.0, "low": "RED"}"#,
    ),
    ("testing.coverage.Choice", r#"{"blob": "aGk="}"#),
    ("testing.coverage.Logical", r#"{"day": "2024-05-01"}"#),
    (
        "testing.coverage.Instant",
        r#"{"at": "2024-05-01T12:30:05.000001Z"}"#,
    ),
    ("testing.coverage.Counter", r#"{"total": 1}"#),
    ("testing.coverage.Named", r#"{"value": "v"}"#),
    (
        "testing.coverage.Holder",
        r#"{"logical": {"id": "0f8fad5b-d9cb-469f-a165-70867728950e"}, "instant": {"at": "2000-01-01T00:00:00Z"},
            "counter": {"total": 5}, "named": {"other": {}}, "maybe": {"count": 3},
            "many": [{"at": "2000-01-01T00:00:00Z"}], "keyed": {"k": {"total": 2}}}"#,
    ),
    ("evolution.v2.Place", r#"{"city": "Bonn", "street": "s"}"#),
    ("evolution.v2.Payload", r#"{"point": {"x": 1, "y": -1}}"#),
    ("evolution.v2.Point", r#"{"x": 0.5, "y": 2}"#),
];

/// Compatibility cases used as `compat` seeds (`compat/tests/cases/<case>/{old,new}/a.tri`).
const COMPAT_CASES: &[&str] = &[
    "cardinality-list-to-map",
    "enum-value-renumbered",
    "field-renamed-aliased",
    "field-type-i32-to-i64",
    "optional-added",
    "reserved-number-reused",
    "type-kind-record-to-union",
    "variant-type-widened",
];

/// Where the seed corpora go: one folder per target.
struct Seeds {
    root: PathBuf,
}

impl Seeds {
    fn write(&self, target: &str, name: &str, bytes: &[u8]) {
        let dir = self.root.join(target);
        std::fs::create_dir_all(&dir).expect("cannot create a seed folder");
        std::fs::write(dir.join(name), bytes).expect("cannot write a seed");
    }
}

/// Writes the decoder seeds of one type.
struct Encode<'a> {
    seeds: &'a Seeds,
    index: u8,
}

impl Visit for Encode<'_> {
    type Output = ();

    fn visit<T: Message>(self) {
        let value = match VALUES.iter().find(|(name, _)| *name == T::FULL_NAME) {
            Some((_, json)) => T::from_json(json).unwrap_or_else(|e| {
                panic!("the seed value of {} does not decode: {e}", T::FULL_NAME)
            }),
            None => T::default(),
        };
        let seeds = self.seeds;
        let name = T::FULL_NAME;
        let with = |head: &[u8], body: &[u8]| [head, body].concat();
        let i = self.index;
        seeds.write(
            "protobuf_decode",
            name,
            &with(&[i, 0], &value.to_protobuf()),
        );
        seeds.write(
            "json_decode",
            name,
            &with(&[i, 1], value.to_json().as_bytes()),
        );
        seeds.write("avro_decode", name, &with(&[i, 0], &value.to_avro()));
        seeds.write("avro_resolve", name, &with(&[i, 0, 0], &value.to_avro()));
        // A few more shapes, for some types only, to keep the corpora small.
        if matches!(
            name,
            "acme.shop.Order" | "acme.telemetry.Event" | "testing.coverage.Lists"
        ) {
            let mut single = Vec::new();
            value.encode_avro_single_object(&mut single);
            seeds.write(
                "avro_decode",
                &format!("{name}.single"),
                &with(&[i, 1], &single),
            );
        }
        // Container files hold the whole schema, so only types with small schemas get one.
        if matches!(name, "acme.common.Money" | "acme.common.Address") {
            for (codec, label) in [(Codec::Null, "null"), (Codec::Deflate(6), "deflate")] {
                let file = container(&value, codec);
                seeds.write(
                    "avro_decode",
                    &format!("{name}.{label}"),
                    &with(&[i, 2], &file),
                );
            }
        }
        if matches!(
            name,
            "acme.shop.Order" | "acme.telemetry.Event" | "testing.coverage.Lists"
        ) {
            // Evolved writer schemas: a field removed (op 6), a long narrowed to int (op 0), a
            // union branch added (op 2). The data is the value in the type's own encoding, which
            // the fuzzer reshapes.
            for (label, ops) in [
                ("removed", [6, 0, 1]),
                ("narrowed", [0, 3, 0]),
                ("widened", [2, 1, 4]),
            ] {
                let head = [&[i, 0, 1][..], &ops[..]].concat();
                seeds.write(
                    "avro_resolve",
                    &format!("{name}.{label}"),
                    &with(&head, &value.to_avro()),
                );
            }
        }
    }
}

/// A container file of `value` and the default value, with a fixed sync marker (the writer
/// draws a random one) so that the seed is the same every time.
fn container<T: Message>(value: &T, codec: Codec) -> Vec<u8> {
    let mut writer = ContainerWriter::<T, _>::new(Vec::new(), codec).expect("a container starts");
    writer.append(value).expect("a value is written");
    writer.append(&T::default()).expect("a value is written");
    let mut file = writer.finish().expect("a container ends");
    let sync: [u8; 16] = file[file.len() - 16..].try_into().expect("16 bytes");
    let mut at = 0;
    while let Some(found) = file[at..].windows(16).position(|w| w == sync) {
        file[at + found..at + found + 16].copy_from_slice(&[0x5a; 16]);
        at += found + 16;
    }
    file
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn main() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = Seeds {
        root: fuzz.join("seeds"),
    };
    if seeds.root.exists() {
        std::fs::remove_dir_all(&seeds.root).expect("cannot clear the seeds");
    }

    for (i, _) in TYPES.iter().enumerate() {
        let index = u8::try_from(i).expect("fewer than 256 types");
        visit(
            i,
            Encode {
                seeds: &seeds,
                index,
            },
        );
    }

    let schemas = fuzz.join("../schemas");
    let mut examples = Vec::new();
    for name in ["common.tri", "shop.tri", "telemetry.tri", "documents.tri"] {
        let text = read(&schemas.join(name));
        seeds.write("idl", name, text.as_bytes());
        examples.push((name, text));
    }

    let pair = |flags: u8, old: &str, new: &str| {
        [&[flags][..], old.as_bytes(), &[0xFF], new.as_bytes()].concat()
    };
    // Flags: 1 and 2 add common.tri to the old and the new version, 8 is the full mode.
    let cases = fuzz.join("../compat/tests/cases");
    for case in COMPAT_CASES {
        let old = read(&cases.join(case).join("old/a.tri"));
        let new = read(&cases.join(case).join("new/a.tri"));
        seeds.write("compat", case, &pair(8, &old, &new));
    }
    let proto_cases = fuzz.join("../compat/tests/proto");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&proto_cases)
        .expect("compat/tests/proto exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.join("old.proto").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let old = read(&dir.join("old.proto"));
        let new = read(&dir.join("new.proto"));
        let name = dir.file_name().expect("a case name").to_string_lossy();
        seeds.write("compat_proto", &name, &pair(8, &old, &new));
    }
    // Edits of the examples: shop.tri needs common.tri beside it (flags 1 and 2).
    let common = &examples[0].1;
    let shop = &examples[1].1;
    let edits = [
        (
            "common-type-changed",
            8,
            common,
            "minor_units @2: i64;",
            "minor_units @2: i32;",
        ),
        (
            "shop-variant-added",
            11,
            shop,
            "    points   @5: u64;\n",
            "    points   @5: u64;\n    cash     @6: string;\n",
        ),
    ];
    for (name, flags, text, from, to) in edits {
        assert!(
            text.contains(from),
            "the example no longer contains {from:?}"
        );
        seeds.write("compat", name, &pair(flags, text, &text.replace(from, to)));
    }
}
