//! `delay`: per assigned request with a window, the weight times the started hours `floor((start - earliest) / 60)` of real time.

use super::{Change, CostView, Served, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::Findings;
use crate::model::{Problem, Request, Timing};

pub(crate) struct Def;

impl Term for Def {
    const KEY: &'static str = "delay";
    const LABEL_IT: &'static str = "ore di attesa dopo il primo orario possibile";
    const LABEL_EN: &'static str = "hours after the earliest start";
    const PER_ASSIGNMENT: bool = true;
    type State = ();

    fn of_plan(plan: &Plan<'_>, _out: &mut Findings) -> i64 {
        super::sum_over_plan::<Def>(plan)
    }

    #[inline(always)]
    fn of_request(p: &Problem, request: &Request, served: Option<&Served<'_>>) -> i64 {
        let Some(served) = served else { return 0 };
        match request.timing {
            Timing::Window { earliest, .. } => p.weights().delay * (served.start - earliest).div_euclid(60),
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
