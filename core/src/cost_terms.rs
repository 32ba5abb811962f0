//! The one list of cost terms (format section 4).
//!
//! Every other spelling of the terms is checked against [`COST_TERMS`] by
//! `core/tests/cost_terms.rs`: the solution's cost ([`crate::format::CostDoc`]),
//! the claimed cost read back ([`crate::evaluate::ClaimedCost`]), the keys
//! the evaluation compares ([`COST_KEYS`]), the problem's `weights`
//! ([`crate::format::WeightsDoc`], read by `validate`), the model's
//! [`crate::model::Weights`], the availability snapshot's weights (the
//! subset that ranks options), the committed JSON Schemas, Python's `Cost`
//! (`python/ponte/_records.py`) and TypeScript's `CostTerm`
//! (`wasm/types/ponte.d.ts`). A new term is added here first (one line of
//! `with_cost_terms!`) with its file in [`crate::evaluate::terms`], which
//! computes it everywhere (evaluation, solver, explanation, report); that
//! test then names every place still missing it.

/// One cost term: its key in documents and weights, and what it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostTerm {
    /// The key in `cost` and `weights`.
    pub key: &'static str,
    /// What one unit of the term is (for documentation and reports).
    pub unit: &'static str,
    /// Added in format 1.1: a problem has it only when it uses its feature
    /// (the checker shows it then), and a solution may leave it out when 0.
    pub optional: bool,
}

/// The registry of cost terms: every term once, in the format's order,
/// with what one unit of it is. It is the one list: [`COST_TERMS`],
/// [`TERM_KEYS`] and [`COST_KEYS`] are written from it here, and
/// `evaluate::terms` declares one module per identifier (the term's file,
/// `core/src/evaluate/terms/<key>.rs`: its whole-plan value, its share of a
/// request, the solver's incremental delta and state, its report labels) and
/// derives the plan's cost, the solver's scoring and the explanation from it.
///
/// `with_cost_terms!(callback)` calls the macro `callback` with
/// `key: "unit", ...`, a term of 1.1 marked `[optional]`. Adding a term is
/// one line here and one file there.
macro_rules! with_cost_terms {
    ($callback:ident) => {
        $callback! {
            unassigned: "an unassigned request or uncovered workshop language, by priority",
            travel: "a travel minute",
            language_rank: "a position of the used language in the request's list",
            modality_rank: "a position of the used modality in the request's list",
            continuity: "an extra mediator of a case or workshop",
            preferred_mediator: "a request whose preferred mediator is not used",
            delay: "a started hour after the request's earliest start",
            change: "a request whose previous assignment changes",
            fairness: "a squared hour of deviation from the shares of hours" [optional],
            series: "a change of clock time between consecutive occurrences of a series" [optional],
        }
    };
}
pub(crate) use with_cost_terms;

macro_rules! term_list {
    ($($term:ident : $unit:literal $([$flag:ident])?),* $(,)?) => {
        [$(CostTerm { key: stringify!($term), unit: $unit, optional: false $(|| stringify!($flag).len() > 0)? }),*]
    };
}

/// How many cost terms there are.
pub const TERM_COUNT: usize = COST_TERMS.len();

/// The cost terms, in the format's order (from `with_cost_terms`).
pub const COST_TERMS: [CostTerm; 10] = with_cost_terms!(term_list);

macro_rules! term_keys {
    ($($term:ident : $unit:literal $([$flag:ident])?),* $(,)?) => {
        [$(stringify!($term)),*]
    };
}

/// The keys of [`COST_TERMS`], in order (from `with_cost_terms`; a unit
/// test checks that both lists agree).
pub const TERM_KEYS: [&str; TERM_COUNT] = with_cost_terms!(term_keys);

/// The keys of a cost document in the checker's order: `total`, then the
/// terms.
pub const COST_KEYS: [&str; TERM_COUNT + 1] = {
    let mut keys = ["total"; TERM_COUNT + 1];
    let mut i = 0;
    while i < TERM_COUNT {
        keys[i + 1] = TERM_KEYS[i];
        i += 1;
    }
    keys
};

/// Whether a key of [`COST_KEYS`] is of a term of 1.1 ([`CostTerm::optional`]).
pub fn is_optional(key: &str) -> bool {
    COST_TERMS.iter().any(|t| t.key == key && t.optional)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_list() {
        assert_eq!(COST_KEYS[0], "total");
        assert_eq!(&COST_KEYS[1..], &TERM_KEYS[..]);
        let keys: Vec<&str> = COST_TERMS.iter().map(|t| t.key).collect();
        assert_eq!(keys, TERM_KEYS, "the identifiers of with_cost_terms are the keys of COST_TERMS");
        let mut sorted = TERM_KEYS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), TERM_KEYS.len(), "term keys are distinct");
    }
}
