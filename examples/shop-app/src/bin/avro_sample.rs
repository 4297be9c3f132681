//! Writes an Avro object container file of sample orders, and the values another Avro
//! implementation should read from it: `avro_sample DIR` writes `DIR/orders.avro` (deflate) and
//! `DIR/expected.json`. CI reads the file back with the Python `avro` package.

use std::path::PathBuf;

use trident::{Codec, ContainerWriter};
use trident_example_shop::sample_order;
use trident_example_shop::schemas::acme::shop::{Card, CardBrand, Order, Payment, Status};

fn orders() -> Vec<Order> {
    let first = sample_order();
    let mut second = sample_order();
    second.id = "order-1002".to_string();
    second.status = Status::Shipped;
    second.payment = Some(Payment::Points(1200));
    second.items.clear();
    let mut third = sample_order();
    third.id = "order-1003".to_string();
    third.payment = Some(Payment::Card(Card {
        brand: CardBrand::Visa,
        last_four: "4242".to_string(),
        ..Card::default()
    }));
    third.note = Some("leave at the door".to_string());
    vec![first, second, third]
}

/// What a reader should see, in plain JSON.
fn expected(order: &Order) -> String {
    let payment = match &order.payment {
        Some(Payment::Iban(iban)) => format!("{{\"iban\": \"{iban}\"}}"),
        Some(Payment::Points(points)) => format!("{{\"points\": {points}}}"),
        Some(Payment::Card(card)) => format!("{{\"card_last_four\": \"{}\"}}", card.last_four),
        Some(Payment::Voucher(voucher)) => format!("{{\"voucher\": \"{}\"}}", voucher.code),
        None => "null".to_string(),
    };
    let skus: Vec<String> = order
        .items
        .iter()
        .map(|i| format!("\"{}\"", i.sku))
        .collect();
    let quantities: Vec<String> = order.items.iter().map(|i| i.quantity.to_string()).collect();
    format!(
        "{{\"id\": \"{}\", \"customer_name\": \"{}\", \"customer_id\": \"{}\", \"skus\": [{}], \"quantities\": [{}], \
         \"status\": \"{}\", \"placed_at_micros\": {}, \"note\": {}, \"payment\": {payment}}}",
        order.id,
        order.customer.name,
        order.customer.id,
        skus.join(", "),
        quantities.join(", "),
        order.status.symbol(),
        order.placed_at.unix_micros(),
        order
            .note
            .as_ref()
            .map_or("null".to_string(), |n| format!("\"{n}\"")),
    )
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir)?;
    let orders = orders();
    let mut writer =
        ContainerWriter::<Order, _>::new(Vec::new(), Codec::Deflate(6))?.block_size(256);
    for order in &orders {
        writer.append(order)?;
    }
    std::fs::write(dir.join("orders.avro"), writer.finish()?)?;
    let expected: Vec<String> = orders.iter().map(expected).collect();
    std::fs::write(
        dir.join("expected.json"),
        format!("[\n{}\n]\n", expected.join(",\n")),
    )?;
    println!(
        "wrote {} orders to {}",
        orders.len(),
        dir.join("orders.avro").display()
    );
    Ok(())
}
