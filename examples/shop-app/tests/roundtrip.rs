//! The types generated through build.rs behave as the README promises.

use trident::Message;
use trident_example_shop::sample_order;
use trident_example_shop::schemas::acme::shop::{Order, Status};

#[test]
fn protobuf_and_json_round_trip() {
    let order = sample_order();
    assert_eq!(Order::from_protobuf(&order.to_protobuf()).unwrap(), order);
    assert_eq!(Order::from_json(&order.to_json()).unwrap(), order);
}

#[test]
fn the_types_work_with_prost() {
    let order = sample_order();
    let bytes = prost::Message::encode_to_vec(&order);
    assert_eq!(bytes, order.to_protobuf());
    assert_eq!(
        <Order as prost::Message>::decode(bytes.as_slice()).unwrap(),
        order
    );
}

#[test]
fn schema_defaults_fill_absent_json_fields() {
    let mut order: Order = Order::from_json(
        r#"{"id": "o", "customer": {"id": "0f8fad5b-d9cb-469f-a165-70867728950e", "name": "n", "member_since": "2020-02-29"},
            "placed_at": "2024-05-01T12:00:00+02:00", "total": {"minor_units": "10"}}"#,
    )
    .unwrap();
    assert_eq!(order.status, Status::Pending);
    assert_eq!(order.total.currency, "EUR");
    assert_eq!(order.placed_at.to_string(), "2024-05-01T10:00:00Z");
    order.status = Status::Shipped;
    assert!(order.to_json().contains("\"status\":\"SHIPPED\""));
}

#[test]
fn avro_round_trips_and_container_files_read_back() {
    let order = sample_order();
    assert_eq!(Order::from_avro(&order.to_avro()).unwrap(), order);
    let mut writer =
        trident::ContainerWriter::<Order, _>::new(Vec::new(), trident::Codec::Deflate(6)).unwrap();
    writer.append(&order).unwrap();
    let file = writer.finish().unwrap();
    let read: Vec<Order> = trident::ContainerReader::<Order>::new(&file)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(read, vec![order]);
}
