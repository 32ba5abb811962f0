//! The public availability snapshot (`ponte-availability/1`): what a
//! municipality can publish so that a booking widget finds free slots on
//! its offices, with nothing personal in it.
//!
//! It holds the network's clock settings, the municipalities and travel
//! settings, each office's opening (already net of holidays and closed
//! dates) and, for offices with a capacity, the times it is in use; and for
//! each mediator a pseudonym (`M001`, ... in the plan's mediator order), the
//! home municipality, languages with levels, modalities, skills, maxima,
//! availability net of absences, and busy times with their office. It has
//! no names, no genders, no request details, no case ids and no residents'
//! languages: a busy time says only where the mediator is, not with whom.
//! Times are whole minutes since the first instant of the horizon (exact
//! across DST changes; the engine formats the options it returns).
//!
//! Free-slot search on a snapshot gives the same options as on the full
//! problem and plan, mediators named by their pseudonyms, for queries
//! without `case` and `mediator_gender` (which a snapshot cannot answer:
//! they are refused with `UNSUPPORTED_ON_SNAPSHOT`).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::plan::{load, refused};
use super::slots::{options, query_request, search, SlotOption, SlotQuery, DEFAULT_LIMIT};
use crate::error::PonteError;
pub use crate::format::snapshot::{
    PublicSnapshot, SnapshotBusy, SnapshotLanguage, SnapshotMediator, SnapshotMunicipality, SnapshotOffice,
    SnapshotTravel, SnapshotWeights, SnapshotWorked, SNAPSHOT_FORMAT,
};
use crate::format::{BreaksDoc, ProblemDoc, SolutionDoc};
use crate::interval::Interval;
use crate::model::{
    BreakRule, Holidays, Mediator, MediatorLanguage, Municipality, Office, Problem, ProblemParts, TravelSettings,
    Weights,
};
use crate::solve::session::{Context, Session};
use crate::time::{parse_date, Clock};

/// The pseudonym of the mediator at position `index`.
pub fn pseudonym(index: usize) -> String {
    format!("M{:03}", index + 1)
}

/// Every pseudonym of a problem, the one rule for all anonymized outputs
/// (explanations, snapshots, and the bindings' tables, workbooks and
/// calendars): mediators `M001`, ... in the problem's order ([`pseudonym`]),
/// cases `C01`, ... in the order they first appear among the requests (two
/// digits at least, more when there are 100 cases or more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pseudonyms {
    /// `(mediator id, pseudonym)`, in the problem's order.
    pub mediators: Vec<(String, String)>,
    /// `(case id, pseudonym)`, in order of first appearance.
    pub cases: Vec<(String, String)>,
}

/// The pseudonyms of a problem's mediators and cases.
pub fn pseudonyms(problem: &Problem) -> Pseudonyms {
    let mediators = problem.mediators().iter().enumerate().map(|(i, m)| (m.id.clone(), pseudonym(i))).collect();
    let mut cases: Vec<&str> = Vec::new();
    for case in problem.requests().iter().filter_map(|r| r.case.as_deref()) {
        if !cases.contains(&case) {
            cases.push(case);
        }
    }
    let width = cases.len().to_string().len().max(2);
    let cases = cases.iter().enumerate().map(|(i, c)| (c.to_string(), format!("C{:0width$}", i + 1))).collect();
    Pseudonyms { mediators, cases }
}

/// The public snapshot of a feasible plan.
pub fn snapshot(problem: &Problem, plan: &SolutionDoc) -> Result<PublicSnapshot, PonteError> {
    let context = Context::light(problem);
    let state = load(&context, plan)?;
    let p = problem;
    let muni = |i: usize| p.municipalities()[i].id.clone();
    let mut matrix = Vec::new();
    for a in 0..p.municipalities().len() {
        for b in (a + 1)..p.municipalities().len() {
            if let Some(m) = p.matrix_minutes(a, b) {
                matrix.push((muni(a), muni(b), m));
            }
        }
    }
    let w = p.weights();
    Ok(PublicSnapshot {
        format: SNAPSHOT_FORMAT.to_string(),
        name: p.name().map(str::to_string),
        timezone: p.timezone().to_string(),
        slot_minutes: p.slot_minutes(),
        horizon_start: p.horizon_start().to_string(),
        horizon_end: p.horizon_end().to_string(),
        municipalities: p
            .municipalities()
            .iter()
            .map(|m| SnapshotMunicipality {
                id: m.id.clone(),
                name: m.name.clone(),
                location: m.location.map(|(a, b)| [a, b]),
            })
            .collect(),
        travel: SnapshotTravel {
            speed_kmh: p.travel().speed_kmh,
            road_factor: p.travel().road_factor,
            intra_municipality_minutes: p.travel().intra_municipality_minutes,
            matrix,
        },
        offices: p
            .offices()
            .iter()
            .enumerate()
            .map(|(o, office)| SnapshotOffice {
                id: office.id.clone(),
                name: office.name.clone(),
                municipality: muni(office.municipality),
                capacity: office.capacity,
                open: office.open.clone(),
                load: state.office_load(o).to_vec(),
            })
            .collect(),
        mediators: p
            .mediators()
            .iter()
            .enumerate()
            .map(|(m, mediator)| SnapshotMediator {
                id: pseudonym(m),
                home: muni(mediator.home),
                languages: mediator
                    .languages
                    .iter()
                    .map(|l| SnapshotLanguage { code: l.code.clone(), level: l.level })
                    .collect(),
                modalities: mediator.modalities.clone(),
                skills: mediator.skills.iter().cloned().collect(),
                max_minutes_per_day: mediator.max_minutes_per_day,
                max_minutes_per_week: mediator.max_minutes_per_week,
                available: mediator.available.clone(),
                busy: state
                    .engagements(m)
                    .iter()
                    .map(|e| SnapshotBusy {
                        from: e.start,
                        to: e.end,
                        office: p.offices()[e.office].id.clone(),
                        in_person: e.in_person,
                    })
                    .collect(),
                worked: mediator
                    .worked
                    .iter()
                    .map(|((year, week), minutes)| SnapshotWorked {
                        week: format!("{year}-W{week:02}"),
                        minutes: *minutes,
                    })
                    .collect(),
                breaks: mediator
                    .breaks
                    .map(|b| BreaksDoc { after_minutes: b.after_minutes, break_minutes: b.break_minutes }),
            })
            .collect(),
        weights: SnapshotWeights {
            travel: w.travel,
            language_rank: w.language_rank,
            modality_rank: w.modality_rank,
            preferred_mediator: w.preferred_mediator,
            delay: w.delay,
        },
    })
}

/// `YYYY-Www` as an ISO `(year, week)`.
fn parse_week(text: &str) -> Option<(i32, u32)> {
    let (year, week) = text.split_once("-W")?;
    let ok = year.len() == 4 && week.len() == 2 && (year.to_owned() + week).bytes().all(|b| b.is_ascii_digit());
    ok.then(|| Some((year.parse().ok()?, week.parse().ok()?))).flatten()
}

fn bad(path: impl Into<String>, message: impl Into<String>) -> PonteError {
    refused("INVALID_SNAPSHOT", path, message)
}

fn intervals(list: &[Interval], path: &str) -> Result<Vec<Interval>, PonteError> {
    if list.iter().any(|(a, b)| a >= b) {
        return Err(bad(path, "every interval needs from < to"));
    }
    Ok(crate::interval::merge(list.iter().copied()))
}

/// Rebuilds, from a snapshot, a problem without requests and a plan state
/// with the snapshot's busy times, then calls `f` with the state.
fn with_state<T>(snap: &PublicSnapshot, f: impl FnOnce(&Session) -> Result<T, PonteError>) -> Result<T, PonteError> {
    if snap.format != SNAPSHOT_FORMAT {
        return Err(bad("format", format!("expected '{SNAPSHOT_FORMAT}', got '{}'", snap.format)));
    }
    let tz: chrono_tz::Tz =
        snap.timezone.parse().map_err(|_| bad("timezone", format!("'{}' is not a known time zone", snap.timezone)))?;
    let start: NaiveDate =
        parse_date(&snap.horizon_start).ok_or_else(|| bad("horizon_start", "not a date YYYY-MM-DD"))?;
    let end: NaiveDate = parse_date(&snap.horizon_end).ok_or_else(|| bad("horizon_end", "not a date YYYY-MM-DD"))?;
    if start > end || (end - start).num_days() > 366 {
        return Err(bad("horizon_end", "the horizon must run forwards and last at most a year"));
    }
    if ![5, 10, 15, 20, 30, 60].contains(&snap.slot_minutes) {
        return Err(bad("slot_minutes", "must be one of 5, 10, 15, 20, 30, 60"));
    }
    let muni_index = |id: &str, path: String| {
        snap.municipalities.iter().position(|m| m.id == id).ok_or_else(|| bad(path, format!("no municipality '{id}'")))
    };
    let mut travel_matrix = Vec::new();
    for (i, (a, b, minutes)) in snap.travel.matrix.iter().enumerate() {
        let path = format!("travel.matrix[{i}]");
        if *minutes < 0 {
            return Err(bad(path, "minutes must not be negative"));
        }
        travel_matrix.push(((muni_index(a, path.clone())?, muni_index(b, path)?), *minutes));
    }
    if !(snap.travel.speed_kmh > 0.0 && snap.travel.road_factor > 0.0 && snap.travel.intra_municipality_minutes >= 0) {
        return Err(bad("travel", "speed_kmh and road_factor must be > 0, intra_municipality_minutes >= 0"));
    }
    let mut offices = Vec::new();
    for (i, o) in snap.offices.iter().enumerate() {
        offices.push(Office {
            id: o.id.clone(),
            name: o.name.clone(),
            municipality: muni_index(&o.municipality, format!("offices[{i}].municipality"))?,
            opening: Vec::new(),
            closed: BTreeSet::new(),
            capacity: o.capacity,
            open: intervals(&o.open, &format!("offices[{i}].open"))?,
        });
    }
    let office_ids: Vec<String> = offices.iter().map(|o| o.id.clone()).collect();
    let office_index = |id: &str, path: String| {
        office_ids.iter().position(|o| o == id).ok_or_else(|| bad(path, format!("no office '{id}'")))
    };
    let mut mediators = Vec::new();
    for (i, m) in snap.mediators.iter().enumerate() {
        mediators.push(Mediator {
            id: m.id.clone(),
            name: None,
            home: muni_index(&m.home, format!("mediators[{i}].home"))?,
            languages: m.languages.iter().map(|l| MediatorLanguage { code: l.code.clone(), level: l.level }).collect(),
            modalities: m.modalities.clone(),
            skills: m.skills.iter().cloned().collect(),
            gender: None,
            availability: Vec::new(),
            absences: Vec::new(),
            max_minutes_per_day: m.max_minutes_per_day,
            max_minutes_per_week: m.max_minutes_per_week,
            // Shares of hours are not published: free slots are ranked without `fairness`.
            fair_share: None,
            worked: m
                .worked
                .iter()
                .enumerate()
                .map(|(w, x)| {
                    let week = parse_week(&x.week).ok_or_else(|| {
                        bad(format!("mediators[{i}].worked[{w}].week"), format!("'{}' is not YYYY-Www", x.week))
                    })?;
                    Ok((week, x.minutes))
                })
                .collect::<Result<_, PonteError>>()?,
            breaks: match m.breaks {
                Some(b) if b.after_minutes < 1 || b.break_minutes < 1 => {
                    return Err(bad(format!("mediators[{i}].breaks"), "break minutes must be at least 1"));
                }
                Some(b) => Some(BreakRule { after_minutes: b.after_minutes, break_minutes: b.break_minutes }),
                None => None,
            },
            available: intervals(&m.available, &format!("mediators[{i}].available"))?,
        });
    }
    // Built directly, not read from JSON: the widget's module then carries
    // no reader of the whole problem format.
    let document = ProblemDoc {
        format: crate::format::PROBLEM_FORMAT.to_string(),
        network: None,
        horizon: crate::format::HorizonDoc { start: snap.horizon_start.clone(), end: snap.horizon_end.clone() },
        municipalities: Vec::new(),
        travel: None,
        offices: Vec::new(),
        mediators: Vec::new(),
        requests: Vec::new(),
        workshops: None,
        weights: None,
    };
    let weights = Weights {
        travel: snap.weights.travel,
        language_rank: snap.weights.language_rank,
        modality_rank: snap.weights.modality_rank,
        preferred_mediator: snap.weights.preferred_mediator,
        delay: snap.weights.delay,
        ..Weights::default()
    };
    let problem = Problem::assemble(ProblemParts {
        document,
        name: snap.name.clone(),
        timezone: snap.timezone.clone(),
        clock: Clock::new(tz, start, end),
        slot_minutes: snap.slot_minutes,
        holidays: Holidays::None,
        network_closed: BTreeSet::new(),
        horizon_start: start,
        horizon_end: end,
        municipalities: snap
            .municipalities
            .iter()
            .map(|m| Municipality { id: m.id.clone(), name: m.name.clone(), location: m.location.map(|[a, b]| (a, b)) })
            .collect(),
        travel: TravelSettings {
            speed_kmh: snap.travel.speed_kmh,
            road_factor: snap.travel.road_factor,
            intra_municipality_minutes: snap.travel.intra_municipality_minutes,
        },
        travel_matrix,
        offices,
        mediators,
        requests: Vec::new(),
        workshops: Vec::new(),
        weights,
    });
    let context = Context::light(&problem);
    let mut state = Session::new(&context);
    let mut busy_id = 0;
    for (m, mediator) in snap.mediators.iter().enumerate() {
        for (k, b) in mediator.busy.iter().enumerate() {
            let path = format!("mediators[{m}].busy[{k}]");
            if b.from >= b.to || b.from < problem.horizon().0 || b.to > problem.horizon().1 {
                return Err(bad(path, "a busy time needs from < to inside the horizon"));
            }
            let office = office_index(&b.office, format!("{path}.office"))?;
            state.block(m, busy_id, (b.from, b.to), office, b.in_person);
            busy_id += 1;
        }
    }
    for (o, office) in snap.offices.iter().enumerate() {
        for &interval in &office.load {
            state.add_office_load(o, interval);
        }
    }
    f(&state)
}

/// Where a new request could go, found on a public snapshot: the same
/// options as [`super::free_slots`] on the full problem and plan, with
/// mediators named by pseudonym. Queries with `case` or `mediator_gender`
/// are refused (`UNSUPPORTED_ON_SNAPSHOT`).
pub fn free_slots_in_snapshot(snap: &PublicSnapshot, query: &SlotQuery) -> Result<Vec<SlotOption>, PonteError> {
    if query.case.is_some() {
        return Err(refused("UNSUPPORTED_ON_SNAPSHOT", "case", "a public snapshot has no case ids"));
    }
    if query.mediator_gender.is_some() {
        return Err(refused("UNSUPPORTED_ON_SNAPSHOT", "mediator_gender", "a public snapshot has no genders"));
    }
    with_state(snap, |state| {
        let problem = state.problem();
        let (request, case) = query_request(problem, state.context(), query)?;
        let found = search(state, &request, case, query.limit.unwrap_or(DEFAULT_LIMIT));
        Ok(options(problem, &request, found, |m| problem.mediators()[m].id.clone()))
    })
}
