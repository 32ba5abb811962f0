//! Recreate: put pending jobs back into the plan, greedily in a given order
//! or by regret (the job that would lose most by waiting goes first), with
//! the options of each job cached per mediator and recomputed only where
//! the last insertion changed something.

use super::insertion::{apply, best_request, request_options, staff_options, Insertion, Scored};
use super::rng::Random;
use super::state::State;

/// A job waiting to be placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Pending {
    Request(usize),
    /// A session that may still gain coverage.
    Session(usize),
}

/// Inserts each pending job in turn at its cheapest place, when that lowers the cost.
pub(crate) fn greedy(state: &mut State, pending: &[Pending], rng: &mut Random, blink: u64) {
    greedy_until(state, pending, rng, blink, &mut || false);
}

/// Jobs placed between two calls of a construction's `interrupt`.
const JOBS_PER_CHECK: usize = 8;

/// As [`greedy`], asking `interrupt` every few jobs whether to stop;
/// returns true when it stopped early (the jobs not reached stay pending).
pub(crate) fn greedy_until(
    state: &mut State,
    pending: &[Pending],
    rng: &mut Random,
    blink: u64,
    interrupt: &mut dyn FnMut() -> bool,
) -> bool {
    for (i, &job) in pending.iter().enumerate() {
        if i % JOBS_PER_CHECK == 0 && interrupt() {
            return true;
        }
        match job {
            Pending::Request(r) if state.prep.problem.requests()[r].has_roles() => {
                super::team::place_team(state, r);
            }
            Pending::Request(r) => {
                if state.assigned[r].is_none() {
                    if let Some(best) = best_request(state, r, rng, blink) {
                        if best.delta < 0 {
                            apply(state, best.insertion);
                        }
                    }
                }
            }
            Pending::Session(s) => fill_session(state, s),
        }
    }
    false
}

/// Adds the cheapest helpful mediators to a session while that lowers the cost.
pub(crate) fn fill_session(state: &mut State, s: usize) {
    while let Some(best) = staff_options(state, s).into_iter().min_by_key(|o| (o.delta, mediator_of(o))) {
        if best.delta >= 0 {
            break;
        }
        apply(state, best.insertion);
    }
}

fn mediator_of(o: &Scored) -> usize {
    match o.insertion {
        Insertion::Request(_, p) => p.mediator,
        Insertion::Staff(_, m) => m,
    }
}

struct Entry {
    job: Pending,
    options: Vec<Scored>,
    stale: bool,
}

/// Regret insertion: repeatedly places the job with the largest gap between
/// its best and second-best option (leaving it out counts as an option of
/// cost change 0), so that jobs with few good places are served first.
pub(crate) fn regret(state: &mut State, pending: &[Pending], rng: &mut Random, blink: u64) {
    regret_until(state, pending, rng, blink, &mut || false);
}

/// As [`regret`], asking `interrupt` before each placement whether to stop;
/// returns true when it stopped early.
pub(crate) fn regret_until(
    state: &mut State,
    pending: &[Pending],
    rng: &mut Random,
    blink: u64,
    interrupt: &mut dyn FnMut() -> bool,
) -> bool {
    // Requests with roles (teams) are placed after the others, in order.
    let teams: Vec<usize> = pending
        .iter()
        .filter_map(|j| match j {
            Pending::Request(r) if state.prep.problem.requests()[*r].has_roles() => Some(*r),
            _ => None,
        })
        .collect();
    let mut open: Vec<Entry> = pending
        .iter()
        .filter(|j| match j {
            Pending::Request(r) => state.assigned[*r].is_none() && !state.prep.problem.requests()[*r].has_roles(),
            Pending::Session(_) => true,
        })
        .map(|&job| Entry { job, options: Vec::new(), stale: true })
        .collect();
    let prep = state.prep;
    while !open.is_empty() {
        if interrupt() {
            return true;
        }
        for entry in open.iter_mut().filter(|e| e.stale) {
            entry.options = match entry.job {
                Pending::Request(r) => request_options(state, r, rng, blink),
                Pending::Session(s) => staff_options(state, s),
            };
            entry.options.sort_by_key(|o| (o.delta, mediator_of(o)));
            entry.stale = false;
        }
        open.retain(|e| e.options.first().is_some_and(|o| o.delta < 0));
        let Some((index, _)) = open
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let best = e.options[0].delta;
                let alternative = e.options.get(1).map_or(0, |o| o.delta.min(0));
                (i, (alternative - best, -best, std::cmp::Reverse(e.job)))
            })
            .max_by_key(|x| x.1)
        else {
            break;
        };
        let chosen = open[index].options[0].insertion;
        let job = open[index].job;
        apply(state, chosen);
        if matches!(job, Pending::Request(_)) {
            open.swap_remove(index);
        }
        // Mark what the insertion may have changed.
        let (m, office, case, workshop) = match chosen {
            Insertion::Request(r, p) => (p.mediator, Some(prep.problem.requests()[r].office), prep.case_of[r], None),
            Insertion::Staff(s, m) => (m, None, None, Some(prep.sessions[s].workshop)),
        };
        for entry in &mut open {
            let touched = entry.options.iter().any(|o| mediator_of(o) == m)
                || match entry.job {
                    Pending::Request(r) => {
                        office == Some(prep.problem.requests()[r].office) || (case.is_some() && prep.case_of[r] == case)
                    }
                    Pending::Session(s) => {
                        Some(prep.sessions[s].workshop) == workshop
                            || matches!(chosen, Insertion::Staff(x, _) if x == s)
                    }
                };
            if touched {
                entry.stale = true;
            }
        }
    }
    for r in teams {
        super::team::place_team(state, r);
    }
    false
}
