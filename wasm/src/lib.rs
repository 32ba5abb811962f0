//! # ponte-wasm
//!
//! WebAssembly bindings of Ponte for browsers and Node: `validate`, `solve`
//! and `evaluate` take problems and solutions as JSON strings or plain
//! objects and return plain objects; failures are thrown as `Error` objects
//! named `PonteError` with a stable `code` and an `errors` array.
//!
//! Layout: [`convert`] (JS values ⇄ JSON text and options), [`errors`]
//! (`PonteError` objects), [`widget`] (free slots on a public snapshot,
//! version, zones), [`zones`] (the zone database this build keeps), and
//! with the `planner` feature: `control` (the clock and progress from JS),
//! `api` (validate, solve, evaluate), `booking` (free slots in a plan,
//! public snapshot, book, cancel, lock, replan, explain), `report` (the
//! HTML plan report and the monitoring CSV).
//!
//! Two builds: the full module (default features) for planners' pages and
//! Node, and the widget module (`--no-default-features`: only
//! `freeSlots`, `version`, `supportedTimezones`) that the booking widget
//! loads on residents' pages, a fraction of the size; `scripts/ci/wasm`
//! builds both.
//!
//! The TypeScript declarations are hand-written in `types/ponte.d.ts` (the
//! data types and what both builds export) and `types/planner.d.ts` (the
//! planner's functions that wasm-bindgen cannot declare), emitted into the
//! package's `.d.ts`.
//!
//! No code path here may panic (clippy denies `unwrap`, `expect`, `panic`
//! and indexing); should the core ever panic, the hook installed by the
//! first call prints a readable `console.error` before the module traps.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "planner")]
pub mod api;
#[cfg(feature = "planner")]
pub mod booking;
#[cfg(feature = "planner")]
pub mod control;
pub mod convert;
pub mod errors;
#[cfg(feature = "planner")]
pub mod report;
pub mod widget;
pub mod zones;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../types/ponte.d.ts");

#[cfg(feature = "planner")]
#[wasm_bindgen(typescript_custom_section)]
const PLANNER_TYPES: &'static str = include_str!("../types/planner.d.ts");

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Installs, once, a panic hook that prints a readable `console.error`.
/// Every export calls it first (a `#[wasm_bindgen(start)]` function would
/// be exported to JavaScript as well).
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error(&format!(
                "ponte-wasm: internal error, please report it (the module must be reloaded): {info}"
            ));
        }));
    });
}
