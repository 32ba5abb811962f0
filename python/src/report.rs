//! Reports of a plan: the self-contained HTML page and the monitoring CSV.

use ponte::report::{Lang, ReportOptions};
use pyo3::prelude::*;

use crate::convert::solution_doc;
use crate::errors::{BindingError, BindingResult};
use crate::problem::PyProblem;

/// The report's language from `"it"` (Italian, the default) or `"en"`.
fn lang_argument(lang: &str) -> BindingResult<Lang> {
    match lang {
        "it" => Ok(Lang::It),
        "en" => Ok(Lang::En),
        other => Err(BindingError::argument("lang", format!("expected \"it\" or \"en\", got {other:?}"))),
    }
}

/// The plan as one self-contained HTML page (inline CSS and SVG, no script,
/// no external asset): summary and cost, a timeline per day and mediator,
/// coverage by language and municipality, workshops, unassigned requests
/// with reasons, load and travel per mediator. `anonymize=True` shows
/// mediators as `M001`, ... and leaves out the reasons' messages.
/// Raises `InvalidSolution` when the plan does not fit the problem.
#[pyfunction]
#[pyo3(signature = (problem, solution, *, anonymize = false, title = None, lang = "it"))]
pub fn report_html(
    py: Python<'_>,
    problem: &Bound<'_, PyProblem>,
    solution: &Bound<'_, PyAny>,
    anonymize: bool,
    title: Option<String>,
    lang: &str,
) -> PyResult<String> {
    let options = ReportOptions { anonymize, title, lang: lang_argument(lang)? };
    let plan = solution_doc(solution, "solution")?;
    let problem = problem.get().inner.clone();
    let page = py.detach(|| ponte::report::html(&problem, &plan, &options)).map_err(BindingError::from)?;
    Ok(page)
}

/// The monitoring summary for the network's funders as CSV text (Italian
/// spreadsheet conventions: `;`, decimal comma, UTF-8 with a byte-order
/// mark, CRLF): minutes delivered and requests served or unserved per
/// municipality, service and language (`by="municipality"`), or per
/// mediator (`by="mediator"`).
#[pyfunction]
#[pyo3(signature = (problem, solution, *, by = "municipality"))]
pub fn monitoring_csv(
    py: Python<'_>,
    problem: &Bound<'_, PyProblem>,
    solution: &Bound<'_, PyAny>,
    by: &str,
) -> PyResult<String> {
    let by_mediator = match by {
        "municipality" => false,
        "mediator" => true,
        other => {
            return Err(BindingError::argument(
                "by",
                format!("expected \"municipality\" or \"mediator\", got {other:?}"),
            )
            .into())
        }
    };
    let plan = solution_doc(solution, "solution")?;
    let problem = problem.get().inner.clone();
    let text = py
        .detach(|| {
            if by_mediator {
                ponte::report::monitoring_csv_by_mediator(&problem, &plan)
            } else {
                ponte::report::monitoring_csv(&problem, &plan)
            }
        })
        .map_err(BindingError::from)?;
    Ok(text)
}
