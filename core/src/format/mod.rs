//! The JSON format: serde data-transfer types of `ponte-problem/1` and
//! `ponte-solution/1`, which also generate the committed JSON Schemas.

mod solution;

pub use solution::{
    AssignmentDoc, CostDoc, ReasonDoc, SessionMediatorDoc, SessionStaffingDoc, SolutionDoc, UnassignedDoc,
    SOLUTION_FORMAT,
};

/// Placeholder until the problem format lands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProblemDoc;
