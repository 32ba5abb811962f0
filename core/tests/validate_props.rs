//! Properties of the format types, the clock and the validated model:
//! a `ProblemDoc` written as JSON and read back loses nothing; local time
//! to minute and back is the identity across DST changes; a mediator's
//! expanded availability never meets an absence.

use chrono::{Duration, LocalResult, NaiveDate, TimeZone, Timelike};
use chrono_tz::Tz;
use ponte::format::*;
use ponte::interval::{covers, intersect, merge};
use ponte::json::JsonValue;
use ponte::model::{Level, Modality, Priority};
use ponte::time::{occurrences, Clock};
use ponte::Problem;
use proptest::prelude::*;
use serde_json::{json, Value};

// ----- strategies for the format types -----------------------------------

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _é\"\\\\/-]{0,10}"
}

fn opt<S: Strategy>(s: S) -> impl Strategy<Value = Option<S::Value>> {
    proptest::option::of(s)
}

/// Degrees with four decimals, as written in real files.
fn degrees(max: i64) -> impl Strategy<Value = f64> {
    (-max * 10_000..=max * 10_000).prop_map(|n| n as f64 / 10_000.0)
}

fn minutes() -> impl Strategy<Value = i64> {
    0..=100_000i64
}

fn strings() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..3)
}

fn level() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::ALL.to_vec())
}

fn modalities() -> impl Strategy<Value = Vec<Modality>> {
    prop::collection::vec(prop::sample::select(Modality::ALL.to_vec()), 0..3)
}

fn priority() -> impl Strategy<Value = Priority> {
    prop::sample::select(Priority::ALL.to_vec())
}

fn rule() -> impl Strategy<Value = TimeRuleDoc> {
    let days = prop::collection::vec(
        prop::sample::select(vec![
            DayDoc::Mon,
            DayDoc::Tue,
            DayDoc::Wed,
            DayDoc::Thu,
            DayDoc::Fri,
            DayDoc::Sat,
            DayDoc::Sun,
        ]),
        0..3,
    );
    (opt(days), opt(text()), text(), text()).prop_map(|(days, date, from, to)| TimeRuleDoc { days, date, from, to })
}

fn network() -> impl Strategy<Value = NetworkDoc> {
    let holidays = prop::sample::select(vec![HolidaysDoc::It, HolidaysDoc::None]);
    let breaks =
        (minutes(), minutes()).prop_map(|(after_minutes, break_minutes)| BreaksDoc { after_minutes, break_minutes });
    (opt(text()), opt(text()), opt(minutes()), opt(holidays), opt(strings()), opt(breaks)).prop_map(
        |(name, timezone, slot_minutes, holidays, closed, breaks)| NetworkDoc {
            name,
            timezone,
            slot_minutes,
            holidays,
            closed,
            breaks,
        },
    )
}

fn municipality() -> impl Strategy<Value = MunicipalityDoc> {
    let location = (degrees(90), degrees(180)).prop_map(|(lat, lon)| LocationDoc { lat, lon });
    (text(), opt(text()), opt(location)).prop_map(|(id, name, location)| MunicipalityDoc { id, name, location })
}

fn travel() -> impl Strategy<Value = TravelDoc> {
    let row = prop::collection::vec((text(), minutes()), 0..3).prop_map(|e| e.into_iter().collect::<OrderedMap<i64>>());
    let matrix = prop::collection::vec((text(), row), 0..3).prop_map(|e| e.into_iter().collect::<OrderedMap<_>>());
    (opt(degrees(200)), opt(degrees(5)), opt(minutes()), opt(matrix)).prop_map(
        |(speed_kmh, road_factor, intra_municipality_minutes, minutes)| TravelDoc {
            speed_kmh,
            road_factor,
            intra_municipality_minutes,
            minutes,
        },
    )
}

fn office() -> impl Strategy<Value = OfficeDoc> {
    (text(), opt(text()), text(), prop::collection::vec(rule(), 0..2), opt(strings()), opt(minutes())).prop_map(
        |(id, name, municipality, opening, closed, capacity)| OfficeDoc {
            id,
            name,
            municipality,
            opening,
            closed,
            capacity,
        },
    )
}

fn mediator() -> impl Strategy<Value = MediatorDoc> {
    let language = (text(), level()).prop_map(|(code, level)| MediatorLanguageDoc { code, level });
    let absence = (text(), text()).prop_map(|(from, to)| AbsenceDoc { from, to });
    let worked = (text(), minutes()).prop_map(|(date, minutes)| WorkedDoc { date, minutes });
    (
        (text(), opt(text()), text(), prop::collection::vec(language, 0..3), opt(modalities()), opt(strings())),
        (opt(text()), prop::collection::vec(rule(), 0..2), opt(prop::collection::vec(absence, 0..2))),
        (opt(minutes()), opt(minutes()), opt(minutes()), opt(prop::collection::vec(worked, 0..2))),
    )
        .prop_map(
            |(
                (id, name, home, languages, modalities, skills),
                (gender, availability, absences),
                (day, week, share, worked),
            )| {
                MediatorDoc {
                    id,
                    name,
                    home,
                    languages,
                    modalities,
                    skills,
                    gender,
                    availability,
                    absences,
                    max_minutes_per_day: day,
                    max_minutes_per_week: week,
                    fair_share: share,
                    worked,
                    breaks: None,
                }
            },
        )
}

fn request() -> impl Strategy<Value = RequestDoc> {
    let previous = (text(), text(), opt(strings())).prop_map(|(mediator, start, mediators)| PreviousDoc {
        mediator,
        start,
        mediators,
    });
    let role = (strings(), opt(level()), opt(strings()), opt(text())).prop_map(
        |(languages, min_level, skills, mediator_gender)| RoleDoc { languages, min_level, skills, mediator_gender },
    );
    let window = (text(), text()).prop_map(|(earliest, latest)| WindowDoc { earliest, latest });
    (
        (text(), text(), opt(text()), strings(), opt(level()), minutes(), opt(text()), opt(text()), opt(text())),
        (opt(modalities()), opt(priority()), opt(strings()), opt(text()), opt(text()), opt(text())),
        (
            opt(previous),
            opt(any::<bool>()),
            opt(text()),
            opt(prop::collection::vec(window, 0..3)),
            opt(prop::collection::vec(role, 0..4)),
        ),
    )
        .prop_map(
            |(
                (id, office, service, languages, min_level, duration_minutes, start, earliest, latest),
                (modalities, priority, skills, mediator_gender, case, preferred_mediator),
                (previous, locked, series, windows, roles),
            )| RequestDoc {
                id,
                office,
                service,
                languages,
                min_level,
                duration_minutes,
                start,
                earliest,
                latest,
                modalities,
                priority,
                skills,
                mediator_gender,
                case,
                preferred_mediator,
                previous,
                locked,
                series,
                windows,
                roles,
            },
        )
}

fn workshop() -> impl Strategy<Value = WorkshopDoc> {
    let session = (text(), text(), minutes()).prop_map(|(id, start, duration_minutes)| SessionDoc {
        id,
        start,
        duration_minutes,
    });
    (text(), opt(text()), text(), opt(priority()), strings(), opt(level()), prop::collection::vec(session, 0..3))
        .prop_map(|(id, title, office, priority, languages, min_level, sessions)| WorkshopDoc {
            id,
            title,
            office,
            priority,
            languages,
            min_level,
            sessions,
        })
}

fn weights() -> impl Strategy<Value = WeightsDoc> {
    let unassigned = (opt(minutes()), opt(minutes()), opt(minutes()), opt(minutes()))
        .prop_map(|(urgent, high, normal, low)| UnassignedWeightsDoc { urgent, high, normal, low });
    (
        opt(unassigned),
        opt(minutes()),
        opt(minutes()),
        opt(minutes()),
        opt(minutes()),
        opt(minutes()),
        opt(minutes()),
        opt(minutes()),
        opt(minutes()),
        opt(minutes()),
    )
        .prop_map(
            |(
                unassigned,
                travel,
                language_rank,
                modality_rank,
                continuity,
                preferred_mediator,
                delay,
                change,
                fairness,
                series,
            )| {
                WeightsDoc {
                    unassigned,
                    travel,
                    language_rank,
                    modality_rank,
                    continuity,
                    preferred_mediator,
                    delay,
                    change,
                    fairness,
                    series,
                }
            },
        )
}

fn problem_doc() -> impl Strategy<Value = ProblemDoc> {
    let horizon = (text(), text()).prop_map(|(start, end)| HorizonDoc { start, end });
    (
        (text(), opt(network()), horizon, prop::collection::vec(municipality(), 0..3), opt(travel())),
        (
            prop::collection::vec(office(), 0..2),
            prop::collection::vec(mediator(), 0..2),
            prop::collection::vec(request(), 0..3),
            opt(prop::collection::vec(workshop(), 0..2)),
            opt(weights()),
        ),
    )
        .prop_map(
            |(
                (format, network, horizon, municipalities, travel),
                (offices, mediators, requests, workshops, weights),
            )| {
                ProblemDoc {
                    format,
                    network,
                    horizon,
                    municipalities,
                    travel,
                    offices,
                    mediators,
                    requests,
                    workshops,
                    weights,
                }
            },
        )
}

fn has_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(has_null),
        Value::Object(map) => map.values().any(has_null),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn problem_doc_json_round_trip_loses_nothing(doc in problem_doc()) {
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let back: ProblemDoc = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &doc);
        // Absent optional fields stay absent: the format never writes null.
        prop_assert!(!has_null(&serde_json::to_value(&doc).unwrap()));
    }
}

#[test]
fn a_valid_problem_writes_back_what_was_read() {
    let text = include_str!("data/base-problem.json");
    let problem = Problem::from_json_str(text).unwrap();
    let written = problem.to_json_string();
    let original: Value = serde_json::from_str(text).unwrap();
    let mut back: Value = serde_json::from_str(&written).unwrap();
    // Integers given for the travel numbers come back as numbers (30 -> 30.0).
    for key in ["speed_kmh", "road_factor"] {
        let number = back["travel"][key].as_f64().unwrap();
        back["travel"][key] = original["travel"][key].clone();
        assert_eq!(Some(number), original["travel"][key].as_f64());
    }
    assert_eq!(back, original);
    // The travel matrix keeps the order written.
    let row = problem.document().travel.as_ref().unwrap().minutes.as_ref().unwrap().get("basiglio").unwrap();
    let keys: Vec<&str> = row.entries.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["rozzano", "opera", "milano"]);
    let again = Problem::from_doc(problem.document()).unwrap();
    assert_eq!(again.document(), problem.document());
    assert_eq!(Problem::from_json_str(&written).unwrap().document(), problem.document());
}

#[test]
fn from_doc_reports_the_same_errors_as_the_file() {
    let text = include_str!("data/base-problem.json");
    let mut doc: ProblemDoc = serde_json::from_str(text).unwrap();
    doc.requests[0].office = "nowhere".to_string();
    doc.requests[1].duration_minutes = 0;
    let from_doc = Problem::from_doc(&doc).unwrap_err().errors();
    let from_text = ponte::validate::validate_str(&serde_json::to_string(&doc).unwrap());
    assert_eq!(from_doc, from_text);
    let paths: Vec<&str> = from_doc.iter().map(|e| e.path.as_str()).collect();
    assert!(paths.contains(&"requests[0].office") && paths.contains(&"requests[1].duration_minutes"), "{paths:?}");
    // A number that JSON cannot hold is refused, not a panic.
    let mut doc: ProblemDoc = serde_json::from_str(text).unwrap();
    doc.municipalities[0].location.as_mut().unwrap().lat = f64::NAN;
    let errors = Problem::from_doc(&doc).unwrap_err().errors();
    assert_eq!(errors[0].code, "WRONG_TYPE");
    assert_eq!(errors[0].path, "municipalities[0].location.lat");
}

// ----- the clock across DST -------------------------------------------------

fn zone_and_origin() -> impl Strategy<Value = (Tz, NaiveDate)> {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    prop::sample::select(vec![
        (Tz::Europe__Rome, d(2026, 3, 23)),
        (Tz::Europe__Rome, d(2026, 10, 19)),
        (Tz::America__New_York, d(2026, 3, 2)),
        (Tz::America__New_York, d(2026, 10, 26)),
        (Tz::Australia__Lord_Howe, d(2026, 4, 1)),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn local_time_to_minute_and_back_is_the_identity((tz, origin) in zone_and_origin(), day in 0..14i64, clock in 0..1440i64) {
        let last = origin + Duration::days(13);
        let c = Clock::new(tz, origin, last);
        let date = origin + Duration::days(day);
        let naive = date.and_hms_opt((clock / 60) as u32, (clock % 60) as u32, 0).unwrap();
        match (c.local_minute(date, clock), tz.from_local_datetime(&naive)) {
            (None, LocalResult::None) => {}
            (Some(minute), LocalResult::Single(dt)) => {
                prop_assert_eq!(c.local(minute), naive);
                prop_assert_eq!(c.unix_seconds(minute), dt.timestamp());
                prop_assert!(c.is_representable(minute));
            }
            (Some(minute), LocalResult::Ambiguous(first, _)) => {
                // The first occurrence of a repeated local time.
                prop_assert_eq!(c.local(minute), naive);
                prop_assert_eq!(c.unix_seconds(minute), first.timestamp());
                prop_assert!(c.is_representable(minute));
            }
            (mine, chrono) => prop_assert!(false, "{naive}: clock {mine:?}, chrono-tz {chrono:?}"),
        }
    }

    #[test]
    fn minute_to_local_time_and_back_is_the_identity((tz, origin) in zone_and_origin(), minute in -1440i64..(15 * 1440)) {
        let c = Clock::new(tz, origin, origin + Duration::days(13));
        let local = c.local(minute);
        let clock = i64::from(local.hour() * 60 + local.minute());
        let back = c.local_minute(local.date(), clock);
        // Only the second pass of a repeated hour reads back elsewhere.
        prop_assert_eq!(back == Some(minute), c.is_representable(minute));
        if !c.is_representable(minute) {
            prop_assert!(back.is_some_and(|b| b < minute));
        }
        prop_assert_eq!(c.format(minute).len(), 16);
    }
}

// ----- expanded availability and absences ------------------------------------

fn hhmm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn datetime(day: NaiveDate, minutes: i64) -> String {
    format!("{}T{}", day, hhmm(minutes))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn availability_never_meets_an_absence(
        spring in any::<bool>(),
        rules in prop::collection::vec((1u8..128, 0i64..96, 1i64..96), 1..4),
        absences in prop::collection::vec((0i64..16, 0i64..96, 1i64..400), 0..5),
    ) {
        let start = if spring { NaiveDate::from_ymd_opt(2026, 3, 23) } else { NaiveDate::from_ymd_opt(2026, 10, 19) }.unwrap();
        let end = start + Duration::days(13);
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let availability: Vec<Value> = rules
            .iter()
            .map(|&(mask, from, length)| {
                let days: Vec<&str> = (0..7).filter(|i| mask & (1 << i) != 0).map(|i| names[i]).collect();
                let to = (from + length).min(96);
                let from = from.min(to - 1);
                json!({"days": days, "from": hhmm(from * 15), "to": hhmm(to * 15)})
            })
            .collect();
        let absences: Vec<Value> = absences
            .iter()
            .map(|&(day, from, length)| {
                let first = start + Duration::days(day - 1);
                let last_minute = from * 15 + length * 15;
                let last = first + Duration::days(last_minute / 1440);
                json!({"from": datetime(first, from * 15), "to": datetime(last, last_minute % 1440)})
            })
            .collect();
        let doc = json!({
            "format": "ponte-problem/1",
            "horizon": {"start": start.to_string(), "end": end.to_string()},
            "municipalities": [{"id": "a"}],
            "offices": [],
            "mediators": [{"id": "m", "home": "a", "languages": [{"code": "ar", "level": "native"}],
                           "availability": availability, "absences": absences}],
            "requests": []
        });
        let result = Problem::from_json_value(&JsonValue::from_serde(&doc));
        // Rules or absences in the spring gap (or an absence that ends
        // before it starts) are input errors; the others must be valid.
        let problem = match result {
            Ok(problem) => problem,
            Err(error) => {
                let errors = error.errors();
                prop_assert!(errors.iter().all(|e| e.code == "DST_GAP" || e.code == "EMPTY_INTERVAL"), "{errors:?}");
                return Ok(());
            }
        };
        let mediator = &problem.mediators()[0];
        prop_assert!(intersect(&mediator.available, &mediator.absences).is_empty());
        prop_assert_eq!(merge(mediator.available.clone()), mediator.available.clone());
        let rules = occurrences(&mediator.availability, problem.clock(), start, end);
        for &(low, high) in &mediator.available {
            prop_assert!(covers(&rules, low, high));
            prop_assert!(problem.horizon().0 <= low && high <= problem.horizon().1);
        }
        // What the absences cut is exactly the rules' time they cover.
        let cut: i64 = intersect(&rules, &mediator.absences).iter().map(|(a, b)| b - a).sum();
        let total: i64 = rules.iter().map(|(a, b)| b - a).sum();
        let kept: i64 = mediator.available.iter().map(|(a, b)| b - a).sum();
        prop_assert_eq!(kept, total - cut);
    }
}
