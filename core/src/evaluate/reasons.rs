//! Reason codes of unassigned requests (format section 5), decided from the
//! problem alone, exactly as the checker's `reason_code` decides them.

use serde::Serialize;

use super::plan::Plan;
use super::violation::{Findings, Refs, ViolationKind};
use crate::interval::{covers, intersect, merge, Interval, Minute};
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
        if r.has_roles() {
            return self.roles_code(request);
        }
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

impl Reasons<'_> {
    /// Section 5's reason for a request with roles: `NO_LANGUAGE` when some
    /// role has no mediator serving one of its languages at its level,
    /// `NO_SKILL` when some role has no suitable mediator, `NO_TIME` when no
    /// start has distinct suitable mediators, one per role, each with that
    /// start as a possible start (a matching), `CAPACITY` when the office is
    /// already full at every such start, else `CONFLICT`. The witness is
    /// role 0's mediator and the start.
    fn roles_code(&self, request: usize) -> ReasonVerdict {
        let p = self.problem;
        let r = &p.requests()[request];
        let views = p.role_views(request);
        let fmt = |m: Minute| p.clock().describe(m);
        let verdict = |code, explanation, witness| ReasonVerdict { code, explanation, witness };
        let speakers: Vec<Vec<usize>> = views.iter().map(|v| p.speakers_of(v)).collect();
        if let Some(k) = speakers.iter().position(Vec::is_empty) {
            let v = &views[k];
            let message =
                format!("role {k}: no mediator serves {} at {} or better", v.languages.join(" or "), v.min_level);
            return verdict(ReasonCode::NoLanguage, message, None);
        }
        let mut per_role: Vec<Vec<usize>> = Vec::with_capacity(views.len());
        for (k, (v, speakers)) in views.iter().zip(speakers).enumerate() {
            let suitable: Vec<usize> = speakers
                .into_iter()
                .filter(|&m| {
                    let mediator = &p.mediators()[m];
                    p.has_skills(v, mediator)
                        && p.gender_ok(v, mediator)
                        && p.usable_modalities(v, mediator).next().is_some()
                })
                .collect();
            if suitable.is_empty() {
                let message = format!(
                    "role {k}: some mediator serves one of its languages, yet none has its skills, the wanted gender and a shared modality"
                );
                return verdict(ReasonCode::NoSkill, message, None);
            }
            per_role.push(suitable);
        }
        let duration = r.duration;
        let mut free: std::collections::BTreeMap<usize, Vec<Interval>> = std::collections::BTreeMap::new();
        for &m in per_role.iter().flatten() {
            free.entry(m).or_insert_with(|| {
                let mediator = &p.mediators()[m];
                if mediator.within_maxima(duration) {
                    p.free_intervals(r, mediator)
                } else {
                    Vec::new()
                }
            });
        }
        // Starts s with [s, s + duration) inside a free interval of some suitable mediator of every role.
        let horizon = p.horizon();
        let mut common = vec![(horizon.0, horizon.1 + 1)];
        for suitable in &per_role {
            let ranges = suitable
                .iter()
                .flat_map(|m| &free[m])
                .filter(|&&(low, high)| high - low >= duration)
                .map(|&(low, high)| (low, high - duration + 1));
            common = intersect(&common, &merge(ranges));
        }
        let room = self.fixed_room(request);
        let office = &p.offices()[r.office].id;
        let exempt: Vec<Minute> = r.grid_exempt().collect();
        let names =
            |who: &[usize]| who.iter().map(|&m| format!("'{}'", p.mediators()[m].id)).collect::<Vec<_>>().join(", ");
        let mut matched: Option<(Vec<usize>, Minute)> = None;
        for &(low, high) in &common {
            let high = high - 1 + duration;
            let starts = match r.fixed_start() {
                Some(start) => [start].into_iter().filter(|&s| low <= s && s + duration <= high).collect(),
                None => p.grid_starts(low, high, duration, &exempt),
            };
            for start in starts {
                let Some(who) = match_roles(p, r, &per_role, &free, start) else { continue };
                match room.as_deref() {
                    None => {
                        let message = format!(
                            "mediators {} (one per role) all have a possible start at {}, and office '{office}' has no capacity limit",
                            names(&who),
                            fmt(start)
                        );
                        return verdict(ReasonCode::Conflict, message, Some((who[0], start)));
                    }
                    Some(room) if covers(room, start, start + duration) => {
                        let message = format!(
                            "mediators {} (one per role) all have a possible start at {}, and the office has room beside its workshop sessions and locked requests",
                            names(&who),
                            fmt(start)
                        );
                        return verdict(ReasonCode::Conflict, message, Some((who[0], start)));
                    }
                    Some(_) => {
                        matched.get_or_insert((who, start));
                    }
                }
            }
        }
        match matched {
            None => verdict(
                ReasonCode::NoTime,
                format!(
                    "every role has a suitable mediator, yet no start is a possible start of distinct suitable mediators, one per role (grid, window, horizon, office opening, availability, daily and weekly maxima{})",
                    extra_limits(per_role.iter().flatten().map(|&m| &p.mediators()[m]))
                ),
                None,
            ),
            Some((who, start)) => verdict(
                ReasonCode::Capacity,
                format!(
                    "mediators {} (one per role) have a possible start at {}, yet at every such start office '{office}' is already full with workshop sessions and locked requests",
                    names(&who),
                    fmt(start)
                ),
                Some((who[0], start)),
            ),
        }
    }
}

/// Distinct mediators, one per role of request `r`, each having `start` as a
/// possible start (a bipartite matching by augmenting paths, roles and
/// mediators in order, as the checker's `_match_roles`); `None` when there is none.
fn match_roles(
    p: &Problem,
    r: &crate::model::Request,
    per_role: &[Vec<usize>],
    free: &std::collections::BTreeMap<usize, Vec<Interval>>,
    start: Minute,
) -> Option<Vec<usize>> {
    let end = start + r.duration;
    let week = p.clock().iso_week(start);
    let options: Vec<Vec<usize>> = per_role
        .iter()
        .map(|suitable| {
            suitable
                .iter()
                .copied()
                .filter(|m| covers(&free[m], start, end) && p.mediators()[*m].fits_week(r.duration, week))
                .collect()
        })
        .collect();
    if options.iter().any(Vec::is_empty) {
        return None;
    }
    fn place(role: usize, options: &[Vec<usize>], owner: &mut Vec<(usize, usize)>, seen: &mut Vec<usize>) -> bool {
        for &m in &options[role] {
            if seen.contains(&m) {
                continue;
            }
            seen.push(m);
            let holder = owner.iter().position(|&(x, _)| x == m);
            let free = match holder {
                None => true,
                Some(i) => place(owner[i].1, options, owner, seen),
            };
            if free {
                match owner.iter().position(|&(x, _)| x == m) {
                    Some(i) => owner[i].1 = role,
                    None => owner.push((m, role)),
                }
                return true;
            }
        }
        false
    }
    // (mediator, role)
    let mut owner: Vec<(usize, usize)> = Vec::new();
    for role in 0..options.len() {
        if !place(role, &options, &mut owner, &mut Vec::new()) {
            return None;
        }
    }
    let mut chosen = vec![0; options.len()];
    for (m, role) in owner {
        chosen[role] = m;
    }
    Some(chosen)
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
        if seen[entry.request] || plan.mentioned(entry.request) {
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
