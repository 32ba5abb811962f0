//! Re-planning after a change (a mediator's new absence, an office closure,
//! a moved session, new requests): repair the current plan instead of
//! solving again, keeping every assignment that still holds and moving as
//! few as possible.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::plan::{parse_start, placement_problem};
use crate::format::SolutionDoc;
use crate::model::{Modality, Problem};
use crate::solve::output::{document, restore};
use crate::solve::prepare::Prepared;
use crate::solve::recreate::greedy;
use crate::solve::rng::Random;
use crate::solve::search::{construction_order, improve, place_locked};
use crate::solve::state::{Placement, State};
use crate::solve::{SolveControl, SolveOptions, StopReason};

/// What a repair did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplanOutcome {
    /// The repaired plan.
    pub solution: SolutionDoc,
    /// Assignments of the old plan kept as they were.
    pub kept: usize,
    /// Requests of the old plan now at another mediator or start.
    pub moved: Vec<String>,
    /// Requests of the old plan now unassigned.
    pub dropped: Vec<String>,
    /// Requests newly assigned.
    pub added: Vec<String>,
    /// Local-search iterations done.
    pub iterations: u64,
    /// Why the search stopped.
    pub stop: StopReason,
}

/// What moving an assignment of the old plan costs in the repair's search
/// (at least the problem's `change` weight): above a normal request's
/// unassigned weight, so that a repair does not shuffle several residents'
/// appointments to fit one more.
pub const MOVE_PENALTY: i64 = 6_000;

/// The default iteration budget of a repair.
pub const REPLAN_ITERATIONS: u64 = 300;

/// Repairs `old` (a plan of an earlier version of the problem) for
/// `problem`: keeps every old assignment that still holds, places the
/// rest and the new requests, then improves with a short search in which
/// moving an old assignment costs [`MOVE_PENALTY`] (or the `change` weight when larger; for
/// requests without `previous`; those with `previous` pay `change` as the
/// format says). Locked requests stay. The search budget is
/// `options.max_iterations` (default [`REPLAN_ITERATIONS`]) or its time limit.
pub fn replan(
    problem: &Problem,
    old: &SolutionDoc,
    options: &SolveOptions,
    control: &mut dyn SolveControl,
) -> ReplanOutcome {
    let prep = Prepared::new(problem);
    let mut state = State::new(&prep);
    let mut anchors: Vec<Option<(usize, i64)>> = vec![None; problem.requests().len()];
    let mut wanted: Vec<Option<Placement>> = vec![None; problem.requests().len()];
    for a in &old.assignments {
        let (Some(r), Some(m), Some(start)) =
            (problem.request_index(&a.request), problem.mediator_index(&a.mediator), parse_start(problem, &a.start))
        else {
            continue;
        };
        anchors[r] = Some((m, start));
        let request = &problem.requests()[r];
        if placement_problem(problem, request, m, start, &a.language, a.modality).is_none() {
            let language = request.languages.iter().position(|l| *l == a.language).unwrap_or(0);
            wanted[r] = Some(Placement { mediator: m, start, language, modality: a.modality });
        }
    }
    state.set_anchors(anchors.clone(), MOVE_PENALTY.max(problem.weights().change));
    place_locked(&mut state);
    // Old assignments that still hold, in time order.
    let mut keep: Vec<(i64, usize, Placement)> =
        wanted.iter().enumerate().filter_map(|(r, w)| w.map(|p| (p.start, r, p))).collect();
    keep.sort_by_key(|x| (x.0, x.1));
    for (_, r, p) in keep {
        if state.assigned[r].is_some() {
            continue;
        }
        let request = &problem.requests()[r];
        if state
            .fits(
                p.mediator,
                p.start,
                p.start + request.duration,
                request.office,
                p.modality == Modality::InPerson,
                true,
            )
            .is_ok()
        {
            state.insert_request(r, p);
        }
    }
    for s in &old.sessions {
        let Some(job) = prep.sessions.iter().position(|j| {
            let w = &problem.workshops()[j.workshop];
            w.id == s.workshop && w.sessions[j.session].id == s.session
        }) else {
            continue;
        };
        for entry in &s.mediators {
            let Some(m) = problem.mediator_index(&entry.mediator) else { continue };
            let session = &prep.sessions[job];
            if session.staff.iter().any(|x| x.0 == m)
                && !state.staffing[job].contains(&m)
                && state.fits(m, session.start, session.end, session.office, true, false).is_ok()
            {
                state.insert_staff(job, m);
            }
        }
    }
    let mut rng = Random::new(options.seed);
    let order = construction_order(&state);
    greedy(&mut state, &order, &mut rng, 0);
    let mut budget = options.clone();
    if budget.max_iterations.is_none() && (budget.time_limit_ms.is_none() || control.elapsed_ms().is_none()) {
        budget.max_iterations = Some(REPLAN_ITERATIONS);
    }
    let ms_per_unassigned =
        if budget.time_limit_ms.is_some() { crate::solve::output_cost(&state, control) } else { 0.0 };
    let (best, iterations, stop) = improve(&mut state, &budget, control, &mut rng, ms_per_unassigned);
    let state = restore(&prep, &best);
    let solution = document(&state);
    let mut outcome = ReplanOutcome {
        kept: 0,
        moved: Vec::new(),
        dropped: Vec::new(),
        added: Vec::new(),
        iterations,
        stop,
        solution,
    };
    // Compared by ids and local times, so that an old assignment whose
    // mediator is no longer in the problem counts as moved or dropped.
    let before: std::collections::HashMap<&str, (&str, &str)> =
        old.assignments.iter().map(|a| (a.request.as_str(), (a.mediator.as_str(), a.start.as_str()))).collect();
    let after: std::collections::HashMap<&str, (&str, &str)> = outcome
        .solution
        .assignments
        .iter()
        .map(|a| (a.request.as_str(), (a.mediator.as_str(), a.start.as_str())))
        .collect();
    let (mut kept, mut moved, mut dropped, mut added) = (0, Vec::new(), Vec::new(), Vec::new());
    for request in problem.requests() {
        match (before.get(request.id.as_str()), after.get(request.id.as_str())) {
            (Some(a), Some(b)) if a == b => kept += 1,
            (Some(_), Some(_)) => moved.push(request.id.clone()),
            (Some(_), None) => dropped.push(request.id.clone()),
            (None, Some(_)) => added.push(request.id.clone()),
            (None, None) => {}
        }
    }
    outcome.kept = kept;
    outcome.moved = moved;
    outcome.dropped = dropped;
    outcome.added = added;
    outcome
}
