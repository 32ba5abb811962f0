//! `front_desk`: a resident walks in at the Rozzano foreigners' desk and
//! needs a mediator — find free slots in the current plan, book the best,
//! and show what it costs.
//!
//! ```text
//! cargo run --release --example front_desk [-- [--office ID] [--languages ar-ma,ar,fr] [--minutes 45] [--problem FILE]]
//! ```
//!
//! Key points:
//!
//! - **Free slots without moving anyone.** [`ponte::booking::free_slots`]
//!   searches the current plan for places a new request fits (mediator,
//!   start, language, modality) and ranks them by what they add to the
//!   plan's cost: language and modality rank, delay, travel, continuity.
//! - **Register, then book.** A booking is on a request of the problem, so
//!   the walk-in becomes a request (a new problem with one more entry); the
//!   old plan is still valid for it, and [`ponte::booking::book`] places the
//!   request at the chosen option, refusing with a typed code anything that
//!   would break a hard rule.
//! - **The cost change is exact.** `cost_delta` is the booked plan's total
//!   minus the old plan's on the registered problem (where the walk-in
//!   counts as unserved); against the plan before the walk-in, the change
//!   equals the option's `cost_increase`.
//! - **Deterministic.** The plan is solved with an iteration budget.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ponte::booking::{book, free_slots, BookingChoice, SlotQuery};
use ponte::format::RequestDoc;
use ponte::model::Modality;
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::Problem;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("front_desk: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut path: PathBuf = root.join("examples/data/visconteo-week.json");
    let mut office = "rozzano-sportello".to_string();
    let mut languages = vec!["ar-ma".to_string(), "ar".to_string(), "fr".to_string()];
    let mut minutes = 45i64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--problem" => path = value.into(),
            "--office" => office = value,
            "--languages" => languages = value.split(',').map(str::to_string).collect(),
            "--minutes" => minutes = value.parse().map_err(|_| format!("--minutes takes a number, got '{value}'"))?,
            _ => return Err("usage: front_desk [--office ID] [--languages a,b] [--minutes N] [--problem FILE]".into()),
        }
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let problem = Problem::from_json_str(&text).map_err(|e| e.to_string())?;
    let options = SolveOptions { seed: 1, max_iterations: Some(20_000), time_limit_ms: None, threads: None };
    let plan = solve(&problem, &options, &mut NoControl).solution;
    println!(
        "current plan: {} served, {} unserved, cost {}",
        plan.assignments.len(),
        plan.unassigned.len(),
        plan.cost.total
    );

    // The resident: from the second day of the horizon to its end.
    let first = problem.horizon_start().succ_opt().unwrap_or(problem.horizon_start());
    let last = problem.horizon_end();
    let earliest = format!("{first}T08:00");
    let latest = format!("{last}T19:00");
    let query = SlotQuery {
        office: office.clone(),
        languages: languages.clone(),
        min_level: None,
        duration_minutes: minutes,
        earliest: earliest.clone(),
        latest: latest.clone(),
        modalities: Some(vec![Modality::InPerson, Modality::Phone]),
        skills: Vec::new(),
        mediator_gender: None,
        case: None,
        preferred_mediator: None,
        limit: Some(8),
    };
    println!(
        "\nwalk-in at {office}: {} min in {} (in person, or phone), {earliest} .. {latest}",
        minutes,
        languages.join(" > ")
    );
    let slots = free_slots(&problem, &plan, &query).map_err(|e| format!("{}: {e}", e.code()))?;
    if slots.is_empty() {
        println!("no free slot: put the resident on the waiting list (a request for the next solve)");
        return Ok(());
    }
    println!("  #  {:<18} {:<16} {:<6} {:<5} {:<9} {:>6}", "mediator", "start", "end", "lang", "modality", "+cost");
    for (i, s) in slots.iter().enumerate() {
        println!(
            "  {:<2} {:<18} {:<16} {:<6} {:<5} {:<9} {:>6}",
            i + 1,
            s.mediator,
            s.start.replace('T', " "),
            &s.end[11..],
            s.language,
            s.modality.as_str(),
            s.cost_increase
        );
    }

    // Register the walk-in as a request, then book the best option.
    let best = &slots[0];
    let mut doc = problem.document().clone();
    doc.requests.push(RequestDoc {
        id: "walk-in-001".into(),
        office: office.clone(),
        service: Some("foreigners-desk".into()),
        languages: languages.clone(),
        min_level: None,
        duration_minutes: minutes,
        start: None,
        earliest: Some(earliest),
        latest: Some(latest),
        modalities: Some(vec![Modality::InPerson, Modality::Phone]),
        priority: None,
        skills: None,
        mediator_gender: None,
        case: None,
        preferred_mediator: None,
        previous: None,
        locked: None,
        series: None,
        windows: None,
        roles: None,
    });
    let registered = Problem::from_doc(&doc).map_err(|e| e.to_string())?;
    let choice = BookingChoice {
        mediator: best.mediator.clone(),
        start: best.start.clone(),
        language: Some(best.language.clone()),
        modality: Some(best.modality),
    };
    let booked = book(&registered, &plan, "walk-in-001", &choice).map_err(|e| format!("{}: {e}", e.code()))?;
    // `cost_delta` compares with the old plan on the registered problem, in
    // which the walk-in counts as unserved; against the plan before the
    // walk-in, the change is the option's `cost_increase`.
    let registered_before = booked.solution.cost.total - booked.cost_delta;
    println!(
        "\nbooked walk-in-001 with {} at {} ({}, {})",
        best.mediator,
        best.start.replace('T', " "),
        best.language,
        best.modality.as_str()
    );
    println!(
        "  cost with the walk-in registered but unserved {registered_before} -> booked {} ({:+})",
        booked.solution.cost.total, booked.cost_delta
    );
    println!(
        "  cost before the walk-in {} -> {} ({:+}; the option said +{})",
        plan.cost.total,
        booked.solution.cost.total,
        booked.solution.cost.total - plan.cost.total,
        best.cost_increase
    );
    println!("the plan now serves {} of {} requests", booked.solution.assignments.len(), registered.requests().len());

    // Booking the same slot twice is refused with a typed code.
    let mut doc2 = doc.clone();
    let mut twin = doc2.requests.last().cloned().ok_or("no request")?;
    twin.id = "walk-in-002".into();
    doc2.requests.push(twin);
    let two = Problem::from_doc(&doc2).map_err(|e| e.to_string())?;
    match book(&two, &booked.solution, "walk-in-002", &choice) {
        Ok(_) => println!("a second resident fits the same slot too"),
        Err(e) => println!("a second resident at the same slot is refused: {} ({e})", e.code()),
    }
    Ok(())
}
