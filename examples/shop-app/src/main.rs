//! Encodes a sample order in both formats and decodes it back.

use trident::Message;
use trident_example_shop::sample_order;
use trident_example_shop::schemas::acme::shop::Order;

fn main() -> Result<(), trident::DecodeError> {
    let order = sample_order();

    let protobuf = order.to_protobuf();
    let json = order.to_json();
    println!("protobuf: {} bytes", protobuf.len());
    println!("JSON:     {} bytes: {json}", json.len());

    assert_eq!(Order::from_protobuf(&protobuf)?, order);
    assert_eq!(Order::from_json(&json)?, order);
    println!("both decode back to the same order");
    Ok(())
}
