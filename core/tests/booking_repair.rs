//! Free slots with a repair: every proposed option can be booked as the
//! documentation says (its moves one at a time with `book`, given only the
//! mediator and the start), after which its slot is free and costs what the
//! option said. Regression of a case found by the `booking_ops` fuzz target.

use ponte::booking::{book, free_slots, free_slots_with_repair, BookingChoice, SlotQuery};
use ponte::evaluate::evaluate_doc;
use ponte::format::SolutionDoc;
use ponte::Problem;
use serde_json::json;

/// One mediator available 13:50-16:50, two offices 13 minutes apart in
/// one town; `plan` gives the mediator's appointments (request, office,
/// duration, start). Returns the problem and the plan, its cost computed.
fn case(appointments: &[(&str, &str, i64, &str)]) -> (Problem, SolutionDoc) {
    let requests: Vec<_> = appointments
        .iter()
        .map(|(id, office, duration, _)| {
            json!({"id": id, "office": office, "languages": ["ar-ma", "zh"], "duration_minutes": duration,
                   "earliest": "2026-12-07T07:45", "latest": "2026-12-07T17:15"})
        })
        .collect();
    let problem = json!({
        "format": "ponte-problem/1",
        "network": {"timezone": "UTC", "slot_minutes": 15, "holidays": "none"},
        "horizon": {"start": "2026-12-07", "end": "2026-12-07"},
        "municipalities": [{"id": "t0", "location": {"lat": 45.3, "lon": 9.1}}],
        "travel": {"intra_municipality_minutes": 13},
        "offices": [
            {"id": "o0", "municipality": "t0", "opening": [{"date": "2026-12-07", "from": "10:00", "to": "20:00"}]},
            {"id": "o1", "municipality": "t0", "opening": [{"days": ["mon"], "from": "06:10", "to": "16:10"}]}
        ],
        "mediators": [{"id": "m3", "home": "t0", "languages": [{"code": "ar-ma", "level": "fluent"}],
                       "availability": [{"days": ["mon"], "from": "13:50", "to": "16:50"}]}],
        "requests": requests
    });
    let problem = Problem::from_json_str(&problem.to_string()).expect("valid");
    let assignments: Vec<_> = appointments
        .iter()
        .map(|(id, _, _, start)| {
            json!({"request": id, "mediator": "m3", "start": start, "language": "ar-ma", "modality": "in_person"})
        })
        .collect();
    let plan = json!({
        "format": "ponte-solution/1", "assignments": assignments, "sessions": [], "unassigned": [],
        "cost": {"total": 0, "unassigned": 0, "travel": 0, "language_rank": 0, "modality_rank": 0,
                 "continuity": 0, "preferred_mediator": 0, "delay": 0, "change": 0}
    });
    let mut plan: SolutionDoc = serde_json::from_value(plan).expect("a solution document");
    plan.cost = evaluate_doc(&problem, &plan).cost;
    assert!(evaluate_doc(&problem, &plan).ok(), "the test plan is right");
    (problem, plan)
}

/// A new request at `o0` for `minutes`, any time that day.
fn query(minutes: i64) -> SlotQuery {
    SlotQuery {
        office: "o0".into(),
        languages: vec!["ar-ma".into()],
        min_level: None,
        duration_minutes: minutes,
        earliest: "2026-12-07T07:45".into(),
        latest: "2026-12-07T17:15".into(),
        modalities: None,
        skills: vec![],
        mediator_gender: None,
        case: None,
        preferred_mediator: None,
        limit: Some(20),
    }
}

/// Books every repair option's moves one at a time (mediator and start
/// only), checks each plan, then that the slot is free and costs what the
/// option said. Returns the number of options.
fn book_every_option(problem: &Problem, plan: &SolutionDoc, query: &SlotQuery) -> usize {
    assert!(free_slots(problem, plan, query).expect("valid").is_empty(), "no slot without a repair");
    let repairs = free_slots_with_repair(problem, plan, query).expect("valid");
    for repair in &repairs {
        assert!(!repair.moves.is_empty(), "{repair:?}");
        let mut current = plan.clone();
        for m in &repair.moves {
            let choice = BookingChoice {
                mediator: m.to_mediator.clone(),
                start: m.to_start.clone(),
                language: None,
                modality: None,
            };
            let booked = book(problem, &current, &m.request, &choice)
                .unwrap_or_else(|e| panic!("move {m:?} of {repair:?} cannot be booked: {e}"));
            assert!(evaluate_doc(problem, &booked.solution).ok(), "after move {m:?}");
            current = booked.solution;
        }
        let all = SlotQuery { limit: Some(1000), ..query.clone() };
        let o = &repair.option;
        let now = free_slots(problem, &current, &all).expect("valid");
        let same = now
            .iter()
            .find(|x| x.mediator == o.mediator && x.start == o.start && x.modality == o.modality)
            .unwrap_or_else(|| panic!("after the moves of {repair:?} its slot is not free"));
        assert_eq!(current.cost.total - plan.cost.total + same.cost_increase, o.cost_increase, "{repair:?}");
    }
    repairs.len()
}

#[test]
fn a_repair_moving_one_appointment_can_be_booked() {
    // r1 at 14:45-15:45 leaves 55 and 65 free minutes: a 90-minute request fits once r1 moves.
    let (problem, plan) = case(&[("r1", "o0", 60, "2026-12-07T14:45")]);
    assert!(book_every_option(&problem, &plan, &query(90)) > 0, "a repair is proposed");
}

#[test]
fn a_repair_whose_moves_cannot_be_booked_one_by_one_is_not_proposed() {
    // r1 at o0 14:00-15:00 and r2 at o1 15:15-15:45: a one-hour request at o0
    // has no slot (the hour after r2 is too short with the 13 minutes back).
    // Before the fix the one option was the new request at 14:45 with r1
    // moving to 15:45 and r2 to 14:00: right as a whole, but each move
    // collides with the other appointment's old place, so neither could be
    // booked first. (Found by the booking_ops fuzz target.)
    let (problem, plan) = case(&[("r1", "o0", 60, "2026-12-07T14:00"), ("r2", "o1", 30, "2026-12-07T15:15")]);
    assert_eq!(book_every_option(&problem, &plan, &query(60)), 0, "the swap is not proposed");
}
