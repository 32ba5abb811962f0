//! A plan kept loaded (`LivePlan`) through random holds, confirmations,
//! cancellations and expiries equals, byte for byte, the plan rebuilt from
//! the documents after each step (as a booking service without it does:
//! the grown problem validated whole, the plan loaded and written again).

use std::sync::Arc;

use ponte::booking::{book, BookingChoice, LivePlan, SlotQuery};
use ponte::format::{AssignmentDoc, ProblemDoc, RequestDoc, SolutionDoc};
use ponte::model::{Modality, Priority};
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::Problem;
use proptest::prelude::*;

const NETWORK: &str = include_str!("../../examples/data/visconteo-week.json");

/// A resident's change.
#[derive(Debug, Clone)]
enum Step {
    /// Hold the `pick`-th free slot of a query (office, language, day, duration).
    Hold { office: usize, language: usize, day: u32, duration: i64, pick: usize },
    /// Confirm the `n`-th live hold (the plan does not change).
    Confirm(usize),
    /// Cancel the `n`-th live booking or let the `n`-th hold expire.
    Remove(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..36usize, 0..8usize, 0..5u32, prop_oneof![Just(30i64), Just(45), Just(60)], 0..50usize)
            .prop_map(|(office, language, day, duration, pick)| Step::Hold { office, language, day, duration, pick }),
        1 => (0..20usize).prop_map(Step::Confirm),
        2 => (0..20usize).prop_map(Step::Remove),
    ]
}

const LANGUAGES: [&str; 8] = ["ar", "fr", "en", "es", "ro", "uk", "zh", "ur"];

struct Base {
    doc: ProblemDoc,
    plan: SolutionDoc,
}

fn base() -> &'static Base {
    static BASE: std::sync::OnceLock<Base> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let problem = Problem::from_json_str(NETWORK).expect("the bundled network is valid");
        let options = SolveOptions { seed: 1, max_iterations: Some(200), time_limit_ms: None, threads: Some(1) };
        let plan = solve(&problem, &options, &mut NoControl).solution;
        Base { doc: problem.document().clone(), plan }
    })
}

fn hold_request(id: &str, office: &str, language: &str, duration: i64, start: &str) -> RequestDoc {
    let text = serde_json::json!({
        "id": id, "office": office, "service": "booking", "languages": [language],
        "duration_minutes": duration, "start": start,
        "modalities": ["in_person", "phone", "video"], "priority": "high",
    });
    let request: RequestDoc = serde_json::from_value(text).expect("request");
    assert_eq!(request.priority, Some(Priority::High));
    request
}

/// The plan rebuilt from the documents, as the service does without a live plan.
fn rebuilt(live: &[(RequestDoc, AssignmentDoc)]) -> Option<String> {
    let base = base();
    let mut doc = base.doc.clone();
    doc.requests.extend(live.iter().map(|(r, _)| r.clone()));
    let problem = Problem::from_doc(&doc).expect("the grown document is valid");
    let mut plan = base.plan.clone();
    plan.assignments.extend(live.iter().map(|(_, a)| a.clone()));
    let anchor = plan.assignments.iter().rev().find(|a| a.role.is_none()).cloned()?;
    let choice = BookingChoice {
        mediator: anchor.mediator.clone(),
        start: anchor.start.clone(),
        language: Some(anchor.language.clone()),
        modality: Some(anchor.modality),
    };
    let solution = book(&problem, &plan, &anchor.request, &choice).expect("the rebuilt plan loads").solution;
    Some(serde_json::to_string(&solution).expect("json"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_live_plan_equals_the_plan_rebuilt_from_the_documents(steps in prop::collection::vec(step(), 1..24)) {
        let base = base();
        let problem = Arc::new(Problem::from_doc(&base.doc).expect("valid"));
        let offices: Vec<String> = problem.offices().iter().map(|o| o.id.clone()).collect();
        let mut live_plan = LivePlan::new(problem, &base.plan).expect("the solver's plan loads");
        // (request, assignment, confirmed) of each live hold or booking.
        let mut live: Vec<(RequestDoc, AssignmentDoc, bool)> = Vec::new();
        let mut next = 0;
        // Frozen plans of earlier moments, with their documents then: the
        // changes after them leave them as they were.
        let mut frozen: Vec<(ponte::booking::FrozenPlan, String)> = Vec::new();
        // A reader of the version before, as a service keeps one while the
        // next change is made: the change then goes to the spare problem.
        let mut reader: Option<Arc<Problem>> = None;
        for (index, step) in steps.into_iter().enumerate() {
            drop(reader.replace(live_plan.problem().clone()));
            if index % 4 == 1 {
                frozen.push((live_plan.freeze(), serde_json::to_string(&live_plan.document()).expect("json")));
            }
            match step {
                Step::Hold { office, language, day, duration, pick } => {
                    let date = ["2026-04-27", "2026-04-28", "2026-04-29", "2026-04-30", "2026-05-01"][day as usize];
                    let query = SlotQuery {
                        office: offices[office].clone(),
                        languages: vec![LANGUAGES[language].to_string()],
                        min_level: None,
                        duration_minutes: duration,
                        earliest: format!("{date}T08:00"),
                        latest: format!("{date}T19:00"),
                        modalities: Some(vec![Modality::InPerson, Modality::Phone, Modality::Video]),
                        skills: Vec::new(),
                        mediator_gender: None,
                        case: None,
                        preferred_mediator: None,
                        limit: Some(usize::MAX),
                    };
                    let options = live_plan.free_slots(&query).expect("a valid query");
                    // The same answer as the function reading the plan's documents.
                    let expected = ponte::booking::free_slots(live_plan.problem(), &live_plan.document(), &query);
                    prop_assert_eq!(&options, &expected.expect("valid"));
                    if options.is_empty() {
                        continue;
                    }
                    let option = &options[pick % options.len()];
                    next += 1;
                    let id = format!("bk-{next}");
                    let request = hold_request(&id, &query.office, &query.languages[0], duration, &option.start);
                    let choice = BookingChoice {
                        mediator: option.mediator.clone(),
                        start: option.start.clone(),
                        language: Some(option.language.clone()),
                        modality: Some(option.modality),
                    };
                    live_plan.add_requests(std::slice::from_ref(&request)).expect("a valid request");
                    live_plan.book(&id, &choice).expect("a free slot books");
                    let placed = live_plan.assignment(&id).expect("assigned");
                    // Booking a taken slot again is refused and changes nothing.
                    let before = serde_json::to_string(&live_plan.document()).expect("json");
                    if live_plan.book(&id, &BookingChoice { start: "2026-04-27T03:00".into(), ..choice.clone() }).is_ok() {
                        prop_assert!(false, "a booking outside availability was accepted");
                    }
                    prop_assert_eq!(before, serde_json::to_string(&live_plan.document()).expect("json"));
                    let assignment = AssignmentDoc {
                        request: id,
                        mediator: choice.mediator,
                        start: choice.start,
                        language: option.language.clone(),
                        modality: option.modality,
                        role: None,
                    };
                    prop_assert_eq!(&placed, &assignment);
                    live.push((request, assignment, false));
                }
                Step::Confirm(n) => {
                    if let Some(entry) = live.iter_mut().filter(|l| !l.2).nth(n) {
                        entry.2 = true;
                    }
                }
                Step::Remove(n) => {
                    if live.is_empty() {
                        continue;
                    }
                    let k = n % live.len();
                    match live_plan.remove_request(&live[k].0.id) {
                        Ok(()) => {
                            live.remove(k);
                        }
                        // The service replans then: not what this test compares.
                        Err(ponte::PonteError::Refused { code, .. }) if code == "BREAK_MISSING" => {}
                        Err(e) => prop_assert!(false, "removal refused: {e}"),
                    }
                }
            }
            let pairs: Vec<(RequestDoc, AssignmentDoc)> = live.iter().map(|(r, a, _)| (r.clone(), a.clone())).collect();
            if let Some(expected) = rebuilt(&pairs) {
                prop_assert_eq!(serde_json::to_string(&live_plan.document()).expect("json"), expected);
            }
        }
        for (plan, document) in &frozen {
            prop_assert_eq!(&serde_json::to_string(&plan.document()).expect("json"), document);
            prop_assert_eq!(&serde_json::to_string(&plan.thaw().document()).expect("json"), document);
        }
        prop_assert_eq!(
            serde_json::to_string(&live_plan.freeze().document()).expect("json"),
            serde_json::to_string(&live_plan.document()).expect("json")
        );
        // A copy keeps the same plan.
        let copy = live_plan.clone();
        prop_assert_eq!(
            serde_json::to_string(&copy.document()).expect("json"),
            serde_json::to_string(&live_plan.document()).expect("json")
        );
    }
}

#[test]
fn adding_a_bad_request_gives_the_whole_documents_errors_and_changes_nothing() {
    let base = base();
    let problem = Arc::new(Problem::from_doc(&base.doc).expect("valid"));
    let mut live = LivePlan::new(problem, &base.plan).expect("loads");
    let before = serde_json::to_string(&live.document()).expect("json");
    let bad = [
        hold_request("bk-1", "nowhere", "ar", 30, "2026-04-27T10:00"),
        hold_request("r-0001", "rozzano-sportello", "ar", 30, "2026-04-27T10:07"),
    ];
    let got = live.add_requests(&bad).expect_err("refused");
    let mut doc = base.doc.clone();
    doc.requests.extend(bad.iter().cloned());
    let expected = Problem::from_doc(&doc).expect_err("refused");
    assert_eq!(got, expected);
    assert_eq!(before, serde_json::to_string(&live.document()).expect("json"));
    assert!(live.remove_request("bk-unknown").is_err());
}

#[test]
fn a_change_while_a_reader_holds_the_problem_goes_to_the_spare_once_it_is_free() {
    let base = base();
    let problem = Arc::new(Problem::from_doc(&base.doc).expect("valid"));
    let mut live = LivePlan::new(problem, &base.plan).expect("loads");
    let first = hold_request("bk-1", "rozzano-sportello", "ar", 30, "2026-04-27T10:00");
    let second = hold_request("bk-2", "rozzano-sportello", "ar", 30, "2026-04-28T10:00");
    // A reader holds version 0: the change copies it (version 0 becomes the spare).
    let reader0 = live.problem().clone();
    let at0 = Arc::as_ptr(&reader0) as usize;
    live.add_requests(std::slice::from_ref(&first)).expect("valid");
    assert_ne!(Arc::as_ptr(live.problem()) as usize, at0);
    // The reader of version 0 goes, one of version 1 comes: the next change
    // brings version 0's problem up to date (first) and changes it (second).
    drop(reader0);
    let reader1 = live.problem().clone();
    live.add_requests(std::slice::from_ref(&second)).expect("valid");
    assert_eq!(Arc::as_ptr(live.problem()) as usize, at0, "the spare was used");
    let mut doc = base.doc.clone();
    doc.requests.extend([first, second]);
    let expected = Problem::from_doc(&doc).expect("valid");
    assert_eq!(expected.document(), live.problem().document());
    assert_eq!(live.problem().request_index("bk-1"), expected.request_index("bk-1"));
    assert_eq!(live.problem().request_index("bk-2"), expected.request_index("bk-2"));
    // A removal while version 1 is still read: version 1's problem (the
    // spare) is held, so the problem is copied, and the plan stays whole.
    live.remove_request("bk-1").expect("removed");
    assert_eq!(live.problem().request_index("bk-1"), None);
    assert_eq!(reader1.requests().len(), live.problem().requests().len());
    doc.requests.retain(|r| r.id != "bk-1");
    assert_eq!(Problem::from_doc(&doc).expect("valid").document(), live.problem().document());
}
