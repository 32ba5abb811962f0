//! `travel`: per mediator and day with in-person engagements, the weight
//! times the minutes from home to the first, between consecutive ones and
//! from the last back home.

use std::collections::BTreeMap;

use super::{Change, CostView, Term};
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::{Findings, Refs};
use crate::interval::Minute;
use crate::model::{Modality, Place, Problem, TravelUndefined};

pub(crate) struct Def;

/// Travel minutes of one mediator's day: home to the first in-person
/// engagement, between consecutive ones, last one home. `offices` are the
/// offices of that day's in-person engagements in plan order. Undefined
/// travel counts 0 and is reported.
pub fn day_minutes(problem: &Problem, home: Place, offices: &[usize]) -> (i64, Vec<TravelUndefined>) {
    let mut total = 0;
    let mut undefined = Vec::new();
    if offices.is_empty() {
        return (0, undefined);
    }
    let mut at = home;
    for &office in offices.iter().chain(std::iter::once(&usize::MAX)) {
        let next = if office == usize::MAX { home } else { Place::Office(office) };
        match problem.travel_minutes(at, next) {
            Ok(minutes) => total += minutes,
            Err(e) => undefined.push(e),
        }
        at = next;
    }
    (total, undefined)
}

/// Travel minutes added to mediator `m`'s day by one more in-person
/// engagement at `office` starting at `start`.
pub(crate) fn added_minutes<V: CostView>(view: &V, m: usize, start: Minute, office: usize) -> i64 {
    let p = view.problem();
    let day = view.day_of(start);
    let (lo, hi) = (view.day_starts()[day], view.day_starts()[day + 1]);
    let list = view.engagements(m);
    let a = list.partition_point(|e| e.start < lo);
    let b = list.partition_point(|e| e.start < hi);
    let i = list.partition_point(|e| e.start < start).clamp(a, b);
    let home = p.home_place(m);
    let prev = list[a..i].iter().rev().find(|e| e.in_person).map_or(home, |e| Place::Office(e.office));
    let next = list[i..b].iter().find(|e| e.in_person).map_or(home, |e| Place::Office(e.office));
    let here = Place::Office(office);
    let empty = !list[a..b].iter().any(|e| e.in_person);
    let old = if empty { 0 } else { p.travel_or_zero(prev, next) };
    p.travel_or_zero(prev, here) + p.travel_or_zero(here, next) - old
}

impl Term for Def {
    const KEY: &'static str = "travel";
    const LABEL_IT: &'static str = "minuti di viaggio";
    const LABEL_EN: &'static str = "travel minutes";
    /// Travel minutes per mediator and day.
    type State = Vec<Vec<i64>>;

    fn new_state<V: CostView>(view: &V) -> Vec<Vec<i64>> {
        let days = view.day_starts().len() - 1;
        vec![vec![0; days]; view.problem().mediators().len()]
    }

    fn of_plan(plan: &Plan<'_>, out: &mut Findings) -> i64 {
        let p = plan.problem();
        let mut travel = 0;
        for (mediator, engagements) in plan.schedules() {
            let mut days: BTreeMap<chrono::NaiveDate, Vec<usize>> = BTreeMap::new();
            for e in engagements.iter().filter(|e| e.in_person) {
                days.entry(p.local_date(e.start)).or_default().push(e.office);
            }
            let home = p.home_place(*mediator);
            for (day, offices) in days {
                let (minutes, undefined) = day_minutes(p, home, &offices);
                travel += minutes;
                let id = &p.mediators()[*mediator].id;
                for e in undefined {
                    out.hard(
                        "TRAVEL_UNDEFINED",
                        4,
                        format!("mediator '{id}' on {day}: {e} (counted as 0)"),
                        None,
                        Refs::mediator(id),
                    );
                }
            }
        }
        p.weights().travel * travel
    }

    fn of_state<V: CostView>(state: &Vec<Vec<i64>>, view: &V) -> i64 {
        view.problem().weights().travel * state.iter().flatten().sum::<i64>()
    }

    #[inline(always)]
    fn delta<V: CostView>(_state: &Vec<Vec<i64>>, view: &V, change: &Change<'_>) -> i64 {
        let w = view.problem().weights().travel;
        match *change {
            Change::Place { request, served, .. } if served.modality == Some(Modality::InPerson) => {
                w * added_minutes(view, served.mediator, served.start, request.office)
            }
            Change::Staff { s, m, .. } => {
                let job = view.session_job(s);
                w * added_minutes(view, m, job.start, job.office)
            }
            _ => 0,
        }
    }

    #[inline(always)]
    fn apply<V: CostView>(state: &mut Vec<Vec<i64>>, view: &V, change: &Change<'_>) -> i64 {
        let Change::Engagement { m, day, in_person: true, .. } = *change else { return 0 };
        refresh(state, view, m, day)
    }
}

/// Recomputes mediator `m`'s travel on `day`; returns the term's change.
#[inline(never)]
fn refresh<V: CostView>(state: &mut [Vec<i64>], view: &V, m: usize, day: usize) -> i64 {
    let p = view.problem();
    let (lo, hi) = (view.day_starts()[day], view.day_starts()[day + 1]);
    let offices: Vec<usize> =
        view.engagements(m).iter().filter(|e| e.in_person && e.start >= lo && e.start < hi).map(|e| e.office).collect();
    let (minutes, _) = day_minutes(p, p.home_place(m), &offices);
    let old = std::mem::replace(&mut state[m][day], minutes);
    p.weights().travel * (minutes - old)
}
