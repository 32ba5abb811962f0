//! `solve`: runs the core's search with the GIL released.
//!
//! The binding brings what the core leaves to its caller: the clock
//! (`std::time::Instant`), progress reports (a Python callback, called with
//! the GIL re-acquired and throttled) and cancellation (Ctrl-C, checked
//! every few tens of milliseconds from `should_stop`, or a callback that
//! returns `False` or raises).

use std::sync::Arc;
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use pyo3::types::PyDict;

use ponte::solve::budget::{self, Operation};
use ponte::solve::{Progress, SolveControl, SolveOptions, StopReason};

use crate::convert::{optional_count, optional_seconds, to_py, type_name};
use crate::errors::{BindingError, BindingResult};
use crate::problem::PyProblem;

/// How often `should_stop` looks at Python's signals (Ctrl-C).
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// The caller's side of a solve (or a repair): clock, progress and cancellation.
pub(crate) struct PythonControl<'a> {
    started: Instant,
    callback: Option<&'a Py<PyAny>>,
    interval: Duration,
    last_report: Option<Instant>,
    next_signal_check: Instant,
    /// A Python exception raised while solving (KeyboardInterrupt, or the
    /// callback's own): raised once the solve has returned.
    pub(crate) error: Option<PyErr>,
    /// Set when the callback returned `False` or raised, or Ctrl-C came.
    pub(crate) stop: bool,
}

impl<'a> PythonControl<'a> {
    pub(crate) fn new(callback: Option<&'a Py<PyAny>>, interval: Duration) -> PythonControl<'a> {
        let now = Instant::now();
        PythonControl {
            started: now,
            callback,
            interval,
            last_report: None,
            next_signal_check: now,
            error: None,
            stop: false,
        }
    }

    pub(crate) fn elapsed_seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Calls the callback (GIL held by the caller); `False` or an exception stops the solve.
    pub(crate) fn report(&mut self, py: Python<'_>, progress: &Progress, done: bool) {
        let Some(callback) = self.callback else { return };
        let result = progress_dict(py, progress, self.elapsed_seconds(), done)
            .and_then(|report| callback.bind(py).call1((report,)));
        match result {
            Ok(answer) if answer.is_instance_of::<pyo3::types::PyBool>() && !answer.is_truthy().unwrap_or(true) => {
                self.stop = true;
            }
            Ok(_) => {}
            Err(err) => {
                self.error.get_or_insert(err);
                self.stop = true;
            }
        }
    }
}

impl SolveControl for PythonControl<'_> {
    fn elapsed_ms(&mut self) -> Option<f64> {
        Some(self.started.elapsed().as_secs_f64() * 1000.0)
    }

    fn on_progress(&mut self, progress: &Progress) {
        if self.stop || self.callback.is_none() {
            return;
        }
        let now = Instant::now();
        if self.last_report.is_some_and(|last| now.duration_since(last) < self.interval) {
            return;
        }
        self.last_report = Some(now);
        Python::attach(|py| self.report(py, progress, false));
    }

    fn should_stop(&mut self) -> bool {
        if self.stop {
            return true;
        }
        let now = Instant::now();
        if now >= self.next_signal_check {
            self.next_signal_check = now + SIGNAL_CHECK;
            if let Err(err) = Python::attach(|py| py.check_signals()) {
                self.error.get_or_insert(err);
                self.stop = true;
            }
        }
        self.stop
    }
}

/// The search budget and seed of `solve` and `replan`, by the core's rule
/// ([`ponte::solve::budget::options`]).
pub(crate) fn search_options(
    time_limit: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    iterations: Option<&Bound<'_, PyAny>>,
    operation: Operation,
) -> BindingResult<SolveOptions> {
    let time_limit_ms = optional_seconds(time_limit, "time_limit")?.map(|seconds| (seconds * 1000.0).round() as u64);
    let iterations = optional_count(iterations, "iterations")?;
    Ok(budget::options(operation, optional_count(seed, "seed")?, time_limit_ms, iterations))
}

/// The `progress` callback (a callable or `None`) and its throttling interval (default 0.5 s).
pub(crate) fn progress_callback(
    progress: Option<&Bound<'_, PyAny>>,
    progress_interval: Option<&Bound<'_, PyAny>>,
) -> BindingResult<(Option<Py<PyAny>>, Duration)> {
    let interval = optional_seconds(progress_interval, "progress_interval")?.unwrap_or(0.5);
    let callback = match progress.filter(|p| !p.is_none()) {
        None => None,
        Some(p) if p.is_callable() => Some(p.clone().unbind()),
        Some(p) => {
            return Err(BindingError::argument("progress", format!("expected a callable, got {}", type_name(p))))
        }
    };
    Ok((callback, Duration::from_secs_f64(interval)))
}

/// The core's problem inside a `ponte._ponte.Problem` (`InvalidArgument` for anything else).
pub(crate) fn native_problem(problem: &Bound<'_, PyAny>) -> BindingResult<Arc<ponte::Problem>> {
    let problem = problem.cast::<PyProblem>().map_err(|_| {
        BindingError::argument("problem", format!("expected a ponte._ponte.Problem, got {}", type_name(problem)))
    })?;
    Ok(problem.get().inner.clone())
}

fn progress_dict<'py>(py: Python<'py>, p: &Progress, elapsed: f64, done: bool) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("iteration", p.iteration)?;
    dict.set_item("best_cost", p.best_cost)?;
    dict.set_item("assigned", p.assigned)?;
    dict.set_item("unassigned", p.unassigned)?;
    dict.set_item("elapsed", elapsed)?;
    dict.set_item("done", done)?;
    Ok(dict)
}

pub(crate) fn stop_name(stop: StopReason) -> &'static str {
    match stop {
        StopReason::Iterations => "iterations",
        StopReason::TimeLimit => "time_limit",
        StopReason::Cancelled => "cancelled",
        StopReason::Complete => "complete",
    }
}

/// Solves a problem. Returns a dict `{solution, iterations, stop, elapsed,
/// threads, operators}`: the `ponte-solution/1` document as a dict, the
/// local-search iterations done (by every island), why the search stopped
/// (`iterations`, `time_limit`, `cancelled`, `complete`), the seconds the
/// core's search took (conversions excluded), the islands that searched,
/// and per ruin operator a dict `{name, iterations, accepted, improving,
/// new_best, time_share}` (`time_share` sampled with the clock).
///
/// `threads` is the number of islands searching in parallel (default: the
/// cores available, `std::thread::available_parallelism`); `iterations` is
/// then each island's budget, and the plan is the same for the same seed,
/// iterations and threads.
///
/// `time_limit` is in seconds (`None`: no limit; with neither a time limit
/// nor `iterations` the core's default budget applies). `progress` is called
/// with a dict `{iteration, best_cost, assigned, unassigned, elapsed, done}`
/// at most every `progress_interval` seconds while the best plan improves,
/// and once at the end with `done=True`; returning `False` stops the search
/// (the best plan so far is returned). Ctrl-C (or an exception raised by
/// `progress`) stops the search and is raised.
#[pyfunction]
#[pyo3(signature = (problem, *, time_limit=None, seed=None, iterations=None, progress=None, progress_interval=None, threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn solve<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    time_limit: Option<&Bound<'py, PyAny>>,
    seed: Option<&Bound<'py, PyAny>>,
    iterations: Option<&Bound<'py, PyAny>>,
    progress: Option<&Bound<'py, PyAny>>,
    progress_interval: Option<&Bound<'py, PyAny>>,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(run(py, problem, time_limit, seed, iterations, progress, progress_interval, threads)?)
}

/// The `threads` argument: a whole number from 1 to the core's maximum,
/// or `None` for the cores available.
fn threads_option(threads: Option<&Bound<'_, PyAny>>) -> BindingResult<usize> {
    match optional_count(threads, "threads")? {
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get()).min(ponte::solve::MAX_THREADS)),
        Some(n) if n >= 1 && n <= ponte::solve::MAX_THREADS as u64 => Ok(n as usize),
        Some(n) => Err(BindingError::argument(
            "threads",
            format!("expected a whole number from 1 to {}, got {n}", ponte::solve::MAX_THREADS),
        )),
    }
}

#[allow(clippy::too_many_arguments)]
fn run<'py>(
    py: Python<'py>,
    problem: &Bound<'py, PyAny>,
    time_limit: Option<&Bound<'py, PyAny>>,
    seed: Option<&Bound<'py, PyAny>>,
    iterations: Option<&Bound<'py, PyAny>>,
    progress: Option<&Bound<'py, PyAny>>,
    progress_interval: Option<&Bound<'py, PyAny>>,
    threads: Option<&Bound<'py, PyAny>>,
) -> BindingResult<Bound<'py, PyAny>> {
    let mut options = search_options(time_limit, seed, iterations, Operation::Solve)?;
    options.threads = Some(threads_option(threads)?);
    let (callback, interval) = progress_callback(progress, progress_interval)?;
    let inner = native_problem(problem)?;
    py.check_signals()?;
    let mut control = PythonControl::new(callback.as_ref(), interval);
    let outcome = py.detach(|| ponte::solve::solve(&inner, &options, &mut control));
    let solve_seconds = control.elapsed_seconds();
    if let Some(err) = control.error.take() {
        return Err(err.into());
    }
    // The final report describes the plan returned (the best one).
    let last = Progress {
        iteration: outcome.iterations,
        best_cost: outcome.solution.cost.total,
        assigned: outcome.solution.assignments.len(),
        unassigned: outcome.solution.unassigned.len(),
    };
    control.report(py, &last, true);
    if let Some(err) = control.error.take() {
        return Err(err.into());
    }
    py.check_signals()?;
    let result = PyDict::new(py);
    result.set_item("solution", to_py(py, &outcome.solution)?)?;
    result.set_item("iterations", outcome.iterations)?;
    result.set_item("stop", stop_name(outcome.stop))?;
    result.set_item("elapsed", solve_seconds)?;
    result.set_item("threads", outcome.stats.islands)?;
    let operators = pyo3::types::PyList::empty(py);
    for (o, share) in outcome.stats.operators.iter().zip(outcome.stats.time_shares()) {
        let entry = PyDict::new(py);
        entry.set_item("name", o.name)?;
        entry.set_item("iterations", o.iterations)?;
        entry.set_item("accepted", o.accepted)?;
        entry.set_item("improving", o.improving)?;
        entry.set_item("new_best", o.new_best)?;
        entry.set_item("time_share", share)?;
        operators.append(entry)?;
    }
    result.set_item("operators", operators)?;
    Ok(result.into_any())
}
