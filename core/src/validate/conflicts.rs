//! Rule 7, second part: locked requests that together break rule 3, 4 or
//! 5 (`LOCKED_CONFLICT`), and workshop sessions with locked requests over
//! an office's capacity (`FIXED_CAPACITY_EXCEEDED`).

use std::collections::{BTreeMap, HashMap};

use super::locked::{in_person_choice, Locked};
use super::reader::ProblemReader;
use crate::interval::Minute;
use crate::time::Clock;

type Finding = (&'static str, String, String);

impl ProblemReader<'_> {
    /// `LOCKED_CONFLICT`s of each mediator's locked requests.
    pub(super) fn locked_conflicts(&self, locked: &[Locked<'_>], travel_ok: bool) -> Vec<Finding> {
        let Some(clock) = self.clock.as_ref() else { return Vec::new() };
        let mut by_mediator: Vec<(usize, Vec<&Locked<'_>>)> = Vec::new();
        let mut at: HashMap<usize, usize> = HashMap::new();
        for entry in locked {
            match at.get(&entry.mediator_index) {
                Some(&i) => by_mediator[i].1.push(entry),
                None => {
                    at.insert(entry.mediator_index, by_mediator.len());
                    by_mediator.push((entry.mediator_index, vec![entry]));
                }
            }
        }
        let mut findings = Vec::new();
        for (mediator_index, mut entries) in by_mediator {
            entries.sort_by(|a, b| (a.start, a.end(), &a.request.id).cmp(&(b.start, b.end(), &b.request.id)));
            let mediator = entries[0].mediator;
            for (i, first) in entries.iter().enumerate() {
                for second in entries[i + 1..].iter().take_while(|s| s.start < first.end()) {
                    let (a, b, m) = (&first.request.id, &second.request.id, &mediator.id);
                    let message = format!("locked requests '{a}' and '{b}' overlap for mediator '{m}' (rule 3)");
                    findings.push(("LOCKED_CONFLICT", second.path(), message));
                }
            }
            if travel_ok {
                findings.extend(self.locked_travel_conflicts(clock, &entries));
            }
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
                        let before = if worked > 0 {
                            format!(" and {worked} minutes worked before the horizon")
                        } else {
                            String::new()
                        };
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
        }
        findings
    }

    /// Rule 4 among one mediator's locked requests (sorted by start), each
    /// one's modality still free: a request the mediator may also serve
    /// remotely can leave the chain of in-person engagements, one it can
    /// serve only in person cannot. The states are the possible last
    /// in-person engagements so far (`None`: none yet); an in-person-only
    /// request that no state reaches in time is a conflict.
    fn locked_travel_conflicts(&self, clock: &Clock, entries: &[&Locked<'_>]) -> Vec<Finding> {
        let fmt = |minute: Minute| clock.describe(minute);
        let mut findings = Vec::new();
        let mut states: Vec<Option<&Locked<'_>>> = vec![None];
        for &entry in entries {
            let Some(forced) = in_person_choice(entry.request, entry.mediator) else { continue };
            let mut reachable = Vec::new();
            let mut short: Option<(&Locked<'_>, Minute, i64)> = None;
            for &state in &states {
                let Some(before) = state else {
                    reachable.push(state);
                    continue;
                };
                let end = before.end();
                if end > entry.start {
                    reachable.push(state);
                    continue;
                }
                match self.office_travel(before.request.office, entry.request.office) {
                    Some(minutes) if end + minutes > entry.start => {
                        if short.is_none_or(|(_, e, _)| end > e) {
                            short = Some((before, end, minutes));
                        }
                    }
                    _ => reachable.push(state),
                }
            }
            if forced {
                if let (true, Some((before, end, minutes))) = (reachable.is_empty(), short) {
                    let office = |l: &Locked<'_>| {
                        self.offices[l.request.office].as_ref().map_or("?", |o| o.id.as_str()).to_string()
                    };
                    let message = format!(
                        "locked request '{}' at office '{}' ({}) can be served by mediator '{}' only in person, \
                         and no choice of modalities for the other locked requests leaves the travel time: after \
                         locked request '{}' at office '{}' ends {} there are {} minutes, travel needs {minutes} (rule 4)",
                        entry.request.id,
                        office(entry),
                        fmt(entry.start),
                        entry.mediator.id,
                        before.request.id,
                        office(before),
                        fmt(end),
                        entry.start - end
                    );
                    findings.push(("LOCKED_CONFLICT", entry.path(), message));
                }
                states = vec![Some(entry)];
            } else if !reachable.is_empty() {
                states.push(Some(entry));
            }
        }
        findings
    }

    /// `FIXED_CAPACITY_EXCEEDED` for each stretch where an office hosts more
    /// workshop sessions (inside the horizon) and locked requests than its capacity.
    pub(super) fn fixed_capacity_errors(&self) -> Vec<Finding> {
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
