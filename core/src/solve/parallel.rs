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
//! shared stop flag. With the `parallel` feature each other island lives on
//! a thread of its own for the whole search, started once and told by
//! messages to run an epoch, hand over its best plan or adopt one. A time
//! limit or a cancellation ends the search in the middle of an epoch, which
//! is why only an iteration budget is deterministic.

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

/// Island `i` > 0 of the search from `state`: every second one
/// intensifies (a short late-acceptance history, close to descent from the
/// best plan of the last exchange), the others explore as island 0 does.
fn island<'a>(state: &State<'a>, i: usize, seed: u64) -> Island<'a> {
    let island = Island::new(state.clone(), Random::new(seed), true);
    if i % 2 == 1 {
        island.intensify()
    } else {
        island
    }
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

/// The islands other than island 0, which the caller's thread runs itself:
/// on threads of their own, or taking turns on the caller's thread.
trait Others {
    /// Runs `n` iterations of every island, island 0 on the caller's
    /// thread with the checks; stopped early by a time limit or a
    /// cancellation that the caller's thread notices.
    fn epoch(&mut self, first: &mut Island, n: u64, coordinator: &mut Coordinator) -> Option<StopReason>;
    /// The best cost of each other island, in order.
    fn costs(&self) -> Vec<i64>;
    /// The best plan of other island `i` (0-based among the others).
    fn best(&mut self, i: usize) -> Best;
    /// Other island `i` continues from `best`.
    fn adopt(&mut self, i: usize, best: &Best);
    /// Each other island's best plan, iterations and record.
    fn finish(self) -> Vec<(Best, u64, SearchStats)>;
}

/// Without the `parallel` feature (or when asked): the islands take turns
/// on the caller's thread (the same plans, one core).
impl Others for Vec<Island<'_>> {
    fn epoch(&mut self, first: &mut Island, n: u64, coordinator: &mut Coordinator) -> Option<StopReason> {
        if let Some(reason) = coordinator.run(first, n) {
            return Some(reason);
        }
        for island in self.iter_mut() {
            if let Some(reason) = coordinator.run(island, n) {
                return Some(reason);
            }
        }
        None
    }

    fn costs(&self) -> Vec<i64> {
        self.iter().map(|island| island.best.cost).collect()
    }

    fn best(&mut self, i: usize) -> Best {
        self[i].best.clone()
    }

    fn adopt(&mut self, i: usize, best: &Best) {
        self[i].adopt(best);
    }

    fn finish(self) -> Vec<(Best, u64, SearchStats)> {
        self.into_iter().map(|island| (island.best, island.iteration, island.stats)).collect()
    }
}

#[cfg(feature = "parallel")]
mod threads {
    //! Islands on threads of their own for the whole search. Each island is
    //! built, changed and dropped only on its own thread, so its memory
    //! stays with that thread's allocator arena (islands built on the
    //! caller's thread and then changed on others fought over one arena's
    //! lock: each island ran about 15 % slower beside another).

    use super::{Best, Coordinator, Island, Others, SearchStats, State, StopReason, WAIT_US};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
    use std::thread::{Scope, ScopedJoinHandle};

    /// What the caller's thread asks of an island's thread.
    enum Order {
        Run(u64),
        SendBest,
        Adopt(Best),
        Finish,
    }

    /// What an island's thread answers.
    enum Answer {
        Ran(i64),
        Best(Best),
        Finished(Best, u64, SearchStats),
    }

    /// An island on a thread of its own.
    pub(super) struct Worker<'scope> {
        orders: Sender<Order>,
        answers: Receiver<Answer>,
        cost: i64,
        handle: ScopedJoinHandle<'scope, ()>,
    }

    /// The islands 1.. on threads, with the flag that stops them.
    pub(super) struct Workers<'scope> {
        workers: Vec<Worker<'scope>>,
        stop: &'scope AtomicBool,
    }

    impl<'scope> Workers<'scope> {
        /// Starts one thread per seed, each building its island from `state`.
        pub(super) fn start<'env>(
            scope: &'scope Scope<'scope, 'env>,
            state: &'env State<'env>,
            seeds: impl Iterator<Item = (usize, u64)>,
            stop: &'scope AtomicBool,
        ) -> Workers<'scope> {
            let workers = seeds
                .map(|(i, seed)| {
                    let (orders, inbox) = channel::<Order>();
                    let (outbox, answers) = channel::<Answer>();
                    let first_cost = state.cost;
                    let handle = scope.spawn(move || {
                        let mut island = super::island(state, i, seed);
                        for order in inbox {
                            let answer = match order {
                                Order::Run(n) => {
                                    for _ in 0..n {
                                        if stop.load(Ordering::Relaxed) {
                                            break;
                                        }
                                        island.iterate();
                                    }
                                    Answer::Ran(island.best.cost)
                                }
                                Order::SendBest => Answer::Best(island.best.clone()),
                                Order::Adopt(best) => {
                                    island.adopt(&best);
                                    continue;
                                }
                                Order::Finish => {
                                    let _ = outbox.send(Answer::Finished(island.best, island.iteration, island.stats));
                                    return;
                                }
                            };
                            if outbox.send(answer).is_err() {
                                return;
                            }
                        }
                    });
                    Worker { orders, answers, cost: first_cost, handle }
                })
                .collect();
            Workers { workers, stop }
        }

        /// The next answer of worker `i`, still watching the clock and the
        /// caller while waiting (`reason` keeps why the search stops).
        fn answer(&mut self, i: usize, coordinator: &mut Coordinator, reason: &mut Option<StopReason>) -> Answer {
            let mut asked = 0u64;
            loop {
                match self.workers[i].answers.recv_timeout(std::time::Duration::from_micros(WAIT_US)) {
                    Ok(answer) => return answer,
                    Err(RecvTimeoutError::Timeout) => {
                        if reason.is_none() {
                            *reason = coordinator.poll(asked);
                            asked += 1;
                            if reason.is_some() {
                                self.stop.store(true, Ordering::Relaxed);
                            }
                        }
                    }
                    // The island's thread panicked: the scope passes its panic on.
                    Err(RecvTimeoutError::Disconnected) => resume(self.workers.swap_remove(i).handle),
                }
            }
        }

        fn order(&mut self, i: usize, order: Order) {
            if self.workers[i].orders.send(order).is_err() {
                resume(self.workers.swap_remove(i).handle);
            }
        }
    }

    /// Passes on the panic of an island's thread that hung up.
    fn resume(handle: ScopedJoinHandle<'_, ()>) -> ! {
        match handle.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("an island's thread ends only when told to or by a panic"),
        }
    }

    impl Others for Workers<'_> {
        fn epoch(&mut self, first: &mut Island, n: u64, coordinator: &mut Coordinator) -> Option<StopReason> {
            for i in 0..self.workers.len() {
                self.order(i, Order::Run(n));
            }
            let mut reason = coordinator.run(first, n);
            if reason.is_some() {
                self.stop.store(true, Ordering::Relaxed);
            }
            for i in 0..self.workers.len() {
                match self.answer(i, coordinator, &mut reason) {
                    Answer::Ran(cost) => self.workers[i].cost = cost,
                    _ => unreachable!("an island answers a run with its cost"),
                }
            }
            reason
        }

        fn costs(&self) -> Vec<i64> {
            self.workers.iter().map(|w| w.cost).collect()
        }

        fn best(&mut self, i: usize) -> Best {
            self.order(i, Order::SendBest);
            match self.answer_blocking(i) {
                Answer::Best(best) => best,
                _ => unreachable!("an island answers a request for its best plan with it"),
            }
        }

        fn adopt(&mut self, i: usize, best: &Best) {
            self.workers[i].cost = best.cost;
            self.order(i, Order::Adopt(best.clone()));
        }

        fn finish(mut self) -> Vec<(Best, u64, SearchStats)> {
            let mut out = Vec::with_capacity(self.workers.len());
            for i in 0..self.workers.len() {
                self.order(i, Order::Finish);
                match self.answer_blocking(i) {
                    Answer::Finished(best, iterations, stats) => out.push((best, iterations, stats)),
                    _ => unreachable!("an island answers the end with its best plan and record"),
                }
            }
            out
        }
    }

    impl Workers<'_> {
        /// The next answer of worker `i` without looking at the clock (the
        /// search has stopped or is between two epochs).
        fn answer_blocking(&mut self, i: usize) -> Answer {
            match self.workers[i].answers.recv() {
                Ok(answer) => answer,
                Err(_) => resume(self.workers.swap_remove(i).handle),
            }
        }
    }
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
    let first = Island::new(state.clone(), rng.clone(), true);
    let record = SearchStats {
        operators: super::search::operator_stats(),
        sizes: super::stats::size_stats(),
        islands: threads,
        concurrent,
        ..SearchStats::default()
    };
    let movable = state.prep.problem.requests().iter().filter(|r| !r.locked).count() + state.prep.sessions.len();
    if movable == 0 || options.max_iterations == Some(0) {
        return (first.best, 0, StopReason::Complete, record);
    }
    let seeds = (1..threads).map(|i| (i, island_seed(options.seed, i)));
    #[cfg(feature = "parallel")]
    if concurrent && threads > 1 {
        let stop = std::sync::atomic::AtomicBool::new(false);
        return std::thread::scope(|scope| {
            let others = threads::Workers::start(scope, state, seeds, &stop);
            search(first, others, threads, options, control, ms_per_unassigned, record)
        });
    }
    let others: Vec<Island> = seeds.map(|(i, seed)| island(state, i, seed)).collect();
    search(first, others, threads, options, control, ms_per_unassigned, record)
}

/// The epochs and exchanges of the island search.
fn search<O: Others>(
    mut first: Island,
    mut others: O,
    threads: usize,
    options: &SolveOptions,
    control: &mut dyn SolveControl,
    ms_per_unassigned: f64,
    mut record: SearchStats,
) -> (Best, u64, StopReason, SearchStats) {
    let mut coordinator = Coordinator {
        control,
        options,
        ms_per_unassigned,
        reserve: ms_per_unassigned * first.best.unassigned() as f64,
        reported: first.best.cost,
        islands: threads as u64,
        timed: false,
    };
    let stop = loop {
        let done = first.iteration;
        if options.max_iterations.is_some_and(|max| done >= max) {
            break StopReason::Iterations;
        }
        let n = options.max_iterations.map_or(EPOCH, |max| (max - done).min(EPOCH));
        let reason = others.epoch(&mut first, n, &mut coordinator);
        record.epochs += 1;
        if let Some(reason) = reason {
            break reason;
        }
        // The exchange: every island whose best is worse takes the best plan over.
        let costs: Vec<i64> = std::iter::once(first.best.cost).chain(others.costs()).collect();
        let winner = leader(&costs);
        let best = if winner == 0 { first.best.clone() } else { others.best(winner - 1) };
        for (i, &cost) in costs.iter().enumerate() {
            if cost > best.cost {
                if i == 0 {
                    first.adopt(&best);
                } else {
                    others.adopt(i - 1, &best);
                }
                record.adoptions += 1;
            }
        }
        coordinator.progress(&best, first.iteration * threads as u64);
    };
    record.timed = coordinator.timed;
    let mut all = vec![(first.best, first.iteration, first.stats)];
    all.extend(others.finish());
    let costs: Vec<i64> = all.iter().map(|(best, _, _)| best.cost).collect();
    let winner = leader(&costs);
    let iterations = all.iter().map(|(_, iterations, _)| iterations).sum();
    for (_, _, stats) in &all {
        record.absorb(stats);
    }
    let best = all.swap_remove(winner).0;
    report(coordinator.control, &best, iterations);
    (best, iterations, stop, record)
}

/// The island with the best plan (the lowest index among equals).
fn leader(costs: &[i64]) -> usize {
    let mut winner = 0;
    for (i, &cost) in costs.iter().enumerate() {
        if cost < costs[winner] {
            winner = i;
        }
    }
    winner
}
