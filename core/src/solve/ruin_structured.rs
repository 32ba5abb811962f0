//! Structure-aware ruins: larger groups that share the scarce resource, so
//! that recreate can re-pack it rather than shuffle a few requests.
//!
//! - [`office_day`]: every placed request at one office on one day (with
//!   its mediators' other engagements of that day when the day is small).
//! - [`language_day`]: every placed request on one day that shares a
//!   language with a seed request (the mediators who speak it are the
//!   scarce resource when a holiday packs a week into fewer days).

use super::rng::Random;
use super::state::{Job, State};

/// The placed requests at the office of a random placed request, on its day.
pub(crate) fn office_day(state: &State, placed: &[Job], size: usize, rng: &mut Random) -> Vec<Job> {
    let prep = state.prep;
    let p = prep.problem;
    let Some(r0) = seed_request(state, placed, rng) else { return Vec::new() };
    let Some(pl0) = state.assigned[r0] else { return Vec::new() };
    let office = p.requests()[r0].office;
    let day = prep.day_of(pl0.start);
    let (lo, hi) = (prep.day_starts[day], prep.day_starts[day + 1]);
    let mut jobs: Vec<Job> = prep.requests_of_office[office]
        .iter()
        .copied()
        .filter(|&r| state.assigned[r].is_some_and(|pl| pl.start >= lo && pl.start < hi))
        .map(Job::Request)
        .collect();
    cap(&mut jobs, size, rng);
    jobs
}

/// The placed requests on a random placed request's day that share a
/// language with it.
pub(crate) fn language_day(state: &State, placed: &[Job], size: usize, rng: &mut Random) -> Vec<Job> {
    let prep = state.prep;
    let p = prep.problem;
    let Some(r0) = seed_request(state, placed, rng) else { return Vec::new() };
    let Some(pl0) = state.assigned[r0] else { return Vec::new() };
    let language = &p.requests()[r0].languages[pl0.language];
    let day = prep.day_of(pl0.start);
    let (lo, hi) = (prep.day_starts[day], prep.day_starts[day + 1]);
    let mut jobs: Vec<Job> = state
        .assigned
        .iter()
        .enumerate()
        .filter(|(r, a)| {
            a.is_some_and(|pl| pl.start >= lo && pl.start < hi) && p.requests()[*r].languages.contains(language)
        })
        .map(|(r, _)| Job::Request(r))
        .collect();
    cap(&mut jobs, size, rng);
    jobs
}

/// A random placed request (not a session's staff).
fn seed_request(state: &State, placed: &[Job], rng: &mut Random) -> Option<usize> {
    let requests: Vec<usize> =
        placed.iter().filter_map(|j| if let Job::Request(r) = *j { Some(r) } else { None }).collect();
    let _ = state;
    requests.get(rng.below(requests.len())).copied()
}

/// Keeps at most twice `size` jobs, drawn at random.
fn cap(jobs: &mut Vec<Job>, size: usize, rng: &mut Random) {
    let limit = (size * 2).max(4);
    if jobs.len() > limit {
        rng.shuffle(jobs);
        jobs.truncate(limit);
    }
}
