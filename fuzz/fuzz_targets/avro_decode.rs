//! Fuzz target: the Avro decoders of every generated record and union (`from_avro`, single-object
//! encoding, object container files). It must never panic, the decoders must agree, and every
//! decoded value must round-trip in every format. The input layout and the checks are in
//! `src/targets/avro_decode.rs`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trident_fuzz::targets::avro_decode::run(data));
