//! Italian national holidays.

use chrono::{Duration, NaiveDate};

/// Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).
///
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(ponte::time::easter_sunday(2026), NaiveDate::from_ymd_opt(2026, 4, 5).unwrap());
/// ```
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let (b, c) = (year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c.div_euclid(4), c.rem_euclid(4));
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let (month, day) = (n.div_euclid(31), n.rem_euclid(31) + 1);
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

const FIXED: [(u32, u32); 10] =
    [(1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26)];

/// The year from which 4 October (San Francesco d'Assisi) is a national holiday again.
pub const SAINT_FRANCIS_FROM: i32 = 2026;

/// The Italian national holidays of `year`, as the format lists them:
/// 1 Jan, 6 Jan, Easter Sunday, Easter Monday, 25 Apr, 1 May, 2 Jun, 15 Aug,
/// 4 Oct (from 2026), 1 Nov, 8 Dec, 25 Dec, 26 Dec; sorted.
pub fn italian_holidays(year: i32) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = FIXED.iter().filter_map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d)).collect();
    let easter = easter_sunday(year);
    days.push(easter);
    days.push(easter + Duration::days(1));
    if year >= SAINT_FRANCIS_FROM {
        days.extend(NaiveDate::from_ymd_opt(year, 10, 4));
    }
    days.sort_unstable();
    days
}

/// True when `day` is an Italian national holiday.
pub fn is_italian_holiday(day: NaiveDate) -> bool {
    use chrono::Datelike;
    italian_holidays(day.year()).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_matches_known_dates() {
        for (year, m, day) in [(2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2038, 4, 25), (2285, 3, 22)]
        {
            assert_eq!(easter_sunday(year), d(year, m, day), "{year}");
        }
    }

    #[test]
    fn saint_francis_counts_from_2026() {
        assert!(!is_italian_holiday(d(2025, 10, 4)));
        assert!(is_italian_holiday(d(2026, 10, 4)));
        assert!(is_italian_holiday(d(2026, 4, 6)), "Easter Monday 2026");
        assert_eq!(italian_holidays(2026).len(), 13);
    }
}
