//! Requests with roles (format 1.1, hard rule 10) in the solver: such a
//! request is one job of k seats, one per role, placed all or nothing at
//! one start with distinct mediators. Every seat goes through the rule seam
//! (`State::fits`, each rule's `Feature::fits`); the office counts the
//! meeting once (the first seat's check counts capacity, the others do not:
//! seats of one meeting are on distinct mediators, so they never meet in
//! rules 3, 4 and 5).
//!
//! The seats live beside the requests' placements (`State::teams`): locked
//! teams are placed before the search; the construction and every recreate
//! place a team whole ([`place_team`]), the ruin removes it whole
//! (`Job::Team`), and the best plan's room is filled once more at the end
//! ([`place_teams`]). The search's cost of a team is exact: the
//! request-local terms through `State::team_delta` (unassigned, ranks per
//! role, delay, change, preferred mediator), travel and fairness through
//! its engagements, continuity (distinct mediators minus the widest
//! request) and series through `Change::Team`. The terms' `of_state` sums
//! do not list teams, so the plan's reported cost is the evaluation's
//! (`output::document`).

use super::prepare::Candidate;
use super::state::{Placement, State};
use crate::interval::{covers, merge, Minute};
use crate::model::Modality;

/// One way to fill a seat at a given start, with its own cost (language
/// and modality rank).
#[derive(Debug, Clone, Copy)]
struct Seat {
    placement: Placement,
    score: i64,
}

/// Seat options kept per role at one start (the cheapest), for the search
/// of distinct mediators.
const OPTIONS_PER_ROLE: usize = 6;

/// Places every locked request with roles at its previous start with its
/// previous mediators, each seat in the first of the request's modalities
/// that the mediator offers and that keeps the rules (language: the
/// role's first the mediator serves).
pub(crate) fn place_locked_teams(state: &mut State) {
    let p = state.prep.problem;
    let mut locked: Vec<usize> =
        (0..p.requests().len()).filter(|&r| p.requests()[r].locked && p.requests()[r].has_roles()).collect();
    locked.sort_by_key(|&r| p.requests()[r].previous.map(|x| x.start));
    'teams: for r in locked {
        let request = &p.requests()[r];
        let Some(previous) = request.previous else { continue };
        let end = previous.start + request.duration;
        let mut seats = Vec::with_capacity(request.roles.len());
        for (k, view) in p.role_views(r).iter().enumerate() {
            let Some(m) = request.roles[k].previous else { continue 'teams };
            let mediator = &p.mediators()[m];
            let language = p.usable_languages(view, mediator).next().unwrap_or(0);
            let modalities: Vec<Modality> = p.usable_modalities(view, mediator).map(|i| view.modalities[i]).collect();
            let chosen = modalities
                .iter()
                .copied()
                .find(|&x| state.fits(m, previous.start, end, request.office, x == Modality::InPerson, k == 0).is_ok())
                .or_else(|| modalities.first().copied())
                .unwrap_or(Modality::InPerson);
            seats.push(Placement { mediator: m, start: previous.start, language, modality: chosen });
        }
        state.insert_team(r, seats);
    }
}

/// Places the requests with roles not served yet, most important first
/// (then in file order), each at its cheapest start with distinct
/// mediators where every seat fits the plan; those without such a start
/// stay unassigned.
pub(crate) fn place_teams(state: &mut State) {
    let p = state.prep.problem;
    let mut waiting: Vec<usize> =
        (0..p.requests().len()).filter(|&r| p.requests()[r].has_roles() && state.teams[r].is_none()).collect();
    waiting.sort_by_key(|&r| (-p.weights().unassigned(p.requests()[r].priority), r));
    for r in waiting {
        if let Some(seats) = best_team(state, r) {
            state.insert_team(r, seats);
        }
    }
}

/// Places request `r` (which has roles, not served) at its cheapest team
/// when that lowers the search's cost; returns whether it did.
pub(crate) fn place_team(state: &mut State, r: usize) -> bool {
    if state.teams[r].is_some() {
        return false;
    }
    match best_team(state, r) {
        Some(seats) if state.team_move_delta(r, &seats) < 0 => {
            state.insert_team(r, seats);
            true
        }
        _ => false,
    }
}

/// The cheapest team for request `r` in the plan: a start and one seat per
/// role with distinct mediators, each fitting the plan; cost-aware on the
/// terms a team decides (language and modality ranks, delay, change,
/// preferred mediator).
fn best_team(state: &State, r: usize) -> Option<Vec<Placement>> {
    let prep = state.prep;
    let p = prep.problem;
    let request = &p.requests()[r];
    let candidates: Vec<Vec<Candidate>> = p.role_views(r).iter().map(|v| prep.candidates_for(v)).collect();
    if candidates.iter().any(Vec::is_empty) {
        return None;
    }
    let duration = request.duration;
    let mut starts: Vec<Minute> = Vec::new();
    if let Some(start) = request.fixed_start() {
        starts.push(start);
    } else {
        starts.extend(request.previous.map(|x| x.start));
        let free = merge(candidates[0].iter().flat_map(|c| c.free.iter().copied()));
        let mut day = 0;
        for (low, high) in free {
            let mut t = low;
            while let Some(start) = prep.next_grid_from(t, &mut day) {
                if start + duration > high {
                    break;
                }
                starts.push(start);
                t = start + 1;
            }
        }
    }
    let w = p.weights();
    let earliest = request.window().0;
    let delay = |start: Minute| if request.has_window() { w.delay * (start - earliest).div_euclid(60) } else { 0 };
    let mut best: Option<(i64, Vec<Placement>)> = None;
    for (i, &start) in starts.iter().enumerate() {
        // Later starts only add delay (the previous start, first, aside).
        if i > 0 && best.as_ref().is_some_and(|(total, _)| delay(start) >= *total) {
            break;
        }
        let options: Vec<Vec<Seat>> =
            candidates.iter().enumerate().map(|(k, cands)| seat_options(state, r, k, cands, start)).collect();
        if options.iter().any(Vec::is_empty) {
            continue;
        }
        let mut chosen = Vec::with_capacity(options.len());
        let mut found: Option<(i64, Vec<Placement>)> = None;
        distinct(&options, 0, 0, &mut chosen, &mut |score, seats| {
            let mediators = seats.iter().map(|s| s.mediator);
            let change = match request.previous {
                Some(previous) if previous.start == start && mediators.clone().eq(request.previous_mediators()) => 0,
                Some(_) => w.change,
                None => 0,
            };
            let preferred = match request.preferred_mediator {
                Some(m) if !seats.iter().any(|s| s.mediator == m) => w.preferred_mediator,
                _ => 0,
            };
            let total = score + delay(start) + change + preferred;
            if found.as_ref().is_none_or(|(t, _)| total < *t) {
                found = Some((total, seats.to_vec()));
            }
        });
        if let Some((total, seats)) = found {
            if best.as_ref().is_none_or(|(t, _)| total < *t) {
                best = Some((total, seats));
            }
        }
    }
    best.map(|(_, seats)| seats)
}

/// The cheapest ways to fill role `k`'s seat of request `r` at `start`:
/// per candidate mediator the best modality whose engagement fits the
/// plan (the first seat also counts the office's capacity).
fn seat_options(state: &State, r: usize, k: usize, candidates: &[Candidate], start: Minute) -> Vec<Seat> {
    let p = state.prep.problem;
    let request = &p.requests()[r];
    let w = p.weights();
    let end = start + request.duration;
    let mut out: Vec<Seat> = Vec::new();
    for cand in candidates.iter().filter(|c| covers(&c.free, start, end)) {
        let modes = cand.in_person.map(|pos| (Modality::InPerson, pos)).into_iter().chain(cand.remote);
        let fitting = modes
            .filter(|&(modality, _)| {
                let in_person = modality == Modality::InPerson;
                state.fits(cand.mediator, start, end, request.office, in_person, k == 0).is_ok()
            })
            .min_by_key(|&(_, pos)| pos);
        if let Some((modality, pos)) = fitting {
            let score = w.language_rank * cand.language as i64 + w.modality_rank * pos as i64;
            let placement = Placement { mediator: cand.mediator, start, language: cand.language, modality };
            out.push(Seat { placement, score });
        }
    }
    out.sort_by_key(|s| (s.score, s.placement.mediator));
    out.truncate(OPTIONS_PER_ROLE);
    out
}

/// Every choice of one option per role from role `k` on with distinct
/// mediators (`chosen` holds the earlier roles'), reported with its score.
fn distinct(
    options: &[Vec<Seat>],
    k: usize,
    score: i64,
    chosen: &mut Vec<Placement>,
    report: &mut dyn FnMut(i64, &[Placement]),
) {
    if k == options.len() {
        report(score, chosen);
        return;
    }
    for seat in &options[k] {
        if chosen.iter().any(|c| c.mediator == seat.placement.mediator) {
            continue;
        }
        chosen.push(seat.placement);
        distinct(options, k + 1, score + seat.score, chosen, report);
        chosen.pop();
    }
}
