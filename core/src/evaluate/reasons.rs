//! Reason codes of unassigned requests (format section 5), decided from the
//! problem alone, exactly as the checker's `reason_code` decides them.

use serde::Serialize;

use super::plan::Plan;
use super::violation::{Findings, Refs, ViolationKind};
use crate::interval::{intersect, Interval, Minute};
use crate::model::{Problem, ReasonCode};

/// The reason code of an unassigned request, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonVerdict {
    /// The first code of section 5 that applies.
    pub code: ReasonCode,
    /// Why, naming a mediator (and a start where one decided it).
    pub explanation: String,
    /// The (mediator, start) that decided it: for `CONFLICT` a possible start
    /// where the office has room, for `CAPACITY` a possible start (every one
    /// is full); `None` for the other codes.
    pub witness: Option<(usize, Minute)>,
}

/// Decides reason codes for many requests of one problem: the fixed room of
/// each office (where it has room beside its held sessions and locked
/// requests) is computed once.
///
/// ```ignore
/// let reasons = Reasons::new(&problem);
/// for r in unassigned { explain(reasons.code(r)); }
/// ```
#[derive(Debug, Clone)]
pub struct Reasons<'p> {
    problem: &'p Problem,
    /// Per office: its fixed load `(start, end, locked request)`; empty for unlimited offices.
    fixed_load: Vec<Vec<(Minute, Minute, Option<usize>)>>,
    /// Per office: where it has room for one more engagement (`None`: no capacity limit).
    room: Vec<Option<Vec<Interval>>>,
}

impl<'p> Reasons<'p> {
    /// Prepares the fixed room of every office with a capacity.
    pub fn new(problem: &'p Problem) -> Reasons<'p> {
        let offices = problem.offices();
        let mut fixed_load: Vec<Vec<(Minute, Minute, Option<usize>)>> = vec![Vec::new(); offices.len()];
        for (w, workshop) in problem.workshops().iter().enumerate() {
            if offices[workshop.office].capacity.is_some() {
                for (_, s) in problem.held_sessions(w) {
                    fixed_load[workshop.office].push((s.start, s.end(), None));
                }
            }
        }
        for (i, r) in problem.requests().iter().enumerate() {
            if let (true, Some(p), Some(_)) = (r.locked, r.previous, offices[r.office].capacity) {
                fixed_load[r.office].push((p.start, p.start + r.duration, Some(i)));
            }
        }
        let room = offices
            .iter()
            .zip(&fixed_load)
            .map(|(office, load)| {
                office.capacity.map(|capacity| {
                    let load: Vec<Interval> = load.iter().map(|&(s, e, _)| (s, e)).collect();
                    room_intervals(&load, capacity, problem.horizon())
                })
            })
            .collect();
        Reasons { problem, fixed_load, room }
    }

    /// The problem.
    pub fn problem(&self) -> &'p Problem {
        self.problem
    }

    /// Where the request's office has room for it beside its fixed load (the
    /// request itself left out); `None` when the office has no capacity limit.
    pub fn fixed_room(&self, request: usize) -> Option<std::borrow::Cow<'_, [Interval]>> {
        let r = &self.problem.requests()[request];
        let room = self.room[r.office].as_deref()?;
        if !r.locked {
            return Some(std::borrow::Cow::Borrowed(room));
        }
        let capacity = self.problem.offices()[r.office].capacity?;
        let load: Vec<Interval> =
            self.fixed_load[r.office].iter().filter(|x| x.2 != Some(request)).map(|&(s, e, _)| (s, e)).collect();
        Some(std::borrow::Cow::Owned(room_intervals(&load, capacity, self.problem.horizon())))
    }

    /// The reason code of request `request` (an index), as section 5 defines it.
    pub fn code(&self, request: usize) -> ReasonVerdict {
        let p = self.problem;
        let r = &p.requests()[request];
        let fmt = |m: Minute| p.clock().describe(m);
        let mut first_speaker = None;
        let mut suitable = Vec::new();
        for i in p.speakers_of(r) {
            let m = &p.mediators()[i];
            first_speaker.get_or_insert(i);
            if p.has_skills(r, m) && p.gender_ok(r, m) && p.usable_modalities(r, m).next().is_some() {
                suitable.push(i);
            }
        }
        let verdict = |code, explanation, witness| ReasonVerdict { code, explanation, witness };
        let Some(speaker) = first_speaker else {
            return verdict(
                ReasonCode::NoLanguage,
                format!("no mediator serves {} at {} or better", r.languages.join(" or "), r.min_level),
                None,
            );
        };
        if suitable.is_empty() {
            return verdict(
                ReasonCode::NoSkill,
                format!(
                    "mediator '{}' serves one of its languages, yet none has its skills, the wanted gender and a shared modality",
                    p.mediators()[speaker].id
                ),
                None,
            );
        }
        let room = self.fixed_room(request);
        let office = &p.offices()[r.office].id;
        let office_window = p.office_window(r);
        let mut possible: Option<(usize, Minute)> = None;
        for &m in &suitable {
            let mediator = &p.mediators()[m];
            if !mediator.within_maxima(r.duration) || !mediator.within_breaks(r.duration) {
                continue;
            }
            let free = intersect(&office_window, &mediator.available);
            let Some(start) = p.first_possible_start_for(r, &free, Some(mediator)) else {
                continue;
            };
            let Some(room) = room.as_deref() else {
                return verdict(
                    ReasonCode::Conflict,
                    format!(
                        "mediator '{}' is suitable and has a possible start at {}, and office '{office}' has no capacity limit",
                        mediator.id,
                        fmt(start)
                    ),
                    Some((m, start)),
                );
            };
            if let Some(roomy) = p.first_possible_start_for(r, &intersect(&free, room), Some(mediator)) {
                return verdict(
                    ReasonCode::Conflict,
                    format!(
                        "mediator '{}' is suitable and has a possible start at {}, where office '{office}' has room beside its workshop sessions and locked requests",
                        mediator.id,
                        fmt(roomy)
                    ),
                    Some((m, roomy)),
                );
            }
            possible.get_or_insert((m, start));
        }
        match possible {
            None => verdict(
                ReasonCode::NoTime,
                format!(
                    "mediator '{}' is suitable, yet no suitable mediator has a possible start (grid, window, horizon, office opening, availability, daily and weekly maxima{})",
                    p.mediators()[suitable[0]].id,
                    extra_limits(suitable.iter().map(|&m| &p.mediators()[m]))
                ),
                None,
            ),
            Some((m, start)) => verdict(
                ReasonCode::Capacity,
                format!(
                    "mediator '{}' has a possible start at {}, yet at every possible start office '{office}' is already full with workshop sessions and locked requests",
                    p.mediators()[m].id,
                    fmt(start)
                ),
                Some((m, start)),
            ),
        }
    }
}

/// The reason code section 5 gives request `request` (an index) when it is
/// unassigned: the first of `NO_LANGUAGE`, `NO_SKILL`, `NO_TIME`,
/// `CAPACITY` and `CONFLICT` that applies, decided from the problem alone.
///
/// For many requests of one problem, keep a [`Reasons`] instead: it computes
/// each office's fixed room once.
pub fn reason_code(problem: &Problem, request: usize) -> ReasonVerdict {
    Reasons::new(problem).code(request)
}

/// Reports `WRONG_REASON` for every listed code of an unassigned request
/// (the first well-formed entry of a request not assigned) that is not the
/// one that applies.
pub fn check_reasons(plan: &Plan<'_>, reasons: &Reasons<'_>, out: &mut Findings) {
    let p = plan.problem();
    let mut seen = vec![false; p.requests().len()];
    for entry in &plan.parsed().unassigned {
        if seen[entry.request] || plan.assignment(entry.request).is_some() {
            continue;
        }
        seen[entry.request] = true;
        if entry.codes.is_empty() {
            continue;
        }
        let verdict = reasons.code(entry.request);
        let mut listed: Vec<ReasonCode> = Vec::new();
        for &code in &entry.codes {
            if listed.contains(&code) {
                continue;
            }
            listed.push(code);
            if code != verdict.code {
                let id = &p.requests()[entry.request].id;
                out.add(
                    "WRONG_REASON",
                    ViolationKind::Reason,
                    format!(
                        "request '{id}' is reported {code}, but {} (expected {})",
                        verdict.explanation, verdict.code
                    ),
                    Some(format!("{}.reasons", entry.path)),
                    Refs::request(id),
                );
            }
        }
    }
}

pub use crate::model::room_intervals;

/// The limits of format 1.1 on a possible start that some of `mediators`
/// have, for messages (`, minutes worked before the horizon`,
/// `, breaks.after_minutes`).
fn extra_limits<'m>(mediators: impl Iterator<Item = &'m crate::model::Mediator> + Clone) -> String {
    let mut extra = String::new();
    if mediators.clone().any(|m| !m.worked.is_empty()) {
        extra.push_str(", minutes worked before the horizon");
    }
    if mediators.clone().any(|m| m.breaks.is_some()) {
        extra.push_str(", breaks.after_minutes");
    }
    extra
}
