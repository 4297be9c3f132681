//! A position scanner for JSON text: the byte range of every value, and of every object key, so
//! that findings and load errors can point into an `.avsc` file. serde_json checks the text and
//! builds the values; this scanner only finds where they are. It never panics: on text that is
//! not JSON it returns `None` (serde_json reports what is wrong).

/// Where one JSON value is, and where its parts are.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Spanned {
    /// The byte offset of the value's first character.
    pub(crate) start: usize,
    /// The byte offset just after the value.
    pub(crate) end: usize,
    /// What the value is, with the spans of its parts.
    pub(crate) kind: Kind,
}

/// The parts of a value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// A number, `true`, `false` or `null`.
    Scalar,
    /// A string, decoded.
    String(String),
    /// An array's items.
    Array(Vec<Spanned>),
    /// An object's members, in order: the key (decoded), the key's start, the value.
    Object(Vec<(String, usize, Spanned)>),
}

impl Spanned {
    /// The value of key `key` of an object (the last one, as serde_json keeps it).
    pub(crate) fn get(&self, key: &str) -> Option<&Spanned> {
        match &self.kind {
            Kind::Object(members) => members.iter().rev().find(|(k, ..)| k == key).map(|m| &m.2),
            _ => None,
        }
    }

    /// The item `index` of an array.
    pub(crate) fn item(&self, index: usize) -> Option<&Spanned> {
        match &self.kind {
            Kind::Array(items) => items.get(index),
            _ => None,
        }
    }

    /// The decoded text of a string.
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value a JSON pointer (`/fields/0/type`) leads to, or the deepest one on its way.
    pub(crate) fn follow(&self, pointer: &str) -> &Spanned {
        let mut at = self;
        for segment in pointer.split('/').skip(1) {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            let next = match &at.kind {
                Kind::Array(_) => segment.parse().ok().and_then(|i| at.item(i)),
                Kind::Object(_) => at.get(&segment),
                _ => None,
            };
            match next {
                Some(next) => at = next,
                None => break,
            }
        }
        at
    }
}

/// How deeply values may nest (serde_json's own limit is lower).
const MAX_DEPTH: usize = 512;

/// Scans a JSON document; `None` if it is not JSON.
pub(crate) fn scan(text: &str) -> Option<Spanned> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    let value = scanner.value(0)?;
    scanner.skip_ws();
    (scanner.pos == text.len()).then_some(value)
}

struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek() == Some(byte)).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Spanned> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        let start = self.pos;
        let kind = match self.peek()? {
            b'"' => Kind::String(self.string()?),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                if self.eat(b']').is_none() {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b',').is_none() {
                            self.eat(b']')?;
                            break;
                        }
                    }
                }
                Kind::Array(items)
            }
            b'{' => {
                self.pos += 1;
                let mut members = Vec::new();
                if self.eat(b'}').is_none() {
                    loop {
                        self.skip_ws();
                        let key_start = self.pos;
                        if self.peek() != Some(b'"') {
                            return None;
                        }
                        let key = self.string()?;
                        self.eat(b':')?;
                        let value = self.value(depth + 1)?;
                        members.push((key, key_start, value));
                        if self.eat(b',').is_none() {
                            self.eat(b'}')?;
                            break;
                        }
                    }
                }
                Kind::Object(members)
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'E')
                ) {
                    self.pos += 1;
                }
                Kind::Scalar
            }
            _ => return None,
        };
        Some(Spanned {
            start,
            end: self.pos,
            kind,
        })
    }

    /// A string literal at `pos` (on its opening quote), decoded.
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.pos..)?;
            let stop = rest.find(['"', '\\'])?;
            out.push_str(rest.get(..stop)?);
            self.pos += stop;
            if self.peek()? == b'"' {
                self.pos += 1;
                return Some(out);
            }
            // An escape.
            let escape = *self.bytes.get(self.pos + 1)?;
            self.pos += 2;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let unit = self.hex4()?;
                    let code = if (0xd800..0xdc00).contains(&unit)
                        && self.text.get(self.pos..self.pos + 2) == Some("\\u")
                    {
                        self.pos += 2;
                        let low = self.hex4()?;
                        0x10000 + ((unit - 0xd800) << 10) + low.checked_sub(0xdc00)?
                    } else {
                        unit
                    };
                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                }
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        let value = u32::from_str_radix(digits, 16).ok()?;
        self.pos += 4;
        Some(value)
    }
}

/// The 1-based line and column (in characters) of byte offset `offset` of `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_keys_and_items() {
        let text =
            "{\"type\": \"record\",\n \"fields\": [{\"name\": \"a\\u00e9\", \"type\": 1.5e3}]}";
        let doc = scan(text).expect("JSON");
        let field = doc.follow("/fields/0");
        assert_eq!(field.get("name").and_then(Spanned::as_str), Some("aé"));
        let name = field.get("name").expect("name");
        assert_eq!(line_col(text, name.start), (2, 22));
        let ty = doc.follow("/fields/0/type");
        assert_eq!(&text[ty.start..ty.end], "1.5e3");
        // A pointer that goes nowhere stops at the deepest value on its way.
        assert_eq!(
            doc.follow("/fields/7/type"),
            doc.get("fields").expect("fields")
        );
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        let doc = scan(r#"["\"\\\/\b\f\n\r\t", "\ud83d\ude00"]"#).expect("JSON");
        assert_eq!(
            doc.item(0).and_then(Spanned::as_str),
            Some("\"\\/\u{8}\u{c}\n\r\t")
        );
        assert_eq!(doc.item(1).and_then(Spanned::as_str), Some("😀"));
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "",
            "{",
            "[1,",
            "\"abc",
            "\"\\u12",
            "\"\\ud800\\u0041\"",
            "{\"a\" 1}",
            "{1: 2}",
            "[1] x",
            "\"\\q\"",
            "é",
            "[\"é",
            "{\"a\":[{\"b\":",
        ] {
            assert_eq!(scan(text), None, "{text:?}");
        }
        let deep = "[".repeat(100_000);
        assert_eq!(scan(&deep), None);
        assert_eq!(line_col("aé\nb", 2), (1, 2));
        assert_eq!(line_col("a\nbc", 99), (2, 3));
    }
}
