//! The island search (`SolveOptions::threads`): the same problem, seed,
//! iteration budget and thread count give byte-identical plans (1, 2 and
//! 4 threads), one thread is the single search, the iteration budget is
//! per island, the per-operator record adds up, and every plan passes the
//! independent checker `ponte-check`.

use std::path::PathBuf;

use ponte::solve::{solve, NoControl, SolveOptions, SolveOutcome};
use ponte::Problem;
use ponte_suite::{scratch_dir, shared_tools};

fn options(seed: u64, iterations: u64, threads: Option<usize>) -> SolveOptions {
    SolveOptions { seed, max_iterations: Some(iterations), time_limit_ms: None, threads }
}

fn run(problem: &Problem, seed: u64, iterations: u64, threads: Option<usize>) -> (String, SolveOutcome) {
    let outcome = solve(problem, &options(seed, iterations, threads), &mut NoControl);
    (serde_json::to_string_pretty(&outcome.solution).expect("solution serializes"), outcome)
}

fn bundled() -> String {
    std::fs::read_to_string(ponte_suite::repo_root().join("examples/data/visconteo-week.json"))
        .expect("bundled example")
}

#[test]
fn the_same_seed_iterations_and_threads_give_byte_identical_plans() {
    let problem = Problem::from_json_str(&bundled()).expect("valid");
    let (single, _) = run(&problem, 5, 1_500, None);
    for threads in [1, 2, 4] {
        let (first, outcome) = run(&problem, 5, 1_500, Some(threads));
        let (second, _) = run(&problem, 5, 1_500, Some(threads));
        assert_eq!(first, second, "{threads} thread(s): two runs differ");
        assert_eq!(outcome.stats.islands, threads);
        assert_eq!(outcome.iterations, 1_500 * threads as u64, "{threads} thread(s): the budget is per island");
        let counted: u64 = outcome.stats.operators.iter().map(|o| o.iterations).sum();
        assert_eq!(counted, outcome.iterations, "every iteration is some operator's");
        for o in &outcome.stats.operators {
            assert!(o.new_best <= o.improving && o.improving <= o.accepted && o.accepted <= o.iterations, "{o:?}");
        }
        if threads == 1 {
            assert_eq!(first, single, "one thread is the single search (threads: None)");
        }
    }
}

#[test]
fn plans_of_every_thread_count_pass_the_checker() {
    let Some(tools) = shared_tools("plans_of_every_thread_count_pass_the_checker") else { return };
    let dir = scratch_dir("solver-threads");
    let mut pairs: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut instances = vec![("visconteo-week".to_string(), bundled())];
    instances.push(("s-3".to_string(), tools.generate("s", 3, &[])));
    instances.push(("m-3-immacolata".to_string(), tools.generate("m", 3, &["--start", "2026-12-07"])));
    instances.push(("s-4-dst".to_string(), tools.generate("s", 4, &["--start", "2026-10-19"])));
    for (name, text) in &instances {
        let problem = Problem::from_json_str(text).expect("valid");
        let problem_path = dir.join(format!("{name}.problem.json"));
        std::fs::write(&problem_path, text).expect("write problem");
        for threads in [1, 2, 4] {
            let (plan, _) = run(&problem, 3, 600, Some(threads));
            let (again, _) = run(&problem, 3, 600, Some(threads));
            assert_eq!(plan, again, "{name}, {threads} thread(s): two runs differ");
            let solution_path = dir.join(format!("{name}.{threads}-threads.solution.json"));
            std::fs::write(&solution_path, &plan).expect("write solution");
            pairs.push((problem_path.clone(), solution_path));
        }
    }
    let reports = tools.check_many(&pairs);
    for ((_, solution), report) in pairs.iter().zip(&reports) {
        assert_eq!(
            report["ok"],
            serde_json::Value::Bool(true),
            "ponte-check refused {}:\n{}",
            solution.display(),
            serde_json::to_string_pretty(report).unwrap_or_default()
        );
    }
}
