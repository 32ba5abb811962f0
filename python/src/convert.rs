//! Conversions between Python objects and JSON.
//!
//! Python's `dict`/`list`/`str`/`int`/`float`/`bool`/`None` map onto JSON
//! one to one, keeping the format's distinction between integers and other
//! numbers (`15` is an integer, `15.0` is not). Anything else (a `set`, a
//! `datetime`, a NaN) is refused with the path of the offending value, so a
//! planner sees `requests[3].start: ...` rather than a serializer's trace.

use ponte::json::JsonValue;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::errors::{BindingError, BindingResult};

/// Deepest nesting accepted (the core's JSON reader accepts 128 too).
const MAX_DEPTH: usize = 128;

/// A problem or solution document as the caller gave it.
pub enum Document {
    /// JSON text, read by the core's strict reader (duplicate keys refused).
    Text(String),
    /// A Python dict, already walked into JSON.
    Value(Value),
}

impl Document {
    /// The document as the core's strict JSON value (`InvalidJson` for bad text).
    pub fn to_core(&self) -> Result<JsonValue, ponte::PonteError> {
        match self {
            Document::Text(text) => ponte::json::parse(text),
            Document::Value(value) => Ok(JsonValue::from_serde(value)),
        }
    }
}

/// A problem or solution given as JSON text or as a Python dict.
pub fn document(source: &Bound<'_, PyAny>, argument: &str) -> BindingResult<Document> {
    if let Ok(text) = source.cast::<PyString>() {
        return Ok(Document::Text(py_text(text, argument)?));
    }
    if source.is_instance_of::<PyDict>() {
        return Ok(Document::Value(py_to_json(source, "$", 0)?));
    }
    Err(BindingError::argument(argument, format!("expected JSON text (str) or a dict, got {}", type_name(source))))
}

/// Converts a Python value to JSON; `path` names it in error messages.
pub fn py_to_json(value: &Bound<'_, PyAny>, path: &str, depth: usize) -> BindingResult<Value> {
    if depth > MAX_DEPTH {
        return Err(BindingError::argument(path, format!("nested deeper than {MAX_DEPTH} levels")));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(n) = value.extract::<i64>() {
            return Ok(Value::Number(n.into()));
        }
        if let Ok(n) = value.extract::<u64>() {
            return Ok(Value::Number(n.into()));
        }
        return Err(BindingError::argument(path, "integer out of the 64-bit range"));
    }
    if let Ok(number) = value.cast::<PyFloat>() {
        return Number::from_f64(number.value())
            .map(Value::Number)
            .ok_or_else(|| BindingError::argument(path, "NaN and infinity are not JSON numbers"));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(py_text(text, path)?));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(BindingError::argument(path, format!("object keys must be str, got {}", type_name(&key))));
            };
            let key = py_text(key, path)?;
            let item_path = if path.is_empty() || path == "$" { key.to_string() } else { format!("{path}.{key}") };
            map.insert(key, py_to_json(&item, &item_path, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in value.try_iter()?.enumerate() {
            items.push(py_to_json(&item?, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    Err(BindingError::argument(
        path,
        format!("{} is not a JSON value (use str, int, float, bool, None, list or dict)", type_name(value)),
    ))
}

/// Serializes a core value (a solution document, an evaluation) to Python objects.
pub fn to_py<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> BindingResult<Bound<'py, PyAny>> {
    // Through text and the core's reader, so that dicts keep the order in
    // which the core writes its fields (a plan saved from Python is then
    // byte for byte the plan written natively).
    let text = serde_json::to_string(value).map_err(|e| BindingError::argument("$", e.to_string()))?;
    let json = ponte::json::parse(&text)?;
    Ok(core_json_to_py(py, &json)?)
}

/// The Python type name of a value, for messages.
pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_owned())
}

/// An optional non-negative integer argument (`None` allowed); refuses
/// `bool`, floats and negative numbers with [`BindingError::Argument`].
pub fn optional_count(value: Option<&Bound<'_, PyAny>>, name: &str) -> BindingResult<Option<u64>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => count(v, name).map(Some),
    }
}

/// A non-negative integer argument.
pub fn count(value: &Bound<'_, PyAny>, name: &str) -> BindingResult<u64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(BindingError::argument(name, format!("expected an int, got {}", type_name(value))));
    }
    value.extract::<u64>().map_err(|_| BindingError::argument(name, "expected a non-negative integer below 2**64"))
}

/// An optional non-negative finite number of seconds (`int` or `float`).
pub fn optional_seconds(value: Option<&Bound<'_, PyAny>>, name: &str) -> BindingResult<Option<f64>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyBool>() || !(value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>()) {
        return Err(BindingError::argument(name, format!("expected seconds (int or float), got {}", type_name(value))));
    }
    let seconds: f64 = value.extract().map_err(|_| BindingError::argument(name, "not a number"))?;
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(BindingError::argument(name, "expected a finite number of seconds >= 0"));
    }
    Ok(Some(seconds))
}

/// A typed document of the core (a solution, a snapshot) from JSON text or
/// a dict. Text that is not JSON raises `InvalidJson`; a value of the wrong
/// shape raises what `shape_error` makes of serde's message.
pub fn typed_document<T: serde::de::DeserializeOwned>(
    source: &Bound<'_, PyAny>,
    argument: &str,
    shape_error: impl Fn(String) -> BindingError,
) -> BindingResult<T> {
    match document(source, argument)? {
        Document::Text(text) => serde_json::from_str(&text).map_err(|e| {
            if e.is_data() {
                shape_error(e.to_string())
            } else {
                BindingError::Core(ponte::PonteError::InvalidJson { message: e.to_string() })
            }
        }),
        Document::Value(value) => serde_json::from_value(value).map_err(|e| shape_error(e.to_string())),
    }
}

/// A `ponte-solution/1` document from JSON text or a dict (`InvalidSolution`
/// when it does not have the format's shape).
pub fn solution_doc(source: &Bound<'_, PyAny>, argument: &str) -> BindingResult<ponte::format::SolutionDoc> {
    typed_document(source, argument, |message| {
        BindingError::Core(ponte::PonteError::InvalidSolution(vec![ponte::InputError::new(
            "INVALID_SOLUTION",
            "$",
            message,
        )]))
    })
}

/// An argument given as a dict (a query, a choice) read into a core type;
/// `InvalidArgument` naming the argument when it is not a dict or does not fit.
pub fn typed_argument<T: serde::de::DeserializeOwned>(value: &Bound<'_, PyAny>, argument: &str) -> BindingResult<T> {
    if !value.is_instance_of::<PyDict>() {
        return Err(BindingError::argument(argument, format!("expected a dict, got {}", type_name(value))));
    }
    let json = py_to_json(value, argument, 0)?;
    serde_json::from_value(json).map_err(|e| BindingError::argument(argument, e.to_string()))
}

/// A `str` argument.
pub fn text_argument(value: &Bound<'_, PyAny>, argument: &str) -> BindingResult<String> {
    let text = value
        .cast::<PyString>()
        .map_err(|_| BindingError::argument(argument, format!("expected a str, got {}", type_name(value))))?;
    py_text(text, argument)
}

/// A `bool` argument (not an int: `1` is refused).
pub fn flag(value: &Bound<'_, PyAny>, argument: &str) -> BindingResult<bool> {
    value
        .cast::<PyBool>()
        .map(|b| b.is_true())
        .map_err(|_| BindingError::argument(argument, format!("expected a bool, got {}", type_name(value))))
}

/// A Python `str` as Rust text; one with a lone surrogate (which Python
/// allows and UTF-8 cannot hold) is `InvalidArgument` at `path`.
pub fn py_text(text: &Bound<'_, PyString>, path: &str) -> BindingResult<String> {
    match text.to_cow() {
        Ok(text) => Ok(text.into_owned()),
        Err(_) => Err(BindingError::argument(
            if path.is_empty() { "$" } else { path },
            "the text holds a lone surrogate, which is not Unicode text",
        )),
    }
}

/// Converts the core's ordered JSON value to Python objects, keeping the
/// order of object keys (a problem document written back reads the same).
pub fn core_json_to_py<'py>(py: Python<'py>, value: &JsonValue) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        JsonValue::Null => py.None().into_bound(py),
        JsonValue::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        JsonValue::Integer(i) => i.into_pyobject(py)?.into_any(),
        JsonValue::Float(f) => PyFloat::new(py, *f).into_any(),
        JsonValue::String(s) => PyString::new(py, s).into_any(),
        JsonValue::Array(items) => {
            let items = items.iter().map(|v| core_json_to_py(py, v)).collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        JsonValue::Object(object) => {
            let dict = PyDict::new(py);
            for (k, v) in &object.entries {
                dict.set_item(k, core_json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}
