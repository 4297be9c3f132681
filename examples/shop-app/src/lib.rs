//! An application crate that uses Trident exactly as the README describes: `build.rs` compiles
//! the schemas, and one `include!` brings in every package as a module.
#![deny(warnings)]

/// The generated types, one module per schema package (`schemas::acme::shop::Order`, …).
#[allow(missing_docs)]
pub mod schemas {
    include!(concat!(env!("OUT_DIR"), "/trident.rs"));
}

use schemas::acme::common::{Customer, Money, Tier};
use schemas::acme::shop::{LineItem, Order, Payment, Status};

/// A sample order, as an application would build one.
pub fn sample_order() -> Order {
    Order {
        id: "order-1001".to_string(),
        customer: Customer {
            id: "0f8fad5b-d9cb-469f-a165-70867728950e"
                .parse()
                .unwrap_or_default(),
            name: "Ada Lovelace".to_string(),
            email: Some("ada@example.com".to_string()),
            tier: Tier::Gold,
            member_since: trident::Date::from_ymd(2019, 3, 14).unwrap_or_default(),
            ..Customer::default()
        },
        items: vec![LineItem {
            sku: "BOOK-42".to_string(),
            quantity: 2,
            unit_price: Money {
                currency: "EUR".to_string(),
                minor_units: 1999,
            },
            ..LineItem::default()
        }],
        status: Status::Paid,
        placed_at: trident::Timestamp::from_unix_micros(1_732_000_000_000_000),
        total: Money {
            currency: "EUR".to_string(),
            minor_units: 3998,
        },
        payment: Some(Payment::Iban("DE89370400440532013000".to_string())),
        ..Order::default()
    }
}
