//! The plan under construction, with everything needed to test and score a
//! change in time proportional to what it touches: each mediator's
//! engagements in time order, engaged minutes per day and week, travel per
//! day, office load, and the mediators used per case and per workshop.

use super::prepare::Prepared;
use crate::evaluate::cost::{
    assignment_terms, assignment_total, change_term, continuity_units, day_travel_minutes, unassigned_term,
};
pub(crate) use crate::evaluate::rules::{Engagement, Misfit, Owner};
use crate::evaluate::rules::{Fit, Schedule, Travel};
use crate::interval::{Interval, Minute};
use crate::model::{Modality, Place, Request};

/// Where and how a request is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placement {
    pub mediator: usize,
    pub start: Minute,
    pub language: usize,
    pub modality: Modality,
}

/// A unit of work the search places or removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Job {
    Request(usize),
    /// A mediator attending a session job.
    Staff(usize, usize),
}

/// One step of the undo log.
#[derive(Debug, Clone, Copy)]
enum Change {
    Inserted(Job),
    RemovedRequest(usize, Placement),
    RemovedStaff(usize, usize),
}

#[derive(Clone)]
pub(crate) struct State<'a> {
    pub prep: &'a Prepared<'a>,
    pub assigned: Vec<Option<Placement>>,
    pub staffing: Vec<Vec<usize>>,
    pub covered: Vec<u64>,
    engagements: Vec<Vec<Engagement>>,
    day_minutes: Vec<Vec<i64>>,
    week_minutes: Vec<Vec<i64>>,
    day_travel: Vec<Vec<i64>>,
    office_load: Vec<Vec<Interval>>,
    office_longest: Vec<i64>,
    case_mediators: Vec<Vec<(usize, u32)>>,
    workshop_mediators: Vec<Vec<(usize, u32)>>,
    pub cost: i64,
    anchors: Vec<Option<(usize, Minute)>>,
    anchor_weight: i64,
    log: Vec<Change>,
    logging: bool,
}

impl<'a> State<'a> {
    /// The empty plan: every request unassigned, every session unstaffed.
    pub(crate) fn new(prep: &'a Prepared<'a>) -> State<'a> {
        let p = prep.problem;
        let days = prep.day_starts.len() - 1;
        let nm = p.mediators().len();
        let mut office_load = vec![Vec::new(); p.offices().len()];
        let mut office_longest = vec![0; p.offices().len()];
        let mut cost = 0;
        for job in &prep.sessions {
            office_load[job.office].push((job.start, job.end));
            office_longest[job.office] = office_longest[job.office].max(job.end - job.start);
            cost += job.weight * i64::from(job.all.count_ones());
        }
        for load in &mut office_load {
            load.sort_unstable();
        }
        for r in p.requests() {
            cost += unassigned_term(p, r) + change_term(p, r, None);
        }
        State {
            prep,
            assigned: vec![None; p.requests().len()],
            staffing: vec![Vec::new(); prep.sessions.len()],
            covered: vec![0; prep.sessions.len()],
            engagements: vec![Vec::new(); nm],
            day_minutes: vec![vec![0; days]; nm],
            week_minutes: vec![vec![0; prep.weeks]; nm],
            day_travel: vec![vec![0; days]; nm],
            office_load,
            office_longest,
            case_mediators: vec![Vec::new(); prep.cases],
            workshop_mediators: vec![Vec::new(); p.workshops().len()],
            cost,
            anchors: Vec::new(),
            anchor_weight: 0,
            log: Vec::new(),
            logging: false,
        }
    }

    /// Starts recording changes so that [`State::rollback`] can undo them.
    pub(crate) fn begin(&mut self) {
        self.log.clear();
        self.logging = true;
    }

    /// Keeps the recorded changes.
    pub(crate) fn commit(&mut self) {
        self.log.clear();
        self.logging = false;
    }

    /// Undoes every change since [`State::begin`].
    pub(crate) fn rollback(&mut self) {
        self.logging = false;
        while let Some(change) = self.log.pop() {
            match change {
                Change::Inserted(Job::Request(r)) => {
                    self.remove_request(r);
                }
                Change::Inserted(Job::Staff(s, m)) => self.remove_staff(s, m),
                Change::RemovedRequest(r, placement) => self.insert_request(r, placement),
                Change::RemovedStaff(s, m) => self.insert_staff(s, m),
            }
        }
        self.log.clear();
    }

    pub(crate) fn engagements(&self, mediator: usize) -> &[Engagement] {
        &self.engagements[mediator]
    }

    fn travel(&self, from: Place, to: Place) -> i64 {
        self.prep.problem.travel_or_zero(from, to)
    }

    /// Whether `[start, end)` at `office` fits mediator `m`'s plan: every
    /// hard rule's incremental check, in the registry's order (no overlap,
    /// travel from and to the neighbouring in-person engagements, daily and
    /// weekly maxima, and for requests office capacity).
    #[inline]
    pub(crate) fn fits(
        &self,
        m: usize,
        start: Minute,
        end: Minute,
        office: usize,
        in_person: bool,
        counts_capacity: bool,
    ) -> Result<(), Misfit> {
        crate::evaluate::rules::fits(self, &Fit::new(self, m, (start, end), office, in_person, counts_capacity))
    }

    /// Travel minutes added to mediator `m`'s day by one more in-person
    /// engagement at `office` starting at `start`.
    pub(crate) fn travel_delta(&self, m: usize, start: Minute, office: usize) -> i64 {
        let prep = self.prep;
        let day = prep.day_of(start);
        let (lo, hi) = (prep.day_starts[day], prep.day_starts[day + 1]);
        let list = &self.engagements[m];
        let a = list.partition_point(|e| e.start < lo);
        let b = list.partition_point(|e| e.start < hi);
        let i = list.partition_point(|e| e.start < start).clamp(a, b);
        let home = prep.problem.home_place(m);
        let prev = list[a..i].iter().rev().find(|e| e.in_person).map_or(home, |e| Place::Office(e.office));
        let next = list[i..b].iter().find(|e| e.in_person).map_or(home, |e| Place::Office(e.office));
        let here = Place::Office(office);
        let empty = !list[a..b].iter().any(|e| e.in_person);
        let old = if empty { 0 } else { self.travel(prev, next) };
        self.travel(prev, here) + self.travel(here, next) - old
    }

    /// What serving `request` (of case `case`) with `placement` costs in the
    /// plan: its own terms, `change`, the travel it adds and continuity.
    pub(crate) fn placement_cost(&self, request: &Request, case: Option<usize>, placement: &Placement) -> i64 {
        let p = self.prep.problem;
        let w = p.weights();
        let mut cost = self.own_cost(request, placement);
        if placement.modality == Modality::InPerson {
            cost += w.travel * self.travel_delta(placement.mediator, placement.start, request.office);
        }
        if let Some(c) = case {
            let used = &self.case_mediators[c];
            if !used.is_empty() && !used.iter().any(|&(m, _)| m == placement.mediator) {
                cost += w.continuity;
            }
        }
        cost
    }

    /// Cost change of serving request `r` with `placement` (in place of leaving it unassigned).
    pub(crate) fn request_delta(&self, r: usize, placement: &Placement) -> i64 {
        let p = self.prep.problem;
        let request = &p.requests()[r];
        self.placement_cost(request, self.prep.case_of[r], placement)
            - unassigned_term(p, request)
            - change_term(p, request, None)
            + self.anchor_penalty(r, Some(placement))
            - self.anchor_penalty(r, None)
    }

    /// The replanning penalty of moving request `r` away from its anchor (the
    /// plan being repaired), for requests without `previous`.
    fn anchor_penalty(&self, r: usize, placement: Option<&Placement>) -> i64 {
        match (self.anchors.get(r).copied().flatten(), placement) {
            (None, _) => 0,
            (Some((m, s)), Some(pl)) if pl.mediator == m && pl.start == s => 0,
            (Some(_), _) => self.anchor_weight,
        }
    }

    /// Makes moving any anchored request cost `weight` in the search's
    /// objective (not in the plan's reported cost). Call on an empty state.
    pub(crate) fn set_anchors(&mut self, anchors: Vec<Option<(usize, Minute)>>, weight: i64) {
        let requests = self.prep.problem.requests();
        self.anchors = anchors
            .into_iter()
            .enumerate()
            .map(|(r, a)| if requests[r].previous.is_some() { None } else { a })
            .collect();
        self.anchor_weight = weight;
        let anchored = self.anchors.iter().filter(|a| a.is_some()).count() as i64;
        self.cost += weight * anchored;
    }

    /// Cost change of adding mediator `m` to session job `s`.
    pub(crate) fn staff_delta(&self, s: usize, m: usize, mask: u64) -> i64 {
        let prep = self.prep;
        let job = &prep.sessions[s];
        let w = prep.problem.weights();
        let gained = i64::from((mask & job.all & !self.covered[s]).count_ones());
        let mut delta = -job.weight * gained + w.travel * self.travel_delta(m, job.start, job.office);
        let used = &self.workshop_mediators[job.workshop];
        if !used.is_empty() && !used.iter().any(|&(x, _)| x == m) {
            delta += w.continuity;
        }
        delta
    }

    fn add_engagement(&mut self, m: usize, e: Engagement) {
        let list = &mut self.engagements[m];
        let i = list.partition_point(|x| (x.start, x.end) < (e.start, e.end));
        list.insert(i, e);
        let day = self.prep.day_of(e.start);
        let week = self.prep.day_week[day];
        self.day_minutes[m][day] += e.end - e.start;
        self.week_minutes[m][week] += e.end - e.start;
        if e.in_person {
            self.refresh_travel(m, day);
        }
    }

    fn drop_engagement(&mut self, m: usize, owner: Owner) -> Option<Engagement> {
        let list = &mut self.engagements[m];
        let i = list.iter().position(|e| e.owner == owner)?;
        let e = list.remove(i);
        let day = self.prep.day_of(e.start);
        let week = self.prep.day_week[day];
        self.day_minutes[m][day] -= e.end - e.start;
        self.week_minutes[m][week] -= e.end - e.start;
        if e.in_person {
            self.refresh_travel(m, day);
        }
        Some(e)
    }

    fn refresh_travel(&mut self, m: usize, day: usize) {
        let prep = self.prep;
        let (lo, hi) = (prep.day_starts[day], prep.day_starts[day + 1]);
        let list = &self.engagements[m];
        let offices: Vec<usize> =
            list.iter().filter(|e| e.in_person && e.start >= lo && e.start < hi).map(|e| e.office).collect();
        let (minutes, _) = day_travel_minutes(prep.problem, prep.problem.home_place(m), &offices);
        let old = std::mem::replace(&mut self.day_travel[m][day], minutes);
        self.cost += prep.problem.weights().travel * (minutes - old);
    }

    fn add_load(&mut self, office: usize, interval: Interval) {
        if self.prep.problem.offices()[office].capacity.is_some() {
            let load = &mut self.office_load[office];
            let i = load.partition_point(|x| *x < interval);
            load.insert(i, interval);
            self.office_longest[office] = self.office_longest[office].max(interval.1 - interval.0);
        }
    }

    fn drop_load(&mut self, office: usize, interval: Interval) {
        if self.prep.problem.offices()[office].capacity.is_some() {
            let load = &mut self.office_load[office];
            if let Some(i) = load.iter().position(|x| *x == interval) {
                load.remove(i);
            }
        }
    }

    fn count_in(list: &mut Vec<(usize, u32)>, m: usize, add: bool) -> i64 {
        let before = continuity_units(list.len());
        match (list.iter().position(|&(x, _)| x == m), add) {
            (Some(i), true) => list[i].1 += 1,
            (None, true) => list.push((m, 1)),
            (Some(i), false) => {
                list[i].1 -= 1;
                if list[i].1 == 0 {
                    list.swap_remove(i);
                }
            }
            (None, false) => {}
        }
        continuity_units(list.len()) - before
    }

    /// Serves request `r` with `placement` (the caller checked it fits).
    pub(crate) fn insert_request(&mut self, r: usize, placement: Placement) {
        let p = self.prep.problem;
        let request = &p.requests()[r];
        let local = self.local_request_cost(r, Some(placement)) - self.local_request_cost(r, None);
        self.cost += local;
        let end = placement.start + request.duration;
        self.add_engagement(
            placement.mediator,
            Engagement {
                start: placement.start,
                end,
                office: request.office,
                in_person: placement.modality == Modality::InPerson,
                owner: Owner::Request(r),
            },
        );
        self.add_load(request.office, (placement.start, end));
        if let Some(c) = self.prep.case_of[r] {
            self.cost +=
                p.weights().continuity * State::count_in(&mut self.case_mediators[c], placement.mediator, true);
        }
        self.assigned[r] = Some(placement);
        if self.logging {
            self.log.push(Change::Inserted(Job::Request(r)));
        }
    }

    /// Leaves request `r` unassigned; returns where it was.
    pub(crate) fn remove_request(&mut self, r: usize) -> Option<Placement> {
        let placement = self.assigned[r].take()?;
        let p = self.prep.problem;
        let request = &p.requests()[r];
        self.cost += self.local_request_cost(r, None) - self.local_request_cost(r, Some(placement));
        self.drop_engagement(placement.mediator, Owner::Request(r));
        self.drop_load(request.office, (placement.start, placement.start + request.duration));
        if let Some(c) = self.prep.case_of[r] {
            self.cost +=
                p.weights().continuity * State::count_in(&mut self.case_mediators[c], placement.mediator, false);
        }
        if self.logging {
            self.log.push(Change::RemovedRequest(r, placement));
        }
        Some(placement)
    }

    fn local_request_cost(&self, r: usize, placement: Option<Placement>) -> i64 {
        let p = self.prep.problem;
        let request = &p.requests()[r];
        let anchor = self.anchor_penalty(r, placement.as_ref());
        anchor
            + match placement {
                None => unassigned_term(p, request) + change_term(p, request, None),
                Some(pl) => self.own_cost(request, &pl),
            }
    }

    /// The terms `request` served with `placement` contributes by itself,
    /// `change` included (travel and continuity depend on the rest of the plan).
    #[inline(always)]
    fn own_cost(&self, request: &Request, placement: &Placement) -> i64 {
        self.assignment_cost(request, placement)
            + change_term(self.prep.problem, request, Some((placement.mediator, placement.start)))
    }

    /// [`assignment_terms`] of `request` served with `placement`, summed.
    #[inline(always)]
    pub(crate) fn assignment_cost(&self, request: &Request, placement: &Placement) -> i64 {
        let language = &request.languages[placement.language];
        let (m, start, modality) = (placement.mediator, placement.start, placement.modality);
        assignment_total(&assignment_terms(self.prep.problem, request, m, start, language, modality))
    }

    fn staff_mask(&self, s: usize, m: usize) -> u64 {
        self.prep.sessions[s].staff.iter().find(|x| x.0 == m).map_or(0, |x| x.1)
    }

    fn refresh_coverage(&mut self, s: usize) {
        let job = &self.prep.sessions[s];
        let covered = self.staffing[s].iter().fold(0u64, |acc, &m| acc | self.staff_mask(s, m)) & job.all;
        let before = i64::from((job.all & !self.covered[s]).count_ones());
        let after = i64::from((job.all & !covered).count_ones());
        self.cost += job.weight * (after - before);
        self.covered[s] = covered;
    }

    /// Adds mediator `m` to session job `s` (the caller checked it fits).
    pub(crate) fn insert_staff(&mut self, s: usize, m: usize) {
        let job = &self.prep.sessions[s];
        let (start, end, office, workshop) = (job.start, job.end, job.office, job.workshop);
        self.add_engagement(m, Engagement { start, end, office, in_person: true, owner: Owner::Session(s) });
        self.staffing[s].push(m);
        self.refresh_coverage(s);
        self.cost +=
            self.prep.problem.weights().continuity * State::count_in(&mut self.workshop_mediators[workshop], m, true);
        if self.logging {
            self.log.push(Change::Inserted(Job::Staff(s, m)));
        }
    }

    /// Removes mediator `m` from session job `s`.
    pub(crate) fn remove_staff(&mut self, s: usize, m: usize) {
        let Some(i) = self.staffing[s].iter().position(|&x| x == m) else { return };
        self.staffing[s].remove(i);
        self.drop_engagement(m, Owner::Session(s));
        self.refresh_coverage(s);
        let workshop = self.prep.sessions[s].workshop;
        self.cost +=
            self.prep.problem.weights().continuity * State::count_in(&mut self.workshop_mediators[workshop], m, false);
        if self.logging {
            self.log.push(Change::RemovedStaff(s, m));
        }
    }

    /// Removes a job; returns the jobs removed with it to keep travel feasible.
    pub(crate) fn remove_job(&mut self, job: Job) -> Vec<Job> {
        let (m, at) = match job {
            Job::Request(r) => match self.remove_request(r) {
                Some(p) => (p.mediator, p.start),
                None => return Vec::new(),
            },
            Job::Staff(s, m) => {
                self.remove_staff(s, m);
                (m, self.prep.sessions[s].start)
            }
        };
        self.repair_travel(m, at)
    }

    /// After a removal at `at`, the in-person engagements of `m` around it
    /// become consecutive; where the travel matrix is not metric they may no
    /// longer be reachable, and the later one is removed too.
    fn repair_travel(&mut self, m: usize, at: Minute) -> Vec<Job> {
        let mut removed = Vec::new();
        loop {
            let list = &self.engagements[m];
            let i = list.partition_point(|e| e.start < at);
            let prev = list[..i].iter().rev().find(|e| e.in_person).copied();
            let next = list[i..].iter().find(|e| e.in_person).copied();
            let (Some(prev), Some(next)) = (prev, next) else { return removed };
            if Travel::reachable(self.prep.problem, &prev, &next) {
                return removed;
            }
            let job = match next.owner {
                Owner::Request(r) => {
                    if self.prep.problem.requests()[r].locked {
                        return removed;
                    }
                    self.remove_request(r);
                    Job::Request(r)
                }
                Owner::Session(s) => {
                    self.remove_staff(s, m);
                    Job::Staff(s, m)
                }
                Owner::External(_) => return removed,
            };
            removed.push(job);
        }
    }

    /// The engagements an office with a capacity hosts (empty for unlimited offices).
    pub(crate) fn office_load(&self, office: usize) -> &[Interval] {
        &self.office_load[office]
    }

    /// Adds busy time known only by its place (a public snapshot's
    /// engagement): it blocks the mediator and counts for travel and maxima.
    pub(crate) fn insert_external(
        &mut self,
        m: usize,
        id: usize,
        start: Minute,
        end: Minute,
        office: usize,
        in_person: bool,
    ) {
        self.add_engagement(m, Engagement { start, end, office, in_person, owner: Owner::External(id) });
    }

    /// Adds an engagement to an office's load (a public snapshot's load).
    pub(crate) fn insert_office_load(&mut self, office: usize, interval: Interval) {
        self.add_load(office, interval);
    }

    /// Jobs currently placed, in a stable order.
    pub(crate) fn placed_jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> =
            (0..self.assigned.len()).filter(|&r| self.assigned[r].is_some()).map(Job::Request).collect();
        for (s, staff) in self.staffing.iter().enumerate() {
            jobs.extend(staff.iter().map(|&m| Job::Staff(s, m)));
        }
        jobs
    }

    /// Travel minutes of the whole plan.
    pub(crate) fn travel_minutes(&self) -> i64 {
        self.day_travel.iter().flatten().sum()
    }

    /// Continuity units of every case and workshop.
    pub(crate) fn continuity_units_total(&self) -> i64 {
        self.case_mediators.iter().chain(&self.workshop_mediators).map(|l| continuity_units(l.len())).sum()
    }

    /// Recomputes the cost from scratch (tests and debug checks).
    #[cfg(test)]
    pub(crate) fn recomputed_cost(&self) -> i64 {
        let p = self.prep.problem;
        let mut cost = 0;
        for r in 0..self.assigned.len() {
            cost += self.local_request_cost(r, self.assigned[r]);
        }
        for (s, job) in self.prep.sessions.iter().enumerate() {
            cost += job.weight * i64::from((job.all & !self.covered[s]).count_ones());
        }
        cost += p.weights().travel * self.day_travel.iter().flatten().sum::<i64>();
        let units: i64 =
            self.case_mediators.iter().chain(&self.workshop_mediators).map(|l| continuity_units(l.len())).sum();
        cost + p.weights().continuity * units
    }
}

impl Schedule for State<'_> {
    #[inline(always)]
    fn problem(&self) -> &crate::model::Problem {
        self.prep.problem
    }
    #[inline(always)]
    fn engagements(&self, m: usize) -> &[Engagement] {
        &self.engagements[m]
    }
    #[inline(always)]
    fn day_starts(&self) -> &[Minute] {
        &self.prep.day_starts
    }
    #[inline(always)]
    fn day_week(&self) -> &[usize] {
        &self.prep.day_week
    }
    #[inline(always)]
    fn day_of(&self, t: Minute) -> usize {
        self.prep.day_of(t)
    }
    #[inline(always)]
    fn day_minutes(&self, m: usize, day: usize) -> i64 {
        self.day_minutes[m][day]
    }
    #[inline(always)]
    fn week_minutes(&self, m: usize, week: usize) -> i64 {
        self.week_minutes[m][week]
    }
    #[inline(always)]
    fn office_load(&self, office: usize) -> &[Interval] {
        &self.office_load[office]
    }
    #[inline(always)]
    fn office_longest(&self, office: usize) -> i64 {
        self.office_longest[office]
    }
}
