//! Literal text: string escapes, integer literals and doc comment lines.

/// `\xHH` at the start of `s`: the byte and the escape's length.
pub(super) fn hex_escape(s: &str) -> Option<(Vec<u8>, usize)> {
    let hex = s.get(2..4)?;
    let byte = u8::from_str_radix(hex, 16).ok()?;
    Some((vec![byte], 4))
}

/// `\u{H…}` at the start of `s`: the UTF-8 bytes and the escape's length.
pub(super) fn unicode_escape(s: &str) -> Option<(Vec<u8>, usize)> {
    let rest = s.get(2..)?.strip_prefix('{')?;
    let close = rest.find('}')?;
    let hex = &rest[..close];
    if hex.is_empty() || hex.len() > 6 {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    let mut buf = [0; 4];
    Some((c.encode_utf8(&mut buf).as_bytes().to_vec(), close + 4))
}

/// The sign, digits and radix of an integer literal: `-0x1F` is `(true, "1F", 16)`.
fn split_int(text: &str) -> (bool, &str, u32) {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text),
    };
    match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => (negative, hex, 16),
        None => (negative, digits, 10),
    }
}

/// Parses a decimal or `0x` hexadecimal integer with an optional `-`; `None` on overflow.
pub(super) fn parse_int(text: &str) -> Option<i128> {
    let (negative, digits, radix) = split_int(text);
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// The value of an integer literal too large for `i128`, as the nearest `f64`.
pub(super) fn approximate(text: &str) -> f64 {
    let (negative, digits, radix) = split_int(text);
    let magnitude = if radix == 10 {
        digits.parse().unwrap_or(f64::INFINITY) // correctly rounded
    } else {
        digits
            .chars()
            .filter_map(|c| c.to_digit(radix))
            .fold(0.0, |acc, d| acc * f64::from(radix) + f64::from(d))
    };
    if negative { -magnitude } else { magnitude }
}

/// A doc comment's text without `///` and one following space.
pub(super) fn doc_line(raw: &str) -> String {
    let text = raw.trim_start_matches("///");
    let text = text.strip_prefix(' ').unwrap_or(text);
    text.trim_end().to_string()
}
