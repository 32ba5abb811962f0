//! `weekly_plan`: plan the bundled week of the Ambito Visconteo Sud Milano
//! and write what a planner hands out on Monday morning.
//!
//! ```text
//! cargo run --release --example weekly_plan [-- [OUT_DIR] [--seed S] [--iterations N] [--time-limit-ms N] [--problem FILE]]
//! ```
//!
//! Key points:
//!
//! - **Solve with the caller's clock.** The core never reads the time:
//!   [`ponte::solve::SolveControl::elapsed_ms`] brings it (here
//!   `std::time::Instant`), so a 2 s time limit is the default; with
//!   `--iterations N` and no time limit the plan is the same on every
//!   machine for a seed.
//! - **Explain, don't just count.** [`ponte::booking::explain`] gives served
//!   and unserved requests by priority, the cost term by term and each
//!   unserved request's reason code; the summary prints them.
//! - **Three files for three readers** in `OUT_DIR` (default
//!   `target/visconteo`): `plan.json` (`ponte-solution/1`, for tools),
//!   `report.html` (one self-contained page for planners, from
//!   [`ponte::report::html`]; `report-anonimo.html` is the same with
//!   pseudonyms, for publishing) and `monitoring.csv` plus
//!   `monitoring-mediatori.csv` (for funders, Italian spreadsheet
//!   conventions, from [`ponte::report::monitoring_csv`]).
//! - **Errors are typed.** An invalid problem prints every input error with
//!   its code and JSON path, and the example exits with status 2.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use ponte::report::{Lang, ReportOptions};
use ponte::solve::{Progress, SolveControl, SolveOptions};
use ponte::Problem;

/// The native clock, and a progress line now and then.
struct Clock {
    started: Instant,
    last: f64,
}

impl SolveControl for Clock {
    fn elapsed_ms(&mut self) -> Option<f64> {
        Some(self.started.elapsed().as_secs_f64() * 1000.0)
    }

    fn on_progress(&mut self, progress: &Progress) {
        let now = self.started.elapsed().as_secs_f64();
        if now - self.last >= 0.5 {
            self.last = now;
            eprintln!(
                "  {now:5.1} s  iteration {:>7}  cost {:>8}  unassigned {}",
                progress.iteration, progress.best_cost, progress.unassigned
            );
        }
    }
}

struct Args {
    out: PathBuf,
    problem: PathBuf,
    options: SolveOptions,
}

fn parse_args() -> Result<Args, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = Args {
        out: root.join("target/visconteo"),
        problem: root.join("examples/data/visconteo-week.json"),
        options: SolveOptions { seed: 1, max_iterations: None, time_limit_ms: None, threads: None },
    };
    let mut rest = std::env::args().skip(1);
    let number = |name: &str, value: Option<String>| -> Result<u64, String> {
        let value = value.ok_or(format!("{name} needs a value"))?;
        value.parse().map_err(|_| format!("{name} takes a whole number, got '{value}'"))
    };
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--seed" => args.options.seed = number("--seed", rest.next())?,
            "--iterations" => args.options.max_iterations = Some(number("--iterations", rest.next())?),
            "--time-limit-ms" => args.options.time_limit_ms = Some(number("--time-limit-ms", rest.next())?),
            "--problem" => args.problem = rest.next().ok_or("--problem needs a file")?.into(),
            "-h" | "--help" => {
                return Err(
                    "usage: weekly_plan [OUT_DIR] [--seed S] [--iterations N] [--time-limit-ms N] [--problem FILE]"
                        .to_string(),
                )
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option '{flag}'")),
            dir => args.out = dir.into(),
        }
    }
    if args.options.max_iterations.is_none() && args.options.time_limit_ms.is_none() {
        args.options.time_limit_ms = Some(2_000);
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("weekly_plan: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("weekly_plan: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let text = std::fs::read_to_string(&args.problem).map_err(|e| format!("{}: {e}", args.problem.display()))?;
    let problem = Problem::from_json_str(&text).map_err(|e| {
        let errors: Vec<String> =
            e.errors().iter().map(|x| format!("  {} at {}: {}", x.code, x.path, x.message)).collect();
        format!("{} is not a valid problem:\n{}", args.problem.display(), errors.join("\n"))
    })?;
    println!(
        "{}: {} municipalities, {} offices, {} mediators, {} requests, {} workshops",
        problem.name().unwrap_or("problem"),
        problem.municipalities().len(),
        problem.offices().len(),
        problem.mediators().len(),
        problem.requests().len(),
        problem.workshops().len()
    );
    let budget = match (args.options.max_iterations, args.options.time_limit_ms) {
        (Some(n), Some(ms)) => format!("{n} iterations or {ms} ms"),
        (Some(n), None) => format!("{n} iterations"),
        (None, Some(ms)) => format!("{ms} ms"),
        (None, None) => "default budget".to_string(),
    };
    println!("solving (seed {}, {budget})", args.options.seed);
    let mut clock = Clock { started: Instant::now(), last: 0.0 };
    let outcome = ponte::solve::solve(&problem, &args.options, &mut clock);
    let solve_s = clock.started.elapsed().as_secs_f64();
    let plan = outcome.solution;
    let explanation = ponte::booking::explain(&problem, &plan).map_err(|e| e.to_string())?;

    // Served and unserved by priority.
    println!(
        "\nplan: {} of {} requests served, {} unserved ({} iterations in {solve_s:.2} s, {:?})",
        // (A request with roles has one assignment per role.)
        problem.requests().len() - plan.unassigned.len(),
        problem.requests().len(),
        plan.unassigned.len(),
        outcome.iterations,
        outcome.stop
    );
    let mut by_priority: BTreeMap<usize, (&str, usize, usize)> = BTreeMap::new();
    for (request, e) in problem.requests().iter().zip(&explanation.requests) {
        let row = by_priority.entry(request.priority.index()).or_insert((request.priority.as_str(), 0, 0));
        if e.assigned {
            row.1 += 1
        } else {
            row.2 += 1
        }
    }
    println!("  {:<8} {:>7} {:>9}", "priority", "served", "unserved");
    for (name, served, unserved) in by_priority.values() {
        println!("  {name:<8} {served:>7} {unserved:>9}");
    }
    let covered: usize =
        plan.sessions.iter().map(|s| s.mediators.iter().map(|m| m.languages.len()).sum::<usize>()).sum();
    let uncovered: usize = plan.sessions.iter().map(|s| s.uncovered.len()).sum();
    println!("  workshop sessions: {}, language slots covered {covered}, uncovered {uncovered}", plan.sessions.len());

    // The cost, term by term.
    println!("\ncost {}:", plan.cost.total);
    for (term, value) in plan.cost.terms() {
        if value != 0 {
            println!("  {term:<20} {value:>9}");
        }
    }

    // The most frequent reasons, with an example each.
    let mut reasons: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for u in &plan.unassigned {
        if let Some(r) = u.reasons.first() {
            reasons.entry(r.code.as_str()).or_default().push(&u.request);
        }
    }
    let mut reasons: Vec<_> = reasons.into_iter().collect();
    reasons.sort_by_key(|(code, list)| (std::cmp::Reverse(list.len()), *code));
    if !reasons.is_empty() {
        println!("\ntop reasons for unserved requests:");
        for (code, list) in reasons.iter().take(5) {
            let first = plan.unassigned.iter().find(|u| u.request == list[0]).and_then(|u| u.reasons.first());
            println!("  {code:<12} {:>3}  e.g. {}: {}", list.len(), list[0], first.map_or("", |r| r.message.as_str()));
        }
    }

    // The files.
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let write = |name: &str, text: &str| -> Result<(PathBuf, usize), String> {
        let path = args.out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok((path, text.len()))
    };
    let started = Instant::now();
    let json = serde_json::to_string_pretty(&plan).map_err(|e| e.to_string())? + "\n";
    let report = ponte::report::html(&problem, &plan, &ReportOptions::default()).map_err(|e| e.to_string())?;
    let public = ponte::report::html(&problem, &plan, &ReportOptions { anonymize: true, title: None, lang: Lang::It })
        .map_err(|e| e.to_string())?;
    let csv = ponte::report::monitoring_csv(&problem, &plan).map_err(|e| e.to_string())?;
    let by_mediator = ponte::report::monitoring_csv_by_mediator(&problem, &plan).map_err(|e| e.to_string())?;
    let report_ms = started.elapsed().as_secs_f64() * 1000.0;
    println!("\nwritten (reports in {report_ms:.1} ms):");
    for (name, text) in [
        ("plan.json", &json),
        ("report.html", &report),
        ("report-anonimo.html", &public),
        ("monitoring.csv", &csv),
        ("monitoring-mediatori.csv", &by_mediator),
    ] {
        let (path, bytes) = write(name, text)?;
        println!("  {:<48} {:>8} bytes", path.display(), bytes);
    }
    Ok(())
}
