//! Generates the Rust types for the example schemas into `OUT_DIR`.

fn main() -> Result<(), trident_codegen::Error> {
    trident_codegen::Builder::new()
        .schema("../../schemas")
        .compile()
}
