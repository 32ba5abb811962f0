//! The incremental state keeps its cost equal to a recomputation from
//! scratch through every insertion, removal and rollback, and every plan it
//! holds passes Ponte's own evaluation.

use super::prepare::Prepared;
use super::recreate::{greedy, regret, Pending};
use super::rng::Random;
use super::ruin::{choose, RUINS};
use super::search::{construction_order, place_locked};
use super::state::State;
use crate::Problem;

fn example() -> Problem {
    Problem::from_json_str(include_str!("../../../examples/data/visconteo-week.json"))
        .expect("bundled example is valid")
}

fn sorted(staffing: &[Vec<usize>]) -> Vec<Vec<usize>> {
    staffing
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.sort_unstable();
            s
        })
        .collect()
}

/// The bundled week with the cost terms of 1.1: a `fair_share` for most
/// mediators (10 to 39 hours, every fourth mediator without one), and the
/// requests of each case, and every fifth request, in series.
fn example_with_shares() -> Problem {
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/data/visconteo-week.json")).expect("json");
    for (i, m) in doc["mediators"].as_array_mut().expect("mediators").iter_mut().enumerate() {
        if i % 4 != 3 {
            m["fair_share"] = serde_json::json!(10 + (i * 7) % 30);
        }
    }
    for (i, r) in doc["requests"].as_array_mut().expect("requests").iter_mut().enumerate() {
        if let Some(case) = r.get("case").cloned() {
            r["series"] = case;
        } else if i % 5 == 0 {
            r["series"] = serde_json::json!(format!("weekly-{}", i % 3));
        }
    }
    Problem::from_json_str(&doc.to_string()).expect("valid with shares")
}

/// The bundled week with every fourth request turned into one with two
/// roles (its languages, and the languages of the next request), its
/// cases, fair shares, and every fifth request in a series.
fn example_with_roles() -> Problem {
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/data/visconteo-week.json")).expect("json");
    for (i, m) in doc["mediators"].as_array_mut().expect("mediators").iter_mut().enumerate() {
        if i % 3 != 2 {
            m["fair_share"] = serde_json::json!(10 + (i * 7) % 30);
        }
    }
    let requests = doc["requests"].as_array_mut().expect("requests");
    let languages: Vec<serde_json::Value> = requests.iter().map(|r| r["languages"].clone()).collect();
    for (i, r) in requests.iter_mut().enumerate() {
        let object = r.as_object_mut().expect("request");
        if i % 5 == 0 {
            object.insert("series".into(), serde_json::json!(format!("weekly-{}", i % 3)));
        }
        if i % 4 == 0 && !object.contains_key("previous") {
            let mut first = serde_json::json!({"languages": object.remove("languages").expect("languages")});
            for key in ["min_level", "skills", "mediator_gender"] {
                if let Some(value) = object.remove(key) {
                    first[key] = value;
                }
            }
            let second = serde_json::json!({"languages": languages[(i + 1) % languages.len()]});
            object.insert("roles".into(), serde_json::json!([first, second]));
        }
    }
    Problem::from_json_str(&doc.to_string()).expect("valid with roles")
}

#[test]
fn incremental_cost_with_roles_always_equals_a_recomputation() {
    let problem = example_with_roles();
    assert!(problem.requests().iter().filter(|r| r.has_roles()).count() >= 15);
    assert!(problem.requests().iter().filter(|r| r.has_roles() && r.case.is_some()).count() >= 3);
    assert!(problem.requests().iter().filter(|r| r.has_roles() && r.series.is_some()).count() >= 3);
    let teams = incremental_cost_check(problem);
    assert!(teams >= 5, "requests with roles served at once: at most {teams}");
}

#[test]
fn incremental_cost_always_equals_a_recomputation() {
    let _ = incremental_cost_check(example());
}

#[test]
fn incremental_terms_of_1_1_always_equal_a_recomputation() {
    let problem = example_with_shares();
    assert!(problem.mediators().iter().filter(|m| m.fair_share.is_some()).count() >= 2);
    assert!(problem.requests().iter().filter(|r| r.series.is_some()).count() >= 10);
    let _ = incremental_cost_check(problem);
}

/// Every term's delta, scored before a change, is what the change adds:
/// each option of each unassigned request and unstaffed session, applied
/// and removed again. Returns how many were scored.
fn deltas_are_what_changes_add(state: &mut State, rng: &mut Random) -> usize {
    let mut scored = 0;
    for r in 0..state.assigned.len() {
        if state.assigned[r].is_some() {
            continue;
        }
        for option in super::insertion::request_options(state, r, rng, 0) {
            let before = state.cost;
            super::insertion::apply(state, option.insertion);
            assert_eq!(state.cost - before, option.delta, "request {r}: {option:?}");
            state.remove_request(r);
            assert_eq!(state.cost, before, "request {r} removed again");
            scored += 1;
        }
    }
    for s in 0..state.prep.sessions.len() {
        for option in super::insertion::staff_options(state, s) {
            let before = state.cost;
            super::insertion::apply(state, option.insertion);
            assert_eq!(state.cost - before, option.delta, "session {s}: {option:?}");
            if let super::insertion::Insertion::Staff(_, m) = option.insertion {
                state.remove_staff(s, m);
            }
            assert_eq!(state.cost, before, "session {s} unstaffed again");
            scored += 1;
        }
    }
    scored
}

/// Returns the most requests with roles served at once (teams) along the way.
fn incremental_cost_check(problem: Problem) -> usize {
    let mut teams = 0;
    let prep = Prepared::new(&problem);
    let mut state = State::new(&prep);
    assert_eq!(state.cost, state.recomputed_cost());
    place_locked(&mut state);
    let order = construction_order(&state);
    let mut rng = Random::new(5);
    regret(&mut state, &order, &mut rng, 0);
    assert_eq!(state.cost, state.recomputed_cost());
    let mut scored = 0;
    for step in 0..300 {
        let before = state.cost;
        let snapshot = (state.assigned.clone(), sorted(&state.staffing), state.teams.clone());
        state.begin();
        let ruin = RUINS[step % RUINS.len()];
        let mut pending = Vec::new();
        for job in choose(&state, ruin, 8, &mut rng).0 {
            match job {
                super::state::Job::Request(r) | super::state::Job::Team(r) => pending.push(Pending::Request(r)),
                super::state::Job::Staff(s, _) => pending.push(Pending::Session(s)),
            }
            for extra in state.remove_job(job) {
                if let super::state::Job::Request(r) | super::state::Job::Team(r) = extra {
                    pending.push(Pending::Request(r));
                }
            }
            assert_eq!(state.cost, state.recomputed_cost(), "after removing {job:?}");
        }
        if step % 25 == 0 {
            scored += deltas_are_what_changes_add(&mut state, &mut rng);
        }
        if step % 2 == 0 {
            greedy(&mut state, &pending, &mut rng, 5);
        } else {
            regret(&mut state, &pending, &mut rng, 0);
        }
        assert_eq!(state.cost, state.recomputed_cost(), "after recreate at step {step}");
        if step % 3 == 0 {
            state.rollback();
            assert_eq!(state.cost, before, "rollback restores the cost");
            let now = (state.assigned.clone(), sorted(&state.staffing), state.teams.clone());
            assert_eq!(now, snapshot, "rollback restores the plan");
        } else {
            state.commit();
        }
        teams = teams.max(state.teams.iter().flatten().count());
        if step % 50 == 0 {
            let doc = super::output::document(&state);
            let evaluation = crate::evaluate::evaluate_doc(&problem, &doc);
            assert!(evaluation.feasible(), "step {step}: {:?}", evaluation.violations);
            assert_eq!(evaluation.cost, doc.cost);
            assert_eq!(doc.cost.fairness.is_some(), problem.mediators().iter().any(|m| m.fair_share.is_some()));
            assert_eq!(doc.cost.series.is_some(), problem.requests().iter().any(|r| r.series.is_some()));
        }
    }
    assert!(scored > 100, "{scored} insertions scored");
    teams
}

/// A clock that advances one millisecond each time it is read, and a
/// cancellation after so many questions: deterministic stand-ins for time.
struct Ticking {
    now: f64,
    asked: u64,
    cancel_after: Option<u64>,
}

impl super::SolveControl for Ticking {
    fn elapsed_ms(&mut self) -> Option<f64> {
        self.now += 1.0;
        Some(self.now)
    }
    fn should_stop(&mut self) -> bool {
        self.asked += 1;
        self.cancel_after.is_some_and(|n| self.asked > n)
    }
}

#[test]
fn a_time_limit_or_a_cancellation_stops_the_construction_with_a_valid_plan() {
    let problem = example();
    let options = super::SolveOptions { seed: 1, max_iterations: None, time_limit_ms: Some(3), threads: None };
    for (control, stop) in [
        (Ticking { now: 0.0, asked: 0, cancel_after: None }, super::StopReason::TimeLimit),
        (Ticking { now: -1e9, asked: 0, cancel_after: Some(2) }, super::StopReason::Cancelled),
    ] {
        let mut control = control;
        let outcome = super::solve(&problem, &options, &mut control);
        assert_eq!(outcome.stop, stop);
        assert_eq!(outcome.iterations, 0, "stopped before the search");
        // Part of the plan was built, not all of it, and it is feasible,
        // with true reasons and cost for what is left out.
        let full = super::solve(
            &problem,
            &super::SolveOptions { time_limit_ms: None, max_iterations: Some(0), ..options.clone() },
            &mut super::NoControl,
        );
        assert!(outcome.solution.assignments.len() < full.solution.assignments.len(), "{stop:?}");
        let evaluation = crate::evaluate::evaluate_doc(&problem, &outcome.solution);
        assert!(evaluation.ok(), "{stop:?}: {:?}", evaluation.violations);
    }
}

/// The island search gives the same plan whether its islands run on
/// threads (the `parallel` feature, native) or take turns on one thread
/// (WebAssembly), and the single search is the one-island case.
#[test]
fn islands_on_threads_and_interleaved_give_the_same_plan() {
    let problem = example();
    let prep = Prepared::new(&problem);
    let mut state = State::new(&prep);
    place_locked(&mut state);
    let order = construction_order(&state);
    let mut rng = Random::new(9);
    regret(&mut state, &order, &mut rng, 0);
    let options = super::SolveOptions { seed: 9, max_iterations: Some(2_500), time_limit_ms: None, threads: None };
    for threads in [2, 3] {
        let run = |concurrent: bool| {
            super::parallel::islands_on(&state, threads, concurrent, &options, &mut super::NoControl, &rng, 0.0)
        };
        let (a, ia, sa, ra) = run(true);
        let (b, ib, sb, rb) = run(false);
        assert_eq!(a, b, "{threads} islands");
        assert_eq!((ia, sa), (ib, sb));
        assert_eq!(ia, 2_500 * threads as u64, "the budget is per island");
        assert_eq!(sa, super::StopReason::Iterations);
        assert_eq!(ra.operators, rb.operators, "the same counts per operator");
        assert_eq!(ra.epochs, 3, "epochs of 1000, 1000 and 500 iterations");
        assert_eq!(ra.operators.iter().map(|o| o.iterations).sum::<u64>(), ia);
        let restored = super::output::restore(&prep, &a);
        assert_eq!(restored.cost, a.cost);
        let evaluation = crate::evaluate::evaluate_doc(&problem, &super::output::document(&restored));
        assert!(evaluation.ok(), "{:?}", evaluation.violations);
    }
    let one = super::parallel::islands_on(&state, 1, true, &options, &mut super::NoControl, &rng, 0.0);
    assert_eq!(one.1, 2_500);
}

/// The grid walk with a day hint answers as the one without, whatever the
/// hint, on regular days and on a day whose grid is irregular (DST).
#[test]
fn grid_walk_with_a_day_hint_equals_the_plain_one() {
    let problem = example();
    let mut prep = Prepared::new(&problem);
    let days = prep.day_starts.len() - 1;
    // Make day 2 irregular: every second slot of it, as a DST day skips some.
    let (from, to) = (prep.day_starts[2], prep.day_starts[3]);
    let slot = problem.slot_minutes();
    prep.irregular[2] = Some((from..to).step_by(2 * slot as usize).filter(|t| (t - from) % slot == 0).collect());
    let end = problem.horizon().1;
    let mut checked = 0;
    for hint in [0, 1, 2, days - 1, days, days + 5] {
        let mut walking = hint;
        for t in (-30..end + 30).step_by(7) {
            let plain = prep.next_grid(t);
            let mut fixed = hint;
            assert_eq!(prep.next_grid_from(t, &mut fixed), plain, "t {t}, hint {hint}");
            assert_eq!(prep.next_grid_from(t, &mut walking), plain, "t {t}, walking from {hint}");
            if let Some(s) = plain {
                assert_eq!(fixed, prep.day_of(s), "the hint becomes the answer's day");
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000, "{checked} answers compared");
    assert!(prep.next_grid(from + 1).is_some_and(|s| s == from + 2 * slot), "the irregular day is walked");
}

/// The bundled week under tight break rules (format 1.1, rule 9): two
/// hours of work, then 30 minutes of rest, for the network; 90 and 15 for
/// the first mediator.
fn example_with_breaks() -> Problem {
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/data/visconteo-week.json")).expect("json");
    doc["network"]["breaks"] = serde_json::json!({"after_minutes": 120, "break_minutes": 30});
    doc["mediators"][0]["breaks"] = serde_json::json!({"after_minutes": 90, "break_minutes": 15});
    Problem::from_json_str(&doc.to_string()).expect("valid with breaks")
}

#[test]
fn incremental_cost_with_breaks_always_equals_a_recomputation() {
    incremental_cost_check(example_with_breaks());
}

/// Removing any engagement, with what the removal takes along (rule 4's
/// and rule 9's repairs), leaves a feasible plan: a removal can merge two
/// work blocks when the travel taken from a gap grows.
#[test]
fn removals_never_leave_a_work_block_without_a_break() {
    let problem = example_with_breaks();
    let prep = Prepared::new(&problem);
    let mut state = State::new(&prep);
    place_locked(&mut state);
    let order = construction_order(&state);
    let mut rng = Random::new(3);
    regret(&mut state, &order, &mut rng, 0);
    let doc = super::output::document(&state);
    assert!(crate::evaluate::evaluate_doc(&problem, &doc).feasible());
    let jobs = state.placed_jobs();
    assert!(jobs.len() > 50, "{} jobs placed", jobs.len());
    for job in jobs {
        if let super::state::Job::Request(r) = job {
            if problem.requests()[r].locked {
                continue; // the search never removes them
            }
        }
        state.begin();
        state.remove_job(job);
        let evaluation = crate::evaluate::evaluate_doc(&problem, &super::output::document(&state));
        assert!(evaluation.feasible(), "after removing {job:?}: {:?}", evaluation.violations);
        state.rollback();
    }
}

/// A removal that merges two work blocks: r1 in person at office x
/// 09:00-10:00, r2 by phone 10:40-11:10, r3 in person at x 11:10-11:40, r4
/// in person at office y (60 minutes from x) 13:30-14:30; breaks of 30
/// minutes after at most 120. With r3, the gap r1-r2 takes no travel (x to
/// x) and is a break; without r3 it takes the 60 minutes from x to y, and
/// 09:00-11:10 is one block of 130 minutes. The removal takes r2 along
/// (the latest engagement of the long block that may move).
#[test]
fn a_removal_that_merges_work_blocks_takes_the_block_s_last_engagement_along() {
    // The day of the comment above, shared with the booking and conformance tests.
    let problem = Problem::from_json_str(include_str!("../../tests/data/merging-blocks.json")).expect("valid");
    let prep = Prepared::new(&problem);
    let mut state = State::new(&prep);
    for (r, request) in problem.requests().iter().enumerate() {
        let start = request.fixed_start().expect("fixed");
        let (in_person, modality) = (request.modalities[0] == crate::model::Modality::InPerson, request.modalities[0]);
        assert!(state.fits(0, start, start + request.duration, request.office, in_person, true).is_ok(), "r{r}");
        state.insert_request(r, super::state::Placement { mediator: 0, start, language: 0, modality });
    }
    let evaluation = crate::evaluate::evaluate_doc(&problem, &super::output::document(&state));
    assert!(evaluation.feasible(), "{:?}", evaluation.violations);
    let taken = state.remove_job(super::state::Job::Request(2));
    assert_eq!(taken, [super::state::Job::Request(1)]);
    let evaluation = crate::evaluate::evaluate_doc(&problem, &super::output::document(&state));
    assert!(evaluation.feasible(), "{:?}", evaluation.violations);
    // r2 cannot come back: 09:00-11:10 would be one block.
    let r2 = &problem.requests()[1];
    let start = r2.fixed_start().expect("fixed");
    let misfit = state.fits(0, start, start + r2.duration, r2.office, false, true).expect_err("rule 9");
    assert_eq!(misfit.rule, crate::evaluate::rules::RuleId::Breaks);
    assert_eq!(misfit.retry_from, 10 * 60 + 60 + 30, "after r1's end, the travel to y and a break");
}
