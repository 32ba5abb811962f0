//! The service's one clock: `--now` (or `PONTE_NOW`) decides what is past,
//! a time without an offset is refused, and moving a week by dates (the
//! demo's `next-week`, `import --move-to`) keeps weekdays and validity in
//! any week of the year, holiday weeks included.

mod support;

use chrono::{Datelike, NaiveDate, Weekday};
use ponte_server::cli::{move_dates, move_to_valid_week};
use support::*;

fn horizon_start(text: &str) -> NaiveDate {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    NaiveDate::parse_from_str(v["horizon"]["start"].as_str().unwrap(), "%Y-%m-%d").unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_set_clock_decides_what_is_past() {
    let store = fresh_store("clock");
    import_visconteo(&store);
    let c = client();
    // Friday before the week (the tests' clock): the week's first free slot can be held.
    let s = Server::serve(&store, &[]);
    let slots = week_slots(&c, &s, "rozzano-sportello", "ar", 60, None).await;
    let first = slots.first().cloned().expect("the week has a free Arabic hour");
    drop(s);
    // The same store served with the clock late on that slot's day: it is past.
    let day = &first["start"].as_str().unwrap()[..10];
    let late = Server::serve(&store, &["--now", &format!("{day}T23:30+02:00")]);
    let (status, answer) = post(&c, &late.url(&format!("/v1/networks/{NET}/holds")), &hold_body(&first)).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["error"]["code"], "SLOT_IN_PAST");
    drop(late);
    // And on Friday again it is held.
    let friday = Server::serve(&store, &[]);
    let (status, answer) = post(&c, &friday.url(&format!("/v1/networks/{NET}/holds")), &hold_body(&first)).await;
    assert_eq!(status, 201, "{answer}");
}

#[test]
fn a_clock_without_offset_or_garbage_is_refused_at_start() {
    for (now, says) in [("2026-04-24T08:00", "give the offset"), ("yesterday", "RFC 3339")] {
        let out = std::process::Command::new(bin())
            .args(["--now", now, "serve", "--data", "/nonexistent/never-created", "--listen", "127.0.0.1:0"])
            .env_remove("PONTE_NOW")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{now}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{now}: {stderr}");
    }
}

#[test]
fn moving_the_week_keeps_weekdays_and_validity_in_every_week_of_the_year() {
    let text = std::fs::read_to_string(repo().join("examples/data/visconteo-week.json")).unwrap();
    let original = horizon_start(&text);
    // Every Monday of a year with Christmas, New Year, Epiphany, Easter
    // Monday (2027-03-29), Ferragosto and the spring and autumn clock changes.
    let mut day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let last = NaiveDate::from_ymd_opt(2027, 12, 6).unwrap();
    while day <= last {
        let target = day.format("%Y-%m-%d").to_string();
        let moved = move_dates(&text, &target).unwrap();
        let start = horizon_start(&moved);
        assert_eq!(start, day, "a Monday horizon moved to a Monday lands on it");
        assert_eq!(start.weekday(), original.weekday());
        let valid = move_to_valid_week(&text, &target).unwrap_or_else(|e| panic!("{target}: {e}"));
        let valid_start = horizon_start(&valid);
        assert!(valid_start >= day && valid_start.weekday() == Weekday::Mon, "{target} -> {valid_start}");
        ponte::Problem::from_json_str(&valid).unwrap_or_else(|e| panic!("{target}: {e}"));
        day += chrono::Duration::days(7);
    }
    // A day in mid-week moves to the next Monday, never back.
    let moved = move_dates(&text, "2026-12-23").unwrap();
    assert_eq!(horizon_start(&moved), NaiveDate::from_ymd_opt(2026, 12, 28).unwrap());
    assert!(move_dates(&text, "23/12/2026").unwrap_err().contains("YYYY-MM-DD"));
}
