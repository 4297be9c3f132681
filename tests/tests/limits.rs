//! The decode limits of every format: input size, items per list or map, and nesting, with their
//! defaults, their setters, and errors that say which limit, where, and at which byte or line.

use trident::{AvroOptions, DecodeErrorKind, DecodeOptions, JsonOptions, Message, Timestamp, Uuid};
use trident_tests::ours::testing::coverage::{Lists, Maps};

fn lists_of(count: usize) -> Lists {
    Lists {
        small: (0..count as i32).collect(),
        text: (0..count).map(|i| i.to_string()).collect(),
        ..Lists::default()
    }
}

fn maps_of(count: usize) -> Maps {
    Maps {
        small: (0..count as i32).map(|i| (i.to_string(), i)).collect(),
        ..Maps::default()
    }
}

#[test]
fn the_defaults_are_documented_and_shared_by_every_format() {
    let protobuf = DecodeOptions::default();
    let avro = AvroOptions::default();
    let json = JsonOptions::default();
    assert_eq!(protobuf.max_depth, 100);
    assert_eq!(avro.max_depth, 100);
    for (size, items) in [
        (protobuf.max_message_size, protobuf.max_collection_len),
        (avro.max_message_size, avro.max_collection_len),
        (json.max_message_size, json.max_collection_len),
    ] {
        assert_eq!(size, 64 << 20);
        assert_eq!(items, 1 << 20);
    }
}

#[test]
fn an_input_over_the_size_limit_is_refused_before_decoding() {
    let lists = lists_of(10);
    let protobuf = lists.to_protobuf();
    let limit = protobuf.len() - 1;
    let e = Lists::from_protobuf_with(&protobuf, DecodeOptions::default().max_message_size(limit))
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::MessageTooLarge {
            size: protobuf.len(),
            limit
        }
    );
    assert_eq!(e.offset(), Some(0));
    assert!(
        Lists::from_protobuf_with(
            &protobuf,
            DecodeOptions::default().max_message_size(protobuf.len())
        )
        .is_ok()
    );

    let avro = lists.to_avro();
    let e = Lists::from_avro_with(
        &avro,
        AvroOptions::default().max_message_size(avro.len() - 1),
    )
    .unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::MessageTooLarge { .. }));
    assert_eq!(
        e.to_string(),
        format!(
            "cannot decode Avro at Lists: input of {} bytes exceeds the limit of {} bytes (byte 0)",
            avro.len(),
            avro.len() - 1
        )
    );

    let json = lists.to_json();
    let e = Lists::from_json_slice_with(
        json.as_bytes(),
        JsonOptions::default().max_message_size(json.len() - 1),
    )
    .unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::MessageTooLarge { .. }));
    assert!(
        Lists::from_json_slice_with(
            json.as_bytes(),
            JsonOptions::default().max_message_size(json.len())
        )
        .is_ok()
    );
}

#[test]
fn a_list_over_the_item_limit_is_an_error_at_its_field() {
    let lists = lists_of(5);

    // Protobuf, packed (`small`) and not packed (`text`).
    let bytes = lists.to_protobuf();
    let options = DecodeOptions::default().max_collection_len(5);
    assert_eq!(Lists::from_protobuf_with(&bytes, options).unwrap(), lists);
    let e = Lists::from_protobuf_with(&bytes, options.max_collection_len(4)).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::TooManyItems { limit: 4 });
    assert_eq!(e.path_string(), "Lists.small");
    assert!(e.offset().is_some());
    let only_text = Lists {
        text: lists.text.clone(),
        ..Lists::default()
    };
    let e = Lists::from_protobuf_with(&only_text.to_protobuf(), options.max_collection_len(4))
        .unwrap_err();
    assert_eq!(e.path_string(), "Lists.text");
    assert_eq!(
        e.to_string(),
        "cannot decode protobuf at Lists.text: list or map holds more than 4 items (byte 13)"
    );

    // Avro: the block count is checked before any item is read.
    let bytes = lists.to_avro();
    let options = AvroOptions::default().max_collection_len(5);
    assert_eq!(Lists::from_avro_with(&bytes, options).unwrap(), lists);
    let e = Lists::from_avro_with(&bytes, options.max_collection_len(4)).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::TooManyItems { limit: 4 });
    assert_eq!(e.path_string(), "Lists.small");

    // JSON.
    let json = lists.to_json();
    let options = JsonOptions::default().max_collection_len(5);
    assert_eq!(
        Lists::from_json_slice_with(json.as_bytes(), options).unwrap(),
        lists
    );
    let e =
        Lists::from_json_slice_with(json.as_bytes(), options.max_collection_len(4)).unwrap_err();
    assert!(
        e.to_string()
            .contains("list or map holds more than 4 items"),
        "{e}"
    );
    assert_eq!(e.path_string(), "Lists.small");
    assert!(e.line_column().is_some());
}

#[test]
fn a_map_over_the_item_limit_is_an_error_at_its_field() {
    let maps = maps_of(3);
    let bytes = maps.to_protobuf();
    let options = DecodeOptions::default().max_collection_len(3);
    assert_eq!(Maps::from_protobuf_with(&bytes, options).unwrap(), maps);
    let e = Maps::from_protobuf_with(&bytes, options.max_collection_len(2)).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::TooManyItems { limit: 2 });
    assert_eq!(e.path_string(), "Maps.small");

    let bytes = maps.to_avro();
    let e = Maps::from_avro_with(&bytes, AvroOptions::default().max_collection_len(2)).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::TooManyItems { limit: 2 });
    assert_eq!(e.path_string(), "Maps.small");

    let json = maps.to_json();
    let e = Maps::from_json_slice_with(
        json.as_bytes(),
        JsonOptions::default().max_collection_len(2),
    )
    .unwrap_err();
    assert!(e.to_string().contains("more than 2 items"), "{e}");
    assert_eq!(e.path_string(), "Maps.small");
}

#[test]
fn a_million_empty_messages_cost_two_bytes_each_and_stop_at_the_default_limit() {
    // `scalars` is a list of messages: an empty one is a key and a zero length on the wire,
    // and a whole struct in memory. The default limit stops the list at 2^20 items.
    let mut bytes = Vec::new();
    for _ in 0..(1 << 20) + 1 {
        bytes.extend_from_slice(&[0x72, 0x00]); // field 14, length-delimited, length 0
    }
    let e = Lists::from_protobuf(&bytes).unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::TooManyItems { limit: 1 << 20 });
    assert_eq!(e.path_string(), "Lists.scalars");
    // The offset is that of the first item over the limit (after its key).
    assert_eq!(e.offset(), Some((2 << 20) + 1));
    let exactly = Lists::from_protobuf(&bytes[..2 << 20]).unwrap();
    assert_eq!(exactly.scalars.len(), 1 << 20);
}

#[test]
fn the_json_limit_applies_only_while_its_decode_runs() {
    let lists = lists_of(3);
    let json = lists.to_json();
    assert!(
        Lists::from_json_slice_with(
            json.as_bytes(),
            JsonOptions::default().max_collection_len(2)
        )
        .is_err()
    );
    // The lower limit is gone afterwards, for this API and for serde used directly.
    assert_eq!(Lists::from_json(&json).unwrap(), lists);
    assert_eq!(serde_json::from_str::<Lists>(&json).unwrap(), lists);
}

#[test]
fn timestamps_and_uuids_in_lists_count_like_any_item() {
    let lists = Lists {
        at: vec![Timestamp::UNIX_EPOCH; 3],
        id: vec![Uuid::NIL; 3],
        ..Lists::default()
    };
    let e = Lists::from_protobuf_with(
        &lists.to_protobuf(),
        DecodeOptions::default().max_collection_len(2),
    )
    .unwrap_err();
    assert_eq!(e.path_string(), "Lists.at");
}
