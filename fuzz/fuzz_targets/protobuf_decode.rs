//! Fuzz target: the protobuf decoder of every generated record and union (`from_protobuf`,
//! prost's `Message::decode`, merging, small nesting limits). It must never panic, the decoders
//! must agree, and every decoded value must round-trip in every format. The input layout and
//! the checks are in `src/targets/protobuf_decode.rs`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trident_fuzz::targets::protobuf_decode::run(data));
