//! Errors as JavaScript sees them: an `Error` object (so `instanceof Error`
//! holds and stacks print) whose `name` is `PonteError`, with a stable
//! `code` and an `errors` array of `{code, path, message}`.
//!
//! Nothing here throws a bare string, and nothing panics: building the error
//! object uses only `Reflect.set`, whose failure (on a frozen object, which
//! ours never is) is ignored rather than unwrapped.

use js_sys::{Array, Object, Reflect};
use ponte::{InputError, PonteError};
use wasm_bindgen::JsValue;

/// The codes this binding adds to the core's.
pub mod code {
    /// An argument has the wrong JavaScript type or value.
    pub const INVALID_ARGUMENT: &str = "INVALID_ARGUMENT";
    /// An input is larger than [`crate::convert::MAX_INPUT_CHARS`].
    pub const INPUT_TOO_LARGE: &str = "INPUT_TOO_LARGE";
    /// The `onProgress` callback threw; the error is the `cause`.
    #[cfg(feature = "planner")]
    pub const CALLBACK_FAILED: &str = "CALLBACK_FAILED";
    /// A result could not be handed to JavaScript (a bug: please report).
    pub const INTERNAL: &str = "INTERNAL";
    /// The zone is unknown to this build (see the message for the zones kept).
    pub const BAD_TIMEZONE: &str = "BAD_TIMEZONE";
}

/// An error on its way to JavaScript.
#[derive(Debug, Clone, PartialEq)]
pub struct WasmError {
    /// Stable code (`INVALID_PROBLEM`, `INVALID_ARGUMENT`, ...).
    pub code: String,
    /// One-line message.
    pub message: String,
    /// The detailed errors (at least one).
    pub errors: Vec<InputError>,
    /// A JavaScript value that caused this error (a callback's exception).
    pub cause: Option<JsValue>,
}

impl WasmError {
    /// An error with one detail of the same code.
    pub fn new(code: &str, path: &str, message: impl Into<String>) -> WasmError {
        let message = message.into();
        WasmError {
            code: code.to_string(),
            errors: vec![InputError::new(code, path, message.clone())],
            message: if path.is_empty() || path == "$" { message } else { format!("{path}: {message}") },
            cause: None,
        }
    }

    /// An `INVALID_ARGUMENT` error about the argument at `path`.
    pub fn argument(path: &str, message: impl Into<String>) -> WasmError {
        WasmError::new(code::INVALID_ARGUMENT, path, message)
    }

    /// An `INTERNAL` error (a result that could not cross to JavaScript).
    pub fn internal(message: impl Into<String>) -> WasmError {
        WasmError::new(code::INTERNAL, "$", message)
    }

    /// Attaches the JavaScript value that caused the error.
    pub fn with_cause(mut self, cause: JsValue) -> WasmError {
        self.cause = Some(cause);
        self
    }

    /// The JavaScript `Error` to throw.
    pub fn into_js(self) -> JsValue {
        let error = js_sys::Error::new(&self.message);
        error.set_name("PonteError");
        let target: &JsValue = error.as_ref();
        set(target, "code", &JsValue::from_str(&self.code));
        set(target, "errors", &input_errors_to_js(&self.errors));
        if let Some(cause) = &self.cause {
            set(target, "cause", cause);
        }
        error.into()
    }
}

impl From<PonteError> for WasmError {
    fn from(error: PonteError) -> WasmError {
        let mut errors = error.errors();
        if errors.is_empty() {
            errors.push(InputError::new(error.code(), "$", error.to_string()));
        }
        explain_filtered_zones(&mut errors);
        WasmError { code: error.code().to_string(), message: error.to_string(), errors, cause: None }
    }
}

impl From<WasmError> for JsValue {
    fn from(error: WasmError) -> JsValue {
        error.into_js()
    }
}

/// A list of input errors as a JavaScript array of plain objects.
pub fn input_errors_to_js(errors: &[InputError]) -> JsValue {
    let array = Array::new();
    for error in errors {
        let item = Object::new();
        set(&item, "code", &JsValue::from_str(&error.code));
        set(&item, "path", &JsValue::from_str(&error.path));
        set(&item, "message", &JsValue::from_str(&error.message));
        array.push(&item);
    }
    array.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Reflect.set fails only on frozen or exotic targets; ours are fresh.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// This build keeps only some zones (see `scripts/ci/wasm`): an error about
/// `network.timezone` says so, with the code `BAD_TIMEZONE`, so that a zone
/// valid elsewhere is not reported as a mere typo.
fn explain_filtered_zones(errors: &mut [InputError]) {
    for error in errors.iter_mut() {
        let about_zone = error.code.contains("TIMEZONE") || error.code.contains("ZONE");
        if error.path == "network.timezone" && about_zone && !error.message.contains(crate::zones::KEPT_ZONES_NOTE) {
            error.code = code::BAD_TIMEZONE.to_string();
            error.message = format!("{} ({})", error.message, crate::zones::KEPT_ZONES_NOTE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_keeps_its_code_and_detail() {
        let error = WasmError::argument("options.seed", "must be a non-negative integer");
        assert_eq!(error.code, "INVALID_ARGUMENT");
        assert_eq!(error.errors.len(), 1);
        assert_eq!(error.message, "options.seed: must be a non-negative integer");
    }

    #[test]
    fn a_core_error_keeps_every_detail() {
        let core = PonteError::InvalidProblem(vec![
            InputError::new("UNKNOWN_REFERENCE", "requests[3].office", "no office 'x'"),
            InputError::new("MISSING_FIELD", "horizon", "required"),
        ]);
        let error = WasmError::from(core);
        assert_eq!(error.code, "INVALID_PROBLEM");
        assert_eq!(error.errors.len(), 2);
    }

    #[test]
    fn a_timezone_error_says_which_zones_this_build_keeps() {
        let core = PonteError::InvalidProblem(vec![InputError::new(
            "UNKNOWN_TIMEZONE",
            "network.timezone",
            "unknown zone 'America/Lima'",
        )]);
        let error = WasmError::from(core);
        assert!(error.errors.iter().all(|e| e.code == "BAD_TIMEZONE" && e.message.contains("Europe/")));
    }
}
