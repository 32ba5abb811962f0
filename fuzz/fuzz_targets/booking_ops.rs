//! A small valid problem and its solved plan, then a sequence of booking
//! operations decoded from the input: free-slot search (on the problem and
//! on its public snapshot), booking an offered slot, booking an arbitrary
//! one, cancelling, locking, free slots with a repair and booking its
//! moves, explaining, an absence or an office closure followed by a
//! replan, a plain replan, and operations on a damaged copy of the plan.
//! Every plan an operation returns passes Ponte's own evaluation, cost
//! deltas are the change of the total cost, locked requests never move,
//! and refusals are typed errors.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use ponte::booking::{
    book, cancel, explain, free_slots, free_slots_in_snapshot, free_slots_with_repair, lock, pseudonym, replan,
    snapshot, BookingChoice, SlotQuery,
};
use ponte::format::{AbsenceDoc, SolutionDoc};
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::{PonteError, Problem};
use ponte_fuzz::{assert_plan_ok, assert_typed, maybe, problem_of};

const STEPS: usize = 10;

/// A query for request `r` of the problem (as a new booking of it would
/// ask), its window widened or shifted by the input.
fn query_for(u: &mut Unstructured, problem: &Problem, r: usize) -> SlotQuery {
    let doc = problem.document();
    let req = &doc.requests[r];
    let horizon = (format!("{}T00:00", doc.horizon.start), format!("{}T23:59", doc.horizon.end));
    let (earliest, latest) = match (&req.start, &req.earliest, &req.latest) {
        (_, Some(e), Some(l)) if !maybe(u, 1, 4) => (e.clone(), l.clone()),
        (Some(s), _, _) if maybe(u, 1, 2) => (s.clone(), horizon.1),
        _ => horizon,
    };
    SlotQuery {
        office: req.office.clone(),
        languages: req.languages.clone(),
        min_level: req.min_level,
        duration_minutes: req.duration_minutes,
        earliest,
        latest,
        modalities: req.modalities.clone(),
        skills: req.skills.clone().unwrap_or_default(),
        mediator_gender: if maybe(u, 1, 4) { req.mediator_gender.clone() } else { None },
        case: if maybe(u, 1, 4) { req.case.clone() } else { None },
        preferred_mediator: if maybe(u, 1, 4) { req.preferred_mediator.clone() } else { None },
        limit: Some(u.int_in_range(1..=30usize).unwrap_or(1)),
    }
}

/// The locked requests and where the plan has them.
fn locked_places(problem: &Problem, plan: &SolutionDoc) -> Vec<(String, String, String)> {
    plan.assignments
        .iter()
        .filter(|a| problem.request_index(&a.request).is_some_and(|r| problem.requests()[r].locked))
        .map(|a| (a.request.clone(), a.mediator.clone(), a.start.clone()))
        .collect()
}

/// Books `request` at `choice`; an accepted booking is checked and kept,
/// a refusal is checked and returned.
fn try_book(
    problem: &Problem,
    plan: &mut SolutionDoc,
    request: &str,
    choice: &BookingChoice,
    what: &str,
) -> Result<(), PonteError> {
    match book(problem, plan, request, choice) {
        Ok(out) => {
            assert_plan_ok(problem, &out.solution, what);
            assert_eq!(out.cost_delta, out.solution.cost.total - plan.cost.total, "{what}: cost delta");
            *plan = out.solution;
            Ok(())
        }
        Err(e) => {
            assert_typed(&e, what);
            Err(e)
        }
    }
}

/// Free slots on the plan, checked against their contract and the public snapshot.
fn offered(problem: &Problem, plan: &SolutionDoc, query: &SlotQuery) -> Vec<ponte::booking::SlotOption> {
    let options = match free_slots(problem, plan, query) {
        Ok(options) => options,
        Err(e) => {
            assert_typed(&e, "free_slots");
            return Vec::new();
        }
    };
    assert!(options.len() <= query.limit.unwrap_or(ponte::booking::DEFAULT_LIMIT), "more options than the limit");
    assert!(options.windows(2).all(|w| w[0].cost_increase <= w[1].cost_increase), "options not ranked by cost");
    if query.case.is_none() && query.mediator_gender.is_none() {
        let snap = snapshot(problem, plan).expect("a feasible plan has a snapshot");
        // The snapshot names mediators by pseudonym only.
        let mut public = query.clone();
        public.preferred_mediator =
            query.preferred_mediator.as_ref().map(|m| pseudonym(problem.mediator_index(m).expect("known mediator")));
        let published = free_slots_in_snapshot(&snap, &public).expect("the snapshot takes the same query");
        let renamed: Vec<_> = options
            .iter()
            .cloned()
            .map(|mut o| {
                o.mediator = pseudonym(problem.mediator_index(&o.mediator).expect("known mediator"));
                o
            })
            .collect();
        assert_eq!(renamed, published, "the snapshot answers differently");
    }
    options
}

fn run(data: &[u8]) {
    let Some((mut problem, _, rest)) = problem_of(data) else { return };
    let mut u = Unstructured::new(rest);
    let seed = u.int_in_range(0..=15u64).unwrap_or(0);
    let mut plan = solve(
        &problem,
        &SolveOptions { seed, max_iterations: Some(30), time_limit_ms: None, threads: None },
        &mut NoControl,
    )
    .solution;
    assert_plan_ok(&problem, &plan, "initial solve");
    let n_requests = problem.requests().len();
    for _ in 0..STEPS {
        if u.is_empty() {
            break;
        }
        let locked_before = locked_places(&problem, &plan);
        let op = u.int_in_range(0..=9u8).unwrap_or(0);
        match op {
            // Free slots for a request, then book one of the offered slots.
            0 | 1 if n_requests > 0 => {
                let r = u.choose_index(n_requests).unwrap_or(0);
                let query = query_for(&mut u, &problem, r);
                let options = offered(&problem, &plan, &query);
                if options.is_empty() {
                    continue;
                }
                let o = &options[u.choose_index(options.len()).unwrap_or(0)];
                let choice = BookingChoice {
                    mediator: o.mediator.clone(),
                    start: o.start.clone(),
                    language: if u.arbitrary().unwrap_or(false) { Some(o.language.clone()) } else { None },
                    modality: if u.arbitrary().unwrap_or(true) { Some(o.modality) } else { None },
                };
                let id = problem.requests()[r].id.clone();
                let _ = try_book(&problem, &mut plan, &id, &choice, "book an offered slot");
            }
            // Book at an arbitrary mediator and time: accepted and feasible, or refused with a code.
            2 if n_requests > 0 => {
                let r = u.choose_index(n_requests).unwrap_or(0);
                let m = u.choose_index(problem.mediators().len()).unwrap_or(0);
                let day = problem.horizon_start() + chrono_days(u.int_in_range(0..=8).unwrap_or(0));
                let minute = u.int_in_range(0..=24 * 60 - 1u32).unwrap_or(0);
                let start = format!("{day}T{:02}:{:02}", minute / 60, minute % 60);
                let choice = BookingChoice {
                    mediator: problem.mediators()[m].id.clone(),
                    start,
                    language: None,
                    modality: None,
                };
                let id = problem.requests()[r].id.clone();
                let _ = try_book(&problem, &mut plan, &id, &choice, "book an arbitrary slot");
            }
            3 if n_requests > 0 => {
                let id = problem.requests()[u.choose_index(n_requests).unwrap_or(0)].id.clone();
                match cancel(&problem, &plan, &id) {
                    Ok(out) => {
                        assert_plan_ok(&problem, &out.solution, "cancel");
                        assert_eq!(out.cost_delta, out.solution.cost.total - plan.cost.total, "cancel: cost delta");
                        plan = out.solution;
                    }
                    Err(e) => {
                        assert_typed(&e, "cancel");
                        // BREAK_MISSING (1.1): without it, the day would have a work block too long.
                        let ok = matches!(e.code(), "LOCKED" | "NOT_ASSIGNED" | "BREAK_MISSING");
                        assert!(ok, "cancel refused with {e:?}");
                    }
                }
            }
            4 if n_requests > 0 => {
                let id = problem.requests()[u.choose_index(n_requests).unwrap_or(0)].id.clone();
                match lock(&problem, &plan, &id) {
                    Ok((doc, out)) => {
                        let locked = match Problem::from_doc(&doc) {
                            Ok(p) => p,
                            Err(e) => panic!("locking made the problem invalid: {e:?}"),
                        };
                        assert_plan_ok(&locked, &out.solution, "lock");
                        assert_eq!(out.cost_delta, out.solution.cost.total - plan.cost.total, "lock: cost delta");
                        problem = locked;
                        plan = out.solution;
                    }
                    Err(e) => {
                        assert_typed(&e, "lock");
                        assert_eq!(e.code(), "NOT_ASSIGNED", "lock refused with {e:?}");
                    }
                }
            }
            // Free slots with a repair; the moves of an option can be booked one by one.
            5 if n_requests > 0 => {
                let r = u.choose_index(n_requests).unwrap_or(0);
                let query = query_for(&mut u, &problem, r);
                let repairs = match free_slots_with_repair(&problem, &plan, &query) {
                    Ok(repairs) => repairs,
                    Err(e) => {
                        assert_typed(&e, "free_slots_with_repair");
                        continue;
                    }
                };
                let Some(option) = repairs.get(u.choose_index(repairs.len().max(1)).unwrap_or(0)) else { continue };
                let context = || {
                    format!(
                        "query: {}\noption: {}\nproblem: {}\nplan: {}",
                        serde_json::to_string(&query).unwrap_or_default(),
                        serde_json::to_string(option).unwrap_or_default(),
                        problem.to_json_string(),
                        serde_json::to_string(&plan).unwrap_or_default()
                    )
                };
                let mut current = plan.clone();
                for m in &option.moves {
                    let choice = BookingChoice {
                        mediator: m.to_mediator.clone(),
                        start: m.to_start.clone(),
                        language: None,
                        modality: None,
                    };
                    if let Err(e) = try_book(&problem, &mut current, &m.request, &choice, "book a repair move") {
                        panic!("a move of a proposed repair cannot be booked: {m:?}: {e:?}\n{}", context());
                    }
                }
                // After the moves, the slot is free and costs what the option said, moves included.
                let all = SlotQuery { limit: Some(100_000), ..query.clone() };
                let now = free_slots(&problem, &current, &all).expect("the same query");
                let o = &option.option;
                let Some(same) = now.iter().find(|x| {
                    x.mediator == o.mediator
                        && x.start == o.start
                        && x.modality == o.modality
                        && x.language == o.language
                }) else {
                    panic!("after the moves of a repair its slot is not free\n{}", context())
                };
                assert_eq!(
                    current.cost.total - plan.cost.total + same.cost_increase,
                    o.cost_increase,
                    "a repair's cost increase is not its moves' plus the slot's\n{}",
                    context()
                );
                plan = current;
            }
            6 => match explain(&problem, &plan) {
                Ok(_) => {}
                Err(e) => panic!("a feasible plan cannot be explained: {e:?}"),
            },
            // A mediator's absence or an office's closure, then a replan.
            7 => {
                let mut doc = problem.document().clone();
                let day = problem.horizon_start() + chrono_days(u.int_in_range(0..=6).unwrap_or(0));
                if u.arbitrary().unwrap_or(false) {
                    let m = u.choose_index(doc.mediators.len()).unwrap_or(0);
                    let from = u.int_in_range(0..=23u32).unwrap_or(0);
                    let hours = u.int_in_range(1..=24u32).unwrap_or(1);
                    let to = from + hours;
                    let (to_day, to) = if to >= 24 { (day + chrono_days(1), to - 24) } else { (day, to) };
                    doc.mediators[m]
                        .absences
                        .get_or_insert_with(Vec::new)
                        .push(AbsenceDoc { from: format!("{day}T{from:02}:00"), to: format!("{to_day}T{to:02}:00") });
                } else {
                    let o = u.choose_index(doc.offices.len()).unwrap_or(0);
                    doc.offices[o].closed.get_or_insert_with(Vec::new).push(day.to_string());
                }
                // A change that breaks a locked request makes an invalid problem: refused, skipped.
                match Problem::from_doc(&doc) {
                    Ok(changed) => {
                        let iterations = u.int_in_range(0..=40u64).unwrap_or(0);
                        let options = SolveOptions {
                            seed: 1,
                            max_iterations: Some(iterations),
                            time_limit_ms: None,
                            threads: None,
                        };
                        let outcome = replan(&changed, &plan, &options, &mut NoControl);
                        assert_plan_ok(&changed, &outcome.solution, "replan after a change");
                        problem = changed;
                        plan = outcome.solution;
                    }
                    Err(e) => assert_typed(&e, "changed problem"),
                }
            }
            8 => {
                let seed = u.arbitrary::<u64>().unwrap_or(0);
                let iterations = u.int_in_range(0..=40u64).unwrap_or(0);
                let options =
                    SolveOptions { seed, max_iterations: Some(iterations), time_limit_ms: None, threads: None };
                let outcome = replan(&problem, &plan, &options, &mut NoControl);
                assert_plan_ok(&problem, &outcome.solution, "replan");
                // (A request with roles has one assignment per role.)
                let mut requests: Vec<&str> = plan.assignments.iter().map(|a| a.request.as_str()).collect();
                requests.sort_unstable();
                requests.dedup();
                let total = requests.len();
                assert_eq!(
                    outcome.kept + outcome.moved.len() + outcome.dropped.len(),
                    total,
                    "replan's kept/moved/dropped do not account for the old plan"
                );
                plan = outcome.solution;
            }
            // A damaged copy of the plan: operations refuse it or return a feasible plan.
            9 if !plan.assignments.is_empty() => {
                let mut damaged = plan.clone();
                let i = u.choose_index(damaged.assignments.len()).unwrap_or(0);
                match u.int_in_range(0..=3u8).unwrap_or(0) {
                    0 => damaged.assignments[i].start = shift(&damaged.assignments[i].start, &mut u),
                    1 => {
                        let m = u.choose_index(problem.mediators().len()).unwrap_or(0);
                        damaged.assignments[i].mediator = problem.mediators()[m].id.clone();
                    }
                    2 => {
                        let copy = damaged.assignments[i].clone();
                        damaged.assignments.push(copy);
                    }
                    _ => damaged.assignments[i].language = "xx".into(),
                }
                let id = damaged.assignments[i].request.clone();
                if let Err(e) = cancel(&problem, &damaged, &id) {
                    assert_typed(&e, "cancel on a damaged plan");
                } else {
                    // Still feasible: the damage was harmless.
                    let out = cancel(&problem, &damaged, &id).expect("same call");
                    assert_plan_ok(&problem, &out.solution, "cancel on a damaged plan");
                }
                let options = SolveOptions { seed: 2, max_iterations: Some(10), time_limit_ms: None, threads: None };
                let outcome = replan(&problem, &damaged, &options, &mut NoControl);
                assert_plan_ok(&problem, &outcome.solution, "replan of a damaged plan");
            }
            _ => {}
        }
        for (r, m, start) in &locked_before {
            assert!(
                plan.assignments.iter().any(|a| &a.request == r && &a.mediator == m && &a.start == start),
                "locked request {r} moved (op {op})"
            );
        }
    }
}

fn chrono_days(n: i64) -> chrono::TimeDelta {
    chrono::TimeDelta::days(n)
}

/// `YYYY-MM-DDTHH:MM` moved by a few minutes (text arithmetic on the minutes only).
fn shift(start: &str, u: &mut Unstructured) -> String {
    let delta = u.int_in_range(1..=59u32).unwrap_or(1);
    match start.rsplit_once(':') {
        Some((head, minutes)) => {
            let m: u32 = minutes.parse().unwrap_or(0);
            format!("{head}:{:02}", (m + delta) % 60)
        }
        None => start.to_string(),
    }
}

fuzz_target!(|data: &[u8]| run(data));
