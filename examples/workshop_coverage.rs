//! `workshop_coverage`: the "cucito creativo" sewing workshop for Italian
//! and foreign women — which of its participants' languages each session
//! covers, who covers what, and why a language stays uncovered.
//!
//! ```text
//! cargo run --release --example workshop_coverage [-- [--problem FILE] [--seed S] [--iterations N]]
//! ```
//!
//! Key points:
//!
//! - **Workshops are staffed, not booked.** A session has a fixed start
//!   and a list of participants' languages; the solver sends mediators in
//!   person so that each language is covered, and the plan's `sessions`
//!   say who covers which language and what stays `uncovered` (each
//!   uncovered language costs the workshop priority's unassigned weight).
//! - **Continuity across sessions.** Every extra mediator a workshop uses
//!   beyond the first costs the `continuity` weight, so the same faces come
//!   back from one session to the next when they can.
//! - **Why uncovered.** For each uncovered language the example looks at
//!   the problem and the plan: nobody in the network speaks it at the
//!   level asked, or those who do are not available then (availability,
//!   absences), or they are busy elsewhere in the plan at that time.
//! - **Deterministic.** An iteration budget without a time limit gives the
//!   same plan on every machine for a seed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ponte::format::SolutionDoc;
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::time::parse_datetime;
use ponte::Problem;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut path: PathBuf = root.join("examples/data/visconteo-week.json");
    let mut options = SolveOptions { seed: 1, max_iterations: Some(20_000), time_limit_ms: None, threads: None };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let number = |v: &Option<String>| v.as_deref().and_then(|v| v.parse::<u64>().ok());
        match (arg.as_str(), &value) {
            ("--problem", Some(v)) => path = v.into(),
            ("--seed", v) if number(v).is_some() => options.seed = number(v).unwrap_or(1),
            ("--iterations", v) if number(v).is_some() => options.max_iterations = number(v),
            _ => {
                eprintln!("usage: workshop_coverage [--problem FILE] [--seed S] [--iterations N]");
                return ExitCode::from(2);
            }
        }
    }
    let problem = match std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| Problem::from_json_str(&text).map_err(|e| e.to_string()))
    {
        Ok(problem) => problem,
        Err(message) => {
            eprintln!("workshop_coverage: {}: {message}", path.display());
            return ExitCode::from(2);
        }
    };
    if problem.workshops().is_empty() {
        println!("{}: no workshops", path.display());
        return ExitCode::SUCCESS;
    }
    let plan = solve(&problem, &options, &mut NoControl).solution;
    for (w, workshop) in problem.workshops().iter().enumerate() {
        report_workshop(&problem, &plan, w);
        let _ = workshop;
    }
    ExitCode::SUCCESS
}

fn language(tag: &str) -> String {
    ponte::report::language_label(tag, ponte::report::Lang::En)
}

fn report_workshop(problem: &Problem, plan: &SolutionDoc, w: usize) {
    let workshop = &problem.workshops()[w];
    let office = &problem.offices()[workshop.office];
    let clock = problem.clock();
    println!("{}", workshop.title.as_deref().unwrap_or(&workshop.id));
    println!(
        "  at {} ({}), priority {}, minimum level {}",
        office.name.as_deref().unwrap_or(&office.id),
        problem.municipalities()[office.municipality].name.as_deref().unwrap_or("?"),
        workshop.priority.as_str(),
        workshop.min_level.as_str()
    );
    println!("  languages: {}", workshop.languages.iter().map(|l| language(l)).collect::<Vec<_>>().join(", "));
    let mut faces = std::collections::BTreeSet::new();
    for (_, session) in problem.held_sessions(w) {
        let staffing = plan.sessions.iter().find(|s| s.workshop == workshop.id && s.session == session.id);
        println!(
            "\n  session {} on {} for {} min",
            session.id,
            clock.format(session.start).replace('T', " "),
            session.duration
        );
        let Some(staffing) = staffing else {
            println!("    (not in the plan)");
            continue;
        };
        for m in &staffing.mediators {
            faces.insert(m.mediator.clone());
            println!(
                "    {:<22} covers {}",
                m.mediator,
                m.languages.iter().map(|l| language(l)).collect::<Vec<_>>().join(", ")
            );
        }
        if staffing.uncovered.is_empty() {
            println!("    every language covered");
        }
        for tag in &staffing.uncovered {
            println!("    UNCOVERED {}: {}", language(tag), why(problem, plan, workshop.min_level, tag, session));
        }
    }
    println!(
        "\n  {} mediator(s) across {} session(s) (continuity cost counts each one beyond the first)\n",
        faces.len(),
        problem.held_sessions(w).count()
    );
}

/// Why nobody covers `tag` at `session`, from the problem and the plan.
fn why(
    problem: &Problem,
    plan: &SolutionDoc,
    min_level: ponte::model::Level,
    tag: &str,
    session: &ponte::model::Session,
) -> String {
    let speakers: Vec<usize> =
        (0..problem.mediators().len()).filter(|&m| problem.mediators()[m].serves(tag, min_level)).collect();
    if speakers.is_empty() {
        return format!("nobody in the network speaks it at level {} or better", min_level.as_str());
    }
    let (start, end) = (session.start, session.end());
    let date = problem.clock().local_date(start);
    let (from, to) = (problem.clock().clock_minutes(start), problem.clock().clock_minutes(start) + session.duration);
    let mut reasons = Vec::new();
    for m in speakers {
        let mediator = &problem.mediators()[m];
        if !mediator.available.iter().any(|&(a, b)| a <= start && end <= b) {
            reasons.push(format!("{} is not available then", mediator.id));
            continue;
        }
        if !mediator.offers(ponte::model::Modality::InPerson) {
            reasons.push(format!("{} works remotely only", mediator.id));
            continue;
        }
        let busy: Vec<&str> = plan
            .assignments
            .iter()
            .filter(|a| a.mediator == mediator.id)
            .filter(|a| {
                let Some((d, s)) = parse_datetime(&a.start) else { return false };
                let r = problem.request_index(&a.request).map_or(0, |r| problem.requests()[r].duration);
                d == date && s < to && from < s + r
            })
            .map(|a| a.request.as_str())
            .collect();
        if busy.is_empty() {
            reasons.push(format!(
                "{} is free, but travel, the daily or weekly maximum or the rest of the plan keep them away",
                mediator.id
            ));
        } else {
            reasons.push(format!("{} is busy with {}", mediator.id, busy.join(", ")));
        }
    }
    reasons.join("; ")
}
