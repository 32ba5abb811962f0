//! Property test of the solver over random small problems: whatever the
//! network, hours, languages, limits, capacities, cases, previous
//! assignments and workshops, the plan is feasible, complete, gives the
//! right reasons and claims its true cost, by Ponte's own evaluation and by
//! the independent checker `ponte-check` (all cases in one checker run).
//! And no data lost: every field of such a valid problem, with the
//! optional fields and free texts added, survives loading and saving.

use std::path::PathBuf;

use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::Problem;
use ponte_suite::{scratch_dir, shared_tools};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

const LANGUAGES: [&str; 5] = ["ar", "ar-ma", "zh", "uk", "ru"];
const DAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

fn rule() -> impl Strategy<Value = Value> {
    (prop::sample::subsequence(DAYS.to_vec(), 2..=5), 8u32..11, 3u32..9).prop_map(|(days, from, hours)| {
        json!({"days": days, "from": format!("{from:02}:00"), "to": format!("{:02}:30", (from + hours).min(23))})
    })
}

fn mediator(i: usize, towns: usize) -> impl Strategy<Value = Value> {
    (
        prop::sample::subsequence(LANGUAGES.to_vec(), 1..=3),
        prop::sample::select(vec!["working", "fluent", "native"]),
        prop::sample::select(vec![vec!["in_person"], vec!["in_person", "phone"], vec!["video"]]),
        prop::collection::vec(rule(), 1..=2),
        proptest::option::of(60i64..300),
        0..towns,
        prop::bool::ANY,
    )
        .prop_map(move |(langs, level, modalities, availability, max_day, home, skilled)| {
            let languages: Vec<Value> = langs.iter().map(|l| json!({"code": l, "level": level})).collect();
            let mut m = json!({
                "id": format!("m{i}"), "home": format!("t{home}"), "languages": languages,
                "modalities": modalities, "availability": availability,
                "absences": [{"from": "2026-12-08T10:00", "to": "2026-12-08T12:00"}],
                "gender": if skilled { "f" } else { "m" },
            });
            if skilled {
                m["skills"] = json!(["health"]);
            }
            if let Some(max) = max_day {
                m["max_minutes_per_day"] = json!(max);
            }
            m
        })
}

fn request(i: usize, offices: usize, mediators: usize) -> impl Strategy<Value = Value> {
    (
        0..offices,
        prop::sample::subsequence(LANGUAGES.to_vec(), 1..=2),
        prop::sample::select(vec![30i64, 45, 60, 90]),
        0usize..5,
        8u32..15,
        prop::bool::ANY,
        prop::sample::select(vec!["urgent", "high", "normal", "low"]),
        prop::sample::select(vec![vec!["in_person"], vec!["phone", "in_person"], vec!["in_person", "video"]]),
        (proptest::option::of(0usize..3), proptest::option::of(0..mediators), prop::bool::weighted(0.15), prop::bool::weighted(0.15)),
    )
        .prop_map(move |(office, langs, duration, day, hour, fixed, priority, modalities, (case, preferred, previous, skill))| {
            let date = format!("2026-12-{:02}", 7 + day);
            let mut r = json!({
                "id": format!("r{i}"), "office": format!("o{office}"), "languages": langs,
                "duration_minutes": duration, "priority": priority, "modalities": modalities,
            });
            if fixed {
                r["start"] = json!(format!("{date}T{hour:02}:00"));
            } else {
                r["earliest"] = json!(format!("{date}T08:00"));
                r["latest"] = json!(format!("2026-12-{:02}T18:00", 7 + (day + 2).min(4)));
            }
            if let Some(c) = case {
                r["case"] = json!(format!("case-{c}"));
            }
            if let Some(p) = preferred {
                r["preferred_mediator"] = json!(format!("m{p}"));
            }
            if previous {
                r["previous"] = json!({"mediator": format!("m{}", preferred.unwrap_or(0)), "start": format!("{date}T{hour:02}:15")});
            }
            if skill {
                r["skills"] = json!(["health"]);
                r["mediator_gender"] = json!("f");
            }
            r
        })
}

fn problem() -> impl Strategy<Value = Value> {
    (1usize..=3, 1usize..=3, 1usize..=4, 1usize..=8).prop_flat_map(|(towns, offices, mediators, requests)| {
        let municipalities: Vec<Value> = (0..towns)
            .map(|t| json!({"id": format!("t{t}"), "location": {"lat": 45.30 + 0.02 * t as f64, "lon": 9.10 + 0.03 * t as f64}}))
            .collect();
        (
            Just(municipalities),
            prop::collection::vec((0..towns, prop::collection::vec(rule(), 1..=2), proptest::option::of(0u32..3)), offices),
            (0..mediators).map(|i| mediator(i, towns)).collect::<Vec<_>>(),
            (0..requests).map(|i| request(i, offices, mediators)).collect::<Vec<_>>(),
            proptest::option::of((0..offices, prop::sample::subsequence(LANGUAGES.to_vec(), 1..=3), 9u32..16)),
        )
            .prop_map(|(municipalities, offices, mediators, requests, workshop)| {
                let offices: Vec<Value> = offices
                    .into_iter()
                    .enumerate()
                    .map(|(o, (town, opening, capacity))| {
                        let mut office = json!({"id": format!("o{o}"), "municipality": format!("t{town}"), "opening": opening});
                        if let Some(c) = capacity {
                            office["capacity"] = json!(c + 1);
                        }
                        office
                    })
                    .collect();
                let mut doc = json!({
                    "format": "ponte-problem/1",
                    "network": {"timezone": "Europe/Rome", "slot_minutes": 15, "holidays": "IT"},
                    "horizon": {"start": "2026-12-07", "end": "2026-12-11"},
                    "municipalities": municipalities, "offices": offices,
                    "mediators": mediators, "requests": requests,
                });
                if let Some((office, langs, hour)) = workshop {
                    doc["workshops"] = json!([{"id": "w", "office": format!("o{office}"), "languages": langs,
                        "sessions": [{"id": "s1", "start": format!("2026-12-09T{hour:02}:00"), "duration_minutes": 120},
                                     {"id": "s2", "start": format!("2026-12-10T{hour:02}:00"), "duration_minutes": 120}]}]);
                }
                doc
            })
    })
}

#[test]
fn plans_of_random_small_problems_are_feasible_complete_and_costed_right() {
    let mut runner =
        TestRunner::new(Config { rng_seed: proptest::test_runner::RngSeed::Fixed(20261126), ..Config::default() });
    let strategy = problem();
    let dir = scratch_dir("solver-props");
    let mut pairs: Vec<(PathBuf, PathBuf)> = Vec::new();
    let (mut valid, mut assigned) = (0, 0);
    for case in 0..150 {
        let doc = strategy.new_tree(&mut runner).expect("a case").current();
        let text = serde_json::to_string_pretty(&doc).expect("json");
        // Random previous starts may be impossible or clash: those problems are invalid, not solved.
        let Ok(problem) = Problem::from_json_str(&text) else { continue };
        valid += 1;
        let outcome = solve(
            &problem,
            &SolveOptions { seed: case, max_iterations: Some(60), time_limit_ms: None, threads: None },
            &mut NoControl,
        );
        assigned += outcome.solution.assignments.len();
        let evaluation = ponte::evaluate::evaluate_doc(&problem, &outcome.solution);
        assert!(evaluation.ok(), "case {case}: {:?}\n{text}", evaluation.violations);
        let p = dir.join(format!("case-{case}.problem.json"));
        let s = dir.join(format!("case-{case}.solution.json"));
        std::fs::write(&p, &text).expect("write");
        std::fs::write(&s, serde_json::to_string_pretty(&outcome.solution).expect("json")).expect("write");
        pairs.push((p, s));
    }
    assert!(valid >= 100, "most random problems are valid ({valid} of 150)");
    assert!(assigned >= 200, "the random problems exercise assignments ({assigned} assigned)");
    let Some(tools) =
        shared_tools("plans_of_random_small_problems_are_feasible_complete_and_costed_right (checker part)")
    else {
        return;
    };
    for ((problem, _), report) in pairs.iter().zip(tools.check_many(&pairs)) {
        assert_eq!(report["ok"], Value::Bool(true), "{}: {report}", problem.display());
    }
}

/// The optional fields and free texts a problem may carry, added to a
/// random problem: names with any characters, services, levels, closed
/// dates, a travel section, weights, a locked request.
fn with_extras() -> impl Strategy<Value = Value> {
    (problem(), "\\PC{0,12}", prop::bool::ANY, prop::sample::select(vec![20.0, 27.5, 30.0]), 0u64..5000).prop_map(
        |(mut doc, text, locked, speed, weight)| {
            doc["network"]["name"] = json!(format!("Ambito {text}"));
            doc["network"]["closed"] = json!(["2026-12-24"]);
            let towns = doc["municipalities"].as_array().map_or(0, Vec::len);
            let minutes = if towns > 1 { json!({"t0": {"t1": 9}}) } else { json!({}) };
            doc["travel"] = json!({"speed_kmh": speed, "road_factor": 1.3, "intra_municipality_minutes": 5,
                "minutes": minutes});
            doc["weights"] = json!({"travel": weight, "unassigned": {"urgent": 20000 + weight}});
            for (i, m) in doc["mediators"].as_array_mut().unwrap().iter_mut().enumerate() {
                m["name"] = json!(format!("{text} {i} «è»"));
                m["max_minutes_per_week"] = json!(1200);
            }
            for (i, o) in doc["offices"].as_array_mut().unwrap().iter_mut().enumerate() {
                o["name"] = json!(format!("Sportello {i} {text}"));
                o["closed"] = json!(["2026-12-25"]);
            }
            for r in doc["requests"].as_array_mut().unwrap() {
                r["service"] = json!(format!("servizio {text}"));
                r["min_level"] = json!("fluent");
                if locked && r.get("previous").is_some() {
                    r["locked"] = json!(true);
                }
            }
            if let Some(w) = doc.get_mut("workshops").and_then(|w| w.as_array_mut()) {
                w[0]["title"] = json!(format!("Cucito creativo {text}"));
                w[0]["min_level"] = json!("working");
            }
            doc
        },
    )
}

/// The format's non-integer numbers: Ponte holds them as `f64`, so an
/// integer written there (`30`) comes back as the same number `30.0`.
const FLOAT_FIELDS: [&str; 4] = ["speed_kmh", "road_factor", "lat", "lon"];

/// Equal as JSON values; an integer may become the same float only in a
/// float field (`key` is the field holding the values).
fn same(saved: &Value, read: &Value, key: &str) -> bool {
    match (saved, read) {
        (Value::Number(x), Value::Number(y)) if FLOAT_FIELDS.contains(&key) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y, key)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((kx, vx), (ky, vy))| kx == ky && same(vx, vy, kx))
        }
        _ => saved == read,
    }
}

#[test]
fn valid_problems_lose_nothing_on_load_and_save() {
    let mut runner =
        TestRunner::new(Config { rng_seed: proptest::test_runner::RngSeed::Fixed(20261127), ..Config::default() });
    let strategy = with_extras();
    let mut valid = 0;
    for case in 0..200 {
        let doc = strategy.new_tree(&mut runner).expect("a case").current();
        let text = serde_json::to_string_pretty(&doc).expect("json");
        // Random previous starts may be impossible to keep when locked: skipped.
        let Ok(problem) = Problem::from_json_str(&text) else { continue };
        valid += 1;
        let saved = problem.to_json_string();
        let back: Value = serde_json::from_str(&saved).expect("saved text is JSON");
        assert!(same(&back, &doc, ""), "case {case}: saved\n{saved}\nread\n{text}");
        // Loading what was saved gives the same problem, and saving it again the same text.
        let again = Problem::from_json_str(&saved).unwrap_or_else(|e| panic!("case {case}: {:?}", e.errors()));
        assert_eq!(again.document(), problem.document(), "case {case}");
        assert_eq!(again.to_json_string(), saved, "case {case}");
    }
    assert!(valid >= 120, "most random problems are valid ({valid} of 200)");
}
