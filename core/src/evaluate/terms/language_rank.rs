//! `language_rank`: per assigned request, the weight times the position (0-based) of the used language in the request's `languages`.

use super::{Change, CostView, Served, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::Findings;
use crate::model::{Problem, Request};

pub(crate) struct Def;

impl Term for Def {
    const KEY: &'static str = "language_rank";
    const LABEL_IT: &'static str = "lingua diversa dalla preferita";
    const LABEL_EN: &'static str = "language other than the preferred";
    const PER_ASSIGNMENT: bool = true;
    type State = ();

    fn of_plan(plan: &Plan<'_>, _out: &mut Findings) -> i64 {
        super::sum_over_plan::<Def>(plan)
    }

    #[inline(always)]
    fn of_request(p: &Problem, request: &Request, served: Option<&Served<'_>>) -> i64 {
        let Some(served) = served else { return 0 };
        // A language the request does not list ranks nowhere (a rule-1 violation instead).
        match request.languages.iter().position(|l| l == served.language) {
            Some(pos) => p.weights().language_rank * pos as i64,
            None => 0,
        }
    }

    /// Per role entry, the position of its language in the role's languages.
    fn of_roles(p: &Problem, request: &Request, served: Option<&[Served<'_>]>) -> i64 {
        let Some(served) = served else { return 0 };
        let positions = request.roles.iter().zip(served).filter_map(|(role, s)| {
            role.languages.iter().position(|l| l == s.language)
        });
        positions.map(|pos| p.weights().language_rank * pos as i64).sum()
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
