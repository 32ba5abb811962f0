//! Every conversion between JavaScript values and the core's types (the
//! options of the planner's functions only with the `planner` feature).
//!
//! Documents cross the boundary as JSON text. A JavaScript object is turned
//! into text with `JSON.stringify` and read by the core's strict reader, the
//! same path as a file natively: one validation, the same error codes and
//! paths, repeated keys caught in strings, and no hand-written walk of JS
//! values to get wrong. Results go back through `JSON.parse` (fast in every
//! engine) into plain objects. This is why the crate does not use
//! serde-wasm-bindgen: it would add code to the module and a second,
//! looser reading of the format (`15.0` and `15` are one JS number).

use js_sys::JsString;
#[cfg(feature = "planner")]
use js_sys::{Function, Reflect};
#[cfg(feature = "planner")]
use ponte::solve::budget::{self, Operation};
#[cfg(feature = "planner")]
use ponte::solve::SolveOptions;
#[cfg(feature = "planner")]
use ponte::validate::Limits;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::{code, WasmError};

/// Longest input accepted, in UTF-16 code units (32 Mi; the largest
/// generated problem, `ponte-gen --size xl`, is a few MB).
pub const MAX_INPUT_CHARS: u32 = 32 * 1024 * 1024;

/// The JSON text of a document given as a JSON string or a plain object.
/// `what` names the argument in errors (`problem`, `solution`).
pub fn document_text(value: &JsValue, what: &str) -> Result<String, WasmError> {
    if let Some(text) = value.dyn_ref::<JsString>() {
        check_length(text, what)?;
        return text
            .as_string()
            .ok_or_else(|| WasmError::argument(what, "the string is not valid UTF-16 (lone surrogate)"));
    }
    if value.is_undefined() || value.is_null() {
        return Err(WasmError::argument(
            what,
            format!("{what} is required (a JSON string or an object), got {}", type_name(value)),
        ));
    }
    if !value.is_object() || value.is_function() {
        return Err(WasmError::argument(
            what,
            format!("{what} must be a JSON string or an object, got {}", type_name(value)),
        ));
    }
    let text = js_sys::JSON::stringify(value).map_err(|cause| {
        WasmError::argument(what, format!("{what} cannot be turned into JSON ({})", describe_exception(&cause)))
            .with_cause(cause)
    })?;
    check_length(&text, what)?;
    text.as_string().ok_or_else(|| WasmError::argument(what, format!("{what} cannot be turned into JSON")))
}

fn check_length(text: &JsString, what: &str) -> Result<(), WasmError> {
    if text.length() > MAX_INPUT_CHARS {
        return Err(WasmError::new(
            code::INPUT_TOO_LARGE,
            what,
            format!("{what} has {} characters; at most {MAX_INPUT_CHARS} are accepted", text.length()),
        ));
    }
    Ok(())
}

/// `typeof`-like name of a value, for messages.
pub fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        return "null".to_string();
    }
    if js_sys::Array::is_array(value) {
        return "an array".to_string();
    }
    match value.js_typeof().as_string() {
        Some(name) => name,
        None => "an unknown value".to_string(),
    }
}

/// The message of a thrown JavaScript value.
pub fn describe_exception(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| type_name(value))
}

/// A typed document (a core DTO with `deny_unknown_fields`) from a JSON
/// string or an object; a document that does not fit is `code` at `what`.
pub fn typed_document<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str, code: &str) -> Result<T, WasmError> {
    let text = document_text(value, what)?;
    serde_json::from_str(&text).map_err(|e| WasmError::new(code, what, format!("{what} does not fit its format: {e}")))
}

/// Solve options read from JavaScript.
#[cfg(feature = "planner")]
pub struct JsSolveOptions {
    /// The core's options.
    pub core: SolveOptions,
    /// Called with progress reports.
    pub on_progress: Option<Function>,
    /// Size limits on the problem.
    pub limits: Limits,
}

#[cfg(feature = "planner")]
const OPTION_KEYS: [&str; 5] = ["timeLimitMs", "seed", "iterations", "onProgress", "limits"];
#[cfg(feature = "planner")]
const VALIDATE_KEYS: [&str; 1] = ["limits"];

/// Reads the options of `validate`, `{limits}`.
#[cfg(feature = "planner")]
pub fn validate_options(value: &JsValue) -> Result<Limits, WasmError> {
    if !options_object(value, &VALIDATE_KEYS)? {
        return Ok(Limits::default());
    }
    limits_option(&get(value, "limits")?)
}

/// Size limits from `{maxRequests: 500, ...}` (the core's names in camel
/// case); `undefined` or `null` is every default.
#[cfg(feature = "planner")]
fn limits_option(value: &JsValue) -> Result<Limits, WasmError> {
    let mut limits = Limits::default();
    if value.is_undefined() || value.is_null() {
        return Ok(limits);
    }
    let known: Vec<(String, &str)> = Limits::NAMES.iter().map(|name| (camel_case(name), *name)).collect();
    if !value.is_object() || value.is_function() || js_sys::Array::is_array(value) {
        return Err(WasmError::argument("options.limits", format!("must be an object, got {}", type_name(value))));
    }
    for key in own_keys(value, "options.limits")? {
        let path = format!("options.limits.{key}");
        let Some(&(_, name)) = known.iter().find(|(camel, _)| *camel == key) else {
            let names: Vec<&str> = known.iter().map(|(camel, _)| camel.as_str()).collect();
            return Err(WasmError::argument(&path, format!("unknown limit '{key}' (known: {})", names.join(", "))));
        };
        let number = Reflect::get(value, &JsValue::from_str(&key)).map_err(|cause| {
            WasmError::argument(&path, format!("cannot read the limit ({})", describe_exception(&cause)))
                .with_cause(cause)
        })?;
        let number = u64_option(&number, &path)?;
        let number = usize::try_from(number).unwrap_or(usize::MAX);
        limits.set(name, number).map_err(|message| WasmError::argument(&path, message))?;
    }
    Ok(limits)
}

/// `max_requests` -> `maxRequests`.
#[cfg(feature = "planner")]
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads `{timeLimitMs, seed, iterations, onProgress}` (every key optional;
/// others refused); the budget follows the core's rule
/// ([`ponte::solve::budget::options`]): with `iterations` and no
/// `timeLimitMs` the solve has no time limit, so it is deterministic; with
/// neither, the core's default limit applies.
#[cfg(feature = "planner")]
pub fn solve_options(value: &JsValue) -> Result<JsSolveOptions, WasmError> {
    search_options(value, Operation::Solve)
}

/// Reads the options of `replan`: the same keys as [`solve_options`]; with
/// neither `iterations` nor `timeLimitMs` the core's repair budget
/// ([`ponte::booking::REPLAN_ITERATIONS`]) applies.
#[cfg(feature = "planner")]
pub fn replan_options(value: &JsValue) -> Result<JsSolveOptions, WasmError> {
    search_options(value, Operation::Replan)
}

/// The search options of an operation.
#[cfg(feature = "planner")]
fn search_options(value: &JsValue, operation: Operation) -> Result<JsSolveOptions, WasmError> {
    if !options_object(value, &OPTION_KEYS)? {
        return Ok(JsSolveOptions {
            core: budget::options(operation, None, None, None),
            on_progress: None,
            limits: Limits::default(),
        });
    }
    let seed = get(value, "seed")?;
    let iterations = get(value, "iterations")?;
    let time_limit = get(value, "timeLimitMs")?;
    let on_progress = get(value, "onProgress")?;

    let seed = if seed.is_undefined() { None } else { Some(u64_option(&seed, "options.seed")?) };
    let iterations =
        if iterations.is_undefined() { None } else { Some(u64_option(&iterations, "options.iterations")?) };
    let time_limit_ms =
        if time_limit.is_undefined() { None } else { Some(u64_option(&time_limit, "options.timeLimitMs")?) };
    let on_progress = if on_progress.is_undefined() || on_progress.is_null() {
        None
    } else {
        Some(on_progress.dyn_into::<Function>().map_err(|other| {
            WasmError::argument("options.onProgress", format!("must be a function, got {}", type_name(&other)))
        })?)
    };
    let limits = limits_option(&get(value, "limits")?)?;
    let mut core = budget::options(operation, seed, time_limit_ms, iterations);
    core.threads = Some(1);
    Ok(JsSolveOptions { core, on_progress, limits })
}

#[cfg(feature = "planner")]
const EXPLAIN_KEYS: [&str; 1] = ["anonymize"];

/// Reads the options of `explain`, `{anonymize}` (a boolean, default
/// `false`); returns whether to anonymize.
#[cfg(feature = "planner")]
pub fn explain_options(value: &JsValue) -> Result<bool, WasmError> {
    if !options_object(value, &EXPLAIN_KEYS)? {
        return Ok(false);
    }
    let anonymize = get(value, "anonymize")?;
    if anonymize.is_undefined() || anonymize.is_null() {
        return Ok(false);
    }
    anonymize.as_bool().ok_or_else(|| {
        WasmError::argument("options.anonymize", format!("must be a boolean, got {}", type_name(&anonymize)))
    })
}

#[cfg(feature = "planner")]
const REPORT_KEYS: [&str; 3] = ["anonymize", "title", "lang"];

/// Reads the options of `reportHtml`, `{anonymize, title, lang}`
/// (`anonymize` a boolean, `title` a string, `lang` `"it"` or `"en"`).
#[cfg(feature = "planner")]
pub fn report_options(value: &JsValue) -> Result<ponte::report::ReportOptions, WasmError> {
    let mut options = ponte::report::ReportOptions::default();
    if !options_object(value, &REPORT_KEYS)? {
        return Ok(options);
    }
    let anonymize = get(value, "anonymize")?;
    if !(anonymize.is_undefined() || anonymize.is_null()) {
        options.anonymize = anonymize.as_bool().ok_or_else(|| {
            WasmError::argument("options.anonymize", format!("must be a boolean, got {}", type_name(&anonymize)))
        })?;
    }
    let title = get(value, "title")?;
    if !(title.is_undefined() || title.is_null()) {
        let text = title.dyn_ref::<JsString>().ok_or_else(|| {
            WasmError::argument("options.title", format!("must be a string, got {}", type_name(&title)))
        })?;
        if text.length() > MAX_ID_CHARS {
            return Err(WasmError::argument("options.title", format!("has more than {MAX_ID_CHARS} characters")));
        }
        options.title = text.as_string();
    }
    let lang = get(value, "lang")?;
    if !(lang.is_undefined() || lang.is_null()) {
        options.lang = match lang.as_string().as_deref() {
            Some("it") => ponte::report::Lang::It,
            Some("en") => ponte::report::Lang::En,
            _ => {
                return Err(WasmError::argument(
                    "options.lang",
                    format!("must be \"it\" or \"en\", got {}", type_name(&lang)),
                ))
            }
        };
    }
    Ok(options)
}

#[cfg(feature = "planner")]
const MONITORING_KEYS: [&str; 1] = ["by"];

/// Reads the options of `monitoringCsv`, `{by}` (`"municipality"`, the
/// default, or `"mediator"`); returns whether by mediator.
#[cfg(feature = "planner")]
pub fn monitoring_options(value: &JsValue) -> Result<bool, WasmError> {
    if !options_object(value, &MONITORING_KEYS)? {
        return Ok(false);
    }
    let by = get(value, "by")?;
    if by.is_undefined() || by.is_null() {
        return Ok(false);
    }
    match by.as_string().as_deref() {
        Some("municipality") => Ok(false),
        Some("mediator") => Ok(true),
        _ => Err(WasmError::argument(
            "options.by",
            format!("must be \"municipality\" or \"mediator\", got {}", type_name(&by)),
        )),
    }
}

/// Whether `value` is an options object (`false` for `undefined` or
/// `null`, meaning every default); refuses any other value and any own key
/// not in `known`.
#[cfg(feature = "planner")]
fn options_object(value: &JsValue, known: &[&str]) -> Result<bool, WasmError> {
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    if !value.is_object() || value.is_function() || js_sys::Array::is_array(value) {
        return Err(WasmError::argument("options", format!("options must be an object, got {}", type_name(value))));
    }
    for key in own_keys(value, "options")? {
        if !known.contains(&key.as_str()) {
            return Err(WasmError::argument(
                &format!("options.{key}"),
                format!("unknown option '{key}' (known: {})", known.join(", ")),
            ));
        }
    }
    Ok(true)
}

/// The own string keys of an object (symbols left out); a proxy that
/// throws while listing them is `INVALID_ARGUMENT` at `path`.
#[cfg(feature = "planner")]
fn own_keys(value: &JsValue, path: &str) -> Result<Vec<String>, WasmError> {
    let keys = Reflect::own_keys(value).map_err(|cause| {
        WasmError::argument(path, format!("cannot list its keys ({})", describe_exception(&cause))).with_cause(cause)
    })?;
    Ok(keys.iter().filter_map(|key| key.as_string()).collect())
}

/// Longest id accepted as a string argument (a request id), in UTF-16 code
/// units: ids are short, and a longer one cannot name anything.
#[cfg(feature = "planner")]
pub const MAX_ID_CHARS: u32 = 4096;

/// A string argument naming something (a request id); `what` names it in
/// errors. Anything but a string, an empty one or one over
/// [`MAX_ID_CHARS`] is `INVALID_ARGUMENT`.
#[cfg(feature = "planner")]
pub fn id_argument(value: &JsValue, what: &str) -> Result<String, WasmError> {
    let Some(text) = value.dyn_ref::<JsString>() else {
        return Err(WasmError::argument(what, format!("{what} must be a string, got {}", type_name(value))));
    };
    if text.length() > MAX_ID_CHARS {
        return Err(WasmError::argument(
            what,
            format!("{what} has {} characters; an id has at most {MAX_ID_CHARS}", text.length()),
        ));
    }
    let id =
        text.as_string().ok_or_else(|| WasmError::argument(what, "the string is not valid UTF-16 (lone surrogate)"))?;
    if id.is_empty() {
        return Err(WasmError::argument(what, format!("{what} is empty")));
    }
    Ok(id)
}

#[cfg(feature = "planner")]
fn get(object: &JsValue, key: &str) -> Result<JsValue, WasmError> {
    Reflect::get(object, &JsValue::from_str(key)).map_err(|cause| {
        WasmError::argument(&format!("options.{key}"), format!("cannot read option ({})", describe_exception(&cause)))
            .with_cause(cause)
    })
}

/// A non-negative integer given as a safe-integer number or a BigInt.
#[cfg(feature = "planner")]
fn u64_option(value: &JsValue, path: &str) -> Result<u64, WasmError> {
    if let Some(number) = value.as_f64() {
        if number.is_finite() && number >= 0.0 && number.fract() == 0.0 && number <= 9_007_199_254_740_991.0 {
            // Exact: a safe integer converts without loss.
            return Ok(number as u64);
        }
        return Err(WasmError::argument(path, format!("must be a non-negative safe integer, got {number}")));
    }
    if value.is_bigint() {
        let text = js_sys::BigInt::unchecked_from_js_ref(value).to_string(10).ok().and_then(|t| t.as_string());
        if let Some(n) = text.and_then(|t| t.parse::<u64>().ok()) {
            return Ok(n);
        }
        return Err(WasmError::argument(path, "must be a BigInt in 0 ..= 2^64-1"));
    }
    Err(WasmError::argument(path, format!("must be a non-negative integer, got {}", type_name(value))))
}

/// A serialisable result as a plain JavaScript value (via `JSON.parse`).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, WasmError> {
    let text =
        serde_json::to_string(value).map_err(|e| WasmError::internal(format!("cannot write the result: {e}")))?;
    js_sys::JSON::parse(&text).map_err(|cause| {
        WasmError::internal(format!("cannot read the result back ({})", describe_exception(&cause))).with_cause(cause)
    })
}
