//! Plan evaluation: the recomputed cost, claimed-cost mismatches, reason
//! codes and serialization, on small hand-written problems (the independent
//! checker's base test problem and variations of it).

use ponte::evaluate::{evaluate, evaluate_doc, reason_code, Evaluation, Reasons, ViolationKind};
use ponte::format::{CostDoc, SolutionDoc};
use ponte::model::ReasonCode;
use ponte::Problem;
use serde_json::{json, Value};

mod common;
use common::*;

fn request<'a>(problem: &'a mut Value, id: &str) -> &'a mut Value {
    find(&mut problem["requests"], "id", id)
}

fn assignment<'a>(solution: &'a mut Value, request: &str) -> &'a mut Value {
    find(&mut solution["assignments"], "request", request)
}

fn staffing<'a>(solution: &'a mut Value, session: &str) -> &'a mut Value {
    find(&mut solution["sessions"], "session", session)
}

fn minute(problem: &Problem, text: &str) -> i64 {
    let (day, clock) = ponte::time::parse_datetime(text).unwrap();
    problem.clock().local_minute(day, clock).unwrap()
}

fn verdict(problem: &Value, request: &str) -> (ReasonCode, Option<(String, String)>) {
    let p = load(problem);
    let v = reason_code(&p, p.request_index(request).unwrap());
    let witness = v.witness.map(|(m, s)| (p.mediators()[m].id.clone(), p.clock().format(s)));
    (v.code, witness)
}

#[test]
fn can_recompute_the_base_cost_term_by_term() {
    // unassigned: r-005 (normal) and Spanish at s1 and s2 (normal); travel: Amina 10 + 28,
    // Bilal 50 + 52 + 52 minutes; language: r-001 in its second language; modality: r-004 by
    // video, its second; continuity: case-17 and the workshop use two mediators each;
    // preferred: r-002 not with Amina; delay: r-004 and r-006 one started hour each;
    // change: r-004 moved from 09:00.
    let evaluation = run(&base(), &base_solution());
    let expected = CostDoc {
        total: 20960,
        unassigned: 15000,
        travel: 1920,
        language_rank: 200,
        modality_rank: 300,
        continuity: 1000,
        preferred_mediator: 500,
        delay: 40,
        change: 2000,
        fairness: None,
        series: None,
    };
    assert_eq!(evaluation.cost, expected);
}

#[test]
fn can_count_travel_per_mediator_and_day_for_in_person_engagements_only() {
    let mut sol = base_solution();
    assignment(&mut sol, "r-001")["modality"] = json!("video");
    let evaluation = run(&base(), &sol);
    assert_eq!((evaluation.cost.travel, evaluation.cost.modality_rank), (1820, 600));

    // r-003 to Amina: Bilal stays home on Monday, case-17 keeps one mediator.
    let mut sol = base_solution();
    assignment(&mut sol, "r-003")["mediator"] = json!("m-amina");
    let evaluation = run(&base(), &sol);
    assert!(evaluation.feasible(), "{:#?}", evaluation.violations);
    assert_eq!((evaluation.cost.travel, evaluation.cost.continuity), (1420, 500));
}

#[test]
fn can_count_delay_in_whole_hours_after_earliest_and_change_against_previous() {
    let mut sol = base_solution();
    for (start, delay, change) in [("09:00", 20, 0), ("09:45", 20, 2000), ("10:00", 40, 2000), ("11:00", 60, 2000)] {
        assignment(&mut sol, "r-004")["start"] = json!(format!("2026-12-09T{start}"));
        let evaluation = run(&base(), &sol);
        assert_eq!((evaluation.cost.delay, evaluation.cost.change), (delay, change), "r-004 at {start}");
    }
}

#[test]
fn can_count_a_missing_session_as_wholly_uncovered() {
    let mut sol = base_solution();
    sol["sessions"].as_array_mut().unwrap().remove(1);
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Completeness), ["MISSING_SESSION"]);
    assert_eq!((evaluation.cost.unassigned, evaluation.cost.continuity, evaluation.cost.travel), (25000, 500, 1120));
}

#[test]
fn can_report_each_claimed_term_that_differs() {
    let mut sol = base_solution();
    sol["cost"]["travel"] = json!(0);
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Cost), ["COST_MISMATCH"]);
    let v = &evaluation.violations[0];
    assert_eq!(v.path.as_deref(), Some("cost.travel"));
    assert_eq!(v.message, "cost.travel: claimed 0, recomputed 1920");
    assert!(evaluation.feasible() && !evaluation.ok());
    assert_eq!(evaluation.claimed.travel, Some(0));

    sol["cost"]["delay"] = json!(40.0);
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Format), ["WRONG_TYPE"]);
    assert_eq!(evaluation.claimed.delay, None);
    assert_eq!(evaluation.claimed_cost(), None);
}

#[test]
fn can_report_undefined_travel_and_count_it_as_zero() {
    // Chen offers no in-person work, so his home needs no location; at a session he travels from it.
    let mut problem = base();
    problem["municipalities"].as_array_mut().unwrap().push(json!({"id": "altrove"}));
    problem["mediators"][2]["home"] = json!("altrove");
    let mut sol = base_solution();
    staffing(&mut sol, "s1")["mediators"] =
        json!([{"mediator": "m-bilal", "languages": ["ur", "ar"]}, {"mediator": "m-chen", "languages": ["es"]}]);
    staffing(&mut sol, "s1")["uncovered"] = json!([]);
    let evaluation = run(&problem, &sol);
    assert_eq!(
        codes(&evaluation, ViolationKind::Hard),
        ["SESSION_NOT_IN_PERSON", "TRAVEL_UNDEFINED", "TRAVEL_UNDEFINED"]
    );
    let v = &evaluation.violations[1];
    assert_eq!((v.rule, v.refs.mediator.as_deref()), (Some(4), Some("m-chen")));
    assert!(v.message.starts_with("mediator 'm-chen' on 2026-12-09: no travel.minutes entry and no locations"));
    assert!(v.message.ends_with("(counted as 0)"));
    assert_eq!(evaluation.cost.travel, 1920);
}

#[test]
fn can_give_no_language_when_nobody_serves_the_request() {
    let (code, witness) = verdict(&base(), "r-005");
    assert_eq!((code, witness), (ReasonCode::NoLanguage, None));
    let p = load(&base());
    let v = reason_code(&p, p.request_index("r-005").unwrap());
    assert_eq!(v.explanation, "no mediator serves ti at working or better");
}

#[test]
fn can_give_no_skill_when_no_speaker_is_suitable() {
    let mut problem = base();
    request(&mut problem, "r-002")["skills"] = json!(["legal", "health"]);
    assert_eq!(verdict(&problem, "r-002").0, ReasonCode::NoSkill);
}

#[test]
fn can_give_no_time_when_no_suitable_mediator_has_a_possible_start() {
    // Saturday 12 December is closed network-wide.
    let mut problem = base();
    request(&mut problem, "r-002")["earliest"] = json!("2026-12-12T09:00");
    request(&mut problem, "r-002")["latest"] = json!("2026-12-12T12:00");
    assert_eq!(verdict(&problem, "r-002"), (ReasonCode::NoTime, None));
    // A duration over the mediator's daily maximum has no possible start either.
    let mut problem = base();
    request(&mut problem, "r-002")["duration_minutes"] = json!(241);
    request(&mut problem, "r-002")["latest"] = json!("2026-12-07T20:00");
    request(&mut problem, "r-002")["earliest"] = json!("2026-12-07T08:00");
    assert_eq!(verdict(&problem, "r-002").0, ReasonCode::NoTime);
}

#[test]
fn can_give_capacity_when_sessions_fill_the_office_at_every_possible_start() {
    let mut problem = base();
    let r5 = request(&mut problem, "r-005");
    r5["languages"] = json!(["es"]);
    r5["modalities"] = json!(["video"]);
    r5["earliest"] = json!("2026-12-10T14:30");
    r5["latest"] = json!("2026-12-10T16:30");
    let witness = Some(("m-chen".to_string(), "2026-12-10T14:30".to_string()));
    assert_eq!(verdict(&problem, "r-005"), (ReasonCode::Capacity, witness));
}

#[test]
fn can_give_conflict_with_a_witness_where_the_office_has_room() {
    let mut problem = base();
    let r5 = request(&mut problem, "r-005");
    r5["languages"] = json!(["es"]);
    r5["modalities"] = json!(["video"]);
    let witness = Some(("m-chen".to_string(), "2026-12-10T09:00".to_string()));
    assert_eq!(verdict(&problem, "r-005"), (ReasonCode::Conflict, witness));
    // The solution still says NO_LANGUAGE.
    let evaluation = run(&problem, &base_solution());
    assert_eq!(codes(&evaluation, ViolationKind::Reason), ["WRONG_REASON"]);
    let v = &evaluation.violations[0];
    assert_eq!(v.path.as_deref(), Some("unassigned[0].reasons"));
    assert!(v.message.starts_with("request 'r-005' is reported NO_LANGUAGE, but mediator 'm-chen' is suitable"));
    assert!(v.message.ends_with("(expected CONFLICT)"));
    // An unlimited office: the first possible start of the first suitable mediator.
    let witness = Some(("m-bilal".to_string(), "2026-12-07T14:00".to_string()));
    assert_eq!(verdict(&base(), "r-002"), (ReasonCode::Conflict, witness));
}

#[test]
fn can_leave_a_locked_request_out_of_its_own_fixed_load() {
    let mut problem = base();
    request(&mut problem, "r-004")["locked"] = json!(true);
    let p = load(&problem);
    let r4 = p.request_index("r-004").unwrap();
    let v = reason_code(&p, r4);
    assert_eq!((v.code, v.witness), (ReasonCode::Conflict, Some((2, minute(&p, "2026-12-09T09:00")))));
    // The same through a kept Reasons, which caches each office's room.
    let reasons = Reasons::new(&p);
    for r in 0..p.requests().len() {
        assert_eq!(reasons.code(r), reason_code(&p, r));
    }
}

#[test]
fn can_check_every_listed_reason_once_per_request() {
    let mut sol = base_solution();
    sol["unassigned"][0]["reasons"] = json!([
        {"code": "NO_LANGUAGE", "message": "nobody"},
        {"code": "NO_TIME", "message": "never", "blocking": ["r-001", "cucito-opera/s1", "s2"]},
        {"code": "NO_TIME", "message": "again"}
    ]);
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Reason), ["WRONG_REASON"]);
    assert!(evaluation.feasible());
    sol["unassigned"][0]["reasons"][1]["blocking"] = json!(["r-999", "s1"]);
    let evaluation = run(&base(), &sol);
    let found: Vec<(&str, Option<&str>)> =
        evaluation.of_kind(ViolationKind::Format).map(|v| (v.code, v.path.as_deref())).collect();
    assert_eq!(found, [("UNKNOWN_REFERENCE", Some("unassigned[0].reasons[1].blocking[0]"))]);
    // A repeated id makes the list malformed; its ids are then not looked up.
    sol["unassigned"][0]["reasons"][1]["blocking"] = json!(["r-999", "s1", "s1"]);
    let evaluation = run(&base(), &sol);
    let found: Vec<(&str, Option<&str>)> =
        evaluation.of_kind(ViolationKind::Format).map(|v| (v.code, v.path.as_deref())).collect();
    assert_eq!(found, [("DUPLICATE_VALUE", Some("unassigned[0].reasons[1].blocking[2]"))]);
}

#[test]
fn can_evaluate_a_typed_solution_document_alike() {
    let problem = load(&base());
    let doc: SolutionDoc = serde_json::from_str(BASE_SOLUTION).unwrap();
    let typed = evaluate_doc(&problem, &doc);
    let parsed = evaluate(&problem, &ponte::json::parse(BASE_SOLUTION).unwrap());
    assert_eq!(typed, parsed);
    assert!(typed.ok());
}

#[test]
fn can_serialize_an_evaluation_like_the_checker_report() {
    let mut sol = base_solution();
    sol["cost"]["travel"] = json!(0);
    let evaluation = run(&base(), &sol);
    let value = serde_json::to_value(&evaluation).unwrap();
    assert_eq!(value["ok"], json!(false));
    assert_eq!(value["feasible"], json!(true));
    assert_eq!(value["cost_matches"], json!(false));
    assert_eq!(
        value["violations"][0],
        json!({"code": "COST_MISMATCH", "kind": "cost", "message": "cost.travel: claimed 0, recomputed 1920", "path": "cost.travel"})
    );
    assert_eq!(value["cost"]["recomputed"]["total"], json!(20960));
    assert_eq!(value["cost"]["claimed"]["travel"], json!(0));
}

#[test]
fn can_tell_a_request_reported_twice_without_double_counting() {
    let mut sol = base_solution();
    let copy = sol["assignments"][1].clone();
    sol["assignments"].as_array_mut().unwrap().push(copy);
    let evaluation: Evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Completeness), ["DUPLICATE_REQUEST"]);
    assert!(evaluation.feasible(), "the first assignment is the one checked: {:#?}", evaluation.violations);
    assert_eq!(evaluation.cost.total, 20960);
}
