//! Format benchmarks: encode and decode time of every codec on the `log`, `mesh` and `tree`
//! datasets, Trident's generated code side by side with prost, apache-avro (its direct serde path
//! and its `Value` path) and serde_json, in one run; then the Markdown report.
//!
//! `cargo bench -p trident-benches --bench formats` runs a short pass (under a minute and a half
//! on two cores) and prints the report at the end. Every benchmark is `{dataset}/{encode|decode}/{codec}`,
//! so `-- log/` runs one dataset and `-- /prost` one codec.
//!
//! Fairness: every codec gets the same values (converted outside the timed loops); before timing,
//! Trident's protobuf bytes are checked to be prost's and its Avro bytes apache-avro's; encoders
//! write into one reused buffer; decoders build owned values; apache-avro's readers and writers
//! are built once, outside the loops.

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::writer::datum::GenericDatumWriter;
use criterion::{BenchmarkGroup, Criterion, Throughput, measurement::WallTime};
use prost::Message as _;
use trident::Message;
use trident_benches::dataset::Dataset;
use trident_benches::peers::{ToProst, ToSerde};
use trident_benches::report::{self, DatasetInfo};

fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(1));
    group
}

fn throughput(count: usize, bytes: &[u8]) -> Throughput {
    Throughput::ElementsAndBytes {
        elements: count as u64,
        bytes: bytes.len() as u64,
    }
}

fn encode<T: Message + ToProst + ToSerde>(c: &mut Criterion, d: &Dataset<T>) {
    let writer = GenericDatumWriter::builder(&d.avro_schema)
        .build()
        .expect("apache-avro builds a writer");
    let mut g = group(c, &format!("{}/encode", d.name));
    let mut buf: Vec<u8> = Vec::with_capacity(d.json.len().max(d.serde_json.len()) * 2);

    g.throughput(throughput(d.count, &d.protobuf));
    g.bench_function("trident_protobuf", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&d.value).encode_protobuf(&mut buf);
            black_box(buf.len())
        })
    });
    g.bench_function("prost", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&d.prost)
                .encode(&mut buf)
                .expect("the buffer grows");
            black_box(buf.len())
        })
    });

    g.throughput(throughput(d.count, &d.avro));
    g.bench_function("trident_avro", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&d.value).encode_avro(&mut buf);
            black_box(buf.len())
        })
    });
    g.bench_function("apache_avro_serde", |b| {
        b.iter(|| {
            buf.clear();
            writer
                .write_ser(&mut buf, black_box(&d.serde))
                .expect("apache-avro writes the value");
            black_box(buf.len())
        })
    });
    g.bench_function("apache_avro_value", |b| {
        b.iter(|| {
            buf.clear();
            let value = apache_avro::to_value(black_box(&d.serde))
                .and_then(|v| v.resolve(&d.avro_schema))
                .expect("apache-avro builds the Value");
            writer
                .write_value_ref(&mut buf, &value)
                .expect("apache-avro writes the Value");
            black_box(buf.len())
        })
    });

    g.throughput(throughput(d.count, &d.json));
    g.bench_function("trident_json", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&d.value).encode_json(&mut buf);
            black_box(buf.len())
        })
    });
    g.throughput(throughput(d.count, &d.serde_json));
    g.bench_function("serde_json", |b| {
        b.iter(|| {
            buf.clear();
            serde_json::to_writer(&mut buf, black_box(&d.serde)).expect("serde_json writes");
            black_box(buf.len())
        })
    });
    g.finish();
}

fn decode<T: Message + ToProst + ToSerde>(c: &mut Criterion, d: &Dataset<T>) {
    let reader = GenericDatumReader::builder(&d.avro_schema)
        .build()
        .expect("apache-avro builds a reader");
    let mut g = group(c, &format!("{}/decode", d.name));

    g.throughput(throughput(d.count, &d.protobuf));
    g.bench_function("trident_protobuf", |b| {
        b.iter(|| T::from_protobuf(black_box(&d.protobuf)).expect("decodes"))
    });
    g.bench_function("prost", |b| {
        b.iter(|| T::Prost::decode(black_box(&d.protobuf[..])).expect("decodes"))
    });

    g.throughput(throughput(d.count, &d.avro));
    g.bench_function("trident_avro", |b| {
        b.iter(|| T::from_avro(black_box(&d.avro)).expect("decodes"))
    });
    g.bench_function("apache_avro_serde", |b| {
        b.iter(|| {
            let value: T::Serde = reader
                .read_deser(&mut black_box(&d.avro[..]))
                .expect("decodes");
            value
        })
    });
    g.bench_function("apache_avro_value", |b| {
        b.iter(|| {
            let value = reader
                .read_value(&mut black_box(&d.avro[..]))
                .expect("decodes");
            let value: T::Serde = apache_avro::from_value(&value).expect("converts");
            value
        })
    });

    g.throughput(throughput(d.count, &d.json));
    g.bench_function("trident_json", |b| {
        b.iter(|| T::from_json_slice(black_box(&d.json)).expect("decodes"))
    });
    g.throughput(throughput(d.count, &d.serde_json));
    g.bench_function("serde_json", |b| {
        b.iter(|| {
            let value: T::Serde =
                serde_json::from_slice(black_box(&d.serde_json)).expect("decodes");
            value
        })
    });
    g.finish();
}

fn run<T: Message + ToProst + ToSerde>(c: &mut Criterion, d: &Dataset<T>) -> DatasetInfo {
    if let Err(e) = d.verify() {
        panic!("the comparison would not be fair: {e}");
    }
    // Decoding is bound by the allocator (every string is a heap allocation), and glibc's
    // malloc gets slower after heavy churn such as apache-avro's `Value` path encoding; decoding
    // first keeps every decoder's heap in a similar state.
    decode(c, d);
    encode(c, d);
    DatasetInfo {
        name: d.name,
        unit: d.unit,
        count: d.count,
        sizes: d.sizes(),
    }
}

fn main() {
    let started = SystemTime::now();
    let mut c = Criterion::default().configure_from_args();
    let infos = vec![
        run(
            &mut c,
            &trident_benches::log_dataset(trident_benches::LOG_COUNT),
        ),
        run(
            &mut c,
            &trident_benches::mesh_dataset(trident_benches::MESH_COUNT),
        ),
        run(
            &mut c,
            &trident_benches::tree_dataset(trident_benches::TREE_DEPTH),
        ),
    ];
    c.final_summary();
    let measured = report::read_measurements(&report::criterion_dir(), started);
    if measured.is_empty() {
        return; // `--list`, `--test` or a filter that matched nothing.
    }
    println!("\n{}", report::markdown(&infos, &measured));
}
