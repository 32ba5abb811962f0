//! Rule 5 among one mediator's locked requests: together over a day's or
//! a week's maximum (minutes worked before the horizon count toward the
//! week's).

use super::super::locked::Locked;
use super::Finding;
use crate::time::Clock;

/// One `LOCKED_CONFLICT` per day or ISO week where a mediator's locked
/// requests (each fitting alone) take more than the maximum.
pub(super) fn locked_over_limits(clock: &Clock, mediator_index: usize, entries: &[&Locked<'_>]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mediator = entries[0].mediator;
    let limits = [("day", mediator.max_minutes_per_day), ("week", mediator.max_minutes_per_week)];
    for (label, limit) in limits {
        let Some(limit) = limit else { continue };
        // Minutes worked before the horizon count toward a week's maximum.
        let worked_in = |entry: &Locked<'_>| {
            if label == "day" {
                0
            } else {
                mediator.worked_in(clock.iso_week(entry.start))
            }
        };
        let mut groups: Vec<(String, i64, Vec<&Locked<'_>>)> = Vec::new();
        // Longer ones are LOCKED_IMPOSSIBLE alone.
        for entry in entries.iter().filter(|e| e.request.duration + worked_in(e) <= limit) {
            let key = if label == "day" {
                clock.local_date(entry.start).to_string()
            } else {
                let (year, week) = clock.iso_week(entry.start);
                format!("{year}-W{week:02}")
            };
            match groups.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, _, members)) => members.push(entry),
                None => groups.push((key, worked_in(entry), vec![entry])),
            }
        }
        for (when, worked, members) in groups {
            let total: i64 = members.iter().map(|e| e.request.duration).sum();
            if members.len() > 1 && total + worked > limit {
                let ids: Vec<String> = members.iter().map(|e| format!("'{}'", e.request.id)).collect();
                let before =
                    if worked > 0 { format!(" and {worked} minutes worked before the horizon") } else { String::new() };
                let message = format!(
                    "locked requests {} of mediator '{}' take {total} minutes{before} in {label} {when}, \
                     over max_minutes_per_{label} {limit} (rule 5)",
                    ids.join(", "),
                    mediator.id
                );
                findings.push(("LOCKED_CONFLICT", format!("mediators[{mediator_index}]"), message));
            }
        }
    }
    findings
}
