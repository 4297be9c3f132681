//! The direct JSON reader: generated `read_json` methods parse the input themselves, without
//! serde's visitors, and match field names as bytes.
//!
//! It reads the shapes JSON encoders write: objects, arrays, strings, numbers (also as strings),
//! `null`, `true` and `false`. Anything else — an error, but also valid input it leaves to the
//! serde path, such as an integer written `3.0`, a field name with escapes, a duplicate field or
//! nesting deeper than [`MAX_DEPTH`] — makes it decline, and the serde path reads the document
//! again and decides, with the error's message, path and position.
//!
//! The invariant that makes the two paths one decoder: whatever the reader accepts, the serde
//! path accepts too, with the same value. It never accepts what serde_json would reject (it
//! follows the JSON grammar strictly and checks UTF-8 in every string it keeps or matches), and
//! it turns numbers into values exactly as serde_json and Trident's visitors do.

use std::borrow::Cow;

/// The reader declined the input; the serde path reads it instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declined;

/// What a direct read returns.
pub type Read<T> = Result<T, Declined>;

/// The deepest nesting of arrays and objects the reader follows (serde_json stops at 128).
pub const MAX_DEPTH: u32 = 120;

/// A JSON number as serde_json hands it to a visitor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer that fits `u64`.
    U64(u64),
    /// A negative integer that fits `i64`.
    I64(i64),
    /// Anything else: a fraction, an exponent, `-0`, or a negative integer below `i64::MIN`.
    F64(f64),
}

/// A cursor over a JSON document.
#[derive(Debug)]
pub struct JsonReader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
    max_collection_len: usize,
}

/// The powers of ten a double holds exactly.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

const ONES: u64 = u64::MAX / 255;
const HIGH: u64 = ONES << 7;

/// Whether any byte of the eight in `chunk` is `"`, `\` or below 0x20.
#[inline]
fn has_special(chunk: u64) -> bool {
    let control = chunk.wrapping_sub(ONES * 0x20) & !chunk;
    let quote = chunk ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = chunk ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control | quote | backslash) & HIGH != 0
}

impl<'a> JsonReader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8], max_collection_len: usize) -> JsonReader<'a> {
        JsonReader {
            bytes,
            pos: 0,
            depth: 0,
            max_collection_len,
        }
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                break;
            }
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Read<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Declined)
        }
    }

    /// Whether only whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    #[inline]
    fn enter(&mut self) -> Read<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Declined);
        }
        Ok(())
    }

    /// Fails when a list or map that holds `len` items would take one more.
    #[inline]
    pub fn check_len(&self, len: usize) -> Read<()> {
        if len < self.max_collection_len {
            Ok(())
        } else {
            Err(Declined)
        }
    }

    /// Reads `{`; then [`next_key`](Self::next_key) until it returns `None`.
    #[inline]
    pub fn begin_object(&mut self) -> Read<()> {
        self.expect(b'{')?;
        self.enter()
    }

    /// The next field name of an object, with its `:` read, or `None` after the closing `}`.
    /// `first` starts `true` for each object. The name is raw bytes without escapes; a name
    /// with escapes declines.
    #[inline]
    pub fn next_key(&mut self, first: &mut bool) -> Read<Option<&'a [u8]>> {
        if !self.next_entry(first)? {
            return Ok(None);
        }
        let key = self.raw_string()?;
        self.expect(b':')?;
        Ok(Some(key))
    }

    /// The next key of a map: [`next_key`](Self::next_key) for keys that are any text, escapes
    /// included.
    #[inline]
    pub fn next_map_key(&mut self, first: &mut bool) -> Read<Option<Cow<'a, str>>> {
        if !self.next_entry(first)? {
            return Ok(None);
        }
        let key = self.string_body()?;
        self.expect(b':')?;
        Ok(Some(key))
    }

    /// Reads up to and including the opening quote of the next key, or the closing `}`
    /// (returning false).
    #[inline]
    fn next_entry(&mut self, first: &mut bool) -> Read<bool> {
        let next = self.peek();
        if next == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        if !*first {
            if next != Some(b',') {
                return Err(Declined);
            }
            self.pos += 1;
        }
        *first = false;
        self.expect(b'"')?;
        Ok(true)
    }

    /// Reads `[`; then [`next_item`](Self::next_item) before each item until it returns false.
    #[inline]
    pub fn begin_array(&mut self) -> Read<()> {
        self.expect(b'[')?;
        self.enter()
    }

    /// Whether another item follows (its `,` read), or false after the closing `]`.
    #[inline]
    pub fn next_item(&mut self, first: &mut bool) -> Read<bool> {
        let next = self.peek();
        if next == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        if !*first {
            if next != Some(b',') {
                return Err(Declined);
            }
            self.pos += 1;
        }
        *first = false;
        Ok(true)
    }

    /// Reads `null` if it is next.
    #[inline]
    pub fn null(&mut self) -> bool {
        self.literal(b"null")
    }

    #[inline]
    fn literal(&mut self, word: &[u8]) -> bool {
        self.skip_whitespace();
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// Reads `true` or `false`.
    pub fn bool(&mut self) -> Read<bool> {
        if self.literal(b"true") {
            Ok(true)
        } else if self.literal(b"false") {
            Ok(false)
        } else {
            Err(Declined)
        }
    }

    /// The bytes of a string up to its closing quote (the opening one already read), which
    /// must hold no escape and no control character.
    #[inline]
    fn raw_string(&mut self) -> Read<&'a [u8]> {
        let start = self.pos;
        let end = self.string_end(start);
        match self.bytes.get(end) {
            Some(b'"') => {
                self.pos = end + 1;
                Ok(&self.bytes[start..end])
            }
            _ => Err(Declined),
        }
    }

    /// Where the first `"`, `\` or control character at or after `from` is (or the end).
    #[inline]
    fn string_end(&self, mut from: usize) -> usize {
        let bytes = self.bytes;
        while let Some(chunk) = bytes.get(from..from + 8) {
            let word = u64::from_le_bytes([
                chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
            ]);
            if has_special(word) {
                break;
            }
            from += 8;
        }
        while let Some(&b) = bytes.get(from) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                return from;
            }
            from += 1;
        }
        from
    }

    /// Reads a string, borrowed from the input when it holds no escapes.
    #[inline]
    pub fn str(&mut self) -> Read<Cow<'a, str>> {
        self.expect(b'"')?;
        self.string_body()
    }

    /// A string after its opening quote.
    #[inline]
    fn string_body(&mut self) -> Read<Cow<'a, str>> {
        let start = self.pos;
        let end = self.string_end(start);
        match self.bytes.get(end) {
            Some(b'"') => {
                self.pos = end + 1;
                std::str::from_utf8(&self.bytes[start..end])
                    .map(Cow::Borrowed)
                    .map_err(|_| Declined)
            }
            Some(b'\\') => self.escaped_string(start, end).map(Cow::Owned),
            _ => Err(Declined),
        }
    }

    /// Skips the rest of a string, checking its escapes as serde_json checks those of an
    /// ignored string (any `\uXXXX`, paired or not, and no UTF-8 check).
    fn skip_string(&mut self) -> Read<()> {
        loop {
            let end = self.string_end(self.pos);
            match self.bytes.get(end) {
                Some(b'"') => {
                    self.pos = end + 1;
                    return Ok(());
                }
                Some(b'\\') => match self.bytes.get(end + 1) {
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                        self.pos = end + 2;
                    }
                    Some(b'u') => {
                        self.pos = end + 2;
                        self.hex4()?;
                    }
                    _ => return Err(Declined),
                },
                _ => return Err(Declined),
            }
        }
    }

    /// Reads an owned string.
    #[inline]
    pub fn string(&mut self) -> Read<String> {
        self.str().map(Cow::into_owned)
    }

    /// The rest of a string that has an escape at `escape`.
    #[cold]
    fn escaped_string(&mut self, start: usize, mut escape: usize) -> Read<String> {
        let mut out = Vec::with_capacity(escape - start + 16);
        out.extend_from_slice(&self.bytes[start..escape]);
        loop {
            self.pos = escape + 1;
            let Some(&kind) = self.bytes.get(self.pos) else {
                return Err(Declined);
            };
            self.pos += 1;
            match kind {
                b'"' | b'\\' | b'/' => out.push(kind),
                b'b' => out.push(0x08),
                b'f' => out.push(0x0c),
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'u' => {
                    let c = self.unicode_escape()?;
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                _ => return Err(Declined),
            }
            let run = self.pos;
            let end = self.string_end(run);
            out.extend_from_slice(&self.bytes[run..end.min(self.bytes.len())]);
            match self.bytes.get(end) {
                Some(b'"') => {
                    self.pos = end + 1;
                    return String::from_utf8(out).map_err(|_| Declined);
                }
                Some(b'\\') => escape = end,
                _ => return Err(Declined),
            }
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` already read), joining a surrogate pair;
    /// a lone surrogate declines.
    fn unicode_escape(&mut self) -> Read<char> {
        let first = self.hex4()?;
        let code = match first {
            0xd800..=0xdbff => {
                if !self.bytes[self.pos..].starts_with(b"\\u") {
                    return Err(Declined);
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&second) {
                    return Err(Declined);
                }
                0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(Declined),
            _ => first,
        };
        char::from_u32(code).ok_or(Declined)
    }

    fn hex4(&mut self) -> Read<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or(Declined)?;
        let mut value = 0;
        for &d in digits {
            let digit = char::from(d).to_digit(16).ok_or(Declined)?;
            value = value * 16 + digit;
        }
        self.pos += 4;
        Ok(value)
    }

    /// Reads a number, strictly by the JSON grammar, as serde_json hands it to a visitor. A
    /// number with more integer digits than `u64` holds declines.
    #[inline]
    pub fn number(&mut self) -> Read<Number> {
        self.skip_whitespace();
        let bytes = self.bytes;
        let start = self.pos;
        let mut pos = start;
        let negative = bytes.get(pos) == Some(&b'-');
        if negative {
            pos += 1;
        }
        let mut significand: u64 = 0;
        match bytes.get(pos) {
            Some(b'0') => {
                pos += 1;
                if bytes.get(pos).is_some_and(u8::is_ascii_digit) {
                    return Err(Declined);
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(&d) = bytes.get(pos).filter(|d| d.is_ascii_digit()) {
                    significand = significand
                        .checked_mul(10)
                        .and_then(|s| s.checked_add(u64::from(d - b'0')))
                        .ok_or(Declined)?;
                    pos += 1;
                }
            }
            _ => return Err(Declined),
        }
        let mut integral = true;
        // The decimal digits as one integer and a power of ten, while they fit exactly.
        let mut mantissa = significand;
        let mut exact = true;
        let mut exponent: i64 = 0;
        if bytes.get(pos) == Some(&b'.') {
            integral = false;
            let first = pos + 1;
            pos = Self::digits(bytes, first)?;
            for &d in &bytes[first..pos] {
                match mantissa
                    .checked_mul(10)
                    .and_then(|m| m.checked_add(u64::from(d - b'0')))
                {
                    Some(m) => {
                        mantissa = m;
                        exponent -= 1;
                    }
                    None => exact = false,
                }
            }
        }
        if matches!(bytes.get(pos), Some(b'e' | b'E')) {
            integral = false;
            pos += 1;
            let sign = match bytes.get(pos) {
                Some(b'-') => {
                    pos += 1;
                    -1
                }
                Some(b'+') => {
                    pos += 1;
                    1
                }
                _ => 1,
            };
            let first = pos;
            pos = Self::digits(bytes, first)?;
            let mut written: i64 = 0;
            for &d in &bytes[first..pos] {
                written = (written * 10 + i64::from(d - b'0')).min(1 << 20);
            }
            exponent += sign * written;
        }
        self.pos = pos;
        if integral {
            if !negative {
                return Ok(Number::U64(significand));
            }
            // As serde_json: `-0` and integers below i64::MIN are floats.
            let negated = (significand as i64).wrapping_neg();
            return Ok(if negated < 0 {
                Number::I64(negated)
            } else {
                Number::F64(-(significand as f64))
            });
        }
        // Both reads round correctly, as serde_json with `float_roundtrip` does: the quick one
        // when the digits and the power of ten are exact doubles (one rounding, in the
        // division or multiplication), the standard library's parse otherwise.
        if exact && mantissa <= 1 << 53 && (-22..=22).contains(&exponent) {
            let power = POWERS_OF_TEN[exponent.unsigned_abs() as usize];
            let magnitude = if exponent < 0 {
                mantissa as f64 / power
            } else {
                mantissa as f64 * power
            };
            return Ok(Number::F64(if negative { -magnitude } else { magnitude }));
        }
        let text = std::str::from_utf8(&bytes[start..pos]).map_err(|_| Declined)?;
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Number::F64(v)),
            _ => Err(Declined),
        }
    }

    /// The position after one or more digits at `pos`.
    fn digits(bytes: &[u8], mut pos: usize) -> Read<usize> {
        let first = pos;
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        if pos == first {
            return Err(Declined);
        }
        Ok(pos)
    }

    /// Skips the value of a field this type does not know, after checking its name is UTF-8
    /// (serde_json reads the names of unknown fields as strings).
    pub fn skip_field(&mut self, key: &[u8]) -> Read<()> {
        std::str::from_utf8(key).map_err(|_| Declined)?;
        self.skip_value()
    }

    /// Skips one value of any kind, checking it as serde_json does when it ignores a value.
    pub fn skip_value(&mut self) -> Read<()> {
        match self.peek() {
            Some(b'{') => {
                self.begin_object()?;
                let mut first = true;
                while let Some(key) = self.next_key(&mut first)? {
                    self.skip_field(key)?;
                }
                Ok(())
            }
            Some(b'[') => {
                self.begin_array()?;
                let mut first = true;
                while self.next_item(&mut first)? {
                    self.skip_value()?;
                }
                Ok(())
            }
            Some(b'"') => {
                self.pos += 1;
                self.skip_string()
            }
            Some(b't' | b'f') => self.bool().map(drop),
            Some(b'n') if self.null() => Ok(()),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            _ => Err(Declined),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(text: &str) -> JsonReader<'_> {
        JsonReader::new(text.as_bytes(), 1 << 20)
    }

    #[test]
    fn numbers_follow_the_json_grammar_and_serde_json_kinds() {
        let n = |text: &str| reader(text).number();
        assert_eq!(n("0"), Ok(Number::U64(0)));
        assert_eq!(n(" 18446744073709551615"), Ok(Number::U64(u64::MAX)));
        assert_eq!(n("-9223372036854775808"), Ok(Number::I64(i64::MIN)));
        assert_eq!(
            n("-9223372036854775809"),
            Ok(Number::F64(-9223372036854775809.0))
        );
        assert!(matches!(n("-0"), Ok(Number::F64(z)) if z == 0.0 && z.is_sign_negative()));
        assert_eq!(n("1.5e3"), Ok(Number::F64(1500.0)));
        assert_eq!(n("2E-2"), Ok(Number::F64(0.02)));
        // The quick path and the standard parse agree with serde_json on every shape.
        for text in [
            "0.1",
            "-0.0",
            "3.4028235e38",
            "1.17549435e-38",
            "9007199254740993.0",
            "2.5e22",
            "2.5e23",
            "123456789012345678.9",
            "0.000001234",
            "1e-22",
            "4.9e-324",
            "1.0e+2",
        ] {
            let expected: f64 = serde_json::from_str(text).unwrap();
            match n(text) {
                Ok(Number::F64(v)) => assert_eq!(v.to_bits(), expected.to_bits(), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        for bad in [
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "18446744073709551616",
            "1e400",
        ] {
            assert_eq!(n(bad), Err(Declined), "{bad}");
        }
    }

    proptest::proptest! {
        /// Every number text, in every shape a writer might choose, reads as serde_json reads
        /// it (bit for bit).
        #[test]
        fn numbers_read_as_serde_json_reads_them(
            bits in proptest::prelude::any::<u64>(),
            digits in 0usize..25,
            scale in -30i32..30,
        ) {
            let v = f64::from_bits(bits);
            if !v.is_finite() {
                return Ok(());
            }
            let scaled = v * 10f64.powi(scale);
            for text in [
                format!("{v}"),
                format!("{v:e}"),
                format!("{v:.digits$}"),
                format!("{scaled:.digits$e}"),
                format!("{}", v as f32),
                format!("{:.digits$}", (bits % 100_000) as f64 / 1000.0),
            ] {
                let expected: Result<f64, _> = serde_json::from_str(&text);
                let got = reader(&text).number();
                match (expected, got) {
                    (Ok(e), Ok(Number::F64(g))) => proptest::prop_assert_eq!(e.to_bits(), g.to_bits(), "{}", text),
                    (Ok(e), Ok(Number::U64(g))) => proptest::prop_assert_eq!(e, g as f64, "{}", text),
                    (Ok(e), Ok(Number::I64(g))) => proptest::prop_assert_eq!(e, g as f64, "{}", text),
                    (_, Err(Declined)) => {}
                    (Err(e), Ok(g)) => proptest::prop_assert!(false, "{text}: serde says {e}, read {g:?}"),
                }
            }
        }
    }

    #[test]
    fn strings_decode_escapes_and_decline_what_serde_json_rejects() {
        let s = |text: &str| reader(text).string();
        assert_eq!(s("\"plain\""), Ok("plain".to_string()));
        assert_eq!(
            s(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83e\udd80 long tail""#),
            Ok("a\"b\\c/d\u{8}\u{c}\n\r\té🦀 long tail".to_string())
        );
        for bad in [
            "\"tab\there\"",
            "\"open",
            r#""\x""#,
            r#""\ud800""#,
            r#""\udc00x""#,
        ] {
            assert_eq!(s(bad), Err(Declined), "{bad}");
        }
        let mut invalid = reader("");
        invalid.bytes = b"\"\xff\"";
        assert_eq!(invalid.string(), Err(Declined));
    }

    #[test]
    fn skipping_checks_structure_and_depth() {
        let skip = |text: &str| {
            let mut r = reader(text);
            r.skip_value()
                .and_then(|()| if r.at_end() { Ok(()) } else { Err(Declined) })
        };
        assert_eq!(
            skip(r#"{"a": [1, -2.5e3, "x", true, false, null, {}], "b": {}}"#),
            Ok(())
        );
        for bad in [
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "[1 2]",
            "nul",
            "{\"a\":1}}",
        ] {
            assert_eq!(skip(bad), Err(Declined), "{bad}");
        }
        let deep = "[".repeat(MAX_DEPTH as usize + 1) + &"]".repeat(MAX_DEPTH as usize + 1);
        assert_eq!(skip(&deep), Err(Declined));
        let ok = "[".repeat(MAX_DEPTH as usize) + &"]".repeat(MAX_DEPTH as usize);
        assert_eq!(skip(&ok), Ok(()));
    }
}
