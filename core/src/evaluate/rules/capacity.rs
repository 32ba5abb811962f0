//! Rule 6: no office hosts more than `capacity` engagements at any minute
//! (each assigned request of any modality once, each held session once,
//! staffed or not).

use super::HardRule;
use crate::evaluate::plan::{EngagementOf, Plan};
use crate::evaluate::violation::{Findings, Refs};
use crate::interval::Minute;

/// Rule 6.
#[derive(Debug, Clone, Copy, Default)]
pub struct Capacity;

impl HardRule for Capacity {
    fn number(&self) -> u8 {
        6
    }

    fn name(&self) -> &'static str {
        "office capacity"
    }

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
