//! Fixed values shared by the tests.

// The example schemas deprecate some fields; a fully populated value sets them too.
#![allow(deprecated)]

use crate::ours::acme::common::{Address, Customer, Money, Tier};
use crate::ours::acme::shop::{Card, CardBrand, LineItem, Order, Payment, Status};

/// An order with every field set, most to a value other than the default.
pub fn full_order() -> Order {
    let money = |minor_units| Money {
        currency: "EUR".to_string(),
        minor_units,
    };
    Order {
        id: "order-1001".to_string(),
        customer: Customer {
            id: "0f8fad5b-d9cb-469f-a165-70867728950e".parse().unwrap(),
            name: "Ada Lovelace".to_string(),
            email: Some("ada@example.com".to_string()),
            addresses: vec![Address {
                street: "Hauptstraße 1".to_string(),
                city: "Berlin".to_string(),
                postcode: "10115".to_string(),
                country: "DE".to_string(),
                region: None,
            }],
            tier: Tier::Gold,
            member_since: trident::Date::from_ymd(2019, 3, 14).unwrap(),
        },
        items: vec![
            LineItem {
                sku: "BOOK-42".to_string(),
                quantity: 2,
                unit_price: money(1999),
                discount: 0.25,
                gift_wrap: true,
            },
            LineItem {
                sku: "PEN".to_string(),
                quantity: 0,
                unit_price: money(-5),
                ..LineItem::default()
            },
        ],
        status: Status::Shipped,
        note: Some(String::new()),
        labels: [("channel", "web"), ("ü", "")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        placed_at: "2024-05-01T12:30:05.000001Z".parse().unwrap(),
        coupon: Some("SPRING".to_string()),
        total: money(3993),
        payment: Some(Payment::Card(Card {
            brand: CardBrand::Visa,
            last_four: "4242".to_string(),
            expires: trident::Date::from_ymd(2027, 12, 31).unwrap(),
            token: vec![0, 1, 254, 255],
        })),
        discounts: [("spring".to_string(), money(5))].into_iter().collect(),
        ship_to: Some(Address {
            street: "Rue 2".to_string(),
            city: "Paris".to_string(),
            postcode: "75001".to_string(),
            country: "FR".to_string(),
            region: Some("IDF".to_string()),
        }),
        gift: true,
    }
}
