//! A plan (a `ponte-solution/1` document) loaded into the solver's state,
//! checked on the way in: every assignment and session attendance must keep
//! the hard rules, so that every operation starts from a feasible plan.

use crate::error::PonteError;
use crate::evaluate::rules;
use crate::format::SolutionDoc;
use crate::interval::Minute;
use crate::model::{Modality, Problem};
use crate::solve::session::{Context, Placement, Session};

/// A refusal with a stable code and a JSON path.
pub(crate) fn refused(code: &str, path: impl Into<String>, message: impl Into<String>) -> PonteError {
    PonteError::Refused { code: code.to_string(), path: path.into(), message: message.into() }
}

/// Rules 1 and 2 for one placement alone; `None` when fine, else a code and message.
pub(crate) use rules::placement_problem;

/// Loads a plan into a fresh state; refuses (`PLAN_INVALID`) a plan that
/// names unknown ids or breaks a hard rule.
pub(crate) fn load<'a>(context: &'a Context<'a>, plan: &SolutionDoc) -> Result<Session<'a>, PonteError> {
    let mut state = Session::new(context);
    let p = state.problem();
    let mut seen = vec![false; p.requests().len()];
    // The role entries of requests with roles, placed whole after the others.
    let mut seats: Vec<Vec<Option<(Placement, String)>>> =
        p.requests().iter().map(|r| vec![None; r.roles.len()]).collect();
    for (i, a) in plan.assignments.iter().enumerate() {
        let path = format!("assignments[{i}]");
        let r = p
            .request_index(&a.request)
            .ok_or_else(|| refused("PLAN_INVALID", format!("{path}.request"), format!("no request '{}'", a.request)))?;
        let m = p.mediator_index(&a.mediator).ok_or_else(|| {
            refused("PLAN_INVALID", format!("{path}.mediator"), format!("no mediator '{}'", a.mediator))
        })?;
        // (A request with roles appears once per role.)
        if !p.requests()[r].has_roles() && std::mem::replace(&mut seen[r], true) {
            return Err(refused("PLAN_INVALID", path, format!("request '{}' is assigned twice", a.request)));
        }
        let start = parse_start(p, &a.start).ok_or_else(|| {
            refused(
                "PLAN_INVALID",
                format!("{path}.start"),
                format!("'{}' is not an existing local date-time YYYY-MM-DDTHH:MM", a.start),
            )
        })?;
        let request = &p.requests()[r];
        if request.has_roles() || a.role.is_some() {
            let seat = role_seat(p, r, a, &path, m, start)?;
            let k = seat.0;
            if seats[r][k].replace((seat.1, path.clone())).is_some() {
                return Err(refused(
                    "PLAN_INVALID",
                    path,
                    format!("role {k} of request '{}' is assigned twice", a.request),
                ));
            }
            continue;
        }
        if let Some((code, message)) = placement_problem(p, request, m, start, &a.language, a.modality) {
            return Err(refused("PLAN_INVALID", path, format!("{code}: request '{}': {message}", a.request)));
        }
        let language = request.languages.iter().position(|l| *l == a.language).unwrap_or(0);
        let end = start + request.duration;
        if let Some((code, message)) =
            state.refusal(m, (start, end), request.office, a.modality == Modality::InPerson, true)
        {
            return Err(refused("PLAN_INVALID", path, format!("{code}: request '{}': {message}", a.request)));
        }
        state.place(r, Placement { mediator: m, start, language, modality: a.modality });
    }
    for (r, entries) in seats.into_iter().enumerate() {
        if entries.iter().all(Option::is_none) {
            continue;
        }
        let id = &p.requests()[r].id;
        let Some(entries) = entries.into_iter().collect::<Option<Vec<(Placement, String)>>>() else {
            let message = format!("request '{id}' has roles: all its roles are assigned or none (rule 10)");
            return Err(refused("PLAN_INVALID", "assignments", message));
        };
        let team: Vec<Placement> = entries.iter().map(|(seat, _)| *seat).collect();
        for (k, (seat, path)) in entries.iter().enumerate() {
            if seat.start != team[0].start {
                let message = format!("ROLE_START_DIFFERS: request '{id}' role {k}: all roles start together");
                return Err(refused("PLAN_INVALID", path.clone(), message));
            }
            if team[..k].iter().any(|x| x.mediator == seat.mediator) {
                let message = format!("ROLE_SAME_MEDIATOR: request '{id}' role {k}: each role needs its own mediator");
                return Err(refused("PLAN_INVALID", path.clone(), message));
            }
        }
        if let Some((code, message)) = state.team_refusal(r, &team) {
            return Err(refused("PLAN_INVALID", entries[0].1.clone(), format!("{code}: request '{id}': {message}")));
        }
        state.place_team(r, team);
    }
    for (i, s) in plan.sessions.iter().enumerate() {
        let path = format!("sessions[{i}]");
        let job = context.session_job(&s.workshop, &s.session).ok_or_else(|| {
            refused("PLAN_INVALID", path.clone(), format!("no held session '{}/{}'", s.workshop, s.session))
        })?;
        for (k, entry) in s.mediators.iter().enumerate() {
            let mpath = format!("{path}.mediators[{k}]");
            let m = p
                .mediator_index(&entry.mediator)
                .ok_or_else(|| refused("PLAN_INVALID", mpath.clone(), format!("no mediator '{}'", entry.mediator)))?;
            if !context.can_attend(job, m) {
                return Err(refused(
                    "PLAN_INVALID",
                    mpath,
                    format!("mediator '{}' cannot attend this session in person", entry.mediator),
                ));
            }
            if let Some((code, message)) = state.staff_refusal(job, m) {
                return Err(refused("PLAN_INVALID", mpath, format!("{code}: {message}")));
            }
            state.staff(job, m);
        }
    }
    Ok(state)
}

/// A local date-time of the format as a minute (`None` when malformed or in a DST gap).
/// One role entry of a plan: the role and its placement (language: its
/// index in the role's languages), checked alone (rules 1 and 2 for the role).
fn role_seat(
    p: &Problem,
    r: usize,
    a: &crate::format::AssignmentDoc,
    path: &str,
    m: usize,
    start: Minute,
) -> Result<(usize, Placement), PonteError> {
    let request = &p.requests()[r];
    let k = match (a.role, request.roles.len()) {
        (Some(k), count) if k < count => k,
        (_, 0) => {
            return Err(refused(
                "PLAN_INVALID",
                format!("{path}.role"),
                format!("request '{}' has no roles", a.request),
            ))
        }
        (Some(k), _) => {
            return Err(refused(
                "PLAN_INVALID",
                format!("{path}.role"),
                format!("request '{}' has no role {k}", a.request),
            ))
        }
        (None, _) => {
            let message = format!("request '{}' has roles: say which one", a.request);
            return Err(refused("PLAN_INVALID", format!("{path}.role"), message));
        }
    };
    let view = &p.role_views(r)[k];
    if let Some((code, message)) = placement_problem(p, view, m, start, &a.language, a.modality) {
        return Err(refused("PLAN_INVALID", path, format!("{code}: request '{}' role {k}: {message}", a.request)));
    }
    let language = view.languages.iter().position(|l| *l == a.language).unwrap_or(0);
    Ok((k, Placement { mediator: m, start, language, modality: a.modality }))
}

pub(crate) fn parse_start(p: &Problem, text: &str) -> Option<Minute> {
    let (day, clock) = crate::time::parse_datetime(text)?;
    p.clock().local_minute(day, clock)
}
