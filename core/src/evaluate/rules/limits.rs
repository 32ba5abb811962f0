//! Rule 5: daily and weekly engaged minutes (travel excluded) within the
//! mediator's maxima; an engagement counts for the local day and ISO week
//! of its start, and a week's minutes include those `worked` before the
//! horizon in that week (a week the plan does not engage the mediator in
//! never breaks the rule). The solver's state starts each week's count at
//! the minutes worked, so its check needs nothing more.

use super::{Feature, Fit, Misfit, RuleId, Schedule};
use crate::evaluate::plan::{Engagement, Plan};
use crate::evaluate::violation::{Findings, Refs};
use crate::interval::Minute;
use crate::model::{Mediator, Problem, Request};

/// Rule 5.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits;

impl Feature for Limits {
    const NUMBER: u8 = 5;
    const NAME: &'static str = "daily and weekly maxima";
    const OWN_SCHEDULE: bool = true;

    fn check_schedule(&self, plan: &Plan<'_>, mediator: usize, engagements: &[Engagement], out: &mut Findings) {
        let p = plan.problem();
        let m = &p.mediators()[mediator];
        if let Some(limit) = m.max_minutes_per_day {
            // Engagements are in start order, so equal days are adjacent.
            for (day, total) in totals(engagements.iter().map(|e| (p.local_date(e.start), e.duration()))) {
                if total > limit {
                    let message = format!(
                        "mediator '{}' is engaged {total} minutes in day {day}, over max_minutes_per_day {limit}",
                        m.id
                    );
                    out.hard("DAILY_LIMIT", 5, message, None, Refs::mediator(&m.id));
                }
            }
        }
        if let Some(limit) = m.max_minutes_per_week {
            for ((year, week), total) in totals(engagements.iter().map(|e| (p.clock().iso_week(e.start), e.duration())))
            {
                let worked = m.worked_in((year, week));
                if total + worked > limit {
                    let before = if worked > 0 {
                        format!(" (and worked {worked} minutes before the horizon)")
                    } else {
                        String::new()
                    };
                    let message = format!(
                        "mediator '{}' is engaged {total} minutes in week {year}-W{week:02}{before}, over max_minutes_per_week {limit}",
                        m.id
                    );
                    out.hard("WEEKLY_LIMIT", 5, message, None, Refs::mediator(&m.id));
                }
            }
        }
    }

    /// The day's and the week's engaged minutes with the new engagement
    /// within the maxima; try again the next day, or the next week.
    #[inline(always)]
    fn fits<S: Schedule>(state: &S, fit: &Fit<'_>) -> Result<(), Misfit> {
        let mediator = &state.problem().mediators()[fit.mediator];
        let day = state.day_of(fit.start);
        let duration = fit.end - fit.start;
        if let Some(max) = mediator.max_minutes_per_day {
            if state.day_minutes(fit.mediator, day) + duration > max {
                return Err(Misfit { rule: RuleId::Limits, detail: DAILY, retry_from: state.day_starts()[day + 1] });
            }
        }
        if let Some(max) = mediator.max_minutes_per_week {
            let day_week = state.day_week();
            let week = day_week[day];
            if state.week_minutes(fit.mediator, week) + duration > max {
                let next_week =
                    day_week.iter().position(|&w| w > week).map_or(Minute::MAX, |d| state.day_starts()[d]);
                return Err(Misfit { rule: RuleId::Limits, detail: WEEKLY, retry_from: next_week });
            }
        }
        Ok(())
    }

    fn code(detail: u8) -> &'static str {
        if detail == DAILY {
            "DAILY_LIMIT"
        } else {
            "WEEKLY_LIMIT"
        }
    }

    fn refusal(p: &Problem, fit: &Fit<'_>, detail: u8) -> String {
        let which = if detail == DAILY { "max_minutes_per_day" } else { "max_minutes_per_week" };
        format!("mediator '{}' would exceed {which}", p.mediators()[fit.mediator].id)
    }

    fn admits(p: &Problem, request: &Request, m: usize) -> bool {
        Limits::admits_minutes(&p.mediators()[m], request.duration)
    }
}

/// [`Misfit::detail`] of the daily and the weekly maximum.
const DAILY: u8 = 0;
const WEEKLY: u8 = 1;

impl Limits {
    /// Whether one engagement of `minutes` alone is within the mediator's maxima.
    pub(crate) fn admits_minutes(mediator: &Mediator, minutes: i64) -> bool {
        mediator.within_maxima(minutes)
    }
}

/// Sums per key, keys in order of first appearance.
fn totals<K: PartialEq>(items: impl Iterator<Item = (K, i64)>) -> Vec<(K, i64)> {
    let mut sums: Vec<(K, i64)> = Vec::new();
    for (key, minutes) in items {
        match sums.iter_mut().rev().find(|(k, _)| *k == key) {
            Some((_, total)) => *total += minutes,
            None => sums.push((key, minutes)),
        }
    }
    sums
}
