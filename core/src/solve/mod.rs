//! The solver: construction by regret insertion, then adaptive ruin and
//! recreate with late acceptance, scored incrementally.
//!
//! Why this shape: the problem is dominated by whether and where one job
//! fits (windows, opening hours, availability, travel, maxima, capacity),
//! so, as in reinterpretcat/vrp, the unit of work is the insertion of a job
//! into a plan and the search is ruin and recreate over jobs; there is no
//! model of the whole time grid. From the move-based solvers (Timefold) it
//! takes incremental scoring: a state that re-scores only the touched
//! mediator-days, offices, cases and workshops, with an undo log instead of
//! copies. Late acceptance rather than simulated annealing: it needs no
//! temperature schedule (the budget may be iterations or time, known or
//! not), and it compares integer costs only, so a seed and an iteration
//! budget give the same plan on every platform.

pub mod budget;
pub(crate) mod insertion;
pub(crate) mod output;
mod parallel;
pub(crate) mod prepare;
pub(crate) mod recreate;
pub(crate) mod rng;
mod ruin;
mod ruin_structured;
pub(crate) mod search;
pub(crate) mod state;
mod stats;
#[cfg(test)]
mod tests;

use crate::format::SolutionDoc;
use crate::model::Problem;
pub use parallel::MAX_THREADS;
pub use stats::{OperatorStats, SearchStats};

/// Budget, seed and threads of a solve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolveOptions {
    /// Seed of the search's random choices.
    pub seed: u64,
    /// Stop after this many local-search iterations (deterministic). With
    /// several threads this is each island's budget (so the work per
    /// thread stays the same as the thread count grows).
    pub max_iterations: Option<u64>,
    /// Stop after this many milliseconds of the caller's clock.
    pub time_limit_ms: Option<u64>,
    /// Islands of the search, each on a thread of its own with the
    /// `parallel` feature (interleaved on the caller's thread without it).
    /// `None` or 1: the single search. The core never asks the system how
    /// many cores there are: callers pass it (the CLI example and Python
    /// default to `std::thread::available_parallelism`, WebAssembly to 1).
    /// The same problem, seed, iteration budget and thread count give the
    /// same plan on every platform; a different thread count gives a
    /// different plan. At most [`MAX_THREADS`].
    pub threads: Option<usize>,
}

impl Default for SolveOptions {
    fn default() -> SolveOptions {
        SolveOptions { seed: 1, max_iterations: None, time_limit_ms: Some(2_000), threads: None }
    }
}

/// Progress of a solve, reported to [`SolveControl::on_progress`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Local-search iterations done.
    pub iteration: u64,
    /// Cost of the best plan so far.
    pub best_cost: i64,
    /// Requests assigned in the best plan.
    pub assigned: usize,
    /// Requests unassigned in the best plan.
    pub unassigned: usize,
}

/// What the caller brings to a solve: a clock, progress and cancellation.
pub trait SolveControl {
    /// Milliseconds elapsed since the solve started, by the caller's clock
    /// (`None`: no clock; a time limit is then not enforced).
    fn elapsed_ms(&mut self) -> Option<f64> {
        None
    }
    /// Called when the best plan improves, and now and then.
    fn on_progress(&mut self, _progress: &Progress) {}
    /// Return true to stop the search; the best plan so far is returned.
    fn should_stop(&mut self) -> bool {
        false
    }
}

/// A control with no clock, no progress and no cancellation.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoControl;

impl SolveControl for NoControl {}

/// Why the search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The iteration budget was used.
    Iterations,
    /// The time limit was reached.
    TimeLimit,
    /// The caller asked to stop.
    Cancelled,
    /// Nothing left to improve (every request served at its best, or no budget).
    Complete,
}

/// The result of a solve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolveOutcome {
    /// The plan as a `ponte-solution/1` document.
    pub solution: SolutionDoc,
    /// Local-search iterations done (by every island).
    pub iterations: u64,
    /// Why it stopped.
    pub stop: StopReason,
    /// What each ruin operator did, and how the islands exchanged plans.
    pub stats: SearchStats,
}

/// Solves a problem: the plan of least cost found within the budget.
///
/// The same problem, seed and iteration budget give the same plan on every
/// platform; a time limit (measured by the caller's clock in `control`)
/// may stop earlier or later. Without a clock and without an iteration
/// budget, the search runs [`DEFAULT_ITERATIONS`] iterations.
pub fn solve(problem: &Problem, options: &SolveOptions, control: &mut dyn SolveControl) -> SolveOutcome {
    let prep = prepare::Prepared::new(problem);
    let mut rng = rng::Random::new(options.seed);
    let mut state = state::State::new(&prep);
    search::place_locked(&mut state);
    let order = search::construction_order(&state);
    // The construction stops, too, at the time limit or when the caller
    // asks (asked every few jobs): a large problem under a short budget
    // gets the part of the first plan built so far. It keeps no time for
    // the reasons of the requests still waiting: placing one costs about
    // as much as explaining it, so stopping earlier would not end sooner.
    let mut interrupted = None;
    let mut interrupt = || {
        if let (Some(limit), Some(elapsed)) = (options.time_limit_ms, control.elapsed_ms()) {
            if elapsed >= limit as f64 {
                interrupted = Some(StopReason::TimeLimit);
            }
        }
        if interrupted.is_none() && control.should_stop() {
            interrupted = Some(StopReason::Cancelled);
        }
        interrupted.is_some()
    };
    if order.len() <= 400 {
        recreate::regret_until(&mut state, &order, &mut rng, 0, &mut interrupt);
    } else {
        recreate::greedy_until(&mut state, &order, &mut rng, 0, &mut interrupt);
    }
    let threads = options.threads.unwrap_or(1).clamp(1, MAX_THREADS);
    let (best, iterations, stop, stats) = match interrupted {
        Some(stop) => (
            search::Best::of(&state),
            0,
            stop,
            SearchStats { operators: search::operator_stats(), islands: threads, ..SearchStats::default() },
        ),
        None => {
            let mut options = options.clone();
            if options.max_iterations.is_none() && (options.time_limit_ms.is_none() || control.elapsed_ms().is_none()) {
                options.max_iterations = Some(DEFAULT_ITERATIONS);
            }
            let ms_per_unassigned = if options.time_limit_ms.is_some() { output_cost(&state, control) } else { 0.0 };
            if threads == 1 {
                search::improve_with_stats(&mut state, &options, control, &mut rng, ms_per_unassigned, true)
            } else {
                parallel::islands(&state, threads, &options, control, &rng, ms_per_unassigned)
            }
        }
    };
    let state = output::restore(&prep, &best);
    SolveOutcome { solution: output::document(&state), iterations, stop, stats }
}

/// Milliseconds the plan's document takes to write per unassigned request
/// (the reasons dominate), timed on a few of the state's; 0 without a clock.
pub(crate) fn output_cost(state: &state::State, control: &mut dyn SolveControl) -> f64 {
    // Once to warm the caches (a cold first pass overestimates several
    // times over, and would stop a large construction for nothing), then timed.
    if control.elapsed_ms().is_none() {
        return 0.0;
    }
    output::sample_reasons(state, 16);
    let Some(before) = control.elapsed_ms() else { return 0.0 };
    let written = output::sample_reasons(state, 16);
    match control.elapsed_ms() {
        Some(after) if written > 0 => (after - before).max(0.0) / written as f64,
        _ => 0.0,
    }
}

/// Iterations run when the caller gives neither a clock nor an iteration budget.
pub const DEFAULT_ITERATIONS: u64 = 20_000;
