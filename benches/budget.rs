//! How closely the solver holds a time budget: for each instance size and
//! budget, the wall time of `solve` (from the call to the returned plan,
//! the clock starting as the call starts) against the budget. The goal is
//! within 10 % on every size; a short budget on a large problem stops the
//! construction itself (the plan then serves what was placed by then).
//!
//! ```sh
//! cargo bench --bench budget            # sizes xs..xl from ponte-gen (../shared)
//! PONTE_BUDGETS=100,1000 cargo bench --bench budget
//! ```
//!
//! Without the shared generator only the bundled example week is measured.
//! Timings are reported, never asserted (the machines are shared).

use std::time::Instant;

use ponte::solve::{solve, SolveControl, SolveOptions};
use ponte::Problem;
use ponte_suite::{repo_root, shared_tools};

/// A clock started when the solve starts.
struct Clock(Instant);

impl SolveControl for Clock {
    fn elapsed_ms(&mut self) -> Option<f64> {
        Some(self.0.elapsed().as_secs_f64() * 1000.0)
    }
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters sizes.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let budgets: Vec<u64> = std::env::var("PONTE_BUDGETS")
        .ok()
        .map(|v| v.split(',').filter_map(|b| b.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 500, 1000, 2000]);
    let mut instances: Vec<(String, String)> = Vec::new();
    if let Some(tools) = shared_tools("benches/budget.rs (sizes xs..xl)") {
        for size in ["xs", "s", "m", "l", "xl"] {
            if filter.is_empty() || filter.iter().any(|f| f == size) {
                instances.push((format!("{size}-1"), tools.generate(size, 1, &[])));
            }
        }
    } else {
        let path = repo_root().join("examples/data/visconteo-week.json");
        instances.push(("visconteo-week".to_string(), std::fs::read_to_string(path).expect("bundled example")));
    }
    println!("| instance | requests | load ms | budget ms | solve wall ms | over budget | stop | unassigned |");
    println!("|---|---:|---:|---:|---:|---:|---|---:|");
    for (name, text) in &instances {
        let started = Instant::now();
        let problem = Problem::from_json_str(text).expect("valid instance");
        let load_ms = started.elapsed().as_secs_f64() * 1000.0;
        for &budget in &budgets {
            let options = SolveOptions { seed: 1, max_iterations: None, time_limit_ms: Some(budget), threads: None };
            let mut clock = Clock(Instant::now());
            let outcome = solve(&problem, &options, &mut clock);
            let wall = clock.0.elapsed().as_secs_f64() * 1000.0;
            println!(
                "| {name} | {} | {load_ms:.0} | {budget} | {wall:.0} | {:+.1} % | {:?} | {} |",
                problem.requests().len(),
                (wall / budget as f64 - 1.0) * 100.0,
                outcome.stop,
                outcome.solution.unassigned.len()
            );
        }
    }
}
