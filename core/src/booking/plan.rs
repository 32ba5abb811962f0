//! A plan (a `ponte-solution/1` document) loaded into the solver's state,
//! checked on the way in: every assignment and session attendance must keep
//! the hard rules, so that every operation starts from a feasible plan.

use crate::error::PonteError;
use crate::format::SolutionDoc;
use crate::interval::{covers, Minute};
use crate::model::{Modality, Problem, Request};
use crate::solve::prepare::Prepared;
use crate::solve::state::{FitRule, Placement, State};

/// A refusal with a stable code and a JSON path.
pub(crate) fn refused(code: &str, path: impl Into<String>, message: impl Into<String>) -> PonteError {
    PonteError::Refused { code: code.to_string(), path: path.into(), message: message.into() }
}

/// Why an engagement does not fit a mediator's plan, as the checker's
/// violation codes: `OVERLAP` (rule 3), `TRAVEL_TIME` (4), `DAILY_LIMIT`,
/// `WEEKLY_LIMIT` (5), `CAPACITY_EXCEEDED` (6): the rule the solver's own
/// check ([`State::fits`]) finds broken, the mediator's own schedule (rules
/// 3 and 5) asked first, then travel, then the office.
pub(crate) fn misfit_reason(
    state: &State,
    m: usize,
    start: Minute,
    end: Minute,
    office: usize,
    in_person: bool,
    counts_capacity: bool,
) -> Option<(&'static str, String)> {
    state.fits(m, start, end, office, in_person, counts_capacity).err()?;
    let misfit = [(false, false), (in_person, false), (in_person, counts_capacity)]
        .into_iter()
        .find_map(|(in_person, capacity)| state.fits(m, start, end, office, in_person, capacity).err())?;
    let p = state.prep.problem;
    let who = &p.mediators()[m].id;
    let at = p.clock().format(start);
    let office = &p.offices()[office].id;
    let message = match misfit.rule {
        FitRule::Overlap => format!("mediator '{who}' is already engaged at {at}"),
        FitRule::Travel => format!("mediator '{who}' cannot travel in time to or from office '{office}'"),
        FitRule::DailyLimit => format!("mediator '{who}' would exceed max_minutes_per_day"),
        FitRule::WeeklyLimit => format!("mediator '{who}' would exceed max_minutes_per_week"),
        FitRule::Capacity => format!("office '{office}' is full at {at}"),
    };
    Some((misfit.rule.code(), message))
}

/// Rule 1 and 2 for one placement alone; `None` when fine, else a code and message.
pub(crate) fn placement_problem(
    p: &Problem,
    request: &Request,
    m: usize,
    start: Minute,
    language: &str,
    modality: Modality,
) -> Option<(&'static str, String)> {
    let mediator = &p.mediators()[m];
    if !request.languages.iter().any(|l| l == language) || !mediator.serves(language, request.min_level) {
        return Some(("LANGUAGE_NOT_SERVED", format!("mediator '{}' does not serve '{language}' at {} or better, or it is not one of the request's languages", mediator.id, request.min_level)));
    }
    if !request.modalities.contains(&modality) || !mediator.offers(modality) {
        return Some((
            "MODALITY_NOT_OFFERED",
            format!("'{modality}' is not both accepted by the request and offered by mediator '{}'", mediator.id),
        ));
    }
    if !p.has_skills(request, mediator) {
        return Some(("MISSING_SKILL", format!("mediator '{}' lacks a required skill", mediator.id)));
    }
    if !p.gender_ok(request, mediator) {
        return Some(("GENDER_MISMATCH", format!("mediator '{}' is not of the wanted gender", mediator.id)));
    }
    if let Some(fixed) = request.fixed_start() {
        if fixed != start {
            return Some(("WRONG_FIXED_START", format!("the request's fixed start is {}", p.clock().format(fixed))));
        }
    }
    if !p.start_on_grid(request, start) {
        return Some((
            "OFF_GRID",
            format!("{} is not on the {}-minute grid", p.clock().format(start), p.slot_minutes()),
        ));
    }
    if !covers(&p.free_intervals(request, mediator), start, start + request.duration) {
        return Some(("OUTSIDE_AVAILABILITY", format!(
            "{} for {} minutes is not inside the request's window, the horizon, the office's opening and mediator '{}''s availability",
            p.clock().format(start), request.duration, mediator.id
        )));
    }
    None
}

/// Loads a plan into a fresh state; refuses (`PLAN_INVALID`) a plan that
/// names unknown ids or breaks a hard rule.
pub(crate) fn load<'a>(prep: &'a Prepared<'a>, plan: &SolutionDoc) -> Result<State<'a>, PonteError> {
    let p = prep.problem;
    let mut state = State::new(prep);
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
            misfit_reason(&state, m, start, end, request.office, a.modality == Modality::InPerson, true)
        {
            return Err(refused("PLAN_INVALID", path, format!("{code}: request '{}': {message}", a.request)));
        }
        state.insert_request(r, Placement { mediator: m, start, language, modality: a.modality });
    }
    for (i, s) in plan.sessions.iter().enumerate() {
        let path = format!("sessions[{i}]");
        let job = prep
            .sessions
            .iter()
            .position(|j| {
                let w = &p.workshops()[j.workshop];
                w.id == s.workshop && w.sessions[j.session].id == s.session
            })
            .ok_or_else(|| {
                refused("PLAN_INVALID", path.clone(), format!("no held session '{}/{}'", s.workshop, s.session))
            })?;
        for (k, entry) in s.mediators.iter().enumerate() {
            let mpath = format!("{path}.mediators[{k}]");
            let m = p
                .mediator_index(&entry.mediator)
                .ok_or_else(|| refused("PLAN_INVALID", mpath.clone(), format!("no mediator '{}'", entry.mediator)))?;
            let session = &prep.sessions[job];
            if !session.staff.iter().any(|x| x.0 == m) {
                return Err(refused(
                    "PLAN_INVALID",
                    mpath,
                    format!("mediator '{}' cannot attend this session in person", entry.mediator),
                ));
            }
            if let Some((code, message)) =
                misfit_reason(&state, m, session.start, session.end, session.office, true, false)
            {
                return Err(refused("PLAN_INVALID", mpath, format!("{code}: {message}")));
            }
            state.insert_staff(job, m);
        }
    }
    Ok(state)
}

/// A local date-time of the format as a minute (`None` when malformed or in a DST gap).
pub(crate) fn parse_start(p: &Problem, text: &str) -> Option<Minute> {
    let (day, clock) = crate::time::parse_datetime(text)?;
    p.clock().local_minute(day, clock)
}
