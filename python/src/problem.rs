//! `Problem`: a validated problem held by Rust, and `validate`.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert::document;
use crate::errors::{error_list, BindingResult};

/// A validated problem (immutable, shareable between threads).
#[pyclass(module = "ponte._ponte", name = "Problem", frozen)]
pub struct PyProblem {
    pub(crate) inner: Arc<ponte::Problem>,
}

impl PyProblem {
    fn load(source: &Bound<'_, PyAny>) -> BindingResult<PyProblem> {
        let doc = document(source, "problem")?;
        let problem = source.py().detach(|| doc.to_core().and_then(|value| ponte::Problem::from_json_value(&value)))?;
        Ok(PyProblem { inner: Arc::new(problem) })
    }
}

#[pymethods]
impl PyProblem {
    /// Validates a problem given as JSON text or a dict; raises `InvalidJson`
    /// or `InvalidProblem` (with every error) when it is not valid.
    #[new]
    fn new(source: &Bound<'_, PyAny>) -> PyResult<PyProblem> {
        Ok(PyProblem::load(source)?)
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
/// `INVALID_JSON` entry.
#[pyfunction]
pub fn validate<'py>(py: Python<'py>, source: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let doc = document(source, "problem")?;
    let errors = py.detach(|| match doc.to_core() {
        Ok(value) => ponte::validate::validate_value(&value),
        Err(err) => err.errors(),
    });
    error_list(py, &errors)
}
