//! Booking, re-planning and the public snapshot: every plan after every
//! operation is feasible (Ponte's own evaluation at each step, and the
//! independent checker on all of them at the end), locked engagements never
//! move, the snapshot holds nothing personal and answers free-slot queries
//! exactly as the full problem does.

use std::path::PathBuf;

use ponte::booking::{
    book, cancel, free_slots, free_slots_in_snapshot, lock, pseudonym, replan, snapshot, BookingChoice, SlotQuery,
};
use ponte::format::{AbsenceDoc, ProblemDoc, SolutionDoc};
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::Problem;
use ponte_suite::{repo_root, scratch_dir, shared_tools};
use proptest::prelude::*;

fn example() -> Problem {
    let text = std::fs::read_to_string(repo_root().join("examples/data/visconteo-week.json")).expect("bundled example");
    Problem::from_json_str(&text).expect("valid")
}

fn solved(problem: &Problem, seed: u64) -> SolutionDoc {
    solve(
        problem,
        &SolveOptions { seed, max_iterations: Some(300), time_limit_ms: None, threads: None },
        &mut NoControl,
    )
    .solution
}

fn assert_feasible(problem: &Problem, plan: &SolutionDoc, what: &str) {
    let evaluation = ponte::evaluate::evaluate_doc(problem, plan);
    assert!(evaluation.ok(), "{what}: {:?}", evaluation.violations);
}

/// Writes a (problem, plan) pair for the checker.
fn keep(pairs: &mut Vec<(PathBuf, PathBuf)>, name: &str, problem: &ProblemDoc, plan: &SolutionDoc) {
    let dir = scratch_dir("booking");
    let p = dir.join(format!("{name}.problem.json"));
    let s = dir.join(format!("{name}.solution.json"));
    std::fs::write(&p, serde_json::to_string_pretty(problem).expect("json")).expect("write");
    std::fs::write(&s, serde_json::to_string_pretty(plan).expect("json")).expect("write");
    pairs.push((p, s));
}

fn check_all(pairs: &[(PathBuf, PathBuf)], what: &str) {
    let Some(tools) = shared_tools(what) else { return };
    for ((problem, _), report) in pairs.iter().zip(tools.check_many(pairs)) {
        assert_eq!(report["ok"], serde_json::Value::Bool(true), "{}: {report}", problem.display());
    }
}

/// A query for a request of the problem, as a new booking would ask.
/// The requests a free-slot query can describe: those for one mediator (a
/// request with roles, format 1.1, needs several at once).
fn one_mediator_requests(doc: &ProblemDoc) -> impl Iterator<Item = usize> + '_ {
    (0..doc.requests.len()).filter(|&i| doc.requests[i].roles.is_none())
}

fn query_for(doc: &ProblemDoc, index: usize, limit: usize) -> SlotQuery {
    let r = &doc.requests[index];
    let (earliest, latest) = match (&r.start, &r.earliest, &r.latest) {
        (_, Some(e), Some(l)) => (e.clone(), l.clone()),
        _ => (format!("{}T08:00", doc.horizon.start), format!("{}T18:00", doc.horizon.end)),
    };
    SlotQuery {
        office: r.office.clone(),
        languages: r.languages.clone(),
        min_level: r.min_level,
        duration_minutes: r.duration_minutes,
        earliest,
        latest,
        modalities: r.modalities.clone(),
        skills: r.skills.clone().unwrap_or_default(),
        mediator_gender: None,
        case: None,
        preferred_mediator: None,
        limit: Some(limit),
    }
}

#[test]
fn a_free_slot_found_for_a_new_request_can_be_booked() {
    let full = example();
    let mut doc = full.document().clone();
    // Take one request out, plan without it, then ask where it could go.
    let index = doc
        .requests
        .iter()
        .position(|r| r.earliest.is_some() && r.mediator_gender.is_none())
        .expect("a window request");
    let removed = doc.requests.remove(index);
    let without = Problem::from_doc(&doc).expect("valid without it");
    let plan = solved(&without, 3);
    let query = query_for(full.document(), index, 10);
    let options = free_slots(&without, &plan, &query).expect("query is valid");
    assert!(!options.is_empty(), "the bundled week has room for a window request");
    assert!(options.windows(2).all(|w| w[0].cost_increase <= w[1].cost_increase), "ranked by cost increase");
    // Book the best option on the full problem: feasible, and the delta is the cost increase minus the unassigned weight.
    let mut pairs = Vec::new();
    doc.requests.insert(index, removed.clone());
    let full = Problem::from_doc(&doc).expect("valid");
    let mut plan_full = plan.clone();
    plan_full.unassigned.push(ponte::format::UnassignedDoc {
        request: removed.id.clone(),
        reasons: vec![ponte::format::ReasonDoc {
            code: ponte::model::ReasonCode::Conflict,
            message: "new".into(),
            blocking: vec![],
        }],
    });
    let best = &options[0];
    let choice = BookingChoice {
        mediator: best.mediator.clone(),
        start: best.start.clone(),
        language: Some(best.language.clone()),
        modality: Some(best.modality),
    };
    let booked = book(&full, &plan_full, &removed.id, &choice).expect("the free slot can be booked");
    assert_feasible(&full, &booked.solution, "after booking");
    let weight = full.weights().unassigned(full.requests()[index].priority);
    let recomputed = ponte::evaluate::evaluate_doc(&full, &plan_full).cost.total;
    assert_eq!(booked.solution.cost.total - recomputed, best.cost_increase - weight);
    keep(&mut pairs, "booked", &doc, &booked.solution);
    // Booking the same slot for another request of the same mediator and time is refused with a rule code.
    let other = full
        .requests()
        .iter()
        .position(|r| r.id != removed.id && booked.solution.assignments.iter().any(|a| a.request == r.id) && !r.locked);
    if let Some(other) = other {
        let err = book(&full, &booked.solution, &full.requests()[other].id, &choice).expect_err("taken or unsuitable");
        assert!(!err.code().is_empty() && err.code() != "INVALID_ARGUMENT", "{err:?}");
    }
    check_all(&pairs, "a_free_slot_found_for_a_new_request_can_be_booked");
}

#[test]
fn bad_queries_and_bookings_are_refused_with_codes_and_paths() {
    let problem = example();
    let plan = solved(&problem, 1);
    let good = query_for(problem.document(), 0, 5);
    let cases: Vec<(SlotQuery, &str, &str)> = vec![
        (SlotQuery { office: "nowhere".into(), ..good.clone() }, "UNKNOWN_REFERENCE", "office"),
        (SlotQuery { languages: vec!["AR".into()], ..good.clone() }, "BAD_LANGUAGE_TAG", "languages[0]"),
        (SlotQuery { languages: vec![], ..good.clone() }, "BAD_VALUE", "languages"),
        (SlotQuery { duration_minutes: 0, ..good.clone() }, "BAD_VALUE", "duration_minutes"),
        (SlotQuery { earliest: "2026-13-01T09:00".into(), ..good.clone() }, "BAD_DATETIME", "earliest"),
        (
            SlotQuery { preferred_mediator: Some("nobody".into()), ..good.clone() },
            "UNKNOWN_REFERENCE",
            "preferred_mediator",
        ),
    ];
    for (query, code, path) in cases {
        let err = free_slots(&problem, &plan, &query).expect_err("refused");
        assert_eq!((err.code(), err.errors()[0].path.as_str()), (code, path), "{err}");
    }
    let choice =
        BookingChoice { mediator: "nobody".into(), start: "2026-04-27T09:00".into(), language: None, modality: None };
    assert_eq!(book(&problem, &plan, &problem.requests()[0].id, &choice).unwrap_err().code(), "UNKNOWN_REFERENCE");
    assert_eq!(cancel(&problem, &plan, "no-such-request").unwrap_err().code(), "UNKNOWN_REFERENCE");
    let mut broken = plan.clone();
    if let Some(a) = broken.assignments.first_mut() {
        a.start = "2026-04-27T03:00".into();
    }
    assert_eq!(cancel(&problem, &broken, &problem.requests()[0].id).unwrap_err().code(), "PLAN_INVALID");
}

#[test]
fn the_public_snapshot_holds_nothing_personal_and_answers_like_the_full_problem() {
    let problem = example();
    let plan = solved(&problem, 2);
    let snap = snapshot(&problem, &plan).expect("feasible plan");
    let text = serde_json::to_string(&snap).expect("json");
    let doc = problem.document();
    for m in &doc.mediators {
        assert!(!text.contains(&format!("\"{}\"", m.id)), "mediator id {} is published", m.id);
        if let Some(name) = &m.name {
            assert!(!text.contains(name.as_str()), "mediator name {name} is published");
        }
        if let Some(gender) = &m.gender {
            assert!(!text.contains(&format!("\"{gender}\"")), "a gender is published");
        }
    }
    for field in ["\"gender\"", "\"case\"", "\"service\"", "\"request\"", "\"previous\""] {
        assert!(!text.contains(field), "the snapshot has a field {field}");
    }
    for r in &doc.requests {
        assert!(!text.contains(&format!("\"{}\"", r.id)), "request id {} is published", r.id);
        if let Some(case) = &r.case {
            assert!(!text.contains(&format!("\"{case}\"")), "case id {case} is published");
        }
    }
    // The snapshot survives JSON and gives the same options, mediators by pseudonym.
    let snap: ponte::booking::PublicSnapshot = serde_json::from_str(&text).expect("round trip");
    let mut compared = 0;
    for index in one_mediator_requests(doc) {
        let query = query_for(doc, index, 15);
        let full = free_slots(&problem, &plan, &query).expect("valid query");
        let published = free_slots_in_snapshot(&snap, &query).expect("valid query");
        let renamed: Vec<_> = full
            .into_iter()
            .map(|mut o| {
                o.mediator = pseudonym(problem.mediator_index(&o.mediator).expect("known"));
                o
            })
            .collect();
        assert_eq!(renamed, published, "query for request {}", doc.requests[index].id);
        compared += usize::from(!published.is_empty());
    }
    assert!(compared > 10, "most queries have options ({compared})");
    let gendered = SlotQuery { mediator_gender: Some("f".into()), ..query_for(doc, 0, 5) };
    assert_eq!(free_slots_in_snapshot(&snap, &gendered).unwrap_err().code(), "UNSUPPORTED_ON_SNAPSHOT");
}

#[test]
fn replanning_after_an_absence_keeps_most_assignments() {
    let problem = example();
    let plan = solved(&problem, 4);
    let mut doc = problem.document().clone();
    // The mediator with the most assignments falls ill for the first two days.
    let busiest = doc
        .mediators
        .iter()
        .enumerate()
        .max_by_key(|(_, m)| plan.assignments.iter().filter(|a| a.mediator == m.id).count())
        .map(|(i, _)| i)
        .expect("mediators");
    let ill = doc.mediators[busiest].id.clone();
    let from = format!("{}T00:00", doc.horizon.start);
    let start = chrono::NaiveDate::parse_from_str(&doc.horizon.start, "%Y-%m-%d").expect("date");
    let to = format!("{}T00:00", start + chrono::Duration::days(2));
    doc.mediators[busiest]
        .absences
        .get_or_insert_with(Vec::new)
        .push(AbsenceDoc { from: from.clone(), to: to.clone() });
    let changed = Problem::from_doc(&doc).expect("still valid");
    let outcome = replan(
        &changed,
        &plan,
        &SolveOptions { seed: 1, max_iterations: Some(200), time_limit_ms: None, threads: None },
        &mut NoControl,
    );
    assert_feasible(&changed, &outcome.solution, "after the repair");
    let untouched: Vec<_> = plan.assignments.iter().filter(|a| a.mediator != ill).collect();
    let moved_untouched =
        outcome.moved.iter().chain(&outcome.dropped).filter(|r| untouched.iter().any(|a| &a.request == *r)).count();
    assert!(
        moved_untouched * 100 <= untouched.len() * 5,
        "{moved_untouched} of {} assignments not involving {ill} changed",
        untouched.len()
    );
    let mut pairs = Vec::new();
    keep(&mut pairs, "replanned", &doc, &outcome.solution);
    check_all(&pairs, "replanning_after_an_absence_keeps_most_assignments");
}

#[derive(Debug, Clone)]
enum Step {
    Book(usize, usize),
    Cancel(usize),
    Lock(usize),
    Absence(usize, u8),
    Replan(u64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..1000, 0usize..1000).prop_map(|(r, o)| Step::Book(r, o)),
        (0usize..1000).prop_map(Step::Cancel),
        (0usize..1000).prop_map(Step::Lock),
        (0usize..1000, 0u8..5).prop_map(|(m, d)| Step::Absence(m, d)),
        (0u64..100).prop_map(Step::Replan),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn random_operation_sequences_keep_plans_feasible_and_locks_in_place(steps in proptest::collection::vec(step(), 1..8)) {
        let mut problem = example();
        let mut plan = solved(&problem, 9);
        let mut pairs = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            let locked_before: Vec<(String, String, String)> = plan
                .assignments
                .iter()
                .filter(|a| problem.requests()[problem.request_index(&a.request).unwrap_or(0)].locked)
                .map(|a| (a.request.clone(), a.mediator.clone(), a.start.clone()))
                .collect();
            match *s {
                Step::Book(r, o) => {
                    let r = r % problem.requests().len();
                    let doc = problem.document();
                    let query = query_for(doc, r, 50);
                    if let Ok(options) = free_slots(&problem, &plan, &query) {
                        if let Some(option) = options.get(o % options.len().max(1)) {
                            let choice = BookingChoice { mediator: option.mediator.clone(), start: option.start.clone(), language: None, modality: Some(option.modality) };
                            if let Ok(out) = book(&problem, &plan, &problem.requests()[r].id, &choice) {
                                plan = out.solution;
                            }
                        }
                    }
                }
                Step::Cancel(r) => {
                    let id = problem.requests()[r % problem.requests().len()].id.clone();
                    if let Ok(out) = cancel(&problem, &plan, &id) {
                        plan = out.solution;
                    }
                }
                Step::Lock(r) => {
                    let id = problem.requests()[r % problem.requests().len()].id.clone();
                    if let Ok((doc, out)) = lock(&problem, &plan, &id) {
                        problem = Problem::from_doc(&doc).expect("locking keeps the problem valid");
                        plan = out.solution;
                    }
                }
                Step::Absence(m, d) => {
                    let mut doc = problem.document().clone();
                    let m = m % doc.mediators.len();
                    let day = chrono::NaiveDate::parse_from_str(&doc.horizon.start, "%Y-%m-%d").expect("date") + chrono::Duration::days(i64::from(d));
                    doc.mediators[m].absences.get_or_insert_with(Vec::new).push(AbsenceDoc {
                        from: format!("{day}T00:00"),
                        to: format!("{}T00:00", day + chrono::Duration::days(1)),
                    });
                    // An absence that would break a locked request is an invalid problem: skip it.
                    if let Ok(changed) = Problem::from_doc(&doc) {
                        problem = changed;
                        plan = replan(&problem, &plan, &SolveOptions { seed: 1, max_iterations: Some(50), time_limit_ms: None, threads: None }, &mut NoControl).solution;
                    }
                }
                Step::Replan(seed) => {
                    plan = replan(&problem, &plan, &SolveOptions { seed, max_iterations: Some(50), time_limit_ms: None, threads: None }, &mut NoControl).solution;
                }
            }
            let evaluation = ponte::evaluate::evaluate_doc(&problem, &plan);
            prop_assert!(evaluation.ok(), "step {} {:?}: {:?}", i, s, evaluation.violations);
            for (r, m, start) in &locked_before {
                prop_assert!(plan.assignments.iter().any(|a| &a.request == r && &a.mediator == m && &a.start == start), "locked {} moved", r);
            }
            let name = format!("seq-{}-{i}", pairs.len());
            keep(&mut pairs, &name, problem.document(), &plan);
        }
        check_all(&pairs, "random_operation_sequences_keep_plans_feasible_and_locks_in_place");
    }
}

#[test]
fn when_nothing_fits_a_small_repair_is_proposed_and_its_moves_can_be_booked() {
    use ponte::booking::free_slots_with_repair;
    let problem = example();
    let plan = solved(&problem, 5);
    let doc = problem.document();
    let mut tried = 0;
    for a in &plan.assignments {
        let r = problem.request_index(&a.request).expect("known");
        let request = &problem.requests()[r];
        if request.locked || request.mediator_gender.is_some() {
            continue;
        }
        // A new request wanting exactly this appointment's slot.
        // (The bundled week has no DST change, so local arithmetic is exact here.)
        let start = chrono::NaiveDateTime::parse_from_str(&a.start, "%Y-%m-%dT%H:%M").expect("local time");
        let end_minute = (start + chrono::Duration::minutes(request.duration)).format("%Y-%m-%dT%H:%M").to_string();
        let mut query = query_for(doc, r, 5);
        query.earliest = a.start.clone();
        query.latest = end_minute;
        if !free_slots(&problem, &plan, &query).expect("valid").is_empty() {
            continue;
        }
        tried += 1;
        let repairs = free_slots_with_repair(&problem, &plan, &query).expect("valid");
        let Some(best) = repairs.first() else { continue };
        assert!(!best.moves.is_empty(), "nothing fitted as is, so the option moves someone");
        let mut current = plan.clone();
        let mut delta = 0;
        for m in &best.moves {
            let choice = BookingChoice {
                mediator: m.to_mediator.clone(),
                start: m.to_start.clone(),
                language: None,
                modality: None,
            };
            let outcome = book(&problem, &current, &m.request, &choice).expect("each move can be booked");
            assert_feasible(&problem, &outcome.solution, "after a move");
            delta += outcome.cost_delta;
            current = outcome.solution;
        }
        let now = free_slots(&problem, &current, &SlotQuery { limit: Some(500), ..query.clone() }).expect("valid");
        let same = now
            .iter()
            .find(|o| {
                o.mediator == best.option.mediator && o.start == best.option.start && o.modality == best.option.modality
            })
            .expect("after the moves the proposed slot is free");
        assert_eq!(delta + same.cost_increase, best.option.cost_increase, "the option's cost includes the moves");
        return;
    }
    panic!("no slot needing a repair was found ({tried} full slots tried)");
}

/// Breaks (format 1.1, rule 9), on the bundled week under tight rules (two
/// hours of work, then 30 minutes of rest): the public snapshot carries
/// each mediator's rule and answers as the full problem; every free slot
/// offered, booked, keeps the plan feasible (and so the rule); every
/// cancellation either keeps it feasible or is refused with `BREAK_MISSING`.
#[test]
fn free_slots_bookings_and_cancellations_keep_the_breaks() {
    let mut doc = example().document().clone();
    doc.network.get_or_insert_with(Default::default).breaks =
        Some(ponte::format::BreaksDoc { after_minutes: 120, break_minutes: 30 });
    let problem = Problem::from_doc(&doc).expect("valid with breaks");
    let plan = solved(&problem, 4);
    assert_feasible(&problem, &plan, "the plan");
    let snap = snapshot(&problem, &plan).expect("feasible plan");
    assert!(snap.mediators.iter().all(|m| m.breaks.is_some_and(|b| b.after_minutes == 120)));
    let snap: ponte::booking::PublicSnapshot =
        serde_json::from_str(&serde_json::to_string(&snap).expect("json")).expect("round trip");
    // The rules bind in the snapshot: without them some query gets other options.
    let mut unruled = snap.clone();
    for m in &mut unruled.mediators {
        m.breaks = None;
    }
    let differ = one_mediator_requests(&doc).any(|index| {
        let query = query_for(&doc, index, 6);
        free_slots_in_snapshot(&snap, &query).ok() != free_slots_in_snapshot(&unruled, &query).ok()
    });
    assert!(differ, "the break rules change no free slot of the snapshot");
    let mut pairs = Vec::new();
    let (mut booked, mut refused_by_rule_9) = (0, 0);
    for index in one_mediator_requests(&doc) {
        let query = query_for(&doc, index, 6);
        let options = free_slots(&problem, &plan, &query).expect("valid query");
        let published = free_slots_in_snapshot(&snap, &query).expect("valid query");
        let renamed: Vec<_> = options
            .iter()
            .cloned()
            .map(|mut o| {
                o.mediator = pseudonym(problem.mediator_index(&o.mediator).expect("known"));
                o
            })
            .collect();
        assert_eq!(renamed, published, "query for request {}", doc.requests[index].id);
        let request = &problem.requests()[index];
        // Book requests with a window that the query describes wholly (a fixed
        // start or a wanted gender is not in it).
        let described = doc.requests[index].earliest.is_some() && request.mediator_gender.is_none();
        if request.locked || !described {
            continue;
        }
        for option in options.iter().take(2) {
            let choice = BookingChoice {
                mediator: option.mediator.clone(),
                start: option.start.clone(),
                language: Some(option.language.clone()),
                modality: Some(option.modality),
            };
            match book(&problem, &plan, &request.id, &choice) {
                Ok(out) => {
                    assert_feasible(&problem, &out.solution, &format!("booking {} at {choice:?}", request.id));
                    booked += 1;
                    if booked % 10 == 0 {
                        keep(&mut pairs, &format!("breaks-booked-{booked}"), &doc, &out.solution);
                    }
                }
                // Moving an assigned request may leave its old day without a break.
                Err(e) => assert_eq!(e.code(), "BREAK_MISSING", "{}: {e:?}", request.id),
            }
        }
        match cancel(&problem, &plan, &request.id) {
            Ok(out) => assert_feasible(&problem, &out.solution, &format!("cancelling {}", request.id)),
            Err(e) if e.code() == "BREAK_MISSING" => refused_by_rule_9 += 1,
            Err(e) => assert_eq!(e.code(), "NOT_ASSIGNED", "{}: {e:?}", request.id),
        }
    }
    eprintln!("{booked} free slots booked; {refused_by_rule_9} cancellations refused by rule 9");
    assert!(booked > 30, "{booked} free slots booked");
    check_all(&pairs, "free_slots_bookings_and_cancellations_keep_the_breaks");
}

/// A cancellation that would merge two work blocks is refused: r3 in
/// person at office x keeps the gap between r1 (in person at x) and r2 (by
/// phone) free of travel; without it the gap takes the 60 minutes to office
/// y of r4, and 09:00-11:10 is one block over 120 minutes.
#[test]
fn a_cancellation_that_leaves_a_day_without_a_break_is_refused() {
    // The day of the comment above, shared with the solver and conformance tests.
    let problem = Problem::from_json_str(include_str!("../core/tests/data/merging-blocks.json")).expect("valid");
    let plan = solved(&problem, 1);
    assert_eq!(plan.assignments.len(), 4, "all four fit together");
    let err = cancel(&problem, &plan, "r3").expect_err("r1 and r2 would merge into one long block");
    assert_eq!(err.code(), "BREAK_MISSING", "{err:?}");
    for other in ["r1", "r2", "r4"] {
        let out = cancel(&problem, &plan, other).expect("the others can go");
        assert_feasible(&problem, &out.solution, other);
    }
    let mut pairs = Vec::new();
    keep(&mut pairs, "breaks-four", problem.document(), &plan);
    check_all(&pairs, "a_cancellation_that_leaves_a_day_without_a_break_is_refused");
}

/// A plan with requests that need several mediators at once (format 1.1
/// `roles`): it loads; replanning after an absence keeps every meeting whose
/// mediators stay free, whole; a meeting can be locked (its start and every
/// role's mediator) and cancelled whole; booking one mediator for it is
/// refused with a typed error. Every plan passes the checker.
#[test]
fn requests_with_roles_stay_whole_through_replan_lock_and_cancel() {
    let Some(tools) = shared_tools("requests_with_roles_stay_whole_through_replan_lock_and_cancel") else { return };
    let problem =
        Problem::from_json_str(&tools.generate("s", 31, &["--roles", "0.2", "--replan", "0.2"])).expect("valid");
    let plan = solved(&problem, 5);
    assert_feasible(&problem, &plan, "the solved plan");
    let meetings: Vec<String> = problem
        .requests()
        .iter()
        .filter(|r| r.has_roles() && !r.locked && plan.assignments.iter().any(|a| a.request == r.id))
        .map(|r| r.id.clone())
        .collect();
    assert!(meetings.len() >= 2, "meetings served: {meetings:?}");
    let mut pairs = Vec::new();

    // A mediator of no meeting falls ill: every meeting stays as it was.
    let mut doc = problem.document().clone();
    let in_meetings: Vec<&str> =
        plan.assignments.iter().filter(|a| a.role.is_some()).map(|a| a.mediator.as_str()).collect();
    let ill =
        doc.mediators.iter().position(|m| !in_meetings.contains(&m.id.as_str())).expect("a mediator of no meeting");
    let from = format!("{}T00:00", doc.horizon.start);
    let to = format!("{}T00:00", doc.horizon.end);
    doc.mediators[ill].absences.get_or_insert_with(Vec::new).push(AbsenceDoc { from, to });
    let changed = Problem::from_doc(&doc).expect("still valid");
    let options = SolveOptions { seed: 1, max_iterations: Some(100), time_limit_ms: None, threads: None };
    let outcome = replan(&changed, &plan, &options, &mut NoControl);
    assert_feasible(&changed, &outcome.solution, "after the repair");
    let entries = |plan: &SolutionDoc, id: &str| {
        let mut found: Vec<(Option<usize>, String, String)> = plan
            .assignments
            .iter()
            .filter(|a| a.request == id)
            .map(|a| (a.role, a.mediator.clone(), a.start.clone()))
            .collect();
        found.sort();
        found
    };
    for id in &meetings {
        assert_eq!(entries(&plan, id), entries(&outcome.solution, id), "meeting {id} kept whole");
    }
    keep(&mut pairs, "roles-replanned", &doc, &outcome.solution);

    // Lock one meeting: previous has every role's mediator; the plan still holds.
    let (locked_doc, locked) = lock(&problem, &plan, &meetings[0]).expect("a served meeting can be locked");
    let r = problem.request_index(&meetings[0]).expect("known");
    let previous = locked_doc.requests[r].previous.clone().expect("previous set");
    assert_eq!(previous.mediators.map_or(0, |m| m.len()), problem.requests()[r].roles.len());
    assert!(previous.mediator.is_empty(), "no single mediator for a request with roles");
    assert_feasible(&Problem::from_doc(&locked_doc).expect("valid"), &locked.solution, "after the lock");
    keep(&mut pairs, "roles-locked", &locked_doc, &locked.solution);

    // Cancel another: all its entries go, it is unassigned with a reason.
    let cancelled = cancel(&problem, &plan, &meetings[1]).expect("a meeting can be cancelled");
    assert!(cancelled.solution.assignments.iter().all(|a| a.request != meetings[1]));
    assert!(cancelled.solution.unassigned.iter().any(|u| u.request == meetings[1]));
    assert_feasible(&problem, &cancelled.solution, "after the cancellation");
    keep(&mut pairs, "roles-cancelled", problem.document(), &cancelled.solution);

    // Booking one mediator for a meeting is refused, typed.
    let any = &problem.mediators()[0].id;
    let choice = BookingChoice {
        mediator: any.clone(),
        start: format!("{}T09:00", doc.horizon.start),
        language: None,
        modality: None,
    };
    match book(&problem, &plan, &meetings[0], &choice) {
        Err(ponte::PonteError::Refused { code, .. }) => assert_eq!(code, "ROLES_NOT_SUPPORTED"),
        other => panic!("booking one mediator for a meeting: {other:?}"),
    }
    check_all(&pairs, "requests_with_roles_stay_whole_through_replan_lock_and_cancel");
}
