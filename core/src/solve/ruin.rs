//! Ruin: take a related group of jobs out of the plan so that recreate can
//! put them back differently. Locked requests never move.

use super::rng::Random;
use super::state::{Job, Owner, State};
use crate::interval::Minute;

/// The ruin operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ruin {
    /// Random jobs.
    Random,
    /// One mediator's engagements on one day (and sometimes the next).
    MediatorDay,
    /// Requests close in time and language to a random seed request.
    Related,
    /// Make room for an unassigned request (or request with roles): clear where it could go.
    MakeRoom,
    /// A whole case, or a whole workshop's staff.
    Group,
    /// The placed requests with the highest own cost.
    Worst,
    /// Every request at one office on one day.
    OfficeDay,
    /// Every request on one day sharing a language with a seed request.
    LanguageDay,
    /// A few requests of one mediator-day or office-day, re-packed by
    /// branch and bound (`solve::exact`) instead of recreate.
    Exact,
}

pub(crate) const RUINS: [Ruin; 9] = [
    Ruin::Random,
    Ruin::MediatorDay,
    Ruin::Related,
    Ruin::MakeRoom,
    Ruin::Group,
    Ruin::Worst,
    Ruin::OfficeDay,
    Ruin::LanguageDay,
    Ruin::Exact,
];

/// The operator's name in the search's record.
pub(crate) fn ruin_name(ruin: Ruin) -> &'static str {
    match ruin {
        Ruin::Random => "random",
        Ruin::MediatorDay => "mediator_day",
        Ruin::Related => "related",
        Ruin::MakeRoom => "make_room",
        Ruin::Group => "group",
        Ruin::Worst => "worst",
        Ruin::OfficeDay => "office_day",
        Ruin::LanguageDay => "language_day",
        Ruin::Exact => "exact",
    }
}

fn movable(state: &State, job: Job) -> bool {
    match job {
        Job::Request(r) | Job::Team(r) => !state.prep.problem.requests()[r].locked,
        Job::Staff(..) => true,
    }
}

fn owner_job(owner: Owner, mediator: usize) -> Option<Job> {
    match owner {
        Owner::Request(r) => Some(Job::Request(r)),
        Owner::Session(s) => Some(Job::Staff(s, mediator)),
        Owner::External(_) => None,
    }
}

/// Chooses the jobs to remove (movable and placed), at most about `size`,
/// and for [`Ruin::MakeRoom`] the unassigned request to place first.
pub(crate) fn choose(state: &State, ruin: Ruin, size: usize, rng: &mut Random) -> (Vec<Job>, Option<usize>) {
    let mut target = None;
    let placed: Vec<Job> = state.placed_jobs().into_iter().filter(|&j| movable(state, j)).collect();
    if placed.is_empty() {
        return (Vec::new(), None);
    }
    let prep = state.prep;
    let p = prep.problem;
    let mut chosen = match ruin {
        Ruin::Random => {
            let mut jobs = placed.clone();
            rng.shuffle(&mut jobs);
            jobs.truncate(size);
            jobs
        }
        Ruin::MediatorDay => {
            let job = placed[rng.below(placed.len())];
            let (m, start) = job_place(state, job);
            let day = prep.day_of(start);
            let last = if rng.chance(30) { (day + 1).min(prep.day_starts.len() - 2) } else { day };
            let (lo, hi) = (prep.day_starts[day], prep.day_starts[last + 1]);
            state
                .engagements(m)
                .iter()
                .filter(|e| e.start >= lo && e.start < hi)
                .filter_map(|e| owner_job(e.owner, m))
                .collect()
        }
        Ruin::Related => {
            let seed = placed[rng.below(placed.len())];
            let (m0, t0) = job_place(state, seed);
            let langs = job_languages(state, seed);
            // Score a sample when the plan is large.
            let sample: Vec<Job> = if placed.len() > 400 {
                (0..400).map(|_| placed[rng.below(placed.len())]).collect()
            } else {
                placed.clone()
            };
            let mut scored: Vec<(i64, Job)> = sample
                .iter()
                .map(|&j| {
                    let (m, t) = job_place(state, j);
                    let shared = job_languages(state, j).iter().any(|l| langs.contains(l));
                    let score = (t - t0).abs() + if shared { 0 } else { 600 } + if m == m0 { 0 } else { 60 };
                    (score + rng.below(120) as i64, j)
                })
                .collect();
            scored.sort_unstable();
            scored.into_iter().take(size).map(|x| x.1).collect()
        }
        Ruin::MakeRoom => match make_room(state, size, rng) {
            Some((r, jobs)) => {
                target = Some(r);
                jobs
            }
            None => Vec::new(),
        },
        Ruin::Group => {
            if prep.cases > 0 && (prep.sessions.is_empty() || rng.chance(70)) {
                let c = rng.below(prep.cases);
                prep.case_requests[c].iter().map(|&r| Job::Request(r)).collect()
            } else if !prep.sessions.is_empty() {
                let w = prep.sessions[rng.below(prep.sessions.len())].workshop;
                prep.workshop_sessions[w]
                    .iter()
                    .flat_map(|&s| state.staffing[s].iter().map(move |&m| Job::Staff(s, m)))
                    .collect()
            } else {
                Vec::new()
            }
        }
        Ruin::Worst => {
            let mut scored: Vec<(i64, Job)> = placed
                .iter()
                .filter_map(|&j| match j {
                    Job::Request(r) => {
                        let pl = state.assigned[r]?;
                        let request = &p.requests()[r];
                        let own = state.request_delta_of_placed(r, &pl) + p.weights().unassigned(request.priority);
                        Some((-(own + rng.below(200) as i64), j))
                    }
                    Job::Staff(..) | Job::Team(_) => None,
                })
                .collect();
            scored.sort_unstable();
            scored.into_iter().take(size).map(|x| x.1).collect()
        }
        Ruin::OfficeDay => super::ruin_structured::office_day(state, &placed, size, rng),
        Ruin::LanguageDay => super::ruin_structured::language_day(state, &placed, size, rng),
        // Chooses and repairs in one (see `solve::exact`).
        Ruin::Exact => Vec::new(),
    };
    // An engagement of a request with roles stands for its whole team.
    for job in &mut chosen {
        if let Job::Request(r) = *job {
            if p.requests()[r].has_roles() {
                *job = Job::Team(r);
            }
        }
    }
    chosen.retain(|&j| movable(state, j) && is_placed(state, j));
    chosen.sort_unstable();
    chosen.dedup();
    (chosen, target)
}

fn is_placed(state: &State, job: Job) -> bool {
    match job {
        Job::Request(r) => state.assigned[r].is_some(),
        Job::Staff(s, m) => state.staffing[s].contains(&m),
        Job::Team(r) => state.teams[r].is_some(),
    }
}

fn job_place(state: &State, job: Job) -> (usize, Minute) {
    match job {
        Job::Request(r) => state.assigned[r].map_or((0, 0), |p| (p.mediator, p.start)),
        Job::Staff(s, m) => (m, state.prep.sessions[s].start),
        Job::Team(r) => state.teams[r].as_ref().and_then(|s| s.first()).map_or((0, 0), |p| (p.mediator, p.start)),
    }
}

fn job_languages<'s>(state: &'s State, job: Job) -> &'s [String] {
    let p = state.prep.problem;
    match job {
        Job::Request(r) => &p.requests()[r].languages,
        Job::Staff(s, _) => &p.workshops()[state.prep.sessions[s].workshop].languages,
        Job::Team(r) => p.requests()[r].roles.first().map_or(&[], |role| role.languages.as_slice()),
    }
}

/// Picks an unassigned request that could be served alone and clears the
/// engagements that stand where it could go: those of one of its candidate
/// mediators around one of its free stretches, and the office's load there.
fn make_room(state: &State, size: usize, rng: &mut Random) -> Option<(usize, Vec<Job>)> {
    let prep = state.prep;
    let p = prep.problem;
    let teams: Vec<usize> = (0..p.requests().len())
        .filter(|&r| p.requests()[r].has_roles() && !p.requests()[r].locked && state.teams[r].is_none())
        .collect();
    if !teams.is_empty() && rng.chance(30) {
        return make_room_for_team(state, &teams, size, rng);
    }
    let waiting: Vec<usize> =
        (0..state.assigned.len()).filter(|&r| state.assigned[r].is_none() && !prep.candidates[r].is_empty()).collect();
    if waiting.is_empty() {
        return None;
    }
    let r = waiting[rng.below(waiting.len())];
    let cands = &prep.candidates[r];
    let cand = &cands[rng.below(cands.len())];
    let fitting: Vec<_> = cand.free.iter().filter(|(a, b)| b - a >= prep.problem.requests()[r].duration).collect();
    let &&(low, high) = fitting.get(rng.below(fitting.len()))?;
    let duration = prep.problem.requests()[r].duration;
    // A stretch of the free interval about twice the duration.
    let span = (high - low).min(duration * 2 + 60);
    let offset = rng.below(((high - low - span).max(0) + 1) as usize) as i64;
    let (lo, hi) = (low + offset - 30, low + offset + span + 30);
    let m = cand.mediator;
    let mut jobs: Vec<Job> = state
        .engagements(m)
        .iter()
        .filter(|e| e.start < hi && e.end > lo)
        .filter_map(|e| owner_job(e.owner, m))
        .collect();
    let office = prep.problem.requests()[r].office;
    if prep.problem.offices()[office].capacity.is_some() {
        for (other, placement) in state.assigned.iter().enumerate() {
            if let Some(pl) = placement {
                let req = &prep.problem.requests()[other];
                if req.office == office && pl.start < hi && pl.start + req.duration > lo {
                    jobs.push(Job::Request(other));
                }
            }
        }
    }
    jobs.truncate(size.max(2));
    Some((r, jobs))
}

/// As [`make_room`] for a request with roles that waits (format 1.1): one
/// candidate mediator drawn per role, and the engagements of each of them
/// cleared around one free stretch of the first role's, so that every seat
/// can be had at one start.
fn make_room_for_team(state: &State, teams: &[usize], size: usize, rng: &mut Random) -> Option<(usize, Vec<Job>)> {
    let prep = state.prep;
    let p = prep.problem;
    let r = teams[rng.below(teams.len())];
    let duration = p.requests()[r].duration;
    let mut drawn: Vec<(usize, Vec<(Minute, Minute)>)> = Vec::new();
    for view in p.role_views(r) {
        let candidates = prep.candidates_for(view);
        let candidate = candidates.get(rng.below(candidates.len()))?;
        drawn.push((candidate.mediator, candidate.free.clone()));
    }
    let fitting: Vec<&(Minute, Minute)> = drawn.first()?.1.iter().filter(|(a, b)| b - a >= duration).collect();
    let &&(low, high) = fitting.get(rng.below(fitting.len()))?;
    let span = (high - low).min(duration * 2 + 60);
    let offset = rng.below(((high - low - span).max(0) + 1) as usize) as i64;
    let (lo, hi) = (low + offset - 30, low + offset + span + 30);
    let mut jobs: Vec<Job> = Vec::new();
    for (m, _) in &drawn {
        let mut own: Vec<Job> = state
            .engagements(*m)
            .iter()
            .filter(|e| e.start < hi && e.end > lo)
            .filter_map(|e| owner_job(e.owner, *m))
            .collect();
        own.truncate(size.max(2));
        jobs.extend(own);
    }
    Some((r, jobs))
}

impl State<'_> {
    /// The cost change a placed request brought (as if inserted now).
    pub(crate) fn request_delta_of_placed(&self, r: usize, placement: &super::state::Placement) -> i64 {
        let p = self.prep.problem;
        let request = &p.requests()[r];
        self.assignment_cost(request, placement) - p.weights().unassigned(request.priority)
    }
}
