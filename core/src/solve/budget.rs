//! The one rule for a search's budget from what a caller gives, used by
//! every binding (Python's `time_limit`/`iterations`, JavaScript's
//! `timeLimitMs`/`iterations`, the command line) so that none writes it
//! again:
//!
//! - a time limit, given, applies (with the iteration cap when given too);
//! - an iteration cap alone means no time limit: the search is then
//!   deterministic for a seed;
//! - neither: the operation's default, [`SolveOptions::default`]'s time
//!   limit for a solve, the repair's iteration budget
//!   ([`crate::booking::REPLAN_ITERATIONS`]) for a replan.

use super::SolveOptions;

/// The operation a budget is for (its default differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// A full solve.
    Solve,
    /// A repair of a plan (`booking::replan`).
    Replan,
}

/// The options of a search from the caller's seed, time limit (ms) and
/// iteration cap, each optional.
///
/// ```
/// use ponte::solve::budget::{options, Operation};
/// assert_eq!(options(Operation::Solve, None, None, Some(500)).time_limit_ms, None);
/// assert_eq!(options(Operation::Solve, None, None, None).time_limit_ms, Some(2_000));
/// assert_eq!(options(Operation::Replan, Some(7), None, None).time_limit_ms, None);
/// assert_eq!(options(Operation::Replan, Some(7), Some(300), None).time_limit_ms, Some(300));
/// ```
// Every field is set; `..` keeps this compiling when options gain fields.
#[allow(clippy::needless_update)]
pub fn options(
    operation: Operation,
    seed: Option<u64>,
    time_limit_ms: Option<u64>,
    iterations: Option<u64>,
) -> SolveOptions {
    let defaults = SolveOptions::default();
    let time_limit_ms = match (time_limit_ms, iterations, operation) {
        (Some(ms), _, _) => Some(ms),
        (None, Some(_), _) | (None, None, Operation::Replan) => None,
        (None, None, Operation::Solve) => defaults.time_limit_ms,
    };
    SolveOptions {
        seed: seed.unwrap_or(defaults.seed),
        max_iterations: iterations,
        time_limit_ms,
        ..SolveOptions::default()
    }
}
