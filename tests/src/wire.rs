//! A minimal protobuf wire reader and writer, written for the tests independently of Trident's
//! codec: it splits an encoding into its top-level fields so that tests can reorder, repeat,
//! unpack or corrupt them, and it writes keys and varints for hand-made inputs.

/// One field as it appears on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawField {
    /// The field number.
    pub tag: u32,
    /// The wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    pub wire_type: u8,
    /// The value without the key (and, when length-delimited, without the length prefix).
    pub payload: Vec<u8>,
}

impl RawField {
    /// The field's encoding: key, length prefix if any, payload.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.extend(key(self.tag, self.wire_type));
        if self.wire_type == 2 {
            out.extend(varint(self.payload.len() as u64));
        }
        out.extend(&self.payload);
    }
}

/// A varint.
pub fn varint(mut value: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// A field key.
pub fn key(tag: u32, wire_type: u8) -> Vec<u8> {
    varint((u64::from(tag) << 3) | u64::from(wire_type))
}

/// A length-delimited field.
pub fn length_delimited(tag: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = key(tag, 2);
    out.extend(varint(payload.len() as u64));
    out.extend(payload);
    out
}

/// Reads a varint at `*pos`, advancing it.
pub fn read_varint(input: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..70).step_by(7) {
        let byte = *input.get(*pos)?;
        *pos += 1;
        value |= u64::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

/// Splits a valid encoding (no groups) into its top-level fields.
///
/// # Panics
///
/// When the input is not a valid encoding; the tests only split encodings they produced.
pub fn split_fields(input: &[u8]) -> Vec<RawField> {
    let mut pos = 0;
    let mut fields = Vec::new();
    while pos < input.len() {
        let key = read_varint(input, &mut pos).expect("a key");
        let tag = u32::try_from(key >> 3).expect("a tag");
        let wire_type = (key & 7) as u8;
        let len = match wire_type {
            0 => {
                let start = pos;
                read_varint(input, &mut pos).expect("a varint");
                let payload = input[start..pos].to_vec();
                fields.push(RawField {
                    tag,
                    wire_type,
                    payload,
                });
                continue;
            }
            1 => 8,
            2 => read_varint(input, &mut pos).expect("a length") as usize,
            5 => 4,
            other => panic!("unexpected wire type {other}"),
        };
        fields.push(RawField {
            tag,
            wire_type,
            payload: input[pos..pos + len].to_vec(),
        });
        pos += len;
    }
    fields
}

/// Joins fields into one encoding.
pub fn join_fields(fields: &[RawField]) -> Vec<u8> {
    let mut out = Vec::new();
    for field in fields {
        field.encode(&mut out);
    }
    out
}

/// Bytes as lower-case hex, for messages and golden values.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hex text (whitespace ignored).
///
/// # Panics
///
/// On text that is not hex.
pub fn unhex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    digits
        .chunks(2)
        .map(|pair| {
            u8::from_str_radix(std::str::from_utf8(pair).expect("ASCII"), 16).expect("hex digits")
        })
        .collect()
}
