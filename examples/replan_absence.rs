//! `replan_absence`: a mediator falls ill — repair the week's plan instead
//! of solving it again, and show what moved.
//!
//! ```text
//! cargo run --release --example replan_absence [-- [--mediator ID] [--date YYYY-MM-DD] [--problem FILE] [--seed S]]
//! ```
//!
//! Key points:
//!
//! - **An absence is a change of the problem.** The example adds an
//!   `absences` entry (the whole day) to the mediator's document and
//!   validates the new problem; by default it picks the busiest mediator
//!   on their busiest day without a locked appointment.
//! - **Repair, don't reshuffle.** [`ponte::booking::replan`] keeps every
//!   assignment that still holds, re-places the others and improves with a
//!   short search in which moving an old assignment costs more than leaving
//!   a normal request unserved: residents already told of an appointment
//!   keep it.
//! - **Kept, moved, dropped.** The outcome lists them; the example prints
//!   each moved request's old and new mediator and time, each dropped one's
//!   reason, and the cost before and after, term by term.
//! - **Deterministic.** The first plan uses an iteration budget, the repair
//!   its default budget ([`ponte::booking::REPLAN_ITERATIONS`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ponte::booking::{replan, REPLAN_ITERATIONS};
use ponte::format::{AbsenceDoc, SolutionDoc};
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::Problem;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("replan_absence: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut path: PathBuf = root.join("examples/data/visconteo-week.json");
    let (mut who, mut date, mut seed) = (None::<String>, None::<String>, 1u64);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--problem" => path = value.into(),
            "--mediator" => who = Some(value),
            "--date" => date = Some(value),
            "--seed" => seed = value.parse().map_err(|_| format!("--seed takes a number, got '{value}'"))?,
            _ => {
                return Err(
                    "usage: replan_absence [--mediator ID] [--date YYYY-MM-DD] [--problem FILE] [--seed S]".into()
                )
            }
        }
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let problem = Problem::from_json_str(&text).map_err(|e| e.to_string())?;
    let options = SolveOptions { seed, max_iterations: Some(20_000), time_limit_ms: None, threads: None };
    let plan = solve(&problem, &options, &mut NoControl).solution;
    println!("plan: {} served, {} unserved, cost {}", plan.assignments.len(), plan.unassigned.len(), plan.cost.total);

    // Who falls ill, and when: by default the busiest mediator on their busiest
    // day without a locked appointment (a locked one cannot be kept through a
    // whole-day absence: the changed problem would be invalid).
    let locked: Vec<&str> =
        problem.document().requests.iter().filter(|r| r.locked == Some(true)).map(|r| r.id.as_str()).collect();
    let mut per_day: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut pinned: Vec<(String, String)> = Vec::new();
    for a in &plan.assignments {
        let key = (a.mediator.clone(), a.start[..10].to_string());
        if locked.contains(&a.request.as_str()) {
            pinned.push(key.clone());
        }
        *per_day.entry(key).or_default() += 1;
    }
    let busiest = per_day
        .iter()
        .filter(|(key, _)| !pinned.contains(key))
        .filter(|((m, d), _)| who.as_ref().is_none_or(|w| w == m) && date.as_ref().is_none_or(|x| x == d))
        .max_by_key(|(key, n)| (**n, std::cmp::Reverse((*key).clone())))
        .map(|(key, _)| key.clone());
    let (mediator, day) = match (who, date, busiest) {
        (_, _, Some(found)) => found,
        (Some(m), Some(d), None) => (m, d),
        _ => return Err("that mediator has nothing planned on that day".into()),
    };
    let mut doc = problem.document().clone();
    let entry = doc.mediators.iter_mut().find(|m| m.id == mediator).ok_or(format!("no mediator '{mediator}'"))?;
    let next = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
        .map_err(|_| format!("'{day}' is not a date"))?
        .succ_opt()
        .ok_or("no next day")?;
    entry
        .absences
        .get_or_insert_with(Vec::new)
        .push(AbsenceDoc { from: format!("{day}T00:00"), to: format!("{next}T00:00") });
    let changed = Problem::from_doc(&doc).map_err(|e| e.to_string())?;
    let affected: Vec<&str> = plan
        .assignments
        .iter()
        .filter(|a| a.mediator == mediator && a.start.starts_with(&day))
        .map(|a| a.request.as_str())
        .collect();
    println!("\n{mediator} is ill on {day}: {} appointment(s) affected ({})", affected.len(), affected.join(", "));

    let repair_options =
        SolveOptions { seed, max_iterations: Some(REPLAN_ITERATIONS), time_limit_ms: None, threads: None };
    let outcome = replan(&changed, &plan, &repair_options, &mut NoControl);
    let new = &outcome.solution;
    println!(
        "\nrepair ({} iterations): kept {}, moved {}, dropped {}, added {}",
        outcome.iterations,
        outcome.kept,
        outcome.moved.len(),
        outcome.dropped.len(),
        outcome.added.len()
    );
    let find = |plan: &SolutionDoc, r: &str| plan.assignments.iter().find(|a| a.request == r).cloned();
    for r in &outcome.moved {
        let (old, now) = (find(&plan, r), find(new, r));
        if let (Some(old), Some(now)) = (old, now) {
            println!(
                "  moved   {r}: {} {} -> {} {} ({})",
                old.mediator,
                old.start.replace('T', " "),
                now.mediator,
                now.start.replace('T', " "),
                now.language
            );
        }
    }
    for r in &outcome.dropped {
        let reason = new.unassigned.iter().find(|u| u.request == *r).and_then(|u| u.reasons.first());
        println!(
            "  dropped {r}: {}",
            reason.map_or("?".to_string(), |x| format!("{} — {}", x.code.as_str(), x.message))
        );
    }
    for r in &outcome.added {
        println!("  added   {r}");
    }
    println!("\ncost {} -> {} ({:+})", plan.cost.total, new.cost.total, new.cost.total - plan.cost.total);
    for ((term, before), (_, after)) in plan.cost.terms().iter().zip(new.cost.terms().iter()) {
        if before != after {
            println!("  {term:<20} {before:>8} -> {after:>8} ({:+})", after - before);
        }
    }
    let sessions_before: usize = plan.sessions.iter().map(|s| s.uncovered.len()).sum();
    let sessions_after: usize = new.sessions.iter().map(|s| s.uncovered.len()).sum();
    if sessions_before != sessions_after {
        println!("  uncovered workshop languages: {sessions_before} -> {sessions_after}");
    }
    Ok(())
}
