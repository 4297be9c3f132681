//! Fuzz target: the JSON decoder of every generated record and union (`from_json_slice`,
//! `from_json`, serde's `Deserialize`). It must never panic, the decoders must agree, and every
//! decoded value must round-trip in every format. The input layout and the checks are in
//! `src/targets/json_decode.rs`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trident_fuzz::targets::json_decode::run(data));
