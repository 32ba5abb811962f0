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
    for (i, a) in plan.assignments.iter().enumerate() {
        let path = format!("assignments[{i}]");
        let r = p
            .request_index(&a.request)
            .ok_or_else(|| refused("PLAN_INVALID", format!("{path}.request"), format!("no request '{}'", a.request)))?;
        let m = p.mediator_index(&a.mediator).ok_or_else(|| {
            refused("PLAN_INVALID", format!("{path}.mediator"), format!("no mediator '{}'", a.mediator))
        })?;
        if std::mem::replace(&mut seen[r], true) {
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
pub(crate) fn parse_start(p: &Problem, text: &str) -> Option<Minute> {
    let (day, clock) = crate::time::parse_datetime(text)?;
    p.clock().local_minute(day, clock)
}
