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
/// workshop (a mediator is listed while they have one); per case, the
/// assigned requests without roles and the widths (distinct mediators) of
/// its requests with roles served by a team.
#[derive(Debug, Clone, Default)]
pub(crate) struct Used {
    cases: Vec<Vec<(usize, u32)>>,
    workshops: Vec<Vec<(usize, u32)>>,
    ordinary: Vec<u32>,
    teams: Vec<Vec<usize>>,
}

/// Units of a case with `len` distinct mediators, `ordinary` assigned
/// requests without roles and teams of widths `teams`.
fn case_units(len: usize, ordinary: u32, teams: &[usize]) -> i64 {
    let widest = teams.iter().copied().max().unwrap_or(0).max(usize::from(ordinary > 0));
    len.saturating_sub(widest) as i64
}

impl Used {
    /// Units of case `c`: distinct mediators minus the most one request uses.
    fn case_units(&self, c: usize) -> i64 {
        case_units(self.cases[c].len(), self.ordinary[c], &self.teams[c])
    }

    /// Serves (`add`) or unserves team `mediators` of case `c`; returns the change of units.
    fn team(&mut self, c: usize, mediators: &[usize], add: bool) -> i64 {
        let before = self.case_units(c);
        let mut distinct = mediators.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        for &m in &distinct {
            count_in(&mut self.cases[c], m, add);
        }
        let widths = &mut self.teams[c];
        match (add, widths.iter().position(|&w| w == distinct.len())) {
            (true, _) => widths.push(distinct.len()),
            (false, Some(i)) => {
                widths.swap_remove(i);
            }
            (false, None) => {}
        }
        self.case_units(c) - before
    }
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
        Used {
            cases: vec![Vec::new(); view.cases()],
            workshops: vec![Vec::new(); view.problem().workshops().len()],
            ordinary: vec![0; view.cases()],
            teams: vec![Vec::new(); view.cases()],
        }
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
        let cases: i64 = (0..state.cases.len()).map(|c| state.case_units(c)).sum();
        let total: i64 = cases + state.workshops.iter().map(|l| units(l.len())).sum::<i64>();
        view.problem().weights().continuity * total
    }

    #[inline(always)]
    fn delta<V: CostView>(state: &Used, view: &V, change: &Change<'_>) -> i64 {
        let Some((is_case, i, m)) = state.list(change, view) else { return 0 };
        let w = view.problem().weights().continuity;
        let adds = matches!(change, Change::Place { .. } | Change::Staff { .. });
        if is_case && !state.teams[i].is_empty() {
            // A case with a team: counted in full on a copy of its list.
            let mut list = state.cases[i].clone();
            count_in(&mut list, m, adds);
            let ordinary = if adds { state.ordinary[i] + 1 } else { state.ordinary[i].saturating_sub(1) };
            return w * (case_units(list.len(), ordinary, &state.teams[i]) - state.case_units(i));
        }
        let used = if is_case { &state.cases[i] } else { &state.workshops[i] };
        let count = used.iter().find(|&&(x, _)| x == m).map_or(0, |&(_, n)| n);
        match (adds, count) {
            (true, 0) if !used.is_empty() => w,
            (false, 1) if used.len() > 1 => -w,
            _ => 0,
        }
    }

    #[inline(always)]
    fn apply<V: CostView>(state: &mut Used, view: &V, change: &Change<'_>) -> i64 {
        let w = view.problem().weights().continuity;
        if let Change::Team { case: Some(c), mediators, add, .. } = *change {
            return w * state.team(c, mediators, add);
        }
        let Some((is_case, i, m)) = state.list(change, view) else { return 0 };
        let add = matches!(change, Change::Place { .. } | Change::Staff { .. });
        if !is_case {
            return w * count_in(&mut state.workshops[i], m, add);
        }
        let before = state.case_units(i);
        count_in(&mut state.cases[i], m, add);
        state.ordinary[i] = if add { state.ordinary[i] + 1 } else { state.ordinary[i].saturating_sub(1) };
        w * (state.case_units(i) - before)
    }
}
