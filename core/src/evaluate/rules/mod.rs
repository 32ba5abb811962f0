//! The hard rules of format section 3, one file per rule, each behind the
//! [`HardRule`] trait.
//!
//! A rule looks at the plan through a few hooks; the evaluation calls every
//! rule's hook of one phase before the next phase, in the checker's order:
//! each assignment (rules 1 and 2), each request (rule 7), each session's
//! staffing (rule 8), each mediator's schedule (rules 3, 4, 5 and 9), each
//! office (rule 6); rule 10 (roles) looks at each request. So the violations come out in the order the
//! independent checker reports them.
//!
//! # One home per rule
//!
//! Each rule's file is the only place that knows it. Its `Feature`
//! serves:
//!
//! - the evaluation of a whole plan (the hooks above, through [`HardRule`]
//!   and [`HARD_RULES`]);
//! - the solver's incremental check (`Feature::fits`: whether one more
//!   engagement keeps the rule in the solver's state, seen through
//!   `Schedule`, else a `Misfit` with the first minute worth trying);
//! - booking's refusal (`Feature::code`, `Feature::refusal`, and for
//!   rules of a single placement `Feature::placement_problem`);
//! - the solver's candidate filter (`Feature::admits`);
//! - the explanation (`Feature::NAME`, the violations' messages).
//!
//! The `rules!` registry below lists the rules once, in section 3's
//! order. It generates [`HARD_RULES`], `RuleId`, and the functions the
//! solver and booking call (`fits`, `refusal`, `placement_problem`,
//! `admits`), each calling every rule in the registry's order with static
//! dispatch, so the solver's check is as fast as one written by hand. The
//! order matters: it decides which misfit the solver sees first, hence
//! where it tries next, hence the plans.
//!
//! # Adding a hard rule
//!
//! 1. A new file here, `my_rule.rs`, with a unit struct `MyRule` and its
//!    `impl Feature for MyRule`: `NUMBER`, `NAME`, the evaluation hooks it
//!    needs, and if it limits where an engagement may go, `fits`, `code`
//!    and `refusal` (what it needs of the solver's state: a method of
//!    `Schedule`, which `solve::state` implements); if it limits a single
//!    placement, `placement_problem` and `admits`.
//! 2. One line: `my_rule::MyRule` in the `rules!` list below, at its place
//!    in the order (the registry declares the module and re-exports the
//!    struct).
//!
//! That is all the solver, booking and evaluation need. A rule that can
//! leave a request unserved may also want a reason code in
//! [`crate::evaluate::reasons`], and a rule that needs new state (a count
//! the state does not keep yet) a field of `solve::state::State` behind a
//! new `Schedule` method.
//!
//! Cost terms have the same shape: one file per term in
//! [`crate::evaluate::terms`], listed once in [`crate::cost_terms`];
//! `core/tests/cost_terms.rs` names every place a new term must reach.

mod feature;

pub(crate) use feature::{Engagement, Feature, Fit, Misfit, Owner, Schedule};

use super::plan::{Engagement as PlanEngagement, Plan};
use super::read::{Assignment, Staffing};
use super::violation::Findings;
use crate::interval::Minute;
use crate::model::{Modality, Problem, Request};

/// One hard rule of section 3, as evaluation sees it (object safe; each
/// rule's `Feature` implements it through the registry).
pub trait HardRule: Sync {
    /// The rule's number in section 3 (1-9).
    fn number(&self) -> u8;

    /// A short name, e.g. `"no overlap"`.
    fn name(&self) -> &'static str;

    /// Checks one assignment of the plan (the first well-formed one of its request).
    fn check_assignment(&self, plan: &Plan<'_>, assignment: &Assignment, out: &mut Findings);

    /// Checks one request of the problem against the plan.
    fn check_request(&self, plan: &Plan<'_>, request: usize, out: &mut Findings);

    /// Checks the staffing of one held session.
    fn check_staffing(&self, plan: &Plan<'_>, staffing: &Staffing, out: &mut Findings);

    /// Checks one mediator's engagements, in `(start, end, label)` order.
    fn check_schedule(&self, plan: &Plan<'_>, mediator: usize, engagements: &[PlanEngagement], out: &mut Findings);

    /// Checks one office.
    fn check_office(&self, plan: &Plan<'_>, office: usize, out: &mut Findings);
}

/// The registry: every rule once, in order (see the module's doc).
macro_rules! rules {
    ($($module:ident :: $rule:ident),+ $(,)?) => {
        $(mod $module;)+
        $(pub use $module::$rule;)+

        /// Which rule a `Misfit` is of (every rule has one, also those
        /// without an incremental check).
        #[allow(dead_code)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum RuleId {
            $($rule,)+
        }

        $(impl HardRule for $rule {
            fn number(&self) -> u8 {
                <$rule as Feature>::NUMBER
            }
            fn name(&self) -> &'static str {
                <$rule as Feature>::NAME
            }
            fn check_assignment(&self, plan: &Plan<'_>, assignment: &Assignment, out: &mut Findings) {
                Feature::check_assignment(self, plan, assignment, out)
            }
            fn check_request(&self, plan: &Plan<'_>, request: usize, out: &mut Findings) {
                Feature::check_request(self, plan, request, out)
            }
            fn check_staffing(&self, plan: &Plan<'_>, staffing: &Staffing, out: &mut Findings) {
                Feature::check_staffing(self, plan, staffing, out)
            }
            fn check_schedule(&self, plan: &Plan<'_>, mediator: usize, engagements: &[PlanEngagement], out: &mut Findings) {
                Feature::check_schedule(self, plan, mediator, engagements, out)
            }
            fn check_office(&self, plan: &Plan<'_>, office: usize, out: &mut Findings) {
                Feature::check_office(self, plan, office, out)
            }
        })+

        /// The hard rules, by number.
        pub static HARD_RULES: [&dyn HardRule; [$(stringify!($rule)),+].len()] = [$(&$rule),+];

        /// The solver's check: whether `fit` keeps every rule in `state`;
        /// else the first rule's misfit, in the registry's order.
        #[inline(always)]
        pub(crate) fn fits<S: Schedule>(state: &S, fit: &Fit<'_>) -> Result<(), Misfit> {
            $(<$rule as Feature>::fits(state, fit)?;)+
            Ok(())
        }

        /// Booking's refusal of `fit`: the code and message of the first
        /// rule that refuses it, the rules of the mediator's own schedule
        /// ([`Feature::OWN_SCHEDULE`]) first, each group in the registry's order.
        pub(crate) fn refusal<S: Schedule>(state: &S, fit: &Fit<'_>) -> Option<(&'static str, String)> {
            for own in [true, false] {
                $(if <$rule as Feature>::OWN_SCHEDULE == own {
                    if let Err(misfit) = <$rule as Feature>::fits(state, fit) {
                        let message = <$rule as Feature>::refusal(state.problem(), fit, misfit.detail);
                        return Some((<$rule as Feature>::code(misfit.detail), message));
                    }
                })+
            }
            None
        }

        /// The first problem of a single placement alone (rules of one
        /// placement, in the registry's order); `None` when fine.
        pub(crate) fn placement_problem(
            p: &Problem,
            request: &Request,
            m: usize,
            start: Minute,
            language: &str,
            modality: Modality,
        ) -> Option<(&'static str, String)> {
            $(if let Some(found) = <$rule as Feature>::placement_problem(p, request, m, start, language, modality) {
                return Some(found);
            })+
            None
        }

        /// Whether mediator `m` could ever serve `request` alone (every rule's `Feature::admits`).
        pub(crate) fn admits(p: &Problem, request: &Request, m: usize) -> bool {
            $(<$rule as Feature>::admits(p, request, m))&&+
        }
    };
}

rules! {
    suitability::Suitability,
    placement::Placement,
    overlap::Overlap,
    travel::Travel,
    limits::Limits,
    capacity::Capacity,
    locked::Locked,
    workshops::WorkshopStaffing,
    breaks::Breaks,
    roles::Roles,
}

/// Rule 9's work blocks of one mediator-day, for the reports.
pub(crate) use breaks::{for_each_block, Item as WorkItem};

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
pub(crate) fn describe(problem: &Problem, e: &PlanEngagement) -> String {
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
