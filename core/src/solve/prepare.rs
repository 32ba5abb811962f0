//! What the search needs to know about a problem before it starts: local
//! days and weeks, the slot grid, and for every request the mediators who
//! could serve it alone and where in time.

use std::collections::HashMap;

use crate::evaluate::rules::{self, Limits, WorkshopStaffing};
use crate::interval::{Interval, Minute};
use crate::model::{Modality, Problem};
use crate::time::date_range;

/// A mediator who could serve a request alone.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub mediator: usize,
    /// Position of the best usable language in the request's list.
    pub language: usize,
    /// Rank of `in_person` in the request's modalities, when both accept it.
    pub in_person: Option<usize>,
    /// The best remote modality both accept, with its rank.
    pub remote: Option<(Modality, usize)>,
    /// Window ∩ horizon ∩ office open ∩ availability (merged).
    pub free: Vec<Interval>,
}

/// A held workshop session and who could attend it.
#[derive(Debug, Clone)]
pub(crate) struct SessionJob {
    pub workshop: usize,
    pub session: usize,
    pub start: Minute,
    pub end: Minute,
    pub office: usize,
    /// Weight of each uncovered language.
    pub weight: i64,
    /// Mask of all the workshop's languages.
    pub all: u64,
    /// Mediators able to attend, with the mask of languages they cover.
    pub staff: Vec<(usize, u64)>,
}

/// Static data of the search.
#[derive(Debug)]
pub(crate) struct Prepared<'p> {
    pub problem: &'p Problem,
    /// First minute of each horizon day, plus the horizon's end.
    pub day_starts: Vec<Minute>,
    /// Week index of each day.
    pub day_week: Vec<usize>,
    pub weeks: usize,
    /// For days where the clock is irregular (DST), the valid grid starts.
    pub irregular: Vec<Option<Vec<Minute>>>,
    pub candidates: Vec<Vec<Candidate>>,
    pub sessions: Vec<SessionJob>,
    /// Case index of each request.
    pub case_of: Vec<Option<usize>>,
    pub cases: usize,
    /// Requests of each case.
    pub case_requests: Vec<Vec<usize>>,
    /// Requests having each mediator among their candidates.
    pub requests_of_mediator: Vec<Vec<usize>>,
    /// Requests of each office.
    pub requests_of_office: Vec<Vec<usize>>,
    /// Session jobs of each workshop.
    pub workshop_sessions: Vec<Vec<usize>>,
}

impl<'p> Prepared<'p> {
    pub(crate) fn new(problem: &'p Problem) -> Prepared<'p> {
        let mut prepared = Prepared::light(problem);
        prepared.candidates = (0..problem.requests().len()).map(|r| prepared.request_candidates(r)).collect();
        for (r, cands) in prepared.candidates.iter().enumerate() {
            for c in cands {
                prepared.requests_of_mediator[c.mediator].push(r);
            }
        }
        prepared
    }

    /// Everything but the candidates of the problem's requests (for
    /// operations on a plan that place one new request).
    pub(crate) fn light(problem: &'p Problem) -> Prepared<'p> {
        let clock = problem.clock();
        let days: Vec<_> = date_range(problem.horizon_start(), problem.horizon_end()).collect();
        let mut day_starts: Vec<Minute> = days.iter().map(|d| clock.day_start(*d)).collect();
        day_starts.push(problem.horizon().1);
        let mut day_week = Vec::with_capacity(days.len());
        let mut weeks = 0;
        let mut last_week = None;
        for d in &days {
            let w = chrono::Datelike::iso_week(d);
            if last_week != Some(w) {
                if last_week.is_some() {
                    weeks += 1;
                }
                last_week = Some(w);
            }
            day_week.push(weeks);
        }
        let weeks = weeks + 1;
        let slot = problem.slot_minutes();
        let mut irregular = vec![None; days.len()];
        for i in 0..days.len() {
            let (s, e) = (day_starts[i], day_starts[i + 1]);
            let regular =
                e - s == 1440 && clock.clock_minutes(s) == 0 && clock.offset_seconds(s) == clock.offset_seconds(e - 1);
            if !regular {
                let starts: Vec<Minute> = (s..e).filter(|&t| problem.on_grid(t) && clock.is_representable(t)).collect();
                irregular[i] = Some(starts);
            }
        }
        let _ = slot;
        let mut prepared = Prepared {
            problem,
            day_starts,
            day_week,
            weeks,
            irregular,
            candidates: Vec::new(),
            sessions: Vec::new(),
            case_of: Vec::new(),
            cases: 0,
            case_requests: Vec::new(),
            workshop_sessions: vec![Vec::new(); problem.workshops().len()],
            requests_of_mediator: vec![Vec::new(); problem.mediators().len()],
            requests_of_office: vec![Vec::new(); problem.offices().len()],
        };
        for (r, request) in problem.requests().iter().enumerate() {
            prepared.requests_of_office[request.office].push(r);
        }
        prepared.candidates = vec![Vec::new(); problem.requests().len()];
        prepared.prepare_sessions();
        prepared.prepare_cases();
        prepared
    }

    fn request_candidates(&self, r: usize) -> Vec<Candidate> {
        self.candidates_for(&self.problem.requests()[r])
    }

    /// The mediators who could serve `request` (of this problem or a new
    /// one at one of its offices) alone, with where in time.
    pub(crate) fn candidates_for(&self, request: &crate::model::Request) -> Vec<Candidate> {
        let p = self.problem;
        let window = p.office_window(request);
        let mut out = Vec::new();
        if window.is_empty() {
            return out;
        }
        for m in p.speakers_of(request) {
            if !rules::admits(p, request, m) {
                continue;
            }
            let mediator = &p.mediators()[m];
            let free = crate::interval::intersect(&window, &mediator.available);
            if !free.iter().any(|(a, b)| b - a >= request.duration) {
                continue;
            }
            let Some(language) = p.usable_languages(request, mediator).next() else { continue };
            let mut in_person = None;
            let mut remote = None;
            for pos in p.usable_modalities(request, mediator) {
                let modality = request.modalities[pos];
                if modality == Modality::InPerson {
                    in_person = Some(pos);
                } else if remote.is_none() {
                    remote = Some((modality, pos));
                }
            }
            out.push(Candidate { mediator: m, language, in_person, remote, free });
        }
        out
    }

    fn prepare_sessions(&mut self) {
        let p = self.problem;
        for (w, workshop) in p.workshops().iter().enumerate() {
            let all = if workshop.languages.len() >= 64 { u64::MAX } else { (1u64 << workshop.languages.len()) - 1 };
            for (s, session) in p.held_sessions(w) {
                let mut staff = Vec::new();
                for (m, mediator) in p.mediators().iter().enumerate() {
                    let mask = WorkshopStaffing::staff_mask(p, workshop, mediator, session.start, session.end());
                    if mask != 0
                        && Limits::admits_minutes(mediator, session.duration)
                        && mediator.within_breaks(session.duration)
                    {
                        staff.push((m, mask));
                    }
                }
                self.workshop_sessions[w].push(self.sessions.len());
                self.sessions.push(SessionJob {
                    workshop: w,
                    session: s,
                    start: session.start,
                    end: session.end(),
                    office: workshop.office,
                    weight: p.weights().unassigned(workshop.priority),
                    all,
                    staff,
                });
            }
        }
    }

    fn prepare_cases(&mut self) {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let requests = self.problem.requests();
        self.case_of = requests
            .iter()
            .map(|r| {
                r.case.as_deref().map(|c| {
                    let next = index.len();
                    *index.entry(c).or_insert(next)
                })
            })
            .collect();
        self.cases = index.len();
        self.case_requests = vec![Vec::new(); self.cases];
        for (r, c) in self.case_of.iter().enumerate() {
            if let Some(c) = c {
                self.case_requests[*c].push(r);
            }
        }
    }

    /// Index of the horizon day containing minute `t` (clamped to the horizon).
    pub(crate) fn day_of(&self, t: Minute) -> usize {
        let i = self.day_starts.partition_point(|&s| s <= t);
        i.saturating_sub(1).min(self.day_starts.len().saturating_sub(2))
    }

    /// The first grid start at or after `t` (on the grid and writable), or
    /// `None` past the horizon.
    pub(crate) fn next_grid(&self, t: Minute) -> Option<Minute> {
        let mut day = 0;
        self.next_grid_from(t, &mut day)
    }

    /// [`Prepared::next_grid`] for a caller walking forward through time:
    /// `day` is the day of the previous answer (any day to start with),
    /// updated to the day of this one. Where `t` still falls in that day
    /// the day's binary search is skipped; the answer is the same.
    #[inline]
    pub(crate) fn next_grid_from(&self, t: Minute, day: &mut usize) -> Option<Minute> {
        let mut t = t.max(0);
        loop {
            if t >= self.problem.horizon().1 {
                return None;
            }
            let d = match (self.day_starts.get(*day), self.day_starts.get(*day + 1)) {
                (Some(&from), Some(&to)) if from <= t && t < to => *day,
                _ => self.day_of(t),
            };
            *day = d;
            if let Some(starts) = &self.irregular[d] {
                let i = starts.partition_point(|&s| s < t);
                if let Some(&s) = starts.get(i) {
                    return Some(s);
                }
                t = self.day_starts[d + 1];
                continue;
            }
            let slot = self.problem.slot_minutes();
            let base = self.day_starts[d];
            let k = (t - base + slot - 1).div_euclid(slot);
            let s = base + k * slot;
            if s < self.day_starts[d + 1] {
                return Some(s);
            }
            t = self.day_starts[d + 1];
        }
    }
}
