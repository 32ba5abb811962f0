//! Completeness: every request exactly once (in `assignments` or
//! `unassigned`), every session inside the horizon exactly once and no
//! other, and each `uncovered` list equal to what its mediators leave.

use super::plan::Plan;
use super::violation::{Findings, Refs, ViolationKind};

/// Reports `MISSING_REQUEST`, `DUPLICATE_REQUEST`, `DUPLICATE_ROLE`, `SESSION_OUTSIDE_HORIZON`,
/// `MISSING_SESSION`, `DUPLICATE_SESSION` and `WRONG_UNCOVERED`.
pub fn check_completeness(plan: &Plan<'_>, out: &mut Findings) {
    let p = plan.problem();
    let parsed = plan.parsed();
    let kind = ViolationKind::Completeness;

    let mut mentions: Vec<Vec<&str>> = vec![Vec::new(); p.requests().len()];
    for (request, path) in &parsed.request_mentions {
        mentions[*request].push(path);
    }
    let mut role_paths: Vec<Vec<Vec<&str>>> = p.requests().iter().map(|r| vec![Vec::new(); r.roles.len()]).collect();
    for (request, role, path) in &parsed.role_mentions {
        role_paths[*request][*role].push(path);
    }
    for ((request, paths), roles) in p.requests().iter().zip(&mentions).zip(&role_paths) {
        if request.has_roles() && !paths.is_empty() {
            // Once per role in assignments, or once in unassigned.
            let (listed, left): (Vec<&str>, Vec<&str>) = paths.iter().partition(|p| p.starts_with("assignments"));
            if !left.is_empty() && (!listed.is_empty() || left.len() > 1) {
                let both = if listed.is_empty() { "" } else { "in assignments and " };
                out.add(
                    "DUPLICATE_REQUEST",
                    kind,
                    format!(
                        "request '{}' appears {both}{} time(s) in unassigned: {}",
                        request.id,
                        left.len(),
                        paths.join(", ")
                    ),
                    Some(if listed.is_empty() { left[1] } else { left[0] }.to_string()),
                    Refs::request(&request.id),
                );
            }
            for (k, twice) in roles.iter().enumerate().filter(|(_, twice)| twice.len() > 1) {
                out.add(
                    "DUPLICATE_ROLE",
                    kind,
                    format!("role {k} of request '{}' appears {} times: {}", request.id, twice.len(), twice.join(", ")),
                    Some(twice[1].to_string()),
                    Refs::request(&request.id),
                );
            }
            continue;
        }
        match paths.len() {
            0 => out.add(
                "MISSING_REQUEST",
                kind,
                format!("request '{}' is neither in assignments nor in unassigned", request.id),
                None,
                Refs::request(&request.id),
            ),
            1 => {}
            n => out.add(
                "DUPLICATE_REQUEST",
                kind,
                format!("request '{}' appears {n} times: {}", request.id, paths.join(", ")),
                Some(paths[1].to_string()),
                Refs::request(&request.id),
            ),
        }
    }

    let mut sessions: Vec<Vec<Vec<&str>>> = p.workshops().iter().map(|w| vec![Vec::new(); w.sessions.len()]).collect();
    for ((w, s), path) in &parsed.session_mentions {
        sessions[*w][*s].push(path);
    }
    let fmt = |m| p.clock().describe(m);
    for ((w, s), path) in &parsed.ignored_session_mentions {
        let workshop = &p.workshops()[*w];
        let session = &workshop.sessions[*s];
        out.add(
            "SESSION_OUTSIDE_HORIZON",
            kind,
            format!(
                "session '{}/{}' ({}-{}) does not lie wholly inside the horizon {}..{}: it is ignored and must not be listed",
                workshop.id,
                session.id,
                fmt(session.start),
                fmt(session.end()),
                p.horizon_start(),
                p.horizon_end()
            ),
            Some(path.clone()),
            Refs::session(&workshop.id, &session.id),
        );
    }
    for (w, workshop) in p.workshops().iter().enumerate() {
        for (s, session) in p.held_sessions(w) {
            let paths = &sessions[w][s];
            let name = format!("session '{}/{}'", workshop.id, session.id);
            match paths.len() {
                0 => out.add(
                    "MISSING_SESSION",
                    kind,
                    format!("{name} is not in sessions"),
                    None,
                    Refs::session(&workshop.id, &session.id),
                ),
                1 => {}
                n => out.add(
                    "DUPLICATE_SESSION",
                    kind,
                    format!("{name} appears {n} times: {}", paths.join(", ")),
                    Some(paths[1].to_string()),
                    Refs::session(&workshop.id, &session.id),
                ),
            }
        }
    }

    for staffing in plan.staffings() {
        let workshop = &p.workshops()[staffing.workshop];
        let session = &workshop.sessions[staffing.session];
        let expected: Vec<&str> =
            workshop.languages.iter().filter(|l| !staffing.covers(l)).map(String::as_str).collect();
        let same = staffing.uncovered.len() == expected.len()
            && staffing.uncovered.iter().all(|l| expected.contains(&l.as_str()));
        if !same {
            out.add(
                "WRONG_UNCOVERED",
                kind,
                format!(
                    "session '{}/{}' lists uncovered [{}] but its mediators leave [{}] uncovered",
                    workshop.id,
                    session.id,
                    staffing.uncovered.join(", "),
                    expected.join(", ")
                ),
                Some(format!("{}.uncovered", staffing.path)),
                Refs::session(&workshop.id, &session.id),
            );
        }
    }
}
