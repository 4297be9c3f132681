//! Fuzz target: Avro schema resolution, decoding data written with an evolved or foreign writer
//! schema as a generated type. It must never panic, `AvroDecoder` and `from_avro_written_with`
//! must agree, and every decoded value must round-trip in every format. The input layout and the
//! checks are in `src/targets/avro_resolve.rs`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trident_fuzz::targets::avro_resolve::run(data));
