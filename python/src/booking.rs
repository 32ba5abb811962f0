//! Booking between full solves: free slots, book, cancel, lock, replan,
//! explain and the public availability snapshot (the core's
//! `ponte::booking`).
//!
//! Each function converts its arguments (a `Problem`, a solution as JSON
//! text or a dict, a query or choice as a dict), calls the core with the
//! GIL released and returns plain Python values. The core's refusals
//! become `Refused` with the rule's code (`.code`, and `.errors[0]` with
//! the JSON path); arguments of the wrong type become `InvalidArgument`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use ponte::booking::{BookingChoice, PublicSnapshot, SlotQuery};
use ponte::solve::budget::Operation;
use ponte::solve::Progress;

use crate::convert::{core_json_to_py, flag, solution_doc, text_argument, to_py, typed_argument, typed_document};
use crate::errors::BindingError;
use crate::problem::PyProblem;
use crate::solve::{native_problem, progress_callback, search_options, stop_name, PythonControl};

/// Where a new request could go in a plan without moving anyone, cheapest
/// first: a list of dicts `{mediator, start, end, language, modality,
/// cost_increase}`. `query` is a dict with `office`, `languages`,
/// `duration_minutes`, `earliest`, `latest` and optionally `min_level`,
/// `modalities`, `skills`, `mediator_gender`, `case`, `preferred_mediator`,
/// `limit`. Raises `Refused` (`UNKNOWN_REFERENCE`, `BAD_LANGUAGE_TAG`,
/// `BAD_VALUE`, `BAD_DATETIME`, `WINDOW_TOO_SHORT`, `PLAN_INVALID`).
#[pyfunction]
pub fn free_slots<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    solution: &Bound<'py, PyAny>,
    query: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let problem = native_problem(problem)?;
    let plan = solution_doc(solution, "solution")?;
    let query: SlotQuery = typed_argument(query, "query")?;
    let options = py.detach(|| ponte::booking::free_slots(&problem, &plan, &query)).map_err(BindingError::from)?;
    Ok(to_py(py, &options)?)
}

/// Books request `request` at `choice` (a dict `{mediator, start}` and
/// optionally `language`, `modality`); a request already assigned is moved.
/// Returns `{solution, cost_delta}`. Raises `Refused` with the hard rule's
/// code (`OVERLAP`, `TRAVEL_TIME`, `OUTSIDE_AVAILABILITY`, `LOCKED`, ...).
#[pyfunction]
pub fn book<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    solution: &Bound<'py, PyAny>,
    request: &Bound<'py, PyAny>,
    choice: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let problem = native_problem(problem)?;
    let plan = solution_doc(solution, "solution")?;
    let request = text_argument(request, "request")?;
    let choice: BookingChoice = typed_argument(choice, "choice")?;
    let outcome = py.detach(|| ponte::booking::book(&problem, &plan, &request, &choice)).map_err(BindingError::from)?;
    Ok(to_py(py, &outcome)?)
}

/// Cancels the assignment of request `request`; returns `{solution,
/// cost_delta}`. Raises `Refused` (`NOT_ASSIGNED`, `LOCKED`, ...).
#[pyfunction]
pub fn cancel<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    solution: &Bound<'py, PyAny>,
    request: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let problem = native_problem(problem)?;
    let plan = solution_doc(solution, "solution")?;
    let request = text_argument(request, "request")?;
    let outcome = py.detach(|| ponte::booking::cancel(&problem, &plan, &request)).map_err(BindingError::from)?;
    Ok(to_py(py, &outcome)?)
}

/// Locks request `request` where the plan has it. Returns `{problem,
/// native, solution, cost_delta}`: the new problem document (a dict, keys
/// in the document's order), the same problem validated (a `Problem`), the
/// plan and its cost change. Raises `Refused` (`NOT_ASSIGNED`, ...).
#[pyfunction]
pub fn lock<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    solution: &Bound<'py, PyAny>,
    request: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let problem = native_problem(problem)?;
    let plan = solution_doc(solution, "solution")?;
    let request = text_argument(request, "request")?;
    let (document, locked, outcome) = py
        .detach(|| {
            let (document, outcome) = ponte::booking::lock(&problem, &plan, &request)?;
            let text = serde_json::to_string(&document).map_err(|e| ponte::PonteError::InvalidArgument {
                path: "$".to_owned(),
                message: format!("the locked problem cannot be written as JSON: {e}"),
            })?;
            let value = ponte::json::parse(&text)?;
            let locked = ponte::Problem::from_doc(&document)?;
            Ok::<_, ponte::PonteError>((value, locked, outcome))
        })
        .map_err(BindingError::from)?;
    let result = PyDict::new(py);
    result.set_item("problem", core_json_to_py(py, &document)?)?;
    result.set_item("native", Py::new(py, PyProblem { inner: std::sync::Arc::new(locked) })?)?;
    result.set_item("solution", to_py(py, &outcome.solution)?)?;
    result.set_item("cost_delta", outcome.cost_delta)?;
    Ok(result.into_any())
}

/// Repairs `old` (a plan of an earlier version of the problem) for
/// `problem`, keeping what still holds and moving as few assignments as
/// possible. Returns `{solution, kept, moved, dropped, added, iterations,
/// stop, elapsed}`. The budget is `time_limit` seconds and/or `iterations`
/// (neither: the core's default of a few hundred iterations); `progress`,
/// `progress_interval`, Ctrl-C and the GIL work as for `solve`.
#[pyfunction]
#[pyo3(signature = (problem, old, *, time_limit=None, seed=None, iterations=None, progress=None, progress_interval=None))]
#[allow(clippy::too_many_arguments)]
pub fn replan<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    old: &Bound<'py, PyAny>,
    time_limit: Option<&Bound<'py, PyAny>>,
    seed: Option<&Bound<'py, PyAny>>,
    iterations: Option<&Bound<'py, PyAny>>,
    progress: Option<&Bound<'py, PyAny>>,
    progress_interval: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let options = search_options(time_limit, seed, iterations, Operation::Replan)?;
    let (callback, interval) = progress_callback(progress, progress_interval)?;
    let problem = native_problem(problem)?;
    let old = solution_doc(old, "old")?;
    py.check_signals()?;
    let mut control = PythonControl::new(callback.as_ref(), interval);
    let outcome = py.detach(|| ponte::booking::replan(&problem, &old, &options, &mut control));
    let seconds = control.elapsed_seconds();
    if let Some(err) = control.error.take() {
        return Err(err);
    }
    let last = Progress {
        iteration: outcome.iterations,
        best_cost: outcome.solution.cost.total,
        assigned: outcome.solution.assignments.len(),
        unassigned: outcome.solution.unassigned.len(),
    };
    control.report(py, &last, true);
    if let Some(err) = control.error.take() {
        return Err(err);
    }
    py.check_signals()?;
    let result = PyDict::new(py);
    result.set_item("solution", to_py(py, &outcome.solution)?)?;
    result.set_item("kept", outcome.kept)?;
    result.set_item("moved", PyList::new(py, &outcome.moved)?)?;
    result.set_item("dropped", PyList::new(py, &outcome.dropped)?)?;
    result.set_item("added", PyList::new(py, &outcome.added)?)?;
    result.set_item("iterations", outcome.iterations)?;
    result.set_item("stop", stop_name(outcome.stop))?;
    result.set_item("elapsed", seconds)?;
    Ok(result.into_any())
}

/// The explanation of a plan as a dict: `requests` (each with `request`,
/// `assigned`, `mediator`, `start`, its own cost `terms` and `reason`),
/// `mediators` (engagements, minutes per day and ISO week, travel, in
/// person and remote minutes), `coverage` (per language and municipality)
/// and `cost`. With `anonymize=True` mediators are `M001`, ... (the
/// problem's order) and reasons keep only their code.
#[pyfunction]
#[pyo3(signature = (problem, solution, *, anonymize=None))]
pub fn explain<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    solution: &Bound<'py, PyAny>,
    anonymize: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let anonymize = match anonymize.filter(|a| !a.is_none()) {
        None => false,
        Some(a) => flag(a, "anonymize")?,
    };
    let problem = native_problem(problem)?;
    let plan = solution_doc(solution, "solution")?;
    let explanation = py
        .detach(|| ponte::booking::explain(&problem, &plan).map(|e| if anonymize { e.anonymized() } else { e }))
        .map_err(BindingError::from)?;
    Ok(to_py(py, &explanation)?)
}

/// The public availability snapshot (`ponte-availability/1`) of a plan, as
/// a dict: no names, genders, request or case ids; mediators by pseudonym.
#[pyfunction]
pub fn snapshot<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    solution: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let problem = native_problem(problem)?;
    let plan = solution_doc(solution, "solution")?;
    let snapshot = py.detach(|| ponte::booking::snapshot(&problem, &plan)).map_err(BindingError::from)?;
    Ok(to_py(py, &snapshot)?)
}

/// Free slots found on a public snapshot (JSON text or a dict): the same
/// options as `free_slots` on the full plan, mediators by pseudonym.
/// Raises `Refused` (`INVALID_SNAPSHOT`, `UNSUPPORTED_ON_SNAPSHOT`, and the
/// query's codes) and `InvalidJson`.
#[pyfunction]
pub fn free_slots_in_snapshot<'py>(
    py: Python<'py>,
    snapshot: &Bound<'py, PyAny>,
    query: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let snapshot: PublicSnapshot = typed_document(snapshot, "snapshot", |message| {
        BindingError::Core(ponte::PonteError::Refused {
            code: "INVALID_SNAPSHOT".to_owned(),
            path: "$".to_owned(),
            message,
        })
    })?;
    let query: SlotQuery = typed_argument(query, "query")?;
    let options =
        py.detach(|| ponte::booking::free_slots_in_snapshot(&snapshot, &query)).map_err(BindingError::from)?;
    Ok(to_py(py, &options)?)
}

/// The pseudonyms of a problem, as the core makes them for every
/// anonymized output: `{"mediators": {id: "M001", ...}, "cases": {id:
/// "C01", ...}}` (mediators in the problem's order, cases in order of first
/// appearance).
#[pyfunction]
pub fn pseudonyms<'py>(py: Python<'py>, problem: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let problem = native_problem(problem)?;
    let names = ponte::booking::pseudonyms(&problem);
    let result = PyDict::new(py);
    let mediators = PyDict::new(py);
    for (id, pseudonym) in &names.mediators {
        mediators.set_item(id, pseudonym)?;
    }
    let cases = PyDict::new(py);
    for (id, pseudonym) in &names.cases {
        cases.set_item(id, pseudonym)?;
    }
    result.set_item("mediators", mediators)?;
    result.set_item("cases", cases)?;
    Ok(result.into_any())
}
