//! Weekly and one-off time rules (opening hours, availability).

use chrono::{Datelike, NaiveDate};

use super::clock::Clock;
use crate::interval::{merge, Interval};

/// Day names of the format, Monday first.
pub const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// When a rule applies: on some weekdays, or on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleDays {
    /// Weekdays as a bit set, bit 0 = Monday.
    Weekly(u8),
    /// One date.
    On(NaiveDate),
}

/// `{"days": [...], "from", "to"}` or `{"date", "from", "to"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRule {
    /// When it applies.
    pub days: RuleDays,
    /// Clock minutes since local midnight.
    pub from: i64,
    /// Clock minutes since local midnight; 1440 for `24:00`.
    pub to: i64,
}

impl TimeRule {
    /// Whether the rule applies on `day`.
    pub fn applies_on(&self, day: NaiveDate) -> bool {
        match self.days {
            RuleDays::On(date) => date == day,
            RuleDays::Weekly(mask) => mask & (1 << day.weekday().num_days_from_monday()) != 0,
        }
    }
}

/// The days from `first` to `last`, both included.
pub fn date_range(first: NaiveDate, last: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    first.iter_days().take_while(move |d| *d <= last)
}

/// The union of the rules' occurrences on the given days.
/// An occurrence whose start or end does not exist (DST gap) is skipped
/// (validation refuses such rules).
pub fn occurrences(rules: &[TimeRule], clock: &Clock, first: NaiveDate, last: NaiveDate) -> Vec<Interval> {
    let mut intervals = Vec::new();
    for day in date_range(first, last) {
        for rule in rules.iter().filter(|r| r.applies_on(day)) {
            if let (Some(start), Some(end)) = (clock.local_minute(day, rule.from), clock.local_minute(day, rule.to)) {
                intervals.push((start, end));
            }
        }
    }
    merge(intervals)
}
