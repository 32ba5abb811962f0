//! Property test of the solver over random small problems: whatever the
//! network, hours, languages, limits, capacities, cases, previous
//! assignments and workshops, the plan is feasible, complete, gives the
//! right reasons and claims its true cost, by Ponte's own evaluation and by
//! the independent checker `ponte-check` (all cases in one checker run).

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
            &SolveOptions { seed: case, max_iterations: Some(60), time_limit_ms: None },
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
