//! The exported functions. Each converts its arguments (`convert`), calls
//! the core, and converts the result or the error (`errors`); no domain
//! logic lives here.

use ponte::Problem;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::control::JsControl;
use ponte::validate::Limits;

use crate::convert::{document_text, solve_options, to_js, validate_options};
use crate::errors::WasmError;

/// What `validate` returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ValidationReport {
    valid: bool,
    errors: Vec<ponte::InputError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Summary>,
}

/// Counts of a valid problem.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    name: Option<String>,
    timezone: String,
    horizon_start: String,
    horizon_end: String,
    slot_minutes: i64,
    municipalities: usize,
    offices: usize,
    mediators: usize,
    requests: usize,
    workshops: usize,
}

impl Summary {
    fn of(problem: &Problem) -> Summary {
        Summary {
            name: problem.name().map(str::to_string),
            timezone: problem.timezone().to_string(),
            horizon_start: problem.horizon_start().to_string(),
            horizon_end: problem.horizon_end().to_string(),
            slot_minutes: problem.slot_minutes(),
            municipalities: problem.municipalities().len(),
            offices: problem.offices().len(),
            mediators: problem.mediators().len(),
            requests: problem.requests().len(),
            workshops: problem.workshops().len(),
        }
    }
}

/// What `solve` returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SolveResult<'a> {
    solution: &'a ponte::format::SolutionDoc,
    iterations: u64,
    stop_reason: &'static str,
    elapsed_ms: f64,
}

/// A validated problem from a JSON string or an object, within the
/// default size limits.
pub(crate) fn load_problem(problem: &JsValue) -> Result<Problem, WasmError> {
    load_problem_within(problem, &Limits::default())
}

/// A validated problem from a JSON string or an object, within `limits`.
pub(crate) fn load_problem_within(problem: &JsValue, limits: &Limits) -> Result<Problem, WasmError> {
    let text = document_text(problem, "problem")?;
    Ok(Problem::from_json_str_with_limits(&text, limits)?)
}

/// Validates a problem (a JSON string or an object) and reports every error
/// at once: `{valid, errors, summary?}`. Throws only for an argument that is
/// neither a string nor an object, or is too large, or for bad options
/// (`{limits}`: size limits such as `{maxRequests: 500}`; beyond one the
/// errors are `TOO_LARGE`).
///
/// Its TypeScript declaration is in `types/ponte.d.ts`.
#[wasm_bindgen(js_name = validate, skip_typescript)]
pub fn validate(problem: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let limits = validate_options(&options.unwrap_or(JsValue::UNDEFINED))?;
    let text = document_text(&problem, "problem")?;
    let report = match Problem::from_json_str_with_limits(&text, &limits) {
        Ok(problem) => ValidationReport { valid: true, errors: Vec::new(), summary: Some(Summary::of(&problem)) },
        Err(error) => ValidationReport { valid: false, errors: WasmError::from(error).errors, summary: None },
    };
    Ok(to_js(&report)?)
}

/// Solves a problem: `{solution, iterations, stopReason, elapsedMs}`.
/// Throws a `PonteError` (`INVALID_PROBLEM` with `errors`, `INVALID_JSON`,
/// `INVALID_ARGUMENT`, `CALLBACK_FAILED`).
///
/// Its TypeScript declaration is in `types/ponte.d.ts` (wasm-bindgen cannot
/// write an optional parameter of a hand-written type).
#[wasm_bindgen(js_name = solve, skip_typescript)]
pub fn solve(problem: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let options = solve_options(&options.unwrap_or(JsValue::UNDEFINED))?;
    let problem = load_problem_within(&problem, &options.limits)?;
    let mut control = JsControl::new(options.on_progress);
    let outcome = ponte::solve::solve(&problem, &options.core, &mut control);
    control.callback_failure()?;
    let result = SolveResult {
        solution: &outcome.solution,
        iterations: outcome.iterations,
        stop_reason: stop_reason(outcome.stop),
        elapsed_ms: control.elapsed(),
    };
    Ok(to_js(&result)?)
}

/// Why a search stopped, as `solve` and `replan` say it.
pub(crate) fn stop_reason(stop: ponte::solve::StopReason) -> &'static str {
    use ponte::solve::StopReason;
    match stop {
        StopReason::Iterations => "iterations",
        StopReason::TimeLimit => "timeLimit",
        StopReason::Cancelled => "cancelled",
        StopReason::Complete => "complete",
    }
}

/// Evaluates a solution of a problem: the hard-rule violations and the cost
/// recomputed term by term, as the independent checker does. Throws for an
/// invalid problem; a malformed solution is reported as violations.
#[wasm_bindgen(js_name = evaluate, unchecked_return_type = "Evaluation")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "ProblemInput")] problem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SolutionInput")] solution: JsValue,
) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let problem = load_problem(&problem)?;
    let text = document_text(&solution, "solution")?;
    let document = ponte::json::parse(&text).map_err(WasmError::from)?;
    let evaluation = ponte::evaluate::evaluate(&problem, &document);
    Ok(to_js(&evaluation)?)
}
