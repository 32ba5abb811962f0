//! What the search did, operator by operator: how often each ruin was
//! chosen, how often its recreated plan was accepted, lowered the cost or
//! gave a new best plan, and the share of the search's time it took.
//!
//! Counts are exact and deterministic (the same for the same problem,
//! seed, iteration budget and thread count). Time is measured with the
//! caller's clock ([`super::SolveControl::elapsed_ms`]) on every fourth
//! iteration of the coordinating island (one more clock reading per four
//! iterations), so it is an estimate, sampled independently of the
//! operator chosen; without a clock [`SearchStats::timed`] is false and
//! [`OperatorStats::time_share`] falls back to the share of iterations.

/// One ruin operator's record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OperatorStats {
    /// The operator's name (`random`, `mediator_day`, `related`,
    /// `make_room`, `group`, `worst`, `office_day`, `language_day`,
    /// `exact`: a small neighbourhood re-packed by branch and bound).
    pub name: &'static str,
    /// Iterations that used it (every island).
    pub iterations: u64,
    /// Of those, the ones whose plan late acceptance kept.
    pub accepted: u64,
    /// Of those, the ones that lowered the island's current cost.
    pub improving: u64,
    /// Of those, the ones that gave the island a new best plan.
    pub new_best: u64,
    /// Sampled microseconds of the caller's clock (every fourth iteration
    /// of the coordinating island; 0 without a clock).
    pub sampled_us: u64,
    /// Iterations behind `sampled_us`.
    pub sampled_iterations: u64,
}

impl OperatorStats {
    /// Mean microseconds per iteration (sampled), when timed.
    pub fn mean_us(&self) -> Option<f64> {
        (self.sampled_iterations > 0).then(|| self.sampled_us as f64 / self.sampled_iterations as f64)
    }
}

/// One band of ruin sizes' record (the search learns which band to draw
/// from, as it learns which operator).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SizeStats {
    /// The band: `small` (2-4 jobs), `medium` (up to half the cap) or
    /// `large` (up to the cap: a sixth of the placed jobs, at most 30).
    pub name: &'static str,
    /// Iterations whose ruin size came from it (every island; the `exact`
    /// operator draws one too but sizes its neighbourhood itself).
    pub iterations: u64,
    /// Of those, the ones whose plan late acceptance kept.
    pub accepted: u64,
    /// Of those, the ones that gave the island a new best plan.
    pub new_best: u64,
}

/// An empty record for each band of ruin sizes.
pub(crate) fn size_stats() -> Vec<SizeStats> {
    ["small", "medium", "large"].into_iter().map(|name| SizeStats { name, ..SizeStats::default() }).collect()
}

/// The search's record: per operator, and how the islands and the
/// stagnation rule acted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchStats {
    /// Per ruin operator, in a fixed order.
    pub operators: Vec<OperatorStats>,
    /// Per band of ruin sizes, small to large.
    pub sizes: Vec<SizeStats>,
    /// Islands (threads) that searched.
    pub islands: usize,
    /// Of those, the intensifying ones (every second island from the
    /// second: late acceptance with a short history, close to descent
    /// from the best plan of the last exchange; the others explore).
    pub intensifying: usize,
    /// Whether they ran on threads of their own (the `parallel` feature)
    /// or interleaved on the caller's thread.
    pub concurrent: bool,
    /// Epochs after which the islands exchanged their best plans.
    pub epochs: u64,
    /// Times an island took over another island's better best plan.
    pub adoptions: u64,
    /// Perturbations: restarts from the island's best plan with a large
    /// structured ruin after its best had not moved for a while.
    pub perturbations: u64,
    /// Whether the time shares come from the caller's clock.
    pub timed: bool,
}

impl SearchStats {
    /// Each operator's share of the search's time (sampled with the
    /// caller's clock, weighted by its iterations), or of its iterations
    /// without a clock; in the order of [`SearchStats::operators`].
    pub fn time_shares(&self) -> Vec<f64> {
        let estimate: Vec<f64> = self
            .operators
            .iter()
            .map(|o| match o.mean_us() {
                Some(mean) if self.timed => mean * o.iterations as f64,
                _ => o.iterations as f64,
            })
            .collect();
        let total: f64 = estimate.iter().sum();
        estimate.iter().map(|e| if total > 0.0 { e / total } else { 0.0 }).collect()
    }

    /// Adds another island's counts.
    pub(crate) fn absorb(&mut self, other: &SearchStats) {
        for (mine, theirs) in self.operators.iter_mut().zip(&other.operators) {
            mine.iterations += theirs.iterations;
            mine.accepted += theirs.accepted;
            mine.improving += theirs.improving;
            mine.new_best += theirs.new_best;
            mine.sampled_us += theirs.sampled_us;
            mine.sampled_iterations += theirs.sampled_iterations;
        }
        for (mine, theirs) in self.sizes.iter_mut().zip(&other.sizes) {
            mine.iterations += theirs.iterations;
            mine.accepted += theirs.accepted;
            mine.new_best += theirs.new_best;
        }
        self.perturbations += other.perturbations;
        self.intensifying += other.intensifying;
    }

    /// A table of the record, one line per operator (for a terminal).
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<13} {:>10} {:>9} {:>9} {:>8} {:>7} {:>9}\n",
            "operator", "iterations", "accepted", "improving", "new best", "time %", "µs/iter"
        );
        for (o, share) in self.operators.iter().zip(self.time_shares()) {
            let pct = |n: u64| if o.iterations > 0 { 100.0 * n as f64 / o.iterations as f64 } else { 0.0 };
            out.push_str(&format!(
                "{:<13} {:>10} {:>8.1}% {:>8.2}% {:>8} {:>6.1}% {:>9}\n",
                o.name,
                o.iterations,
                pct(o.accepted),
                pct(o.improving),
                o.new_best,
                share * 100.0,
                o.mean_us().map_or("—".to_string(), |m| format!("{m:.0}")),
            ));
        }
        for band in &self.sizes {
            let pct = |n: u64| if band.iterations > 0 { 100.0 * n as f64 / band.iterations as f64 } else { 0.0 };
            out.push_str(&format!(
                "{:<13} {:>10} {:>8.1}% {:>9} {:>8}\n",
                format!("size {}", band.name),
                band.iterations,
                pct(band.accepted),
                "",
                band.new_best,
            ));
        }
        out.push_str(&format!(
            "islands {} ({}, {} intensifying), epochs {}, adoptions {}, perturbations {}, time {}",
            self.islands,
            if self.islands == 1 {
                "single search"
            } else if self.concurrent {
                "threads"
            } else {
                "interleaved"
            },
            self.intensifying,
            self.epochs,
            self.adoptions,
            self.perturbations,
            if self.timed { "sampled with the caller's clock" } else { "as iteration shares (no clock)" },
        ));
        out
    }
}
