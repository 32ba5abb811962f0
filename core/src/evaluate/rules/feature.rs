//! What a hard rule knows beyond the evaluation of a whole plan: its clause
//! of the solver's incremental check, booking's refusal code and message,
//! and the filters of a single placement. One [`Feature`] per rule, in the
//! rule's own file; the [`rules!`](super) registry puts them in order.
//!
//! The solver's state is seen through [`Schedule`], which `solve::state`
//! implements: the rules stay below the solver in the core's layers, and
//! every call is resolved at compile time (no dynamic dispatch in the
//! solver's hot path).

use super::RuleId;
use crate::evaluate::plan::{Engagement as PlanEngagement, Plan};
use crate::evaluate::read::{Assignment, Staffing};
use crate::evaluate::violation::Findings;
use crate::interval::{Interval, Minute};
use crate::model::{Modality, Problem, Request};

/// What an engagement of the solver's state is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Owner {
    Request(usize),
    Session(usize),
    /// An engagement known only as busy time (from a public snapshot).
    External(usize),
}

/// A mediator's engagement in the solver's state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Engagement {
    pub start: Minute,
    pub end: Minute,
    pub office: usize,
    pub in_person: bool,
    pub owner: Owner,
}

/// The solver's state as the rules read it: each mediator's engagements in
/// time order, engaged minutes per day and week, office load.
pub(crate) trait Schedule {
    fn problem(&self) -> &Problem;
    /// Mediator `m`'s engagements, by `(start, end)`.
    fn engagements(&self, m: usize) -> &[Engagement];
    /// First minute of each horizon day, plus the horizon's end.
    fn day_starts(&self) -> &[Minute];
    /// Week index of each horizon day.
    fn day_week(&self) -> &[usize];
    /// Index of the horizon day containing `t`.
    fn day_of(&self, t: Minute) -> usize;
    /// Minutes mediator `m` is engaged on horizon day `day`.
    fn day_minutes(&self, m: usize, day: usize) -> i64;
    /// Minutes mediator `m` is engaged in week `week`.
    fn week_minutes(&self, m: usize, week: usize) -> i64;
    /// The engagements an office with a capacity hosts, sorted.
    fn office_load(&self, office: usize) -> &[Interval];
    /// The longest of them.
    fn office_longest(&self, office: usize) -> i64;
}

/// An engagement the solver or booking wants to add to mediator
/// `mediator`'s plan.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fit<'s> {
    pub mediator: usize,
    pub start: Minute,
    pub end: Minute,
    pub office: usize,
    pub in_person: bool,
    /// Whether it counts for the office's capacity (requests do; a
    /// session's attendance does not, the session counts once).
    pub counts_capacity: bool,
    /// The mediator's engagements.
    pub list: &'s [Engagement],
    /// Where it would go among them: the first engagement starting at or
    /// after its end.
    pub at: usize,
}

impl<'s> Fit<'s> {
    /// The engagement `[start, end)` at `office` for mediator `m` of `state`.
    #[inline(always)]
    pub(crate) fn new<S: Schedule>(
        state: &'s S,
        m: usize,
        (start, end): Interval,
        office: usize,
        in_person: bool,
        counts_capacity: bool,
    ) -> Fit<'s> {
        let list = state.engagements(m);
        let at = list.partition_point(|e| e.start < end);
        Fit { mediator: m, start, end, office, in_person, counts_capacity, list, at }
    }
}

/// Why an engagement does not fit: the rule it would break, and the first
/// minute worth trying next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Misfit {
    /// The first rule of the registry's order found broken.
    pub rule: RuleId,
    /// Which of the rule's codes ([`Feature::code`]).
    pub detail: u8,
    /// Try again at or after this minute.
    pub retry_from: Minute,
}

/// One hard rule of section 3, everything about it. Every item has a
/// default for rules that have nothing to say there.
pub(crate) trait Feature {
    /// The rule's number in section 3 (1-9).
    const NUMBER: u8;
    /// A short name, e.g. `"no overlap"` (the explanation of its violations).
    const NAME: &'static str;
    /// Whether booking names this rule before the others when several
    /// refuse an engagement: the mediator's own schedule (busy, over a
    /// maximum) is said before travel and the office.
    const OWN_SCHEDULE: bool = false;

    /// Evaluation: one assignment of the plan (the first well-formed one of its request).
    fn check_assignment(&self, _plan: &Plan<'_>, _assignment: &Assignment, _out: &mut Findings) {}
    /// Evaluation: one request of the problem against the plan.
    fn check_request(&self, _plan: &Plan<'_>, _request: usize, _out: &mut Findings) {}
    /// Evaluation: the staffing of one held session.
    fn check_staffing(&self, _plan: &Plan<'_>, _staffing: &Staffing, _out: &mut Findings) {}
    /// Evaluation: one mediator's engagements, in `(start, end, label)` order.
    fn check_schedule(&self, _plan: &Plan<'_>, _mediator: usize, _engagements: &[PlanEngagement], _out: &mut Findings) {
    }
    /// Evaluation: one office.
    fn check_office(&self, _plan: &Plan<'_>, _office: usize, _out: &mut Findings) {}

    /// The solver's incremental check: whether `fit` keeps this rule in
    /// `state`; else the misfit with the first minute worth trying next.
    #[inline(always)]
    fn fits<S: Schedule>(_state: &S, _fit: &Fit<'_>) -> Result<(), Misfit> {
        Ok(())
    }

    /// The checker's violation code of a misfit of this rule.
    fn code(_detail: u8) -> &'static str {
        ""
    }

    /// Booking's message for a misfit of this rule.
    fn refusal(_p: &Problem, _fit: &Fit<'_>, _detail: u8) -> String {
        String::new()
    }

    /// A single placement of `request` with mediator `m` at `start` in
    /// `language` and `modality`, alone (no other engagement considered):
    /// the code and message of the first problem this rule finds.
    fn placement_problem(
        _p: &Problem,
        _request: &Request,
        _m: usize,
        _start: Minute,
        _language: &str,
        _modality: Modality,
    ) -> Option<(&'static str, String)> {
        None
    }

    /// Whether mediator `m` could ever serve `request` alone as far as this
    /// rule sees (the solver's candidate filter).
    fn admits(_p: &Problem, _request: &Request, _m: usize) -> bool {
        true
    }
}
