//! `Date`: a calendar day without a time zone, stored as days since 1970-01-01.
//!
//! This module also holds the proleptic-Gregorian arithmetic that [`crate::Timestamp`]
//! shares: converting between a day count and a (year, month, day) triple, writing a
//! year the ISO 8601 way and reading a `YYYY-MM-DD` date. The day-count conversions
//! follow Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms, which
//! count in 400-year eras of exactly 146 097 days and start each year on 1 March so
//! that the leap day comes last.

use std::fmt;
use std::str::FromStr;

/// A calendar date in the proleptic Gregorian calendar, with no time zone.
///
/// It is stored as the number of days since 1970-01-01 in an `i32`, which is Avro's
/// `date` logical type and the `int32` Trident uses for dates in protobuf. That covers
/// about 5.8 million years either side of 1970. The default value is 1970-01-01.
///
/// # Text form
///
/// [`Display`](fmt::Display) writes `YYYY-MM-DD`. Years 0000 to 9999 are written
/// with exactly four digits and no sign. Other years use the ISO 8601 expanded form:
/// a sign followed by at least four digits, so the year before year 0 is
/// `-0001-12-31` and the year after 9999 is `+10000-01-01`. Year 0 is 1 BC, as ISO
/// 8601 counts years.
///
/// [`FromStr`] reads that form back: four unsigned digits, or a sign and four or
/// more digits (so `+2024-05-01` is also accepted), then `-MM-DD` with two digits
/// each. Nothing may precede or follow the date.
///
/// ```
/// use trident::Date;
///
/// let date: Date = "2000-02-29".parse()?;
/// assert_eq!(date.days_since_epoch(), 11_016);
/// assert_eq!(date.ymd(), (2000, 2, 29));
/// assert_eq!(Date::from_days_since_epoch(-1).to_string(), "1969-12-31");
/// # Ok::<(), trident::DateError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The date `days` days after 1970-01-01 (before it when negative).
    pub const fn from_days_since_epoch(days: i32) -> Date {
        Date(days)
    }

    /// The number of days from 1970-01-01 to this date; negative before 1970.
    pub const fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The date with this year, month (1–12) and day of the month (1–31).
    ///
    /// Returns `None` when the month or day does not exist (such as 2023-02-29 or
    /// 2024-04-31) or when the date is too far from 1970 for an `i32` day count.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let year = i64::from(year);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let days = days_from_civil(year, month, day)?;
        i32::try_from(days).ok().map(Date)
    }

    /// The year, month (1–12) and day of the month (1–31) of this date.
    pub fn ymd(self) -> (i32, u32, u32) {
        let (year, month, day) = civil_from_days(i64::from(self.0));
        // An i32 day count is at most about 5.9 million years from 1970, so the
        // year always fits; saturating only keeps this free of a panic path.
        let year = i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX });
        (year, month, day)
    }

    /// The year of this date (year 0 is 1 BC, year -1 is 2 BC).
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month of this date, from 1 (January) to 12 (December).
    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// The day of the month of this date, from 1 to 31.
    pub fn day(self) -> u32 {
        self.ymd().2
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = civil_from_days(i64::from(self.0));
        write_year(f, year)?;
        write!(f, "-{month:02}-{day:02}")
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let parse = |mut input: &[u8]| -> Result<Date, String> {
            let days = parse_date(&mut input)?;
            if !input.is_empty() {
                return Err("unexpected characters after the day".to_owned());
            }
            i32::try_from(days)
                .map(Date)
                .map_err(|_| "the date is too far from 1970-01-01 (more than 2^31 days)".to_owned())
        };
        parse(s.as_bytes()).map_err(|reason| DateError::Parse {
            input: quote_input(s),
            reason,
        })
    }
}

/// Why a [`Date`] could not be read or converted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text is not a valid `YYYY-MM-DD` date.
    #[error("invalid date `{input}`: {reason}")]
    Parse {
        /// The text that was read; cut to its first 64 characters (followed by `…`)
        /// when it is longer.
        input: String,
        /// What was wrong with it.
        reason: String,
    },
    /// The date exists but lies outside the range of the type it was converted to.
    #[error("date {date} is outside the range of {target}")]
    OutOfRange {
        /// The date that could not be converted.
        date: Date,
        /// The type it was being converted to.
        target: &'static str,
    },
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    //! Conversions between [`Date`] and [`chrono::NaiveDate`].

    use super::{Date, DateError};
    use chrono::{Datelike, NaiveDate};

    /// Days from 0001-01-01 (day 1 in chrono's count "from the Common Era") to 1970-01-01.
    const EPOCH_DAYS_FROM_CE: i32 = 719_163;

    /// `NaiveDate` covers about ±262 000 years, which is always within `Date`'s
    /// ±5.8 million years, so this conversion cannot fail.
    impl From<NaiveDate> for Date {
        fn from(date: NaiveDate) -> Date {
            // `num_days_from_ce` is within ±10^8 for every NaiveDate, so this
            // subtraction never saturates in practice.
            Date(date.num_days_from_ce().saturating_sub(EPOCH_DAYS_FROM_CE))
        }
    }

    /// A `Date` may lie outside `NaiveDate`'s range of about ±262 000 years, so this
    /// conversion is fallible and fails with [`DateError::OutOfRange`].
    impl TryFrom<Date> for NaiveDate {
        type Error = DateError;

        fn try_from(date: Date) -> Result<NaiveDate, DateError> {
            date.days_since_epoch()
                .checked_add(EPOCH_DAYS_FROM_CE)
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .ok_or(DateError::OutOfRange {
                    date,
                    target: "chrono::NaiveDate",
                })
        }
    }
}

// ---------------------------------------------------------------------------------
// Calendar arithmetic shared with `timestamp.rs`.
// ---------------------------------------------------------------------------------

/// Days in a 400-year era of the Gregorian calendar.
const DAYS_PER_ERA: i64 = 146_097;

/// Days from 0000-03-01 (the start of era 0 in the March-based count) to 1970-01-01.
const EPOCH_FROM_ERA_START: i64 = 719_468;

/// Whether `year` is a leap year: divisible by 4, except centuries not divisible by 400.
pub(crate) fn is_leap_year(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// The number of days in `month` (1–12) of `year`; 0 for a month outside 1–12.
pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The days from 1970-01-01 to the given date, which must be valid (month 1–12 and
/// a day that exists in that month). `None` only when the result overflows `i64`.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    // Count years from 1 March so that February, with its leap day, ends the year.
    let year = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400); // 0..=399
    let month_from_march = i64::from((month + 9) % 12); // March = 0 … February = 11
    // 153 days per five months (31+30+31+30+31) gives the first day of each month.
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1; // 0..=365
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era.checked_mul(DAYS_PER_ERA)?
        .checked_add(day_of_era)?
        .checked_sub(EPOCH_FROM_ERA_START)
}

/// The (year, month 1–12, day 1–31) that lies `days` days after 1970-01-01.
///
/// Total over every `i64`: the era is computed before the epoch shift is added, and
/// even for `i64::MIN` or `i64::MAX` days the year (about ±2.5 × 10^16) fits `i64`.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Shift the count to start at 0000-03-01 without overflowing: split off whole
    // eras first, then add the shift to the remainder (0..146_097 + 719_468).
    let shifted = days.rem_euclid(DAYS_PER_ERA) + EPOCH_FROM_ERA_START;
    let era = days.div_euclid(DAYS_PER_ERA) + shifted / DAYS_PER_ERA;
    let day_of_era = shifted % DAYS_PER_ERA; // 0..=146_096
    // Remove the leap days (every 4th year, not the 100th, but the 400th) to find the year.
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153; // 0..=11
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1; // 1..=31
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = era * 400 + year_of_era + i64::from(month <= 2);
    // `month` is 1..=12 and `day` is 1..=31, so these casts are lossless.
    (year, month as u32, day as u32)
}

/// Writes `year` as ISO 8601 does: four digits for 0000–9999, otherwise a sign and at
/// least four digits (`-0001`, `+10000`).
pub(crate) fn write_year(f: &mut fmt::Formatter<'_>, year: i64) -> fmt::Result {
    if year < 0 {
        write!(f, "-{:04}", year.unsigned_abs())
    } else if year > 9999 {
        write!(f, "+{year}")
    } else {
        write!(f, "{year:04}")
    }
}

/// Reads a `YYYY-MM-DD` date (or one with a signed year of four or more digits) from
/// the start of `input`, advancing past it, and returns its days since 1970-01-01.
///
/// The error is a reason fit to follow "invalid date `…`: ".
pub(crate) fn parse_date(input: &mut &[u8]) -> Result<i64, String> {
    let year = parse_year(input)?;
    expect_byte(input, b'-', "`-` after the year")?;
    let month = parse_two_digits(input, "month")?;
    if !(1..=12).contains(&month) {
        return Err(format!("month {month:02} out of range 01..=12"));
    }
    expect_byte(input, b'-', "`-` after the month")?;
    let day = parse_two_digits(input, "day")?;
    let month_length = days_in_month(year, month);
    if day == 0 || day > month_length {
        return Err(format!(
            "day {day:02} out of range: {} of year {year} has {month_length} days",
            MONTH_NAMES
                .get(month as usize - 1)
                .copied()
                .unwrap_or("the month"),
        ));
    }
    days_from_civil(year, month, day).ok_or_else(|| format!("year {year} out of range"))
}

/// English month names, for error messages.
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Reads a year: four unsigned digits, or `+`/`-` followed by four or more digits.
fn parse_year(input: &mut &[u8]) -> Result<i64, String> {
    let negative = match input.first() {
        Some(b'-') => true,
        Some(b'+') => false,
        _ => {
            let year = parse_fixed_digits(input, 4, "year")?;
            if input.first().is_some_and(u8::is_ascii_digit) {
                return Err(
                    "year has more than four digits; years after 9999 need a `+` sign".to_owned(),
                );
            }
            return Ok(i64::from(year));
        }
    };
    *input = input.get(1..).unwrap_or_default();
    let mut count = 0_usize;
    let mut year = 0_i64;
    while let Some((&byte, rest)) = input.split_first() {
        if !byte.is_ascii_digit() {
            break;
        }
        year = year
            .checked_mul(10)
            .and_then(|y| y.checked_add(i64::from(byte - b'0')))
            .ok_or_else(|| "year out of range (too many digits)".to_owned())?;
        count += 1;
        *input = rest;
    }
    if count < 4 {
        return Err(format!(
            "a signed year needs at least four digits, found {count}"
        ));
    }
    Ok(if negative { -year } else { year })
}

/// Reads exactly two ASCII digits naming `what` (such as "month").
pub(crate) fn parse_two_digits(input: &mut &[u8], what: &str) -> Result<u32, String> {
    let value = parse_fixed_digits(input, 2, what)?;
    if input.first().is_some_and(u8::is_ascii_digit) {
        return Err(format!("{what} has more than two digits"));
    }
    Ok(value)
}

/// Reads exactly `count` (at most 9) ASCII digits naming `what`.
fn parse_fixed_digits(input: &mut &[u8], count: usize, what: &str) -> Result<u32, String> {
    let mut value = 0_u32;
    for _ in 0..count {
        match input.split_first() {
            Some((&byte, rest)) if byte.is_ascii_digit() => {
                value = value * 10 + u32::from(byte - b'0');
                *input = rest;
            }
            Some((&byte, _)) => {
                return Err(format!(
                    "expected a digit of the {what}, found {}",
                    describe_byte(byte)
                ));
            }
            None => {
                return Err(format!(
                    "expected a digit of the {what}, found the end of the text"
                ));
            }
        }
    }
    Ok(value)
}

/// Consumes `expected` or explains that `what` was expected instead.
pub(crate) fn expect_byte(input: &mut &[u8], expected: u8, what: &str) -> Result<(), String> {
    match input.split_first() {
        Some((&byte, rest)) if byte == expected => {
            *input = rest;
            Ok(())
        }
        Some((&byte, _)) => Err(format!("expected {what}, found {}", describe_byte(byte))),
        None => Err(format!("expected {what}, found the end of the text")),
    }
}

/// Names a byte for an error message: the character when it is printable ASCII.
pub(crate) fn describe_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("`{}`", char::from(byte))
    } else if byte == b' ' {
        "a space".to_owned()
    } else if byte.is_ascii() {
        format!("the control character {byte:#04x}")
    } else {
        "a non-ASCII character".to_owned()
    }
}

/// The input as an error message shows it: its first 64 characters, then `…` if cut.
pub(crate) fn quote_input(input: &str) -> String {
    const MAX_CHARS: usize = 64;
    match input.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", input.get(..cut).unwrap_or_default()),
        None => input.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(s: &str) -> Result<Date, DateError> {
        s.parse()
    }

    fn reason(s: &str) -> String {
        match parse(s) {
            Err(DateError::Parse { reason, .. }) => reason,
            other => panic!("expected a parse error for {s:?}, got {other:?}"),
        }
    }

    #[test]
    fn known_day_counts() {
        let cases = [
            ("1970-01-01", 0),
            ("1970-01-02", 1),
            ("1969-12-31", -1),
            ("2000-02-29", 11_016),
            ("2000-03-01", 11_017),
            ("2024-05-01", 19_844),
            ("1900-01-01", -25_567),
            ("0001-01-01", -719_162),
            ("0000-01-01", -719_528),
            ("-0001-12-31", -719_529),
            ("9999-12-31", 2_932_896),
            ("+10000-01-01", 2_932_897),
        ];
        for (text, days) in cases {
            let date = Date::from_days_since_epoch(days);
            assert_eq!(date.to_string(), text, "display of day {days}");
            assert_eq!(parse(text), Ok(date), "parse of {text}");
        }
    }

    #[test]
    fn default_is_the_epoch() {
        assert_eq!(Date::default().to_string(), "1970-01-01");
        assert_eq!(Date::default().ymd(), (1970, 1, 1));
    }

    #[test]
    fn components() {
        let date = Date::from_days_since_epoch(11_016);
        assert_eq!((date.year(), date.month(), date.day()), (2000, 2, 29));
        assert_eq!(Date::from_ymd(2000, 2, 29), Some(date));
        assert_eq!(
            Date::from_ymd(-1, 12, 31).map(Date::days_since_epoch),
            Some(-719_529)
        );
    }

    #[test]
    fn leap_year_rules() {
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(2023));
        assert!(!is_leap_year(1900));
        assert!(is_leap_year(2000));
        assert!(is_leap_year(0));
        assert!(is_leap_year(-4));
        assert!(!is_leap_year(-100));
        assert!(is_leap_year(-400));
        assert_eq!(Date::from_ymd(1900, 2, 29), None);
        assert!(Date::from_ymd(2000, 2, 29).is_some());
        assert!(parse("1900-02-29").is_err());
        assert!(parse("2000-02-29").is_ok());
    }

    #[test]
    fn from_ymd_rejects_invalid_dates() {
        assert_eq!(Date::from_ymd(2023, 2, 29), None);
        assert_eq!(Date::from_ymd(2024, 4, 31), None);
        assert_eq!(Date::from_ymd(2024, 0, 1), None);
        assert_eq!(Date::from_ymd(2024, 13, 1), None);
        assert_eq!(Date::from_ymd(2024, 1, 0), None);
        assert_eq!(Date::from_ymd(2024, 1, 32), None);
        assert_eq!(Date::from_ymd(i32::MAX, 12, 31), None);
        assert_eq!(Date::from_ymd(i32::MIN, 1, 1), None);
    }

    #[test]
    fn extremes_of_the_range() {
        let min = Date::from_days_since_epoch(i32::MIN);
        let max = Date::from_days_since_epoch(i32::MAX);
        assert_eq!(min.to_string(), "-5877641-06-23");
        assert_eq!(max.to_string(), "+5881580-07-11");
        assert_eq!(parse("-5877641-06-23"), Ok(min));
        assert_eq!(parse("+5881580-07-11"), Ok(max));
        assert_eq!(Date::from_ymd(-5_877_641, 6, 23), Some(min));
        assert_eq!(Date::from_ymd(5_881_580, 7, 11), Some(max));
        assert_eq!(Date::from_ymd(-5_877_641, 6, 22), None);
        assert_eq!(Date::from_ymd(5_881_580, 7, 12), None);
        assert!(reason("+5881580-07-12").contains("too far"));
        assert!(reason("-5877641-06-22").contains("too far"));
    }

    #[test]
    fn rejects_invalid_text_with_reasons() {
        assert_eq!(
            parse("2023-02-29").map_err(|e| e.to_string()),
            Err(
                "invalid date `2023-02-29`: day 29 out of range: February of year 2023 has 28 days"
                    .to_owned()
            )
        );
        assert!(reason("2024-04-31").contains("April of year 2024 has 30 days"));
        assert!(reason("2024-00-10").contains("month 00 out of range"));
        assert!(reason("2024-13-10").contains("month 13 out of range"));
        assert!(reason("2024-01-32").contains("day 32 out of range"));
        assert!(reason("2024-01-00").contains("day 00 out of range"));
        assert!(reason("").contains("found the end of the text"));
        assert!(reason("garbage").contains("expected a digit of the year, found `g`"));
        assert!(reason("2024-1-01").contains("expected a digit of the month"));
        assert!(reason("2024-01-1").contains("expected a digit of the day"));
        assert!(reason("2024-001-01").contains("month has more than two digits"));
        assert!(reason("2024/01/01").contains("expected `-` after the year, found `/`"));
        assert!(reason("20240-01-01").contains("need a `+` sign"));
        assert!(reason("+123-01-01").contains("at least four digits, found 3"));
        assert!(reason("2024-01-01 ").contains("unexpected characters after the day"));
        assert!(reason(" 2024-01-01").contains("found a space"));
        assert!(reason("2024-01-01T00:00:00Z").contains("unexpected characters"));
        assert!(reason("２０２４-01-01").contains("non-ASCII"));
        assert!(reason("+99999999999999999999999-01-01").contains("too many digits"));
        assert!(reason("+0000000000000000000000000000002147483647-01-01").contains("too far"));
    }

    #[test]
    fn long_inputs_are_cut_in_messages() {
        let long = "x".repeat(1_000);
        let Err(DateError::Parse { input, .. }) = parse(&long) else {
            panic!("expected a parse error");
        };
        assert_eq!(input, format!("{}…", "x".repeat(64)));
    }

    #[test]
    fn days_from_civil_and_back_agree_at_huge_counts() {
        for days in [i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX] {
            let (y, m, d) = civil_from_days(days);
            if let Some(back) = days_from_civil(y, m, d) {
                assert_eq!(back, days);
            }
        }
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(days in any::<i32>()) {
            let date = Date::from_days_since_epoch(days);
            prop_assert_eq!(parse(&date.to_string()), Ok(date));
        }

        #[test]
        fn ymd_then_from_ymd_is_identity(days in any::<i32>()) {
            let date = Date::from_days_since_epoch(days);
            let (y, m, d) = date.ymd();
            prop_assert_eq!(Date::from_ymd(y, m, d), Some(date));
        }

        #[test]
        fn the_next_day_follows_the_calendar(days in i32::MIN..i32::MAX) {
            let (y, m, d) = Date::from_days_since_epoch(days).ymd();
            let expected = if d < days_in_month(i64::from(y), m) {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            prop_assert_eq!(Date::from_days_since_epoch(days + 1).ymd(), expected);
        }

        #[test]
        fn civil_round_trip_over_all_i64_days(days in any::<i64>()) {
            let (y, m, d) = civil_from_days(days);
            prop_assert!((1..=12).contains(&m));
            prop_assert!(d >= 1 && d <= days_in_month(y, m));
            prop_assert_eq!(days_from_civil(y, m, d), Some(days));
        }

        #[test]
        fn parsing_arbitrary_text_never_panics(text in "\\PC*") {
            let _ = parse(&text);
        }

        #[test]
        fn parsing_mutated_dates_never_panics(
            days in any::<i32>(),
            at in any::<prop::sample::Index>(),
            replacement in any::<char>(),
            op in 0..3_u8,
        ) {
            let mut text = Date::from_days_since_epoch(days).to_string();
            let at = at.index(text.len() + 1);
            match op {
                0 => text.insert(at, replacement),
                1 if at < text.len() => { text.remove(at); }
                _ if at < text.len() => text.replace_range(at..=at, &replacement.to_string()),
                _ => text.push(replacement),
            }
            if let Ok(date) = parse(&text) {
                // Whatever is accepted must print back in canonical form and re-parse.
                prop_assert_eq!(parse(&date.to_string()), Ok(date));
            }
        }
    }

    #[cfg(feature = "chrono")]
    mod chrono_conversions {
        use super::*;
        use chrono::{Datelike, NaiveDate};

        #[test]
        fn known_values() {
            let naive = NaiveDate::from_ymd_opt(2000, 2, 29).expect("valid date");
            assert_eq!(Date::from(naive), Date::from_days_since_epoch(11_016));
            assert_eq!(
                NaiveDate::try_from(Date::from_days_since_epoch(11_016)),
                Ok(naive)
            );
            assert_eq!(
                Date::from(NaiveDate::MIN).to_string(),
                NaiveDate::MIN.to_string()
            );
            assert_eq!(
                Date::from(NaiveDate::MAX).to_string(),
                NaiveDate::MAX.to_string()
            );
        }

        #[test]
        fn dates_beyond_chrono_are_errors() {
            let too_late = Date::from(NaiveDate::MAX).days_since_epoch() + 1;
            let too_early = Date::from(NaiveDate::MIN).days_since_epoch() - 1;
            for days in [too_late, too_early, i32::MAX, i32::MIN] {
                let date = Date::from_days_since_epoch(days);
                assert_eq!(
                    NaiveDate::try_from(date),
                    Err(DateError::OutOfRange {
                        date,
                        target: "chrono::NaiveDate"
                    })
                );
            }
        }

        proptest! {
            #[test]
            fn agrees_with_chrono(days in any::<i32>()) {
                let date = Date::from_days_since_epoch(days);
                if let Ok(naive) = NaiveDate::try_from(date) {
                    prop_assert_eq!(
                        (naive.year(), naive.month(), naive.day()),
                        date.ymd()
                    );
                    prop_assert_eq!(Date::from(naive), date);
                    if (0..=9999).contains(&naive.year()) {
                        prop_assert_eq!(naive.to_string(), date.to_string());
                    }
                }
            }
        }
    }
}
