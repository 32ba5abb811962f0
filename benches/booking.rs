//! Criterion benchmark of the operations between full solves, on a size m
//! plan (`ponte-gen --size m --seed 1`, solved with 2,000 iterations):
//! free-slot search for a new request, and the repair after one mediator's
//! new absence. Before timing it prints how many assignments the repair
//! changed among those that did not involve the absent mediator.
//!
//! ```sh
//! cargo bench --bench booking
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use ponte::booking::{free_slots, replan, SlotQuery};
use ponte::format::AbsenceDoc;
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::Problem;
use ponte_suite::shared_tools;

fn bench_booking(c: &mut Criterion) {
    let Some(tools) = shared_tools("benches/booking.rs (criterion)") else { return };
    let text = tools.generate("m", 1, &[]);
    let problem = Problem::from_json_str(&text).expect("valid");
    let plan = solve(
        &problem,
        &SolveOptions { seed: 1, max_iterations: Some(2_000), time_limit_ms: None, threads: None },
        &mut NoControl,
    )
    .solution;
    let doc = problem.document();
    let mut group = c.benchmark_group("booking-m1");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));

    // A front-desk query shaped like the first multi-day window request that has free slots.
    let query = doc
        .requests
        .iter()
        .filter(|r| r.earliest.is_some() && r.mediator_gender.is_none())
        .map(|r| SlotQuery {
            office: r.office.clone(),
            languages: r.languages.clone(),
            min_level: r.min_level,
            duration_minutes: r.duration_minutes,
            earliest: r.earliest.clone().unwrap_or_default(),
            latest: r.latest.clone().unwrap_or_default(),
            modalities: r.modalities.clone(),
            skills: vec![],
            mediator_gender: None,
            case: None,
            preferred_mediator: None,
            limit: Some(20),
        })
        .find(|q| free_slots(&problem, &plan, q).is_ok_and(|o| o.len() >= 5))
        .expect("some request has free slots");
    let options = free_slots(&problem, &plan, &query).expect("valid query");
    eprintln!(
        "free slots m-1 ({} {} min, {}..{}): {} options, best cost increase {:?}",
        query.languages.join("/"),
        query.duration_minutes,
        query.earliest,
        query.latest,
        options.len(),
        options.first().map(|o| o.cost_increase)
    );
    group.bench_function("free-slots", |b| b.iter(|| black_box(free_slots(&problem, &plan, &query).expect("valid"))));

    // The busiest mediator falls ill on the first day.
    let mut changed_doc = doc.clone();
    let busiest = changed_doc
        .mediators
        .iter()
        .enumerate()
        .max_by_key(|(_, m)| plan.assignments.iter().filter(|a| a.mediator == m.id).count())
        .map(|(i, _)| i)
        .expect("mediators");
    let ill = changed_doc.mediators[busiest].id.clone();
    let day = chrono::NaiveDate::parse_from_str(&doc.horizon.start, "%Y-%m-%d").expect("date");
    changed_doc.mediators[busiest]
        .absences
        .get_or_insert_with(Vec::new)
        .push(AbsenceDoc { from: format!("{day}T00:00"), to: format!("{}T00:00", day + chrono::Duration::days(1)) });
    let changed = Problem::from_doc(&changed_doc).expect("valid");
    let replan_options = SolveOptions { seed: 1, max_iterations: None, time_limit_ms: None, threads: None };
    let outcome = replan(&changed, &plan, &replan_options, &mut NoControl);
    let others: Vec<_> = plan.assignments.iter().filter(|a| a.mediator != ill).collect();
    let changed_others =
        outcome.moved.iter().chain(&outcome.dropped).filter(|r| others.iter().any(|a| &a.request == *r)).count();
    eprintln!(
        "replan m-1 after {ill}'s absence: kept {}, moved {}, dropped {}, added {}; {changed_others} of {} assignments not involving {ill} changed ({:.1}%); cost {} -> {}",
        outcome.kept,
        outcome.moved.len(),
        outcome.dropped.len(),
        outcome.added.len(),
        others.len(),
        100.0 * changed_others as f64 / others.len().max(1) as f64,
        plan.cost.total,
        outcome.solution.cost.total
    );
    group.bench_function("replan-after-absence", |b| {
        b.iter(|| black_box(replan(&changed, &plan, &replan_options, &mut NoControl).solution.cost.total))
    });
    group.finish();
}

criterion_group!(benches, bench_booking);
criterion_main!(benches);
