//! `Uuid`: a 128-bit universally unique identifier, kept as its 16 bytes.
//!
//! Trident only stores and transports UUIDs; it neither generates them nor looks at
//! their version or variant bits. With the `uuid` feature, [`Uuid`] converts to and
//! from `uuid::Uuid`, which does both.

use std::fmt;
use std::str::FromStr;

use crate::date::{describe_byte, quote_input};

/// A UUID as its 16 bytes, in the order RFC 9562 writes them (big-endian fields).
///
/// Any 16 bytes are accepted: the version and variant bits are not checked. The
/// default value is [`Uuid::NIL`].
///
/// # Text form
///
/// [`Display`](fmt::Display) writes the lowercase hyphenated form
/// `67e55044-10b1-426f-9247-bb680e5fe0c8`. [`FromStr`] reads that form with hex
/// digits in either case, and also the 32-digit "simple" form without hyphens. It
/// rejects everything else, including braces, a `urn:uuid:` prefix, surrounding
/// spaces and hyphens in other places.
///
/// ```
/// use trident::Uuid;
///
/// let id: Uuid = "67E55044-10B1-426F-9247-BB680E5FE0C8".parse()?;
/// assert_eq!(id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
/// assert_eq!(id, "67e5504410b1426f9247bb680e5fe0c8".parse()?);
/// assert_eq!(id.as_bytes()[0], 0x67);
/// # Ok::<(), trident::UuidError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uuid([u8; 16]);

impl Uuid {
    /// The nil UUID, `00000000-0000-0000-0000-000000000000`.
    pub const NIL: Uuid = Uuid([0; 16]);

    /// The UUID with these 16 bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Uuid {
        Uuid(bytes)
    }

    /// The 16 bytes of this UUID.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The 16 bytes of this UUID, by value.
    pub const fn into_bytes(self) -> [u8; 16] {
        self.0
    }
}

/// Positions of the hyphens in the 36-character hyphenated form.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, byte) in self.0.iter().enumerate() {
            // A hyphen goes before bytes 4, 6, 8 and 10 (8-4-4-4-12 hex digits).
            if matches!(index, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl FromStr for Uuid {
    type Err = UuidError;

    fn from_str(s: &str) -> Result<Uuid, UuidError> {
        parse(s).map(Uuid).map_err(|reason| UuidError::Parse {
            input: quote_input(s),
            reason,
        })
    }
}

/// Reads the hyphenated or simple form; the error is the reason only.
fn parse(s: &str) -> Result<[u8; 16], String> {
    let text = s.as_bytes();
    let hyphenated = match text.len() {
        36 => true,
        32 => false,
        _ => {
            return Err(format!(
                "expected 36 characters (8-4-4-4-12 hex digits with hyphens) or 32 hex \
                 digits, found {}",
                s.chars().count()
            ));
        }
    };
    let mut bytes = [0_u8; 16];
    let mut nibbles = 0_usize;
    for (position, &byte) in text.iter().enumerate() {
        let hyphen_expected = hyphenated && HYPHENS.contains(&position);
        let value = match (byte, hyphen_expected) {
            (b'-', true) => continue,
            (_, true) => {
                return Err(format!(
                    "expected `-` at position {}, found {}",
                    position + 1,
                    describe_byte(byte)
                ));
            }
            (b'0'..=b'9', false) => byte - b'0',
            (b'a'..=b'f', false) => byte - b'a' + 10,
            (b'A'..=b'F', false) => byte - b'A' + 10,
            (_, false) => {
                return Err(format!(
                    "expected a hex digit at position {}, found {}",
                    position + 1,
                    describe_byte(byte)
                ));
            }
        };
        // 32 hex digits in all: two per byte, high nibble first.
        if let Some(slot) = bytes.get_mut(nibbles / 2) {
            *slot = (*slot << 4) | value;
        }
        nibbles += 1;
    }
    Ok(bytes)
}

/// Why a [`Uuid`] could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UuidError {
    /// The text is not a hyphenated or simple UUID.
    #[error("invalid UUID `{input}`: {reason}")]
    Parse {
        /// The text that was read; cut to its first 64 characters (followed by `…`)
        /// when it is longer.
        input: String,
        /// What was wrong with it.
        reason: String,
    },
}

#[cfg(feature = "uuid")]
mod uuid_impls {
    //! Conversions between [`Uuid`] and [`::uuid::Uuid`], which share the byte order.

    use super::Uuid;

    impl From<::uuid::Uuid> for Uuid {
        fn from(id: ::uuid::Uuid) -> Uuid {
            Uuid(id.into_bytes())
        }
    }

    impl From<Uuid> for ::uuid::Uuid {
        fn from(id: Uuid) -> ::uuid::Uuid {
            ::uuid::Uuid::from_bytes(id.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEXT: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    const BYTES: [u8; 16] = [
        0x67, 0xe5, 0x50, 0x44, 0x10, 0xb1, 0x42, 0x6f, 0x92, 0x47, 0xbb, 0x68, 0x0e, 0x5f, 0xe0,
        0xc8,
    ];

    fn parse(s: &str) -> Result<Uuid, UuidError> {
        s.parse()
    }

    fn reason(s: &str) -> String {
        match parse(s) {
            Err(UuidError::Parse { reason, .. }) => reason,
            other => panic!("expected a parse error for {s:?}, got {other:?}"),
        }
    }

    #[test]
    fn known_values() {
        let id = Uuid::from_bytes(BYTES);
        assert_eq!(id.to_string(), TEXT);
        assert_eq!(parse(TEXT), Ok(id));
        assert_eq!(parse(&TEXT.to_uppercase()), Ok(id));
        assert_eq!(parse("67E55044-10b1-426F-9247-bb680E5FE0C8"), Ok(id));
        assert_eq!(parse("67e5504410b1426f9247bb680e5fe0c8"), Ok(id));
        assert_eq!(parse("67E5504410B1426F9247BB680E5FE0C8"), Ok(id));
        assert_eq!(id.as_bytes(), &BYTES);
        assert_eq!(id.into_bytes(), BYTES);
        assert_eq!(
            Uuid::NIL.to_string(),
            "00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(Uuid::default(), Uuid::NIL);
        assert_eq!(
            Uuid::from_bytes([0xff; 16]).to_string(),
            "ffffffff-ffff-ffff-ffff-ffffffffffff"
        );
    }

    #[test]
    fn rejects_other_forms_with_reasons() {
        assert_eq!(
            parse("{67e55044-10b1-426f-9247-bb680e5fe0c8}").map_err(|e| e.to_string()),
            Err(
                "invalid UUID `{67e55044-10b1-426f-9247-bb680e5fe0c8}`: expected 36 \
                 characters (8-4-4-4-12 hex digits with hyphens) or 32 hex digits, found 38"
                    .to_owned()
            )
        );
        assert!(reason("urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8").contains("found 45"));
        assert!(reason("").contains("found 0"));
        assert!(reason("67e55044-10b1-426f-9247-bb680e5fe0c").contains("found 35"));
        assert!(reason("67e5504410b1426f9247bb680e5fe0c8a").contains("found 33"));
        assert!(
            reason("67e55044-10b1-426f-9247-bb680e5fe0cg")
                .contains("expected a hex digit at position 36, found `g`")
        );
        assert!(
            reason("67e5504410b1426f9247bb680e5fe0c-")
                .contains("expected a hex digit at position 32, found `-`")
        );
        assert!(
            reason("67e550441-0b1-426f-9247-bb680e5fe0c8")
                .contains("expected `-` at position 9, found `1`")
        );
        assert!(
            reason("67e55044-10b1-426f-9247+bb680e5fe0c8")
                .contains("expected `-` at position 24, found `+`")
        );
        assert!(reason(" 67e55044-10b1-426f-9247-bb680e5fe0c").contains("found a space"));
        assert!(reason("67e55044-10b1-426f-9247-bb680e5fe0é").contains("non-ASCII"));
        assert!(reason("67e55044-10b1-426f-9247-bb680e5fé").contains("found 33"));
        assert!(reason("+7e55044-10b1-426f-9247-bb680e5fe0c8").contains("position 1, found `+`"));
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(bytes in any::<[u8; 16]>()) {
            let id = Uuid::from_bytes(bytes);
            let text = id.to_string();
            prop_assert_eq!(text.len(), 36);
            prop_assert_eq!(parse(&text), Ok(id));
            prop_assert_eq!(parse(&text.to_uppercase()), Ok(id));
            prop_assert_eq!(parse(&text.replace('-', "")), Ok(id));
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(text in "\\PC*") {
            let _ = parse(&text);
        }

        #[test]
        fn parsing_hex_like_text_never_panics(text in "[0-9a-fA-F-]{30,38}") {
            if let Ok(id) = parse(&text) {
                prop_assert_eq!(id.to_string().replace('-', ""),
                    text.to_lowercase().replace('-', ""));
            }
        }

        #[test]
        fn parsing_mutated_uuids_never_panics(
            bytes in any::<[u8; 16]>(),
            at in any::<prop::sample::Index>(),
            replacement in any::<char>(),
        ) {
            let mut text = Uuid::from_bytes(bytes).to_string();
            let at = at.index(text.len());
            text.replace_range(at..=at, &replacement.to_string());
            let _ = parse(&text);
        }
    }

    #[cfg(feature = "uuid")]
    mod uuid_conversions {
        use super::*;

        #[test]
        fn known_values() {
            let theirs = ::uuid::Uuid::from_bytes(BYTES);
            assert_eq!(Uuid::from(theirs), Uuid::from_bytes(BYTES));
            assert_eq!(::uuid::Uuid::from(Uuid::from_bytes(BYTES)), theirs);
            assert_eq!(theirs.to_string(), TEXT);
        }

        proptest! {
            #[test]
            fn agrees_with_the_uuid_crate(bytes in any::<[u8; 16]>()) {
                let theirs = ::uuid::Uuid::from_bytes(bytes);
                let ours = Uuid::from(theirs);
                prop_assert_eq!(ours.to_string(), theirs.to_string());
                prop_assert_eq!(::uuid::Uuid::from(ours), theirs);
                let simple = theirs.simple().to_string();
                prop_assert_eq!(parse(&simple), Ok(ours));
            }
        }
    }
}
