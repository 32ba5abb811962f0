//! `continuity`: per case, the distinct mediators serving its assigned
//! requests minus the most mediators one of them uses (1 for a request
//! without roles; 0 when none is assigned); per workshop, the distinct mediators at its
//! sessions minus one (0 when none).

use std::collections::HashMap;

use super::{Change, CostView, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::Findings;

pub(crate) struct Def;

/// Continuity units of a case or workshop: distinct mediators used minus 1 (0 when none).
pub(crate) fn units(distinct_mediators: usize) -> i64 {
    distinct_mediators.saturating_sub(1) as i64
}

/// The solver's count of each mediator's engagements per case and per
/// workshop (a mediator is listed while they have one).
#[derive(Debug, Clone, Default)]
pub(crate) struct Used {
    cases: Vec<Vec<(usize, u32)>>,
    workshops: Vec<Vec<(usize, u32)>>,
}

impl Used {
    fn list(&self, change: &Change<'_>, view: &impl CostView) -> Option<(bool, usize, usize)> {
        match *change {
            Change::Place { case: Some(c), served, .. } => Some((true, c, served.mediator)),
            Change::Unplace { case: Some(c), served, .. } => Some((true, c, served.mediator)),
            Change::Staff { s, m, .. } | Change::Unstaff { s, m, .. } => Some((false, view.session_job(s).workshop, m)),
            _ => None,
        }
    }
}

/// Counts one more (`add`) or one less engagement of `m` in `list`; returns the change of units.
fn count_in(list: &mut Vec<(usize, u32)>, m: usize, add: bool) -> i64 {
    let before = units(list.len());
    match (list.iter().position(|&(x, _)| x == m), add) {
        (Some(i), true) => list[i].1 += 1,
        (None, true) => list.push((m, 1)),
        (Some(i), false) => {
            list[i].1 -= 1;
            if list[i].1 == 0 {
                list.swap_remove(i);
            }
        }
        (None, false) => {}
    }
    units(list.len()) - before
}

fn distinct(used: &mut Vec<usize>) -> i64 {
    used.sort_unstable();
    used.dedup();
    units(used.len())
}

impl Term for Def {
    const KEY: &'static str = "continuity";
    const LABEL_IT: &'static str = "più mediatori per lo stesso caso o laboratorio";
    const LABEL_EN: &'static str = "extra mediators per case or workshop";
    type State = Used;

    fn new_state<V: CostView>(view: &V) -> Used {
        Used { cases: vec![Vec::new(); view.cases()], workshops: vec![Vec::new(); view.problem().workshops().len()] }
    }

    fn of_plan(plan: &Plan<'_>, _out: &mut Findings) -> i64 {
        let p = plan.problem();
        let mut total = 0;
        // Per case: the mediators used, and the most one request uses.
        let mut cases: HashMap<&str, (Vec<usize>, usize)> = HashMap::new();
        for (i, request) in p.requests().iter().enumerate() {
            if let Some(case) = &request.case {
                let (used, widest) = cases.entry(case.as_str()).or_default();
                if let Some(entries) = plan.served(i) {
                    let mut mine: Vec<usize> = entries.iter().map(|a| a.mediator).collect();
                    mine.sort_unstable();
                    mine.dedup();
                    *widest = (*widest).max(mine.len());
                    used.extend(mine);
                }
            }
        }
        for (used, widest) in cases.values_mut() {
            used.sort_unstable();
            used.dedup();
            total += used.len().saturating_sub(*widest) as i64;
        }
        let mut by_workshop: Vec<Vec<usize>> = vec![Vec::new(); p.workshops().len()];
        for staffing in plan.staffings() {
            by_workshop[staffing.workshop].extend(staffing.mediators.iter().map(|(m, _)| *m));
        }
        for used in &mut by_workshop {
            total += distinct(used);
        }
        p.weights().continuity * total
    }

    fn of_state<V: CostView>(state: &Used, view: &V) -> i64 {
        let total: i64 = state.cases.iter().chain(&state.workshops).map(|l| units(l.len())).sum();
        view.problem().weights().continuity * total
    }

    #[inline(always)]
    fn delta<V: CostView>(state: &Used, view: &V, change: &Change<'_>) -> i64 {
        let Some((is_case, i, m)) = state.list(change, view) else { return 0 };
        let used = if is_case { &state.cases[i] } else { &state.workshops[i] };
        let count = used.iter().find(|&&(x, _)| x == m).map_or(0, |&(_, n)| n);
        let adds = matches!(change, Change::Place { .. } | Change::Staff { .. });
        let w = view.problem().weights().continuity;
        match (adds, count) {
            (true, 0) if !used.is_empty() => w,
            (false, 1) if used.len() > 1 => -w,
            _ => 0,
        }
    }

    #[inline(always)]
    fn apply<V: CostView>(state: &mut Used, view: &V, change: &Change<'_>) -> i64 {
        let Some((is_case, i, m)) = state.list(change, view) else { return 0 };
        let add = matches!(change, Change::Place { .. } | Change::Staff { .. });
        let list = if is_case { &mut state.cases[i] } else { &mut state.workshops[i] };
        view.problem().weights().continuity * count_in(list, m, add)
    }
}
