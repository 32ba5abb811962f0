//! The format's textual dates and times: `YYYY-MM-DD`, `HH:MM`, `YYYY-MM-DDTHH:MM`.

use chrono::NaiveDate;

use super::clock::MINUTES_PER_DAY;

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Parses `YYYY-MM-DD` (exactly four, two and two digits).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = digits(&text[0..4])?;
    let month = digits(&text[5..7])?;
    let day = digits(&text[8..10])?;
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// Parses `HH:MM` into minutes since midnight; `24:00` (1440) only when `allow_2400`.
pub fn parse_clock(text: &str, allow_2400: bool) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 5 || bytes[2] != b':' {
        return None;
    }
    let hours = i64::from(digits(&text[0..2])?);
    let minutes = i64::from(digits(&text[3..5])?);
    if allow_2400 && hours == 24 && minutes == 0 {
        return Some(MINUTES_PER_DAY);
    }
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(hours * 60 + minutes)
}

/// Parses `YYYY-MM-DDTHH:MM` into a date and minutes since midnight.
pub fn parse_datetime(text: &str) -> Option<(NaiveDate, i64)> {
    if text.len() != 16 || text.as_bytes()[10] != b'T' || !text.is_char_boundary(10) {
        return None;
    }
    Some((parse_date(&text[..10])?, parse_clock(&text[11..], false)?))
}

/// `HH:MM` text of minutes since midnight (`24:00` for 1440).
pub fn format_clock(clock: i64) -> String {
    format!("{:02}:{:02}", clock / 60, clock % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_the_exact_forms() {
        assert!(parse_date("2026-12-07").is_some());
        for bad in ["2026-2-07", "2026-02-30", "26-12-07", "2026-12-07x", "２026-12-07", "+026-12-07"] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
        assert_eq!(parse_clock("24:00", true), Some(1440));
        assert_eq!(parse_clock("24:00", false), None);
        assert_eq!(parse_clock("09:5", false), None);
        assert_eq!(parse_datetime("2026-12-07T09:30").map(|x| x.1), Some(570));
        assert!(parse_datetime("2026-12-07 09:30").is_none());
        assert!(parse_datetime("2026-12-07T09:30:00").is_none());
    }
}
