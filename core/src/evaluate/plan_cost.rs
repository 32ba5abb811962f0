//! The cost of a plan (format section 4), recomputed term by term by each
//! term's file in [`super::terms`], as the checker's `_compute_cost` does
//! it: a request not (well) assigned counts as unassigned, a session not
//! (well) listed as wholly uncovered.

use super::plan::Plan;
use super::read::{ClaimedCost, COST_KEYS};
use super::violation::{Findings, Refs, ViolationKind};
use crate::format::CostDoc;

/// The recomputed cost of a plan; undefined travel (counted as 0) is
/// reported to `out` as rule-4 `TRAVEL_UNDEFINED`.
pub fn plan_cost(plan: &Plan<'_>, out: &mut Findings) -> CostDoc {
    super::terms::plan_terms(plan, out)
}

/// The value of a key of [`COST_KEYS`] in a cost.
pub fn cost_value(cost: &CostDoc, key: &str) -> i64 {
    if key == "total" {
        return cost.total;
    }
    cost.terms().iter().find(|(k, _)| *k == key).map_or(0, |(_, v)| *v)
}

/// Reports `COST_MISMATCH` for every claimed term that differs from the
/// recomputed one, and for a term of 1.1 left out while not 0.
pub fn compare_cost(claimed: &ClaimedCost, recomputed: &CostDoc, out: &mut Findings) {
    for key in COST_KEYS {
        let actual = cost_value(recomputed, key);
        if let Some(value) = claimed.get(key) {
            if value != i128::from(actual) {
                out.add(
                    "COST_MISMATCH",
                    ViolationKind::Cost,
                    format!("cost.{key}: claimed {value}, recomputed {actual}"),
                    Some(format!("cost.{key}")),
                    Refs::none(),
                );
            }
        } else if crate::cost_terms::is_optional(key) && actual != 0 && claimed.total.is_some() {
            out.add(
                "COST_MISMATCH",
                ViolationKind::Cost,
                format!("cost.{key}: left out (0), recomputed {actual}"),
                Some(format!("cost.{key}")),
                Refs::none(),
            );
        }
    }
}
