//! The service's one clock.
//!
//! Every "now" of the service (holds in the past, expiries, retention, the
//! `next-week` of `--move-to` and of the demo, audit stamps) comes from
//! [`now`]. It reads the system clock, unless the process was started with
//! `--now` (or `PONTE_NOW`): then the clock reads that instant when the
//! process starts and runs on in real time from there, so holds still
//! expire and sweeps still run. Tests and demos use it to serve a fixed
//! week (the bundled week's own dates) whatever day they run on; it is
//! never a default, and a server started with it says so in its log and in
//! `ponte-server --help`.

use std::sync::OnceLock;
use std::time::Instant;

use chrono::{DateTime, NaiveDate};

/// Where "now" comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// The system clock.
    System,
    /// `start` (Unix seconds) at `set_at`, running on in real time.
    Set { start: i64, set_at: Instant },
}

static CLOCK: OnceLock<Source> = OnceLock::new();

/// Unix seconds now.
pub fn now() -> i64 {
    match CLOCK.get().copied().unwrap_or(Source::System) {
        Source::System => chrono::Utc::now().timestamp(),
        Source::Set { start, set_at } => start + set_at.elapsed().as_secs() as i64,
    }
}

/// Today's date in UTC, by [`now`].
pub fn today_utc() -> NaiveDate {
    DateTime::from_timestamp(now(), 0).map(|d| d.date_naive()).unwrap_or_default()
}

/// Whether the clock was set with `--now`.
pub fn is_set() -> bool {
    matches!(CLOCK.get(), Some(Source::Set { .. }))
}

/// Sets the clock to read `unix` seconds now and run on from there. Once a
/// process: a second call with another instant is an error (a process has
/// one clock), the same instant again is accepted.
pub fn set(unix: i64) -> Result<(), String> {
    let wanted = Source::Set { start: unix, set_at: Instant::now() };
    match CLOCK.get_or_init(|| wanted) {
        Source::Set { start, .. } if *start == unix => Ok(()),
        _ => Err("the clock of this process is already set".into()),
    }
}

/// Parses `--now`: an RFC 3339 date-time with its offset (`2026-04-24T08:00:00+02:00`,
/// `2026-04-24T06:00Z`; seconds optional). A time without an offset is
/// refused: the service serves networks in several time zones.
pub fn parse(text: &str) -> Result<i64, String> {
    let text = text.trim();
    // 2026-04-24T08:00+02:00 or ...08:00Z: add the seconds RFC 3339 requires.
    let with_seconds = match (text.get(..16), text.get(16..)) {
        (Some(head), Some(tail)) if !tail.is_empty() && !tail.starts_with(':') => format!("{head}:00{tail}"),
        _ => text.to_string(),
    };
    match DateTime::parse_from_rfc3339(&with_seconds) {
        Ok(t) => Ok(t.timestamp()),
        Err(_)
            if chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").is_ok()
                || chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").is_ok() =>
        {
            Err(format!("--now {text}: give the offset, for example {text}+02:00 (Rome in summer) or {text}Z (UTC)"))
        }
        Err(e) => Err(format!("--now {text}: not an RFC 3339 date-time with offset ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339_with_or_without_seconds() {
        assert_eq!(parse("2026-04-24T08:00:00+02:00"), Ok(1_777_010_400));
        assert_eq!(parse("2026-04-24T08:00+02:00"), Ok(1_777_010_400));
        assert_eq!(parse("2026-04-24T06:00Z"), Ok(1_777_010_400));
        assert_eq!(parse("2026-04-24T06:00:00Z"), Ok(1_777_010_400));
    }

    #[test]
    fn refuses_a_time_without_offset_and_garbage() {
        assert!(parse("2026-04-24T08:00").unwrap_err().contains("give the offset"));
        assert!(parse("2026-04-24T08:00:00").unwrap_err().contains("give the offset"));
        assert!(parse("tomorrow").unwrap_err().contains("RFC 3339"));
        assert!(parse("2026-04-24T08:00é").is_err());
        assert!(parse("").is_err());
        assert!(parse("2026-04-24T08:0éé").is_err(), "no panic off a char boundary");
    }

    #[test]
    fn a_set_clock_runs_on_from_its_instant() {
        set(1_777_010_400).unwrap();
        assert!(set(1_777_010_400).is_ok(), "the same instant again is accepted");
        assert!(set(1).is_err(), "one clock a process");
        assert!(is_set());
        let t = now();
        assert!((1_777_010_400..1_777_010_400 + 60).contains(&t), "{t}");
        assert_eq!(today_utc(), NaiveDate::from_ymd_opt(2026, 4, 24).unwrap());
    }
}
