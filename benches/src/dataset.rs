//! One dataset prepared for every peer: the Trident value, prost's and the serde mirrors'
//! copies, the Avro schema, and each format's bytes; plus the checks that make the comparison
//! fair (every peer writes the bytes the others read, Trident's protobuf bytes are prost's and
//! its Avro bytes are apache-avro's).

use std::io::Write as _;

use apache_avro::Schema;
use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::writer::datum::GenericDatumWriter;
use prost::Message as _;
use trident::Message;

use crate::peers::{ToProst, ToSerde};

/// A dataset, ready for every peer.
pub struct Dataset<T: ToProst + ToSerde> {
    /// `log`, `mesh` or `tree`.
    pub name: &'static str,
    /// What one message of the dataset is: `log line`, `triangle`, `node`.
    pub unit: &'static str,
    /// How many of them the value holds.
    pub count: usize,
    /// Trident's value.
    pub value: T,
    /// prost's copy.
    pub prost: T::Prost,
    /// The serde-derived copy (serde_json and apache-avro).
    pub serde: T::Serde,
    /// The Avro schema Trident exports for the type, parsed by apache-avro.
    pub avro_schema: Schema,
    /// Trident's JSON.
    pub json: Vec<u8>,
    /// serde_json's JSON of the serde-derived copy.
    pub serde_json: Vec<u8>,
    /// The protobuf bytes.
    pub protobuf: Vec<u8>,
    /// The Avro bytes.
    pub avro: Vec<u8>,
}

/// The bytes of each format for a dataset, plain and gzipped.
#[derive(Clone, Debug, PartialEq)]
pub struct Sizes {
    /// (format, bytes, gzipped bytes).
    pub formats: Vec<(&'static str, usize, usize)>,
}

impl<T: Message + ToProst + ToSerde> Dataset<T> {
    /// Prepares `value`, which holds `count` messages of kind `unit`.
    pub fn new(name: &'static str, unit: &'static str, count: usize, value: T) -> Dataset<T> {
        let avro_schema = Schema::parse_str(T::AVRO_SCHEMA)
            .unwrap_or_else(|e| panic!("apache-avro rejects the exported schema: {e}"));
        let prost = value.to_prost();
        let serde = value.to_serde();
        let json = value.to_json().into_bytes();
        let serde_json = serde_json::to_vec(&serde).expect("serde_json writes the mirror");
        let protobuf = value.to_protobuf();
        let avro = value.to_avro();
        Dataset {
            name,
            unit,
            count,
            value,
            prost,
            serde,
            avro_schema,
            json,
            serde_json,
            protobuf,
            avro,
        }
    }

    /// Checks that every peer reads and writes the same data: Trident's protobuf bytes are
    /// prost's and its Avro bytes are apache-avro's (on both of its paths), and every decoder
    /// gives back the value.
    pub fn verify(&self) -> Result<(), String> {
        let name = self.name;
        // Protobuf against prost.
        let prost_bytes = self.prost.encode_to_vec();
        if prost_bytes != self.protobuf {
            return Err(format!(
                "{name}: Trident's protobuf bytes differ from prost's"
            ));
        }
        let decoded = T::Prost::decode(&self.protobuf[..])
            .map_err(|e| format!("{name}: prost cannot decode Trident's bytes: {e}"))?;
        if decoded != self.prost {
            return Err(format!(
                "{name}: prost decodes Trident's bytes to another value"
            ));
        }
        let back = T::from_protobuf(&prost_bytes)
            .map_err(|e| format!("{name}: Trident cannot decode prost's bytes: {e}"))?;
        if back != self.value {
            return Err(format!(
                "{name}: Trident decodes prost's bytes to another value"
            ));
        }
        // Avro against apache-avro, on its direct serde path and on its Value path.
        let writer = GenericDatumWriter::builder(&self.avro_schema)
            .build()
            .map_err(|e| format!("{name}: apache-avro writer: {e}"))?;
        let reader = GenericDatumReader::builder(&self.avro_schema)
            .build()
            .map_err(|e| format!("{name}: apache-avro reader: {e}"))?;
        let mut serde_bytes = Vec::new();
        writer
            .write_ser(&mut serde_bytes, &self.serde)
            .map_err(|e| format!("{name}: apache-avro cannot write the value: {e}"))?;
        if serde_bytes != self.avro {
            return Err(format!(
                "{name}: Trident's Avro bytes differ from apache-avro's serde path"
            ));
        }
        let value = apache_avro::to_value(&self.serde)
            .and_then(|v| v.resolve(&self.avro_schema))
            .map_err(|e| format!("{name}: apache-avro cannot build a Value: {e}"))?;
        let mut value_bytes = Vec::new();
        writer
            .write_value_ref(&mut value_bytes, &value)
            .map_err(|e| format!("{name}: apache-avro cannot write the Value: {e}"))?;
        if value_bytes != self.avro {
            return Err(format!(
                "{name}: Trident's Avro bytes differ from apache-avro's Value path"
            ));
        }
        let read: T::Serde = reader
            .read_deser(&mut &self.avro[..])
            .map_err(|e| format!("{name}: apache-avro cannot read Trident's bytes: {e}"))?;
        if read != self.serde {
            return Err(format!(
                "{name}: apache-avro reads Trident's bytes as another value"
            ));
        }
        let read_value = reader
            .read_value(&mut &self.avro[..])
            .map_err(|e| format!("{name}: apache-avro cannot read a Value: {e}"))?;
        let from_value: T::Serde = apache_avro::from_value(&read_value)
            .map_err(|e| format!("{name}: apache-avro cannot convert the Value: {e}"))?;
        if from_value != self.serde {
            return Err(format!(
                "{name}: apache-avro's Value path reads another value"
            ));
        }
        let back = T::from_avro(&serde_bytes)
            .map_err(|e| format!("{name}: Trident cannot decode apache-avro's bytes: {e}"))?;
        if back != self.value {
            return Err(format!(
                "{name}: Trident decodes apache-avro's bytes to another value"
            ));
        }
        // JSON: the same text from both, and each codec reads what it writes.
        if self.json != self.serde_json {
            return Err(format!("{name}: Trident's JSON differs from serde_json's"));
        }
        let back = T::from_json_slice(&self.json)
            .map_err(|e| format!("{name}: Trident cannot decode its JSON: {e}"))?;
        if back != self.value {
            return Err(format!("{name}: Trident's JSON does not round-trip"));
        }
        let back: T::Serde = serde_json::from_slice(&self.serde_json)
            .map_err(|e| format!("{name}: serde_json cannot decode its JSON: {e}"))?;
        if back != self.serde {
            return Err(format!("{name}: serde_json's JSON does not round-trip"));
        }
        Ok(())
    }

    /// The bytes of each format, plain and gzipped (default level).
    pub fn sizes(&self) -> Sizes {
        let formats = [
            ("JSON", &self.json),
            ("Protobuf", &self.protobuf),
            ("Avro", &self.avro),
        ]
        .into_iter()
        .map(|(format, bytes)| (format, bytes.len(), gzip_len(bytes)))
        .collect();
        Sizes { formats }
    }
}

/// The length of `bytes` after gzip at the default level.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len()
}
