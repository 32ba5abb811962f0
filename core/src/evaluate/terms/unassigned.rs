//! `unassigned`: per unassigned request, and per session and workshop
//! language left uncovered, the weight of its priority.

use super::{Change, CostView, Served, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::Findings;
use crate::model::{Problem, Request};

pub(crate) struct Def;

/// Uncovered languages of a mask of `all`.
fn missing(all: u64, covered: u64) -> i64 {
    i64::from((all & !covered).count_ones())
}

impl Term for Def {
    const KEY: &'static str = "unassigned";
    const LABEL_IT: &'static str = "richieste e lingue di laboratorio non servite";
    const LABEL_EN: &'static str = "unserved requests and workshop languages";
    type State = ();

    fn of_plan(plan: &Plan<'_>, _out: &mut Findings) -> i64 {
        let p = plan.problem();
        let w = p.weights();
        let mut total = 0;
        for (i, request) in p.requests().iter().enumerate() {
            if plan.assignment(i).is_none() {
                total += w.unassigned(request.priority);
            }
        }
        for (wi, workshop) in p.workshops().iter().enumerate() {
            for (s, _) in p.held_sessions(wi) {
                let missing = match plan.staffing(wi, s) {
                    None => workshop.languages.len(),
                    Some(staffing) => workshop.languages.iter().filter(|l| !staffing.covers(l)).count(),
                };
                total += w.unassigned(workshop.priority) * missing as i64;
            }
        }
        total
    }

    fn of_request(p: &Problem, request: &Request, served: Option<&Served<'_>>) -> i64 {
        match served {
            None => p.weights().unassigned(request.priority),
            Some(_) => 0,
        }
    }

    fn of_state<V: CostView>(_state: &(), view: &V) -> i64 {
        let p = view.problem();
        let mut total = 0;
        for (r, request) in p.requests().iter().enumerate() {
            if !view.is_assigned(r) {
                total += p.weights().unassigned(request.priority);
            }
        }
        for s in 0..view.session_jobs() {
            let job = view.session_job(s);
            total += job.weight * missing(job.all, view.covered(s));
        }
        total
    }

    #[inline(always)]
    fn delta<V: CostView>(_state: &(), view: &V, change: &Change<'_>) -> i64 {
        match *change {
            Change::Place { .. } | Change::Unplace { .. } => super::request_swing::<Def>(view.problem(), change),
            Change::Staff { s, before, after, .. } | Change::Unstaff { s, before, after, .. } => {
                let job = view.session_job(s);
                job.weight * (missing(job.all, after) - missing(job.all, before))
            }
            Change::Engagement { .. } | Change::Team { .. } => 0,
        }
    }

    #[inline(always)]
    fn apply<V: CostView>(state: &mut (), view: &V, change: &Change<'_>) -> i64 {
        Def::delta(state, view, change)
    }
}
