//! `modality_rank`: per assigned request, the weight times the position of the used modality in the request's `modalities`.

use super::{Change, CostView, Served, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::Findings;
use crate::model::{Problem, Request};

pub(crate) struct Def;

impl Term for Def {
    const KEY: &'static str = "modality_rank";
    const LABEL_IT: &'static str = "modalità diversa dalla preferita";
    const LABEL_EN: &'static str = "modality other than the preferred";
    const PER_ASSIGNMENT: bool = true;
    type State = ();

    fn of_plan(plan: &Plan<'_>, _out: &mut Findings) -> i64 {
        super::sum_over_plan::<Def>(plan)
    }

    #[inline(always)]
    fn of_request(p: &Problem, request: &Request, served: Option<&Served<'_>>) -> i64 {
        let Some(served) = served else { return 0 };
        // A modality the request does not list, or none the format knows, ranks nowhere.
        match served.modality.and_then(|m| request.modalities.iter().position(|x| *x == m)) {
            Some(pos) => p.weights().modality_rank * pos as i64,
            None => 0,
        }
    }

    /// Per role entry, the position of its modality in the request's modalities.
    fn of_roles(p: &Problem, request: &Request, served: Option<&[Served<'_>]>) -> i64 {
        served.unwrap_or_default().iter().map(|s| Def::of_request(p, request, Some(s))).sum()
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
