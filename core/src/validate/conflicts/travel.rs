//! Rule 4 among one mediator's locked requests: one that can be served
//! only in person and that no choice of modalities for the others leaves
//! the travel time to reach.

use super::super::locked::{in_person_choice, Locked};
use super::super::reader::ProblemReader;
use super::Finding;
use crate::interval::Minute;
use crate::time::Clock;

impl ProblemReader<'_> {
    /// Rule 4 among one mediator's locked requests (sorted by start), each
    /// one's modality still free: a request the mediator may also serve
    /// remotely can leave the chain of in-person engagements, one it can
    /// serve only in person cannot. The states are the possible last
    /// in-person engagements so far (`None`: none yet); an in-person-only
    /// request that no state reaches in time is a conflict.
    pub(super) fn locked_travel_conflicts(&self, clock: &Clock, entries: &[&Locked<'_>]) -> Vec<Finding> {
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
}
