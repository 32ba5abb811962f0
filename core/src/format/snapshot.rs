//! `ponte-availability/1`: the public availability snapshot a municipality
//! publishes for the booking widget (built and read by
//! [`crate::booking`]; its JSON Schema is `schema/ponte-availability-1.schema.json`).
//! Times are whole minutes since the first instant of the horizon. It holds
//! no names, no genders, no request details, no case ids and no residents'
//! languages: mediators appear by pseudonym, busy times only say where.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::format::BreaksDoc;
use crate::interval::{Interval, Minute};
use crate::kinds::{Level, Modality};

/// The format tag of a snapshot.
pub const SNAPSHOT_FORMAT: &str = "ponte-availability/1";

/// A public availability snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicSnapshot {
    /// Always `ponte-availability/1`.
    pub format: String,
    /// Network name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// IANA zone.
    pub timezone: String,
    /// Slot grid in minutes.
    pub slot_minutes: i64,
    /// First day `YYYY-MM-DD`; minute 0 is its first instant.
    pub horizon_start: String,
    /// Last day `YYYY-MM-DD` (included).
    pub horizon_end: String,
    /// Municipalities.
    pub municipalities: Vec<SnapshotMunicipality>,
    /// Travel settings.
    pub travel: SnapshotTravel,
    /// Offices.
    pub offices: Vec<SnapshotOffice>,
    /// Mediators, by pseudonym.
    pub mediators: Vec<SnapshotMediator>,
    /// The weights that rank options.
    pub weights: SnapshotWeights,
}

/// A municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotMunicipality {
    /// Id.
    pub id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Latitude and longitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
}

/// Travel settings and the symmetric matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotTravel {
    /// Speed for haversine travel.
    pub speed_kmh: f64,
    /// Road factor.
    pub road_factor: f64,
    /// Minutes within one municipality.
    pub intra_municipality_minutes: i64,
    /// `[from, to, minutes]` entries between municipality ids.
    pub matrix: Vec<(String, String, i64)>,
}

/// An office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotOffice {
    /// Id.
    pub id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Municipality id.
    pub municipality: String,
    /// Capacity (none: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// Open intervals `[from, to)` in minutes.
    pub open: Vec<Interval>,
    /// For offices with a capacity: engagements it hosts, `[from, to)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load: Vec<Interval>,
}

/// A mediator, by pseudonym.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotMediator {
    /// Pseudonym (`M001`, ...).
    pub id: String,
    /// Home municipality id.
    pub home: String,
    /// Languages.
    pub languages: Vec<SnapshotLanguage>,
    /// Modalities offered.
    pub modalities: Vec<Modality>,
    /// Skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Engaged minutes allowed per day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_minutes_per_day: Option<i64>,
    /// Engaged minutes allowed per ISO week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_minutes_per_week: Option<i64>,
    /// Availability net of absences, `[from, to)` in minutes.
    pub available: Vec<Interval>,
    /// Busy times.
    pub busy: Vec<SnapshotBusy>,
    /// Minutes worked before the horizon in the ISO weeks it overlaps (format
    /// 1.1), which count toward `max_minutes_per_week`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub worked: Vec<SnapshotWorked>,
    /// The break rule that applies to the mediator (format 1.1, rule 9: its
    /// own or the network's), so that free slots and holds keep it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaks: Option<BreaksDoc>,
}

/// Minutes worked before the horizon in one ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotWorked {
    /// ISO week, `YYYY-Www`.
    pub week: String,
    /// Minutes.
    pub minutes: i64,
}

/// A language with its level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotLanguage {
    /// Tag.
    pub code: String,
    /// Level.
    pub level: Level,
}

/// A busy time: where the mediator is, not with whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotBusy {
    /// Start minute.
    pub from: Minute,
    /// End minute.
    pub to: Minute,
    /// Office id.
    pub office: String,
    /// Whether the mediator is there in person.
    pub in_person: bool,
}

/// The weights that rank options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotWeights {
    /// Per travel minute.
    pub travel: i64,
    /// Per language position.
    pub language_rank: i64,
    /// Per modality position.
    pub modality_rank: i64,
    /// Preferred mediator not used.
    pub preferred_mediator: i64,
    /// Per started hour of delay.
    pub delay: i64,
}
