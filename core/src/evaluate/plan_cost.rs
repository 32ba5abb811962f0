//! The cost of a plan (format section 4), recomputed term by term with the
//! shared term functions of [`super::cost`], as the checker's
//! `_compute_cost` does it: a request not (well) assigned counts as
//! unassigned, a session not (well) listed as wholly uncovered.

use std::collections::{BTreeMap, HashMap};

use super::cost::{assignment_terms, change_term, continuity_units, day_travel_minutes, unassigned_term};
use super::plan::Plan;
use super::read::{ClaimedCost, COST_KEYS};
use super::violation::{Findings, Refs, ViolationKind};
use crate::format::CostDoc;

/// The recomputed cost of a plan; undefined travel (counted as 0) is
/// reported to `out` as rule-4 `TRAVEL_UNDEFINED`.
pub fn plan_cost(plan: &Plan<'_>, out: &mut Findings) -> CostDoc {
    let p = plan.problem();
    let w = p.weights();
    let mut cost = CostDoc::default();
    for (i, request) in p.requests().iter().enumerate() {
        let a = plan.assignment(i);
        match a {
            None => cost.unassigned += unassigned_term(p, request),
            Some(a) => {
                // An unknown modality text ranks nowhere, like a modality the request does not list.
                let modality = a.modality.unwrap_or(request.modalities[0]);
                let mut terms = assignment_terms(p, request, a.mediator, a.start, &a.language, modality);
                if a.modality.is_none() {
                    terms.modality_rank = 0;
                }
                cost.language_rank += terms.language_rank;
                cost.modality_rank += terms.modality_rank;
                cost.preferred_mediator += terms.preferred_mediator;
                cost.delay += terms.delay;
            }
        }
        cost.change += change_term(p, request, a.map(|a| (a.mediator, a.start)));
    }
    for (wi, workshop) in p.workshops().iter().enumerate() {
        for (s, _) in p.held_sessions(wi) {
            let missing = match plan.staffing(wi, s) {
                None => workshop.languages.len(),
                Some(staffing) => workshop.languages.iter().filter(|l| !staffing.covers(l)).count(),
            };
            cost.unassigned += w.unassigned(workshop.priority) * missing as i64;
        }
    }

    let mut units = 0;
    let mut cases: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, request) in p.requests().iter().enumerate() {
        if let Some(case) = &request.case {
            let used = cases.entry(case.as_str()).or_default();
            if let Some(a) = plan.assignment(i) {
                used.push(a.mediator);
            }
        }
    }
    for used in cases.values_mut() {
        units += distinct(used);
    }
    let mut by_workshop: Vec<Vec<usize>> = vec![Vec::new(); p.workshops().len()];
    for staffing in plan.staffings() {
        by_workshop[staffing.workshop].extend(staffing.mediators.iter().map(|(m, _)| *m));
    }
    for used in &mut by_workshop {
        units += distinct(used);
    }
    cost.continuity = w.continuity * units;

    let mut travel = 0;
    for (mediator, engagements) in plan.schedules() {
        let mut days: BTreeMap<chrono::NaiveDate, Vec<usize>> = BTreeMap::new();
        for e in engagements.iter().filter(|e| e.in_person) {
            days.entry(p.local_date(e.start)).or_default().push(e.office);
        }
        let home = p.home_place(*mediator);
        for (day, offices) in days {
            let (minutes, undefined) = day_travel_minutes(p, home, &offices);
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
    cost.travel = w.travel * travel;
    cost.with_total()
}

/// `continuity_units` of a list of mediators with repeats.
fn distinct(used: &mut Vec<usize>) -> i64 {
    used.sort_unstable();
    used.dedup();
    continuity_units(used.len())
}

/// The value of a key of [`COST_KEYS`] in a cost.
pub fn cost_value(cost: &CostDoc, key: &str) -> i64 {
    if key == "total" {
        return cost.total;
    }
    cost.terms().iter().find(|(k, _)| *k == key).map_or(0, |(_, v)| *v)
}

/// Reports `COST_MISMATCH` for every claimed term that differs from the recomputed one.
pub fn compare_cost(claimed: &ClaimedCost, recomputed: &CostDoc, out: &mut Findings) {
    for key in COST_KEYS {
        if let Some(value) = claimed.get(key) {
            let actual = cost_value(recomputed, key);
            if value != i128::from(actual) {
                out.add(
                    "COST_MISMATCH",
                    ViolationKind::Cost,
                    format!("cost.{key}: claimed {value}, recomputed {actual}"),
                    Some(format!("cost.{key}")),
                    Refs::none(),
                );
            }
        }
    }
}
