//! `ponte`: validate a problem, or evaluate a solution, from the command line.
//!
//! ```text
//! cargo run --release --example ponte -- validate PROBLEM.json
//! cargo run --release --example ponte -- solve PROBLEM.json --out SOLUTION.json [--time-limit-ms N] [--iterations N] [--seed S] [--threads N] [--stats] [--quiet]
//! cargo run --release --example ponte -- evaluate PROBLEM.json SOLUTION.json
//! ```
//!
//! What it shows:
//!
//! - **Strict reading.** Files are read as bytes and parsed with
//!   [`ponte::json::parse_bytes`]: a byte-order mark is accepted, text that
//!   is not UTF-8 or not JSON is refused, and repeated keys are kept so that
//!   validation and evaluation can report them.
//! - **Validation.** [`ponte::Problem::from_json_value`] turns the document
//!   into the expanded model or returns every input error, each with a
//!   stable code, a JSON path and a message.
//! - **Evaluation.** [`ponte::evaluate::evaluate`] reads the solution
//!   leniently and reports every violation (format, completeness, hard rules
//!   1-8 with their numbers, reason codes, cost) with the cost recomputed
//!   term by term, exactly as the independent checker `ponte-check` does.
//! - **Solving.** [`ponte::solve::solve`] takes a seed and a budget; the
//!   clock comes from the caller (here `std::time::Instant`) through
//!   [`ponte::solve::SolveControl`], which also receives progress reports:
//!   the core itself never reads the time, so it runs the same in the
//!   browser. With `--iterations` and no time limit the plan is the same on
//!   every platform. `--threads N` (default: the cores available, from
//!   [`std::thread::available_parallelism`]: the core never asks) runs N
//!   islands that exchange their best plans; `--iterations` is then each
//!   island's budget, and the plan is the same for the same N everywhere.
//!   `--stats` prints what each ruin operator did.
//! - **Exit codes** follow the checker: `validate` exits 0 when the problem
//!   is valid (a one-line summary on stdout) and 2 when it is not (the
//!   errors as JSON on stderr); `evaluate` prints its report as JSON on
//!   stdout and exits 0 when the plan is feasible, 1 when it is not, and 2
//!   on an invalid problem, an unreadable file or bad usage.
//! - **One function per command** behind a `match` on the subcommand, so a
//!   new command (such as `solve`) is one more arm, one more function and
//!   one more line of usage.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use ponte::evaluate::{ClaimedCost, Violation};
use ponte::format::CostDoc;
use ponte::json::JsonValue;
use ponte::{InputError, Problem};
use serde::Serialize;

const USAGE: &str = "\
usage: ponte validate PROBLEM.json
       ponte solve PROBLEM.json [--out SOLUTION.json] [--time-limit-ms N] [--iterations N] [--seed S]
                   [--threads N] [--stats] [--quiet]
       ponte evaluate PROBLEM.json SOLUTION.json

commands:
  validate   check a problem against the format; exit 0 when valid,
             2 when not (the errors as JSON on stderr)
  solve      plan a valid problem and write the ponte-solution/1 document
             (to stdout without --out); a summary on stderr. Without
             --iterations the search stops after --time-limit-ms (default
             2000); with --iterations alone the plan is deterministic.
             --threads N: N islands searching in parallel (default: the
             cores available; --iterations is per island; the plan depends
             on N). --stats: per ruin operator, iterations, acceptance,
             improvements, new bests and share of time, on stderr
  evaluate   check a solution of a valid problem: violations and the cost
             recomputed term by term, as JSON on stdout; exit 0 when the
             plan is feasible, 1 when not, 2 on invalid input
";

/// What `validate` prints on stderr for an invalid problem or unreadable file.
#[derive(Serialize)]
struct Invalid<'a> {
    valid: bool,
    errors: &'a [InputError],
}

/// What `evaluate` prints on stdout.
#[derive(Serialize)]
struct Report<'a> {
    feasible: bool,
    complete: bool,
    ok: bool,
    violations: &'a [Violation],
    /// The cost recomputed from the plan.
    cost: &'a CostDoc,
    /// The cost the solution claims.
    claimed: &'a ClaimedCost,
}

/// Why a command could not run: exit status 2.
enum Failure {
    /// Wrong arguments: the message and the usage on stderr.
    Usage(String),
    /// An invalid problem, or an unreadable or malformed file.
    Input(Vec<InputError>),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("", &[][..]),
    };
    let outcome = match command {
        "validate" => validate(rest),
        "solve" => solve(rest),
        "evaluate" => evaluate(rest),
        "help" | "-h" | "--help" => {
            emit(USAGE.trim_end());
            Ok(0)
        }
        "" => Err(Failure::Usage("no command given".to_string())),
        other => Err(Failure::Usage(format!("unknown command '{other}'"))),
    };
    match outcome {
        Ok(status) => ExitCode::from(status),
        Err(Failure::Usage(message)) => {
            eprintln!("ponte: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(errors)) => {
            let invalid = Invalid { valid: false, errors: &errors };
            eprintln!("{}", serde_json::to_string(&invalid).unwrap_or_default());
            ExitCode::from(2)
        }
    }
}

/// Writes a line on stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

/// The arguments of a command: exactly `names.len()` file paths.
fn files<'a>(args: &'a [String], names: &[&str]) -> Result<Vec<&'a Path>, Failure> {
    if args.len() != names.len() {
        return Err(Failure::Usage(format!("expected {}, got {} argument(s)", names.join(" "), args.len())));
    }
    Ok(args.iter().map(Path::new).collect())
}

/// Reads a file and parses it strictly.
fn read_json(path: &Path) -> Result<JsonValue, Failure> {
    let bytes = std::fs::read(path).map_err(|e| {
        Failure::Input(vec![InputError::new("UNREADABLE", "$", format!("cannot read {}: {e}", path.display()))])
    })?;
    ponte::json::parse_bytes(&bytes).map_err(|e| {
        Failure::Input(vec![InputError::new("INVALID_JSON", "$", format!("{} is not valid JSON: {e}", path.display()))])
    })
}

/// Reads and validates a problem file.
fn load_problem(path: &Path) -> Result<Problem, Failure> {
    let value = read_json(path)?;
    Problem::from_json_value(&value).map_err(|e| Failure::Input(e.errors()))
}

/// `validate PROBLEM.json`: a one-line summary, or every input error.
fn validate(args: &[String]) -> Result<u8, Failure> {
    let path = files(args, &["PROBLEM.json"])?[0];
    let problem = load_problem(path)?;
    emit(&format!("{}: valid ({})", path.display(), summary(&problem)));
    Ok(0)
}

/// The caller's side of a solve: a native clock and progress on stderr.
struct Terminal {
    started: std::time::Instant,
    quiet: bool,
    last_report: f64,
}

impl ponte::solve::SolveControl for Terminal {
    fn elapsed_ms(&mut self) -> Option<f64> {
        Some(self.started.elapsed().as_secs_f64() * 1000.0)
    }

    fn on_progress(&mut self, progress: &ponte::solve::Progress) {
        let now = self.started.elapsed().as_secs_f64();
        if !self.quiet && now - self.last_report >= 0.5 {
            self.last_report = now;
            eprintln!(
                "  {now:6.1} s  iteration {:>8}  best cost {:>10}  unassigned {}",
                progress.iteration, progress.best_cost, progress.unassigned
            );
        }
    }
}

/// `solve PROBLEM.json [--out FILE] [--time-limit-ms N] [--iterations N] [--seed S] [--threads N] [--stats] [--quiet]`.
fn solve(args: &[String]) -> Result<u8, Failure> {
    let mut problem_path = None;
    let mut out = None;
    let (mut seed, mut time_limit_ms, mut iterations) = (None, None, None);
    let mut threads = None;
    let mut quiet = false;
    let mut stats = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value =
            |name: &str| rest.next().cloned().ok_or_else(|| Failure::Usage(format!("{name} needs a value")));
        let number = |name: &str, text: String| {
            text.parse::<u64>().map_err(|_| Failure::Usage(format!("{name} takes a whole number, got '{text}'")))
        };
        match arg.as_str() {
            "--out" | "-o" => out = Some(value("--out")?),
            "--time-limit-ms" => time_limit_ms = Some(number("--time-limit-ms", value("--time-limit-ms")?)?),
            "--iterations" => iterations = Some(number("--iterations", value("--iterations")?)?),
            "--seed" => seed = Some(number("--seed", value("--seed")?)?),
            "--threads" => match number("--threads", value("--threads")?)? {
                0 => return Err(Failure::Usage("--threads takes a whole number of at least 1".to_string())),
                n => threads = Some(usize::try_from(n).unwrap_or(usize::MAX)),
            },
            "--stats" => stats = true,
            "--quiet" | "-q" => quiet = true,
            flag if flag.starts_with('-') => return Err(Failure::Usage(format!("unknown option '{flag}'"))),
            path if problem_path.is_none() => problem_path = Some(path.to_string()),
            extra => return Err(Failure::Usage(format!("unexpected argument '{extra}'"))),
        }
    }
    let problem_path = problem_path.ok_or_else(|| Failure::Usage("solve needs PROBLEM.json".to_string()))?;
    // The core's budget rule: --iterations alone means no time limit.
    let mut options =
        ponte::solve::budget::options(ponte::solve::budget::Operation::Solve, seed, time_limit_ms, iterations);
    options.threads = Some(threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())));
    let problem = load_problem(Path::new(&problem_path))?;
    let mut terminal = Terminal { started: std::time::Instant::now(), quiet, last_report: 0.0 };
    let outcome = ponte::solve::solve(&problem, &options, &mut terminal);
    let text = serde_json::to_string_pretty(&outcome.solution).unwrap_or_default();
    match &out {
        Some(path) => std::fs::write(path, format!("{text}\n")).map_err(|e| {
            Failure::Input(vec![InputError::new("UNWRITABLE", "$", format!("cannot write {path}: {e}"))])
        })?,
        None => emit(&text),
    }
    let plan = &outcome.solution;
    eprintln!(
        "{}: {} of {} requests assigned, {} unassigned; cost {}; {} iterations in {:.2} s ({:?}, {} thread(s))",
        problem.name().unwrap_or(&problem_path),
        // (A request with roles has one assignment per role.)
        problem.requests().len() - plan.unassigned.len(),
        problem.requests().len(),
        plan.unassigned.len(),
        plan.cost.total,
        outcome.iterations,
        terminal.started.elapsed().as_secs_f64(),
        outcome.stop,
        outcome.stats.islands,
    );
    if stats {
        eprintln!("{}", outcome.stats.table());
    }
    Ok(0)
}

/// `evaluate PROBLEM.json SOLUTION.json`: the report as JSON on stdout.
fn evaluate(args: &[String]) -> Result<u8, Failure> {
    let paths = files(args, &["PROBLEM.json", "SOLUTION.json"])?;
    let problem = load_problem(paths[0])?;
    let solution = read_json(paths[1])?;
    let evaluation = ponte::evaluate::evaluate(&problem, &solution);
    let report = Report {
        feasible: evaluation.feasible(),
        complete: evaluation.complete(),
        ok: evaluation.ok(),
        violations: &evaluation.violations,
        cost: &evaluation.cost,
        claimed: &evaluation.claimed,
    };
    emit(&serde_json::to_string_pretty(&report).unwrap_or_default());
    Ok(if evaluation.feasible() { 0 } else { 1 })
}

/// Counts of a problem, as the checker prints them.
fn summary(problem: &Problem) -> String {
    let sessions: usize = problem.workshops().iter().map(|w| w.sessions.len()).sum();
    let held: usize = (0..problem.workshops().len()).map(|w| problem.held_sessions(w).count()).sum();
    let ignored =
        if held == sessions { String::new() } else { format!(" ({} outside the horizon, ignored)", sessions - held) };
    format!(
        "{} municipalities, {} offices, {} mediators, {} requests, {} workshops with {sessions} sessions{ignored}",
        problem.municipalities().len(),
        problem.offices().len(),
        problem.mediators().len(),
        problem.requests().len(),
        problem.workshops().len(),
    )
}
