//! Size limits: each one holds exactly at the document's own size, one
//! below gives `TOO_LARGE` at the right path and nothing else; absurd but
//! valid documents (a ten-year horizon, the year 9999) are solved in
//! bounded time.

mod common;

use common::base;
use ponte::evaluate::{evaluate, ViolationKind};
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::validate::{Limits, TOO_LARGE};
use ponte::Problem;
use serde_json::{json, Value};

fn outcome(text: &str, limits: &Limits) -> Result<(), Vec<(String, String)>> {
    Problem::from_json_str_with_limits(text, limits)
        .map(|_| ())
        .map_err(|e| e.errors().into_iter().map(|e| (e.code, e.path)).collect())
}

fn too_large_at(path: &str) -> Result<(), Vec<(String, String)>> {
    Err(vec![(TOO_LARGE.to_string(), path.to_string())])
}

/// The base problem with more of everything, so every limit has something to count.
fn document() -> Value {
    let mut doc = base();
    doc["mediators"][0]["name"] = json!("Amina El Idrissi, mediatrice di lingua araba e francese");
    doc
}

#[test]
fn each_entity_limit_holds_at_the_documents_size_and_not_below() {
    let doc = document();
    let text = doc.to_string();
    for (name, list) in [
        ("max_municipalities", "municipalities"),
        ("max_offices", "offices"),
        ("max_mediators", "mediators"),
        ("max_requests", "requests"),
        ("max_workshops", "workshops"),
    ] {
        let count = doc[list].as_array().unwrap().len();
        assert!(count > 0, "{list}");
        let mut limits = Limits::default();
        limits.set(name, count).unwrap();
        assert_eq!(outcome(&text, &limits), Ok(()), "{name} = {count}");
        limits.set(name, count - 1).unwrap();
        assert_eq!(outcome(&text, &limits), too_large_at(list), "{name} = {count} - 1");
    }
}

#[test]
fn input_bytes_depth_strings_and_horizon_hold_exactly() {
    let doc = document();
    let text = doc.to_string();

    let bytes = Limits { max_input_bytes: text.len(), ..Limits::default() };
    assert_eq!(outcome(&text, &bytes), Ok(()));
    let bytes = Limits { max_input_bytes: text.len() - 1, ..Limits::default() };
    assert_eq!(outcome(&text, &bytes), too_large_at("$"));

    // The document itself is depth 1; a problem needs 6 (mediators, a
    // mediator, its availability, a rule, the rule's days) and the limit
    // holds exactly there.
    let depth = |max_depth| outcome(&text, &Limits { max_depth, ..Limits::default() });
    assert_eq!(depth(6), Ok(()));
    let shallow = depth(5).unwrap_err();
    assert!(!shallow.is_empty() && shallow.iter().all(|(code, _)| code == TOO_LARGE), "{shallow:?}");

    let name = doc["mediators"][0]["name"].as_str().unwrap().chars().count();
    let longest = |max_string_chars| outcome(&text, &Limits { max_string_chars, ..Limits::default() });
    assert_eq!(longest(name), Ok(()));
    assert_eq!(longest(name - 1), too_large_at("mediators[0].name"));

    let horizon = |max_horizon_days| outcome(&text, &Limits { max_horizon_days, ..Limits::default() });
    assert_eq!(horizon(7), Ok(()));
    assert_eq!(horizon(6), too_large_at("horizon"));
}

#[test]
fn list_items_limit_holds_at_the_widest_nested_list() {
    let mut doc = document();
    let absences: Vec<Value> =
        (0..40).map(|i| json!({"from": format!("2026-12-07T{:02}:00", i % 20), "to": "2026-12-07T21:00"})).collect();
    doc["mediators"][1]["absences"] = json!(absences);
    let text = doc.to_string();
    let items = |max_list_items| outcome(&text, &Limits { max_list_items, ..Limits::default() });
    // 40 absences is the widest list or object of the document (the
    // entity lists have limits of their own).
    assert_eq!(items(40), Ok(()));
    assert_eq!(items(39), too_large_at("mediators[1].absences"));
}

#[test]
fn ten_years_and_the_year_9999_are_solved_in_bounded_time() {
    for (start, end) in [("2026-01-01", "2035-12-31"), ("9999-12-25", "9999-12-31")] {
        let mut doc = base();
        doc["horizon"] = json!({"start": start, "end": end});
        doc["requests"][5]["locked"] = json!(false); // its previous start lies in 2026
        let problem = Problem::from_json_str(&doc.to_string()).unwrap();
        let options = SolveOptions { seed: 1, max_iterations: Some(200), time_limit_ms: None, threads: None };
        let started = std::time::Instant::now();
        let outcome = solve(&problem, &options, &mut NoControl);
        let solution = serde_json::to_string(&outcome.solution).unwrap();
        let evaluation = evaluate(&problem, &ponte::json::parse(&solution).unwrap());
        assert_eq!(evaluation.of_kind(ViolationKind::Hard).count(), 0, "{start}..{end}");
        // A generous bound: an endless loop, not slowness, is what this catches.
        assert!(started.elapsed().as_secs() < 60, "{start}..{end} took {:?}", started.elapsed());
    }
}
