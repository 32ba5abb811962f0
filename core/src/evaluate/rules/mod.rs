//! The hard rules of format section 3, one file per rule, each behind the
//! [`HardRule`] trait.
//!
//! A rule looks at the plan through a few hooks; the evaluation calls every
//! rule's hook of one phase before the next phase, in the checker's order:
//! each assignment (rules 1 and 2), each request (rule 7), each session's
//! staffing (rule 8), each mediator's schedule (rules 3, 4 and 5), each
//! office (rule 6). So the violations come out in the order the
//! independent checker reports them.
//!
//! # Adding a hard rule (today)
//!
//! A rule still has three homes, which must agree (the conformance suites
//! and `tests/booking_checked.rs` check that they do):
//!
//! 1. its evaluation here: a new file with a [`HardRule`] and one entry in
//!    [`HARD_RULES`];
//! 2. the solver's incremental check: a clause of `solve::state::State::fits`
//!    with its `FitRule` variant (what it needs per mediator
//!    or office precomputed in `solve::prepare`), or for rules of a single
//!    placement a filter of `solve::prepare`'s candidates;
//! 3. booking's refusal: nothing more for a `fits` clause (the refusal code
//!    is `FitRule::code`, the message in `booking::plan::misfit_reason`);
//!    for a rule of a single placement, a clause of
//!    `booking::plan::placement_problem`; a reason code for unassigned
//!    requests in [`crate::evaluate::reasons`] when the rule can leave a
//!    request unserved.
//!
//! Cost terms have one list, [`crate::cost_terms::COST_TERMS`];
//! `core/tests/cost_terms.rs` names every place a new term must reach.

mod capacity;
mod limits;
mod locked;
mod overlap;
mod placement;
mod suitability;
mod travel;
mod workshops;

pub use capacity::Capacity;
pub use limits::Limits;
pub use locked::Locked;
pub use overlap::Overlap;
pub use placement::Placement;
pub use suitability::Suitability;
pub use travel::Travel;
pub use workshops::WorkshopStaffing;

use super::plan::{Engagement, Plan};
use super::read::{Assignment, Staffing};
use super::violation::Findings;
use crate::interval::Minute;
use crate::model::Problem;

/// One hard rule of section 3. Each hook has a default that finds nothing.
pub trait HardRule: Sync {
    /// The rule's number in section 3 (1-8).
    fn number(&self) -> u8;

    /// A short name, e.g. `"no overlap"`.
    fn name(&self) -> &'static str;

    /// Checks one assignment of the plan (the first well-formed one of its request).
    fn check_assignment(&self, _plan: &Plan<'_>, _assignment: &Assignment, _out: &mut Findings) {}

    /// Checks one request of the problem against the plan.
    fn check_request(&self, _plan: &Plan<'_>, _request: usize, _out: &mut Findings) {}

    /// Checks the staffing of one held session.
    fn check_staffing(&self, _plan: &Plan<'_>, _staffing: &Staffing, _out: &mut Findings) {}

    /// Checks one mediator's engagements, in `(start, end, label)` order.
    fn check_schedule(&self, _plan: &Plan<'_>, _mediator: usize, _engagements: &[Engagement], _out: &mut Findings) {}

    /// Checks one office.
    fn check_office(&self, _plan: &Plan<'_>, _office: usize, _out: &mut Findings) {}
}

/// The eight hard rules, by number.
pub static HARD_RULES: [&dyn HardRule; 8] =
    [&Suitability, &Placement, &Overlap, &Travel, &Limits, &Capacity, &Locked, &WorkshopStaffing];

/// Runs every rule over the plan, phase by phase.
pub fn check_all(plan: &Plan<'_>, out: &mut Findings) {
    for assignment in plan.assignments() {
        for rule in HARD_RULES {
            rule.check_assignment(plan, assignment, out);
        }
    }
    for request in 0..plan.problem().requests().len() {
        for rule in HARD_RULES {
            rule.check_request(plan, request, out);
        }
    }
    for staffing in plan.staffings() {
        for rule in HARD_RULES {
            rule.check_staffing(plan, staffing, out);
        }
    }
    for (mediator, engagements) in plan.schedules() {
        for rule in HARD_RULES {
            rule.check_schedule(plan, *mediator, engagements, out);
        }
    }
    for office in 0..plan.problem().offices().len() {
        for rule in HARD_RULES {
            rule.check_office(plan, office, out);
        }
    }
}

/// `label start-end` of an engagement, as messages show it.
pub(crate) fn describe(problem: &Problem, e: &Engagement) -> String {
    let clock = problem.clock();
    format!("{} {}-{}", e.label, clock.describe(e.start), clock.describe(e.end))
}

/// `(absent)` when an absence of the mediator meets `[start, end)`, else `(outside availability)`.
pub(crate) fn absence_detail(problem: &Problem, mediator: usize, start: Minute, end: Minute) -> &'static str {
    if problem.mediators()[mediator].absences.iter().any(|&(a, b)| a < end && start < b) {
        " (absent)"
    } else {
        " (outside availability)"
    }
}

/// A string as Python's `json.dumps` writes it (ASCII only).
pub(crate) fn json_ascii(text: &str) -> String {
    crate::json::python_quote(text, true)
}
