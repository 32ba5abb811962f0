//! Rule 7: a locked request is assigned to its `previous` mediator at its
//! `previous` start.

use super::Feature;
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::{Findings, Refs};

/// Rule 7.
#[derive(Debug, Clone, Copy, Default)]
pub struct Locked;

impl Feature for Locked {
    const NUMBER: u8 = 7;
    const NAME: &'static str = "locked requests kept";

    fn check_request(&self, plan: &Plan<'_>, request: usize, out: &mut Findings) {
        let p = plan.problem();
        let r = &p.requests()[request];
        let Some(previous) = r.previous.filter(|_| r.locked) else {
            return;
        };
        let fmt = |m| p.clock().describe(m);
        let wanted = format!("mediator '{}' at {}", p.mediators()[previous.mediator].id, fmt(previous.start));
        match plan.assignment(request) {
            None => {
                let message = format!("locked request '{}' is not assigned; it must keep {wanted}", r.id);
                out.hard("LOCKED_NOT_KEPT", 7, message, None, Refs::request(&r.id));
            }
            Some(a) if a.mediator != previous.mediator || a.start != previous.start => {
                let mediator = &p.mediators()[a.mediator].id;
                let message = format!(
                    "locked request '{}' is assigned to mediator '{mediator}' at {}; it must keep {wanted}",
                    r.id,
                    fmt(a.start)
                );
                out.hard("LOCKED_NOT_KEPT", 7, message, Some(&a.path), Refs::request(&r.id).with_mediator(mediator));
            }
            Some(_) => {}
        }
    }
}
