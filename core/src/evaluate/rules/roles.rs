//! Rule 10 (format 1.1): a request with roles is assigned wholly (one
//! entry per role) or not at all, all its entries have the same start, and
//! its roles have distinct mediators.

use super::Feature;
use crate::evaluate::plan::Plan;
use crate::evaluate::violation::{Findings, Refs};

/// Rule 10.
#[derive(Debug, Clone, Copy, Default)]
pub struct Roles;

impl Feature for Roles {
    const NUMBER: u8 = 10;
    const NAME: &'static str = "roles together";

    fn check_request(&self, plan: &Plan<'_>, request: usize, out: &mut Findings) {
        let p = plan.problem();
        let r = &p.requests()[request];
        if !r.has_roles() {
            return;
        }
        // Every role an entry names (well-formed or not) counts as listed.
        let mut listed: Vec<usize> =
            plan.parsed().role_mentions.iter().filter(|(x, _, _)| *x == request).map(|(_, k, _)| *k).collect();
        listed.sort_unstable();
        listed.dedup();
        if !listed.is_empty() && listed.len() < r.roles.len() {
            let missing: Vec<String> =
                (0..r.roles.len()).filter(|k| !listed.contains(k)).map(|k| k.to_string()).collect();
            let shown: Vec<String> = listed.iter().map(usize::to_string).collect();
            let message = format!(
                "request '{}' lists roles {} but not {}: all its roles are assigned or none",
                r.id,
                shown.join(", "),
                missing.join(", ")
            );
            out.hard("ROLES_INCOMPLETE", 10, message, None, Refs::request(&r.id));
        }
        let entries: Vec<_> = plan.role_entries(request).collect();
        let Some(&(first_role, first)) = entries.first() else { return };
        let fmt = |m| p.clock().describe(m);
        let mut by_mediator: Vec<(usize, usize)> = Vec::new();
        for &(k, a) in &entries {
            let mediator = &p.mediators()[a.mediator].id;
            let refs = || Refs::request(&r.id).with_mediator(mediator);
            if a.start != first.start {
                let message = format!(
                    "request '{}' role {k} starts at {}, role {first_role} at {}: all roles start together",
                    r.id,
                    fmt(a.start),
                    fmt(first.start)
                );
                out.hard("ROLE_START_DIFFERS", 10, message, Some(&a.path), refs());
            }
            match by_mediator.iter().find(|(m, _)| *m == a.mediator) {
                Some(&(_, other)) => {
                    let message = format!(
                        "request '{}': mediator '{mediator}' serves roles {other} and {k}; each role needs its own mediator",
                        r.id
                    );
                    out.hard("ROLE_SAME_MEDIATOR", 10, message, Some(&a.path), refs());
                }
                None => by_mediator.push((a.mediator, k)),
            }
        }
    }
}
