//! Rule 7, second part: locked requests that together break a hard rule
//! (`LOCKED_CONFLICT`), one file per rule: [`overlap`] (rule 3),
//! [`travel`] (rule 4), [`limits`] (rule 5), [`breaks`] (rule 9, and rules 4
//! and 9 together); and workshop sessions with locked requests over an
//! office's capacity ([`capacity`], `FIXED_CAPACITY_EXCEEDED`).
//!
//! They run on what the reader has read cleanly, before the model exists,
//! so that a document's every input error is reported at once, as the
//! checker does; the hard rules' evaluation of a plan is in
//! `evaluate::rules`, one file per rule.

mod breaks;
mod capacity;
mod limits;
mod overlap;
mod travel;

use std::collections::HashMap;

use super::locked::Locked;
use super::reader::ProblemReader;

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
            findings.extend(overlap::locked_overlaps(&entries));
            let mut travel_conflicts = false;
            if travel_ok {
                let found = self.locked_travel_conflicts(clock, &entries);
                travel_conflicts = !found.is_empty();
                findings.extend(found);
            }
            findings.extend(limits::locked_over_limits(clock, mediator_index, &entries));
            findings.extend(self.locked_break_conflicts(
                clock,
                mediator_index,
                &entries,
                travel_ok && !travel_conflicts,
            ));
        }
        findings
    }
}
