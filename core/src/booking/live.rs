//! A plan kept loaded between booking operations: the validated problem
//! and the solver's state of the plan, built once from the documents with
//! the checks of [`super::book`] and changed one request at a time.

use std::sync::Arc;

use self_cell::self_cell;

use super::ops::{book_in, BookingChoice, Target};
use super::plan::{load, refused};
use super::slots::{free_slots_in, SlotOption, SlotQuery};
use crate::error::PonteError;
use crate::format::{AssignmentDoc, RequestDoc, SolutionDoc};
use crate::model::{Problem, Request};
use crate::solve::session::{Context, PlanData, Session};

// The solver's state borrows its context, which borrows the problem: two
// cells, each owning what the next borrows. `self_cell` keeps a value and
// what borrows it together without `unsafe` in this crate (its own unsafe
// code is small, audited and checked under Miri); the alternative, making
// the solver's state own its context, would change every module of the
// search.
self_cell!(
    struct Prepared {
        owner: Arc<Problem>,
        #[covariant]
        dependent: Context,
    }
);

self_cell!(
    struct Loaded {
        owner: Prepared,
        #[covariant]
        dependent: Session,
    }
);

/// A problem and a feasible plan of it, kept loaded between booking
/// operations (for a booking service that serves one network for hours).
///
/// [`LivePlan::new`] reads and checks the plan as every function of
/// [`crate::booking`] does (`PLAN_INVALID` for an unknown id or a broken
/// hard rule). After that:
/// - [`LivePlan::free_slots`] and [`LivePlan::book`] work on the loaded
///   state: the time they take depends on the query and on the mediator's
///   plan, not on the size of the network;
/// - [`LivePlan::add_requests`] validates only the new requests (the same
///   errors, with the same paths, as [`Problem::from_doc`] of the grown
///   document) and [`LivePlan::remove_request`] validates nothing; both
///   then rebuild the solver's state from the plan as it is, without
///   checking it again (one pass over the requests, no parsing, no rule
///   checks, no document);
/// - [`LivePlan::document`] writes the plan (with the reasons of the
///   unassigned requests) only when asked: byte for byte the document
///   [`super::book`] writes for the same problem and assignments.
///
/// The problem is shared (`Arc`): adding or removing a request changes it
/// in place when no one else holds it. When someone does (a service's
/// readers of the version before), the change goes to the problem this
/// plan had before its last copy, if no one holds that one any more, after
/// the changes made since (kept as data): so a service that hands each
/// version's problem to its readers and changes the next one copies the
/// problem only when a reader keeps an old version for longer than a
/// change (one more problem is kept for this).
///
/// [`LivePlan::freeze`] keeps what the plan is at one moment as plain data
/// (a [`FrozenPlan`]: the shared problem and where each request is served,
/// no solver state and no document), for a service that hands the live plan
/// on to its next change and writes the document of an earlier version only
/// if someone asks for it.
pub struct LivePlan {
    /// Always there between calls (taken only while a change rebuilds it).
    cell: Option<Loaded>,
    /// The problem as it was before the last copy, and the changes made
    /// since (see above).
    spare: Option<(Arc<Problem>, Vec<Change>)>,
}

/// A change of the problem, kept to bring a spare problem up to date.
#[derive(Clone)]
enum Change {
    Push(Vec<(Request, RequestDoc)>),
    Remove(usize),
}

impl Change {
    fn apply(self, problem: &mut Problem) {
        match self {
            Change::Push(checked) => {
                problem.push_checked(checked);
            }
            Change::Remove(r) => {
                problem.remove_request(r);
            }
        }
    }
}

impl std::fmt::Debug for LivePlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LivePlan").field("requests", &self.problem().requests().len()).finish_non_exhaustive()
    }
}

impl Clone for LivePlan {
    /// A copy of the plan on the same (shared) problem; its state is rebuilt
    /// from the plan, not checked again.
    fn clone(&self) -> LivePlan {
        let data = self.session().plan_data();
        LivePlan { cell: Some(build(self.problem().clone(), |context| Session::restored(context, &data))), spare: None }
    }
}

fn build(problem: Arc<Problem>, state: impl for<'a> FnOnce(&'a Context<'a>) -> Session<'a>) -> Loaded {
    let prepared = Prepared::new(problem, |p| Context::light(p));
    Loaded::new(prepared, |prepared| state(prepared.borrow_dependent()))
}

impl LivePlan {
    /// Loads `plan` for `problem`, checking it as [`super::book`] does.
    ///
    /// # Errors
    /// `PLAN_INVALID` (with the path of the first offending entry) for a
    /// plan that names an unknown id or breaks a hard rule.
    pub fn new(problem: Arc<Problem>, plan: &SolutionDoc) -> Result<LivePlan, PonteError> {
        let prepared = Prepared::new(problem, |p| Context::light(p));
        let loaded = Loaded::try_new(prepared, |prepared| load(prepared.borrow_dependent(), plan))?;
        Ok(LivePlan { cell: Some(loaded), spare: None })
    }

    fn loaded(&self) -> &Loaded {
        self.cell.as_ref().expect("a LivePlan is whole between calls")
    }

    fn session(&self) -> &Session<'_> {
        self.loaded().borrow_dependent()
    }

    /// The problem (the planner's requests and those added since).
    pub fn problem(&self) -> &Arc<Problem> {
        self.loaded().borrow_owner().borrow_owner()
    }

    /// The plan as a `ponte-solution/1` document (cost, and a reason for
    /// every unassigned request): the only operation that writes the whole plan.
    pub fn document(&self) -> SolutionDoc {
        self.session().document()
    }

    /// The plan's cost in the solver's objective.
    pub fn cost(&self) -> i64 {
        self.session().cost()
    }

    /// The plan as it is now, as plain data: the (shared) problem and the
    /// placements, copied in one pass over the requests; no document is
    /// written and nothing is checked.
    pub fn freeze(&self) -> FrozenPlan {
        FrozenPlan { problem: self.problem().clone(), data: self.session().plan_data() }
    }

    /// The assignment of request `request` as the plan's document writes
    /// it, or `None` when it is unassigned or unknown.
    pub fn assignment(&self, request: &str) -> Option<AssignmentDoc> {
        let p = self.problem();
        let r = p.request_index(request)?;
        // A request with roles has one entry per role (see `document`).
        if p.requests()[r].has_roles() {
            return None;
        }
        let placement = (*self.session().placements().get(r)?)?;
        Some(AssignmentDoc {
            request: request.to_string(),
            mediator: p.mediators()[placement.mediator].id.clone(),
            start: p.clock().format(placement.start),
            language: p.requests()[r].languages[placement.language].clone(),
            modality: placement.modality,
            role: None,
        })
    }

    /// [`super::free_slots`] on the loaded plan: no plan is read.
    ///
    /// # Errors
    /// As [`super::free_slots`] for the query.
    pub fn free_slots(&self, query: &SlotQuery) -> Result<Vec<SlotOption>, PonteError> {
        free_slots_in(self.session(), query)
    }

    /// [`super::book`] on the loaded plan: the same checks and errors; the
    /// plan is unchanged on error. Returns the cost change.
    ///
    /// # Errors
    /// As [`super::book`].
    pub fn book(&mut self, request: &str, choice: &BookingChoice) -> Result<i64, PonteError> {
        let target = Target::of(self.problem(), request, choice)?;
        let cell = self.cell.as_mut().expect("a LivePlan is whole between calls");
        cell.with_dependent_mut(|_, state| {
            let before = state.cost();
            book_in(state, &target, request, choice)?;
            Ok(state.cost() - before)
        })
    }

    /// Adds requests (unassigned) to the problem; returns the index of the
    /// first. Validates only them ([`Problem::check_requests`]); the plan
    /// is unchanged on error.
    ///
    /// # Errors
    /// [`PonteError::InvalidProblem`] with every input error of the new
    /// requests, at their paths in the grown document.
    pub fn add_requests(&mut self, requests: &[RequestDoc]) -> Result<usize, PonteError> {
        let checked = self.problem().check_requests(requests)?;
        let first = self.problem().requests().len();
        let n = checked.len();
        self.rebuild(Change::Push(checked), |data| {
            data.assigned.extend((0..n).map(|_| None));
            data.teams.extend((0..n).map(|_| None));
        });
        Ok(first)
    }

    /// Removes request `request` from the problem and the plan (a hold
    /// released or expired, a booking cancelled). Unlike [`super::cancel`]
    /// it takes a locked request too.
    ///
    /// # Errors
    /// `UNKNOWN_REFERENCE` for an unknown request; `ROLES_NOT_SUPPORTED`
    /// for a request with roles (format 1.1); `BREAK_MISSING` (the
    /// plan unchanged) when the mediator's day it leaves would break rule 9
    /// without it: such a removal needs a replan.
    pub fn remove_request(&mut self, request: &str) -> Result<(), PonteError> {
        let r = self
            .problem()
            .request_index(request)
            .ok_or_else(|| refused("UNKNOWN_REFERENCE", "request", format!("no request '{request}'")))?;
        if self.problem().requests()[r].has_roles() {
            let message = format!("request '{request}' has roles: removing it needs a replan");
            return Err(refused("ROLES_NOT_SUPPORTED", "request", message));
        }
        let cell = self.cell.as_mut().expect("a LivePlan is whole between calls");
        cell.with_dependent_mut(|_, state| {
            let Some(left) = state.remove(r) else { return Ok(()) };
            match state.break_missing(left.mediator, left.start) {
                Some((code, message)) => {
                    state.place(r, left);
                    Err(refused(code, "request", format!("removing request '{request}': {message}")))
                }
                None => Ok(()),
            }
        })?;
        self.rebuild(Change::Remove(r), |data| {
            data.assigned.remove(r);
            data.teams.remove(r);
        });
        Ok(())
    }

    /// Changes the problem and the plan's data, then rebuilds the state
    /// from them without checking (the change keeps the plan feasible).
    /// The problem is changed in place when no one else holds it, else
    /// the spare is brought up to date and changed, else it is copied.
    fn rebuild(&mut self, change: Change, data_change: impl FnOnce(&mut PlanData)) {
        let loaded = self.cell.take().expect("a LivePlan is whole between calls");
        let mut data = loaded.borrow_dependent().plan_data();
        let mut problem = loaded.into_owner().into_owner();
        data_change(&mut data);
        if let Some(own) = Arc::get_mut(&mut problem) {
            if let Some((_, log)) = &mut self.spare {
                log.push(change.clone());
            }
            change.apply(own);
        } else {
            let spare = self.spare.take().and_then(|(mut spare, log)| {
                let own = Arc::get_mut(&mut spare)?;
                for earlier in log {
                    earlier.apply(own);
                }
                Some(spare)
            });
            let mut next = spare.unwrap_or_else(|| Arc::new(Problem::clone(&problem)));
            let own = Arc::get_mut(&mut next).expect("a problem no one else holds");
            change.clone().apply(own);
            self.spare = Some((problem, vec![change]));
            problem = next;
        }
        self.cell = Some(build(problem, |context| Session::restored(context, &data)));
    }
}

/// A [`LivePlan`] at one moment, as plain data (see [`LivePlan::freeze`]):
/// its problem (shared) and where each request is served.
#[derive(Clone)]
pub struct FrozenPlan {
    problem: Arc<Problem>,
    data: PlanData,
}

impl std::fmt::Debug for FrozenPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrozenPlan").field("requests", &self.problem.requests().len()).finish_non_exhaustive()
    }
}

impl FrozenPlan {
    /// The problem of the plan.
    pub fn problem(&self) -> &Arc<Problem> {
        &self.problem
    }

    /// The plan loaded again: the solver's state rebuilt from the data in
    /// one pass, without checking it again (it was checked when loaded).
    pub fn thaw(&self) -> LivePlan {
        let data = &self.data;
        LivePlan { cell: Some(build(self.problem.clone(), |context| Session::restored(context, data))), spare: None }
    }

    /// The plan's document: byte for byte what [`LivePlan::document`] wrote
    /// when the plan was frozen.
    pub fn document(&self) -> SolutionDoc {
        self.thaw().document()
    }
}
