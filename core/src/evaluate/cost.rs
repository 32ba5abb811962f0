//! The cost terms of format section 4, one function per kind of
//! contribution, shared by the full evaluation and the solver's incremental
//! scoring so that both always agree.

use crate::format::CostDoc;
use crate::interval::Minute;
use crate::model::{Modality, Place, Problem, Request, TravelUndefined};

/// The terms one assigned request contributes by itself: `language_rank`,
/// `modality_rank`, `preferred_mediator` and `delay` (`change` is separate,
/// since it also applies to unassigned requests).
///
/// `language` and `modality` are what the assignment uses; a language or
/// modality that is not the request's contributes nothing (it is a rule-1
/// violation instead).
pub fn assignment_terms(
    problem: &Problem,
    request: &Request,
    mediator: usize,
    start: Minute,
    language: &str,
    modality: Modality,
) -> CostDoc {
    let w = problem.weights();
    let mut cost = CostDoc::default();
    if let Some(pos) = request.languages.iter().position(|l| l == language) {
        cost.language_rank = w.language_rank * pos as i64;
    }
    if let Some(pos) = request.modalities.iter().position(|m| *m == modality) {
        cost.modality_rank = w.modality_rank * pos as i64;
    }
    if request.preferred_mediator.is_some_and(|p| p != mediator) {
        cost.preferred_mediator = w.preferred_mediator;
    }
    if let crate::model::Timing::Window { earliest, .. } = request.timing {
        cost.delay = w.delay * (start - earliest).div_euclid(60);
    }
    cost
}

/// The sum of [`assignment_terms`]: what one assigned request contributes
/// by itself to the cost, `change` aside (the solver's incremental scoring).
#[inline(always)]
pub fn assignment_total(terms: &CostDoc) -> i64 {
    terms.language_rank + terms.modality_rank + terms.preferred_mediator + terms.delay
}

/// The `change` term of a request: its weight when it has a `previous`
/// assignment and is unassigned or assigned to another mediator or start.
pub fn change_term(problem: &Problem, request: &Request, assigned: Option<(usize, Minute)>) -> i64 {
    match (request.previous, assigned) {
        (None, _) => 0,
        (Some(p), Some((m, s))) if p.mediator == m && p.start == s => 0,
        (Some(_), _) => problem.weights().change,
    }
}

/// The `unassigned` term of an unassigned request.
pub fn unassigned_term(problem: &Problem, request: &Request) -> i64 {
    problem.weights().unassigned(request.priority)
}

/// Travel minutes of one mediator's day: home to the first in-person
/// engagement, between consecutive ones, last one home. `offices` are the
/// offices of that day's in-person engagements in plan order. Undefined
/// travel counts 0 and is reported.
pub fn day_travel_minutes(problem: &Problem, home: Place, offices: &[usize]) -> (i64, Vec<TravelUndefined>) {
    let mut total = 0;
    let mut undefined = Vec::new();
    if offices.is_empty() {
        return (0, undefined);
    }
    let mut at = home;
    for &office in offices.iter().chain(std::iter::once(&usize::MAX)) {
        let next = if office == usize::MAX { home } else { Place::Office(office) };
        match problem.travel_minutes(at, next) {
            Ok(minutes) => total += minutes,
            Err(e) => undefined.push(e),
        }
        at = next;
    }
    (total, undefined)
}

/// Continuity units of a case or workshop: distinct mediators used minus 1 (0 when none).
pub fn continuity_units(distinct_mediators: usize) -> i64 {
    distinct_mediators.saturating_sub(1) as i64
}
