//! Free slots with a small repair: when a new request fits nowhere as the
//! plan stands, the places where it would fit if one or a few unlocked
//! appointments of that mediator (or of that office, when it is full) moved
//! elsewhere, each with the moves and the total cost change.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::plan::{load, placement_problem};
use super::slots::{options, query_request, search, SlotOption, SlotQuery, DEFAULT_LIMIT};
use crate::error::PonteError;
use crate::format::SolutionDoc;
use crate::interval::Minute;
use crate::model::{Modality, Problem, Request};
use crate::solve::session::{Context, Owner, Placement, Session};

/// A place for a new request, possibly after moving other appointments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepairOption {
    /// Where the new request goes; `cost_increase` includes the moves.
    pub option: SlotOption,
    /// The appointments that move to make room (empty when it fits as is).
    pub moves: Vec<SlotMove>,
}

/// One appointment moved to make room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotMove {
    /// Request id.
    pub request: String,
    /// Mediator before.
    pub from_mediator: String,
    /// Start before.
    pub from_start: String,
    /// Mediator after.
    pub to_mediator: String,
    /// Start after.
    pub to_start: String,
}

/// Starts tried per query before giving up.
const ATTEMPTS: usize = 400;
/// Minutes around the new engagement whose appointments may move.
const MARGIN: Minute = 0;

/// Like [`super::free_slots`], but when nothing fits as the plan stands,
/// proposes places that need a small repair: the unlocked appointments in
/// the way (of that mediator around that time, and of the office when it is
/// full) move to their best other place. Options are ranked by the total
/// cost change. The plan itself is not changed: book the moves with
/// [`super::book`], in the order given (each fits when it is booked), and
/// then the new request.
pub fn free_slots_with_repair(
    problem: &Problem,
    plan: &SolutionDoc,
    query: &SlotQuery,
) -> Result<Vec<RepairOption>, PonteError> {
    // The candidates of every request: the appointments in the way need theirs to move.
    let context = Context::new(problem);
    let state = load(&context, plan)?;
    let (request, case) = query_request(problem, &context, query)?;
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    let direct = search(&state, &request, case, limit);
    if !direct.is_empty() {
        let found = options(problem, &request, direct, |m| problem.mediators()[m].id.clone());
        return Ok(found.into_iter().map(|option| RepairOption { option, moves: Vec::new() }).collect());
    }
    let mut found: Vec<(i64, RepairOption)> = Vec::new();
    let mut attempts = 0;
    'search: for cand in context.candidates_for(&request) {
        let modes = cand.in_person.map(|_| Modality::InPerson).into_iter().chain(cand.remote.map(|(m, _)| m));
        for modality in modes {
            for &(low, high) in &cand.free {
                let mut t = low;
                while let Some(start) = context.next_grid(t) {
                    t = start + problem.slot_minutes();
                    let end = start + request.duration;
                    if end > high {
                        break;
                    }
                    attempts += 1;
                    if attempts > ATTEMPTS {
                        break 'search;
                    }
                    let Some(blockers) = blockers(&state, cand.mediator, start, end, request.office) else { continue };
                    if blockers.is_empty() {
                        continue;
                    }
                    let mut trial = state.clone();
                    for &r in &blockers {
                        trial.remove(r);
                    }
                    let in_person = modality == Modality::InPerson;
                    if !trial.fits(cand.mediator, (start, end), request.office, in_person, true) {
                        continue;
                    }
                    let placement = Placement { mediator: cand.mediator, start, language: cand.language, modality };
                    trial.block(cand.mediator, usize::MAX, (start, end), request.office, in_person);
                    trial.add_office_load(request.office, (start, end));
                    let mut moves = Vec::new();
                    for &r in &blockers {
                        let Some(to) = trial.place_cheapest(r) else { break };
                        moves.push((r, to));
                    }
                    if moves.len() != blockers.len() {
                        continue;
                    }
                    // The moves are booked one at a time on the plan as it
                    // stands (`book`), then the new request: keep an order in
                    // which every step fits, or drop the option (two
                    // appointments swapping places cannot be booked so).
                    // The cost is that of those bookings.
                    let Some((moves, total)) = booked_in_order(&state, &moves, &request, case, &placement) else {
                        continue;
                    };
                    let option =
                        options(problem, &request, vec![(total, placement)], |m| problem.mediators()[m].id.clone())
                            .into_iter()
                            .next();
                    let Some(option) = option else { continue };
                    let moves = moves
                        .into_iter()
                        .map(|(r, to)| {
                            let from = state.placements()[r].unwrap_or(to);
                            SlotMove {
                                request: problem.requests()[r].id.clone(),
                                from_mediator: problem.mediators()[from.mediator].id.clone(),
                                from_start: problem.clock().format(from.start),
                                to_mediator: problem.mediators()[to.mediator].id.clone(),
                                to_start: problem.clock().format(to.start),
                            }
                        })
                        .collect();
                    found.push((total, RepairOption { option, moves }));
                }
            }
        }
    }
    found.sort_by(|a, b| {
        (a.0, &a.1.option.start, &a.1.option.mediator).cmp(&(b.0, &b.1.option.start, &b.1.option.mediator))
    });
    found.truncate(limit);
    Ok(found.into_iter().map(|x| x.1).collect())
}

/// Books `moves` (request, new place) on a copy of the plan's state one at
/// a time, as [`super::book`] does given only a mediator and a start, then
/// the new request at `placement`: the first order of the moves in which
/// every step fits, with the booked places and the total cost change (the
/// moves' changes plus what the new request adds where it then goes, as
/// [`super::free_slots`] would price it); `None` when no order fits.
fn booked_in_order(
    state: &Session,
    moves: &[(usize, Placement)],
    request: &Request,
    case: Option<usize>,
    placement: &Placement,
) -> Option<(Vec<(usize, Placement)>, i64)> {
    'orders: for order in orders(moves.len()) {
        let mut trial = state.clone();
        let mut booked = Vec::new();
        for i in order {
            let (r, to) = moves[i];
            let Some(placed) = book_default(&mut trial, r, to.mediator, to.start) else { continue 'orders };
            booked.push((r, placed));
        }
        if !trial.fits_request(request, placement) {
            continue;
        }
        let total = trial.cost() - state.cost() + trial.placement_cost(request, case, placement);
        return Some((booked, total));
    }
    None
}

/// What [`super::book`] does for request `r` given only mediator `m` and
/// `start`: the request's first language the mediator serves, its first
/// modality that keeps the hard rules; `None` where it would refuse.
fn book_default(state: &mut Session, r: usize, m: usize, start: Minute) -> Option<Placement> {
    let p = state.problem();
    let request = &p.requests()[r];
    let mediator = &p.mediators()[m];
    let left = state.remove(r);
    let language = p.usable_languages(request, mediator).next()?;
    for modality in p.usable_modalities(request, mediator).map(|i| request.modalities[i]) {
        if placement_problem(p, request, m, start, &request.languages[language], modality).is_some() {
            continue;
        }
        let placement = Placement { mediator: m, start, language, modality };
        if state.fits_request(request, &placement) {
            state.place(r, placement);
            // As `book`: the day the request left keeps rule 9.
            if left.is_some_and(|old| state.break_missing(old.mediator, old.start).is_some()) {
                return None;
            }
            return Some(placement);
        }
    }
    None
}

/// Every order of `0..n`, the identity first.
fn orders(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for rest in orders(n - 1) {
        for i in (0..=rest.len()).rev() {
            let mut order = rest.clone();
            order.insert(i, n - 1);
            out.push(order);
        }
    }
    out
}

/// The unlocked requests in the way of `[start, end)` for mediator `m` (and
/// at the office when it has a capacity); `None` when a session, a busy
/// time or a locked request is in the way.
fn blockers(state: &Session, m: usize, start: Minute, end: Minute, office: usize) -> Option<Vec<usize>> {
    let p = state.problem();
    let mut out = Vec::new();
    for e in state.engagements(m) {
        if e.start < end + MARGIN && e.end + MARGIN > start {
            match e.owner {
                // A request with roles (a meeting) is not moved by a repair.
                Owner::Request(r) if !p.requests()[r].locked && !p.requests()[r].has_roles() => out.push(r),
                Owner::Request(_) | Owner::Session(_) | Owner::External(_) => return None,
            }
        }
    }
    if p.offices()[office].capacity.is_some() {
        for (r, placement) in state.placements().iter().enumerate() {
            if let Some(pl) = placement {
                let other = &p.requests()[r];
                if other.office == office && pl.start < end && pl.start + other.duration > start && !other.locked {
                    out.push(r);
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    (out.len() <= 3).then_some(out)
}
