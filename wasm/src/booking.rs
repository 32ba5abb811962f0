//! Exports of the core's booking operations that a widget or a municipal
//! site needs: free slots on a public availability snapshot (what the
//! booking widget calls), free slots on a full problem and plan, and the
//! making of a snapshot from a problem and a feasible plan.

use ponte::booking::{PublicSnapshot, SlotQuery};
use ponte::format::SolutionDoc;
use wasm_bindgen::prelude::*;

use crate::api::load_problem;
use crate::convert::{to_js, typed_document};

/// Free slots for a new request on a public snapshot (`ponte-availability/1`),
/// cheapest first: `[{mediator, start, end, language, modality,
/// cost_increase}]`, mediators by pseudonym. `query` is the core's
/// `SlotQuery` (`{office, languages, duration_minutes, earliest, latest,
/// modalities?, min_level?, skills?, preferred_mediator?, limit?}`).
#[wasm_bindgen(js_name = freeSlots, unchecked_return_type = "SlotOption[]")]
pub fn free_slots(
    #[wasm_bindgen(unchecked_param_type = "PublicSnapshot | string")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SlotQuery")] query: JsValue,
) -> Result<JsValue, JsValue> {
    crate::install_panic_hook();
    let snapshot: PublicSnapshot = typed_document(&snapshot, "snapshot", "INVALID_SNAPSHOT")?;
    let query: SlotQuery = typed_document(&query, "query", "INVALID_ARGUMENT")?;
    let found = ponte::booking::free_slots_in_snapshot(&snapshot, &query).map_err(crate::errors::WasmError::from)?;
    Ok(to_js(&found)?)
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
