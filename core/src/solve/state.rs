//! The plan under construction, with everything needed to test and score a
//! change in time proportional to what it touches: each mediator's
//! engagements in time order, engaged minutes per day and week, office
//! load, and each cost term's own state (`evaluate::terms`: travel per
//! day, the mediators used per case and per workshop, ...).
//!
//! The state scores nothing itself: every cost change goes through the
//! terms' registry (`terms::delta` before a change, `terms::apply` when it
//! is made), which sees the state through `CostView`.

use super::prepare::Prepared;
use crate::evaluate::rules::{Breaks, Fit, Schedule, Travel};
pub(crate) use crate::evaluate::rules::{Engagement, Misfit, Owner};
use crate::evaluate::terms::{self, Change, CostView, Served, SessionView, TermStates};
use crate::interval::{Interval, Minute};
use crate::model::{Modality, Request};

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
    /// A request with roles: all its seats (see `solve::team`).
    Team(usize),
}

/// One step of the undo log.
#[derive(Debug, Clone)]
enum Undo {
    Inserted(Job),
    RemovedRequest(usize, Placement),
    RemovedStaff(usize, usize),
    RemovedTeam(usize, Vec<Placement>),
}

#[derive(Clone)]
pub(crate) struct State<'a> {
    pub prep: &'a Prepared<'a>,
    pub assigned: Vec<Option<Placement>>,
    /// Per request with roles that is served: one placement per role, in
    /// role order (`language` indexes the role's languages); `None` else.
    /// The cost terms do not see them (see `solve::team`).
    pub teams: Vec<Option<Vec<Placement>>>,
    pub staffing: Vec<Vec<usize>>,
    pub covered: Vec<u64>,
    engagements: Vec<Vec<Engagement>>,
    day_minutes: Vec<Vec<i64>>,
    week_minutes: Vec<Vec<i64>>,
    office_load: Vec<Vec<Interval>>,
    office_longest: Vec<i64>,
    /// Each cost term's own state.
    terms: Box<TermStates>,
    /// An empty stand-in for `terms` while a change is applied to them (so
    /// that the terms see the state without a copy of theirs).
    spare: Option<Box<TermStates>>,
    pub cost: i64,
    anchors: Vec<Option<(usize, Minute)>>,
    anchor_weight: i64,
    log: Vec<Undo>,
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
        for job in &prep.sessions {
            office_load[job.office].push((job.start, job.end));
            office_longest[job.office] = office_longest[job.office].max(job.end - job.start);
        }
        for load in &mut office_load {
            load.sort_unstable();
        }
        let mut state = State {
            prep,
            assigned: vec![None; p.requests().len()],
            teams: vec![None; p.requests().len()],
            staffing: vec![Vec::new(); prep.sessions.len()],
            covered: vec![0; prep.sessions.len()],
            engagements: vec![Vec::new(); nm],
            day_minutes: vec![vec![0; days]; nm],
            week_minutes: State::worked_minutes(prep),
            office_load,
            office_longest,
            terms: Box::default(),
            spare: Some(Box::default()),
            cost: 0,
            anchors: Vec::new(),
            anchor_weight: 0,
            log: Vec::new(),
            logging: false,
        };
        state.terms = Box::new(TermStates::new(&state));
        state.cost = terms::state_terms(&state.terms, &state).total;
        state
    }

    /// Each mediator's minutes per week of the horizon before the plan: those
    /// `worked` before it (format 1.1), which count toward the weekly maximum.
    fn worked_minutes(prep: &Prepared<'_>) -> Vec<Vec<i64>> {
        let p = prep.problem;
        let mut weeks = vec![vec![0; prep.weeks]; p.mediators().len()];
        for (m, mediator) in p.mediators().iter().enumerate().filter(|(_, x)| !x.worked.is_empty()) {
            for (day, &week) in prep.day_week.iter().enumerate() {
                weeks[m][week] = mediator.worked_in(p.clock().iso_week(prep.day_starts[day]));
            }
        }
        weeks
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
                Undo::Inserted(Job::Request(r)) => {
                    self.remove_request(r);
                }
                Undo::Inserted(Job::Staff(s, m)) => self.remove_staff(s, m),
                Undo::Inserted(Job::Team(r)) => {
                    self.remove_team(r);
                }
                Undo::RemovedTeam(r, seats) => self.insert_team(r, seats),
                Undo::RemovedRequest(r, placement) => self.insert_request(r, placement),
                Undo::RemovedStaff(s, m) => self.insert_staff(s, m),
            }
        }
        self.log.clear();
    }

    pub(crate) fn engagements(&self, mediator: usize) -> &[Engagement] {
        &self.engagements[mediator]
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

    /// How `request` is served with `placement`, as the cost terms see it.
    #[inline(always)]
    fn served<'r>(request: &'r Request, placement: &Placement) -> Served<'r> {
        Served {
            mediator: placement.mediator,
            start: placement.start,
            language: &request.languages[placement.language],
            modality: Some(placement.modality),
        }
    }

    /// What serving `request` (of case `case`) with `placement` costs in the
    /// plan: its own terms, `change`, the travel it adds and continuity (the
    /// cost change of serving it, plus what leaving it unassigned costs).
    pub(crate) fn placement_cost(&self, request: &Request, case: Option<usize>, placement: &Placement) -> i64 {
        let p = self.prep.problem;
        let change = Change::Place { r: None, request, case, served: State::served(request, placement) };
        terms::delta(&self.terms, self, &change) + terms::request_terms_unserved(p, request)
    }

    /// Cost change of serving request `r` with `placement` (in place of leaving it unassigned).
    #[inline]
    pub(crate) fn request_delta(&self, r: usize, placement: &Placement) -> i64 {
        let request = &self.prep.problem.requests()[r];
        let case = self.prep.case_of[r];
        let change = Change::Place { r: Some(r), request, case, served: State::served(request, placement) };
        terms::delta(&self.terms, self, &change) + self.anchor_penalty(r, Some(placement))
            - self.anchor_penalty(r, None)
    }

    /// The replanning penalty of moving request `r` away from its anchor (the
    /// plan being repaired), for requests without `previous`.
    /// Where request `r` is served, for its anchor: its placement, or the
    /// first seat of its team (a request with roles is anchored by its
    /// first role's mediator and its start).
    #[cfg(test)]
    fn anchored_at(&self, r: usize) -> Option<&Placement> {
        self.assigned[r].as_ref().or_else(|| self.teams[r].as_ref().and_then(|seats| seats.first()))
    }

    /// What serving request `r`, which has roles, with `seats` changes in
    /// the search's objective: [`State::team_delta`] and its anchor.
    pub(crate) fn team_move_delta(&self, r: usize, seats: &[Placement]) -> i64 {
        self.team_delta(r, seats) + self.anchor_penalty(r, seats.first()) - self.anchor_penalty(r, None)
    }

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

    /// Local clock times at which serving request `r` may cost less than at
    /// the earliest start of a gap (the terms' `preferred_clocks`).
    pub(crate) fn preferred_clocks(&self, r: usize) -> Vec<i64> {
        terms::preferred_clocks(&self.terms, r)
    }

    /// Cost change of adding mediator `m` to session job `s`.
    pub(crate) fn staff_delta(&self, s: usize, m: usize, mask: u64) -> i64 {
        let before = self.covered[s];
        let after = before | (mask & self.prep.sessions[s].all);
        terms::delta(&self.terms, self, &Change::Staff { s, m, before, after })
    }

    /// Makes `change` in the terms' states and adds its cost.
    fn apply(&mut self, change: &Change<'_>) {
        // Always there: put back below (moving boxes, no copy of the states).
        let Some(spare) = self.spare.take() else { return };
        let mut states = std::mem::replace(&mut self.terms, spare);
        self.cost += terms::apply(&mut states, self, change);
        self.spare = Some(std::mem::replace(&mut self.terms, states));
    }

    fn add_engagement(&mut self, m: usize, e: Engagement) {
        let list = &mut self.engagements[m];
        let i = list.partition_point(|x| (x.start, x.end) < (e.start, e.end));
        list.insert(i, e);
        let day = self.prep.day_of(e.start);
        let week = self.prep.day_week[day];
        self.day_minutes[m][day] += e.end - e.start;
        self.week_minutes[m][week] += e.end - e.start;
        self.apply(&Change::Engagement { m, day, minutes: e.end - e.start, in_person: e.in_person });
    }

    fn drop_engagement(&mut self, m: usize, owner: Owner) -> Option<Engagement> {
        let list = &mut self.engagements[m];
        let i = list.iter().position(|e| e.owner == owner)?;
        let e = list.remove(i);
        let day = self.prep.day_of(e.start);
        let week = self.prep.day_week[day];
        self.day_minutes[m][day] -= e.end - e.start;
        self.week_minutes[m][week] -= e.end - e.start;
        self.apply(&Change::Engagement { m, day, minutes: e.start - e.end, in_person: e.in_person });
        Some(e)
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

    /// Serves request `r` with `placement` (the caller checked it fits).
    pub(crate) fn insert_request(&mut self, r: usize, placement: Placement) {
        let p = self.prep.problem;
        let request = &p.requests()[r];
        self.cost += self.anchor_penalty(r, Some(&placement)) - self.anchor_penalty(r, None);
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
        self.assigned[r] = Some(placement);
        let served = State::served(request, &placement);
        self.apply(&Change::Place { r: Some(r), request, case: self.prep.case_of[r], served });
        if self.logging {
            self.log.push(Undo::Inserted(Job::Request(r)));
        }
    }

    /// Serves request `r`, which has roles, with one placement per role,
    /// all at one start with distinct mediators (the caller checked that
    /// each fits): each role engages its mediator, the office hosts the
    /// meeting once.
    pub(crate) fn insert_team(&mut self, r: usize, seats: Vec<Placement>) {
        let request = &self.prep.problem.requests()[r];
        self.cost += self.team_delta(r, &seats) + self.anchor_penalty(r, seats.first()) - self.anchor_penalty(r, None);
        for seat in &seats {
            let (start, end) = (seat.start, seat.start + request.duration);
            let in_person = seat.modality == Modality::InPerson;
            let e = Engagement { start, end, office: request.office, in_person, owner: Owner::Request(r) };
            self.add_engagement(seat.mediator, e);
        }
        if let Some(first) = seats.first() {
            self.add_load(request.office, (first.start, first.start + request.duration));
            let mediators: Vec<usize> = seats.iter().map(|s| s.mediator).collect();
            let case = self.prep.case_of[r];
            self.apply(&Change::Team { r, case, start: first.start, mediators: &mediators, add: true });
        }
        self.teams[r] = Some(seats);
        if self.logging {
            self.log.push(Undo::Inserted(Job::Team(r)));
        }
    }

    /// What serving request `r` (which has roles) with `seats` adds to the
    /// request-local cost terms (its unassigned weight off, its language
    /// and modality ranks, delay, change, preferred mediator): the search's
    /// cost of a team. The terms' own states do not see teams (`solve::team`).
    pub(crate) fn team_delta(&self, r: usize, seats: &[Placement]) -> i64 {
        let p = self.prep.problem;
        let request = &p.requests()[r];
        let served: Vec<Served<'_>> = seats
            .iter()
            .zip(&request.roles)
            .map(|(seat, role)| Served {
                mediator: seat.mediator,
                start: seat.start,
                language: &role.languages[seat.language],
                modality: Some(seat.modality),
            })
            .collect();
        terms::roles_total(p, request, Some(&served)) - terms::roles_total(p, request, None)
    }

    /// Leaves request `r`, which has roles, unassigned; returns its seats.
    pub(crate) fn remove_team(&mut self, r: usize) -> Option<Vec<Placement>> {
        let seats = self.teams[r].take()?;
        let request = &self.prep.problem.requests()[r];
        self.cost -= self.team_delta(r, &seats) + self.anchor_penalty(r, seats.first()) - self.anchor_penalty(r, None);
        for seat in &seats {
            self.drop_engagement(seat.mediator, Owner::Request(r));
        }
        if let Some(first) = seats.first() {
            self.drop_load(request.office, (first.start, first.start + request.duration));
            let mediators: Vec<usize> = seats.iter().map(|s| s.mediator).collect();
            let case = self.prep.case_of[r];
            self.apply(&Change::Team { r, case, start: first.start, mediators: &mediators, add: false });
        }
        if self.logging {
            self.log.push(Undo::RemovedTeam(r, seats.clone()));
        }
        Some(seats)
    }

    /// Leaves request `r` unassigned; returns where it was.
    pub(crate) fn remove_request(&mut self, r: usize) -> Option<Placement> {
        let placement = self.assigned[r].take()?;
        let p = self.prep.problem;
        let request = &p.requests()[r];
        self.cost += self.anchor_penalty(r, None) - self.anchor_penalty(r, Some(&placement));
        self.drop_engagement(placement.mediator, Owner::Request(r));
        self.drop_load(request.office, (placement.start, placement.start + request.duration));
        let served = State::served(request, &placement);
        self.apply(&Change::Unplace { r: Some(r), request, case: self.prep.case_of[r], served });
        if self.logging {
            self.log.push(Undo::RemovedRequest(r, placement));
        }
        Some(placement)
    }

    /// The terms counted per assigned request from its placement alone
    /// (`Term::PER_ASSIGNMENT`), summed: what `request` served with
    /// `placement` costs by itself, `change` aside.
    #[inline(always)]
    pub(crate) fn assignment_cost(&self, request: &Request, placement: &Placement) -> i64 {
        terms::assignment_cost(self.prep.problem, request, &State::served(request, placement))
    }

    fn staff_mask(&self, s: usize, m: usize) -> u64 {
        self.prep.sessions[s].staff.iter().find(|x| x.0 == m).map_or(0, |x| x.1)
    }

    /// The languages of session job `s` its staff covers now.
    fn coverage(&self, s: usize) -> u64 {
        self.staffing[s].iter().fold(0u64, |acc, &m| acc | self.staff_mask(s, m)) & self.prep.sessions[s].all
    }

    /// Adds mediator `m` to session job `s` (the caller checked it fits).
    pub(crate) fn insert_staff(&mut self, s: usize, m: usize) {
        let job = &self.prep.sessions[s];
        let (start, end, office) = (job.start, job.end, job.office);
        self.add_engagement(m, Engagement { start, end, office, in_person: true, owner: Owner::Session(s) });
        self.staffing[s].push(m);
        let (before, after) = (self.covered[s], self.coverage(s));
        self.covered[s] = after;
        self.apply(&Change::Staff { s, m, before, after });
        if self.logging {
            self.log.push(Undo::Inserted(Job::Staff(s, m)));
        }
    }

    /// Removes mediator `m` from session job `s`.
    pub(crate) fn remove_staff(&mut self, s: usize, m: usize) {
        let Some(i) = self.staffing[s].iter().position(|&x| x == m) else { return };
        self.staffing[s].remove(i);
        self.drop_engagement(m, Owner::Session(s));
        let (before, after) = (self.covered[s], self.coverage(s));
        self.covered[s] = after;
        self.apply(&Change::Unstaff { s, m, before, after });
        if self.logging {
            self.log.push(Undo::RemovedStaff(s, m));
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
            Job::Team(r) => {
                let Some(seats) = self.remove_team(r) else { return Vec::new() };
                let mut removed = Vec::new();
                for seat in seats {
                    self.repair_around(seat.mediator, seat.start, &mut removed);
                }
                return removed.into_iter().map(|(job, _)| job).collect();
            }
        };
        let mut removed = Vec::new();
        self.repair_around(m, at, &mut removed);
        removed.into_iter().map(|(job, _)| job).collect()
    }

    /// Rules 4 and 9 for mediator `m` after a removal at `at` (see
    /// `repair_travel` and `repair_breaks`); the jobs removed to keep them
    /// go to `removed`.
    fn repair_around(&mut self, m: usize, at: Minute, removed: &mut Vec<(Job, Minute)>) {
        self.repair_travel(m, at, removed);
        if self.prep.problem.mediators()[m].breaks.is_some() {
            self.repair_breaks(m, at, removed);
        }
    }

    /// Removes request `r`, found in the way of a repair of mediator `m`'s
    /// day: a request with roles goes whole, and the days its other seats
    /// leave are repaired too.
    fn remove_in_repair(&mut self, r: usize, m: usize, removed: &mut Vec<(Job, Minute)>) -> Job {
        if self.teams[r].is_none() {
            self.remove_request(r);
            return Job::Request(r);
        }
        let seats = self.remove_team(r).unwrap_or_default();
        for seat in seats.into_iter().filter(|seat| seat.mediator != m) {
            self.repair_around(seat.mediator, seat.start, removed);
        }
        Job::Team(r)
    }

    /// Rule 9 after a removal at `at` (and the removals of `removed` since):
    /// a removed engagement changes which in-person engagements each gap of
    /// its day lies between, so the travel taken from a gap may grow and
    /// two work blocks merge. While a day touched has a block over
    /// `after_minutes`, its latest engagement that may move (not locked,
    /// not external) is removed too, and travel repaired around it.
    fn repair_breaks(&mut self, m: usize, at: Minute, removed: &mut Vec<(Job, Minute)>) {
        // The days to look at: that of `at`, then those of every removal, in order.
        let (mut first_day, mut done) = (Some(at), 0);
        loop {
            let at = match first_day.take() {
                Some(at) => at,
                None => match removed.get(done) {
                    Some(&(_, start)) => {
                        done += 1;
                        start
                    }
                    None => return,
                },
            };
            let day = self.prep.day_of(at);
            while let Some((first, last)) = Breaks::long_block(self, m, day) {
                let list = &self.engagements[m];
                let p = self.prep.problem;
                let victim = list[first..=last].iter().rev().find(|e| match e.owner {
                    Owner::Request(r) => !p.requests()[r].locked,
                    Owner::Session(_) => true,
                    Owner::External(_) => false,
                });
                let Some(&victim) = victim else { break };
                let job = match victim.owner {
                    Owner::Request(r) => self.remove_in_repair(r, m, removed),
                    Owner::Session(s) => {
                        self.remove_staff(s, m);
                        Job::Staff(s, m)
                    }
                    Owner::External(_) => break,
                };
                removed.push((job, victim.start));
                self.repair_travel(m, victim.start, removed);
            }
        }
    }

    /// After a removal at `at`, the in-person engagements of `m` around it
    /// become consecutive; where the travel matrix is not metric they may no
    /// longer be reachable, and the later one is removed too.
    fn repair_travel(&mut self, m: usize, at: Minute, removed: &mut Vec<(Job, Minute)>) {
        loop {
            let list = &self.engagements[m];
            let i = list.partition_point(|e| e.start < at);
            let prev = list[..i].iter().rev().find(|e| e.in_person).copied();
            let next = list[i..].iter().find(|e| e.in_person).copied();
            let (Some(prev), Some(next)) = (prev, next) else { return };
            if Travel::reachable(self.prep.problem, &prev, &next) {
                return;
            }
            let job = match next.owner {
                Owner::Request(r) => {
                    if self.prep.problem.requests()[r].locked {
                        return;
                    }
                    self.remove_in_repair(r, m, removed)
                }
                Owner::Session(s) => {
                    self.remove_staff(s, m);
                    Job::Staff(s, m)
                }
                Owner::External(_) => return,
            };
            removed.push((job, next.start));
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
        jobs.extend((0..self.teams.len()).filter(|&r| self.teams[r].is_some()).map(Job::Team));
        jobs
    }

    /// The cost of the plan, term by term (the anchors aside).
    pub(crate) fn breakdown(&self) -> crate::format::CostDoc {
        terms::state_terms(&self.terms, self)
    }

    /// Recomputes the cost from scratch (tests): the evaluation's cost of
    /// the plan's document (each term's `of_plan`), plus the anchors.
    #[cfg(test)]
    pub(crate) fn recomputed_cost(&self) -> i64 {
        let anchors: i64 = (0..self.assigned.len()).map(|r| self.anchor_penalty(r, self.anchored_at(r))).sum();
        let doc = super::output::document(self);
        crate::evaluate::evaluate_doc(self.prep.problem, &doc).cost.total + anchors
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

impl CostView for State<'_> {
    #[inline(always)]
    fn served(&self, r: usize) -> Option<Served<'_>> {
        let request = &self.prep.problem.requests()[r];
        self.assigned[r].as_ref().map(|pl| State::served(request, pl))
    }
    #[inline(always)]
    fn is_assigned(&self, r: usize) -> bool {
        self.assigned[r].is_some()
    }
    #[inline(always)]
    fn cases(&self) -> usize {
        self.prep.cases
    }
    #[inline(always)]
    fn session_jobs(&self) -> usize {
        self.prep.sessions.len()
    }
    #[inline(always)]
    fn session_job(&self, s: usize) -> SessionView {
        let job = &self.prep.sessions[s];
        SessionView {
            workshop: job.workshop,
            start: job.start,
            end: job.end,
            office: job.office,
            weight: job.weight,
            all: job.all,
        }
    }
    #[inline(always)]
    fn covered(&self, s: usize) -> u64 {
        self.covered[s]
    }
}
