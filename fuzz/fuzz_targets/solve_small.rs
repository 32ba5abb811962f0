//! A small valid problem (decoded from the input, or a mutated seed
//! problem), solved with a small iteration budget: the plan has no
//! violation by Ponte's own evaluation and claims its recomputed cost.
//! Then some of its assignments are locked where the plan put them (the
//! problem must stay valid) and it is solved again: same checks, and the
//! locked requests stay in place.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use ponte::format::PreviousDoc;
use ponte::solve::{solve, NoControl, SolveOptions};
use ponte::Problem;
use ponte_fuzz::{assert_plan_ok, maybe, problem_of};

fuzz_target!(|data: &[u8]| {
    let Some((problem, _, rest)) = problem_of(data) else { return };
    let mut u = Unstructured::new(rest);
    let seed = u.arbitrary::<u64>().unwrap_or(1);
    let max_iterations = u.int_in_range(0..=80u64).unwrap_or(0);
    let options = SolveOptions { seed, max_iterations: Some(max_iterations), time_limit_ms: None, threads: None };
    let outcome = solve(&problem, &options, &mut NoControl);
    assert!(outcome.iterations <= max_iterations, "{} iterations for a budget of {max_iterations}", outcome.iterations);
    assert_plan_ok(&problem, &outcome.solution, "solve");

    // Lock some assignments where the plan has them.
    let mut doc = problem.document().clone();
    let mut locked = Vec::new();
    for a in &outcome.solution.assignments {
        if !maybe(&mut u, 1, 3) {
            continue;
        }
        let Some(r) = problem.request_index(&a.request) else { panic!("plan names an unknown request {}", a.request) };
        if problem.requests()[r].has_roles() && doc.requests[r].locked == Some(true) {
            continue;
        }
        // A request with roles is locked whole: its start and every role's mediator, in role order.
        let previous = if problem.requests()[r].has_roles() {
            let mut entries: Vec<_> = outcome.solution.assignments.iter().filter(|x| x.request == a.request).collect();
            entries.sort_by_key(|x| x.role);
            for x in &entries {
                locked.push((x.request.clone(), x.mediator.clone(), x.start.clone()));
            }
            let mediators = entries.iter().map(|x| x.mediator.clone()).collect();
            PreviousDoc { mediator: String::new(), start: a.start.clone(), mediators: Some(mediators) }
        } else {
            locked.push((a.request.clone(), a.mediator.clone(), a.start.clone()));
            PreviousDoc { mediator: a.mediator.clone(), start: a.start.clone(), mediators: None }
        };
        doc.requests[r].previous = Some(previous);
        doc.requests[r].locked = Some(true);
    }
    if locked.is_empty() {
        return;
    }
    let relocked = match Problem::from_doc(&doc) {
        Ok(p) => p,
        Err(e) => panic!("locking a feasible plan's assignments made the problem invalid: {e:?}"),
    };
    let again = solve(&relocked, &SolveOptions { seed: seed ^ 1, ..options }, &mut NoControl);
    assert_plan_ok(&relocked, &again.solution, "solve with locks");
    for (r, m, start) in &locked {
        assert!(
            again.solution.assignments.iter().any(|a| &a.request == r && &a.mediator == m && &a.start == start),
            "locked request {r} moved"
        );
    }
});
