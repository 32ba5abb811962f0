//! Booking operations on a plan: book a request at a chosen option, cancel
//! one, lock one. Each returns the updated plan and its cost change, and
//! refuses with a typed error what would break a hard rule.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::plan::{load, parse_start, placement_problem, refused};
use crate::error::PonteError;
use crate::format::{PreviousDoc, ProblemDoc, SolutionDoc};
use crate::model::{Modality, Problem};
use crate::solve::session::{Context, Placement, Session};

/// Where to book a request: a mediator and a start, and optionally the
/// language and modality (by default the request's most preferred ones
/// that the mediator serves and that fit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingChoice {
    /// Mediator id.
    pub mediator: String,
    /// Local start `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// Language to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Modality to use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<Modality>,
}

/// The plan after an operation, and what it changed in the cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingOutcome {
    /// The updated plan.
    pub solution: SolutionDoc,
    /// New total cost minus old total cost.
    pub cost_delta: i64,
}

fn request_index(problem: &Problem, request: &str) -> Result<usize, PonteError> {
    problem
        .request_index(request)
        .ok_or_else(|| refused("UNKNOWN_REFERENCE", "request", format!("no request '{request}'")))
}

/// Books request `request` (an id of the problem) at `choice`. A request
/// already assigned is moved there. Refuses a locked request (`LOCKED`) and
/// any choice that breaks a hard rule, with the checker's code for the rule
/// (`LANGUAGE_NOT_SERVED`, `OUTSIDE_AVAILABILITY`, `OVERLAP`, `TRAVEL_TIME`,
/// `DAILY_LIMIT`, `CAPACITY_EXCEEDED`, ...).
pub fn book(
    problem: &Problem,
    plan: &SolutionDoc,
    request: &str,
    choice: &BookingChoice,
) -> Result<BookingOutcome, PonteError> {
    let target = Target::of(problem, request, choice)?;
    let context = Context::light(problem);
    let mut state = load(&context, plan)?;
    let before = state.cost();
    book_in(&mut state, &target, request, choice)?;
    let solution = state.document();
    Ok(BookingOutcome { cost_delta: state.cost() - before, solution })
}

/// A booking's request, mediator and start, as indices and a minute.
pub(super) struct Target {
    r: usize,
    m: usize,
    start: crate::interval::Minute,
}

impl Target {
    /// Resolves the ids and the start of a booking (before any plan is read).
    pub(super) fn of(problem: &Problem, request: &str, choice: &BookingChoice) -> Result<Target, PonteError> {
        let r = request_index(problem, request)?;
        if problem.requests()[r].has_roles() {
            let message = format!(
                "request '{request}' has roles: booking one mediator does not serve it (replan places it, all roles at once)"
            );
            return Err(refused("ROLES_NOT_SUPPORTED", "request", message));
        }
        let m = problem
            .mediator_index(&choice.mediator)
            .ok_or_else(|| refused("UNKNOWN_REFERENCE", "mediator", format!("no mediator '{}'", choice.mediator)))?;
        let start = parse_start(problem, &choice.start).ok_or_else(|| {
            refused("BAD_DATETIME", "start", format!("'{}' is not an existing local date-time", choice.start))
        })?;
        Ok(Target { r, m, start })
    }
}

/// [`book`] on a loaded plan: the state is changed only when it succeeds.
pub(super) fn book_in(
    state: &mut Session<'_>,
    target: &Target,
    request: &str,
    choice: &BookingChoice,
) -> Result<(), PonteError> {
    let problem = state.problem();
    let Target { r, m, start } = *target;
    let req = &problem.requests()[r];
    if req.locked && state.placements()[r].is_some_and(|p| p.mediator != m || p.start != start) {
        return Err(refused("LOCKED", "request", format!("request '{request}' is locked to its previous assignment")));
    }
    let left = state.remove(r);
    // Puts the request back where it was before answering an error.
    let undo = |state: &mut Session<'_>, error: PonteError| {
        state.remove(r);
        if let Some(old) = left {
            state.place(r, old);
        }
        Err(error)
    };
    let mediator = &problem.mediators()[m];
    let languages: Vec<usize> = match &choice.language {
        Some(l) => req.languages.iter().position(|x| x == l).into_iter().collect(),
        None => problem.usable_languages(req, mediator).collect(),
    };
    let modalities: Vec<Modality> = match choice.modality {
        Some(x) => vec![x],
        None => problem.usable_modalities(req, mediator).map(|i| req.modalities[i]).collect(),
    };
    let Some(&language) = languages.first() else {
        let message = format!("mediator '{}' serves none of the request's languages", mediator.id);
        return undo(state, refused("LANGUAGE_NOT_SERVED", "language", message));
    };
    let mut last = None;
    for modality in modalities {
        if let Some((code, message)) = placement_problem(problem, req, m, start, &req.languages[language], modality) {
            last = Some((code, message));
            continue;
        }
        let end = start + req.duration;
        if let Some((code, message)) = state.refusal(m, (start, end), req.office, modality == Modality::InPerson, true)
        {
            last = Some((code, message));
            continue;
        }
        state.place(r, Placement { mediator: m, start, language, modality });
        // The day it leaves keeps rule 9 (a removal can merge two work blocks).
        if let Some((code, message)) = left.and_then(|old| state.break_missing(old.mediator, old.start)) {
            return undo(state, refused(code, "choice", format!("moving request '{request}': {message}")));
        }
        return Ok(());
    }
    let (code, message) = last.unwrap_or((
        "MODALITY_NOT_OFFERED",
        format!("mediator '{}' offers none of the request's modalities", mediator.id),
    ));
    undo(state, refused(code, "choice", message))
}

/// Cancels the assignment of request `request`: it becomes unassigned (with
/// its reason). Refuses a locked request (`LOCKED`), one that is not
/// assigned (`NOT_ASSIGNED`), and one whose removal would leave its
/// mediator's day without a break (`BREAK_MISSING`, format 1.1: the travel
/// between the in-person engagements around it then counts in other gaps).
pub fn cancel(problem: &Problem, plan: &SolutionDoc, request: &str) -> Result<BookingOutcome, PonteError> {
    let r = request_index(problem, request)?;
    let context = Context::light(problem);
    let mut state = load(&context, plan)?;
    if problem.requests()[r].locked {
        return Err(refused("LOCKED", "request", format!("request '{request}' is locked")));
    }
    let before = state.cost();
    if problem.requests()[r].has_roles() {
        // The cost terms do not see requests with roles: compare the plans' documents.
        let before = state.document().cost.total;
        let Some(seats) = state.remove_team(r) else {
            return Err(refused("NOT_ASSIGNED", "request", format!("request '{request}' is not assigned")));
        };
        // Rule 9 on each seat's day, as below.
        for seat in seats {
            if let Some((code, message)) = state.break_missing(seat.mediator, seat.start) {
                return Err(refused(code, "request", format!("cancelling request '{request}': {message}")));
            }
        }
        let solution = state.document();
        return Ok(BookingOutcome { cost_delta: solution.cost.total - before, solution });
    }
    let Some(left) = state.remove(r) else {
        return Err(refused("NOT_ASSIGNED", "request", format!("request '{request}' is not assigned")));
    };
    // Rule 9: without this engagement, the travel between the mediator's
    // in-person engagements around it may be taken from other gaps of the
    // day, merging two work blocks; such a cancellation needs a replan.
    if let Some((code, message)) = state.break_missing(left.mediator, left.start) {
        return Err(refused(code, "request", format!("cancelling request '{request}': {message}")));
    }
    let solution = state.document();
    Ok(BookingOutcome { cost_delta: state.cost() - before, solution })
}

/// The problem with request `request` locked where the plan has it
/// (`previous` set to its assignment, replacing an earlier `previous`, and
/// `locked: true`), and the plan with its cost under the locked problem:
/// `cost_delta` is negative when an earlier, different `previous` paid the
/// `change` term. The locked request keeps its mediator and start; its
/// language and modality stay the solver's choice (rule 7). Refuses a
/// request that is not assigned.
pub fn lock(problem: &Problem, plan: &SolutionDoc, request: &str) -> Result<(ProblemDoc, BookingOutcome), PonteError> {
    let r = request_index(problem, request)?;
    let context = Context::light(problem);
    let state = load(&context, plan)?;
    let not_assigned = || refused("NOT_ASSIGNED", "request", format!("request '{request}' is not assigned"));
    let previous = if problem.requests()[r].has_roles() {
        // A request with roles keeps its start and every role's mediator.
        let seats = state.teams()[r].as_ref().ok_or_else(not_assigned)?;
        let mediators = seats.iter().map(|s| problem.mediators()[s.mediator].id.clone()).collect();
        PreviousDoc {
            mediator: String::new(),
            start: problem.clock().format(seats[0].start),
            mediators: Some(mediators),
        }
    } else {
        let placement = state.placements()[r].ok_or_else(not_assigned)?;
        PreviousDoc {
            mediator: problem.mediators()[placement.mediator].id.clone(),
            start: problem.clock().format(placement.start),
            mediators: None,
        }
    };
    let before = if problem.requests().iter().any(|x| x.has_roles()) {
        // The cost terms do not see requests with roles: the document's cost is the evaluation's.
        state.document().cost.total
    } else {
        state.breakdown().total
    };
    let mut doc = problem.document().clone();
    let entry = doc
        .requests
        .get_mut(r)
        .ok_or_else(|| refused("UNKNOWN_REFERENCE", "request", "request not in the document"))?;
    entry.previous = Some(previous);
    entry.locked = Some(true);
    let locked = Problem::from_doc(&doc)?;
    let context = Context::light(&locked);
    let state = load(&context, plan)?;
    let solution = state.document();
    let cost_delta = solution.cost.total - before;
    Ok((doc, BookingOutcome { solution, cost_delta }))
}
