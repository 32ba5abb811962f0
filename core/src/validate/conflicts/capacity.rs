//! Rule 6 before any plan: workshop sessions and locked requests that
//! together put an office over its capacity (`FIXED_CAPACITY_EXCEEDED`).

use std::collections::{BTreeMap, HashMap};

use super::super::reader::ProblemReader;
use super::Finding;
use crate::interval::Minute;

impl ProblemReader<'_> {
    /// `FIXED_CAPACITY_EXCEEDED` for each stretch where an office hosts more
    /// workshop sessions (inside the horizon) and locked requests than its capacity.
    pub(in crate::validate) fn fixed_capacity_errors(&self) -> Vec<Finding> {
        let (Some(clock), Some((_, last))) = (self.clock.as_ref(), self.horizon) else {
            return Vec::new();
        };
        let horizon_end = clock.day_start(last.succ_opt().unwrap_or(last));
        // What each office hosts whatever the plan: held sessions, then locked requests.
        let mut loads: HashMap<usize, Vec<(Minute, Minute, String)>> = HashMap::new();
        for workshop in self.workshops.iter().flatten() {
            for s in workshop.sessions.iter().filter(|s| 0 <= s.start && s.end() <= horizon_end) {
                let label = format!("session '{}/{}'", workshop.id, s.id);
                loads.entry(workshop.office).or_default().push((s.start, s.end(), label));
            }
        }
        for request in self.requests.iter().flatten().filter(|r| r.locked) {
            if let Some(previous) = request.previous {
                let (start, end) = (previous.start, previous.start + request.duration);
                loads.entry(request.office).or_default().push((start, end, format!("locked request '{}'", request.id)));
            }
        }
        let mut findings = Vec::new();
        for (index, office) in self.offices.iter().enumerate() {
            let Some(office) = office else { continue };
            let Some(capacity) = office.capacity else { continue };
            let Some(load) = loads.get(&index) else { continue };
            for (start, count, labels) in overloads(load, capacity) {
                let message = format!(
                    "office '{}' (capacity {capacity}) hosts {count} fixed engagements at {}: {}",
                    office.id,
                    clock.describe(start),
                    labels.join(", ")
                );
                findings.push(("FIXED_CAPACITY_EXCEEDED", format!("offices[{index}].capacity"), message));
            }
        }
        findings
    }
}

/// Maximal stretches where more than `capacity` engagements run at once:
/// `(start, peak count, labels at the peak)`.
fn overloads(load: &[(Minute, Minute, String)], capacity: u32) -> Vec<(Minute, usize, Vec<String>)> {
    let mut changes: BTreeMap<Minute, Vec<(i8, &str)>> = BTreeMap::new();
    for (start, end, label) in load.iter().filter(|(s, e, _)| s < e) {
        changes.entry(*start).or_default().push((1, label));
        changes.entry(*end).or_default().push((-1, label));
    }
    let capacity = usize::try_from(capacity).unwrap_or(usize::MAX);
    let mut active: Vec<&str> = Vec::new();
    let mut result = Vec::new();
    let mut current: Option<(Minute, usize, Vec<String>)> = None;
    for (time, mut deltas) in changes {
        deltas.sort_unstable();
        for (delta, label) in deltas {
            if delta > 0 {
                active.push(label);
            } else if let Some(at) = active.iter().position(|a| *a == label) {
                active.remove(at);
            }
        }
        if active.len() > capacity {
            let mut peak: Vec<String> = active.iter().map(|a| a.to_string()).collect();
            peak.sort_unstable();
            match current.as_mut() {
                None => current = Some((time, active.len(), peak)),
                Some(c) if active.len() > c.1 => (c.1, c.2) = (active.len(), peak),
                Some(_) => {}
            }
        } else if let Some(c) = current.take() {
            result.push(c);
        }
    }
    result.extend(current);
    result
}
