//! The solver's side of booking: a plan held in the solver's state, with the
//! few operations booking needs (try a placement and learn which rule
//! refuses it, place, remove, staff, block busy time, complete and improve a
//! plan, write it out). This module is the only part of `solve` that
//! `booking` names; the state, the search and their data stay private to
//! the solver.

use super::insertion::{apply, best_request, Insertion};
use super::output::{breakdown, document, restore};
use super::recreate::greedy;
use super::rng::Random;
use super::search::{construction_order, improve, place_locked, Best};
use super::state::State;
use super::{output_cost, SolveControl, SolveOptions, StopReason};
use crate::evaluate::rules::{self, Fit};
use crate::format::{CostDoc, SolutionDoc};
use crate::interval::{Interval, Minute};
use crate::model::{Modality, Problem, Request};

pub(crate) use super::prepare::Prepared as Context;
pub(crate) use super::state::{Engagement, Owner, Placement};

/// A plan as plain data, without the borrow of its problem: where each
/// request is served and who attends each session job.
pub(crate) type PlanData = Best;

impl Context<'_> {
    /// The session job of held session `session` of workshop `workshop` (by ids).
    pub(crate) fn session_job(&self, workshop: &str, session: &str) -> Option<usize> {
        self.sessions.iter().position(|j| {
            let w = &self.problem.workshops()[j.workshop];
            w.id == workshop && w.sessions[j.session].id == session
        })
    }

    /// Whether mediator `m` could attend session job `job` at all.
    pub(crate) fn can_attend(&self, job: usize, m: usize) -> bool {
        self.sessions[job].staff.iter().any(|x| x.0 == m)
    }

    /// The case index of request `r`.
    pub(crate) fn case(&self, r: usize) -> Option<usize> {
        self.case_of[r]
    }
}

/// A plan in the solver's state.
#[derive(Clone)]
pub(crate) struct Session<'a> {
    state: State<'a>,
}

impl<'a> Session<'a> {
    /// The empty plan.
    pub(crate) fn new(context: &'a Context<'a>) -> Session<'a> {
        Session { state: State::new(context) }
    }

    pub(crate) fn problem(&self) -> &'a Problem {
        self.state.prep.problem
    }

    pub(crate) fn context(&self) -> &'a Context<'a> {
        self.state.prep
    }

    /// The plan's cost in the search's objective.
    pub(crate) fn cost(&self) -> i64 {
        self.state.cost
    }

    /// Where each request is served.
    pub(crate) fn placements(&self) -> &[Option<Placement>] {
        &self.state.assigned
    }

    /// Whether mediator `m` attends session job `job`.
    /// Per request with roles that is served, its seats in role order.
    pub(crate) fn teams(&self) -> &[Option<Vec<Placement>>] {
        &self.state.teams
    }

    /// The first rule that refuses a seat of request `r` (which has roles)
    /// at `seats`: each role's mediator and start through the rule seam, the
    /// office counted once; `None` when every seat fits.
    pub(crate) fn team_refusal(&self, r: usize, seats: &[Placement]) -> Option<(&'static str, String)> {
        let request = &self.state.prep.problem.requests()[r];
        seats.iter().enumerate().find_map(|(k, seat)| {
            let interval = (seat.start, seat.start + request.duration);
            self.refusal(seat.mediator, interval, request.office, seat.modality == Modality::InPerson, k == 0)
        })
    }

    /// Serves request `r` (which has roles) with `seats` (the caller checked them).
    pub(crate) fn place_team(&mut self, r: usize, seats: Vec<Placement>) {
        self.state.insert_team(r, seats);
    }

    /// Leaves request `r` (which has roles) unassigned; returns its seats.
    pub(crate) fn remove_team(&mut self, r: usize) -> Option<Vec<Placement>> {
        self.state.remove_team(r)
    }

    pub(crate) fn attends(&self, job: usize, m: usize) -> bool {
        self.state.staffing[job].contains(&m)
    }

    /// Mediator `m`'s engagements in time order.
    pub(crate) fn engagements(&self, m: usize) -> &[Engagement] {
        self.state.engagements(m)
    }

    /// The engagements an office with a capacity hosts.
    pub(crate) fn office_load(&self, office: usize) -> &[Interval] {
        self.state.office_load(office)
    }

    /// Whether `[start, end)` at `office` keeps every hard rule for mediator `m`.
    pub(crate) fn fits(
        &self,
        m: usize,
        (start, end): Interval,
        office: usize,
        in_person: bool,
        capacity: bool,
    ) -> bool {
        self.state.fits(m, start, end, office, in_person, capacity).is_ok()
    }

    /// Whether serving `request` with `placement` keeps every hard rule.
    pub(crate) fn fits_request(&self, request: &Request, placement: &Placement) -> bool {
        let interval = (placement.start, placement.start + request.duration);
        self.fits(placement.mediator, interval, request.office, placement.modality == Modality::InPerson, true)
    }

    /// Whether mediator `m` can attend session job `job` in this plan.
    pub(crate) fn fits_staff(&self, job: usize, m: usize) -> bool {
        let session = &self.state.prep.sessions[job];
        self.fits(m, (session.start, session.end), session.office, true, false)
    }

    /// The code and message of the rule that refuses `[start, end)` at
    /// `office` for mediator `m`, or `None` when it fits.
    pub(crate) fn refusal(
        &self,
        m: usize,
        interval: Interval,
        office: usize,
        in_person: bool,
        capacity: bool,
    ) -> Option<(&'static str, String)> {
        rules::refusal(&self.state, &Fit::new(&self.state, m, interval, office, in_person, capacity))
    }

    /// The rule refusing session job `job` for mediator `m`, as [`Session::refusal`].
    pub(crate) fn staff_refusal(&self, job: usize, m: usize) -> Option<(&'static str, String)> {
        let session = &self.state.prep.sessions[job];
        self.refusal(m, (session.start, session.end), session.office, true, false)
    }

    /// Serves request `r` with `placement` (the caller checked it fits).
    pub(crate) fn place(&mut self, r: usize, placement: Placement) {
        self.state.insert_request(r, placement);
    }

    /// Rule 9 on mediator `m`'s day of minute `at`, as booking's refusal
    /// (`BREAK_MISSING` and a message) when a work block is too long there:
    /// removing an engagement can merge two blocks (the travel taken from a
    /// gap grows), so booking checks the day an engagement left.
    pub(crate) fn break_missing(&self, m: usize, at: Minute) -> Option<(&'static str, String)> {
        let (first, last) = rules::Breaks::long_block(&self.state, m, self.state.prep.day_of(at))?;
        let p = self.problem();
        let list = self.state.engagements(m);
        let clock = p.clock();
        let end = list[first..=last].iter().map(|e| e.end).max().unwrap_or(list[last].end);
        let message = format!(
            "mediator '{}' would work {}-{} without a break",
            p.mediators()[m].id,
            clock.describe(list[first].start),
            clock.describe(end)
        );
        Some(("BREAK_MISSING", message))
    }

    /// Leaves request `r` unassigned; returns where it was.
    pub(crate) fn remove(&mut self, r: usize) -> Option<Placement> {
        self.state.remove_request(r)
    }

    /// Adds mediator `m` to session job `job` (the caller checked it fits).
    pub(crate) fn staff(&mut self, job: usize, m: usize) {
        self.state.insert_staff(job, m);
    }

    /// Adds busy time of mediator `m` known only by its place.
    pub(crate) fn block(&mut self, m: usize, id: usize, interval: Interval, office: usize, in_person: bool) {
        self.state.insert_external(m, id, interval.0, interval.1, office, in_person);
    }

    /// Adds an engagement to an office's load.
    pub(crate) fn add_office_load(&mut self, office: usize, interval: Interval) {
        self.state.insert_office_load(office, interval);
    }

    /// What serving `request` (of case `case`) with `placement` costs in this plan.
    pub(crate) fn placement_cost(&self, request: &Request, case: Option<usize>, placement: &Placement) -> i64 {
        self.state.placement_cost(request, case, placement)
    }

    /// Places request `r` where it costs least (among its candidates of a
    /// full [`Context::new`]); returns where, or `None` when it fits nowhere.
    pub(crate) fn place_cheapest(&mut self, r: usize) -> Option<Placement> {
        // No mediator is skipped at random (blink 0), so the generator is not drawn from.
        let best = best_request(&self.state, r, &mut Random::new(1), 0)?;
        let Insertion::Request(_, to) = best.insertion else { return None };
        apply(&mut self.state, best.insertion);
        Some(to)
    }

    /// Makes moving any anchored request cost `weight` in the search (call on an empty plan).
    pub(crate) fn set_anchors(&mut self, anchors: Vec<Option<(usize, Minute)>>, weight: i64) {
        self.state.set_anchors(anchors, weight);
    }

    /// Places the locked requests at their previous assignment.
    pub(crate) fn place_locked(&mut self) {
        place_locked(&mut self.state);
    }

    /// Places what it can of the rest greedily, then improves the plan by
    /// the solver's search within `options`' budget; returns the best plan
    /// found, the iterations done and why the search stopped.
    pub(crate) fn complete_and_improve(
        mut self,
        options: &SolveOptions,
        control: &mut dyn SolveControl,
    ) -> (Session<'a>, u64, StopReason) {
        let mut rng = Random::new(options.seed);
        let order = construction_order(&self.state);
        greedy(&mut self.state, &order, &mut rng, 0);
        let ms_per_unassigned = if options.time_limit_ms.is_some() { output_cost(&self.state, control) } else { 0.0 };
        let (best, iterations, stop) = improve(&mut self.state, options, control, &mut rng, ms_per_unassigned);
        let mut state = restore(self.state.prep, &best);
        super::team::place_teams(&mut state);
        (Session { state }, iterations, stop)
    }

    /// The plan as a `ponte-solution/1` document.
    pub(crate) fn document(&self) -> SolutionDoc {
        document(&self.state)
    }

    /// The plan's cost terms.
    pub(crate) fn breakdown(&self) -> CostDoc {
        breakdown(&self.state)
    }

    /// The plan as plain data (to rebuild it on a changed problem).
    pub(crate) fn plan_data(&self) -> PlanData {
        Best::of(&self.state)
    }

    /// The plan `data` (which the caller checked keeps every hard rule on
    /// this context's problem), without checking it again.
    pub(crate) fn restored(context: &'a Context<'a>, data: &PlanData) -> Session<'a> {
        Session { state: restore(context, data) }
    }
}
