//! Free-slot search: where a new request could go in a plan without moving
//! anyone, ranked by what it would add to the plan's cost.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::plan::{parse_start, refused};
use crate::error::PonteError;
use crate::interval::Minute;
use crate::model::{Level, Modality, Priority, Problem, Request, Timing};
use crate::solve::session::{Context, Placement, Session};

/// A new request to place: where, in which languages, how long, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotQuery {
    /// Office id.
    pub office: String,
    /// The resident's languages, most preferred first.
    pub languages: Vec<String>,
    /// Minimum level (default `working`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_level: Option<Level>,
    /// Duration in minutes (> 0).
    pub duration_minutes: i64,
    /// Earliest start, local `YYYY-MM-DDTHH:MM`.
    pub earliest: String,
    /// Latest end, local `YYYY-MM-DDTHH:MM`.
    pub latest: String,
    /// Accepted modalities, most preferred first (default `["in_person"]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modalities: Option<Vec<Modality>>,
    /// Required skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Wanted mediator gender (not available on a public snapshot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mediator_gender: Option<String>,
    /// Case id, for continuity (not available on a public snapshot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// Preferred mediator id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_mediator: Option<String>,
    /// At most this many options (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// A place for the new request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotOption {
    /// Mediator id (a pseudonym on a public snapshot).
    pub mediator: String,
    /// Local start.
    pub start: String,
    /// Local end.
    pub end: String,
    /// Language used.
    pub language: String,
    /// Modality.
    pub modality: Modality,
    /// What serving the request there adds to the plan's cost (its own
    /// terms, travel, continuity).
    pub cost_increase: i64,
}

/// The default number of options.
pub const DEFAULT_LIMIT: usize = 20;

/// Turns a query into a request of the problem's model (index-free), and its case.
pub(crate) fn query_request(
    p: &Problem,
    context: &Context,
    query: &SlotQuery,
) -> Result<(Request, Option<usize>), PonteError> {
    let office = p
        .office_index(&query.office)
        .ok_or_else(|| refused("UNKNOWN_REFERENCE", "office", format!("no office '{}'", query.office)))?;
    if query.languages.is_empty() {
        return Err(refused("BAD_VALUE", "languages", "give at least one language"));
    }
    for (i, tag) in query.languages.iter().enumerate() {
        if !crate::model::is_language_tag(tag) {
            return Err(refused(
                "BAD_LANGUAGE_TAG",
                format!("languages[{i}]"),
                format!("'{tag}' is not a lower-case BCP 47 tag"),
            ));
        }
    }
    if query.duration_minutes <= 0 || query.duration_minutes > 24 * 60 {
        return Err(refused(
            "BAD_VALUE",
            "duration_minutes",
            format!("must be from 1 to 1440 minutes, got {}", query.duration_minutes),
        ));
    }
    let earliest = parse_start(p, &query.earliest).ok_or_else(|| {
        refused(
            "BAD_DATETIME",
            "earliest",
            format!("'{}' is not an existing local date-time YYYY-MM-DDTHH:MM", query.earliest),
        )
    })?;
    let latest = parse_start(p, &query.latest).ok_or_else(|| {
        refused(
            "BAD_DATETIME",
            "latest",
            format!("'{}' is not an existing local date-time YYYY-MM-DDTHH:MM", query.latest),
        )
    })?;
    if earliest + query.duration_minutes > latest {
        return Err(refused("WINDOW_TOO_SHORT", "latest", "the window is shorter than the duration"));
    }
    let preferred_mediator = match &query.preferred_mediator {
        None => None,
        Some(id) => Some(
            p.mediator_index(id)
                .ok_or_else(|| refused("UNKNOWN_REFERENCE", "preferred_mediator", format!("no mediator '{id}'")))?,
        ),
    };
    let case = query.case.as_ref().and_then(|c| {
        p.requests().iter().position(|r| r.case.as_deref() == Some(c.as_str())).and_then(|r| context.case(r))
    });
    let modalities = query.modalities.clone().unwrap_or_else(|| vec![Modality::InPerson]);
    if modalities.is_empty() {
        return Err(refused("BAD_VALUE", "modalities", "give at least one modality"));
    }
    let request = Request {
        id: String::new(),
        office,
        service: None,
        languages: query.languages.clone(),
        min_level: query.min_level.unwrap_or(Level::Working),
        duration: query.duration_minutes,
        timing: Timing::Window { earliest, latest },
        modalities,
        priority: Priority::Normal,
        skills: query.skills.iter().cloned().collect(),
        mediator_gender: query.mediator_gender.clone(),
        case: query.case.clone(),
        preferred_mediator,
        previous: None,
        locked: false,
        series: None,
        windows: Vec::new(),
        roles: Vec::new(),
    };
    Ok((request, case))
}

/// Every feasible place for `request` in the state's plan, cheapest first.
pub(crate) fn search(state: &Session, request: &Request, case: Option<usize>, limit: usize) -> Vec<(i64, Placement)> {
    let context = state.context();
    let mut found: Vec<(i64, Minute, usize, Modality, Placement)> = Vec::new();
    for cand in context.candidates_for(request) {
        let modes = cand.in_person.map(|_| Modality::InPerson).into_iter().chain(cand.remote.map(|(m, _)| m));
        for modality in modes {
            let in_person = modality == Modality::InPerson;
            for &(low, high) in &cand.free {
                let mut t = low;
                while let Some(start) = context.next_grid(t) {
                    if start + request.duration > high {
                        break;
                    }
                    if state.fits(cand.mediator, (start, start + request.duration), request.office, in_person, true) {
                        let placement = Placement { mediator: cand.mediator, start, language: cand.language, modality };
                        let cost = state.placement_cost(request, case, &placement);
                        found.push((cost, start, cand.mediator, modality, placement));
                    }
                    t = start + 1;
                }
            }
        }
    }
    found.sort_by_key(|x| (x.0, x.1, x.2, x.3));
    found.truncate(limit);
    found.into_iter().map(|x| (x.0, x.4)).collect()
}

/// Options as the format writes them.
pub(crate) fn options(
    p: &Problem,
    request: &Request,
    found: Vec<(i64, Placement)>,
    mediator_id: impl Fn(usize) -> String,
) -> Vec<SlotOption> {
    found
        .into_iter()
        .map(|(cost, pl)| SlotOption {
            mediator: mediator_id(pl.mediator),
            start: p.clock().format(pl.start),
            end: p.clock().format(pl.start + request.duration),
            language: request.languages[pl.language].clone(),
            modality: pl.modality,
            cost_increase: cost,
        })
        .collect()
}

/// Where a new request could go in `plan` without moving anyone, cheapest
/// first (at most `query.limit`, default 20). The plan must be feasible.
///
/// Refuses with a typed error (code and path) a query naming an unknown
/// office or mediator, a bad language tag, a bad time, or an empty window.
pub fn free_slots(
    problem: &Problem,
    plan: &crate::format::SolutionDoc,
    query: &SlotQuery,
) -> Result<Vec<SlotOption>, PonteError> {
    let context = Context::light(problem);
    let state = super::plan::load(&context, plan)?;
    free_slots_in(&state, query)
}

/// [`free_slots`] on a loaded plan.
pub(super) fn free_slots_in(state: &Session<'_>, query: &SlotQuery) -> Result<Vec<SlotOption>, PonteError> {
    let problem = state.problem();
    let (request, case) = query_request(problem, state.context(), query)?;
    let found = search(state, &request, case, query.limit.unwrap_or(DEFAULT_LIMIT));
    Ok(options(problem, &request, found, |m| problem.mediators()[m].id.clone()))
}
