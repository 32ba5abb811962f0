//! Python bindings of Ponte: the native module `ponte._ponte`.
//!
//! Thin by design: each function converts its input, calls the core,
//! converts its output. Conversions live in [`convert`], the exception
//! hierarchy and the mapping of core errors in [`errors`], and each area of
//! the API in its own module ([`problem`], [`solve`], [`evaluate`],
//! [`booking`]). The
//! pure-Python package `ponte` beside this crate builds the planner-facing
//! API (records with real datetimes, tables, Excel, calendars, CLI) on top.
//!
//! No `unwrap`, `expect` or `panic!` here: every failure becomes a Python
//! exception, and no panic ever reaches Python.
#![forbid(unsafe_code)]

mod booking;
mod convert;
mod errors;
mod evaluate;
mod problem;
mod report;
mod solve;

use pyo3::prelude::*;

/// The native module `ponte._ponte`.
#[pymodule]
fn _ponte(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("PROBLEM_FORMAT", "ponte-problem/1")?;
    m.add("SOLUTION_FORMAT", ponte::format::SOLUTION_FORMAT)?;
    errors::register(m)?;
    m.add_class::<problem::PyProblem>()?;
    m.add_function(wrap_pyfunction!(problem::validate, m)?)?;
    m.add_function(wrap_pyfunction!(problem::default_limits, m)?)?;
    m.add_function(wrap_pyfunction!(solve::solve, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate::evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(booking::free_slots, m)?)?;
    m.add_function(wrap_pyfunction!(booking::book, m)?)?;
    m.add_function(wrap_pyfunction!(booking::cancel, m)?)?;
    m.add_function(wrap_pyfunction!(booking::lock, m)?)?;
    m.add_function(wrap_pyfunction!(booking::replan, m)?)?;
    m.add_function(wrap_pyfunction!(booking::explain, m)?)?;
    m.add_function(wrap_pyfunction!(booking::snapshot, m)?)?;
    m.add_function(wrap_pyfunction!(booking::free_slots_in_snapshot, m)?)?;
    m.add_function(wrap_pyfunction!(booking::pseudonyms, m)?)?;
    m.add_function(wrap_pyfunction!(report::report_html, m)?)?;
    m.add_function(wrap_pyfunction!(report::monitoring_csv, m)?)?;
    m.add("SNAPSHOT_FORMAT", ponte::booking::SNAPSHOT_FORMAT)?;
    Ok(())
}
