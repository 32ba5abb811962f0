//! Rule 7: a locked request is assigned to its `previous` mediator at its
//! `previous` start (each role to its `previous.mediators` entry).

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
        if r.has_roles() {
            return check_roles(plan, request, out);
        }
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

/// Rule 7 for a locked request with roles: each role at its previous mediator, all at the previous start.
fn check_roles(plan: &Plan<'_>, request: usize, out: &mut Findings) {
    let p = plan.problem();
    let r = &p.requests()[request];
    let Some(previous) = r.previous else { return };
    let fmt = |m| p.clock().describe(m);
    let chosen = r.previous_mediators();
    let names: Vec<String> = chosen.iter().map(|&m| format!("'{}'", p.mediators()[m].id)).collect();
    let wanted =
        format!("mediators {} (roles 0 to {}) at {}", names.join(", "), r.roles.len() - 1, fmt(previous.start));
    let entries: Vec<(usize, &crate::evaluate::read::Assignment)> = plan.role_entries(request).collect();
    if entries.is_empty() {
        let message = format!("locked request '{}' is not assigned; it must keep {wanted}", r.id);
        out.hard("LOCKED_NOT_KEPT", 7, message, None, Refs::request(&r.id));
        return;
    }
    for (k, &m) in chosen.iter().enumerate() {
        match entries.iter().find(|(role, _)| *role == k) {
            None => {
                let message = format!("locked request '{}': role {k} is not assigned; it must keep {wanted}", r.id);
                out.hard("LOCKED_NOT_KEPT", 7, message, None, Refs::request(&r.id));
            }
            Some((_, a)) if a.mediator != m || a.start != previous.start => {
                let mediator = &p.mediators()[a.mediator].id;
                let message = format!(
                    "locked request '{}': role {k} is assigned to mediator '{mediator}' at {}; it must keep {wanted}",
                    r.id,
                    fmt(a.start)
                );
                out.hard("LOCKED_NOT_KEPT", 7, message, Some(&a.path), Refs::request(&r.id).with_mediator(mediator));
            }
            Some(_) => {}
        }
    }
}
