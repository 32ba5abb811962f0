//! The solver: construction by regret insertion, then adaptive ruin and
//! recreate with late acceptance, scored incrementally.
//!
//! The caller brings the clock, the seed, progress reports and
//! cancellation through [`SolveOptions`] and [`SolveControl`], so the core
//! never reads the time, spawns a thread or asks the OS for randomness.

use crate::format::{CostDoc, SolutionDoc, SOLUTION_FORMAT};
use crate::model::Problem;

/// Budget and seed of a solve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolveOptions {
    /// Seed of the search's random choices.
    pub seed: u64,
    /// Stop after this many local-search iterations (deterministic).
    pub max_iterations: Option<u64>,
    /// Stop after this many milliseconds of the caller's clock.
    pub time_limit_ms: Option<u64>,
}

impl Default for SolveOptions {
    fn default() -> SolveOptions {
        SolveOptions { seed: 1, max_iterations: None, time_limit_ms: Some(2_000) }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Local-search iterations done.
    pub iterations: u64,
    /// Why it stopped.
    pub stop: StopReason,
}

/// Solves a problem. (Interim: the real search lands with the solver issue.)
pub fn solve(_problem: &Problem, _options: &SolveOptions, _control: &mut dyn SolveControl) -> SolveOutcome {
    SolveOutcome {
        solution: SolutionDoc {
            format: SOLUTION_FORMAT.to_string(),
            assignments: Vec::new(),
            sessions: Vec::new(),
            unassigned: Vec::new(),
            cost: CostDoc::default(),
        },
        iterations: 0,
        stop: StopReason::Complete,
    }
}
