//! Shared fixtures of the evaluation tests: the independent checker's base
//! test problem and its accepted solution, and small helpers.
#![allow(dead_code)]

use ponte::evaluate::{evaluate, Evaluation, ViolationKind};
use ponte::Problem;
use serde_json::Value;

/// The independent checker's base test problem: three mediators (Amina,
/// Bilal, Chen), six requests, one workshop with two sessions, 7-13
/// December 2026 with 8 December a national holiday and 12 December closed.
pub const BASE_PROBLEM: &str = include_str!("../data/base-problem.json");

/// Its solution, which the checker accepts: cost 20960.
pub const BASE_SOLUTION: &str = include_str!("../data/base-solution.json");

pub fn base() -> Value {
    serde_json::from_str(BASE_PROBLEM).unwrap()
}

pub fn base_solution() -> Value {
    serde_json::from_str(BASE_SOLUTION).unwrap()
}

pub fn load(problem: &Value) -> Problem {
    Problem::from_json_str(&problem.to_string()).unwrap_or_else(|e| panic!("invalid test problem: {:?}", e.errors()))
}

pub fn run(problem: &Value, solution: &Value) -> Evaluation {
    run_text(problem, &solution.to_string())
}

pub fn run_text(problem: &Value, solution: &str) -> Evaluation {
    evaluate(&load(problem), &ponte::json::parse(solution).unwrap())
}

/// Codes of the violations of one kind, in order.
pub fn codes(evaluation: &Evaluation, kind: ViolationKind) -> Vec<&'static str> {
    evaluation.of_kind(kind).map(|v| v.code).collect()
}

/// Codes of the hard-rule violations of a solution.
pub fn hard(problem: &Value, solution: &Value) -> Vec<&'static str> {
    codes(&run(problem, solution), ViolationKind::Hard)
}

pub fn find<'a>(items: &'a mut Value, key: &str, id: &str) -> &'a mut Value {
    items.as_array_mut().unwrap().iter_mut().find(|x| x[key] == id).unwrap()
}
