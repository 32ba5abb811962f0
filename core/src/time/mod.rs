//! Time, exactly as the format defines it: local wall-clock times of the
//! network's zone as real elapsed minutes, weekly rules, holidays.

mod clock;
mod holidays;
mod rules;
mod text;

pub use clock::{Clock, MINUTES_PER_DAY};
pub use holidays::{easter_sunday, is_italian_holiday, italian_holidays, SAINT_FRANCIS_FROM};
pub use rules::{date_range, occurrences, RuleDays, TimeRule, DAY_NAMES};
pub use text::{format_clock, parse_clock, parse_date, parse_datetime};
