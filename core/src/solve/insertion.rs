//! Where a job fits best in the current plan: the cheapest feasible
//! placement of a request (mediator, start, language, modality), or the
//! mediator whose presence helps a workshop session most.
//!
//! For a request and a mediator, the cost of a start grows with the delay
//! and otherwise depends only on the neighbouring engagements, so within
//! each gap of the mediator's day the earliest feasible start on the grid is
//! the best one; the scan jumps from gap to gap.

use super::prepare::Candidate;
use super::rng::Random;
use super::state::{Misfit, Placement, State};
use crate::interval::{covers, Minute};
use crate::model::Modality;

/// The best placement of a request, or the best mediator for a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Insertion {
    Request(usize, Placement),
    Staff(usize, usize),
}

/// An insertion with its cost change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scored {
    pub delta: i64,
    pub insertion: Insertion,
}

/// The cheapest placement of request `r` for each candidate mediator
/// (`blink`: percent of mediators skipped at random, for diversity).
pub(crate) fn request_options(state: &State, r: usize, rng: &mut Random, blink: u64) -> Vec<Scored> {
    let prep = state.prep;
    let mut out = Vec::new();
    // Clock times some cost term prefers (a series' time), tried on every day besides the scan.
    let request = &prep.problem.requests()[r];
    let clocks = if request.fixed_start().is_none() { state.preferred_clocks(r) } else { Vec::new() };
    let preferred = preferred_starts(state, &clocks);
    for cand in &prep.candidates[r] {
        if blink > 0 && rng.chance(blink) {
            continue;
        }
        if let Some(best) = best_with(state, r, cand, &preferred) {
            out.push(best);
        }
    }
    out
}

/// The single cheapest placement of request `r`.
pub(crate) fn best_request(state: &State, r: usize, rng: &mut Random, blink: u64) -> Option<Scored> {
    request_options(state, r, rng, blink).into_iter().min_by_key(|s| (s.delta, key(&s.insertion)))
}

fn key(insertion: &Insertion) -> (usize, Minute) {
    match insertion {
        Insertion::Request(_, p) => (p.mediator, p.start),
        Insertion::Staff(s, m) => (*m, *s as Minute),
    }
}

fn best_with(state: &State, r: usize, cand: &Candidate, preferred: &[Minute]) -> Option<Scored> {
    let prep = state.prep;
    let request = &prep.problem.requests()[r];
    let mut best: Option<Scored> = None;
    let mut consider = |state: &State, start: Minute, modality: Modality| {
        let placement = Placement { mediator: cand.mediator, start, language: cand.language, modality };
        let delta = state.request_delta(r, &placement);
        if best.is_none_or(|b| delta < b.delta) {
            best = Some(Scored { delta, insertion: Insertion::Request(r, placement) });
        }
    };
    let modes = cand.in_person.map(|_| Modality::InPerson).into_iter().chain(cand.remote.map(|(m, _)| m));
    let duration = request.duration;
    for modality in modes {
        let in_person = modality == Modality::InPerson;
        if let Some(start) = request.fixed_start() {
            if covers(&cand.free, start, start + duration)
                && state.fits(cand.mediator, start, start + duration, request.office, in_person, true).is_ok()
            {
                consider(state, start, modality);
            }
            continue;
        }
        if let Some(previous) = request.previous {
            let start = previous.start;
            if covers(&cand.free, start, start + duration)
                && state.fits(cand.mediator, start, start + duration, request.office, in_person, true).is_ok()
            {
                consider(state, start, modality);
            }
        }
        let mut day = 0;
        for &(low, high) in &cand.free {
            let mut t = low;
            while let Some(start) = prep.next_grid_from(t, &mut day) {
                if start + duration > high {
                    break;
                }
                match state.fits(cand.mediator, start, start + duration, request.office, in_person, true) {
                    Ok(()) => {
                        consider(state, start, modality);
                        // Later starts in this gap only add delay: jump to the next gap or day.
                        let list = state.engagements(cand.mediator);
                        let i = list.partition_point(|e| e.start < start + duration);
                        let next_day = prep.day_starts[day + 1];
                        t = list.get(i).map_or(next_day, |e| e.end.min(next_day)).max(start + 1);
                    }
                    Err(Misfit { retry_from, .. }) => t = retry_from.max(start + 1),
                }
            }
        }
        for &start in preferred {
            if covers(&cand.free, start, start + duration)
                && state.fits(cand.mediator, start, start + duration, request.office, in_person, true).is_ok()
            {
                consider(state, start, modality);
            }
        }
    }
    best
}

/// The starts on the grid, one per horizon day and clock time, at the
/// local clock times `clocks` (empty when none).
fn preferred_starts(state: &State, clocks: &[i64]) -> Vec<Minute> {
    if clocks.is_empty() {
        return Vec::new();
    }
    let prep = state.prep;
    let p = prep.problem;
    let clock = p.clock();
    let mut starts = Vec::new();
    for &day_start in &prep.day_starts[..prep.day_starts.len() - 1] {
        let date = clock.local_date(day_start);
        starts.extend(clocks.iter().filter_map(|&c| clock.local_minute(date, c)).filter(|&s| p.on_grid(s)));
    }
    starts
}

/// The mediators who would add coverage to session job `s`, with their cost change.
pub(crate) fn staff_options(state: &State, s: usize) -> Vec<Scored> {
    let job = &state.prep.sessions[s];
    let missing = job.all & !state.covered[s];
    if missing == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &(m, mask) in &job.staff {
        if mask & missing == 0 || state.staffing[s].contains(&m) {
            continue;
        }
        if state.fits(m, job.start, job.end, job.office, true, false).is_ok() {
            out.push(Scored { delta: state.staff_delta(s, m, mask), insertion: Insertion::Staff(s, m) });
        }
    }
    out
}

/// Applies an insertion.
pub(crate) fn apply(state: &mut State, insertion: Insertion) {
    match insertion {
        Insertion::Request(r, placement) => state.insert_request(r, placement),
        Insertion::Staff(s, m) => state.insert_staff(s, m),
    }
}
