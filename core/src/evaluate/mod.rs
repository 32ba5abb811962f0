//! Plan evaluation: the violations and the cost breakdown of a solution,
//! exactly as the format and the independent checker (`ponte-check`)
//! define them.
//!
//! [`evaluate`] reads a solution document leniently (a malformed entry is a
//! `format` violation and stays out of the plan), builds the plan (the
//! first well-formed assignment of each request, the first staffing of each
//! session), then reports, in the checker's order:
//!
//! 1. format violations, as read ([`read`]);
//! 2. completeness: every request once, every session inside the horizon
//!    once and no other, right `uncovered` lists ([`completeness`]);
//! 3. the hard rules 1-9 of section 3, one file per rule behind
//!    [`rules::HardRule`];
//! 4. wrong reason codes ([`reasons`]; [`reason_code`] is also what the
//!    solver uses to explain an unassigned request);
//! 5. undefined travel met by the cost (rule 4), then claimed cost terms
//!    that differ from the recomputed ones ([`plan_cost`], each term by
//!    its file in [`terms`]).
//!
//! # Adding a hard rule
//!
//! A rule's file in [`rules`] is its only home: the same `Feature` serves
//! this evaluation, the solver's incremental check, booking's refusal and
//! the explanation. Adding one is a new file `rules/my_rule.rs` (a unit
//! struct and its `impl Feature`) plus one line `my_rule::MyRule` in the
//! `rules!` registry of `rules/mod.rs`; the registry's doc says what each
//! item of the `Feature` is for. Nothing in `solve` or `booking` changes,
//! unless the rule needs a count the solver's state does not keep yet (then
//! a `Schedule` method, implemented in `solve::state`).
//!
//! ```no_run
//! # fn demo(problem: &ponte::Problem, text: &str) -> Result<(), ponte::PonteError> {
//! let solution = ponte::json::parse(text)?;
//! let evaluation = ponte::evaluate::evaluate(problem, &solution);
//! if !evaluation.feasible() {
//!     for v in &evaluation.violations {
//!         eprintln!("{v}");
//!     }
//! }
//! println!("total cost {}", evaluation.cost.total);
//! # Ok(()) }
//! ```

pub mod completeness;
pub mod plan;
pub mod plan_cost;
pub mod read;
pub mod reasons;
pub mod rules;
pub mod terms;
pub mod violation;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

pub use plan::{Engagement, EngagementOf, Plan};
pub use read::{read_solution, Assignment, ClaimedCost, ParsedSolution, Staffing, UnassignedEntry, COST_KEYS};
pub use reasons::{reason_code, ReasonVerdict, Reasons};
pub use rules::{HardRule, HARD_RULES};
pub use violation::{Findings, Refs, Violation, ViolationKind};

use crate::format::{CostDoc, SolutionDoc};
use crate::json::JsonValue;
use crate::model::Problem;

/// The outcome of evaluating a solution: every violation, the recomputed
/// cost and the claimed one.
///
/// Serialized like the checker's `--json` report: `ok`, `feasible`,
/// `complete`, `reasons_ok`, `cost_matches`, `violations` and
/// `cost: {recomputed, claimed}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Every violation, in the checker's order.
    pub violations: Vec<Violation>,
    /// The cost recomputed from the plan.
    pub cost: CostDoc,
    /// The cost terms the solution claims (those given as integers).
    pub claimed: ClaimedCost,
}

impl Evaluation {
    fn none_of(&self, kinds: &[ViolationKind]) -> bool {
        !self.violations.iter().any(|v| kinds.contains(&v.kind))
    }

    /// No hard-rule violation and no malformed entry.
    pub fn feasible(&self) -> bool {
        self.none_of(&[ViolationKind::Hard, ViolationKind::Format])
    }

    /// Every request and every session inside the horizon listed exactly
    /// once, no other session, right `uncovered` lists.
    pub fn complete(&self) -> bool {
        self.none_of(&[ViolationKind::Completeness])
    }

    /// Every reason code is the one section 5 defines.
    pub fn reasons_ok(&self) -> bool {
        self.none_of(&[ViolationKind::Reason])
    }

    /// Every claimed cost term equals the recomputed one.
    pub fn cost_matches(&self) -> bool {
        self.none_of(&[ViolationKind::Cost])
    }

    /// No violation at all (what `ponte-check` accepts with exit 0).
    pub fn ok(&self) -> bool {
        self.violations.is_empty()
    }

    /// The claimed cost, when every term is given and fits in 64 bits.
    pub fn claimed_cost(&self) -> Option<CostDoc> {
        self.claimed.to_cost_doc()
    }

    /// The violations of one kind.
    pub fn of_kind(&self, kind: ViolationKind) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(move |v| v.kind == kind)
    }
}

impl Serialize for Evaluation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Costs<'a> {
            recomputed: &'a CostDoc,
            claimed: &'a ClaimedCost,
        }
        let mut s = serializer.serialize_struct("Evaluation", 7)?;
        s.serialize_field("ok", &self.ok())?;
        s.serialize_field("feasible", &self.feasible())?;
        s.serialize_field("complete", &self.complete())?;
        s.serialize_field("reasons_ok", &self.reasons_ok())?;
        s.serialize_field("cost_matches", &self.cost_matches())?;
        s.serialize_field("violations", &self.violations)?;
        s.serialize_field("cost", &Costs { recomputed: &self.cost, claimed: &self.claimed })?;
        s.end()
    }
}

/// Evaluates solutions of one problem; keeps what does not depend on the
/// solution (each office's fixed room for reason codes) between calls.
#[derive(Debug, Clone)]
pub struct Evaluator<'p> {
    reasons: Reasons<'p>,
}

impl<'p> Evaluator<'p> {
    /// An evaluator for `problem`.
    pub fn new(problem: &'p Problem) -> Evaluator<'p> {
        Evaluator { reasons: Reasons::new(problem) }
    }

    /// The problem.
    pub fn problem(&self) -> &'p Problem {
        self.reasons.problem()
    }

    /// The reason codes of this problem's requests.
    pub fn reasons(&self) -> &Reasons<'p> {
        &self.reasons
    }

    /// Evaluates a solution document (parsed with [`crate::json`], so that
    /// repeated keys are caught).
    pub fn evaluate(&self, solution: &JsonValue) -> Evaluation {
        let problem = self.problem();
        let mut out = Findings::new();
        let parsed = read_solution(problem, solution, &mut out);
        let plan = Plan::new(problem, &parsed);
        completeness::check_completeness(&plan, &mut out);
        rules::check_all(&plan, &mut out);
        reasons::check_reasons(&plan, &self.reasons, &mut out);
        let cost = plan_cost::plan_cost(&plan, &mut out);
        plan_cost::compare_cost(&parsed.claimed, &cost, &mut out);
        Evaluation { violations: out.into_vec(), cost, claimed: parsed.claimed }
    }

    /// Evaluates a typed solution document.
    pub fn evaluate_doc(&self, solution: &SolutionDoc) -> Evaluation {
        self.evaluate(&solution_value(solution))
    }
}

/// Evaluates a solution document against a validated problem: every
/// violation (format, completeness, hard rules 1-9, reason codes, cost) and
/// the recomputed cost.
pub fn evaluate(problem: &Problem, solution: &JsonValue) -> Evaluation {
    Evaluator::new(problem).evaluate(solution)
}

/// Evaluates a typed solution document (see [`evaluate`]).
pub fn evaluate_doc(problem: &Problem, solution: &SolutionDoc) -> Evaluation {
    Evaluator::new(problem).evaluate_doc(solution)
}

/// A typed solution document as a JSON value.
fn solution_value(solution: &SolutionDoc) -> JsonValue {
    match serde_json::to_value(solution) {
        Ok(value) => JsonValue::from_serde(&value),
        Err(_) => JsonValue::Null,
    }
}
