//! `ponte`: validate a problem, or evaluate a solution, from the command line.
//!
//! ```text
//! cargo run --release --example ponte -- validate PROBLEM.json
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
       ponte evaluate PROBLEM.json SOLUTION.json

commands:
  validate   check a problem against the format; exit 0 when valid,
             2 when not (the errors as JSON on stderr)
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
