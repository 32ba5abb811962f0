//! `ponte-problem/1`: the network, its offices and mediators, the requests
//! and the workshops, exactly as the file writes them.
//!
//! These are data-transfer types: they keep the document as given (every
//! optional field stays absent when it was absent, numbers keep their
//! kind, lists and matrix rows keep their order), so that a document read
//! and written again loses nothing. Defaults, references and times are the
//! validator's business ([`crate::validate`]), which builds the
//! [`Problem`](crate::Problem) model from a valid document.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::kinds::{Level, Modality, Priority};

/// The format tag of a problem document.
pub const PROBLEM_FORMAT: &str = "ponte-problem/1";

/// A problem document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemDoc {
    /// Always `ponte-problem/1`.
    pub format: String,
    /// Network-wide settings (time zone, slot grid, holidays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<NetworkDoc>,
    /// First and last day, both included.
    pub horizon: HorizonDoc,
    /// Municipalities (office towns and mediators' home towns).
    pub municipalities: Vec<MunicipalityDoc>,
    /// Travel settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel: Option<TravelDoc>,
    /// Offices.
    pub offices: Vec<OfficeDoc>,
    /// Mediators.
    pub mediators: Vec<MediatorDoc>,
    /// Appointment requests.
    pub requests: Vec<RequestDoc>,
    /// Community workshops.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workshops: Option<Vec<WorkshopDoc>>,
    /// Cost weights overriding the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<WeightsDoc>,
}

/// `network`: name, time zone, slot grid, holidays, closed dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkDoc {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// IANA time zone name (default `Europe/Rome`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Slot grid in minutes: 5, 10, 15 (default), 20, 30 or 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = [5, 10, 15, 20, 30, 60]))]
    pub slot_minutes: Option<i64>,
    /// Holiday calendar (default `none`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holidays: Option<HolidaysDoc>,
    /// Dates closed network-wide (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")), extend("uniqueItems" = true))]
    pub closed: Option<Vec<String>>,
    /// The break rule of every mediator without their own (1.1, rule 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaks: Option<BreaksDoc>,
}

/// A break rule (1.1, rule 9): a rest of at least `break_minutes` is a
/// break, and every work block of a day lasts at most `after_minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BreaksDoc {
    /// Longest work block without a break, minutes (e.g. 360).
    #[schemars(range(min = 1))]
    pub after_minutes: i64,
    /// Shortest rest that is a break, minutes (e.g. 30).
    #[schemars(range(min = 1))]
    pub break_minutes: i64,
}

/// A holiday calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum HolidaysDoc {
    /// Italian national holidays close every office.
    #[serde(rename = "IT")]
    It,
    /// No holiday calendar.
    #[serde(rename = "none")]
    None,
}

/// `horizon`: first and last day, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HorizonDoc {
    /// First day (`YYYY-MM-DD`).
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub start: String,
    /// Last day, included (`YYYY-MM-DD`).
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub end: String,
}

/// A municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityDoc {
    /// Unique id.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where it is (needed for travel without a matrix entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<LocationDoc>,
}

/// Latitude and longitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationDoc {
    /// Latitude in [-90, 90].
    #[schemars(range(min = -90, max = 90))]
    pub lat: f64,
    /// Longitude in [-180, 180].
    #[schemars(range(min = -180, max = 180))]
    pub lon: f64,
}

/// `travel`: haversine settings, intra-municipality minutes and the matrix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TravelDoc {
    /// Speed for haversine travel, > 0 (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub speed_kmh: Option<f64>,
    /// Road factor for haversine travel, > 0 (default 1.3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub road_factor: Option<f64>,
    /// Minutes between two places of one municipality (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub intra_municipality_minutes: Option<i64>,
    /// Symmetric matrix: `minutes[A][B]` between municipalities A and B.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<OrderedMap<OrderedMap<i64>>>,
}

/// A weekly (`days`) or one-off (`date`) time rule; exactly one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeRuleDoc {
    /// Weekdays on which it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub days: Option<Vec<DayDoc>>,
    /// The one date on which it applies (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub date: Option<String>,
    /// Local clock time `HH:MM`.
    #[schemars(regex(pattern = r"^[0-9]{2}:[0-9]{2}$"))]
    pub from: String,
    /// Local clock time `HH:MM` after `from` (`24:00` allowed).
    #[schemars(regex(pattern = r"^[0-9]{2}:[0-9]{2}$"))]
    pub to: String,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DayDoc {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

/// An office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeDoc {
    /// Unique id.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Id of its municipality.
    pub municipality: String,
    /// Opening hours (possibly empty).
    pub opening: Vec<TimeRuleDoc>,
    /// Its own closed dates (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")), extend("uniqueItems" = true))]
    pub closed: Option<Vec<String>>,
    /// Engagements it can host at once (default unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub capacity: Option<i64>,
}

/// A mediator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MediatorDoc {
    /// Unique id.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Personal name (personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Id of the home municipality.
    pub home: String,
    /// Languages with levels (at least one).
    #[schemars(length(min = 1))]
    pub languages: Vec<MediatorLanguageDoc>,
    /// Modalities offered (default `["in_person"]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub modalities: Option<Vec<Modality>>,
    /// Skills (free strings compared exactly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(length(min = 1)), extend("uniqueItems" = true))]
    pub skills: Option<Vec<String>>,
    /// Gender (free string compared exactly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Weekly availability rules.
    pub availability: Vec<TimeRuleDoc>,
    /// Absences, half-open `[from, to)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absences: Option<Vec<AbsenceDoc>>,
    /// Engaged minutes allowed per local day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub max_minutes_per_day: Option<i64>,
    /// Engaged minutes allowed per ISO week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub max_minutes_per_week: Option<i64>,
    /// Share of the hours (1.1; e.g. contracted hours per week): the
    /// mediators with one take part in the cost term `fairness`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub fair_share: Option<i64>,
    /// Minutes engaged before the horizon starts (1.1), by date: those of a
    /// week the horizon overlaps count toward `max_minutes_per_week`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worked: Option<Vec<WorkedDoc>>,
    /// The mediator's own break rule (1.1, rule 9), replacing the network's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaks: Option<BreaksDoc>,
}

/// Minutes a mediator worked on a date before the horizon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkedDoc {
    /// The date, `YYYY-MM-DD`, before the horizon's start.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub date: String,
    /// Engaged minutes that day.
    #[schemars(range(min = 0))]
    pub minutes: i64,
}

/// One of a mediator's languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MediatorLanguageDoc {
    /// Lower-case BCP 47 tag.
    #[schemars(regex(pattern = r"^[a-z]{2,8}(-[a-z0-9]{1,8})*$"))]
    pub code: String,
    /// Level.
    pub level: Level,
}

/// An absence `[from, to)` in local date-times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceDoc {
    /// Start, `YYYY-MM-DDTHH:MM`.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
    pub from: String,
    /// End (excluded), `YYYY-MM-DDTHH:MM`.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
    pub to: String,
}

/// An appointment that needs a mediator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestDoc {
    /// Unique id.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Id of the office.
    pub office: String,
    /// Which service asks (reports only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The resident's languages, most preferred first (required, unless the
    /// request has `roles`: then each role has its own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(min = 1), inner(regex(pattern = r"^[a-z]{2,8}(-[a-z0-9]{1,8})*$")), extend("uniqueItems" = true))]
    pub languages: Vec<String>,
    /// Minimum level (default `working`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_level: Option<Level>,
    /// Duration in minutes, > 0.
    #[schemars(range(min = 1))]
    pub duration_minutes: i64,
    /// Fixed start `YYYY-MM-DDTHH:MM` (or give `earliest` and `latest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
    pub start: Option<String>,
    /// Earliest start of the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
    pub earliest: Option<String>,
    /// Latest end of the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
    pub latest: Option<String>,
    /// Accepted modalities, most preferred first (default `["in_person"]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub modalities: Option<Vec<Modality>>,
    /// Priority (default `normal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Required skills.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(length(min = 1)), extend("uniqueItems" = true))]
    pub skills: Option<Vec<String>>,
    /// Wanted mediator gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mediator_gender: Option<String>,
    /// Case id: requests sharing it should keep the same mediator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub case: Option<String>,
    /// Id of the preferred mediator (a wish).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_mediator: Option<String>,
    /// The assignment already communicated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousDoc>,
    /// Whether `previous` must be kept (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
    /// Series (1.1): requests sharing it are the occurrences of one recurring
    /// appointment; changing the local clock time between occurrences costs `series`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub series: Option<String>,
    /// Several windows (1.1), instead of `start` or `earliest` and `latest`:
    /// the engagement lies inside one of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub windows: Option<Vec<WindowDoc>>,
    /// Roles (1.1): the request needs one mediator per role at once (hard
    /// rule 10); then it has no `languages`, `min_level`, `skills` or
    /// `mediator_gender` of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 2))]
    pub roles: Option<Vec<RoleDoc>>,
}

/// One of the mediators a request with roles needs at once (1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleDoc {
    /// The role's languages, most preferred first.
    #[schemars(length(min = 1), inner(regex(pattern = r"^[a-z]{2,8}(-[a-z0-9]{1,8})*$")), extend("uniqueItems" = true))]
    pub languages: Vec<String>,
    /// Minimum level (default `working`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_level: Option<Level>,
    /// Required skills.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(length(min = 1)), extend("uniqueItems" = true))]
    pub skills: Option<Vec<String>>,
    /// Wanted mediator gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mediator_gender: Option<String>,
}

/// One of a request's several windows, in local date-times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowDoc {
    /// Earliest start, `YYYY-MM-DDTHH:MM`.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
    pub earliest: String,
    /// Latest end, `YYYY-MM-DDTHH:MM`.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
    pub latest: String,
}

/// The assignment already communicated to the resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviousDoc {
    /// Mediator id (empty, and left out, for a request with roles).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mediator: String,
    /// For a request with roles (1.1), instead of `mediator`: one mediator
    /// per role, in role order, all different.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("uniqueItems" = true))]
    pub mediators: Option<Vec<String>>,
    /// Start, `YYYY-MM-DDTHH:MM`.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
    pub start: String,
}

/// A community workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkshopDoc {
    /// Unique id.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Id of the hosting office.
    pub office: String,
    /// Priority of each uncovered language (default `normal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Participants' languages.
    #[schemars(length(min = 1), inner(regex(pattern = r"^[a-z]{2,8}(-[a-z0-9]{1,8})*$")), extend("uniqueItems" = true))]
    pub languages: Vec<String>,
    /// Minimum level (default `working`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_level: Option<Level>,
    /// Sessions (at least one).
    #[schemars(length(min = 1))]
    pub sessions: Vec<SessionDoc>,
}

/// A workshop session with a fixed start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionDoc {
    /// Id, unique within its workshop.
    #[schemars(length(min = 1, max = 64))]
    pub id: String,
    /// Start, `YYYY-MM-DDTHH:MM`.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$"))]
    pub start: String,
    /// Duration in minutes, > 0.
    #[schemars(range(min = 1))]
    pub duration_minutes: i64,
}

/// `weights`: overrides of the default cost weights.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightsDoc {
    /// Per unassigned request or uncovered workshop language, by priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unassigned: Option<UnassignedWeightsDoc>,
    /// Per travel minute (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub travel: Option<i64>,
    /// Per position of the used language (default 200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub language_rank: Option<i64>,
    /// Per position of the used modality (default 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub modality_rank: Option<i64>,
    /// Per extra mediator of a case or workshop (default 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub continuity: Option<i64>,
    /// Per request whose preferred mediator is not used (default 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub preferred_mediator: Option<i64>,
    /// Per started hour after `earliest` (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub delay: Option<i64>,
    /// Per request whose previous assignment changes (default 2000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub change: Option<i64>,
    /// Per squared hour of deviation from the shares of hours (1.1; default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub fairness: Option<i64>,
    /// Per change of clock time between consecutive occurrences of a series (1.1; default 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub series: Option<i64>,
}

/// `weights.unassigned`: one weight per priority.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnassignedWeightsDoc {
    /// Default 100000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub urgent: Option<i64>,
    /// Default 20000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub high: Option<i64>,
    /// Default 5000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub normal: Option<i64>,
    /// Default 1000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub low: Option<i64>,
}

/// A JSON object with free keys, kept in the order written (the travel
/// matrix and its rows), so that writing it back changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderedMap<V> {
    /// `(key, value)` in the order written.
    pub entries: Vec<(String, V)>,
}

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap { entries: Vec::new() }
    }
}

impl<V> OrderedMap<V> {
    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<V> FromIterator<(String, V)> for OrderedMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        OrderedMap { entries: iter.into_iter().collect() }
    }
}

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

struct OrderedMapVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedMapVisitor<V> {
    type Value = OrderedMap<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = access.next_entry::<String, V>()? {
            entries.push((k, v));
        }
        Ok(OrderedMap { entries })
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(OrderedMapVisitor(PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for OrderedMap<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let values = generator.subschema_for::<V>();
        json_schema!({
            "type": "object",
            "additionalProperties": values,
        })
    }
}
