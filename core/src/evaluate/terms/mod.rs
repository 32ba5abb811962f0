//! The cost terms of format section 4, one file per term, each behind the
//! `Term` trait.
//!
//! # One home per term
//!
//! A term's file is the only place that computes it. Its `Term` serves:
//!
//! - the evaluation of a whole plan (`Term::of_plan`, summed by
//!   [`plan_terms`] into the recomputed cost);
//! - the explanation of one request (`Term::of_request`: the term's share
//!   of a request served or not, 0 for terms of the whole plan);
//! - the solver's incremental scoring: `Term::delta`, what a change would
//!   cost before it is made (the insertion scan's hot path), and
//!   `Term::apply`, the same change made, updating the term's own state
//!   (`Term::State`, kept by the solver beside the schedules), and
//!   `Term::of_state`, the term's whole value in the solver's plan;
//! - the report's labels (`Term::LABEL_IT`, `Term::LABEL_EN`).
//!
//! The solver sees the plan through `CostView` (which `solve::state`
//! implements, like the rules' `Schedule`), and tells a term what changes
//! through `Change`.
//!
//! # The registry
//!
//! The terms are listed once, in [`crate::cost_terms`]'s `with_cost_terms!`
//! (key and unit). From that list this module declares one module per
//! term (`terms/<key>.rs`, whose `Def` implements `Term`) and generates
//! the functions everything else calls, each going through the terms in
//! the format's order with static dispatch: [`plan_terms`],
//! [`request_terms`], [`label`], and for the solver `TermStates`,
//! `state_terms`, `delta`, `apply`, `assignment_cost`.
//!
//! # Adding a cost term
//!
//! 1. One line `my_term: "what one unit is"` in `with_cost_terms!`
//!    (`core/src/cost_terms.rs`), at its place in the format's order.
//! 2. A new file here, `my_term.rs`, with `pub(crate) struct Def;` and its
//!    `impl Term for Def`: its whole-plan value, and if the solver can
//!    change it, `delta` and `apply` (with a `State` when it needs to
//!    remember something between changes).
//!
//! `core/tests/cost_terms.rs` then names every other spelling still missing
//! it (the solution's `CostDoc`, the weights, Python's and TypeScript's
//! types).

#[macro_use]
mod registry;
mod wide;

use super::plan::Plan;
use super::violation::Findings;
use crate::evaluate::rules::Schedule;
use crate::format::{CostDoc, CostSlot};
use crate::interval::Minute;
use crate::model::{Modality, Problem, Request};

/// How one request is served: by whom, when, in which language (its text)
/// and modality (`None` when a solution names no modality the format knows:
/// it ranks nowhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served<'a> {
    /// Mediator index.
    pub mediator: usize,
    /// Start.
    pub start: Minute,
    /// The language used.
    pub language: &'a str,
    /// The modality used.
    pub modality: Option<Modality>,
}

/// A change of the solver's plan, as the terms see it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Change<'a> {
    /// `request` (of case `case`) is served as `served`: request `r` of
    /// the problem, or (`r` None) one booking asks about.
    Place { r: Option<usize>, request: &'a Request, case: Option<usize>, served: Served<'a> },
    /// `request` (of case `case`), served as `served`, is left unassigned.
    Unplace { r: Option<usize>, request: &'a Request, case: Option<usize>, served: Served<'a> },
    /// Mediator `m` joins session job `s`; the languages covered go from
    /// mask `before` to `after`.
    Staff { s: usize, m: usize, before: u64, after: u64 },
    /// Mediator `m` leaves session job `s` (masks as for `Staff`).
    Unstaff { s: usize, m: usize, before: u64, after: u64 },
    /// Request `r` (of case `case`), which has roles, is served (`add`) or
    /// no longer served by a team: `mediators` (one per role) at `start`.
    /// Made after its seats' engagements; never scored in advance (the
    /// request-local terms of a team are scored by `State::team_delta`):
    /// only the terms whose states span requests (continuity, series) see it.
    Team { r: usize, case: Option<usize>, start: Minute, mediators: &'a [usize], add: bool },
    /// Mediator `m` got an engagement of `minutes` on day `day` (in person
    /// or not), or lost one (`minutes` negative): made after the schedule
    /// changed, for every engagement (also busy time booking only knows by
    /// its place); never scored in advance.
    Engagement { m: usize, day: usize, minutes: i64, in_person: bool },
}

/// What the solver's plan shows the terms, besides its schedules.
pub(crate) trait CostView: Schedule {
    /// Whether request `r` is served.
    fn is_assigned(&self, r: usize) -> bool {
        self.served(r).is_some()
    }
    /// How request `r` is served, if it is.
    fn served(&self, r: usize) -> Option<Served<'_>>;
    /// Number of cases (requests sharing a `case`).
    fn cases(&self) -> usize;
    /// Number of session jobs (held workshop sessions).
    fn session_jobs(&self) -> usize;
    /// Session job `s`: its workshop, start, office, weight per uncovered
    /// language and mask of all its languages.
    fn session_job(&self, s: usize) -> SessionView;
    /// The mask of session job `s`'s languages covered now.
    fn covered(&self, s: usize) -> u64;
}

/// A session job as the terms see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionView {
    pub workshop: usize,
    pub start: Minute,
    pub end: Minute,
    pub office: usize,
    pub weight: i64,
    pub all: u64,
}

/// One cost term (see the module's doc).
pub(crate) trait Term {
    /// The term's key in `cost` and `weights` (the registry's identifier).
    const KEY: &'static str;
    /// The report's label, in Italian.
    const LABEL_IT: &'static str;
    /// The report's label, in English.
    const LABEL_EN: &'static str;
    /// Counted per assigned request from that request's placement alone
    /// (what the search's worst-removal ruin weighs).
    const PER_ASSIGNMENT: bool = false;

    /// Whether a problem's cost has the term (the terms of 1.1 only when the
    /// problem uses their feature).
    fn shown(_p: &Problem) -> bool {
        true
    }

    /// What the term keeps in the solver between changes.
    type State: Clone + Default + std::fmt::Debug;

    /// The term's state for the solver's empty plan.
    fn new_state<V: CostView>(_view: &V) -> Self::State {
        Self::State::default()
    }

    /// The term's value for a whole plan (evaluation); problems met on the
    /// way (such as undefined travel) go to `out`.
    fn of_plan(plan: &Plan<'_>, out: &mut Findings) -> i64;

    /// The term's share of one request, served (`Some`) or not; 0 for a
    /// term that only the whole plan decides.
    fn of_request(_p: &Problem, _request: &Request, _served: Option<&Served<'_>>) -> i64 {
        0
    }

    /// The term's share of a request with roles, served by one entry per
    /// role in role order (`Some`) or not; by default what
    /// [`Term::of_request`] says of its first entry.
    fn of_roles(p: &Problem, request: &Request, served: Option<&[Served<'_>]>) -> i64 {
        Self::of_request(p, request, served.and_then(<[Served<'_>]>::first))
    }

    /// The term's value in the solver's plan.
    fn of_state<V: CostView>(state: &Self::State, view: &V) -> i64;

    /// What `change` would add to the term, before it is made.
    #[inline(always)]
    fn delta<V: CostView>(_state: &Self::State, _view: &V, _change: &Change<'_>) -> i64 {
        0
    }

    /// Local clock times (minutes since midnight) at which serving request
    /// `r` may cost less than the earliest start of a gap, which is what the
    /// insertion scan tries otherwise (a series' clock time); added to `out`.
    #[inline(always)]
    fn preferred_clocks(_state: &Self::State, _r: usize, _out: &mut Vec<i64>) {}

    /// Makes `change` in the term's state (after the schedules changed);
    /// returns what it added to the term.
    #[inline(always)]
    fn apply<V: CostView>(_state: &mut Self::State, _view: &V, _change: &Change<'_>) -> i64 {
        0
    }
}

/// What a change adds to a request-local term: the request's share served
/// minus unserved, for `Place`; the opposite for `Unplace`; else 0.
#[inline(always)]
pub(crate) fn request_swing<T: Term>(p: &Problem, change: &Change<'_>) -> i64 {
    match change {
        Change::Place { request, served, .. } => {
            T::of_request(p, request, Some(served)) - T::of_request(p, request, None)
        }
        Change::Unplace { request, served, .. } => {
            T::of_request(p, request, None) - T::of_request(p, request, Some(served))
        }
        _ => 0,
    }
}

/// The sum of a request-local term over the plan's assignments.
pub(crate) fn sum_over_plan<T: Term>(plan: &Plan<'_>) -> i64 {
    let p = plan.problem();
    let mut total = 0;
    for (i, request) in p.requests().iter().enumerate() {
        if request.has_roles() {
            let served: Option<Vec<Served<'_>>> = plan.served(i).map(|entries| {
                entries
                    .iter()
                    .map(|a| Served {
                        mediator: a.mediator,
                        start: a.start,
                        language: a.language.as_str(),
                        modality: a.modality,
                    })
                    .collect()
            });
            total += T::of_roles(p, request, served.as_deref());
            continue;
        }
        let served = plan.assignment(i).map(|a| Served {
            mediator: a.mediator,
            start: a.start,
            language: a.language.as_str(),
            modality: a.modality,
        });
        total += T::of_request(p, request, served.as_ref());
    }
    total
}

/// The sum of a request-local term over the solver's plan.
pub(crate) fn sum_over_state<T: Term, V: CostView>(view: &V) -> i64 {
    let p = view.problem();
    p.requests().iter().enumerate().map(|(r, request)| T::of_request(p, request, view.served(r).as_ref())).sum()
}

/// What leaving `request` unassigned costs (its `unassigned` and `change`
/// shares): booking's price of a placement adds it back to the change's delta.
pub(crate) fn request_terms_unserved(p: &Problem, request: &Request) -> i64 {
    request_terms(p, request, None).total
}

crate::cost_terms::with_cost_terms!(terms);
