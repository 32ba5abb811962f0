//! Criterion benchmark of the solver on generated instances (sizes s and m,
//! seeds 1 and 2) with a fixed iteration budget, so the work done is the same on
//! every run and machine: construction plus `ITERATIONS` ruin-and-recreate
//! iterations. Instances come from `ponte-gen` (the shared tools); the
//! benchmark is skipped, with a notice, when the tools are absent.
//!
//! ```sh
//! cargo bench --bench solve
//! ```
//!
//! Before timing, each instance's plan cost is printed once (the same on
//! every run: the iteration budget makes the solve deterministic).
//!
//! The wall-clock comparison with CP-SAT is `benches/compare.py`
//! (see `benches/RESULTS.md`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::Problem;
use ponte_suite::shared_tools;

/// Local-search iterations per solve.
const ITERATIONS: u64 = 200;

fn bench_solve(c: &mut Criterion) {
    let Some(tools) = shared_tools("benches/solve.rs (criterion)") else { return };
    let mut group = c.benchmark_group("solve");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    for (size, seed) in [("s", 1_u64), ("s", 2), ("m", 1), ("m", 2)] {
        let text = tools.generate(size, seed, &[]);
        let problem = Problem::from_json_str(&text).expect("generated problems are valid");
        let options = SolveOptions { seed: 1, max_iterations: Some(ITERATIONS), time_limit_ms: None, threads: None };
        let once = solve(&problem, &options, &mut NoControl);
        let assigned = once.solution.assignments.len();
        eprintln!(
            "solve {size}-{seed}: {ITERATIONS} iterations -> cost {} ({assigned} assigned, {} unassigned)",
            once.solution.cost.total,
            once.solution.unassigned.len()
        );
        let id = BenchmarkId::new(format!("{ITERATIONS}-iterations"), format!("{size}-{seed}"));
        group.bench_with_input(id, &problem, |b, problem| {
            b.iter(|| {
                let outcome = solve(black_box(problem), &options, &mut NoControl);
                black_box(outcome.solution.cost.total)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_solve);
criterion_main!(benches);
