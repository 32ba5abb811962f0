//! `evaluate`: the hard-rule violations and cost breakdown of a plan.

use pyo3::prelude::*;

use crate::convert::{document, to_py};
use crate::errors::BindingError;
use crate::solve::native_problem;

/// Evaluates a solution (JSON text or dict) against a problem, as the
/// independent checker does, and returns its report as a dict: `ok`,
/// `feasible`, `complete`, `reasons_ok`, `cost_matches`, `violations` and
/// `cost: {recomputed, claimed}`. A malformed solution is reported as
/// `format` violations, not raised; text that is not JSON raises `InvalidJson`.
#[pyfunction]
pub fn evaluate<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    solution: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let doc = document(solution, "solution")?;
    let problem = native_problem(problem)?;
    let evaluation = py
        .detach(|| doc.to_core().map(|solution| ponte::evaluate::evaluate(&problem, &solution)))
        .map_err(BindingError::from)?;
    Ok(to_py(py, &evaluation)?)
}
