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
///
/// Ids and the rules of one placement alone (1, 2, 8) are checked in the
/// document's order; then every engagement joins the state in time order,
/// each checked against those before it. Time order matters: with format
/// 1.1 breaks (rule 9) a feasible plan can have infeasible subsets, since
/// an in-person engagement between two others can make the travel taken
/// from the gaps around it shorter (a travel table need not keep the
/// triangle inequality), while every prefix in time order of a feasible
/// plan is feasible (adding later engagements only ever takes more travel
/// from earlier gaps).
pub(crate) fn load<'a>(context: &'a Context<'a>, plan: &SolutionDoc) -> Result<Session<'a>, PonteError> {
    /// An engagement waiting to join the state: a request's placement or a
    /// mediator at a workshop session, with its path in the document.
    enum Join {
        Request {
            r: usize,
            placement: Placement,
            path: String,
        },
        /// A request with roles: every seat at one start (path: its first entry).
        Team {
            r: usize,
            team: Vec<Placement>,
            path: String,
        },
        Staff {
            job: usize,
            m: usize,
            path: String,
        },
    }
    let mut state = Session::new(context);
    let p = state.problem();
    let mut seen = vec![false; p.requests().len()];
    let mut joins: Vec<(Minute, Join)> = Vec::with_capacity(plan.assignments.len());
    // The role entries of requests with roles, gathered into one meeting each.
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
        let placement = Placement { mediator: m, start, language, modality: a.modality };
        joins.push((start, Join::Request { r, placement, path }));
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
        let path = entries[0].1.clone();
        joins.push((team[0].start, Join::Team { r, team, path }));
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
            joins.push((context.sessions[job].start, Join::Staff { job, m, path: mpath }));
        }
    }
    // Stable: at one start, the document's order (requests before sessions).
    joins.sort_by_key(|(start, _)| *start);
    for (_, join) in joins {
        match join {
            Join::Request { r, placement, path } => {
                let request = &p.requests()[r];
                let (m, start) = (placement.mediator, placement.start);
                let in_person = placement.modality == Modality::InPerson;
                if let Some((code, message)) =
                    state.refusal(m, (start, start + request.duration), request.office, in_person, true)
                {
                    let id = &request.id;
                    return Err(refused("PLAN_INVALID", path, format!("{code}: request '{id}': {message}")));
                }
                state.place(r, placement);
            }
            Join::Team { r, team, path } => {
                if let Some((code, message)) = state.team_refusal(r, &team) {
                    let id = &p.requests()[r].id;
                    return Err(refused("PLAN_INVALID", path, format!("{code}: request '{id}': {message}")));
                }
                state.place_team(r, team);
            }
            Join::Staff { job, m, path } => {
                if let Some((code, message)) = state.staff_refusal(job, m) {
                    return Err(refused("PLAN_INVALID", path, format!("{code}: {message}")));
                }
                state.staff(job, m);
            }
        }
    }
    Ok(state)
}

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

/// A local date-time of the format as a minute (`None` when malformed or in a DST gap).
pub(crate) fn parse_start(p: &Problem, text: &str) -> Option<Minute> {
    let (day, clock) = crate::time::parse_datetime(text)?;
    p.clock().local_minute(day, clock)
}

#[cfg(test)]
mod tests {
    use super::load;
    use crate::format::SolutionDoc;
    use crate::model::Problem;
    use crate::solve::session::Context;

    /// One mediator with breaks after 90 minutes; offices A and B are 80
    /// minutes apart, X five minutes from each (a travel table without the
    /// triangle inequality). An hour at A at 09:00 and an hour at B at 11:40
    /// only keep rule 9 with the 20 minutes at X at 10:40 between them.
    const PROBLEM: &str = r#"{
      "format": "ponte-problem/1",
      "network": {"timezone": "Europe/Rome", "slot_minutes": 10, "breaks": {"after_minutes": 90, "break_minutes": 30}},
      "horizon": {"start": "2026-04-27", "end": "2026-04-27"},
      "municipalities": [{"id": "a"}, {"id": "x"}, {"id": "b"}],
      "travel": {"minutes": {"a": {"x": 5, "b": 80}, "x": {"b": 5}}},
      "offices": [
        {"id": "oa", "municipality": "a", "opening": [{"days": ["mon"], "from": "08:00", "to": "18:00"}]},
        {"id": "ox", "municipality": "x", "opening": [{"days": ["mon"], "from": "08:00", "to": "18:00"}]},
        {"id": "ob", "municipality": "b", "opening": [{"days": ["mon"], "from": "08:00", "to": "18:00"}]}
      ],
      "mediators": [{"id": "m1", "home": "x", "languages": [{"code": "ar", "level": "native"}],
                     "availability": [{"days": ["mon"], "from": "08:00", "to": "18:00"}]}],
      "requests": [
        {"id": "r-a", "office": "oa", "languages": ["ar"], "duration_minutes": 60, "start": "2026-04-27T09:00"},
        {"id": "r-b", "office": "ob", "languages": ["ar"], "duration_minutes": 60, "start": "2026-04-27T11:40"},
        {"id": "r-x", "office": "ox", "languages": ["ar"], "duration_minutes": 20, "start": "2026-04-27T10:40"}
      ]
    }"#;

    fn plan(order: &[&str]) -> SolutionDoc {
        let entry = |r: &&str| {
            let start = match *r {
                "r-a" => "09:00",
                "r-b" => "11:40",
                _ => "10:40",
            };
            format!(
                r#"{{"request": "{r}", "mediator": "m1", "start": "2026-04-27T{start}", "language": "ar", "modality": "in_person"}}"#
            )
        };
        let assignments: Vec<String> = order.iter().map(entry).collect();
        let text = format!(
            r#"{{"format": "ponte-solution/1", "assignments": [{}], "sessions": [], "unassigned": [],
                "cost": {{"total": 0, "unassigned": 0, "travel": 0, "language_rank": 0, "modality_rank": 0,
                          "continuity": 0, "preferred_mediator": 0, "delay": 0, "change": 0}}}}"#,
            assignments.join(",")
        );
        serde_json::from_str(&text).expect("solution document")
    }

    #[test]
    fn a_feasible_plan_loads_whatever_the_order_of_its_assignments() {
        let problem = Problem::from_json_str(PROBLEM).expect("valid");
        let context = Context::light(&problem);
        for order in [["r-a", "r-b", "r-x"], ["r-b", "r-a", "r-x"], ["r-x", "r-a", "r-b"]] {
            let doc = plan(&order);
            assert!(crate::evaluate::evaluate_doc(&problem, &doc).feasible(), "the plan keeps every rule");
            assert!(load(&context, &doc).is_ok(), "{order:?}: a feasible plan loads");
        }
        // Without the engagement at X the morning is one block of 220 minutes.
        let doc = plan(&["r-a", "r-b"]);
        assert!(!crate::evaluate::evaluate_doc(&problem, &doc).feasible());
        let error = load(&context, &doc).err().expect("refused").to_string();
        assert!(error.contains("BREAK_MISSING"), "{error}");
    }
}
