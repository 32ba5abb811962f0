//! Island search: several independent ruin-and-recreate searches from the
//! same first plan, each with its own random source, that exchange their
//! best plans at fixed iteration epochs.
//!
//! Determinism: every island runs exactly [`EPOCH`] iterations (the last
//! epoch: what is left of the budget) between two exchanges, and an
//! exchange depends only on the islands' best costs (ties go to the lowest
//! island), never on which thread finished first. So the same problem,
//! seed, iteration budget and number of islands give the same plan whether
//! the islands run on threads of their own (the `parallel` feature) or
//! interleaved on the caller's thread (without it, as in WebAssembly).
//!
//! The caller's [`SolveControl`] (clock, progress, cancellation) stays on
//! the caller's thread, which runs island 0 and checks the time limit and
//! cancellation as the single search does; the other islands only watch a
//! shared stop flag. A time limit or a cancellation ends the search in the
//! middle of an epoch, which is why only an iteration budget is
//! deterministic.

use super::rng::Random;
use super::search::{report, Best, Island};
use super::state::State;
use super::stats::SearchStats;
use super::{SolveControl, SolveOptions, StopReason};

/// Iterations each island runs between two exchanges.
pub(crate) const EPOCH: u64 = 1_000;

/// Microseconds the caller's thread sleeps between two looks at the other
/// islands and at its clock while it waits for them (a time limit is then
/// kept to within about this much more).
#[cfg(feature = "parallel")]
const WAIT_US: u64 = 250;

/// The most islands a solve runs (a larger `threads` is capped).
pub const MAX_THREADS: usize = 64;

/// The random source of island `i` > 0: the solve's seed mixed with the
/// island's index (SplitMix64's finaliser), so that islands differ.
fn island_seed(seed: u64, i: usize) -> u64 {
    let mut z = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The caller's side: budget, clock checks, progress.
struct Coordinator<'c> {
    control: &'c mut dyn SolveControl,
    options: &'c SolveOptions,
    ms_per_unassigned: f64,
    /// Milliseconds kept to write the best plan's reasons.
    reserve: f64,
    /// Cost of the best plan reported so far.
    reported: i64,
    islands: u64,
    timed: bool,
}

impl Coordinator<'_> {
    /// The single search's checks before an iteration of island 0.
    fn check(&mut self, island: &Island) -> (Option<StopReason>, Option<f64>) {
        let iteration = island.iteration;
        let mut started = None;
        if iteration % 4 == 0 {
            started = self.control.elapsed_ms();
            if let (Some(limit), Some(elapsed)) = (self.options.time_limit_ms, started) {
                if elapsed + self.reserve >= limit as f64 {
                    return (Some(StopReason::TimeLimit), None);
                }
            }
        }
        if iteration % 64 == 0 {
            if self.control.should_stop() {
                return (Some(StopReason::Cancelled), None);
            }
            if iteration % 1024 == 0 {
                self.progress(&island.best, iteration * self.islands);
            }
        }
        (None, started)
    }

    /// The time limit and cancellation, while waiting for the other islands.
    #[cfg(feature = "parallel")]
    fn poll(&mut self, asked: u64) -> Option<StopReason> {
        if let (Some(limit), Some(elapsed)) = (self.options.time_limit_ms, self.control.elapsed_ms()) {
            if elapsed + self.reserve >= limit as f64 {
                return Some(StopReason::TimeLimit);
            }
        }
        if asked % 64 == 0 && self.control.should_stop() {
            return Some(StopReason::Cancelled);
        }
        None
    }

    /// Reports a best plan no worse than the last one reported;
    /// `iterations` counts every island's (estimated: they keep pace).
    fn progress(&mut self, best: &Best, iterations: u64) {
        if best.cost <= self.reported {
            self.reported = best.cost;
            self.reserve = self.ms_per_unassigned * best.unassigned() as f64;
            report(self.control, best, iterations);
        }
    }

    /// Runs `n` iterations of an island on the caller's thread, with the checks.
    fn run(&mut self, island: &mut Island, n: u64) -> Option<StopReason> {
        for _ in 0..n {
            let (stop, started) = self.check(island);
            if stop.is_some() {
                return stop;
            }
            let step = island.iterate();
            if step.new_best {
                self.progress(&island.best, (island.iteration - 1) * self.islands);
            }
            if let Some(started) = started {
                if let Some(now) = self.control.elapsed_ms() {
                    island.record_time(step.op, now - started);
                    self.timed = true;
                }
            }
        }
        None
    }
}

/// Runs `n` iterations of every island: island 0 on the caller's thread,
/// the others on threads of their own, stopped early by a time limit or a
/// cancellation that the caller's thread notices.
#[cfg(feature = "parallel")]
fn epoch_threads(islands: &mut [Island], n: u64, coordinator: &mut Coordinator) -> Option<StopReason> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let stop = AtomicBool::new(false);
    let (first, rest) = islands.split_first_mut()?;
    std::thread::scope(|scope| {
        let stop = &stop;
        let handles: Vec<_> = rest
            .iter_mut()
            .map(|island| {
                scope.spawn(move || {
                    for _ in 0..n {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        island.iterate();
                    }
                })
            })
            .collect();
        let mut reason = coordinator.run(first, n);
        // Wait for the other islands, still watching the clock and the
        // caller. Asleep between two looks rather than spinning: on a busy
        // machine a spinning thread takes time from the islands it waits for.
        let mut asked = 0u64;
        while reason.is_none() && !handles.iter().all(|h| h.is_finished()) {
            reason = coordinator.poll(asked);
            asked += 1;
            std::thread::sleep(std::time::Duration::from_micros(WAIT_US));
        }
        if reason.is_some() {
            stop.store(true, Ordering::Relaxed);
        }
        for handle in handles {
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
        reason
    })
}

/// Without the `parallel` feature: the islands take turns on the caller's
/// thread (the same plans, one core).
fn epoch_interleaved(islands: &mut [Island], n: u64, coordinator: &mut Coordinator) -> Option<StopReason> {
    for island in islands.iter_mut() {
        if let Some(reason) = coordinator.run(island, n) {
            return Some(reason);
        }
    }
    None
}

/// The island search from `state` (the first plan) with `threads` islands;
/// `options.max_iterations` is each island's budget. Returns the best plan
/// of all islands, the iterations of all islands, why it stopped and the
/// record.
pub(crate) fn islands(
    state: &State,
    threads: usize,
    options: &SolveOptions,
    control: &mut dyn SolveControl,
    rng: &Random,
    ms_per_unassigned: f64,
) -> (Best, u64, StopReason, SearchStats) {
    islands_on(state, threads, cfg!(feature = "parallel"), options, control, rng, ms_per_unassigned)
}

/// As [`islands`], on threads (`concurrent`, with the `parallel` feature)
/// or interleaved on the caller's thread.
pub(crate) fn islands_on(
    state: &State,
    threads: usize,
    concurrent: bool,
    options: &SolveOptions,
    control: &mut dyn SolveControl,
    rng: &Random,
    ms_per_unassigned: f64,
) -> (Best, u64, StopReason, SearchStats) {
    let concurrent = concurrent && cfg!(feature = "parallel");
    let threads = threads.clamp(1, MAX_THREADS);
    let mut islands: Vec<Island> = (0..threads)
        .map(|i| {
            let rng = if i == 0 { rng.clone() } else { Random::new(island_seed(options.seed, i)) };
            Island::new(state.clone(), rng, true)
        })
        .collect();
    let mut record = SearchStats {
        operators: super::search::operator_stats(),
        islands: threads,
        concurrent,
        ..SearchStats::default()
    };
    let movable = state.prep.problem.requests().iter().filter(|r| !r.locked).count() + state.prep.sessions.len();
    if movable == 0 || options.max_iterations == Some(0) {
        return (islands.swap_remove(0).best, 0, StopReason::Complete, record);
    }
    let first_best = islands[0].best.cost;
    let mut coordinator = Coordinator {
        control,
        options,
        ms_per_unassigned,
        reserve: ms_per_unassigned * islands[0].best.unassigned() as f64,
        reported: first_best,
        islands: threads as u64,
        timed: false,
    };
    let stop = loop {
        let done = islands[0].iteration;
        if options.max_iterations.is_some_and(|max| done >= max) {
            break StopReason::Iterations;
        }
        let n = options.max_iterations.map_or(EPOCH, |max| (max - done).min(EPOCH));
        let reason = if concurrent {
            #[cfg(feature = "parallel")]
            let reason = epoch_threads(&mut islands, n, &mut coordinator);
            #[cfg(not(feature = "parallel"))]
            let reason = epoch_interleaved(&mut islands, n, &mut coordinator);
            reason
        } else {
            epoch_interleaved(&mut islands, n, &mut coordinator)
        };
        record.epochs += 1;
        if let Some(reason) = reason {
            break reason;
        }
        // The exchange: every island whose best is worse takes the best plan over.
        let winner = leader(&islands);
        let best = islands[winner].best.clone();
        for island in islands.iter_mut() {
            if island.best.cost > best.cost {
                island.adopt(&best);
                record.adoptions += 1;
            }
        }
        coordinator.progress(&best, islands[0].iteration * threads as u64);
    };
    let winner = leader(&islands);
    let iterations = islands.iter().map(|i| i.iteration).sum();
    for island in &islands {
        record.absorb(&island.stats);
    }
    record.timed = coordinator.timed;
    let best = islands.swap_remove(winner).best;
    report(coordinator.control, &best, iterations);
    (best, iterations, stop, record)
}

/// The island with the best plan (the lowest index among equals).
fn leader(islands: &[Island]) -> usize {
    let mut winner = 0;
    for (i, island) in islands.iter().enumerate() {
        if island.best.cost < islands[winner].best.cost {
            winner = i;
        }
    }
    winner
}
