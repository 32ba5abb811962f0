//! `preferred_mediator`: per assigned request with a `preferred_mediator` that does not serve it, the weight.

use super::{Change, CostView, Served, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::Findings;
use crate::model::{Problem, Request};

pub(crate) struct Def;

impl Term for Def {
    const KEY: &'static str = "preferred_mediator";
    const LABEL_IT: &'static str = "mediatore preferito non assegnato";
    const LABEL_EN: &'static str = "preferred mediator not used";
    const PER_ASSIGNMENT: bool = true;
    type State = ();

    fn of_plan(plan: &Plan<'_>, _out: &mut Findings) -> i64 {
        super::sum_over_plan::<Def>(plan)
    }

    #[inline(always)]
    fn of_request(p: &Problem, request: &Request, served: Option<&Served<'_>>) -> i64 {
        let Some(served) = served else { return 0 };
        if request.preferred_mediator.is_some_and(|m| m != served.mediator) {
            p.weights().preferred_mediator
        } else {
            0
        }
    }

    /// The preferred mediator is used when some role's entry has them.
    fn of_roles(p: &Problem, request: &Request, served: Option<&[Served<'_>]>) -> i64 {
        let Some(served) = served else { return 0 };
        match request.preferred_mediator {
            Some(m) if served.iter().all(|s| s.mediator != m) => p.weights().preferred_mediator,
            _ => 0,
        }
    }

    fn of_state<V: CostView>(_state: &(), view: &V) -> i64 {
        super::sum_over_state::<Def, V>(view)
    }

    #[inline(always)]
    fn delta<V: CostView>(_state: &(), view: &V, change: &Change<'_>) -> i64 {
        super::request_swing::<Def>(view.problem(), change)
    }

    #[inline(always)]
    fn apply<V: CostView>(state: &mut (), view: &V, change: &Change<'_>) -> i64 {
        Def::delta(state, view, change)
    }
}
