//! `Problem`: a validated problem held by Rust, and `validate`.

use std::sync::Arc;

use ponte::validate::Limits;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::convert::{document, type_name, Document};
use crate::errors::{error_list, BindingError, BindingResult};

/// A validated problem (immutable, shareable between threads).
#[pyclass(module = "ponte._ponte", name = "Problem", frozen)]
pub struct PyProblem {
    pub(crate) inner: Arc<ponte::Problem>,
}

impl PyProblem {
    fn load(source: &Bound<'_, PyAny>, limits: Option<&Bound<'_, PyAny>>) -> BindingResult<PyProblem> {
        let limits = limits_argument(limits)?;
        let doc = document(source, "problem")?;
        let problem = source.py().detach(|| load_within(&doc, &limits))?;
        Ok(PyProblem { inner: Arc::new(problem) })
    }
}

/// Validates a document within size limits (text is measured before it is read).
fn load_within(doc: &Document, limits: &Limits) -> Result<ponte::Problem, ponte::PonteError> {
    if let Document::Text(text) = doc {
        limits.check_input_bytes(text.len())?;
    }
    doc.to_core().and_then(|value| ponte::Problem::from_json_value_with_limits(&value, limits))
}

/// Size limits from `None` (the defaults) or a dict such as
/// `{"max_requests": 500}` (the names of `ponte::validate::Limits`).
fn limits_argument(limits: Option<&Bound<'_, PyAny>>) -> BindingResult<Limits> {
    let mut out = Limits::default();
    let Some(limits) = limits.filter(|l| !l.is_none()) else { return Ok(out) };
    let dict = limits
        .cast::<PyDict>()
        .map_err(|_| BindingError::argument("limits", format!("expected a dict, got {}", type_name(limits))))?;
    for (key, value) in dict.iter() {
        let Ok(name) = key.extract::<String>() else {
            return Err(BindingError::argument("limits", format!("keys must be str, got {}", type_name(&key))));
        };
        let path = format!("limits.{name}");
        let number = if value.is_instance_of::<pyo3::types::PyBool>() { None } else { value.extract::<u64>().ok() };
        let Some(number) = number else {
            return Err(BindingError::argument(
                path,
                format!("expected a non-negative int, got {}", type_name(&value)),
            ));
        };
        let number = usize::try_from(number).unwrap_or(usize::MAX);
        out.set(&name, number).map_err(|message| BindingError::argument(path, message))?;
    }
    Ok(out)
}

#[pymethods]
impl PyProblem {
    /// Validates a problem given as JSON text or a dict; raises `InvalidJson`
    /// or `InvalidProblem` (with every error) when it is not valid.
    /// `limits`: size limits as a dict (`{"max_requests": 500}`); beyond
    /// them `InvalidProblem` lists `TOO_LARGE` errors.
    #[new]
    #[pyo3(signature = (source, limits = None))]
    fn new(source: &Bound<'_, PyAny>, limits: Option<&Bound<'_, PyAny>>) -> PyResult<PyProblem> {
        Ok(PyProblem::load(source, limits)?)
    }

    /// Network name, if given.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name()
    }

    /// IANA time zone of every local time.
    #[getter]
    fn timezone(&self) -> &str {
        self.inner.timezone()
    }

    /// First day of the horizon, `YYYY-MM-DD`.
    #[getter]
    fn horizon_start(&self) -> String {
        self.inner.horizon_start().to_string()
    }

    /// Last day of the horizon (included), `YYYY-MM-DD`.
    #[getter]
    fn horizon_end(&self) -> String {
        self.inner.horizon_end().to_string()
    }

    /// Slot grid in minutes.
    #[getter]
    fn slot_minutes(&self) -> i64 {
        self.inner.slot_minutes()
    }

    /// Counts of entities: `(municipalities, offices, mediators, requests, workshops)`.
    #[getter]
    fn counts(&self) -> (usize, usize, usize, usize, usize) {
        let p = &self.inner;
        (p.municipalities().len(), p.offices().len(), p.mediators().len(), p.requests().len(), p.workshops().len())
    }

    fn __repr__(&self) -> String {
        let (_, offices, mediators, requests, workshops) = self.counts();
        format!(
            "<ponte._ponte.Problem {} to {}: {offices} offices, {mediators} mediators, {requests} requests, {workshops} workshops>",
            self.horizon_start(),
            self.horizon_end()
        )
    }
}

/// Every input error of a problem given as JSON text or a dict, as dicts
/// `{code, path, message}`; empty when it is valid. Raises only
/// `InvalidArgument` (wrong Python type); text that is not JSON gives one
/// `INVALID_JSON` entry. `limits` as for `Problem`.
#[pyfunction]
#[pyo3(signature = (source, limits = None))]
pub fn validate<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    limits: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let limits = limits_argument(limits)?;
    let doc = document(source, "problem")?;
    let errors = py.detach(|| match load_within(&doc, &limits) {
        Ok(_) => Vec::new(),
        Err(err) => err.errors(),
    });
    error_list(py, &errors)
}

/// The default size limits, as a dict `{name: value}` in the order of
/// `ponte::validate::Limits::NAMES`.
#[pyfunction]
pub fn default_limits(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let defaults = serde_json::to_value(Limits::default()).unwrap_or_default();
    let dict = PyDict::new(py);
    for name in Limits::NAMES {
        dict.set_item(name, defaults.get(name).and_then(serde_json::Value::as_u64).unwrap_or(0))?;
    }
    Ok(dict)
}
