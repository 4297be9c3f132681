//! The fairness checks the format benchmarks run before timing, as ordinary tests: on every
//! dataset, Trident's protobuf bytes are prost's, its Avro bytes are apache-avro's (serde and
//! Value paths), and every codec reads back what the others and it wrote.

use trident_benches::{log_dataset, mesh_dataset, tree_dataset};

#[test]
fn log_is_the_same_data_for_every_codec() {
    log_dataset(trident_benches::LOG_COUNT).verify().unwrap();
}

#[test]
fn mesh_is_the_same_data_for_every_codec() {
    mesh_dataset(2_000).verify().unwrap();
}

#[test]
fn tree_is_the_same_data_for_every_codec() {
    tree_dataset(8).verify().unwrap();
}

#[test]
fn binary_formats_are_smaller_than_json() {
    // The size claims of the README: Avro ≤ Protobuf ≤ half of JSON on `log` and `mesh`.
    for sizes in [log_dataset(500).sizes(), mesh_dataset(500).sizes()] {
        let bytes = |name: &str| {
            sizes
                .formats
                .iter()
                .find(|(f, _, _)| *f == name)
                .map(|(_, plain, _)| *plain)
                .unwrap()
        };
        assert!(bytes("Avro") <= bytes("Protobuf"), "{sizes:?}");
        assert!(bytes("Protobuf") * 2 <= bytes("JSON"), "{sizes:?}");
    }
}
