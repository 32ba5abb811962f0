//! `ponte-solution/1`: which mediator serves what, when, in which language
//! and modality, and what stays unserved and why.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::kinds::{Modality, ReasonCode};

/// The format tag of a solution document.
pub const SOLUTION_FORMAT: &str = "ponte-solution/1";

/// A solution document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SolutionDoc {
    /// Always `ponte-solution/1`.
    pub format: String,
    /// Assigned requests.
    pub assignments: Vec<AssignmentDoc>,
    /// Every workshop session inside the horizon, once.
    pub sessions: Vec<SessionStaffingDoc>,
    /// Requests left unserved, with reasons.
    pub unassigned: Vec<UnassignedDoc>,
    /// The cost, term by term.
    pub cost: CostDoc,
}

/// One assigned request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentDoc {
    /// Request id.
    pub request: String,
    /// Mediator id.
    pub mediator: String,
    /// Local start `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// The language used (one of the request's).
    pub language: String,
    /// The modality used (one of the request's that the mediator offers).
    pub modality: Modality,
    /// For a request with roles (format 1.1): which role (0-based index in
    /// its `roles`) this entry serves; absent for any other request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<usize>,
}

/// Who staffs one workshop session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionStaffingDoc {
    /// Workshop id.
    pub workshop: String,
    /// Session id.
    pub session: String,
    /// Mediators present, each with the workshop languages they cover.
    pub mediators: Vec<SessionMediatorDoc>,
    /// Workshop languages no listed mediator covers.
    pub uncovered: Vec<String>,
}

/// A mediator present at a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionMediatorDoc {
    /// Mediator id.
    pub mediator: String,
    /// Workshop languages this mediator covers.
    pub languages: Vec<String>,
}

/// An unassigned request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnassignedDoc {
    /// Request id.
    pub request: String,
    /// At least one reason.
    pub reasons: Vec<ReasonDoc>,
}

/// Why a request is unassigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonDoc {
    /// Reason code (section 5).
    pub code: ReasonCode,
    /// Human-readable explanation.
    pub message: String,
    /// For `CONFLICT`: request ids and `workshop/session` that block it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocking: Vec<String>,
}

/// The cost of a plan, term by term (all integers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostDoc {
    /// Sum of the terms.
    pub total: i64,
    /// Unassigned requests and uncovered workshop languages.
    pub unassigned: i64,
    /// Travel minutes.
    pub travel: i64,
    /// Position of the used language.
    pub language_rank: i64,
    /// Position of the used modality.
    pub modality_rank: i64,
    /// Extra mediators per case and per workshop.
    pub continuity: i64,
    /// Preferred mediator not used.
    pub preferred_mediator: i64,
    /// Started hours after `earliest`.
    pub delay: i64,
    /// Changed previous assignments.
    pub change: i64,
    /// Squared hours of deviation from the shares of hours (format 1.1):
    /// present when some mediator has a `fair_share`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fairness: Option<i64>,
    /// Changes of clock time between consecutive occurrences of a series
    /// (format 1.1): present when some request has a `series`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<i64>,
}

impl CostDoc {
    /// The terms the cost has, in the format's order, with their names: the
    /// eight of 1.0, then those of 1.1 the problem uses.
    pub fn terms(&self) -> Vec<(&'static str, i64)> {
        let mut terms = vec![
            ("unassigned", self.unassigned),
            ("travel", self.travel),
            ("language_rank", self.language_rank),
            ("modality_rank", self.modality_rank),
            ("continuity", self.continuity),
            ("preferred_mediator", self.preferred_mediator),
            ("delay", self.delay),
            ("change", self.change),
        ];
        terms.extend(self.fairness.map(|v| ("fairness", v)));
        terms.extend(self.series.map(|v| ("series", v)));
        terms
    }

    /// Sets `total` to the sum of the terms and returns the cost.
    pub fn with_total(mut self) -> CostDoc {
        self.total = self.terms().iter().fold(0i64, |sum, (_, v)| sum.saturating_add(*v));
        self
    }
}

/// A field of [`CostDoc`]: `i64` for the terms of 1.0, `Option<i64>` for
/// those of 1.1, which a cost has only when the problem uses their feature.
pub trait CostSlot: Sized {
    /// The slot of a term worth `value`, in a problem that has it (`shown`) or not.
    fn of(value: i64, shown: bool) -> Self;
    /// The slot read back from a claimed cost (`None`: left out; `Some(None)`:
    /// beyond 64 bits); `None` when the cost is not complete.
    fn claimed(value: Option<Option<i64>>) -> Option<Self>;
}

impl CostSlot for i64 {
    fn of(value: i64, _shown: bool) -> i64 {
        value
    }
    fn claimed(value: Option<Option<i64>>) -> Option<i64> {
        value.flatten()
    }
}

impl CostSlot for Option<i64> {
    fn of(value: i64, shown: bool) -> Option<i64> {
        shown.then_some(value)
    }
    fn claimed(value: Option<Option<i64>>) -> Option<Option<i64>> {
        match value {
            None => Some(None),
            Some(v) => v.map(Some),
        }
    }
}
