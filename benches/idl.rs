//! Front-end benchmark: parse and check a generated schema set of about 100,000 lines.
//!
//! `cargo bench -p trident-benches --bench idl` prints the time per run and the throughput in
//! lines per second (criterion's "elements").

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use trident_benches::{large_schema, line_count};
use trident_idl::{MemoryFileSystem, Options};

fn parse_and_check(c: &mut Criterion) {
    let files = large_schema(100_000, 8);
    let lines = line_count(&files);
    let mut fs = MemoryFileSystem::new();
    for f in &files {
        fs.insert(&f.path, f.text.clone());
    }
    let inputs: Vec<PathBuf> = files.iter().map(|f| PathBuf::from(&f.path)).collect();
    let checked = trident_idl::check(&fs, &inputs, &Options::new());
    assert!(
        checked.diagnostics.is_empty(),
        "the generated schema must check clean"
    );

    let mut group = c.benchmark_group("idl");
    group.throughput(Throughput::Elements(lines as u64));
    group.sample_size(20);
    group.bench_function(format!("parse_and_check/{lines}_lines"), |b| {
        b.iter(|| {
            let checked = trident_idl::check(black_box(&fs), black_box(&inputs), &Options::new());
            black_box(checked.schema.is_some())
        })
    });
    group.finish();
}

criterion_group!(benches, parse_and_check);
criterion_main!(benches);
