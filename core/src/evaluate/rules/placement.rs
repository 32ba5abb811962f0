//! Rule 2: inside the window (or at the fixed start), the office's opening,
//! the mediator's availability minus absences and the horizon; a chosen
//! start on the slot grid.

use chrono::{Datelike, NaiveDate};

use super::{absence_detail, Feature};
use crate::evaluate::plan::Plan;
use crate::evaluate::read::Assignment;
use crate::evaluate::violation::{Findings, Refs};
use crate::interval::{covers, Minute};
use crate::model::{Holidays, Modality, Problem, Request, Timing};

/// Rule 2.
#[derive(Debug, Clone, Copy, Default)]
pub struct Placement;

impl Feature for Placement {
    const NUMBER: u8 = 2;
    const NAME: &'static str = "window, opening, availability, horizon and grid";

    fn check_assignment(&self, plan: &Plan<'_>, a: &Assignment, out: &mut Findings) {
        let p = plan.problem();
        let fmt = |m: Minute| p.clock().describe(m);
        let (request, mediator) = (&p.requests()[a.request], &p.mediators()[a.mediator]);
        let (start, end) = (a.start, a.start + request.duration);
        let role = a.role.map(|k| format!(" role {k}")).unwrap_or_default();
        let head = format!("request '{}'{role} with mediator '{}' at {}", request.id, mediator.id, fmt(start));
        let mut report = |code: &'static str, message: String| {
            out.hard(code, 2, format!("{head}: {message}"), Some(&a.path), Refs::assignment(&request.id, &mediator.id));
        };
        match request.timing {
            Timing::Fixed(fixed) => {
                if start != fixed {
                    report(
                        "WRONG_FIXED_START",
                        format!("starts at {} but its fixed start is {}", fmt(start), fmt(fixed)),
                    );
                }
            }
            Timing::Window { .. } if !request.windows.is_empty() => {
                if !request.windows.iter().any(|&(low, high)| low <= start && end <= high) {
                    let shown: Vec<String> =
                        request.windows.iter().map(|&(low, high)| format!("{}..{}", fmt(low), fmt(high))).collect();
                    let message =
                        format!("{}-{} lies inside none of its windows {}", fmt(start), fmt(end), shown.join(", "));
                    report("OUTSIDE_WINDOW", message);
                }
            }
            Timing::Window { earliest, latest } => {
                if start < earliest {
                    report("OUTSIDE_WINDOW", format!("starts at {}, before earliest {}", fmt(start), fmt(earliest)));
                }
                if end > latest {
                    report("OUTSIDE_WINDOW", format!("ends at {}, after latest {}", fmt(end), fmt(latest)));
                }
            }
        }
        let horizon = p.horizon();
        if start < horizon.0 || end > horizon.1 {
            report(
                "OUTSIDE_HORIZON",
                format!(
                    "{}-{} is not inside the horizon {}..{}",
                    fmt(start),
                    fmt(end),
                    p.horizon_start(),
                    p.horizon_end()
                ),
            );
        }
        let office = &p.offices()[request.office];
        if !covers(&office.open, start, end) {
            report(
                "OFFICE_CLOSED",
                format!(
                    "office '{}' is not open for the whole of {}-{}{}",
                    office.id,
                    fmt(start),
                    fmt(end),
                    closed_detail(p, request.office, start, end)
                ),
            );
        }
        if !covers(&mediator.available, start, end) {
            report(
                "MEDIATOR_UNAVAILABLE",
                format!(
                    "mediator '{}' is not available for the whole of {}-{}{}",
                    mediator.id,
                    fmt(start),
                    fmt(end),
                    absence_detail(p, a.mediator, start, end)
                ),
            );
        }
        if !p.start_on_grid(request, start) {
            report("OFF_GRID", format!("start {} is not on the {}-minute grid", fmt(start), p.slot_minutes()));
        }
    }

    /// Booking: the fixed start, the grid, and inside the window, the
    /// horizon, the office's opening and the mediator's availability.
    fn placement_problem(
        p: &Problem,
        request: &Request,
        m: usize,
        start: Minute,
        _language: &str,
        _modality: Modality,
    ) -> Option<(&'static str, String)> {
        if let Some(fixed) = request.fixed_start() {
            if fixed != start {
                return Some(("WRONG_FIXED_START", format!("the request's fixed start is {}", p.clock().format(fixed))));
            }
        }
        if !p.start_on_grid(request, start) {
            return Some((
                "OFF_GRID",
                format!("{} is not on the {}-minute grid", p.clock().format(start), p.slot_minutes()),
            ));
        }
        let mediator = &p.mediators()[m];
        if !covers(&p.free_intervals(request, mediator), start, start + request.duration) {
            return Some(("OUTSIDE_AVAILABILITY", format!(
                "{} for {} minutes is not inside the request's window, the horizon, the office's opening and mediator '{}''s availability",
                p.clock().format(start), request.duration, mediator.id
            )));
        }
        None
    }
}

/// Why an office is not open: the closed dates or holidays among the
/// engagement's first and last days, else "outside its opening hours".
fn closed_detail(p: &Problem, office: usize, start: Minute, end: Minute) -> String {
    let years = p.horizon_start().year()..=p.horizon_end().year();
    let holiday = |day: NaiveDate| {
        p.holidays() == Holidays::It && years.contains(&day.year()) && crate::time::is_italian_holiday(day)
    };
    let closed =
        |day: NaiveDate| p.offices()[office].closed.contains(&day) || p.network_closed().contains(&day) || holiday(day);
    let mut days = vec![p.local_date(start), p.local_date(start.max(end - 1))];
    days.sort_unstable();
    days.dedup();
    let labels: Vec<String> = days
        .into_iter()
        .filter(|&d| closed(d))
        .map(|d| {
            if p.holidays() == Holidays::It && crate::time::is_italian_holiday(d) {
                format!("{d} is a national holiday")
            } else {
                format!("{d} is a closed date")
            }
        })
        .collect();
    if labels.is_empty() {
        " (outside its opening hours)".to_string()
    } else {
        format!(" ({})", labels.join(", "))
    }
}
