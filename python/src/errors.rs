//! Python exceptions, and the mapping of core errors onto them.
//!
//! Rust's orphan rule forbids `impl From<ponte::PonteError> for PyErr`, so
//! every binding function returns [`BindingError`], a small local wrapper
//! that converts into the right Python exception. Each exception carries
//! `.code` (a stable code) and `.errors` (a list of dicts with `code`,
//! `path` and `message`), so callers never parse messages.

use ponte::{InputError, PonteError as CoreError};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyType};

create_exception!(
    _ponte,
    PonteError,
    PyException,
    "Base of every Ponte error. `.code` is a stable code, `.errors` a list of dicts with `code`, `path` and `message`."
);
create_exception!(
    _ponte,
    InvalidProblem,
    PonteError,
    "The problem breaks the format; `.errors` lists every error found."
);
create_exception!(
    _ponte,
    InvalidSolution,
    PonteError,
    "A solution document breaks the format; `.errors` lists every error found."
);
create_exception!(_ponte, InvalidJson, PonteError, "The text is not JSON (or not UTF-8).");
create_exception!(
    _ponte,
    InvalidArgument,
    PonteError,
    "An argument of an API call is wrong (type, range, missing file); `.errors[0]['path']` names it."
);
create_exception!(
    _ponte,
    Refused,
    PonteError,
    "An operation was refused because it would break a hard rule; `.code` says which."
);

/// Every failure of a binding function, before it becomes a Python exception.
#[derive(Debug)]
pub enum BindingError {
    /// An error of the core.
    Core(CoreError),
    /// A wrong argument detected in the binding (`path` names it).
    Argument {
        /// Argument name, or JSON path inside it.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A Python exception raised by Python code we called (a callback, a
    /// signal handler): passed on unchanged.
    Python(PyErr),
}

/// Result of binding functions.
pub type BindingResult<T> = Result<T, BindingError>;

impl BindingError {
    /// A wrong argument.
    pub fn argument(path: impl Into<String>, message: impl Into<String>) -> BindingError {
        BindingError::Argument { path: path.into(), message: message.into() }
    }
}

impl From<CoreError> for BindingError {
    fn from(error: CoreError) -> BindingError {
        BindingError::Core(error)
    }
}

impl From<PyErr> for BindingError {
    fn from(error: PyErr) -> BindingError {
        BindingError::Python(error)
    }
}

impl From<BindingError> for PyErr {
    fn from(error: BindingError) -> PyErr {
        match error {
            BindingError::Python(err) => err,
            BindingError::Argument { path, message } => {
                let details = [InputError::new("INVALID_ARGUMENT", path.clone(), message.clone())];
                Python::attach(|py| {
                    exception(
                        py,
                        &py.get_type::<InvalidArgument>(),
                        "INVALID_ARGUMENT",
                        &format!("{path}: {message}"),
                        &details,
                    )
                })
            }
            BindingError::Core(err) => Python::attach(|py| {
                let kind = match &err {
                    CoreError::InvalidJson { .. } => py.get_type::<InvalidJson>(),
                    CoreError::InvalidProblem(_) => py.get_type::<InvalidProblem>(),
                    CoreError::InvalidSolution(_) => py.get_type::<InvalidSolution>(),
                    CoreError::InvalidArgument { .. } => py.get_type::<InvalidArgument>(),
                    CoreError::Refused { .. } => py.get_type::<Refused>(),
                };
                exception(py, &kind, err.code(), &err.to_string(), &err.errors())
            }),
        }
    }
}

/// One input error as a Python dict `{code, path, message}`.
pub fn error_dict<'py>(py: Python<'py>, error: &InputError) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("code", &error.code)?;
    dict.set_item("path", &error.path)?;
    dict.set_item("message", &error.message)?;
    Ok(dict)
}

/// A list of input errors as Python dicts.
pub fn error_list<'py>(py: Python<'py>, errors: &[InputError]) -> PyResult<Bound<'py, PyList>> {
    let items = errors.iter().map(|e| error_dict(py, e)).collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// Builds an exception of `kind` with `.code` and `.errors` set. If building
/// it fails (out of memory, say), that failure is what gets raised.
fn exception(py: Python<'_>, kind: &Bound<'_, PyType>, code: &str, message: &str, errors: &[InputError]) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let value = kind.call1((message,))?;
        value.setattr("code", code)?;
        value.setattr("errors", error_list(py, errors)?)?;
        Ok(PyErr::from_value(value))
    };
    build().unwrap_or_else(|err| err)
}

/// Registers the exception classes on the module, with class-level defaults
/// for `code` and `errors` so that they exist even on an instance raised by
/// hand (`raise ponte.InvalidArgument("...")`).
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes = [
        ("PonteError", py.get_type::<PonteError>(), "PONTE_ERROR"),
        ("InvalidProblem", py.get_type::<InvalidProblem>(), "INVALID_PROBLEM"),
        ("InvalidSolution", py.get_type::<InvalidSolution>(), "INVALID_SOLUTION"),
        ("InvalidJson", py.get_type::<InvalidJson>(), "INVALID_JSON"),
        ("InvalidArgument", py.get_type::<InvalidArgument>(), "INVALID_ARGUMENT"),
        ("Refused", py.get_type::<Refused>(), "REFUSED"),
    ];
    for (name, class, code) in classes {
        class.setattr("code", code)?;
        class.setattr("errors", PyList::empty(py))?;
        class.setattr("__module__", "ponte._ponte")?;
        m.add(name, class)?;
    }
    Ok(())
}
