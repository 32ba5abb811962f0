//! The incremental state keeps its cost equal to a recomputation from
//! scratch through every insertion, removal and rollback, and every plan it
//! holds passes Ponte's own evaluation.

use super::prepare::Prepared;
use super::recreate::{greedy, regret, Pending};
use super::rng::Random;
use super::ruin::{choose, RUINS};
use super::search::{construction_order, place_locked};
use super::state::State;
use crate::Problem;

fn example() -> Problem {
    Problem::from_json_str(include_str!("../../../examples/data/visconteo-week.json"))
        .expect("bundled example is valid")
}

fn sorted(staffing: &[Vec<usize>]) -> Vec<Vec<usize>> {
    staffing
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.sort_unstable();
            s
        })
        .collect()
}

#[test]
fn incremental_cost_always_equals_a_recomputation() {
    let problem = example();
    let prep = Prepared::new(&problem);
    let mut state = State::new(&prep);
    assert_eq!(state.cost, state.recomputed_cost());
    place_locked(&mut state);
    let order = construction_order(&state);
    let mut rng = Random::new(5);
    regret(&mut state, &order, &mut rng, 0);
    assert_eq!(state.cost, state.recomputed_cost());
    for step in 0..300 {
        let before = state.cost;
        let snapshot = (state.assigned.clone(), sorted(&state.staffing));
        state.begin();
        let ruin = RUINS[step % RUINS.len()];
        let mut pending = Vec::new();
        for job in choose(&state, ruin, 8, &mut rng).0 {
            match job {
                super::state::Job::Request(r) => pending.push(Pending::Request(r)),
                super::state::Job::Staff(s, _) => pending.push(Pending::Session(s)),
            }
            for extra in state.remove_job(job) {
                if let super::state::Job::Request(r) = extra {
                    pending.push(Pending::Request(r));
                }
            }
            assert_eq!(state.cost, state.recomputed_cost(), "after removing {job:?}");
        }
        if step % 2 == 0 {
            greedy(&mut state, &pending, &mut rng, 5);
        } else {
            regret(&mut state, &pending, &mut rng, 0);
        }
        assert_eq!(state.cost, state.recomputed_cost(), "after recreate at step {step}");
        if step % 3 == 0 {
            state.rollback();
            assert_eq!(state.cost, before, "rollback restores the cost");
            assert_eq!((state.assigned.clone(), sorted(&state.staffing)), snapshot, "rollback restores the plan");
        } else {
            state.commit();
        }
        if step % 50 == 0 {
            let doc = super::output::document(&state);
            let evaluation = crate::evaluate::evaluate_doc(&problem, &doc);
            assert!(evaluation.feasible(), "step {step}: {:?}", evaluation.violations);
            assert_eq!(evaluation.cost, doc.cost);
        }
    }
}
