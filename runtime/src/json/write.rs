//! The direct JSON writer: text appended to a `Vec<u8>` without going through serde.
//!
//! Generated `write_json` methods write object punctuation and field names as byte-string
//! constants (`,"name":`) and call these helpers for values. The output is byte for byte what
//! serde_json writes for the same value through the type's `Serialize` impl: the same string
//! escapes, integers by itoa, floats by zmij (serde_json's own formatters).

/// Which bytes a string escapes, and how: `b'u'` for `\u00XX`, another letter for `\X`, 0 for
/// none. The same set serde_json escapes: `"`, `\` and the control characters.
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = b'u';
        i += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Writes `value` as a quoted JSON string.
#[inline]
pub fn write_str(out: &mut Vec<u8>, value: &str) {
    out.reserve(value.len() + 2);
    out.push(b'"');
    write_escaped(out, value);
    out.push(b'"');
}

/// Writes the characters of a JSON string, escaped, without the quotes.
#[inline]
fn write_escaped(out: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escape = ESCAPE[usize::from(byte)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        write_escape(out, escape, byte);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cold]
fn write_escape(out: &mut Vec<u8>, escape: u8, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    if escape == b'u' {
        out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(byte >> 4)],
            HEX[usize::from(byte & 0xf)],
        ]);
    } else {
        out.extend_from_slice(&[b'\\', escape]);
    }
}

/// Writes an integer.
#[inline]
pub fn write_int<I: itoa::Integer>(out: &mut Vec<u8>, value: I) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// Writes a float: a number when finite, else `"NaN"`, `"Infinity"` or `"-Infinity"`.
#[inline]
pub fn write_float<F: zmij::Float + Into<f64>>(out: &mut Vec<u8>, value: F) {
    let wide: f64 = value.into();
    if wide.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(value).as_bytes());
    } else {
        write_special_float(out, wide);
    }
}

#[cold]
fn write_special_float(out: &mut Vec<u8>, value: f64) {
    out.extend_from_slice(if value.is_nan() {
        b"\"NaN\""
    } else if value > 0.0 {
        b"\"Infinity\""
    } else {
        b"\"-Infinity\""
    });
}

/// Writes a value's `Display` text as a JSON string, escaped as it is formatted.
pub fn write_display(out: &mut Vec<u8>, value: &impl std::fmt::Display) {
    struct Escaped<'a>(&'a mut Vec<u8>);
    impl std::fmt::Write for Escaped<'_> {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            write_escaped(self.0, text);
            Ok(())
        }
    }
    out.push(b'"');
    // Writing into a Vec cannot fail; only a Display impl that fails would stop it.
    let _ = std::fmt::Write::write_fmt(&mut Escaped(out), format_args!("{value}"));
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(write: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        write(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        let samples = [
            "",
            "plain",
            "quote \" and backslash \\",
            "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}",
            "ünïcödé ✓ 🦀 / </script>",
        ];
        for s in samples {
            assert_eq!(text(|o| write_str(o, s)), serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for v in [0.0f32, -0.0, 0.1, 1e-45, 3.4028235e38, 16777216.0, -2.5e-7] {
            assert_eq!(
                text(|o| write_float(o, v)),
                serde_json::to_string(&v).unwrap()
            );
        }
        for v in [0.0f64, 5e-324, 1e300, 0.30000000000000004, -123456789.125] {
            assert_eq!(
                text(|o| write_float(o, v)),
                serde_json::to_string(&v).unwrap()
            );
        }
        assert_eq!(text(|o| write_float(o, f64::NAN)), "\"NaN\"");
        assert_eq!(text(|o| write_float(o, f32::INFINITY)), "\"Infinity\"");
        assert_eq!(text(|o| write_float(o, f64::NEG_INFINITY)), "\"-Infinity\"");
        assert_eq!(text(|o| write_int(o, i64::MIN)), "-9223372036854775808");
        assert_eq!(text(|o| write_int(o, u64::MAX)), "18446744073709551615");
    }

    #[test]
    fn display_text_is_escaped_as_serde_json_escapes_collect_str() {
        let value = format_args!("a\"b\\c\n{}", 5);
        assert_eq!(
            text(|o| write_display(o, &value)),
            serde_json::to_string(&value.to_string()).unwrap()
        );
    }
}
