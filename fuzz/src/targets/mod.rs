//! The decoder targets, one module each, with the input layout and the properties checked in
//! the module's docs. They live in the library rather than in `fuzz_targets/` so that the code
//! for every generated type is instantiated once, not once per target binary.

pub mod avro_decode;
pub mod avro_resolve;
pub mod json_decode;
pub mod protobuf_decode;
