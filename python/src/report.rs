//! Reports of a plan: the self-contained HTML page and the monitoring CSV.

use ponte::report::{Lang, ReportOptions};
use pyo3::prelude::*;

use crate::convert::{flag, solution_doc, text_argument};
use crate::errors::{BindingError, BindingResult};
use crate::solve::native_problem;

/// An optional argument, `None` counting as absent.
fn given<'a, 'py>(value: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    value.filter(|v| !v.is_none())
}

/// Reads `anonymize`, `title` and `lang` (`"it"`, the default, or `"en"`).
fn report_options(
    anonymize: Option<&Bound<'_, PyAny>>,
    title: Option<&Bound<'_, PyAny>>,
    lang: Option<&Bound<'_, PyAny>>,
) -> BindingResult<ReportOptions> {
    let anonymize = given(anonymize).map(|a| flag(a, "anonymize")).transpose()?.unwrap_or(false);
    let title = given(title).map(|t| text_argument(t, "title")).transpose()?;
    let lang = match given(lang).map(|l| text_argument(l, "lang")).transpose()?.as_deref() {
        None | Some("it") => Lang::It,
        Some("en") => Lang::En,
        Some(other) => {
            return Err(BindingError::argument("lang", format!("expected \"it\" or \"en\", got {other:?}")));
        }
    };
    Ok(ReportOptions { anonymize, title, lang })
}

/// The plan as one self-contained HTML page (inline CSS and SVG, no script,
/// no external asset): summary and cost, a timeline per day and mediator,
/// coverage by language and municipality, workshops, unassigned requests
/// with reasons, load and travel per mediator. `anonymize=True` shows
/// mediators as `M001`, ... and leaves out the reasons' messages; `lang`
/// is `"it"` (default) or `"en"`. Raises `Refused` (`PLAN_INVALID`) when
/// the plan does not fit the problem.
#[pyfunction]
#[pyo3(signature = (problem, solution, *, anonymize = None, title = None, lang = None))]
pub fn report_html(
    py: Python<'_>,
    problem: &Bound<'_, PyAny>,
    solution: &Bound<'_, PyAny>,
    anonymize: Option<&Bound<'_, PyAny>>,
    title: Option<&Bound<'_, PyAny>>,
    lang: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let options = report_options(anonymize, title, lang)?;
    let problem = native_problem(problem)?;
    let plan = solution_doc(solution, "solution")?;
    let page = py.detach(|| ponte::report::html(&problem, &plan, &options)).map_err(BindingError::from)?;
    Ok(page)
}

/// The monitoring summary for the network's funders as CSV text (Italian
/// spreadsheet conventions: `;`, decimal comma, UTF-8 with a byte-order
/// mark, CRLF): minutes delivered and requests served or unserved per
/// municipality, service and language (`by="municipality"`, the default),
/// or per mediator (`by="mediator"`).
#[pyfunction]
#[pyo3(signature = (problem, solution, *, by = None))]
pub fn monitoring_csv(
    py: Python<'_>,
    problem: &Bound<'_, PyAny>,
    solution: &Bound<'_, PyAny>,
    by: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let by_mediator = match given(by).map(|b| text_argument(b, "by")).transpose()?.as_deref() {
        None | Some("municipality") => false,
        Some("mediator") => true,
        Some(other) => {
            let message = format!("expected \"municipality\" or \"mediator\", got {other:?}");
            return Err(BindingError::argument("by", message).into());
        }
    };
    let problem = native_problem(problem)?;
    let plan = solution_doc(solution, "solution")?;
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
