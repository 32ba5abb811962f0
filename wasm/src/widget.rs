//! The exports the booking widget needs on residents' pages: free slots on
//! a public availability snapshot, the version and the zones this build
//! knows. They are the only exports of the widget build
//! (`--no-default-features`, without the `planner` feature), which
//! `scripts/ci/wasm` writes to `wasm/pkg-widget`; the full build has them
//! too, with the same answers.

use ponte::booking::{PublicSnapshot, SlotQuery};
use wasm_bindgen::prelude::*;

use crate::convert::{to_js, typed_document};
use crate::errors::WasmError;

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
    let found = ponte::booking::free_slots_in_snapshot(&snapshot, &query).map_err(WasmError::from)?;
    Ok(to_js(&found)?)
}

/// The version of the core this module was built from.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::install_panic_hook();
    env!("CARGO_PKG_VERSION").to_string()
}

/// The IANA zones this build knows (the wasm build keeps only some).
#[wasm_bindgen(js_name = supportedTimezones, unchecked_return_type = "string[]")]
pub fn supported_timezones() -> JsValue {
    crate::install_panic_hook();
    let array = js_sys::Array::new();
    for name in crate::zones::kept_zones() {
        array.push(&JsValue::from_str(name));
    }
    array.into()
}
