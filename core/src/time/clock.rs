//! Local wall-clock time of one IANA zone as absolute minutes.

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike};
use chrono_tz::Tz;

use crate::interval::Minute;

/// Minutes in a local day on the clock face.
pub const MINUTES_PER_DAY: i64 = 1440;

/// One stretch of constant UTC offset, in UTC seconds since the Unix epoch.
#[derive(Debug, Clone, Copy)]
struct Segment {
    from: i64,
    offset: i64,
}

/// Converts between local wall-clock times of a zone and [`Minute`]s.
///
/// Minute 0 is the first instant of the local date `origin` (the horizon's
/// start). Arithmetic goes through UTC, so a spring DST day lasts 23 hours
/// and an autumn one 25. A local time inside the spring gap does not exist;
/// an ambiguous one (the autumn repeat) means its first occurrence, so the
/// second pass of the repeated hour cannot be written.
///
/// Conversions inside the horizon (and a week either side) use a
/// precomputed table of UTC offsets; everything else falls back to the zone
/// database.
#[derive(Debug, Clone)]
pub struct Clock {
    tz: Tz,
    origin: NaiveDate,
    origin_utc: i64,
    table_from: i64,
    table_to: i64,
    segments: Vec<Segment>,
}

impl Clock {
    /// A clock for `tz` whose minute 0 is the first instant of `origin`;
    /// `last` is the last day of the horizon (used to size the fast table).
    pub fn new(tz: Tz, origin: NaiveDate, last: NaiveDate) -> Clock {
        let origin_utc = first_instant_utc(tz, origin);
        let lo = origin.checked_sub_signed(Duration::days(8)).unwrap_or(origin);
        let hi = last.checked_add_signed(Duration::days(8)).unwrap_or(last);
        let table_from = first_instant_utc(tz, lo);
        let table_to = first_instant_utc(tz, hi).max(table_from);
        let mut segments = vec![Segment { from: table_from, offset: offset_utc(tz, table_from) }];
        let step = 6 * 3600;
        let mut t = table_from;
        while t < table_to {
            let next = (t + step).min(table_to);
            let (a, b) = (offset_utc(tz, t), offset_utc(tz, next));
            if a != b {
                // Binary search the first second with offset b.
                let (mut low, mut high) = (t, next);
                while high - low > 1 {
                    let mid = low + (high - low) / 2;
                    if offset_utc(tz, mid) == a {
                        low = mid;
                    } else {
                        high = mid;
                    }
                }
                segments.push(Segment { from: high, offset: b });
            }
            t = next;
        }
        Clock { tz, origin, origin_utc, table_from, table_to, segments }
    }

    /// The zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The local date of minute 0.
    pub fn origin(&self) -> NaiveDate {
        self.origin
    }

    fn offset_at(&self, utc: i64) -> i64 {
        if utc >= self.table_from && utc < self.table_to {
            let index = self.segments.partition_point(|s| s.from <= utc);
            self.segments[index - 1].offset
        } else {
            offset_utc(self.tz, utc)
        }
    }

    fn utc_of(&self, minute: Minute) -> i64 {
        self.origin_utc + minute * 60
    }

    fn minute_of(&self, utc: i64) -> Minute {
        (utc - self.origin_utc).div_euclid(60)
    }

    /// Local wall time, in seconds since 1970-01-01T00:00 local.
    fn wall_seconds(&self, minute: Minute) -> i64 {
        let utc = self.utc_of(minute);
        utc + self.offset_at(utc)
    }

    /// The minute of local `day` at clock reading `clock` (minutes since
    /// midnight, 0..=1440; 1440 is the next day's start, larger values carry
    /// over to later days). `None` when that local time does not exist (DST gap).
    pub fn local_minute(&self, day: NaiveDate, clock: i64) -> Option<Minute> {
        if clock >= MINUTES_PER_DAY {
            let next = day.checked_add_signed(Duration::days(clock / MINUTES_PER_DAY))?;
            return Some(self.day_start(next));
        }
        let naive = day.and_hms_opt((clock / 60) as u32, (clock % 60) as u32, 0)?;
        let wall = naive.and_utc().timestamp();
        if wall >= self.table_from - 86_400 && wall < self.table_to + 86_400 {
            // Fast path: every segment whose offset maps the wall time inside it.
            let mut best: Option<i64> = None;
            for (i, s) in self.segments.iter().enumerate() {
                let utc = wall - s.offset;
                let end = self.segments.get(i + 1).map_or(self.table_to, |n| n.from);
                let start = if i == 0 { self.table_from } else { s.from };
                if utc >= start && utc < end {
                    best = Some(best.map_or(utc, |b: i64| b.min(utc)));
                }
            }
            if let Some(utc) = best {
                return Some(self.minute_of(utc));
            }
            if wall >= self.table_from + 86_400 && wall < self.table_to - 86_400 {
                return None;
            }
        }
        match self.tz.from_local_datetime(&naive) {
            LocalResult::Single(dt) => Some(self.minute_of(dt.timestamp())),
            LocalResult::Ambiguous(first, _) => Some(self.minute_of(first.timestamp())),
            LocalResult::None => None,
        }
    }

    /// The minute of the first instant of local date `day`.
    pub fn day_start(&self, day: NaiveDate) -> Minute {
        self.minute_of(first_instant_utc(self.tz, day))
    }

    /// The local date `day` as `[day_start(day), day_start(day + 1))`.
    pub fn day_bounds(&self, day: NaiveDate) -> (Minute, Minute) {
        let next = day.succ_opt().unwrap_or(day);
        (self.day_start(day), self.day_start(next))
    }

    /// Local wall-clock date and time of a minute.
    pub fn local(&self, minute: Minute) -> NaiveDateTime {
        let wall = self.wall_seconds(minute);
        chrono::DateTime::from_timestamp(wall, 0).map(|d| d.naive_utc()).unwrap_or(NaiveDateTime::MIN)
    }

    /// Local calendar date of a minute.
    pub fn local_date(&self, minute: Minute) -> NaiveDate {
        self.local(minute).date()
    }

    /// Local clock reading of a minute, in minutes since local midnight.
    pub fn clock_minutes(&self, minute: Minute) -> i64 {
        self.wall_seconds(minute).div_euclid(60).rem_euclid(MINUTES_PER_DAY)
    }

    /// ISO (year, week) of the local date of a minute.
    pub fn iso_week(&self, minute: Minute) -> (i32, u32) {
        let week = self.local_date(minute).iso_week();
        (week.year(), week.week())
    }

    /// `YYYY-MM-DDTHH:MM` local text of a minute.
    pub fn format(&self, minute: Minute) -> String {
        let t = self.local(minute);
        format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
    }

    /// Like [`Clock::format`], marking the second pass of a repeated local time.
    pub fn describe(&self, minute: Minute) -> String {
        let text = self.format(minute);
        if self.is_representable(minute) {
            text
        } else {
            format!("{text} (second occurrence)")
        }
    }

    /// True when [`Clock::format`] of this minute reads back as the same
    /// minute (false in the second pass of an autumn repeated hour).
    pub fn is_representable(&self, minute: Minute) -> bool {
        let t = self.local(minute);
        let clock = i64::from(t.hour()) * 60 + i64::from(t.minute());
        self.local_minute(t.date(), clock) == Some(minute)
    }

    /// The UTC offset in force at a minute, in seconds (local minus UTC).
    pub fn offset_seconds(&self, minute: Minute) -> i64 {
        self.offset_at(self.utc_of(minute))
    }

    /// Unix timestamp (seconds, UTC) of a minute.
    pub fn unix_seconds(&self, minute: Minute) -> i64 {
        self.utc_of(minute)
    }
}

/// UTC offset (seconds) of `tz` at a UTC instant given in seconds.
fn offset_utc(tz: Tz, utc: i64) -> i64 {
    match chrono::DateTime::from_timestamp(utc, 0) {
        Some(dt) => i64::from(tz.offset_from_utc_datetime(&dt.naive_utc()).fix().local_minus_utc()),
        None => 0,
    }
}

/// The first UTC instant (seconds) whose local date in `tz` is `day`.
fn first_instant_utc(tz: Tz, day: NaiveDate) -> i64 {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight) {
        LocalResult::Single(dt) => dt.timestamp(),
        LocalResult::Ambiguous(first, _) => first.timestamp(),
        LocalResult::None => {
            // Midnight falls in a gap: the day starts where the gap ends.
            let mut minute = midnight;
            for _ in 0..MINUTES_PER_DAY {
                minute += Duration::minutes(1);
                if let LocalResult::Single(dt) | LocalResult::Ambiguous(dt, _) = tz.from_local_datetime(&minute) {
                    return dt.timestamp();
                }
            }
            midnight.and_utc().timestamp()
        }
    }
}
