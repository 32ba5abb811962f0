//! `evaluate`: the hard-rule violations and cost breakdown of a plan, and
//! the cost terms each request contributes (for `explain`).

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use ponte::evaluate::cost::{assignment_terms, change_term, unassigned_term};
use ponte::format::{CostDoc, SolutionDoc};

use crate::convert::{document, to_py, Document};
use crate::errors::BindingError;
use crate::problem::PyProblem;

/// Evaluates a solution (JSON text or dict) against a problem, as the
/// independent checker does, and returns its report as a dict: `ok`,
/// `feasible`, `complete`, `reasons_ok`, `cost_matches`, `violations` and
/// `cost: {recomputed, claimed}`. A malformed solution is reported as
/// `format` violations, not raised; text that is not JSON raises `InvalidJson`.
#[pyfunction]
pub fn evaluate<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyProblem>,
    solution: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let doc = document(solution, "solution")?;
    let problem = problem.get().inner.clone();
    let evaluation = py
        .detach(|| doc.to_core().map(|solution| ponte::evaluate::evaluate(&problem, &solution)))
        .map_err(BindingError::from)?;
    Ok(to_py(py, &evaluation)?)
}

/// The cost terms each request contributes by itself, as a list of dicts
/// `{request, assigned, terms}` in the problem's order. `terms` has
/// `unassigned`, `language_rank`, `modality_rank`, `preferred_mediator`,
/// `delay` and `change`; travel and continuity belong to a mediator's day
/// and to a case, not to one request, and are left out. Raises
/// `InvalidSolution` when the document is not a solution or names unknown
/// ids.
#[pyfunction]
pub fn request_terms<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyProblem>,
    solution: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let parsed: Result<SolutionDoc, serde_json::Error> = match document(solution, "solution")? {
        Document::Text(text) => serde_json::from_str(&text),
        Document::Value(value) => serde_json::from_value(value),
    };
    let doc = parsed.map_err(|e| solution_error("$", &e.to_string()))?;
    let problem = &problem.get().inner;
    let mut assigned: Vec<Option<(usize, i64, CostDoc)>> = vec![None; problem.requests().len()];
    for (i, a) in doc.assignments.iter().enumerate() {
        let path = format!("assignments[{i}]");
        let r = problem
            .request_index(&a.request)
            .ok_or_else(|| solution_error(&format!("{path}.request"), &format!("no request '{}'", a.request)))?;
        let m = problem
            .mediator_index(&a.mediator)
            .ok_or_else(|| solution_error(&format!("{path}.mediator"), &format!("no mediator '{}'", a.mediator)))?;
        let start = local_minute(problem, &a.start).ok_or_else(|| {
            solution_error(&format!("{path}.start"), &format!("'{}' is not a local time of the horizon", a.start))
        })?;
        let request = problem.requests().get(r).ok_or_else(|| solution_error(&path, "request index out of range"))?;
        let terms = assignment_terms(problem, request, m, start, &a.language, a.modality);
        if let Some(slot) = assigned.get_mut(r) {
            slot.get_or_insert((m, start, terms));
        }
    }
    let rows = PyList::empty(py);
    for (request, slot) in problem.requests().iter().zip(&assigned) {
        let mut terms = match slot {
            Some((_, _, t)) => *t,
            None => CostDoc { unassigned: unassigned_term(problem, request), ..CostDoc::default() },
        };
        terms.change = change_term(problem, request, slot.map(|(m, s, _)| (m, s)));
        let row = PyDict::new(py);
        row.set_item("request", &request.id)?;
        row.set_item("assigned", slot.is_some())?;
        let dict = PyDict::new(py);
        for (name, value) in terms.terms() {
            if !matches!(name, "travel" | "continuity") {
                dict.set_item(name, value)?;
            }
        }
        row.set_item("terms", dict)?;
        rows.append(row)?;
    }
    Ok(rows)
}

fn local_minute(problem: &ponte::Problem, text: &str) -> Option<i64> {
    let (day, clock) = ponte::time::parse_datetime(text)?;
    problem.clock().local_minute(day, clock)
}

fn solution_error(path: &str, message: &str) -> PyErr {
    let error = ponte::InputError::new("INVALID_SOLUTION", path, message);
    PyErr::from(BindingError::Core(ponte::PonteError::InvalidSolution(vec![error])))
}
