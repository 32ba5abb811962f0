//! Re-planning after a change (a mediator's new absence, an office closure,
//! a moved session, new requests): repair the current plan instead of
//! solving again, keeping every assignment that still holds and moving as
//! few as possible.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::plan::{parse_start, placement_problem};
use crate::format::SolutionDoc;
use crate::model::Problem;
use crate::solve::session::{Context, Placement, Session};
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
/// format says; a meeting of a request with roles moves when its first
/// role's mediator or its start changes). Locked requests stay. The search budget is
/// `options.max_iterations` (default [`REPLAN_ITERATIONS`]) or its time limit.
pub fn replan(
    problem: &Problem,
    old: &SolutionDoc,
    options: &SolveOptions,
    control: &mut dyn SolveControl,
) -> ReplanOutcome {
    let context = Context::new(problem);
    let mut state = Session::new(&context);
    let mut anchors: Vec<Option<(usize, i64)>> = vec![None; problem.requests().len()];
    let mut wanted: Vec<Option<Placement>> = vec![None; problem.requests().len()];
    // The old seats of each request with roles, kept whole or not at all.
    let mut seats: Vec<Vec<Option<Placement>>> = problem.requests().iter().map(|r| vec![None; r.roles.len()]).collect();
    for a in &old.assignments {
        let (Some(r), Some(m), Some(start)) =
            (problem.request_index(&a.request), problem.mediator_index(&a.mediator), parse_start(problem, &a.start))
        else {
            continue;
        };
        let request = &problem.requests()[r];
        if request.has_roles() {
            if let Some(k) = a.role.filter(|&k| k < request.roles.len()) {
                if k == 0 {
                    // A meeting is anchored by its first role's mediator and its start.
                    anchors[r] = Some((m, start));
                }
                let view = &problem.role_views(r)[k];
                if placement_problem(problem, view, m, start, &a.language, a.modality).is_none() {
                    let language = view.languages.iter().position(|l| *l == a.language).unwrap_or(0);
                    seats[r][k] = Some(Placement { mediator: m, start, language, modality: a.modality });
                }
            }
            continue;
        }
        anchors[r] = Some((m, start));
        if placement_problem(problem, request, m, start, &a.language, a.modality).is_none() {
            let language = request.languages.iter().position(|l| *l == a.language).unwrap_or(0);
            wanted[r] = Some(Placement { mediator: m, start, language, modality: a.modality });
        }
    }
    state.set_anchors(anchors.clone(), MOVE_PENALTY.max(problem.weights().change));
    state.place_locked();
    // Old meetings of requests with roles that still hold, whole, in time order.
    let mut teams: Vec<(i64, usize, Vec<Placement>)> = seats
        .into_iter()
        .enumerate()
        .filter(|(_, seats)| !seats.is_empty())
        .filter_map(|(r, seats)| seats.into_iter().collect::<Option<Vec<Placement>>>().map(|s| (s[0].start, r, s)))
        .filter(|(start, _, s)| {
            s.iter().all(|x| x.start == *start)
                && s.iter().enumerate().all(|(k, x)| s[..k].iter().all(|y| y.mediator != x.mediator))
        })
        .collect();
    teams.sort_by_key(|x| (x.0, x.1));
    for (_, r, team) in teams {
        if state.teams()[r].is_none() && state.team_refusal(r, &team).is_none() {
            state.place_team(r, team);
        }
    }
    // Old assignments that still hold, in time order.
    let mut keep: Vec<(i64, usize, Placement)> =
        wanted.iter().enumerate().filter_map(|(r, w)| w.map(|p| (p.start, r, p))).collect();
    keep.sort_by_key(|x| (x.0, x.1));
    for (_, r, p) in keep {
        if state.placements()[r].is_none() && state.fits_request(&problem.requests()[r], &p) {
            state.place(r, p);
        }
    }
    for s in &old.sessions {
        let Some(job) = context.session_job(&s.workshop, &s.session) else { continue };
        for entry in &s.mediators {
            let Some(m) = problem.mediator_index(&entry.mediator) else { continue };
            if context.can_attend(job, m) && !state.attends(job, m) && state.fits_staff(job, m) {
                state.staff(job, m);
            }
        }
    }
    let mut budget = options.clone();
    if budget.max_iterations.is_none() && (budget.time_limit_ms.is_none() || control.elapsed_ms().is_none()) {
        budget.max_iterations = Some(REPLAN_ITERATIONS);
    }
    let (state, iterations, stop) = state.complete_and_improve(&budget, control);
    let solution = state.document();
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
    // A request with roles: its entries together (sorted by role).
    let entries = |plan: &'_ SolutionDoc| {
        let mut by: std::collections::HashMap<String, Vec<(Option<usize>, String, String)>> =
            std::collections::HashMap::new();
        for a in &plan.assignments {
            by.entry(a.request.clone()).or_default().push((a.role, a.mediator.clone(), a.start.clone()));
        }
        by.values_mut().for_each(|v| v.sort());
        by
    };
    let before = entries(old);
    let after = entries(&outcome.solution);
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
