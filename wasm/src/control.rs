//! The solve's clock, progress and cancellation, from JavaScript.
//!
//! The clock is `performance.now()` where the host has it (browsers, Node)
//! and `Date.now()` otherwise. Progress goes to the caller's `onProgress`
//! callback as `{iteration, bestCost, assigned, unassigned, elapsedMs}`; the
//! callback returning `false` stops the search (the best plan so far is
//! kept), and a callback that throws stops it too: the solve then throws a
//! `CALLBACK_FAILED` error whose `cause` is the callback's exception.

use js_sys::{Function, Object, Reflect};
use ponte::solve::{Progress, SolveControl};
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::{code, WasmError};

/// A [`SolveControl`] backed by JavaScript.
pub struct JsControl {
    clock: Clock,
    started: f64,
    on_progress: Option<Function>,
    stop: bool,
    /// The exception the callback threw, if it did.
    pub callback_error: Option<JsValue>,
}

struct Clock {
    performance: Option<(JsValue, Function)>,
}

impl Clock {
    fn new() -> Clock {
        let global: JsValue = js_sys::global().into();
        let performance =
            Reflect::get(&global, &JsValue::from_str("performance")).ok().filter(|p| p.is_object()).and_then(|p| {
                let now = Reflect::get(&p, &JsValue::from_str("now")).ok()?;
                now.dyn_into::<Function>().ok().map(|now| (p, now))
            });
        Clock { performance }
    }

    fn now_ms(&self) -> f64 {
        if let Some((performance, now)) = &self.performance {
            if let Some(ms) = now.call0(performance).ok().and_then(|v| v.as_f64()) {
                return ms;
            }
        }
        js_sys::Date::now()
    }
}

impl JsControl {
    /// Starts the clock.
    pub fn new(on_progress: Option<Function>) -> JsControl {
        let clock = Clock::new();
        let started = clock.now_ms();
        JsControl { clock, started, on_progress, stop: false, callback_error: None }
    }

    /// Milliseconds since [`JsControl::new`].
    pub fn elapsed(&self) -> f64 {
        (self.clock.now_ms() - self.started).max(0.0)
    }

    /// `CALLBACK_FAILED` (with the exception as its `cause`) when the
    /// callback threw during the search.
    pub fn callback_failure(&mut self) -> Result<(), WasmError> {
        match self.callback_error.take() {
            None => Ok(()),
            Some(cause) => {
                let message = format!("onProgress threw: {}", crate::convert::describe_exception(&cause));
                Err(WasmError::new(code::CALLBACK_FAILED, "options.onProgress", message).with_cause(cause))
            }
        }
    }
}

impl SolveControl for JsControl {
    fn elapsed_ms(&mut self) -> Option<f64> {
        Some(self.elapsed())
    }

    fn on_progress(&mut self, progress: &Progress) {
        let Some(callback) = &self.on_progress else { return };
        if self.stop {
            return;
        }
        let report = Object::new();
        let entries: [(&str, f64); 5] = [
            ("iteration", progress.iteration as f64),
            ("bestCost", progress.best_cost as f64),
            ("assigned", progress.assigned as f64),
            ("unassigned", progress.unassigned as f64),
            ("elapsedMs", self.elapsed()),
        ];
        for (key, value) in entries {
            let _ = Reflect::set(&report, &JsValue::from_str(key), &JsValue::from_f64(value));
        }
        match callback.call1(&JsValue::UNDEFINED, &report) {
            Ok(answer) => {
                if answer.as_bool() == Some(false) {
                    self.stop = true;
                }
            }
            Err(error) => {
                self.stop = true;
                self.callback_error = Some(error);
            }
        }
    }

    fn should_stop(&mut self) -> bool {
        self.stop
    }
}
