//! # ponte-wasm
//!
//! WebAssembly bindings of Ponte for browsers and Node: `validate`, `solve`
//! and `evaluate` take problems and solutions as JSON strings or plain
//! objects and return plain objects; failures are thrown as `Error` objects
//! named `PonteError` with a stable `code` and an `errors` array.
//!
//! Layout: [`convert`] (JS values ⇄ JSON text and options), [`errors`]
//! (`PonteError` objects), [`control`] (the clock and progress from JS),
//! [`api`] (validate, solve, evaluate), [`booking`] (free slots, public
//! snapshot, book, cancel, lock, replan, explain), [`report`] (the HTML
//! plan report and the monitoring CSV), [`zones`] (the zone
//! database this build keeps).
//! The TypeScript declarations are hand-written in `types/ponte.d.ts` and
//! emitted into the package's `.d.ts`.
//!
//! No code path here may panic (clippy denies `unwrap`, `expect`, `panic`
//! and indexing); should the core ever panic, the hook installed by the
//! first call prints a readable `console.error` before the module traps.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod booking;
pub mod control;
pub mod convert;
pub mod errors;
pub mod report;
pub mod zones;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../types/ponte.d.ts");

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
