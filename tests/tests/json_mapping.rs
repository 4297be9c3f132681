//! Trident's JSON mapping, as the design and `docs/rust.md` describe it: round trips of random
//! values of every record and union, golden text for fixed values, and decoding of hand-written
//! documents — absent, `null`, defaulted, required and unknown fields, integers as strings,
//! non-finite floats, base64 in both alphabets, duplicate keys, union arity, unknown enum
//! symbols and trailing text — with the error's path and position.

// The example schemas deprecate some types and fields; the tests use them on purpose.
#![allow(deprecated)]

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use trident::{DecodeError, DecodeErrorKind, Format, Message};
use trident_tests::fixtures::full_order;
use trident_tests::ours::acme::common::{Address, Customer, Money, Tier};
use trident_tests::ours::acme::documents::{Block, Node};
use trident_tests::ours::acme::shop::{LineItem, Order, Payment, Status};
use trident_tests::ours::acme::telemetry::{
    Event, Heartbeat, Level, LogLine, Metric, Payload, Unit, Version,
};
use trident_tests::ours::testing::coverage::{Defaults, Maps, Scalars};
use trident_tests::{Sample, json_sample, proptest_config};

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// JSON written by Trident reads back to the same value, also re-indented with its keys in
/// another order.
fn round_trips<T: Sample>(seed: u64) -> Result<(), TestCaseError> {
    let value: T = json_sample(seed);
    let json = value.to_json();
    prop_assert_eq!(&T::from_json(&json).map_err(fail)?, &value, "{}", json);

    let mut buf = b"prefix".to_vec();
    value.encode_json(&mut buf);
    prop_assert_eq!(&buf[6..], json.as_bytes());
    prop_assert_eq!(&T::from_json_slice(&buf[6..]).map_err(fail)?, &value);

    // serde_json's own value type sorts object keys and the pretty printer re-indents.
    let generic: serde_json::Value = serde_json::from_str(&json).map_err(fail)?;
    let pretty = serde_json::to_string_pretty(&generic).map_err(fail)?;
    prop_assert_eq!(&T::from_json(&pretty).map_err(fail)?, &value, "{}", pretty);
    Ok(())
}

mod json_round_trips {
    use super::*;

    trident_tests::proptest_per_message!(round_trips, 128);
}

/// The error for `json` decoded as `T`, which must fail.
fn error<T: Message>(json: &str) -> DecodeError {
    match T::from_json(json) {
        Ok(value) => panic!("{json} decoded as {value:?}"),
        Err(e) => {
            assert_eq!(e.format(), Format::Json);
            assert!(matches!(e.kind(), DecodeErrorKind::Json(_)), "{e:?}");
            e
        }
    }
}

fn money(minor_units: i64) -> Money {
    Money {
        currency: "EUR".to_string(),
        minor_units,
    }
}

// ---------------------------------------------------------------------------------------------
// Golden text

#[test]
fn a_fully_populated_order_writes_the_golden_json() {
    let expected = concat!(
        r#"{"id":"order-1001","#,
        r#""customer":{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","name":"Ada Lovelace","#,
        r#""email":"ada@example.com","addresses":[{"street":"Hauptstraße 1","city":"Berlin","#,
        r#""postcode":"10115","country":"DE"}],"tier":"GOLD","member_since":"2019-03-14"},"#,
        r#""items":[{"sku":"BOOK-42","quantity":2,"unit_price":{"currency":"EUR","minor_units":1999},"#,
        r#""discount":0.25,"gift_wrap":true},"#,
        r#"{"sku":"PEN","quantity":0,"unit_price":{"currency":"EUR","minor_units":-5},"#,
        r#""discount":0.0,"gift_wrap":false}],"#,
        r#""status":"SHIPPED","note":"","labels":{"channel":"web","ü":""},"#,
        r#""placed_at":"2024-05-01T12:30:05.000001Z","coupon":"SPRING","#,
        r#""total":{"currency":"EUR","minor_units":3993},"#,
        r#""payment":{"card":{"brand":"VISA","last_four":"4242","expires":"2027-12-31","token":"AAH+/w=="}},"#,
        r#""discounts":{"spring":{"currency":"EUR","minor_units":5}},"#,
        r#""ship_to":{"street":"Rue 2","city":"Paris","postcode":"75001","country":"FR","region":"IDF"},"#,
        r#""gift":true}"#,
    );
    assert_eq!(full_order().to_json(), expected);
    assert_eq!(Order::from_json(expected).unwrap(), full_order());
}

#[test]
fn extreme_numbers_instants_and_dates_have_exact_json() {
    let event = Event {
        device_id: trident::Uuid::from_bytes([0xab; 16]),
        sequence: u64::MAX,
        sent_at: trident::Timestamp::from_unix_micros(-1),
        payload: Payload::Metric(Metric {
            name: "t".to_string(),
            unit: Unit::Celsius,
            samples: vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 1e300, 0.1],
            min: Some(f64::MIN),
            max: None,
        }),
        tags: [("k".to_string(), "\"\\\n\u{1}".to_string())].into(),
        firmware: Version::default(),
        site: None,
    };
    assert_eq!(
        event.to_json(),
        concat!(
            r#"{"device_id":"abababab-abab-abab-abab-abababababab","sequence":18446744073709551615,"#,
            r#""sent_at":"1969-12-31T23:59:59.999999Z","#,
            r#""payload":{"metric":{"name":"t","unit":"CELSIUS","#,
            r#""samples":["NaN","Infinity","-Infinity",-0.0,1e+300,0.1],"min":-1.7976931348623157e+308}},"#,
            r#""tags":{"k":"\"\\\n\u0001"},"#,
            r#""firmware":{"major":0,"minor":0,"patch":0,"label":"","signature":"AAE="}}"#,
        )
    );
    let heartbeat = Heartbeat {
        uptime_seconds: u64::MAX,
        battery_percent: f32::NEG_INFINITY,
        temperature: -0.0,
        signal_dbm: i32::MIN,
        free_memory: u32::MAX,
        on_mains_power: false,
        last_boot: trident::Date::from_ymd(1, 1, 1).unwrap(),
    };
    assert_eq!(
        heartbeat.to_json(),
        concat!(
            r#"{"uptime_seconds":18446744073709551615,"battery_percent":"-Infinity","#,
            r#""temperature":-0.0,"signal_dbm":-2147483648,"free_memory":4294967295,"#,
            r#""on_mains_power":false,"last_boot":"0001-01-01"}"#,
        )
    );
}

#[test]
fn instants_and_dates_outside_four_digit_years_use_the_expanded_form_and_read_back() {
    let cases = [
        (i64::MIN, "-290308-12-21T19:59:05.224192Z"),
        (i64::MAX, "+294247-01-10T04:00:54.775807Z"),
    ];
    for (micros, text) in cases {
        let event = Event {
            sent_at: trident::Timestamp::from_unix_micros(micros),
            ..Event::default()
        };
        let json = event.to_json();
        assert!(json.contains(&format!(r#""sent_at":"{text}""#)), "{json}");
        assert_eq!(Event::from_json(&json).unwrap(), event);
    }
    for (days, text) in [(i32::MIN, "-5877641-06-23"), (i32::MAX, "+5881580-07-11")] {
        let heartbeat = Heartbeat {
            last_boot: trident::Date::from_days_since_epoch(days),
            ..Heartbeat::default()
        };
        let json = heartbeat.to_json();
        assert!(json.contains(&format!(r#""last_boot":"{text}""#)), "{json}");
        assert_eq!(Heartbeat::from_json(&json).unwrap(), heartbeat);
    }
}

#[test]
fn unions_are_objects_with_one_key_named_after_the_variant() {
    assert_eq!(
        Payment::Iban("DE89".to_string()).to_json(),
        r#"{"iban":"DE89"}"#
    );
    assert_eq!(Payment::Points(0).to_json(), r#"{"points":0}"#);
    assert_eq!(
        Block::Picture(vec![]).to_json(),
        r#"{"picture":""}"#,
        "a variant holding its default is still written"
    );
    assert_eq!(
        Payload::Crash(vec![0xfb, 0xff]).to_json(),
        r#"{"crash":"+/8="}"#
    );
}

#[test]
fn defaults_and_empty_collections_are_written_and_absent_optionals_are_not() {
    assert_eq!(
        Node::default().to_json(),
        r#"{"id":0,"content":{"paragraph":{"text":"","spans":[]}},"children":[],"style":{}}"#
    );
    assert_eq!(
        Defaults::default().to_json(),
        concat!(
            r#"{"flag":true,"small":-7,"big":9000000000,"count":7,"total":18446744073709551615,"#,
            r#""ratio":1.5,"precise":-2.25,"text":"héllo","blob":"Af8=","color":"BLUE","#,
            r#""low":"NEGATIVE","zero_flag":false,"zero_int":0,"zero_text":"","zero_blob":"","#,
            r#""zero_enum":"COLOR_UNSPECIFIED","zero_real":-0.0}"#,
        )
    );
}

// ---------------------------------------------------------------------------------------------
// Absent and null fields

#[test]
fn absent_optional_list_map_and_defaulted_fields_take_none_empty_and_the_default() {
    let address = Address::from_json(r#"{"street":"s","city":"c","postcode":"p"}"#).unwrap();
    assert_eq!(address.region, None);
    assert_eq!(address.country, "DE");

    let money = Money::from_json(r#"{"minor_units":5}"#).unwrap();
    assert_eq!(money.currency, "EUR");

    let customer = Customer::from_json(
        r#"{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","name":"n","member_since":"2020-02-29"}"#,
    )
    .unwrap();
    assert_eq!(customer.email, None);
    assert!(customer.addresses.is_empty());
    assert_eq!(customer.tier, Tier::Standard);

    let heartbeat =
        Heartbeat::from_json(r#"{"uptime_seconds":1,"free_memory":2,"last_boot":"2024-01-01"}"#)
            .unwrap();
    assert_eq!(heartbeat.battery_percent, 100.0);
    assert_eq!(heartbeat.temperature, 21.5);
    assert_eq!(heartbeat.signal_dbm, -70);
    assert!(heartbeat.on_mains_power);

    assert_eq!(
        Version::from_json(r#"{"major":2}"#).unwrap(),
        Version {
            major: 2,
            ..Version::default()
        }
    );
    assert_eq!(Version::default().signature, [0, 1]);
    assert_eq!(Maps::from_json("{}").unwrap(), Maps::default());
    assert_eq!(Defaults::from_json("{}").unwrap(), Defaults::default());
}

#[test]
fn null_means_absent_for_optional_list_map_and_defaulted_fields() {
    let log = LogLine::from_json(r#"{"level":null,"message":"m","location":null,"thread":null}"#)
        .unwrap();
    assert_eq!(
        log,
        LogLine {
            level: Level::Info,
            message: "m".to_string(),
            location: None,
            thread: -1,
        }
    );
    let event = Event::from_json(
        r#"{"device_id":"0f8fad5b-d9cb-469f-a165-70867728950e","sequence":1,
            "sent_at":"2024-05-01T12:00:00Z","payload":{"crash":""},"tags":null,
            "firmware":{"major":1},"site":null}"#,
    )
    .unwrap();
    assert!(event.tags.is_empty());
    assert_eq!(event.site, None);
    let mut order: serde_json::Value = serde_json::from_str(&full_order().to_json()).unwrap();
    for field in [
        "payment",
        "ship_to",
        "note",
        "coupon",
        "items",
        "labels",
        "discounts",
    ] {
        order[field] = serde_json::Value::Null;
    }
    let order = Order::from_json(&order.to_string()).unwrap();
    assert_eq!(
        (order.payment, order.ship_to, order.note, order.coupon),
        (None, None, None, None)
    );
    assert!(order.items.is_empty() && order.labels.is_empty() && order.discounts.is_empty());
    let metric = Metric::from_json(r#"{"name":"n","samples":null,"min":null}"#).unwrap();
    assert!(metric.samples.is_empty());
    assert_eq!(metric.unit, Unit::Unspecified);
}

#[test]
fn a_missing_required_field_is_an_error_naming_it_at_the_path_of_its_record() {
    let e = error::<Money>("{}");
    assert!(e.to_string().contains("missing field `minor_units`"), "{e}");
    assert_eq!(e.path_string(), "Money");

    let json = r#"{"id":"o","customer":{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","name":"n",
        "member_since":"2020-02-29"},"placed_at":"2024-05-01T12:00:00Z",
        "total":{"minor_units":1},
        "items":[{"sku":"a","unit_price":{"minor_units":1},"gift_wrap":false},
                 {"unit_price":{"minor_units":2},"gift_wrap":true}]}"#;
    let e = error::<Order>(json);
    assert!(e.to_string().contains("missing field `sku`"), "{e}");
    assert_eq!(e.path_string(), "Order.items[1]");
    // The position is the end of the object that lacks the field.
    assert_eq!(e.line_column(), Some((5, 66)));

    // Timestamps, unions and records are required too.
    for field in ["placed_at", "total", "customer", "id"] {
        let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
        value["items"] = serde_json::json!([]);
        value.as_object_mut().unwrap().remove(field);
        let e = error::<Order>(&value.to_string());
        assert!(
            e.to_string().contains(&format!("missing field `{field}`")),
            "{e}"
        );
        assert_eq!(e.path_string(), "Order");
    }
    let e = error::<Node>(r#"{"id":1}"#);
    assert!(e.to_string().contains("missing field `content`"), "{e}");
}

#[test]
fn null_for_a_required_field_is_an_error_at_that_field() {
    let e = error::<Money>(r#"{"minor_units":null}"#);
    assert_eq!(e.path_string(), "Money.minor_units");
    assert!(e.to_string().contains("null"), "{e}");
    assert_eq!(e.line_column(), Some((1, 19)));

    let e = error::<Node>(r#"{"id":1,"content":null}"#);
    assert_eq!(e.path_string(), "Node.content");
    let e = error::<Payload>(r#"{"log":null}"#);
    assert_eq!(e.path_string(), "Payload.log");
}

#[test]
fn unknown_fields_are_ignored_whatever_they_hold() {
    let money = Money::from_json(
        r#"{"extra":{"deep":[1,{"x":null}]},"minor_units":7,"legacy_total":"9","zz":true}"#,
    )
    .unwrap();
    assert_eq!(money, self::money(7));
}

#[test]
fn a_field_or_map_key_given_twice_is_an_error() {
    let e = error::<Money>(r#"{"minor_units":1,"minor_units":2}"#);
    assert!(
        e.to_string().contains("duplicate field `minor_units`"),
        "{e}"
    );
    assert_eq!(e.path_string(), "Money");

    let e = error::<Money>(r#"{"currency":null,"minor_units":1,"currency":"USD"}"#);
    assert!(e.to_string().contains("duplicate field `currency`"), "{e}");

    let e = error::<Node>(r#"{"id":1,"content":{"picture":""},"style":{"a":"1","a":"2"}}"#);
    assert!(e.to_string().contains("duplicate key `a`"), "{e}");
    assert_eq!(e.path_string(), "Node.style");
}

// ---------------------------------------------------------------------------------------------
// Scalars

#[test]
fn integers_are_read_from_numbers_and_decimal_strings_in_range() {
    assert_eq!(
        Money::from_json(r#"{"minor_units":"-9223372036854775808"}"#)
            .unwrap()
            .minor_units,
        i64::MIN
    );
    let heartbeat = Heartbeat::from_json(
        r#"{"uptime_seconds":"18446744073709551615","free_memory":"4294967295",
            "signal_dbm":"-2147483648","last_boot":"1970-01-01"}"#,
    )
    .unwrap();
    assert_eq!(heartbeat.uptime_seconds, u64::MAX);
    assert_eq!(heartbeat.free_memory, u32::MAX);
    assert_eq!(heartbeat.signal_dbm, i32::MIN);
    // Integral numbers written with a sign, fraction or exponent are integers too.
    for (json, expected) in [
        (r#"{"minor_units":-0}"#, 0),
        (r#"{"minor_units":1.0}"#, 1),
        (r#"{"minor_units":1e2}"#, 100),
        (r#"{"minor_units":-2.5e1}"#, -25),
    ] {
        assert_eq!(
            Money::from_json(json).unwrap().minor_units,
            expected,
            "{json}"
        );
    }

    for bad in [
        r#"{"minor_units":"9223372036854775808"}"#,
        r#"{"minor_units":9223372036854775808}"#,
        r#"{"minor_units":"1.0"}"#,
        r#"{"minor_units":1.5}"#,
        r#"{"minor_units":1e30}"#,
        r#"{"minor_units":"0x10"}"#,
        r#"{"minor_units":""}"#,
        r#"{"minor_units":true}"#,
    ] {
        let e = error::<Money>(bad);
        assert_eq!(e.path_string(), "Money.minor_units", "{bad}");
    }
    let e = error::<Heartbeat>(r#"{"uptime_seconds":-1,"free_memory":0,"last_boot":"1970-01-01"}"#);
    assert_eq!(e.path_string(), "Heartbeat.uptime_seconds");
    let e = error::<Heartbeat>(
        r#"{"uptime_seconds":0,"free_memory":4294967296,"last_boot":"1970-01-01"}"#,
    );
    assert_eq!(e.path_string(), "Heartbeat.free_memory");
}

#[test]
fn floats_take_nan_and_infinities_as_strings_and_numeric_strings() {
    let metric =
        Metric::from_json(r#"{"name":"n","samples":["NaN","Infinity","-Infinity","2.5",-0.0,3]}"#)
            .unwrap();
    assert!(metric.samples[0].is_nan());
    assert_eq!(
        metric.samples[1..],
        [f64::INFINITY, f64::NEG_INFINITY, 2.5, -0.0, 3.0]
    );
    assert!(metric.samples[4].is_sign_negative());

    let heartbeat = Heartbeat::from_json(
        r#"{"uptime_seconds":0,"free_memory":0,"last_boot":"1970-01-01","battery_percent":"NaN",
            "temperature":"-Infinity"}"#,
    )
    .unwrap();
    assert!(heartbeat.battery_percent.is_nan());
    assert_eq!(heartbeat.temperature, f64::NEG_INFINITY);

    for bad in [
        r#""nan""#,
        r#""inf""#,
        r#""""#,
        "1e400",
        "null",
        r#""1e400""#,
    ] {
        let json = format!(r#"{{"name":"n","samples":[{bad}]}}"#);
        let e = error::<Metric>(&json);
        assert_eq!(e.path_string(), "Metric.samples[0]", "{bad}");
    }
    let e = error::<Heartbeat>(
        r#"{"uptime_seconds":0,"free_memory":0,"last_boot":"1970-01-01","battery_percent":1e39}"#,
    );
    assert_eq!(e.path_string(), "Heartbeat.battery_percent");
}

#[test]
fn bytes_are_base64_in_the_standard_or_url_safe_alphabet_with_or_without_padding() {
    for text in ["+/8=", "+/8", "-_8=", "-_8"] {
        let json = format!(r#"{{"crash":"{text}"}}"#);
        assert_eq!(
            Payload::from_json(&json).unwrap(),
            Payload::Crash(vec![0xfb, 0xff]),
            "{text}"
        );
    }
    assert_eq!(
        Payload::from_json(r#"{"crash":""}"#).unwrap(),
        Payload::Crash(vec![])
    );
    for bad in ["***", "+_8=", "A", "AAAA=A", "QUJD\n"] {
        let json = serde_json::json!({ "crash": bad }).to_string();
        let e = error::<Payload>(&json);
        assert_eq!(e.path_string(), "Payload.crash", "{bad}");
    }
}

#[test]
fn logical_types_read_their_text_forms() {
    let json =
        r#"{"id":"0F8FAD5BD9CB469FA16570867728950E","name":"n","member_since":"2020-02-29"}"#;
    let customer = Customer::from_json(json).unwrap();
    assert_eq!(
        customer.id.to_string(),
        "0f8fad5b-d9cb-469f-a165-70867728950e"
    );
    let event = Event::from_json(
        r#"{"device_id":"0f8fad5b-d9cb-469f-a165-70867728950e","sequence":0,
            "sent_at":"2024-05-01t14:30:05.123456789+02:00","payload":{"crash":""},
            "firmware":{"major":1}}"#,
    )
    .unwrap();
    assert_eq!(event.sent_at.to_string(), "2024-05-01T12:30:05.123456Z");

    for (field, bad) in [
        ("member_since", "2021-02-29"),
        ("member_since", "2021-2-3"),
        ("id", "0f8fad5b-d9cb-469f-a165-70867728950"),
        ("id", "not a uuid"),
    ] {
        let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
        value[field] = serde_json::Value::String(bad.to_string());
        let e = error::<Customer>(&value.to_string());
        assert_eq!(e.path_string(), format!("Customer.{field}"), "{bad}");
    }
    let e = error::<Scalars>(r#"{"at":"2024-05-01T12:00:60Z"}"#);
    assert_eq!(e.path_string(), "Scalars.at");
}

// ---------------------------------------------------------------------------------------------
// Enums and unions

#[test]
fn enums_read_symbols_and_numbers_and_unknown_ones_give_the_zero_value() {
    let read = |level: &str| {
        LogLine::from_json(&format!(r#"{{"message":"m","level":{level}}}"#))
            .unwrap()
            .level
    };
    assert_eq!(read(r#""WARN""#), Level::Warn);
    assert_eq!(read("3"), Level::Warn);
    assert_eq!(read(r#""LOUD""#), Level::Trace);
    assert_eq!(
        read(r#""warn""#),
        Level::Trace,
        "symbols are case-sensitive"
    );
    assert_eq!(
        read(r#""LEVEL_WARN""#),
        Level::Trace,
        "the protobuf name is not a symbol"
    );
    assert_eq!(read("77"), Level::Trace);
    assert_eq!(read("-1"), Level::Trace);
    assert_eq!(read("4294967296"), Level::Trace);
    assert_eq!(
        Order::from_json(&full_order().to_json().replace("\"SHIPPED\"", "\"LOST\""))
            .unwrap()
            .status,
        Status::Unknown
    );
    let e = error::<LogLine>(r#"{"message":"m","level":true}"#);
    assert_eq!(e.path_string(), "LogLine.level");
}

#[test]
fn a_union_needs_exactly_one_known_variant() {
    let e = error::<Payload>("{}");
    assert!(e.to_string().contains("found none"), "{e}");
    assert_eq!(e.path_string(), "Payload");

    let e = error::<Payload>(r#"{"log":{"message":"m"},"crash":"AA=="}"#);
    assert!(e.to_string().contains("second key `crash`"), "{e}");
    // The position is the end of the second key.
    assert_eq!(e.line_column(), Some((1, 30)));

    let e = error::<Payload>(r#"{"nope":1}"#);
    assert!(e.to_string().contains("unknown variant `nope`"), "{e}");

    let e = error::<Payload>(r#"["log"]"#);
    assert_eq!(e.path_string(), "Payload");

    // Inside a record, the path leads to the union; an optional union given as an empty
    // object is an error, not `None`.
    let mut order: serde_json::Value = serde_json::from_str(&full_order().to_json()).unwrap();
    order["payment"] = serde_json::json!({});
    let e = error::<Order>(&order.to_string());
    assert_eq!(e.path_string(), "Order.payment");
    let json = r#"{"id":1,"content":{"heading":{"text":"t"},"image":{"url":"u"}}}"#;
    let e = error::<Node>(json);
    assert_eq!(e.path_string(), "Node.content");
}

// ---------------------------------------------------------------------------------------------
// The document as a whole

proptest! {
    #![proptest_config(proptest_config(256))]

    #[test]
    fn every_finite_f32_survives_a_json_round_trip(bits in any::<u32>()) {
        let ratio = f32::from_bits(bits);
        prop_assume!(!ratio.is_nan());
        let scalars = Scalars { ratio, ..Scalars::default() };
        let back = Scalars::from_json(&scalars.to_json()).map_err(fail)?;
        prop_assert_eq!(back.ratio.to_bits(), bits);
    }

    #[test]
    fn every_finite_f64_survives_a_json_round_trip(bits in any::<u64>()) {
        let precise = f64::from_bits(bits);
        prop_assume!(!precise.is_nan());
        let scalars = Scalars { precise, ..Scalars::default() };
        let back = Scalars::from_json(&scalars.to_json()).map_err(fail)?;
        prop_assert_eq!(back.precise.to_bits(), bits, "{}", precise);
    }
}

#[test]
fn text_after_the_document_is_an_error_but_whitespace_is_not() {
    assert_eq!(
        Money::from_json(" \n\t{\"minor_units\":1}\r\n ").unwrap(),
        money(1)
    );
    for (json, column) in [
        (r#"{"minor_units":1} x"#, 19),
        (r#"{"minor_units":1}{}"#, 18),
        (r#"{"minor_units":1},"#, 18),
    ] {
        let e = error::<Money>(json);
        assert!(e.to_string().contains("trailing"), "{e}");
        assert_eq!(e.line_column(), Some((1, column)), "{json}");
    }
}

#[test]
fn malformed_documents_report_line_and_column() {
    let e = error::<Money>("{\n  \"minor_units\": 1,\n  \"currency\": \"EUR\n}");
    assert_eq!(e.line_column().map(|(line, _)| line), Some(4));
    let e = error::<Money>("{\"minor_units\" 1}");
    assert_eq!(e.line_column(), Some((1, 16)));
    let e = error::<Money>("");
    assert!(e.line_column().is_some(), "{e:?}");
    let e = error::<Money>("[1]");
    assert_eq!(e.path_string(), "Money");
    let e = error::<Money>("{\"minor_units\":1,\n\"currency\":7}");
    assert_eq!(e.path_string(), "Money.currency");
    assert_eq!(e.line_column(), Some((2, 12)));
    assert!(Money::from_json_slice(b"{\"currency\":\"\xff\",\"minor_units\":1}").is_err());
}

#[test]
fn json_errors_display_format_path_message_and_position() {
    let e = error::<Order>(r#"{"items":[{"sku":5}]}"#);
    assert_eq!(
        e.to_string(),
        "cannot decode JSON at Order.items[0].sku: invalid type: integer `5`, expected a string \
         (line 1, column 18)"
    );
    assert_eq!(e.offset(), None);
}

#[test]
fn json_and_protobuf_agree_on_one_value() {
    let order = full_order();
    let via_json = Order::from_json(&order.to_json()).unwrap();
    assert_eq!(via_json.to_protobuf(), order.to_protobuf());
    assert_eq!(
        Customer::from_json(&order.customer.to_json()).unwrap(),
        order.customer
    );
    assert_eq!(
        LineItem::from_json(&order.items[1].to_json()).unwrap(),
        order.items[1]
    );
}
