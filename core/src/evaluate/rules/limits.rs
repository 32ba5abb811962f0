//! Rule 5: daily and weekly engaged minutes (travel excluded) within the
//! mediator's maxima; an engagement counts for the local day and ISO week
//! of its start.

use super::HardRule;
use crate::evaluate::plan::{Engagement, Plan};
use crate::evaluate::violation::{Findings, Refs};

/// Rule 5.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits;

impl HardRule for Limits {
    fn number(&self) -> u8 {
        5
    }

    fn name(&self) -> &'static str {
        "daily and weekly maxima"
    }

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
                if total > limit {
                    let message = format!(
                        "mediator '{}' is engaged {total} minutes in week {year}-W{week:02}, over max_minutes_per_week {limit}",
                        m.id
                    );
                    out.hard("WEEKLY_LIMIT", 5, message, None, Refs::mediator(&m.id));
                }
            }
        }
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
