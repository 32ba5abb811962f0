//! Explanation of a plan: per request its cost terms (or its reason), per
//! mediator the engaged minutes per day and week, travel and engagements,
//! and per language and municipality the demand served and unserved.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::plan::load;
use crate::error::PonteError;
use crate::evaluate::terms::{request_terms, travel::day_minutes as day_travel_minutes, Served};
use crate::format::{CostDoc, ReasonDoc, SolutionDoc};
use crate::model::Problem;
use crate::solve::session::Context;

/// The explanation of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    /// One entry per request, in the problem's order.
    pub requests: Vec<RequestExplanation>,
    /// One entry per mediator, in the problem's order.
    pub mediators: Vec<MediatorLoad>,
    /// Demand by language and municipality.
    pub coverage: Vec<Coverage>,
    /// The plan's cost.
    pub cost: CostDoc,
}

/// Why a request is where it is (or nowhere).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestExplanation {
    /// Request id.
    pub request: String,
    /// Whether it is served.
    pub assigned: bool,
    /// Mediator id, when served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mediator: Option<String>,
    /// Local start, when served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The request's own cost terms (travel is per mediator and day, so it is
    /// not split among requests; `total` sums the others).
    pub terms: CostDoc,
    /// The reason, when unassigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ReasonDoc>,
}

/// A mediator's load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MediatorLoad {
    /// Mediator id.
    pub mediator: String,
    /// Engagements (requests and sessions).
    pub engagements: usize,
    /// Engaged minutes per local date (`YYYY-MM-DD`).
    pub minutes_per_day: BTreeMap<String, i64>,
    /// Engaged minutes per ISO week (`YYYY-Www`).
    pub minutes_per_week: BTreeMap<String, i64>,
    /// Travel minutes (home to first, between, last to home, per day).
    pub travel_minutes: i64,
    /// Engaged minutes in person.
    pub in_person_minutes: i64,
    /// Engaged minutes by phone or video.
    pub remote_minutes: i64,
}

/// Demand in one language and municipality (the language used, or for an
/// unserved request its most preferred one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    /// Language tag.
    pub language: String,
    /// Municipality id (of the office).
    pub municipality: String,
    /// Requests served.
    pub served: usize,
    /// Requests unserved.
    pub unserved: usize,
    /// Minutes of mediation delivered.
    pub minutes_served: i64,
    /// Minutes of mediation asked for and not delivered.
    pub minutes_unserved: i64,
}

/// The terms of a served request with roles: the ranks of every role's
/// entry (each role's view of the request), the request's own terms once
/// (delay at the common start; `change` when the start or any role's
/// mediator moved; `preferred_mediator` unless some role has them).
fn team_terms(p: &Problem, r: usize, seats: &[crate::solve::session::Placement]) -> CostDoc {
    let views = p.role_views(r);
    let each: Vec<CostDoc> = seats
        .iter()
        .zip(views)
        .map(|(seat, view)| {
            let served = Served {
                mediator: seat.mediator,
                start: seat.start,
                language: &view.languages[seat.language],
                modality: Some(seat.modality),
            };
            request_terms(p, view, Some(&served))
        })
        .collect();
    let Some(first) = each.first() else { return request_terms(p, &p.requests()[r], None) };
    CostDoc {
        language_rank: each.iter().map(|t| t.language_rank).sum(),
        modality_rank: each.iter().map(|t| t.modality_rank).sum(),
        change: each.iter().map(|t| t.change).max().unwrap_or(0),
        preferred_mediator: each.iter().map(|t| t.preferred_mediator).min().unwrap_or(0),
        ..*first
    }
    .with_total()
}

/// Explains a feasible plan.
pub fn explain(problem: &Problem, plan: &SolutionDoc) -> Result<Explanation, PonteError> {
    let context = Context::light(problem);
    let state = load(&context, plan)?;
    let p = problem;
    let reasons: BTreeMap<&str, &ReasonDoc> =
        plan.unassigned.iter().filter_map(|u| u.reasons.first().map(|r| (u.request.as_str(), r))).collect();
    let mut requests = Vec::new();
    let mut coverage: BTreeMap<(String, String), Coverage> = BTreeMap::new();
    for (r, request) in p.requests().iter().enumerate() {
        // A request with roles is shown by its role 0 (its mediator, language and start).
        let (placement, languages) = match state.teams()[r].as_ref() {
            _ if !request.has_roles() => (state.placements()[r], &request.languages),
            Some(seats) => (seats.first().copied(), &request.roles[0].languages),
            None => (None, &request.roles[0].languages),
        };
        let served = placement.map(|pl| Served {
            mediator: pl.mediator,
            start: pl.start,
            language: &languages[pl.language],
            modality: Some(pl.modality),
        });
        let terms = match state.teams()[r].as_deref() {
            Some(seats) if request.has_roles() => team_terms(p, r, seats),
            _ => request_terms(p, request, served.as_ref()),
        };
        let language = placement.map_or(&languages[0], |pl| &languages[pl.language]).clone();
        let municipality = p.municipalities()[p.offices()[request.office].municipality].id.clone();
        let entry = coverage.entry((language.clone(), municipality.clone())).or_insert(Coverage {
            language,
            municipality,
            served: 0,
            unserved: 0,
            minutes_served: 0,
            minutes_unserved: 0,
        });
        if placement.is_some() {
            entry.served += 1;
            entry.minutes_served += request.duration;
        } else {
            entry.unserved += 1;
            entry.minutes_unserved += request.duration;
        }
        requests.push(RequestExplanation {
            request: request.id.clone(),
            assigned: placement.is_some(),
            mediator: placement.map(|pl| p.mediators()[pl.mediator].id.clone()),
            start: placement.map(|pl| p.clock().format(pl.start)),
            terms,
            reason: if placement.is_none() { reasons.get(request.id.as_str()).map(|r| (*r).clone()) } else { None },
        });
    }
    let mut mediators = Vec::new();
    for (m, mediator) in p.mediators().iter().enumerate() {
        let list = state.engagements(m);
        let mut load = MediatorLoad {
            mediator: mediator.id.clone(),
            engagements: list.len(),
            minutes_per_day: BTreeMap::new(),
            minutes_per_week: BTreeMap::new(),
            travel_minutes: 0,
            in_person_minutes: 0,
            remote_minutes: 0,
        };
        let mut days: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for e in list {
            let minutes = e.end - e.start;
            let date = p.local_date(e.start);
            *load.minutes_per_day.entry(date.to_string()).or_default() += minutes;
            let (year, week) = p.clock().iso_week(e.start);
            *load.minutes_per_week.entry(format!("{year}-W{week:02}")).or_default() += minutes;
            if e.in_person {
                load.in_person_minutes += minutes;
                days.entry(context.day_of(e.start)).or_default().push(e.office);
            } else {
                load.remote_minutes += minutes;
            }
        }
        for offices in days.values() {
            load.travel_minutes += day_travel_minutes(p, p.home_place(m), offices).0;
        }
        mediators.push(load);
    }
    // The solver's cost terms do not see requests with roles: then the cost is the evaluation's.
    let cost = if p.requests().iter().any(|r| r.has_roles()) { state.document().cost } else { state.breakdown() };
    Ok(Explanation { requests, mediators, coverage: coverage.into_values().collect(), cost })
}

impl Explanation {
    /// The same explanation with mediator ids replaced by pseudonyms
    /// (`M001`, ... in the problem's order) and unassigned reasons' messages
    /// and blocking lists removed (they name mediators), for publishing.
    pub fn anonymized(&self) -> Explanation {
        let names: BTreeMap<String, String> = self
            .mediators
            .iter()
            .enumerate()
            .map(|(i, m)| (m.mediator.clone(), super::snapshot::pseudonym(i)))
            .collect();
        let rename = |id: &String| names.get(id).cloned().unwrap_or_else(|| "M???".to_string());
        let mut out = self.clone();
        for r in &mut out.requests {
            r.mediator = r.mediator.as_ref().map(rename);
            if let Some(reason) = &mut r.reason {
                reason.message = reason.code.to_string();
                reason.blocking.clear();
            }
        }
        for m in &mut out.mediators {
            m.mediator = rename(&m.mediator);
        }
        out
    }
}
