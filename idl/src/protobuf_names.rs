//! How schema names appear in protobuf, shared by the checks that keep every schema exportable
//! and by the `.proto` exporter.

/// `CardBrand` → `CARD_BRAND`, `HTTPCode` → `HTTP_CODE`, `Status` → `STATUS`.
///
/// A word starts at an uppercase letter that follows a lowercase letter or a digit, and at the
/// last uppercase letter of a run that a lowercase letter follows.
pub fn screaming_snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The name an enum value is exported under: the enum's name in SCREAMING_SNAKE_CASE and `_`
/// in front, unless the symbol already starts with that (`Status`/`PENDING` → `STATUS_PENDING`).
/// protobuf scopes enum values to the package, so the prefix keeps two enums' values apart, and
/// prost strips it again when it generates Rust.
pub fn enum_value_name(enum_name: &str, symbol: &str) -> String {
    let prefix = format!("{}_", screaming_snake_case(enum_name));
    if symbol.starts_with(&prefix) {
        symbol.to_owned()
    } else {
        prefix + symbol
    }
}

/// protoc's JSON name of a field: `_` dropped and the letter after it uppercased
/// (`placed_at` → `placedAt`).
pub fn json_name(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper_next = false;
    for c in field.chars() {
        if c == '_' {
            upper_next = true;
        } else if upper_next {
            out.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// What protoc compares the values of one enum by: the value name without the enum's name as a
/// prefix (matched ignoring case and underscores), in PascalCase. Two values with the same key
/// make protoc reject the file.
pub fn enum_value_key(enum_name: &str, value_name: &str) -> String {
    let prefix: Vec<u8> = enum_name
        .bytes()
        .filter(|&b| b != b'_')
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let bytes = value_name.as_bytes();
    let (mut i, mut j) = (0, 0);
    let mut stripped = value_name;
    while i < bytes.len() && j < prefix.len() {
        if bytes[i] == b'_' {
            i += 1;
            continue;
        }
        if bytes[i].to_ascii_lowercase() != prefix[j] {
            break;
        }
        i += 1;
        j += 1;
    }
    if j == prefix.len() {
        while i < bytes.len() && bytes[i] == b'_' {
            i += 1;
        }
        if i < bytes.len() {
            stripped = &value_name[i..];
        }
    }
    let mut out = String::with_capacity(stripped.len());
    let mut upper_next = true;
    for c in stripped.chars() {
        if c == '_' {
            upper_next = true;
        } else if upper_next {
            out.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screaming_snake_case_splits_words_and_acronyms() {
        assert_eq!(screaming_snake_case("Status"), "STATUS");
        assert_eq!(screaming_snake_case("CardBrand"), "CARD_BRAND");
        assert_eq!(screaming_snake_case("HTTPCode"), "HTTP_CODE");
        assert_eq!(screaming_snake_case("Level2Code"), "LEVEL2_CODE");
        assert_eq!(screaming_snake_case("ALLCAPS"), "ALLCAPS");
        assert_eq!(screaming_snake_case("Snake_Case"), "SNAKE_CASE");
    }

    #[test]
    fn json_names_follow_protoc() {
        assert_eq!(json_name("foo_bar"), "fooBar");
        assert_eq!(json_name("_a"), "A");
        assert_eq!(json_name("value_"), "value");
        assert_eq!(json_name("a__b"), "aB");
    }

    #[test]
    fn enum_value_keys_follow_protoc() {
        let key = |e, v| enum_value_key(e, &enum_value_name(e, v));
        assert_eq!(key("Status", "UNKNOWN"), key("Status", "STATUS_UNKNOWN"));
        assert_eq!(key("E", "E_a"), key("E", "E_A"));
        assert_ne!(key("Status", "STATUSES"), key("Status", "ES"));
        assert_eq!(enum_value_key("CardBrand", "CARD_BRAND_VISA"), "Visa");
    }
}
