//! The search: a construction, then adaptive ruin and recreate with late
//! acceptance. Every choice comes from the seeded [`Random`], every
//! comparison is on integer costs, so an iteration budget gives the same
//! plan on every platform.

use super::recreate::{greedy, regret, Pending};
use super::rng::Random;
use super::ruin::{choose, ruin_name, Ruin, RUINS};
use super::state::{Job, Placement, State};
use super::stats::{OperatorStats, SearchStats};
use super::{Progress, SolveControl, SolveOptions, StopReason};
use crate::model::Modality;

/// The best plan found: the placement of every request and the staff of every session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Best {
    pub assigned: Vec<Option<Placement>>,
    pub teams: Vec<Option<Vec<Placement>>>,
    pub staffing: Vec<Vec<usize>>,
    pub cost: i64,
}

impl Best {
    pub(crate) fn of(state: &State) -> Best {
        Best {
            assigned: state.assigned.clone(),
            teams: state.teams.clone(),
            staffing: state.staffing.clone(),
            cost: state.cost,
        }
    }

    /// Requests the plan leaves out.
    pub(crate) fn unassigned(&self) -> usize {
        // (A request with roles is served by its team.)
        self.assigned.iter().zip(&self.teams).filter(|(a, t)| a.is_none() && t.is_none()).count()
    }
}

/// Places the locked requests where they must stay, choosing for each the
/// best modality that keeps the hard rules (travel, breaks). Each takes its
/// most preferred modality that fits the locked requests placed before it;
/// when none fits (an earlier choice of its mediator's was wrong: rules 4
/// and 9 depend on the choices together), that mediator's locked requests
/// so far are placed again by an exhaustive search in start order, which
/// finds a choice whenever one exists (validation guarantees one).
pub(crate) fn place_locked(state: &mut State) {
    let p = state.prep.problem;
    super::team::place_locked_teams(state);
    // Requests with roles are placed above, seat by seat.
    let mut locked: Vec<usize> =
        (0..p.requests().len()).filter(|&r| p.requests()[r].locked && !p.requests()[r].has_roles()).collect();
    locked.sort_by_key(|&r| p.requests()[r].previous.map(|x| x.start));
    let mut placed: Vec<Vec<usize>> = vec![Vec::new(); p.mediators().len()];
    for r in locked {
        let Some(previous) = p.requests()[r].previous else { continue };
        let m = previous.mediator;
        let group = &mut placed[m];
        group.push(r);
        if try_locked(state, r) {
            continue;
        }
        for &g in &group[..group.len() - 1] {
            state.remove_request(g);
        }
        let mut budget = LOCKED_SEARCH_NODES;
        if !search_locked(state, group, &mut budget) {
            // Not expected after validation: keep the old rule (the first modality that fits, else the first).
            for &g in group.iter() {
                if !try_locked(state, g) {
                    place_locked_as(state, g, None);
                }
            }
        }
    }
}

/// How many placements the search for one mediator's locked requests tries at most.
const LOCKED_SEARCH_NODES: usize = 100_000;

/// The locked request `r`'s modalities that its mediator offers, most preferred first.
fn locked_modalities(state: &State, r: usize) -> Vec<Modality> {
    let p = state.prep.problem;
    let request = &p.requests()[r];
    let Some(previous) = request.previous else { return Vec::new() };
    let mediator = &p.mediators()[previous.mediator];
    p.usable_modalities(request, mediator).map(|i| request.modalities[i]).collect()
}

/// Places locked request `r` at its previous mediator and start with its
/// first modality that fits; whether it did.
fn try_locked(state: &mut State, r: usize) -> bool {
    let p = state.prep.problem;
    let request = &p.requests()[r];
    let Some(previous) = request.previous else { return true };
    let end = previous.start + request.duration;
    for modality in locked_modalities(state, r) {
        let in_person = modality == Modality::InPerson;
        if state.fits(previous.mediator, previous.start, end, request.office, in_person, true).is_ok() {
            place_locked_as(state, r, Some(modality));
            return true;
        }
    }
    false
}

/// Inserts locked request `r` with `modality` (its first usable one when `None`).
fn place_locked_as(state: &mut State, r: usize, modality: Option<Modality>) {
    let p = state.prep.problem;
    let request = &p.requests()[r];
    let Some(previous) = request.previous else { return };
    let mediator = &p.mediators()[previous.mediator];
    let language = p.usable_languages(request, mediator).next().unwrap_or(0);
    let modality = modality.or_else(|| locked_modalities(state, r).first().copied()).unwrap_or(Modality::InPerson);
    state.insert_request(r, Placement { mediator: previous.mediator, start: previous.start, language, modality });
}

/// Places `group` (one mediator's locked requests, in start order) by
/// depth-first search over their modalities, most preferred first, each
/// placement keeping every hard rule with those before it. Complete: the
/// first requests of a choice that keeps the rules keep them too (without
/// the later ones no gap takes more travel, rule 9's rests only grow), and
/// the last placement checks the whole day. On success all are placed;
/// otherwise none, and `false`.
fn search_locked(state: &mut State, group: &[usize], budget: &mut usize) -> bool {
    let Some((&r, rest)) = group.split_first() else { return true };
    let p = state.prep.problem;
    let request = &p.requests()[r];
    let Some(previous) = request.previous else { return search_locked(state, rest, budget) };
    let end = previous.start + request.duration;
    for modality in locked_modalities(state, r) {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let in_person = modality == Modality::InPerson;
        if state.fits(previous.mediator, previous.start, end, request.office, in_person, true).is_err() {
            continue;
        }
        place_locked_as(state, r, Some(modality));
        if search_locked(state, rest, budget) {
            return true;
        }
        state.remove_request(r);
    }
    false
}

/// Every job that may still be placed, hardest first: sessions and
/// requests by weight, then by how few mediators could serve them, then by
/// how short their window is.
pub(crate) fn construction_order(state: &State) -> Vec<Pending> {
    let prep = state.prep;
    let p = prep.problem;
    let mut jobs: Vec<(i64, usize, i64, Pending)> = Vec::new();
    for r in 0..p.requests().len() {
        if state.assigned[r].is_none() && !prep.candidates[r].is_empty() {
            let request = &p.requests()[r];
            let (a, b) = request.window();
            jobs.push((
                -p.weights().unassigned(request.priority),
                prep.candidates[r].len(),
                b - a,
                Pending::Request(r),
            ));
        }
    }
    for (s, job) in prep.sessions.iter().enumerate() {
        if !job.staff.is_empty() {
            jobs.push((-job.weight, job.staff.len(), job.end - job.start, Pending::Session(s)));
        }
    }
    // Requests with roles (teams), by weight then window, as if few mediators could serve them.
    for (r, request) in p.requests().iter().enumerate() {
        if request.has_roles() && state.teams[r].is_none() {
            let (a, b) = request.window();
            jobs.push((-p.weights().unassigned(request.priority), 0, b - a, Pending::Request(r)));
        }
    }
    jobs.sort();
    jobs.into_iter().map(|x| x.3).collect()
}

/// Late acceptance compares with the cost this many iterations ago.
const HISTORY: usize = 64;

/// The history of an intensifying island (see [`Island::intensify`]).
const SHORT_HISTORY: usize = 8;

/// Bands of ruin sizes the search learns to choose between: small (2-4
/// jobs), medium (up to half the cap) and large (up to the cap, a sixth of
/// the placed jobs but at most 30).
pub(crate) const SIZE_BANDS: usize = 3;

/// A ruin size in band `band` for a cap of `cap` jobs.
fn band_size(band: usize, cap: usize, rng: &mut Random) -> usize {
    let half = (cap / 2).max(3);
    match band {
        0 => rng.between(2, 4.min(cap)),
        1 => rng.between(3.min(half), half),
        _ => rng.between(half, cap),
    }
}

/// Iterations without a new best plan before an island is perturbed.
const STAGNATION: u64 = 4_000;

/// One search: a plan, its random source, its best plan, the late
/// acceptance history and the operators' adaptive weights.
pub(crate) struct Island<'a> {
    pub state: State<'a>,
    pub rng: Random,
    pub best: Best,
    history: Vec<i64>,
    weights: [u64; RUINS.len()],
    scores: [u64; RUINS.len()],
    uses: [u64; RUINS.len()],
    /// Adaptive ruin sizes: the weight, score and uses of each band of
    /// [`SIZE_BANDS`], kept like the operators'.
    size_weights: [u64; SIZE_BANDS],
    size_scores: [u64; SIZE_BANDS],
    size_uses: [u64; SIZE_BANDS],
    /// Iterations this island has done.
    pub iteration: u64,
    /// Iterations since the island's best plan last improved (or since its last perturbation).
    since_best: u64,
    /// Whether the island may restart from its best plan when it stagnates
    /// (not in a repair, whose state carries the old plan's anchors).
    restarts: bool,
    pub stats: SearchStats,
}

/// What one iteration did.
pub(crate) struct Step {
    /// The operator used (index in [`RUINS`]).
    pub op: usize,
    /// Whether it gave a new best plan.
    pub new_best: bool,
}

impl<'a> Island<'a> {
    pub(crate) fn new(state: State<'a>, rng: Random, restarts: bool) -> Island<'a> {
        let best = Best::of(&state);
        let history = vec![state.cost; HISTORY];
        Island {
            state,
            rng,
            best,
            history,
            weights: [100; RUINS.len()],
            scores: [0; RUINS.len()],
            uses: [0; RUINS.len()],
            size_weights: [100; SIZE_BANDS],
            size_scores: [0; SIZE_BANDS],
            size_uses: [0; SIZE_BANDS],
            iteration: 0,
            since_best: 0,
            restarts,
            stats: SearchStats {
                operators: operator_stats(),
                sizes: super::stats::size_stats(),
                islands: 1,
                ..SearchStats::default()
            },
        }
    }

    /// After a long stagnation: restart from the best plan with a large
    /// structured ruin, accepted whatever its cost, and forget the history.
    fn perturb(&mut self) {
        self.state = super::output::restore(self.state.prep, &self.best);
        let state = &mut self.state;
        let rng = &mut self.rng;
        let placed = state.assigned.iter().filter(|a| a.is_some()).count();
        let size = (placed / 6).clamp(3, 30);
        let mut chosen = Vec::new();
        for ruin in [Ruin::OfficeDay, Ruin::LanguageDay, Ruin::MediatorDay, Ruin::MediatorDay] {
            chosen.extend(choose(state, ruin, size, rng).0);
        }
        chosen.sort_unstable();
        chosen.dedup();
        let (pending, _) = ruin_jobs(state, chosen, None, rng);
        if pending.len() <= 80 {
            regret(state, &pending, rng, 0);
        } else {
            greedy(state, &pending, rng, 3);
        }
        if state.cost < self.best.cost {
            self.best = Best::of(state);
        }
        let cost = state.cost;
        self.history.iter_mut().for_each(|h| *h = cost);
        self.since_best = 0;
        self.stats.perturbations += 1;
    }

    /// One ruin-and-recreate iteration, accepted or rolled back by late acceptance.
    pub(crate) fn iterate(&mut self) -> Step {
        if self.restarts && self.since_best >= STAGNATION {
            self.perturb();
        }
        let state = &mut self.state;
        let rng = &mut self.rng;
        let op = pick(&self.weights, rng);
        let placed = state.assigned.iter().filter(|a| a.is_some()).count();
        let band = pick(&self.size_weights, rng);
        let size = band_size(band, (placed / 6).clamp(3, 30), rng);
        let before = state.cost;
        state.begin();
        if RUINS[op] == Ruin::Exact {
            super::exact::repair(state, rng);
        } else {
            let (pending, first) = ruin(state, RUINS[op], size, rng);
            if let Some(r) = first {
                greedy(state, &[Pending::Request(r)], rng, 0);
            }
            if rng.chance(50) && pending.len() <= 80 {
                regret(state, &pending, rng, 0);
            } else {
                greedy(state, &pending, rng, 3);
            }
        }
        let after = state.cost;
        let slot = (self.iteration % self.history.len() as u64) as usize;
        self.uses[op] += 1;
        self.size_uses[band] += 1;
        let scored = self.scores[op];
        self.stats.sizes[band].iterations += 1;
        let record = &mut self.stats.operators[op];
        record.iterations += 1;
        let mut new_best = false;
        if after <= before || after <= self.history[slot] {
            state.commit();
            record.accepted += 1;
            if after < before {
                record.improving += 1;
            }
            if after < self.best.cost {
                self.best = Best::of(state);
                self.scores[op] += 30;
                record.new_best += 1;
                new_best = true;
            } else if after < before {
                self.scores[op] += 8;
            } else {
                self.scores[op] += 2;
            }
            if after < self.history[slot] {
                self.history[slot] = after;
            }
            self.size_scores[band] += self.scores[op] - scored;
            self.stats.sizes[band].accepted += 1;
            if new_best {
                self.stats.sizes[band].new_best += 1;
            }
        } else {
            state.rollback();
        }
        self.since_best = if new_best { 0 } else { self.since_best + 1 };
        self.iteration += 1;
        if self.iteration % 200 == 0 {
            for i in 0..RUINS.len() {
                let rate = (self.scores[i] * 100).checked_div(self.uses[i]).unwrap_or(0);
                self.weights[i] = ((self.weights[i] * 7 + rate * 3) / 10).clamp(10, 1000);
                self.scores[i] = 0;
                self.uses[i] = 0;
            }
            for i in 0..SIZE_BANDS {
                let rate = (self.size_scores[i] * 100).checked_div(self.size_uses[i]).unwrap_or(0);
                self.size_weights[i] = ((self.size_weights[i] * 7 + rate * 3) / 10).clamp(10, 1000);
                self.size_scores[i] = 0;
                self.size_uses[i] = 0;
            }
        }
        Step { op, new_best }
    }

    /// Makes this island the intensifying one of a pair: late acceptance
    /// with a short history (close to descent from the best plan it is
    /// given at each exchange), where the others explore with the long one.
    pub(crate) fn intensify(mut self) -> Self {
        self.history = vec![self.state.cost; SHORT_HISTORY];
        self.stats.intensifying = 1;
        self
    }

    /// Continues from another island's better plan (at an exchange).
    pub(crate) fn adopt(&mut self, best: &Best) {
        self.state = super::output::restore(self.state.prep, best);
        debug_assert_eq!(self.state.cost, best.cost);
        self.best = best.clone();
        self.history.iter_mut().for_each(|h| *h = self.state.cost);
    }

    /// Adds the sampled time of an iteration to its operator.
    pub(crate) fn record_time(&mut self, op: usize, ms: f64) {
        let record = &mut self.stats.operators[op];
        record.sampled_us += (ms.max(0.0) * 1000.0).round() as u64;
        record.sampled_iterations += 1;
    }
}

/// An empty record for every operator.
pub(crate) fn operator_stats() -> Vec<OperatorStats> {
    RUINS.iter().map(|&r| OperatorStats { name: ruin_name(r), ..OperatorStats::default() }).collect()
}

/// Runs the adaptive ruin-and-recreate search from the current state.
///
/// Under a time limit the search stops early enough to write the plan in
/// time: `ms_per_unassigned` is how long the reason of one unassigned
/// request takes to write (measured by the caller), reserved for each
/// request the best plan leaves out.
pub(crate) fn improve(
    state: &mut State,
    options: &SolveOptions,
    control: &mut dyn SolveControl,
    rng: &mut Random,
    ms_per_unassigned: f64,
) -> (Best, u64, StopReason) {
    let (best, iterations, stop, _) = improve_with_stats(state, options, control, rng, ms_per_unassigned, false);
    (best, iterations, stop)
}

/// As [`improve`], with the search's record; `restarts`: perturb from the
/// best plan after a stagnation (the state must carry no anchors).
pub(crate) fn improve_with_stats(
    state: &mut State,
    options: &SolveOptions,
    control: &mut dyn SolveControl,
    rng: &mut Random,
    ms_per_unassigned: f64,
    restarts: bool,
) -> (Best, u64, StopReason, SearchStats) {
    let mut island = Island::new(state.clone(), rng.clone(), restarts);
    let movable = state.prep.problem.requests().iter().filter(|r| !r.locked).count() + state.prep.sessions.len();
    if movable == 0 || options.max_iterations == Some(0) {
        return (island.best, 0, StopReason::Complete, island.stats);
    }
    let mut reserve = ms_per_unassigned * island.best.unassigned() as f64;
    let mut timed = false;
    let stop = loop {
        let iteration = island.iteration;
        if options.max_iterations.is_some_and(|max| iteration >= max) {
            break StopReason::Iterations;
        }
        let mut started = None;
        if iteration % 4 == 0 {
            started = control.elapsed_ms();
            if let (Some(limit), Some(elapsed)) = (options.time_limit_ms, started) {
                if elapsed + reserve >= limit as f64 {
                    break StopReason::TimeLimit;
                }
            }
        }
        if iteration % 64 == 0 {
            if control.should_stop() {
                break StopReason::Cancelled;
            }
            if iteration % 1024 == 0 {
                report(control, &island.best, iteration);
            }
        }
        let step = island.iterate();
        if step.new_best {
            reserve = ms_per_unassigned * island.best.unassigned() as f64;
            report(control, &island.best, iteration);
        }
        if let Some(started) = started {
            if let Some(now) = control.elapsed_ms() {
                island.record_time(step.op, now - started);
                timed = true;
            }
        }
    };
    report(control, &island.best, island.iteration);
    *state = island.state;
    *rng = island.rng;
    island.stats.timed = timed;
    (island.best, island.iteration, stop, island.stats)
}

pub(crate) fn report(control: &mut dyn SolveControl, best: &Best, iteration: u64) {
    let assigned = best.assigned.iter().filter(|a| a.is_some()).count();
    control.on_progress(&Progress {
        iteration,
        best_cost: best.cost,
        assigned,
        unassigned: best.assigned.len() - assigned,
    });
}

fn pick(weights: &[u64], rng: &mut Random) -> usize {
    let total: u64 = weights.iter().sum();
    let mut x = rng.below(total as usize) as u64;
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// At most this many waiting requests join a recreate.
const MAX_WAITING: usize = 80;

/// Removes the chosen jobs; returns what recreate should try to place:
/// the removed jobs, the unassigned requests that could use what was
/// freed, and every session still missing a language.
fn ruin(state: &mut State, op: Ruin, size: usize, rng: &mut Random) -> (Vec<Pending>, Option<usize>) {
    let (chosen, first) = choose(state, op, size, rng);
    ruin_jobs(state, chosen, first, rng)
}

/// Removes the given jobs; returns what recreate should try to place (see [`ruin`]).
fn ruin_jobs(
    state: &mut State,
    chosen: Vec<Job>,
    first: Option<usize>,
    rng: &mut Random,
) -> (Vec<Pending>, Option<usize>) {
    let prep = state.prep;
    let mut removed: Vec<Job> = Vec::new();
    let mut touched_mediators: Vec<usize> = Vec::new();
    for job in chosen {
        match job {
            Job::Request(r) => touched_mediators.extend(state.assigned[r].map(|p| p.mediator)),
            Job::Staff(_, m) => touched_mediators.push(m),
            Job::Team(r) => touched_mediators.extend(state.teams[r].iter().flatten().map(|p| p.mediator)),
        }
        removed.push(job);
        removed.extend(state.remove_job(job));
    }
    let mut touched_offices: Vec<usize> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    for job in &removed {
        match *job {
            Job::Request(r) | Job::Team(r) => {
                pending.push(Pending::Request(r));
                touched_offices.push(prep.problem.requests()[r].office);
            }
            Job::Staff(s, _) => pending.push(Pending::Session(s)),
        }
    }
    touched_mediators.sort_unstable();
    touched_mediators.dedup();
    pending.sort_unstable();
    pending.dedup();
    rng.shuffle(&mut pending);
    // Unassigned requests that could use what was freed: those of the
    // touched mediators and offices (at most MAX_WAITING, drawn at random).
    let mut waiting: Vec<usize> = Vec::new();
    for &m in &touched_mediators {
        waiting.extend(prep.requests_of_mediator[m].iter().copied().filter(|&r| state.assigned[r].is_none()));
    }
    for &o in &touched_offices {
        waiting.extend(prep.requests_of_office[o].iter().copied().filter(|&r| state.assigned[r].is_none()));
    }
    waiting.sort_unstable();
    waiting.dedup();
    // (A request with roles has no candidates of its own: its roles have.)
    let servable = |r: usize| !prep.candidates[r].is_empty() || prep.problem.requests()[r].has_roles();
    waiting.retain(|&r| !pending.contains(&Pending::Request(r)) && servable(r) && state.teams[r].is_none());
    if waiting.len() > MAX_WAITING {
        rng.shuffle(&mut waiting);
        waiting.truncate(MAX_WAITING);
        waiting.sort_unstable();
    }
    let mut others: Vec<Pending> = waiting.into_iter().map(Pending::Request).collect();
    for s in 0..prep.sessions.len() {
        if state.covered[s] != prep.sessions[s].all && !pending.contains(&Pending::Session(s)) {
            others.push(Pending::Session(s));
        }
    }
    // Waiting requests first when they are heavier: they are what the ruin made room for.
    let mut all = others;
    all.extend(pending);
    all.sort_by_key(|j| match j {
        Pending::Request(r) => -prep.problem.weights().unassigned(prep.problem.requests()[*r].priority),
        Pending::Session(s) => -prep.sessions[*s].weight,
    });
    (all, first)
}
