//! `Timestamp`: an instant in UTC with microsecond precision.
//!
//! Besides the type, this module holds its RFC 3339 reader and writer and its
//! conversions to and from `google.protobuf.Timestamp`'s seconds and nanoseconds,
//! [`std::time::SystemTime`] and (with the `chrono` feature) `chrono::DateTime<Utc>`.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use crate::date::{
    civil_from_days, describe_byte, expect_byte, parse_date, parse_two_digits, quote_input,
    write_year,
};

const MICROS_PER_SECOND: i64 = 1_000_000;
const MICROS_PER_DAY: i64 = 86_400 * MICROS_PER_SECOND;
const NANOS_PER_MICRO: i32 = 1_000;

/// An instant in UTC, counted in microseconds since 1970-01-01T00:00:00Z.
///
/// The count is an `i64`, exactly Avro's `timestamp-micros` logical type; it covers
/// about 292 000 years either side of 1970. Leap seconds are not counted: every day
/// has 86 400 seconds, as in Unix time. The default value is [`Timestamp::UNIX_EPOCH`].
///
/// # Text form (RFC 3339)
///
/// [`Display`](fmt::Display) writes UTC with a `Z`, such as `2024-05-01T12:30:05Z`.
/// A fractional second appears only when it is not zero: three digits when the
/// instant is a whole millisecond (`2024-05-01T12:30:05.120Z`), six otherwise
/// (`2024-05-01T12:30:05.000001Z`). Years 0000 to 9999 have four digits, as RFC 3339
/// requires. Years outside that range cannot be written in RFC 3339 at all, so they
/// use the ISO 8601 expanded form, a sign and at least four digits
/// (`-0001-01-01T00:00:00Z`, `+10000-01-01T00:00:00Z`); every `Timestamp` therefore
/// has a text form that reads back to the same value.
///
/// [`FromStr`] reads `YYYY-MM-DDTHH:MM:SS[.fraction]` followed by `Z`, `z` or an
/// offset `+HH:MM` / `-HH:MM`, which is converted to UTC. The date and time may be
/// separated by `T`, `t` or one space. The fraction has 1 to 9 digits; digits past
/// the microsecond are dropped, which rounds toward the earlier instant. The year
/// may use the expanded form above. Second 60 (a leap second) is rejected.
///
/// ```
/// use trident::Timestamp;
///
/// let ts: Timestamp = "2024-05-01T14:30:05.12+02:00".parse()?;
/// assert_eq!(ts.to_string(), "2024-05-01T12:30:05.120Z");
/// assert_eq!(ts.unix_micros(), 1_714_566_605_120_000);
/// assert_eq!(ts.to_seconds_nanos(), (1_714_566_605, 120_000_000));
/// # Ok::<(), trident::TimestampError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// 1970-01-01T00:00:00Z, the instant counted from.
    pub const UNIX_EPOCH: Timestamp = Timestamp(0);

    /// The instant `micros` microseconds after the Unix epoch (before it when negative).
    pub const fn from_unix_micros(micros: i64) -> Timestamp {
        Timestamp(micros)
    }

    /// The microseconds from the Unix epoch to this instant; negative before 1970.
    pub const fn unix_micros(self) -> i64 {
        self.0
    }

    /// The instant as `google.protobuf.Timestamp` holds it: whole seconds since the
    /// epoch (rounded down, so negative for any instant before 1970) and the
    /// nanoseconds after that second, always in `0..1_000_000_000`.
    ///
    /// One microsecond before the epoch is `(-1, 999_999_000)`.
    pub fn to_seconds_nanos(self) -> (i64, i32) {
        let seconds = self.0.div_euclid(MICROS_PER_SECOND);
        let micros = self.0.rem_euclid(MICROS_PER_SECOND); // 0..1_000_000
        // Below 10^6, so it fits an i32, and times 1000 stays below 10^9.
        let nanos = micros as i32 * NANOS_PER_MICRO;
        (seconds, nanos)
    }

    /// The instant `seconds` seconds plus `nanos` nanoseconds after the epoch, as
    /// `google.protobuf.Timestamp` holds it.
    ///
    /// Nanoseconds past the microsecond are dropped (the instant is rounded down).
    ///
    /// # Errors
    ///
    /// [`TimestampError::NanosOutOfRange`] when `nanos` is not in `0..=999_999_999`,
    /// and [`TimestampError::SecondsOutOfRange`] when the instant is too far from
    /// 1970 for an `i64` count of microseconds.
    pub fn from_seconds_nanos(seconds: i64, nanos: i32) -> Result<Timestamp, TimestampError> {
        if !(0..1_000_000_000).contains(&nanos) {
            return Err(TimestampError::NanosOutOfRange { nanos });
        }
        // In i128 neither the product nor the sum can overflow.
        let micros = i128::from(seconds) * i128::from(MICROS_PER_SECOND)
            + i128::from(nanos / NANOS_PER_MICRO);
        i64::try_from(micros)
            .map(Timestamp)
            .map_err(|_| TimestampError::SecondsOutOfRange { seconds })
    }

    /// The current time, read from the system clock.
    ///
    /// A clock set more than 292 000 years from 1970 gives the nearest representable
    /// instant.
    pub fn now() -> Timestamp {
        let now = SystemTime::now();
        Timestamp::try_from(now).unwrap_or(if now < SystemTime::UNIX_EPOCH {
            Timestamp(i64::MIN)
        } else {
            Timestamp(i64::MAX)
        })
    }
}

/// Fails with [`TimestampError::SystemTimeOutOfRange`] when the time is too far from
/// 1970 for an `i64` count of microseconds. Nanoseconds past the microsecond are
/// dropped, rounding toward the earlier instant (also before 1970).
impl TryFrom<SystemTime> for Timestamp {
    type Error = TimestampError;

    fn try_from(time: SystemTime) -> Result<Timestamp, TimestampError> {
        let micros = match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_micros()).ok(),
            Err(before) => {
                let before = before.duration();
                // Rounding down before the epoch means away from zero when the
                // duration has nanoseconds past its last whole microsecond.
                let partial = i128::from(before.subsec_nanos() % 1_000 != 0);
                i128::try_from(before.as_micros())
                    .ok()
                    .and_then(|m| m.checked_add(partial))
                    .map(|m| -m)
            }
        };
        micros
            .and_then(|m| i64::try_from(m).ok())
            .map(Timestamp)
            .ok_or(TimestampError::SystemTimeOutOfRange { time })
    }
}

/// Every `Timestamp` is a valid `SystemTime` on 64-bit Unix-like systems. Where a
/// platform's `SystemTime` has a smaller range, the result is clamped to the nearest
/// time that platform can represent rather than panicking.
impl From<Timestamp> for SystemTime {
    fn from(timestamp: Timestamp) -> SystemTime {
        let micros = timestamp.0.unsigned_abs();
        shift_saturating(SystemTime::UNIX_EPOCH, micros, timestamp.0 >= 0)
    }
}

/// `base` moved `micros` microseconds later (or earlier when `!later`), or as far as
/// `SystemTime` can go in that direction when the full move does not fit.
fn shift_saturating(base: SystemTime, micros: u64, later: bool) -> SystemTime {
    let shift = |micros: u64| {
        let by = Duration::from_micros(micros);
        if later {
            base.checked_add(by)
        } else {
            base.checked_sub(by)
        }
    };
    if let Some(time) = shift(micros) {
        return time;
    }
    // Binary search for the largest move that fits: `fits` always does and
    // `too_far` never does.
    let (mut fits, mut too_far) = (0_u64, micros);
    let mut best = base;
    while too_far - fits > 1 {
        let middle = fits + (too_far - fits) / 2;
        match shift(middle) {
            Some(time) => {
                fits = middle;
                best = time;
            }
            None => too_far = middle,
        }
    }
    best
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(MICROS_PER_DAY);
        let micros_of_day = self.0.rem_euclid(MICROS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let seconds_of_day = micros_of_day / MICROS_PER_SECOND;
        let fraction = micros_of_day % MICROS_PER_SECOND;
        let (hour, minute, second) = (
            seconds_of_day / 3_600,
            seconds_of_day / 60 % 60,
            seconds_of_day % 60,
        );
        write_year(f, year)?;
        write!(f, "-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")?;
        match fraction {
            0 => f.write_str("Z"),
            _ if fraction % 1_000 == 0 => write!(f, ".{:03}Z", fraction / 1_000),
            _ => write!(f, ".{fraction:06}Z"),
        }
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(s: &str) -> Result<Timestamp, TimestampError> {
        parse_rfc3339(s.as_bytes()).map_err(|reason| TimestampError::Parse {
            input: quote_input(s),
            reason,
        })
    }
}

/// Reads an RFC 3339 date-time (see [`Timestamp`]); the error is the reason only.
fn parse_rfc3339(mut input: &[u8]) -> Result<Timestamp, String> {
    let input = &mut input;
    let days = parse_date(input)?;
    match input.split_first() {
        Some((b'T' | b't' | b' ', rest)) => *input = rest,
        Some((&byte, _)) => {
            return Err(format!(
                "expected `T` or a space between the date and the time, found {}",
                describe_byte(byte)
            ));
        }
        None => return Err("missing the time: expected `T` and `HH:MM:SS` after the date".into()),
    }
    let hour = parse_two_digits(input, "hour")?;
    if hour > 23 {
        return Err(format!("hour {hour:02} out of range 00..=23"));
    }
    expect_byte(input, b':', "`:` after the hour")?;
    let minute = parse_two_digits(input, "minute")?;
    if minute > 59 {
        return Err(format!("minute {minute:02} out of range 00..=59"));
    }
    expect_byte(input, b':', "`:` after the minute")?;
    let second = parse_two_digits(input, "second")?;
    if second == 60 {
        return Err("second 60 (a leap second) is not supported".into());
    }
    if second > 59 {
        return Err(format!("second {second:02} out of range 00..=59"));
    }
    let fraction_micros = parse_fraction(input)?;
    let offset_seconds = parse_offset(input)?;
    if let Some(&byte) = input.first() {
        return Err(format!(
            "unexpected {} after the time zone",
            describe_byte(byte)
        ));
    }

    let seconds_of_day = i64::from(hour * 3_600 + minute * 60 + second);
    // In i128 none of this can overflow: |days| < 2^64 and a day is below 2^37 µs.
    let micros = i128::from(days) * i128::from(MICROS_PER_DAY)
        + i128::from(seconds_of_day * MICROS_PER_SECOND + fraction_micros)
        - i128::from(offset_seconds * MICROS_PER_SECOND);
    i64::try_from(micros).map(Timestamp).map_err(|_| {
        "out of range: a timestamp must lie within about 292 000 years of 1970 \
         (i64 microseconds)"
            .to_owned()
    })
}

/// Reads an optional `.` and 1 to 9 digits, returning whole microseconds (rounded down).
fn parse_fraction(input: &mut &[u8]) -> Result<i64, String> {
    let Some((b'.', rest)) = input.split_first() else {
        return Ok(0);
    };
    *input = rest;
    let mut digits = 0_u32;
    let mut micros = 0_i64;
    while let Some((&byte, rest)) = input.split_first() {
        if !byte.is_ascii_digit() {
            break;
        }
        digits += 1;
        if digits > 9 {
            return Err("the fraction of a second has more than 9 digits".into());
        }
        if digits <= 6 {
            micros = micros * 10 + i64::from(byte - b'0');
        }
        *input = rest;
    }
    match digits {
        0 => Err(match input.first() {
            Some(&byte) => format!("expected a digit after `.`, found {}", describe_byte(byte)),
            None => "expected a digit after `.`, found the end of the text".into(),
        }),
        // Scale a short fraction up to microseconds: `.12` is 120 000 µs.
        _ => Ok(micros * 10_i64.pow(6_u32.saturating_sub(digits))),
    }
}

/// Reads the time zone: `Z`, `z` or `±HH:MM`, returning its offset from UTC in seconds.
fn parse_offset(input: &mut &[u8]) -> Result<i64, String> {
    let sign = match input.split_first() {
        Some((b'Z' | b'z', rest)) => {
            *input = rest;
            return Ok(0);
        }
        Some((b'+', rest)) => {
            *input = rest;
            1
        }
        Some((b'-', rest)) => {
            *input = rest;
            -1
        }
        Some((&byte, _)) => {
            return Err(format!(
                "expected a time zone (`Z` or an offset like `+02:00`), found {}",
                describe_byte(byte)
            ));
        }
        None => {
            return Err("missing the time zone: expected `Z` or an offset like `+02:00`".into());
        }
    };
    let hours = parse_two_digits(input, "offset hour")?;
    if hours > 23 {
        return Err(format!("offset hour {hours:02} out of range 00..=23"));
    }
    expect_byte(input, b':', "`:` in the offset")?;
    let minutes = parse_two_digits(input, "offset minute")?;
    if minutes > 59 {
        return Err(format!("offset minute {minutes:02} out of range 00..=59"));
    }
    Ok(sign * i64::from(hours * 3_600 + minutes * 60))
}

/// Why a [`Timestamp`] could not be read, built or converted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// The text is not a valid RFC 3339 timestamp.
    #[error("invalid timestamp `{input}`: {reason}")]
    Parse {
        /// The text that was read; cut to its first 64 characters (followed by `…`)
        /// when it is longer.
        input: String,
        /// What was wrong with it.
        reason: String,
    },
    /// A `google.protobuf.Timestamp` nanosecond field outside `0..=999_999_999`.
    #[error("invalid timestamp: nanos {nanos} out of range 0..=999999999")]
    NanosOutOfRange {
        /// The nanoseconds given.
        nanos: i32,
    },
    /// A `google.protobuf.Timestamp` too far from 1970 for `i64` microseconds.
    #[error(
        "invalid timestamp: {seconds} seconds from the Unix epoch is outside the range \
         of i64 microseconds (about 292 000 years either side of 1970)"
    )]
    SecondsOutOfRange {
        /// The seconds given.
        seconds: i64,
    },
    /// A `SystemTime` too far from 1970 for `i64` microseconds.
    #[error(
        "system time {time:?} is outside the range of i64 microseconds \
         (about 292 000 years either side of 1970)"
    )]
    SystemTimeOutOfRange {
        /// The time given.
        time: SystemTime,
    },
    /// The timestamp lies outside the range of the type it was converted to.
    #[error("timestamp {timestamp} is outside the range of {target}")]
    OutOfRange {
        /// The timestamp that could not be converted.
        timestamp: Timestamp,
        /// The type it was being converted to.
        target: &'static str,
    },
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    //! Conversions between [`Timestamp`] and [`chrono::DateTime<Utc>`].

    use super::{MICROS_PER_SECOND, Timestamp, TimestampError};
    use chrono::{DateTime, Utc};

    /// chrono's `DateTime` covers about ±262 000 years, less than `Timestamp`'s
    /// ±292 000, so this conversion is fallible and fails with
    /// [`TimestampError::OutOfRange`].
    impl TryFrom<Timestamp> for DateTime<Utc> {
        type Error = TimestampError;

        fn try_from(timestamp: Timestamp) -> Result<DateTime<Utc>, TimestampError> {
            let (seconds, nanos) = timestamp.to_seconds_nanos();
            // `nanos` is in 0..10^9, so the cast to u32 is lossless.
            DateTime::from_timestamp(seconds, nanos as u32).ok_or(TimestampError::OutOfRange {
                timestamp,
                target: "chrono::DateTime<Utc>",
            })
        }
    }

    /// chrono's whole range (about ±262 000 years) fits within `Timestamp`'s, so this
    /// conversion cannot fail. Nanoseconds past the microsecond are dropped, rounding
    /// toward the earlier instant. chrono represents a leap second as a nanosecond
    /// count of one second or more within second 59; such an instant becomes the last
    /// microsecond of that second, `…:59.999999`, which keeps the order of instants.
    impl From<DateTime<Utc>> for Timestamp {
        fn from(time: DateTime<Utc>) -> Timestamp {
            let micros_in_second =
                i64::from(time.timestamp_subsec_micros()).min(MICROS_PER_SECOND - 1);
            // chrono's seconds are within about ±8.3 × 10^12, so this never saturates.
            Timestamp(
                time.timestamp()
                    .saturating_mul(MICROS_PER_SECOND)
                    .saturating_add(micros_in_second),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(s: &str) -> Result<Timestamp, TimestampError> {
        s.parse()
    }

    fn micros(s: &str) -> i64 {
        match parse(s) {
            Ok(ts) => ts.unix_micros(),
            Err(e) => panic!("{e}"),
        }
    }

    fn reason(s: &str) -> String {
        match parse(s) {
            Err(TimestampError::Parse { reason, .. }) => reason,
            other => panic!("expected a parse error for {s:?}, got {other:?}"),
        }
    }

    #[test]
    fn known_values() {
        let cases = [
            ("1970-01-01T00:00:00Z", 0),
            ("1970-01-01T00:00:00.000001Z", 1),
            ("1969-12-31T23:59:59.999999Z", -1),
            ("1969-12-31T23:59:59Z", -1_000_000),
            ("2000-02-29T00:00:00Z", 11_016 * MICROS_PER_DAY),
            ("2024-05-01T12:30:05Z", 1_714_566_605_000_000),
            ("2024-05-01T12:30:05.120Z", 1_714_566_605_120_000),
            ("2024-05-01T12:30:05.000001Z", 1_714_566_605_000_001),
            ("2024-05-01T12:30:05.123456Z", 1_714_566_605_123_456),
            ("0000-01-01T00:00:00Z", -719_528 * MICROS_PER_DAY),
            (
                "-0001-12-31T23:59:59Z",
                -719_528 * MICROS_PER_DAY - MICROS_PER_SECOND,
            ),
            ("+10000-01-01T00:00:00Z", 2_932_897 * MICROS_PER_DAY),
        ];
        for (text, micros) in cases {
            let ts = Timestamp::from_unix_micros(micros);
            assert_eq!(ts.to_string(), text, "display of {micros}");
            assert_eq!(parse(text), Ok(ts), "parse of {text}");
        }
        assert_eq!(Timestamp::default(), Timestamp::UNIX_EPOCH);
    }

    #[test]
    fn extremes_of_the_range() {
        let min = Timestamp::from_unix_micros(i64::MIN);
        let max = Timestamp::from_unix_micros(i64::MAX);
        assert_eq!(min.to_string(), "-290308-12-21T19:59:05.224192Z");
        assert_eq!(max.to_string(), "+294247-01-10T04:00:54.775807Z");
        assert_eq!(parse(&min.to_string()), Ok(min));
        assert_eq!(parse(&max.to_string()), Ok(max));
        assert!(reason("+294247-01-10T04:00:54.775808Z").starts_with("out of range"));
        assert!(reason("-290308-12-21T19:59:05.224191Z").starts_with("out of range"));
        // An offset can bring a local time just past the end back into range.
        assert_eq!(parse("+294247-01-10T05:00:54.775807+01:00"), Ok(max));
    }

    #[test]
    fn fractions_are_scaled_and_truncated_toward_the_past() {
        assert_eq!(micros("2024-05-01T12:30:05.12Z"), 1_714_566_605_120_000);
        assert_eq!(
            parse("2024-05-01T12:30:05.12Z").map(|t| t.to_string()),
            Ok("2024-05-01T12:30:05.120Z".to_owned())
        );
        assert_eq!(micros("1970-01-01T00:00:00.1Z"), 100_000);
        assert_eq!(micros("1970-01-01T00:00:00.0000019Z"), 1);
        assert_eq!(micros("1970-01-01T00:00:00.999999999Z"), 999_999);
        assert_eq!(micros("1969-12-31T23:59:59.9999999Z"), -1);
        assert_eq!(micros("1969-12-31T23:59:59.0000001Z"), -1_000_000);
    }

    #[test]
    fn offsets_convert_to_utc() {
        let utc = micros("2024-05-01T12:30:05Z");
        assert_eq!(micros("2024-05-01T14:30:05+02:00"), utc);
        assert_eq!(micros("2024-05-01T07:00:05-05:30"), utc);
        assert_eq!(micros("2024-05-02T00:29:05+11:59"), utc);
        assert_eq!(micros("2024-05-01T12:30:05-00:00"), utc);
        assert_eq!(micros("2024-05-01T12:30:05+00:00"), utc);
        assert_eq!(micros("2024-05-01t12:30:05z"), utc);
        assert_eq!(micros("2024-05-01 12:30:05Z"), utc);
        // Crossing a day and a year boundary.
        assert_eq!(
            micros("2023-12-31T23:00:00-01:00"),
            micros("2024-01-01T00:00:00Z")
        );
    }

    #[test]
    fn rejects_invalid_text_with_reasons() {
        assert_eq!(
            parse("2024-13-01T00:00:00Z").map_err(|e| e.to_string()),
            Err(
                "invalid timestamp `2024-13-01T00:00:00Z`: month 13 out of range 01..=12"
                    .to_owned()
            )
        );
        assert!(reason("2023-02-29T00:00:00Z").contains("February of year 2023 has 28 days"));
        assert!(reason("2024-04-31T00:00:00Z").contains("April of year 2024 has 30 days"));
        assert!(reason("1900-02-29T00:00:00Z").contains("has 28 days"));
        assert!(parse("2000-02-29T00:00:00Z").is_ok());
        assert!(reason("2024-00-01T00:00:00Z").contains("month 00 out of range"));
        assert!(reason("2024-01-32T00:00:00Z").contains("day 32 out of range"));
        assert!(reason("2024-01-01T24:00:00Z").contains("hour 24 out of range"));
        assert!(reason("2024-01-01T23:60:00Z").contains("minute 60 out of range"));
        assert!(reason("2024-12-31T23:59:60Z").contains("leap second"));
        assert!(reason("2024-01-01T00:00:61Z").contains("second 61 out of range"));
        assert!(reason("2024-01-01T00:00:00").contains("missing the time zone"));
        assert!(reason("2024-01-01T00:00:00 ").contains("expected a time zone"));
        assert!(reason("2024-01-01").contains("missing the time"));
        assert!(reason("2024-01-01X00:00:00Z").contains("expected `T` or a space"));
        assert!(reason("2024-01-01T00:00Z").contains("expected `:` after the minute"));
        assert!(reason("2024-01-01T0:00:00Z").contains("expected a digit of the hour"));
        assert!(reason("2024-01-01T00:00:00.Z").contains("expected a digit after `.`"));
        assert!(reason("2024-01-01T00:00:00.").contains("found the end of the text"));
        assert!(reason("2024-01-01T00:00:00.1234567890Z").contains("more than 9 digits"));
        assert!(reason("2024-01-01T00:00:00+24:00").contains("offset hour 24 out of range"));
        assert!(reason("2024-01-01T00:00:00+01:60").contains("offset minute 60 out of range"));
        assert!(
            reason("2024-01-01T00:00:00+0100").contains("offset hour has more than two digits")
        );
        assert!(reason("2024-01-01T00:00:00+01").contains("expected `:` in the offset"));
        assert!(reason("2024-01-01T00:00:00ZZ").contains("unexpected `Z` after the time zone"));
        assert!(reason("2024-01-01T00:00:00Z\n").contains("control character 0x0a"));
        assert!(reason("2024-01-01T00:00:00,5Z").contains("found `,`"));
        assert!(reason("").contains("found the end of the text"));
        assert!(reason("garbage").contains("expected a digit of the year, found `g`"));
        assert!(reason("+99999999999999999999-01-01T00:00:00Z").contains("too many digits"));
        assert!(reason("+9999999999-01-01T00:00:00Z").starts_with("out of range"));
        assert!(
            reason("2024-01-01T00:00:00.999999999999999999999999Z").contains("more than 9 digits")
        );
        assert!(reason("2024-01-01T00:00:00+999999999999:00").contains("more than two digits"));
    }

    #[test]
    fn long_inputs_are_cut_in_messages() {
        let long = format!("2024-01-01T00:00:00Z{}", "é".repeat(500));
        let Err(TimestampError::Parse { input, .. }) = parse(&long) else {
            panic!("expected a parse error");
        };
        assert_eq!(input.chars().count(), 65);
        assert!(input.ends_with('…'));
    }

    #[test]
    fn seconds_nanos_known_values() {
        assert_eq!(
            Timestamp::from_unix_micros(-1).to_seconds_nanos(),
            (-1, 999_999_000)
        );
        assert_eq!(Timestamp::from_unix_micros(0).to_seconds_nanos(), (0, 0));
        assert_eq!(
            Timestamp::from_unix_micros(1_500_000).to_seconds_nanos(),
            (1, 500_000_000)
        );
        assert_eq!(
            Timestamp::from_unix_micros(-1_500_000).to_seconds_nanos(),
            (-2, 500_000_000)
        );
        assert_eq!(
            Timestamp::from_seconds_nanos(-1, 999_999_000),
            Ok(Timestamp(-1))
        );
        assert_eq!(
            Timestamp::from_seconds_nanos(-1, 999_999_999),
            Ok(Timestamp(-1))
        );
        assert_eq!(Timestamp::from_seconds_nanos(0, 999), Ok(Timestamp(0)));
        assert_eq!(
            Timestamp::from_seconds_nanos(-1, 1),
            Ok(Timestamp(-1_000_000))
        );
    }

    #[test]
    fn seconds_nanos_errors() {
        for nanos in [-1, 1_000_000_000, i32::MIN, i32::MAX] {
            assert_eq!(
                Timestamp::from_seconds_nanos(0, nanos),
                Err(TimestampError::NanosOutOfRange { nanos })
            );
        }
        let (max_s, max_n) = Timestamp(i64::MAX).to_seconds_nanos();
        assert_eq!(
            Timestamp::from_seconds_nanos(max_s, max_n),
            Ok(Timestamp(i64::MAX))
        );
        assert_eq!(
            Timestamp::from_seconds_nanos(max_s, max_n + 1_000),
            Err(TimestampError::SecondsOutOfRange { seconds: max_s })
        );
        for seconds in [i64::MAX, i64::MIN, max_s + 1] {
            assert_eq!(
                Timestamp::from_seconds_nanos(seconds, 0),
                Err(TimestampError::SecondsOutOfRange { seconds })
            );
        }
        let message = Timestamp::from_seconds_nanos(0, -5).map_err(|e| e.to_string());
        assert_eq!(
            message,
            Err("invalid timestamp: nanos -5 out of range 0..=999999999".to_owned())
        );
    }

    #[test]
    fn system_time_conversions() {
        let epoch = SystemTime::UNIX_EPOCH;
        assert_eq!(Timestamp::try_from(epoch), Ok(Timestamp::UNIX_EPOCH));
        assert_eq!(
            SystemTime::from(Timestamp(-1)),
            epoch - Duration::from_micros(1)
        );
        // Sub-microsecond parts round toward the past on both sides of the epoch.
        assert_eq!(
            Timestamp::try_from(epoch + Duration::from_nanos(1_999)),
            Ok(Timestamp(1))
        );
        assert_eq!(
            Timestamp::try_from(epoch - Duration::from_nanos(1)),
            Ok(Timestamp(-1))
        );
        assert_eq!(
            Timestamp::try_from(epoch - Duration::from_nanos(1_001)),
            Ok(Timestamp(-2))
        );
        assert_eq!(
            Timestamp::try_from(epoch - Duration::from_nanos(1_000)),
            Ok(Timestamp(-1))
        );
        let before = Timestamp::now();
        let between = Timestamp::try_from(SystemTime::now());
        assert!(between.is_ok_and(|t| t >= before && t > Timestamp::UNIX_EPOCH));
    }

    #[cfg(all(unix, target_pointer_width = "64"))]
    #[test]
    fn system_time_out_of_range() {
        // 64-bit Unix `SystemTime` holds i64 seconds, far more than i64 microseconds.
        let far = SystemTime::UNIX_EPOCH + Duration::from_secs(i64::MAX as u64 / 2);
        assert_eq!(
            Timestamp::try_from(far),
            Err(TimestampError::SystemTimeOutOfRange { time: far })
        );
        let far_back = SystemTime::UNIX_EPOCH - Duration::from_secs(i64::MAX as u64 / 2);
        assert!(Timestamp::try_from(far_back).is_err());
        // Just past the end of the range, by less than a microsecond, still fails.
        let last = SystemTime::from(Timestamp(i64::MAX));
        assert_eq!(
            Timestamp::try_from(last + Duration::from_nanos(999)),
            Ok(Timestamp(i64::MAX))
        );
        assert!(Timestamp::try_from(last + Duration::from_micros(1)).is_err());
        let first = SystemTime::from(Timestamp(i64::MIN));
        assert!(Timestamp::try_from(first - Duration::from_nanos(1)).is_err());
    }

    #[cfg(all(unix, target_pointer_width = "64"))]
    #[test]
    fn shifting_past_the_end_of_system_time_saturates() {
        let near_end = SystemTime::UNIX_EPOCH + Duration::from_secs(i64::MAX as u64 - 10);
        let clamped = shift_saturating(near_end, u64::MAX, true);
        assert!(clamped > near_end);
        assert_eq!(clamped.checked_add(Duration::from_micros(1)), None);
        let near_start = SystemTime::UNIX_EPOCH - Duration::from_secs(i64::MAX as u64 - 10);
        let clamped = shift_saturating(near_start, u64::MAX, false);
        assert!(clamped < near_start);
        assert_eq!(clamped.checked_sub(Duration::from_micros(1)), None);
    }

    /// Writes a `Timestamp` as local time at `offset_minutes` from UTC.
    fn with_offset(utc: Timestamp, offset_minutes: i64) -> String {
        let local = Timestamp(utc.0 + offset_minutes * 60 * MICROS_PER_SECOND).to_string();
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let abs = offset_minutes.abs();
        format!(
            "{}{sign}{:02}:{:02}",
            local.trim_end_matches('Z'),
            abs / 60,
            abs % 60
        )
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(micros in any::<i64>()) {
            let ts = Timestamp(micros);
            prop_assert_eq!(parse(&ts.to_string()), Ok(ts));
        }

        #[test]
        fn display_then_parse_is_identity_near_today(
            micros in -4_000_000_000_000_000_i64..4_000_000_000_000_000,
        ) {
            let ts = Timestamp(micros);
            prop_assert_eq!(parse(&ts.to_string()), Ok(ts));
        }

        #[test]
        fn offsets_are_subtracted(
            micros in (i64::MIN / 2)..(i64::MAX / 2),
            offset_minutes in -1_439_i64..=1_439,
        ) {
            let ts = Timestamp(micros);
            prop_assert_eq!(parse(&with_offset(ts, offset_minutes)), Ok(ts));
        }

        #[test]
        fn seconds_nanos_round_trip(micros in any::<i64>()) {
            let ts = Timestamp(micros);
            let (seconds, nanos) = ts.to_seconds_nanos();
            prop_assert!((0..1_000_000_000).contains(&nanos));
            prop_assert_eq!(nanos % 1_000, 0);
            prop_assert_eq!(Timestamp::from_seconds_nanos(seconds, nanos), Ok(ts));
        }

        #[test]
        fn seconds_nanos_round_down(seconds in any::<i64>(), nanos in 0..1_000_000_000_i32) {
            let expected = i128::from(seconds) * 1_000_000 + i128::from(nanos / 1_000);
            match Timestamp::from_seconds_nanos(seconds, nanos) {
                Ok(ts) => prop_assert_eq!(i128::from(ts.0), expected),
                Err(_) => prop_assert!(i64::try_from(expected).is_err()),
            }
        }

        #[test]
        fn system_time_round_trip(micros in any::<i64>()) {
            let ts = Timestamp(micros);
            prop_assert_eq!(Timestamp::try_from(SystemTime::from(ts)), Ok(ts));
        }

        #[test]
        fn order_matches_the_text_within_four_digit_years(
            a in -62_167_219_200_000_000_i64..253_402_300_800_000_000,
            b in -62_167_219_200_000_000_i64..253_402_300_800_000_000,
        ) {
            // Both in 0000..=9999: fixed-width text with `Z` sorts like the instants
            // except that a shorter fraction is a prefix; compare whole seconds only.
            let (ta, tb) = (Timestamp(a - a.rem_euclid(1_000_000)), Timestamp(b - b.rem_euclid(1_000_000)));
            prop_assert_eq!(ta.cmp(&tb), ta.to_string().cmp(&tb.to_string()));
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(text in "\\PC*") {
            let _ = parse(&text);
        }

        #[test]
        fn parsing_timestamp_like_text_never_panics(
            text in "[+-]?[0-9]{1,8}-[0-9]{1,3}-[0-9]{1,3}[Tt ][0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{1,3}:[0-9]{1,3})?",
        ) {
            if let Ok(ts) = parse(&text) {
                prop_assert_eq!(parse(&ts.to_string()), Ok(ts));
            }
        }

        #[test]
        fn parsing_mutated_timestamps_never_panics(
            micros in any::<i64>(),
            at in any::<prop::sample::Index>(),
            replacement in any::<char>(),
            op in 0..3_u8,
        ) {
            let mut text = Timestamp(micros).to_string();
            let at = at.index(text.len() + 1);
            match op {
                0 => text.insert(at, replacement),
                1 if at < text.len() => { text.remove(at); }
                _ if at < text.len() => text.replace_range(at..=at, &replacement.to_string()),
                _ => text.push(replacement),
            }
            if let Ok(ts) = parse(&text) {
                prop_assert_eq!(parse(&ts.to_string()), Ok(ts));
            }
        }
    }

    #[cfg(feature = "chrono")]
    mod chrono_conversions {
        use super::*;
        use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

        #[test]
        fn known_values() {
            let ts = Timestamp(1_714_566_605_120_000);
            let dt = DateTime::<Utc>::try_from(ts).expect("in chrono's range");
            assert_eq!(
                dt.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                "2024-05-01T12:30:05.120Z"
            );
            assert_eq!(Timestamp::from(dt), ts);
            let before = DateTime::<Utc>::try_from(Timestamp(-1)).expect("in chrono's range");
            assert_eq!(before.timestamp(), -1);
            assert_eq!(before.timestamp_subsec_nanos(), 999_999_000);
        }

        #[test]
        fn sub_microseconds_round_toward_the_past() {
            let dt = DateTime::from_timestamp(-1, 999_999_999).expect("valid");
            assert_eq!(Timestamp::from(dt), Timestamp(-1));
            let dt = DateTime::from_timestamp(0, 1_999).expect("valid");
            assert_eq!(Timestamp::from(dt), Timestamp(1));
        }

        #[test]
        fn a_leap_second_becomes_the_end_of_second_59() {
            let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
                .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
                .expect("valid leap second")
                .and_utc();
            assert_eq!(
                Timestamp::from(leap).to_string(),
                "2016-12-31T23:59:59.999999Z"
            );
        }

        #[test]
        fn the_ends_of_chronos_range_fit() {
            for dt in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC] {
                let ts = Timestamp::from(dt);
                assert_eq!(
                    DateTime::<Utc>::try_from(ts).map(|d| d.timestamp_micros()),
                    Ok(dt.timestamp_micros())
                );
            }
        }

        #[test]
        fn timestamps_beyond_chrono_are_errors() {
            for micros in [i64::MIN, i64::MAX] {
                let timestamp = Timestamp(micros);
                assert_eq!(
                    DateTime::<Utc>::try_from(timestamp),
                    Err(TimestampError::OutOfRange {
                        timestamp,
                        target: "chrono::DateTime<Utc>"
                    })
                );
            }
        }

        proptest! {
            #[test]
            fn agrees_with_chrono(micros in any::<i64>()) {
                let ts = Timestamp(micros);
                if let Ok(dt) = DateTime::<Utc>::try_from(ts) {
                    prop_assert_eq!(dt.timestamp_micros(), micros);
                    prop_assert_eq!(Timestamp::from(dt), ts);
                }
            }

            #[test]
            fn text_agrees_with_chrono_within_four_digit_years(
                micros in -62_167_219_200_000_000_i64..253_402_300_800_000_000,
            ) {
                let ts = Timestamp(micros);
                let dt = DateTime::<Utc>::try_from(ts).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(ts.to_string(), dt.to_rfc3339_opts(SecondsFormat::AutoSi, true));
                let reparsed = DateTime::parse_from_rfc3339(&ts.to_string())
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(reparsed.timestamp_micros(), micros);
            }
        }
    }
}
