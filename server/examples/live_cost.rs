//! What one booking costs in the core, with and without a plan kept
//! loaded (`LivePlan`): `live_cost PROBLEM.json PLAN.json [ROUNDS]`.
//!
//! Each round finds a free slot for a 30-minute request at a random office
//! and day, adds the request and books it, then (every other round)
//! removes an earlier one; "rebuild" is what the service did before:
//! validate the grown problem whole, then `free_slots` and `book` on the
//! plan's documents. Prints the median of each step in microseconds.

use std::sync::Arc;
use std::time::Instant;

use ponte::booking::{book, free_slots, BookingChoice, LivePlan, SlotQuery};
use ponte::format::{RequestDoc, SolutionDoc};
use ponte::Problem;

fn median(mut v: Vec<u128>) -> u128 {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let problem = Problem::from_json_str(&std::fs::read_to_string(&args[1]).expect("problem")).expect("valid");
    let plan: SolutionDoc = serde_json::from_str(&std::fs::read_to_string(&args[2]).expect("plan")).expect("plan");
    let rounds: usize = args.get(3).and_then(|x| x.parse().ok()).unwrap_or(40);
    let offices: Vec<String> = problem.offices().iter().map(|o| o.id.clone()).collect();
    let first = problem.horizon_start();
    let languages = ["ar", "fr", "en", "es", "ro", "uk", "zh", "ur"];
    let t = Instant::now();
    let mut live = LivePlan::new(Arc::new(problem.clone()), &plan).expect("loads");
    println!("requests {} load {} us", problem.requests().len(), t.elapsed().as_micros());
    let (mut slots, mut add, mut booking, mut remove, mut doc) = (vec![], vec![], vec![], vec![], vec![]);
    let (mut old_validate, mut old_slots, mut old_book) = (vec![], vec![], vec![]);
    let mut doc_problem = problem.document().clone();
    let mut doc_plan = plan.clone();
    let mut booked: Vec<String> = Vec::new();
    let mut seed = 7u64;
    for round in 0..rounds {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let office = &offices[(seed >> 33) as usize % offices.len()];
        let day = first + chrono::Duration::days(((seed >> 20) % 5) as i64);
        let language = languages[((seed >> 12) % 8) as usize];
        let query = SlotQuery {
            office: office.clone(),
            languages: vec![language.to_string()],
            min_level: None,
            duration_minutes: 30,
            earliest: format!("{day}T08:00"),
            latest: format!("{day}T19:00"),
            modalities: None,
            skills: Vec::new(),
            mediator_gender: None,
            case: None,
            preferred_mediator: None,
            limit: Some(usize::MAX),
        };
        let t = Instant::now();
        let options = live.free_slots(&query).expect("query");
        slots.push(t.elapsed().as_micros());
        let Some(option) = options.first() else { continue };
        let id = format!("bk-{round}");
        let request: RequestDoc = serde_json::from_value(serde_json::json!({
            "id": id, "office": office, "service": "booking", "languages": [language],
            "duration_minutes": 30, "start": option.start, "modalities": ["in_person", "phone", "video"],
            "priority": "high"}))
        .expect("request");
        let choice = BookingChoice {
            mediator: option.mediator.clone(),
            start: option.start.clone(),
            language: Some(option.language.clone()),
            modality: Some(option.modality),
        };
        // Before: the grown document validated whole, slots and book on documents.
        doc_problem.requests.push(request.clone());
        let t = Instant::now();
        let grown = Problem::from_doc(&doc_problem).expect("valid");
        old_validate.push(t.elapsed().as_micros());
        let t = Instant::now();
        let _ = free_slots(&grown, &doc_plan, &query).expect("query");
        old_slots.push(t.elapsed().as_micros());
        let t = Instant::now();
        doc_plan = book(&grown, &doc_plan, &id, &choice).expect("books").solution;
        old_book.push(t.elapsed().as_micros());
        // After: the loaded plan.
        let t = Instant::now();
        live.add_requests(std::slice::from_ref(&request)).expect("valid");
        add.push(t.elapsed().as_micros());
        let t = Instant::now();
        live.book(&id, &choice).expect("books");
        booking.push(t.elapsed().as_micros());
        booked.push(id);
        if round % 2 == 1 && booked.len() > 1 {
            let gone = booked.remove(0);
            let t = Instant::now();
            if live.remove_request(&gone).is_ok() {
                remove.push(t.elapsed().as_micros());
                let r = doc_problem.requests.iter().position(|x| x.id == gone).expect("there");
                doc_problem.requests.remove(r);
                doc_plan.assignments.retain(|a| a.request != gone);
            }
        }
        let t = Instant::now();
        let _ = live.document();
        doc.push(t.elapsed().as_micros());
    }
    println!(
        "live (us, median): free_slots {} add_request {} book {} remove {} document {}",
        median(slots),
        median(add),
        median(booking),
        median(remove),
        median(doc)
    );
    println!(
        "rebuild (us, median): validate {} free_slots {} book {}",
        median(old_validate),
        median(old_slots),
        median(old_book)
    );
}
