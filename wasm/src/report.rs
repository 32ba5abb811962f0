//! Reports of a plan: the self-contained HTML page and the monitoring CSV.

use wasm_bindgen::prelude::*;

use crate::api::load_problem;
use crate::booking::load_plan;
use crate::convert::{monitoring_options, report_options};
use crate::errors::WasmError;

/// The plan as one self-contained HTML page (inline CSS and SVG, no script,
/// no external asset): summary and cost, a timeline per day and mediator,
/// coverage by language and municipality, workshops, unassigned requests
/// with reasons, load and travel per mediator. Options `{anonymize, title,
/// lang}`: `anonymize: true` shows mediators as `M001`, ... and leaves out
/// the reasons' messages; `lang` is `"it"` (default) or `"en"`. Refuses
/// `PLAN_INVALID` for a plan that does not fit the problem.
///
/// Its TypeScript declaration is in `types/ponte.d.ts`.
#[wasm_bindgen(js_name = reportHtml, skip_typescript)]
pub fn report_html(problem: JsValue, plan: JsValue, options: Option<JsValue>) -> Result<String, JsValue> {
    crate::install_panic_hook();
    let options = report_options(&options.unwrap_or(JsValue::UNDEFINED))?;
    let problem = load_problem(&problem)?;
    let plan = load_plan(&plan, "plan")?;
    Ok(ponte::report::html(&problem, &plan, &options).map_err(WasmError::from)?)
}

/// The monitoring summary for the network's funders as CSV text (Italian
/// spreadsheet conventions: `;`, decimal comma, a byte-order mark, CRLF):
/// requests served and unserved and minutes delivered per municipality,
/// service and language (`{by: "municipality"}`, the default), or per
/// mediator (`{by: "mediator"}`).
///
/// Its TypeScript declaration is in `types/ponte.d.ts`.
#[wasm_bindgen(js_name = monitoringCsv, skip_typescript)]
pub fn monitoring_csv(problem: JsValue, plan: JsValue, options: Option<JsValue>) -> Result<String, JsValue> {
    crate::install_panic_hook();
    let by_mediator = monitoring_options(&options.unwrap_or(JsValue::UNDEFINED))?;
    let problem = load_problem(&problem)?;
    let plan = load_plan(&plan, "plan")?;
    let text = if by_mediator {
        ponte::report::monitoring_csv_by_mediator(&problem, &plan)
    } else {
        ponte::report::monitoring_csv(&problem, &plan)
    };
    Ok(text.map_err(WasmError::from)?)
}
