//! Plan evaluation, hard rules 1-8, reading and completeness, on small
//! hand-written problems (the independent checker's base test problem and
//! variations of it).

use ponte::evaluate::ViolationKind;
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

#[test]
fn accepts_the_base_solution_with_its_claimed_cost() {
    let evaluation = run(&base(), &base_solution());
    assert!(evaluation.ok(), "{:#?}", evaluation.violations);
    assert!(evaluation.feasible() && evaluation.complete() && evaluation.reasons_ok() && evaluation.cost_matches());
    assert_eq!(evaluation.cost.total, 20960);
    assert_eq!(evaluation.claimed_cost(), Some(evaluation.cost));
}

#[test]
fn can_report_a_language_the_request_does_not_list_or_the_mediator_does_not_serve() {
    let mut sol = base_solution();
    assignment(&mut sol, "r-001")["language"] = json!("fr");
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["LANGUAGE_NOT_REQUESTED"]);
    let v = &evaluation.violations[0];
    assert_eq!((v.rule, v.path.as_deref()), (Some(1), Some("assignments[0]")));
    assert_eq!((v.refs.request.as_deref(), v.refs.mediator.as_deref()), (Some("r-001"), Some("m-amina")));

    // Bilal serves ar-ma at working level, so "ar" (no subtag) at working, not fluent.
    let mut problem = base();
    request(&mut problem, "r-003")["min_level"] = json!("fluent");
    let evaluation = run(&problem, &base_solution());
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["LANGUAGE_NOT_SERVED"]);
    assert!(evaluation.violations[0].message.contains("serves 'ar' only at working, fluent or better is needed"));
}

#[test]
fn can_report_a_modality_not_requested_or_not_offered() {
    let mut sol = base_solution();
    assignment(&mut sol, "r-002")["modality"] = json!("video");
    assert_eq!(hard(&base(), &sol), ["MODALITY_NOT_REQUESTED"]);
    assignment(&mut sol, "r-002")["modality"] = json!("teleport");
    assert_eq!(hard(&base(), &sol), ["MODALITY_NOT_REQUESTED"]);
    let mut sol = base_solution();
    assignment(&mut sol, "r-004")["modality"] = json!("in_person");
    assert_eq!(hard(&base(), &sol), ["MODALITY_NOT_OFFERED"]);
}

#[test]
fn can_report_missing_skills_and_the_wrong_gender() {
    let mut problem = base();
    request(&mut problem, "r-002")["skills"] = json!(["legal", "school"]);
    request(&mut problem, "r-002")["mediator_gender"] = json!("f");
    let evaluation = run(&problem, &base_solution());
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["MISSING_SKILL", "GENDER_MISMATCH"]);
    assert!(evaluation.violations[0].message.ends_with("lacks skills school"));
    assert!(evaluation.violations[1].message.contains("mediator gender \"m\" is not the wanted 'f'"));
}

#[test]
fn can_report_engagements_outside_the_opening_the_window_and_the_availability() {
    let mut sol = base_solution();
    assignment(&mut sol, "r-001")["start"] = json!("2026-12-08T09:00");
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["OFFICE_CLOSED"]);
    assert!(evaluation.violations[0].message.ends_with("(2026-12-08 is a national holiday)"));

    assignment(&mut sol, "r-001")["start"] = json!("2026-12-07T12:00");
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["OFFICE_CLOSED"]);
    assert!(evaluation.violations[0].message.ends_with("(outside its opening hours)"));

    let mut sol = base_solution();
    assignment(&mut sol, "r-002")["start"] = json!("2026-12-07T17:00");
    assert_eq!(hard(&base(), &sol), ["OUTSIDE_WINDOW", "MEDIATOR_UNAVAILABLE"]);

    let mut sol = base_solution();
    assignment(&mut sol, "r-001")["start"] = json!("2026-12-09T09:00");
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["MEDIATOR_UNAVAILABLE"]);
    assert!(evaluation.violations[0].message.ends_with("(absent)"));
}

#[test]
fn can_report_a_moved_fixed_start_and_a_start_off_the_grid() {
    let mut sol = base_solution();
    assignment(&mut sol, "r-003")["start"] = json!("2026-12-07T11:15");
    assert_eq!(hard(&base(), &sol), ["WRONG_FIXED_START"]);
    let mut sol = base_solution();
    assignment(&mut sol, "r-002")["start"] = json!("2026-12-07T14:05");
    assert_eq!(hard(&base(), &sol), ["OFF_GRID"]);
}

#[test]
fn exempts_the_fixed_and_previous_starts_from_the_grid() {
    // r-003's fixed start 11:05 is off the grid and accepted in the base solution;
    // a previous start off the grid is accepted too.
    let mut problem = base();
    request(&mut problem, "r-004")["previous"]["start"] = json!("2026-12-09T10:05");
    let mut sol = base_solution();
    assignment(&mut sol, "r-004")["start"] = json!("2026-12-09T10:05");
    let evaluation = run(&problem, &sol);
    assert!(evaluation.feasible(), "{:#?}", evaluation.violations);
}

#[test]
fn can_report_an_engagement_outside_the_horizon() {
    let mut sol = base_solution();
    assignment(&mut sol, "r-002")["start"] = json!("2026-12-14T14:00");
    assert_eq!(hard(&base(), &sol), ["OUTSIDE_WINDOW", "OUTSIDE_HORIZON", "OFFICE_CLOSED", "MEDIATOR_UNAVAILABLE"]);
}

#[test]
fn can_report_overlapping_engagements() {
    let mut problem = base();
    request(&mut problem, "r-002")["earliest"] = json!("2026-12-07T09:00");
    let mut sol = base_solution();
    // Phone 11:00-12:30 over r-003 in person 11:05-11:35: remote engagements overlap too.
    assignment(&mut sol, "r-002")["start"] = json!("2026-12-07T11:00");
    let evaluation = run(&problem, &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["OVERLAP"]);
    let v = &evaluation.violations[0];
    assert_eq!((v.rule, v.refs.mediator.as_deref()), (Some(3), Some("m-bilal")));
    assert!(v.message.contains("request 'r-002' 2026-12-07T11:00-2026-12-07T12:30 overlaps request 'r-003'"));
    assignment(&mut sol, "r-002")["start"] = json!("2026-12-07T11:45");
    assert_eq!(hard(&problem, &sol), Vec::<&str>::new());
}

#[test]
fn can_report_an_overlap_with_a_workshop_session() {
    let mut problem = base();
    request(&mut problem, "r-006")["latest"] = json!("2026-12-10T18:00");
    request(&mut problem, "r-006")["locked"] = json!(false);
    let mut sol = base_solution();
    assignment(&mut sol, "r-006")["start"] = json!("2026-12-10T16:15");
    assert_eq!(hard(&problem, &sol), ["OVERLAP"]);
    assignment(&mut sol, "r-006")["start"] = json!("2026-12-10T16:30");
    assert_eq!(hard(&problem, &sol), Vec::<&str>::new());
}

#[test]
fn can_report_too_little_travel_time_between_in_person_engagements_only() {
    let mut problem = base();
    request(&mut problem, "r-002")["earliest"] = json!("2026-12-07T09:00");
    let mut sol = base_solution();
    assignment(&mut sol, "r-002")["modality"] = json!("in_person");
    // r-003 ends 11:35 in Rozzano; Milano needs 25 minutes (haversine).
    assignment(&mut sol, "r-002")["start"] = json!("2026-12-07T11:45");
    let evaluation = run(&problem, &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["TRAVEL_TIME"]);
    assert!(evaluation.violations[0].message.ends_with("leaves 10 minutes, travel needs 25"));
    assignment(&mut sol, "r-002")["start"] = json!("2026-12-07T12:00");
    assert_eq!(hard(&problem, &sol), Vec::<&str>::new());
    // By phone, the same start needs no travel.
    assignment(&mut sol, "r-002")["start"] = json!("2026-12-07T11:45");
    assignment(&mut sol, "r-002")["modality"] = json!("phone");
    assert_eq!(hard(&problem, &sol), Vec::<&str>::new());
}

#[test]
fn can_report_daily_and_weekly_limits() {
    // Bilal: Monday 30 + 90, Wednesday s1 120, Thursday s2 120 + r-006 30 = 150; week 390.
    let mut problem = base();
    problem["mediators"][1]["max_minutes_per_day"] = json!(150);
    assert_eq!(hard(&problem, &base_solution()), Vec::<&str>::new());
    problem["mediators"][1]["max_minutes_per_day"] = json!(149);
    let evaluation = run(&problem, &base_solution());
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["DAILY_LIMIT"]);
    assert!(evaluation.violations[0].message.contains("150 minutes in day 2026-12-10"));
    problem["mediators"][1]["max_minutes_per_day"] = json!(119);
    assert_eq!(hard(&problem, &base_solution()), ["DAILY_LIMIT"; 3]);
    problem["mediators"][1]["max_minutes_per_day"] = json!(240);
    problem["mediators"][1]["max_minutes_per_week"] = json!(389);
    let evaluation = run(&problem, &base_solution());
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["WEEKLY_LIMIT"]);
    assert!(evaluation.violations[0].message.contains("390 minutes in week 2026-W50"));
}

#[test]
fn can_report_an_office_over_capacity_counting_sessions_staffed_or_not() {
    // Opera's library hosts one engagement at a time; s1 runs Wednesday 14:30-16:30.
    let mut sol = base_solution();
    assignment(&mut sol, "r-004")["start"] = json!("2026-12-09T14:30");
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["CAPACITY_EXCEEDED"]);
    let v = &evaluation.violations[0];
    assert_eq!((v.rule, v.refs.office.as_deref()), (Some(6), Some("opera-biblioteca")));
    assert!(v.message.contains("hosts 2 engagements from 2026-12-09T14:30 to 2026-12-09T15:15"));
    // Unstaffed, the session still takes the room.
    staffing(&mut sol, "s1")["mediators"] = json!([]);
    staffing(&mut sol, "s1")["uncovered"] = json!(["ar", "ur", "es"]);
    assert_eq!(hard(&base(), &sol), ["CAPACITY_EXCEEDED"]);
}

#[test]
fn can_report_a_locked_request_not_kept() {
    let mut sol = base_solution();
    assignment(&mut sol, "r-006")["start"] = json!("2026-12-10T09:30");
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["LOCKED_NOT_KEPT"]);
    assert_eq!(evaluation.violations[0].path.as_deref(), Some("assignments[4]"));
    let mut sol = base_solution();
    sol["assignments"].as_array_mut().unwrap().pop();
    sol["unassigned"]
        .as_array_mut()
        .unwrap()
        .push(json!({"request": "r-006", "reasons": [{"code": "CONFLICT", "message": "left out"}]}));
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Hard), ["LOCKED_NOT_KEPT"]);
    assert_eq!(evaluation.violations[0].path, None);
}

#[test]
fn can_report_workshop_mediators_who_are_remote_absent_or_do_not_serve() {
    let mut sol = base_solution();
    let s1 = staffing(&mut sol, "s1");
    s1["mediators"] = json!([
        {"mediator": "m-bilal", "languages": ["ur", "fr"]},
        {"mediator": "m-chen", "languages": ["es"]},
        {"mediator": "m-amina", "languages": ["ar"]}
    ]);
    s1["uncovered"] = json!([]);
    let evaluation = run(&base(), &sol);
    assert_eq!(
        codes(&evaluation, ViolationKind::Hard),
        ["SESSION_LANGUAGE_NOT_IN_WORKSHOP", "SESSION_NOT_IN_PERSON", "SESSION_UNAVAILABLE"]
    );
    assert_eq!(evaluation.violations[1].path.as_deref(), Some("sessions[0].mediators[1]"));
    assert!(evaluation.violations[2].message.ends_with("(absent)"));
    // Bilal does not serve Spanish.
    let mut sol = base_solution();
    staffing(&mut sol, "s2")["mediators"][1]["languages"] = json!(["ur", "es"]);
    staffing(&mut sol, "s2")["uncovered"] = json!([]);
    assert_eq!(hard(&base(), &sol), ["SESSION_LANGUAGE_NOT_SERVED"]);
}

#[test]
fn can_report_a_wrong_uncovered_list() {
    let mut sol = base_solution();
    staffing(&mut sol, "s1")["uncovered"] = json!(["es", "ar"]);
    let evaluation = run(&base(), &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Completeness), ["WRONG_UNCOVERED"]);
    assert_eq!(evaluation.violations[0].path.as_deref(), Some("sessions[0].uncovered"));
    assert!(evaluation.feasible() && !evaluation.complete());
}

#[test]
fn can_report_missing_and_repeated_requests_and_sessions() {
    let mut sol = base_solution();
    sol["unassigned"] = json!([{"request": "r-002", "reasons": [{"code": "CONFLICT", "message": "x"}]}]);
    let s1 = sol["sessions"][0].clone();
    sol["sessions"] = json!([s1, s1]);
    let evaluation = run(&base(), &sol);
    assert_eq!(
        codes(&evaluation, ViolationKind::Completeness),
        ["DUPLICATE_REQUEST", "MISSING_REQUEST", "DUPLICATE_SESSION", "MISSING_SESSION"]
    );
    let paths: Vec<Option<&str>> = evaluation.violations.iter().map(|v| v.path.as_deref()).collect();
    assert_eq!(paths[..4], [Some("unassigned[0]"), None, Some("sessions[1]"), None]);
    assert!(evaluation.violations[0].message.contains("appears 2 times: assignments[1], unassigned[0]"));
    assert!(evaluation.feasible(), "repeats are completeness findings: {:#?}", evaluation.violations);
}

#[test]
fn can_report_a_listed_session_outside_the_horizon_and_leave_it_out_of_the_plan() {
    let mut problem = base();
    problem["workshops"][0]["sessions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "s3", "start": "2026-12-13T23:00", "duration_minutes": 120}));
    assert!(run(&problem, &base_solution()).ok(), "an ignored session need not be listed");
    let mut sol = base_solution();
    sol["sessions"].as_array_mut().unwrap().push(
        json!({"workshop": "cucito-opera", "session": "s3", "mediators": [{"mediator": "m-chen", "languages": []}], "uncovered": []}),
    );
    let evaluation = run(&problem, &sol);
    assert_eq!(codes(&evaluation, ViolationKind::Completeness), ["SESSION_OUTSIDE_HORIZON"]);
    assert_eq!(evaluation.violations.len(), 1, "Chen at s3 is not engaged: {:#?}", evaluation.violations);
    assert_eq!(evaluation.cost.total, 20960);
}

#[test]
fn can_report_malformed_entries_and_leave_them_out_of_the_plan() {
    let mut sol = base_solution();
    assignment(&mut sol, "r-002")["start"] = json!(900);
    sol["assignments"].as_array_mut().unwrap().push(json!({"request": "r-404", "mediator": "m-chen", "start": "2026-12-07T25:00", "language": "zh", "modalty": "video"}));
    sol["unassigned"][0]["reasons"][0]["code"] = json!("BUSY");
    let evaluation = run(&base(), &sol);
    let format: Vec<(&str, Option<&str>)> =
        evaluation.of_kind(ViolationKind::Format).map(|v| (v.code, v.path.as_deref())).collect();
    assert_eq!(
        format,
        [
            ("WRONG_TYPE", Some("assignments[1].start")),
            ("UNKNOWN_FIELD", Some("assignments[5].modalty")),
            ("MISSING_FIELD", Some("assignments[5].modality")),
            ("UNKNOWN_REFERENCE", Some("assignments[5].request")),
            ("BAD_DATETIME", Some("assignments[5].start")),
            ("BAD_REASON_CODE", Some("unassigned[0].reasons[0].code")),
        ]
    );
    let unknown = evaluation.violations.iter().find(|v| v.code == "UNKNOWN_FIELD").unwrap();
    assert!(unknown.message.ends_with("(did you mean 'modality'?)"));
    assert!(!evaluation.feasible());
    // r-002 is mentioned (no MISSING_REQUEST) but not in the plan: it costs as unassigned (normal, 5000).
    assert!(codes(&evaluation, ViolationKind::Completeness).is_empty());
    assert_eq!(evaluation.cost.unassigned, 20000);
    assert_eq!(evaluation.cost.preferred_mediator, 0);
}

#[test]
fn can_report_a_malformed_document() {
    let problem = base();
    let evaluation = run_text(&problem, "[]");
    assert_eq!(codes(&evaluation, ViolationKind::Format), ["WRONG_TYPE"]);
    assert_eq!(evaluation.violations[0].path.as_deref(), Some("$"));
    let evaluation = run_text(&problem, r#"{"format": "ponte-solution/2", "assignments": {}, "extra": 1}"#);
    assert_eq!(
        codes(&evaluation, ViolationKind::Format),
        ["UNKNOWN_FIELD", "MISSING_FIELD", "MISSING_FIELD", "MISSING_FIELD", "UNSUPPORTED_FORMAT", "WRONG_TYPE"]
    );
    // Everything unassigned and every session missing: all requests missing too.
    assert_eq!(codes(&evaluation, ViolationKind::Completeness).len(), 6 + 2);
}

#[test]
fn can_catch_repeated_keys() {
    let text =
        base_solution().to_string().replacen("\"request\":\"r-001\"", "\"request\":\"r-001\",\"request\":\"r-001\"", 1);
    let evaluation = run_text(&base(), &text);
    let v = &evaluation.violations[0];
    assert_eq!((v.code, v.path.as_deref()), ("DUPLICATE_KEY", Some("assignments[0].request")));
    assert_eq!(codes(&evaluation, ViolationKind::Format), ["DUPLICATE_KEY"]);
    // r-001 (urgent) leaves the plan: it costs as unassigned, and the claimed cost no longer matches.
    assert!(codes(&evaluation, ViolationKind::Hard).is_empty());
    assert_eq!(evaluation.cost.unassigned, 115000);
    assert!(!evaluation.feasible() && !evaluation.cost_matches());
}

#[test]
fn can_report_a_start_in_the_spring_gap() {
    let mut problem = base();
    problem["horizon"] = json!({"start": "2026-03-23", "end": "2026-03-29"});
    problem["requests"] = json!([]);
    problem["workshops"] = json!([]);
    let sol = json!({"format": "ponte-solution/1", "assignments": [], "sessions": [], "unassigned": [],
                     "cost": {"total": 0, "unassigned": 0, "travel": 0, "language_rank": 0, "modality_rank": 0,
                              "continuity": 0, "preferred_mediator": 0, "delay": 0, "change": 0}});
    assert!(run(&problem, &sol).ok());
    let mut bad = sol.clone();
    bad["assignments"] = json!([{"request": "x", "mediator": "m-amina", "start": "2026-03-29T02:30", "language": "ar", "modality": "phone"}]);
    let evaluation = run(&problem, &bad);
    let found: Vec<(&str, Option<&str>)> = evaluation.violations.iter().map(|v| (v.code, v.path.as_deref())).collect();
    assert_eq!(
        found,
        [("UNKNOWN_REFERENCE", Some("assignments[0].request")), ("DST_GAP", Some("assignments[0].start"))]
    );
}

#[test]
fn lists_the_hard_rules_in_order() {
    let numbers: Vec<u8> = ponte::evaluate::HARD_RULES.iter().map(|r| r.number()).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert!(ponte::evaluate::HARD_RULES.iter().all(|r| !r.name().is_empty()));
}
