//! The plan as a `ponte-solution/1` document, with the cost term by term
//! and a reason for every request left unserved.

use super::insertion::best_request;
use super::rng::Random;
use super::search::Best;
use super::state::{Owner, State};
use crate::evaluate::Reasons;
use crate::format::{
    AssignmentDoc, CostDoc, ReasonDoc, SessionMediatorDoc, SessionStaffingDoc, SolutionDoc, UnassignedDoc,
    SOLUTION_FORMAT,
};
use crate::model::{Place, ReasonCode};

/// Rebuilds a state holding exactly the best plan.
pub(crate) fn restore<'a>(prep: &'a super::prepare::Prepared<'a>, best: &Best) -> State<'a> {
    let mut state = State::new(prep);
    for (r, seats) in best.teams.iter().enumerate() {
        if let Some(seats) = seats {
            state.insert_team(r, seats.clone());
        }
    }
    for (r, placement) in best.assigned.iter().enumerate() {
        if let Some(p) = placement {
            state.insert_request(r, *p);
        }
    }
    for (s, staff) in best.staffing.iter().enumerate() {
        for &m in staff {
            state.insert_staff(s, m);
        }
    }
    state
}

/// The cost of the state's plan, term by term.
pub(crate) fn breakdown(state: &State) -> CostDoc {
    state.breakdown()
}

/// Writes the reasons of up to `sample` unassigned requests of the state
/// and throws them away: timed by the caller, it tells how long the
/// document of a plan will take to write. Returns how many were written.
pub(crate) fn sample_reasons(state: &State, sample: usize) -> usize {
    let reasons = Reasons::new(state.prep.problem);
    let mut rng = Random::new(0);
    let waiting: Vec<usize> = (0..state.assigned.len()).filter(|&r| state.assigned[r].is_none()).collect();
    // Spread over the list: requests of one kind tend to sit together.
    let step = waiting.len().div_ceil(sample.max(1)).max(1);
    waiting.iter().step_by(step).map(|&r| std::hint::black_box(reason(state, &reasons, r, &mut rng))).count()
}

/// The solution document of the state's plan.
pub(crate) fn document(state: &State) -> SolutionDoc {
    let prep = state.prep;
    let p = prep.problem;
    let clock = p.clock();
    let mut assignments = Vec::new();
    let mut unassigned = Vec::new();
    let mut rng = Random::new(0);
    let reasons = Reasons::new(p);
    for (r, request) in p.requests().iter().enumerate() {
        if let Some(seats) = &state.teams[r] {
            for (k, seat) in seats.iter().enumerate() {
                assignments.push(AssignmentDoc {
                    request: request.id.clone(),
                    mediator: p.mediators()[seat.mediator].id.clone(),
                    start: clock.format(seat.start),
                    language: request.roles[k].languages[seat.language].clone(),
                    modality: seat.modality,
                    role: Some(k),
                });
            }
            continue;
        }
        match state.assigned[r] {
            Some(pl) => assignments.push(AssignmentDoc {
                request: request.id.clone(),
                mediator: p.mediators()[pl.mediator].id.clone(),
                start: clock.format(pl.start),
                language: request.languages[pl.language].clone(),
                modality: pl.modality,
                role: None,
            }),
            None => unassigned.push(UnassignedDoc {
                request: request.id.clone(),
                reasons: vec![reason(state, &reasons, r, &mut rng)],
            }),
        }
    }
    let mut sessions = Vec::new();
    for (s, job) in prep.sessions.iter().enumerate() {
        let workshop = &p.workshops()[job.workshop];
        let mut mediators: Vec<SessionMediatorDoc> = state.staffing[s]
            .iter()
            .map(|&m| {
                let mask = job.staff.iter().find(|x| x.0 == m).map_or(0, |x| x.1);
                SessionMediatorDoc {
                    mediator: p.mediators()[m].id.clone(),
                    languages: workshop
                        .languages
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| mask & (1 << i) != 0)
                        .map(|(_, l)| l.clone())
                        .collect(),
                }
            })
            .collect();
        mediators.sort_by(|a, b| a.mediator.cmp(&b.mediator));
        let uncovered = workshop
            .languages
            .iter()
            .enumerate()
            .filter(|(i, _)| state.covered[s] & (1 << i) == 0)
            .map(|(_, l)| l.clone())
            .collect();
        sessions.push(SessionStaffingDoc {
            workshop: workshop.id.clone(),
            session: workshop.sessions[job.session].id.clone(),
            mediators,
            uncovered,
        });
    }
    let mut doc =
        SolutionDoc { format: SOLUTION_FORMAT.to_string(), assignments, sessions, unassigned, cost: breakdown(state) };
    if p.requests().iter().any(|r| r.has_roles()) {
        // The solver's cost terms do not see requests with roles: their plan's cost is the evaluation's.
        doc.cost = crate::evaluate::evaluate_doc(p, &doc).cost;
    }
    doc
}

fn owner_label(state: &State, owner: Owner) -> String {
    let p = state.prep.problem;
    match owner {
        Owner::Request(r) => p.requests()[r].id.clone(),
        Owner::Session(s) => {
            let job = &state.prep.sessions[s];
            let w = &p.workshops()[job.workshop];
            format!("{}/{}", w.id, w.sessions[job.session].id)
        }
        Owner::External(i) => format!("busy #{i}"),
    }
}

/// The reason of an unassigned request: its code (decided from the problem
/// alone) and, for `CONFLICT`, what in the plan stands in its way.
fn reason(state: &State, reasons: &Reasons, r: usize, rng: &mut Random) -> ReasonDoc {
    let p = state.prep.problem;
    let verdict = reasons.code(r);
    if verdict.code != ReasonCode::Conflict {
        return ReasonDoc { code: verdict.code, message: verdict.explanation, blocking: Vec::new() };
    }
    let request = &p.requests()[r];
    if let Some(option) = best_request(state, r, rng, 0) {
        let message = if option.delta >= 0 {
            format!(
                "it fits the plan, but serving it would raise the cost by {} more than leaving it out (travel, language, modality or delay)",
                option.delta
            )
        } else {
            "it fits the plan; the search stopped (time limit or cancelled) before it was placed".to_string()
        };
        return ReasonDoc { code: ReasonCode::Conflict, message, blocking: Vec::new() };
    }
    let Some((m, start)) = verdict.witness else {
        return ReasonDoc { code: ReasonCode::Conflict, message: verdict.explanation, blocking: Vec::new() };
    };
    let end = start + request.duration;
    let prep = state.prep;
    let day = prep.day_of(start);
    let (lo, hi) = (prep.day_starts[day], prep.day_starts[day + 1]);
    let list = state.engagements(m);
    let margin = list
        .iter()
        .filter(|e| e.in_person)
        .map(|e| p.travel_or_zero(Place::Office(e.office), Place::Office(request.office)))
        .max()
        .unwrap_or(0);
    let mut blocking: Vec<String> = list
        .iter()
        .filter(|e| e.start < end + margin && e.end + margin > start)
        .map(|e| owner_label(state, e.owner))
        .collect();
    let mut what = "the mediator's engagements around that time";
    if blocking.is_empty() {
        if p.offices()[request.office].capacity.is_some() {
            for (other, pl) in state.assigned.iter().enumerate() {
                if let Some(pl) = pl {
                    let o = &p.requests()[other];
                    if o.office == request.office && pl.start < end && pl.start + o.duration > start {
                        blocking.push(o.id.clone());
                    }
                }
            }
            for (s, job) in prep.sessions.iter().enumerate() {
                if job.office == request.office && job.start < end && job.end > start {
                    blocking.push(owner_label(state, Owner::Session(s)));
                }
            }
            what = "the office's capacity at that time";
        }
        if blocking.is_empty() {
            blocking =
                list.iter().filter(|e| e.start >= lo && e.start < hi).map(|e| owner_label(state, e.owner)).collect();
            what = "the mediator's daily or weekly maximum and travel that day";
        }
    }
    blocking.sort();
    blocking.dedup();
    let shown = blocking.iter().take(5).map(|b| format!("'{b}'")).collect::<Vec<_>>().join(", ");
    let more = if blocking.len() > 5 { format!(" and {} more", blocking.len() - 5) } else { String::new() };
    ReasonDoc {
        code: ReasonCode::Conflict,
        message: format!(
            "it could be served alone (mediator '{}' at {}), but {what} are taken: {shown}{more}; every other suitable mediator and start is taken too",
            p.mediators()[m].id,
            p.clock().format(start),
        ),
        blocking,
    }
}
