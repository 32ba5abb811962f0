//! Exports of the core's booking operations for planners: free slots on a
//! full problem and plan, the making of a public snapshot from a problem
//! and a feasible plan, and the operations between full solves that a
//! planner's page needs: book, cancel, lock, replan and explain. (Free
//! slots on a public snapshot, what the booking widget calls, are in
//! [`crate::widget`].)
//!
//! Plans are `ponte-solution/1` documents (JSON strings or objects); a
//! plan that breaks a hard rule or names unknown ids is refused by the core
//! with `PLAN_INVALID`, and every refusal keeps the core's code and path.

use ponte::booking::{BookingChoice, BookingOutcome, SlotQuery};
use ponte::format::{ProblemDoc, SolutionDoc};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::api::{load_problem, load_problem_within};
use crate::control::JsControl;
use crate::convert::{explain_options, id_argument, replan_options, to_js, typed_document};
use crate::errors::WasmError;

/// What `book` and `cancel` return (`BookingOutcome` with camelCase keys).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OperationResult<'a> {
    solution: &'a SolutionDoc,
    cost_delta: i64,
}

impl<'a> OperationResult<'a> {
    fn of(outcome: &'a BookingOutcome) -> OperationResult<'a> {
        OperationResult { solution: &outcome.solution, cost_delta: outcome.cost_delta }
    }
}

/// What `lock` returns: the problem with the request locked, and the plan.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LockResult<'a> {
    problem: &'a ProblemDoc,
    solution: &'a SolutionDoc,
    cost_delta: i64,
}

/// What `replan` returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReplanResult<'a> {
    solution: &'a SolutionDoc,
    kept: usize,
    moved: &'a [String],
    dropped: &'a [String],
    added: &'a [String],
    iterations: u64,
    stop_reason: &'static str,
}

/// A plan argument: a `ponte-solution/1` document, else `INVALID_SOLUTION`.
pub(crate) fn load_plan(plan: &JsValue, what: &str) -> Result<SolutionDoc, WasmError> {
    typed_document(plan, what, "INVALID_SOLUTION")
}

/// Free slots for a new request in a feasible plan of a problem (the same
/// search with real mediator ids, and `case`/`mediator_gender` allowed).
#[wasm_bindgen(js_name = freeSlotsInPlan, unchecked_return_type = "SlotOption[]")]
pub fn free_slots_in_plan(
    #[wasm_bindgen(unchecked_param_type = "ProblemInput")] problem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SolutionInput")] plan: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SlotQuery")] query: JsValue,
) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let problem = load_problem(&problem)?;
    let plan: SolutionDoc = typed_document(&plan, "plan", "INVALID_SOLUTION")?;
    let query: SlotQuery = typed_document(&query, "query", "INVALID_ARGUMENT")?;
    let found = ponte::booking::free_slots(&problem, &plan, &query).map_err(crate::errors::WasmError::from)?;
    Ok(to_js(&found)?)
}

/// The public availability snapshot of a feasible plan: what a municipality
/// can publish for the booking widget (pseudonyms, no personal data).
#[wasm_bindgen(js_name = publicSnapshot, unchecked_return_type = "PublicSnapshot")]
pub fn public_snapshot(
    #[wasm_bindgen(unchecked_param_type = "ProblemInput")] problem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SolutionInput")] plan: JsValue,
) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let problem = load_problem(&problem)?;
    let plan: SolutionDoc = typed_document(&plan, "plan", "INVALID_SOLUTION")?;
    let snapshot = ponte::booking::snapshot(&problem, &plan).map_err(crate::errors::WasmError::from)?;
    Ok(to_js(&snapshot)?)
}

/// Books request `requestId` at `choice` (`{mediator, start, language?,
/// modality?}`; a request already assigned is moved there): `{solution,
/// costDelta}`. Refusals keep the core's code: `LOCKED`, `UNKNOWN_REFERENCE`,
/// `BAD_DATETIME`, the checker's code of the hard rule the choice would
/// break (`LANGUAGE_NOT_SERVED`, `OUTSIDE_AVAILABILITY`, `OVERLAP`,
/// `TRAVEL_TIME`, `DAILY_LIMIT`, `CAPACITY_EXCEEDED`, ...), `PLAN_INVALID`.
#[wasm_bindgen(js_name = book, unchecked_return_type = "OperationResult")]
pub fn book(
    #[wasm_bindgen(unchecked_param_type = "ProblemInput")] problem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SolutionInput")] plan: JsValue,
    #[wasm_bindgen(js_name = requestId, unchecked_param_type = "string")] request_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "BookingChoice")] choice: JsValue,
) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let request = id_argument(&request_id, "requestId")?;
    let choice: BookingChoice = typed_document(&choice, "choice", "INVALID_ARGUMENT")?;
    let problem = load_problem(&problem)?;
    let plan = load_plan(&plan, "plan")?;
    let outcome = ponte::booking::book(&problem, &plan, &request, &choice).map_err(WasmError::from)?;
    Ok(to_js(&OperationResult::of(&outcome))?)
}

/// Cancels the assignment of request `requestId` (it becomes unassigned,
/// with its reason): `{solution, costDelta}`. Refuses `NOT_ASSIGNED`,
/// `LOCKED`, `UNKNOWN_REFERENCE`, `PLAN_INVALID`.
#[wasm_bindgen(js_name = cancel, unchecked_return_type = "OperationResult")]
pub fn cancel(
    #[wasm_bindgen(unchecked_param_type = "ProblemInput")] problem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SolutionInput")] plan: JsValue,
    #[wasm_bindgen(js_name = requestId, unchecked_param_type = "string")] request_id: JsValue,
) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let request = id_argument(&request_id, "requestId")?;
    let problem = load_problem(&problem)?;
    let plan = load_plan(&plan, "plan")?;
    let outcome = ponte::booking::cancel(&problem, &plan, &request).map_err(WasmError::from)?;
    Ok(to_js(&OperationResult::of(&outcome))?)
}

/// Locks request `requestId` where the plan has it: `{problem, solution,
/// costDelta}`, `problem` being the new problem document (the request with
/// `previous` set to its assignment and `locked: true`). Refuses
/// `NOT_ASSIGNED`, `UNKNOWN_REFERENCE`, `PLAN_INVALID`.
#[wasm_bindgen(js_name = lock, unchecked_return_type = "LockResult")]
pub fn lock(
    #[wasm_bindgen(unchecked_param_type = "ProblemInput")] problem: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SolutionInput")] plan: JsValue,
    #[wasm_bindgen(js_name = requestId, unchecked_param_type = "string")] request_id: JsValue,
) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let request = id_argument(&request_id, "requestId")?;
    let problem = load_problem(&problem)?;
    let plan = load_plan(&plan, "plan")?;
    let (document, outcome) = ponte::booking::lock(&problem, &plan, &request).map_err(WasmError::from)?;
    let result = LockResult { problem: &document, solution: &outcome.solution, cost_delta: outcome.cost_delta };
    Ok(to_js(&result)?)
}

/// Repairs `oldPlan` (a plan of an earlier version of the problem) for
/// `problem`, keeping every assignment that still holds and moving as few
/// as possible: `{solution, kept, moved, dropped, added, iterations,
/// stopReason}` (why the repair's search stopped, as for `solve`).
/// Options as for `solve` (`timeLimitMs`, `seed`, `iterations`,
/// `onProgress`, the same clock and cancellation); with neither
/// `iterations` nor `timeLimitMs` the core's repair budget (a few hundred
/// iterations) applies and the result is deterministic.
///
/// Its TypeScript declaration is in `types/ponte.d.ts` (an optional
/// parameter of a hand-written type).
#[wasm_bindgen(js_name = replan, skip_typescript)]
pub fn replan(problem: JsValue, old_plan: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let options = replan_options(&options.unwrap_or(JsValue::UNDEFINED))?;
    let problem = load_problem_within(&problem, &options.limits)?;
    let old = load_plan(&old_plan, "oldPlan")?;
    let mut control = JsControl::new(options.on_progress);
    let outcome = ponte::booking::replan(&problem, &old, &options.core, &mut control);
    control.callback_failure()?;
    let result = ReplanResult {
        solution: &outcome.solution,
        kept: outcome.kept,
        moved: &outcome.moved,
        dropped: &outcome.dropped,
        added: &outcome.added,
        iterations: outcome.iterations,
        stop_reason: crate::api::stop_reason(outcome.stop),
    };
    Ok(to_js(&result)?)
}

/// Explains a feasible plan: per request its cost terms or reason, per
/// mediator the load, per language and municipality the coverage, and the
/// cost (the core's `Explanation`, format snake_case keys). With
/// `{anonymize: true}` mediators are pseudonyms (`M001`, ... in the
/// problem's order) and reasons keep only their code. Refuses
/// `PLAN_INVALID`.
///
/// Its TypeScript declaration is in `types/ponte.d.ts`.
#[wasm_bindgen(js_name = explain, skip_typescript)]
pub fn explain(problem: JsValue, plan: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let anonymize = explain_options(&options.unwrap_or(JsValue::UNDEFINED))?;
    let problem = load_problem(&problem)?;
    let plan = load_plan(&plan, "plan")?;
    let explanation = ponte::booking::explain(&problem, &plan).map_err(WasmError::from)?;
    if anonymize {
        return Ok(to_js(&explanation.anonymized())?);
    }
    Ok(to_js(&explanation)?)
}
