//! One clock for the service and the core: an engagement's end is its start
//! plus its minutes of real time in the network's zone, so on the spring and
//! autumn change nights the local end moves by an hour more or less, the
//! resident's calendar lasts exactly the booked minutes, and the answer
//! agrees with the core's own evaluation of the same engagement.

use ponte_server::model::{end_of, ics, unix_of, Slot};

const ROME: &str = "Europe/Rome";

#[test]
fn the_end_is_real_minutes_after_the_start_on_change_nights() {
    let cases = [
        // An ordinary day.
        ("2026-04-27T10:00", 30, Some("2026-04-27T10:30")),
        // Spring, 28 March 2027: 02:00 becomes 03:00.
        ("2027-03-28T01:30", 60, Some("2027-03-28T03:30")),
        ("2027-03-28T01:00", 30, Some("2027-03-28T01:30")),
        ("2027-03-28T01:45", 15, Some("2027-03-28T03:00")),
        // Autumn, 25 October 2026: 03:00 becomes 02:00 again; a start in the
        // repeated hour is its first pass, so an hour later reads the same.
        ("2026-10-25T01:30", 60, Some("2026-10-25T02:30")),
        ("2026-10-25T02:30", 60, Some("2026-10-25T02:30")),
        ("2026-10-25T02:30", 120, Some("2026-10-25T03:30")),
        ("2026-10-25T01:00", 180, Some("2026-10-25T03:00")),
        // A start that does not exist (the spring gap), and bad input.
        ("2027-03-28T02:30", 30, None),
        ("2027-03-28 01:30", 30, None),
    ];
    for (start, minutes, want) in cases {
        assert_eq!(end_of(ROME, start, minutes).as_deref(), want, "{start} + {minutes}");
    }
    assert_eq!(end_of("Mars/Olympus", "2026-04-27T10:00", 30), None);
}

#[test]
fn the_calendar_event_lasts_the_booked_minutes_across_a_change() {
    for (start, minutes) in [("2027-03-28T01:30", 60), ("2026-10-25T01:30", 90), ("2026-10-25T02:15", 60)] {
        let slot = Slot {
            office: "rozzano-sportello".into(),
            language: "ar".into(),
            modality: ponte::model::Modality::InPerson,
            duration_minutes: minutes,
            start: start.into(),
            end: end_of(ROME, start, minutes).unwrap(),
        };
        let text = ics("ABC123", ROME, &slot, Some("Sportello"), 1_777_010_400);
        let field = |name: &str| {
            let line = text.lines().find(|l| l.starts_with(name)).unwrap();
            let value = &line[name.len() + 1..];
            chrono::NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ").unwrap().and_utc().timestamp()
        };
        let (dtstart, dtend) = (field("DTSTART"), field("DTEND"));
        assert_eq!(dtend - dtstart, minutes * 60, "{start}: {text}");
        assert_eq!(Some(dtstart), unix_of(ROME, start));
    }
}

#[test]
fn the_service_and_the_core_agree_on_the_end() {
    // The core's own clock (the one evaluation and Python use) on the same nights.
    for (start, minutes) in [("2027-03-28T01:30", 60), ("2026-10-25T01:30", 60), ("2026-10-25T00:45", 200)] {
        let (day, clock) = ponte::time::parse_datetime(start).unwrap();
        let tz: chrono_tz::Tz = ROME.parse().unwrap();
        let c = ponte::time::Clock::new(tz, day - chrono::Duration::days(3), day + chrono::Duration::days(3));
        let minute = c.local_minute(day, clock).unwrap();
        assert_eq!(end_of(ROME, start, minutes), Some(c.format(minute + minutes)), "{start}");
        assert_eq!(c.unix_seconds(minute + minutes) - c.unix_seconds(minute), minutes * 60);
    }
}
