//! Rule 6: no office hosts more than `capacity` engagements at any minute
//! (each assigned request of any modality once, each held session once,
//! staffed or not).

use super::{Feature, Fit, Misfit, RuleId, Schedule};
use crate::evaluate::plan::{EngagementOf, Plan};
use crate::evaluate::violation::{Findings, Refs};
use crate::interval::{Interval, Minute};
use crate::model::Problem;

/// Rule 6.
#[derive(Debug, Clone, Copy, Default)]
pub struct Capacity;

impl Feature for Capacity {
    const NUMBER: u8 = 6;
    const NAME: &'static str = "office capacity";

    fn check_office(&self, plan: &Plan<'_>, office: usize, out: &mut Findings) {
        let p = plan.problem();
        let Some(capacity) = p.offices()[office].capacity else {
            return;
        };
        let id = &p.offices()[office].id;
        for overload in overloads(plan.office_load(office), capacity as usize) {
            let mut labels: Vec<String> = overload.active.iter().map(|x| x.label(p)).collect();
            labels.sort();
            let message = format!(
                "office '{id}' (capacity {capacity}) hosts {} engagements from {} to {}: {}",
                overload.peak,
                p.clock().describe(overload.start),
                p.clock().describe(overload.end),
                labels.join(", ")
            );
            out.hard("CAPACITY_EXCEEDED", 6, message, None, Refs::office(id));
        }
    }

    /// Room at the office for one more engagement (requests only: a
    /// session counts once, staffed or not); try again when the first of
    /// those filling it ends.
    #[inline(always)]
    fn fits<S: Schedule>(state: &S, fit: &Fit<'_>) -> Result<(), Misfit> {
        if fit.counts_capacity {
            if let Some(capacity) = state.problem().offices()[fit.office].capacity {
                if let Some(until) = office_full(state, fit.office, capacity, fit.start, fit.end) {
                    return Err(Misfit { rule: RuleId::Capacity, detail: 0, retry_from: until });
                }
            }
        }
        Ok(())
    }

    fn code(_detail: u8) -> &'static str {
        "CAPACITY_EXCEEDED"
    }

    fn refusal(p: &Problem, fit: &Fit<'_>, _detail: u8) -> String {
        format!("office '{}' is full at {}", p.offices()[fit.office].id, p.clock().format(fit.start))
    }
}

/// When one more engagement over `[start, end)` would exceed the office's
/// capacity in `state`, the earliest end among the engagements that fill it.
#[inline(always)]
fn office_full<S: Schedule>(state: &S, office: usize, capacity: u32, start: Minute, end: Minute) -> Option<Minute> {
    if capacity == 0 {
        return Some(Minute::MAX);
    }
    let load = state.office_load(office);
    let from = load.partition_point(|x| x.0 < start - state.office_longest(office));
    let to = load.partition_point(|x| x.0 < end);
    let count = load[from..to].iter().filter(|x| x.1 > start).count();
    if count < capacity as usize {
        return None;
    }
    let overlapping: Vec<Interval> = load[from..to].iter().copied().filter(|x| x.1 > start).collect();
    let mut events: Vec<(Minute, i32)> = Vec::with_capacity(overlapping.len() * 2);
    for &(s, e) in &overlapping {
        events.push((s.max(start), 1));
        events.push((e.min(end), -1));
    }
    events.sort_unstable();
    let mut count = 0;
    for (_, delta) in events {
        count += delta;
        if count >= capacity as i32 {
            return Some(overlapping.iter().map(|x| x.1).min().unwrap_or(end));
        }
    }
    None
}

/// A maximal stretch where more than `capacity` engagements run at once.
struct Overload {
    start: Minute,
    end: Minute,
    peak: usize,
    /// What runs at the (first) peak.
    active: Vec<EngagementOf>,
}

/// The stretches over capacity, as the checker's `_overloads` finds them:
/// at each event time (ends before starts) the count is compared with the
/// capacity; a stretch ends at the first event time where it is back within.
fn overloads(load: &[(Minute, Minute, EngagementOf)], capacity: usize) -> Vec<Overload> {
    if load.len() <= capacity {
        return Vec::new();
    }
    let intervals: Vec<(Minute, Minute)> = load.iter().map(|&(start, end, _)| (start, end)).collect();
    // (start, peak count, time of the first peak)
    let mut stretches: Vec<(Minute, Minute, usize, Minute)> = Vec::new();
    let mut current: Option<(Minute, usize, Minute)> = None;
    for (time, count) in crate::interval::occupancy(&intervals) {
        let now = count.max(0) as usize;
        if now > capacity {
            match &mut current {
                None => current = Some((time, now, time)),
                Some((_, peak, at)) if now > *peak => (*peak, *at) = (now, time),
                Some(_) => {}
            }
        } else if let Some((start, peak, at)) = current.take() {
            stretches.push((start, time, peak, at));
        }
    }
    stretches
        .into_iter()
        .map(|(start, end, peak, at)| Overload {
            start,
            end,
            peak,
            active: load.iter().filter(|&&(s, e, _)| s <= at && at < e).map(|x| x.2).collect(),
        })
        .collect()
}
