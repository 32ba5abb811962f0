//! `series` (format 1.1): per series, its assigned occurrences sorted by
//! start, the weight per consecutive pair whose local clock times of start
//! (`HH:MM`) differ. Keeping the mediator is `continuity`'s job.
//!
//! The solver keeps each series' assigned occurrences in start order, so
//! placing or removing one changes at most the two pairs around it.

use std::collections::HashMap;

use super::{Change, CostView, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::Findings;
use crate::interval::Minute;
use crate::model::Problem;

pub(crate) struct Def;

/// Changes of clock time between consecutive clock readings.
fn units(clocks: impl Iterator<Item = i64>) -> i64 {
    let mut count = 0;
    let mut last = None;
    for clock in clocks {
        count += i64::from(last.is_some_and(|l| l != clock));
        last = Some(clock);
    }
    count
}

/// The solver's state: each request's series, and each series' assigned
/// occurrences as `(start, request, clock minutes)` in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Occurrences {
    series_of: Vec<Option<usize>>,
    lists: Vec<Vec<(Minute, usize, i64)>>,
    units: i64,
}

impl Occurrences {
    /// The change of units if occurrence `item` joins (`add`) or leaves series `s`.
    fn swing(&self, s: usize, item: (Minute, usize, i64), add: bool) -> i64 {
        let list = &self.lists[s];
        let i = list.partition_point(|x| (x.0, x.1) < (item.0, item.1));
        let j = if add { i } else { i + 1 };
        let prev = i.checked_sub(1).map(|k| list[k].2);
        let next = list.get(j).map(|x| x.2);
        let differs = |a: Option<i64>, b: Option<i64>| i64::from(matches!((a, b), (Some(a), Some(b)) if a != b));
        let with = differs(prev, Some(item.2)) + differs(Some(item.2), next);
        let without = differs(prev, next);
        if add {
            with - without
        } else {
            without - with
        }
    }

    /// The series and occurrence a change places or removes, and whether it adds.
    fn of<V: CostView>(&self, view: &V, change: &Change<'_>) -> Option<(usize, (Minute, usize, i64), bool)> {
        let (r, start, add) = match *change {
            Change::Place { r: Some(r), served, .. } => (r, served.start, true),
            Change::Unplace { r: Some(r), served, .. } => (r, served.start, false),
            Change::Team { r, start, add, .. } => (r, start, add),
            _ => return None,
        };
        let s = (*self.series_of.get(r)?)?;
        Some((s, (start, r, view.problem().clock().clock_minutes(start)), add))
    }
}

impl Term for Def {
    const KEY: &'static str = "series";
    const LABEL_IT: &'static str = "orari cambiati tra appuntamenti ricorrenti";
    const LABEL_EN: &'static str = "clock times changed within a recurring appointment";
    type State = Occurrences;

    fn shown(p: &Problem) -> bool {
        p.requests().iter().any(|r| r.series.is_some())
    }

    fn new_state<V: CostView>(view: &V) -> Occurrences {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let series_of = view
            .problem()
            .requests()
            .iter()
            .map(|r| {
                let next = index.len();
                r.series.as_deref().map(|s| *index.entry(s).or_insert(next))
            })
            .collect();
        Occurrences { series_of, lists: vec![Vec::new(); index.len()], units: 0 }
    }

    fn of_plan(plan: &Plan<'_>, _out: &mut Findings) -> i64 {
        let p = plan.problem();
        let mut starts: HashMap<&str, Vec<Minute>> = HashMap::new();
        for (i, request) in p.requests().iter().enumerate() {
            if let (Some(series), Some(a)) = (&request.series, plan.assignment(i)) {
                starts.entry(series).or_default().push(a.start);
            }
        }
        let clock = p.clock();
        let total: i64 = starts
            .into_values()
            .map(|mut list| {
                list.sort_unstable();
                units(list.into_iter().map(|s| clock.clock_minutes(s)))
            })
            .sum();
        p.weights().series * total
    }

    fn of_state<V: CostView>(state: &Occurrences, view: &V) -> i64 {
        view.problem().weights().series * state.units
    }

    /// The clock times of the other assigned occurrences of `r`'s series.
    fn preferred_clocks(state: &Occurrences, r: usize, out: &mut Vec<i64>) {
        if let Some(s) = state.series_of.get(r).copied().flatten() {
            out.extend(state.lists[s].iter().filter(|x| x.1 != r).map(|x| x.2));
        }
    }

    #[inline(always)]
    fn delta<V: CostView>(state: &Occurrences, view: &V, change: &Change<'_>) -> i64 {
        if state.lists.is_empty() {
            return 0; // no series in the problem
        }
        match state.of(view, change) {
            None => 0,
            Some((s, item, add)) => view.problem().weights().series * state.swing(s, item, add),
        }
    }

    #[inline(always)]
    fn apply<V: CostView>(state: &mut Occurrences, view: &V, change: &Change<'_>) -> i64 {
        if state.lists.is_empty() {
            return 0; // no series in the problem
        }
        let Some((s, item, add)) = state.of(view, change) else { return 0 };
        view.problem().weights().series * state.apply(s, item, add)
    }
}

impl Occurrences {
    /// Adds (or removes) occurrence `item` of series `s`; returns the change of units.
    #[inline(never)]
    fn apply(&mut self, s: usize, item: (Minute, usize, i64), add: bool) -> i64 {
        let state = self;
        let swing = state.swing(s, item, add);
        let list = &mut state.lists[s];
        let i = list.partition_point(|x| (x.0, x.1) < (item.0, item.1));
        if add {
            list.insert(i, item);
        } else if list.get(i) == Some(&item) {
            list.remove(i);
        }
        state.units += swing;
        swing
    }
}

#[cfg(test)]
mod tests {
    use super::{units, Occurrences};

    #[test]
    fn counts_changes_between_consecutive_occurrences() {
        assert_eq!(units([600, 600, 660, 600].into_iter()), 2);
        assert_eq!(units(std::iter::empty()), 0);
    }

    #[test]
    fn a_swing_is_what_the_list_gains() {
        let mut state = Occurrences { series_of: vec![Some(0); 4], lists: vec![Vec::new()], units: 0 };
        // 10:00 Monday, 11:00 Tuesday, then 10:00 Wednesday in between... in start order.
        let items = [(0, 0, 600), (2880, 2, 600), (1440, 1, 660), (4320, 3, 600)];
        for item in items {
            let swing = state.swing(0, item, true);
            let list = &mut state.lists[0];
            let i = list.partition_point(|x| (x.0, x.1) < (item.0, item.1));
            list.insert(i, item);
            state.units += swing;
            assert_eq!(state.units, units(state.lists[0].iter().map(|x| x.2)), "after adding {item:?}");
        }
        assert_eq!(state.swing(0, (1440, 1, 660), false), -2, "removing the 11:00 one mends both pairs");
    }
}
