//! Temporary: the reason code of an unassigned request until the
//! evaluation module's `reason_code` lands.

use crate::interval::{intersect, Minute};
use crate::model::{Problem, ReasonCode};

pub(crate) struct ReasonVerdict {
    pub code: ReasonCode,
    pub explanation: String,
    pub witness: Option<(usize, Minute)>,
}

pub(crate) fn reason_code(p: &Problem, r: usize) -> ReasonVerdict {
    let request = &p.requests()[r];
    let verdict = |code, witness| ReasonVerdict { code, explanation: format!("{code}"), witness };
    if !p.mediators().iter().any(|m| p.speaks_for(request, m)) {
        return verdict(ReasonCode::NoLanguage, None);
    }
    let suitable = p.suitable_mediators(r);
    if suitable.is_empty() {
        return verdict(ReasonCode::NoSkill, None);
    }
    let room = p.fixed_room(r);
    let mut possible = None;
    for m in suitable {
        let mediator = &p.mediators()[m];
        if !mediator.within_maxima(request.duration) {
            continue;
        }
        let free = p.free_intervals(request, mediator);
        let Some(start) = p.first_possible_start(request, &free) else { continue };
        match &room {
            None => return verdict(ReasonCode::Conflict, Some((m, start))),
            Some(room) => {
                if let Some(s) = p.first_possible_start(request, &intersect(&free, room)) {
                    return verdict(ReasonCode::Conflict, Some((m, s)));
                }
            }
        }
        possible.get_or_insert((m, start));
    }
    match possible {
        None => verdict(ReasonCode::NoTime, None),
        Some(w) => verdict(ReasonCode::Capacity, Some(w)),
    }
}
