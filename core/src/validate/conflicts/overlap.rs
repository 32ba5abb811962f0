//! Rule 3 among one mediator's locked requests: two that overlap.

use super::super::locked::Locked;
use super::Finding;

/// One `LOCKED_CONFLICT` per pair of overlapping locked requests of one
/// mediator (`entries` sorted by start), at the later one's path.
pub(super) fn locked_overlaps(entries: &[&Locked<'_>]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mediator = entries[0].mediator;
    for (i, first) in entries.iter().enumerate() {
        for second in entries[i + 1..].iter().take_while(|s| s.start < first.end()) {
            let (a, b, m) = (&first.request.id, &second.request.id, &mediator.id);
            let message = format!("locked requests '{a}' and '{b}' overlap for mediator '{m}' (rule 3)");
            findings.push(("LOCKED_CONFLICT", second.path(), message));
        }
    }
    findings
}
