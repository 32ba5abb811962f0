//! `change`: per request with a `previous` assignment that is unassigned
//! or served by another mediator or at another start, the weight.

use super::{Change, CostView, Served, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::Findings;
use crate::model::{Problem, Request};

pub(crate) struct Def;

impl Term for Def {
    const KEY: &'static str = "change";
    const LABEL_IT: &'static str = "appuntamenti già comunicati e cambiati";
    const LABEL_EN: &'static str = "communicated appointments changed";
    type State = ();

    fn of_plan(plan: &Plan<'_>, _out: &mut Findings) -> i64 {
        super::sum_over_plan::<Def>(plan)
    }

    #[inline(always)]
    fn of_request(p: &Problem, request: &Request, served: Option<&Served<'_>>) -> i64 {
        match (request.previous, served) {
            (None, _) => 0,
            (Some(previous), Some(s)) if previous.mediator == s.mediator && previous.start == s.start => 0,
            (Some(_), _) => p.weights().change,
        }
    }

    /// Changed when unassigned, or when any role's start or mediator differs.
    fn of_roles(p: &Problem, request: &Request, served: Option<&[Served<'_>]>) -> i64 {
        let Some(previous) = request.previous else { return 0 };
        let kept = served.is_some_and(|served| {
            served.iter().all(|s| s.start == previous.start)
                && served.iter().map(|s| s.mediator).eq(request.previous_mediators())
        });
        if kept {
            0
        } else {
            p.weights().change
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
