//! The validated problem: municipalities, offices, mediators, requests and
//! workshops, with every reference resolved to an index and every time
//! expanded to [`Minute`]s. Build one with [`Problem::from_json_str`] (or
//! the other loaders); it cannot be built from invalid input.

mod entities;
mod grow;
mod placement;
mod travel;

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

pub use crate::kinds::{Level, Modality, Priority, ReasonCode};
pub use entities::{
    is_language_tag, serves, BreakRule, Mediator, MediatorLanguage, Municipality, Office, Previous, Request, Role,
    Session, Timing, TravelSettings, Weights, Workshop,
};
pub use placement::room_intervals;
pub use travel::{haversine_km, haversine_minutes, Place, TravelUndefined};

use crate::format::ProblemDoc;
use crate::interval::{Interval, Minute};
use crate::time::Clock;

/// Holiday calendar of the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holidays {
    /// Italian national holidays close every office.
    It,
    /// No holiday calendar.
    None,
}

/// The parts a validator assembles into a [`Problem`].
#[derive(Debug, Clone)]
pub struct ProblemParts {
    /// The source document (kept so that nothing is lost on save).
    pub document: ProblemDoc,
    /// Network name.
    pub name: Option<String>,
    /// IANA zone name.
    pub timezone: String,
    /// The clock of the zone, minute 0 at the horizon's start.
    pub clock: Clock,
    /// Slot grid in minutes.
    pub slot_minutes: i64,
    /// Holiday calendar.
    pub holidays: Holidays,
    /// Network-wide closed dates.
    pub network_closed: BTreeSet<NaiveDate>,
    /// First day.
    pub horizon_start: NaiveDate,
    /// Last day (included).
    pub horizon_end: NaiveDate,
    /// Municipalities.
    pub municipalities: Vec<Municipality>,
    /// Travel settings.
    pub travel: TravelSettings,
    /// Symmetric travel matrix entries between municipality indices.
    pub travel_matrix: Vec<((usize, usize), i64)>,
    /// Offices.
    pub offices: Vec<Office>,
    /// Mediators.
    pub mediators: Vec<Mediator>,
    /// Requests.
    pub requests: Vec<Request>,
    /// Workshops.
    pub workshops: Vec<Workshop>,
    /// Weights.
    pub weights: Weights,
}

/// A validated problem.
#[derive(Debug, Clone)]
pub struct Problem {
    document: ProblemDoc,
    name: Option<String>,
    timezone: String,
    clock: Clock,
    slot_minutes: i64,
    holidays: Holidays,
    network_closed: BTreeSet<NaiveDate>,
    horizon_start: NaiveDate,
    horizon_end: NaiveDate,
    horizon: Interval,
    municipalities: Vec<Municipality>,
    travel: TravelSettings,
    /// `municipality_travel[a * n + b]`: minutes between municipalities, `None` when undefined.
    municipality_travel: Vec<Option<i64>>,
    /// The matrix entries as given, keyed by (smaller, larger) municipality index.
    matrix: std::collections::BTreeMap<(usize, usize), i64>,
    offices: Vec<Office>,
    mediators: Vec<Mediator>,
    requests: Vec<Request>,
    workshops: Vec<Workshop>,
    weights: Weights,
    office_ids: HashMap<String, usize>,
    mediator_ids: HashMap<String, usize>,
    request_ids: HashMap<String, usize>,
    workshop_ids: HashMap<String, usize>,
    municipality_ids: HashMap<String, usize>,
    /// For each language tag the requests and workshops want: the mediators
    /// serving it, ascending, with their best level for it.
    speakers: HashMap<String, Vec<(usize, Level)>>,
    /// Per request, each role seen as an ordinary request
    /// ([`Request::role_view`]); empty for a request without roles.
    role_views: Vec<Vec<Request>>,
}

fn index_of<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    items.iter().enumerate().map(|(i, x)| (id(x).to_string(), i)).collect()
}

impl Problem {
    /// Assembles a problem from validated parts. Only the validator calls
    /// this: the parts must already satisfy every rule of the format.
    pub(crate) fn assemble(parts: ProblemParts) -> Problem {
        let next = parts.horizon_end.succ_opt().unwrap_or(parts.horizon_end);
        let horizon = (0, parts.clock.day_start(next));
        let n = parts.municipalities.len();
        let mut matrix: HashMap<(usize, usize), i64> = HashMap::new();
        for &((a, b), minutes) in &parts.travel_matrix {
            matrix.insert((a, b), minutes);
            matrix.insert((b, a), minutes);
        }
        let mut municipality_travel = vec![None; n * n];
        for a in 0..n {
            for b in 0..n {
                municipality_travel[a * n + b] = if a == b {
                    Some(parts.travel.intra_municipality_minutes)
                } else if let Some(&m) = matrix.get(&(a, b)) {
                    Some(m)
                } else {
                    match (parts.municipalities[a].location, parts.municipalities[b].location) {
                        (Some((la, oa)), Some((lb, ob))) => Some(haversine_minutes(
                            haversine_km(la, oa, lb, ob),
                            parts.travel.road_factor,
                            parts.travel.speed_kmh,
                        )),
                        _ => None,
                    }
                };
            }
        }
        let matrix = parts.travel_matrix.iter().map(|&((a, b), m)| ((a.min(b), a.max(b)), m)).collect();
        let mut speakers: HashMap<String, Vec<(usize, Level)>> = HashMap::new();
        let wanted = parts
            .requests
            .iter()
            .flat_map(|r| r.languages.iter().chain(r.roles.iter().flat_map(|role| &role.languages)))
            .chain(parts.workshops.iter().flat_map(|w| &w.languages));
        for tag in wanted {
            if !speakers.contains_key(tag) {
                let list = parts
                    .mediators
                    .iter()
                    .enumerate()
                    .filter_map(|(m, mediator)| mediator.best_level(tag).map(|level| (m, level)))
                    .collect();
                speakers.insert(tag.clone(), list);
            }
        }
        let role_views = parts.requests.iter().map(|r| (0..r.roles.len()).map(|k| r.role_view(k)).collect()).collect();
        Problem {
            matrix,
            speakers,
            role_views,
            office_ids: index_of(&parts.offices, |x| &x.id),
            mediator_ids: index_of(&parts.mediators, |x| &x.id),
            request_ids: index_of(&parts.requests, |x| &x.id),
            workshop_ids: index_of(&parts.workshops, |x| &x.id),
            municipality_ids: index_of(&parts.municipalities, |x| &x.id),
            document: parts.document,
            name: parts.name,
            timezone: parts.timezone,
            clock: parts.clock,
            slot_minutes: parts.slot_minutes,
            holidays: parts.holidays,
            network_closed: parts.network_closed,
            horizon_start: parts.horizon_start,
            horizon_end: parts.horizon_end,
            horizon,
            municipalities: parts.municipalities,
            travel: parts.travel,
            municipality_travel,
            offices: parts.offices,
            mediators: parts.mediators,
            requests: parts.requests,
            workshops: parts.workshops,
            weights: parts.weights,
        }
    }

    /// Each role of request `r` seen as an ordinary request, in role order
    /// ([`Request::role_view`]); empty for a request without roles.
    pub fn role_views(&self, r: usize) -> &[Request] {
        &self.role_views[r]
    }

    /// Indices of the mediators who serve one of the request's languages at
    /// its `min_level` or better, ascending: the only ones worth a closer
    /// look when placing or explaining it. (A request of another problem
    /// at one of this problem's offices is answered too, by a scan.)
    pub fn speakers_of(&self, request: &Request) -> Vec<usize> {
        let mut out = Vec::new();
        for tag in &request.languages {
            match self.speakers.get(tag) {
                Some(list) => out.extend(list.iter().filter(|(_, level)| *level >= request.min_level).map(|(m, _)| *m)),
                None => {
                    out.extend((0..self.mediators.len()).filter(|&m| self.mediators[m].serves(tag, request.min_level)))
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The source document, as read (every field preserved).
    pub fn document(&self) -> &ProblemDoc {
        &self.document
    }
    /// Network name.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    /// IANA zone name.
    pub fn timezone(&self) -> &str {
        &self.timezone
    }
    /// The network's clock (minute 0 is the first instant of the horizon).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }
    /// Slot grid in minutes.
    pub fn slot_minutes(&self) -> i64 {
        self.slot_minutes
    }
    /// Holiday calendar.
    pub fn holidays(&self) -> Holidays {
        self.holidays
    }
    /// Network-wide closed dates.
    pub fn network_closed(&self) -> &BTreeSet<NaiveDate> {
        &self.network_closed
    }
    /// First day of the horizon.
    pub fn horizon_start(&self) -> NaiveDate {
        self.horizon_start
    }
    /// Last day of the horizon (included).
    pub fn horizon_end(&self) -> NaiveDate {
        self.horizon_end
    }
    /// The horizon as minutes `[0, end)`.
    pub fn horizon(&self) -> Interval {
        self.horizon
    }
    /// Municipalities.
    pub fn municipalities(&self) -> &[Municipality] {
        &self.municipalities
    }
    /// Travel settings.
    pub fn travel(&self) -> &TravelSettings {
        &self.travel
    }
    /// Offices.
    pub fn offices(&self) -> &[Office] {
        &self.offices
    }
    /// Mediators.
    pub fn mediators(&self) -> &[Mediator] {
        &self.mediators
    }
    /// Requests.
    pub fn requests(&self) -> &[Request] {
        &self.requests
    }
    /// Workshops.
    pub fn workshops(&self) -> &[Workshop] {
        &self.workshops
    }
    /// Weights.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }
    /// The travel matrix entry between two municipalities, if given.
    pub fn matrix_minutes(&self, a: usize, b: usize) -> Option<i64> {
        self.matrix.get(&(a.min(b), a.max(b))).copied()
    }
    /// Index of an office id.
    pub fn office_index(&self, id: &str) -> Option<usize> {
        self.office_ids.get(id).copied()
    }
    /// Index of a mediator id.
    pub fn mediator_index(&self, id: &str) -> Option<usize> {
        self.mediator_ids.get(id).copied()
    }
    /// Index of a request id.
    pub fn request_index(&self, id: &str) -> Option<usize> {
        self.request_ids.get(id).copied()
    }
    /// Index of a workshop id.
    pub fn workshop_index(&self, id: &str) -> Option<usize> {
        self.workshop_ids.get(id).copied()
    }
    /// Index of a municipality id.
    pub fn municipality_index(&self, id: &str) -> Option<usize> {
        self.municipality_ids.get(id).copied()
    }

    /// Dates on which an office is closed inside the horizon: its own, the
    /// network's and the holidays.
    pub fn is_closed_on(&self, office: usize, day: NaiveDate) -> bool {
        self.offices[office].closed.contains(&day)
            || self.network_closed.contains(&day)
            || (self.holidays == Holidays::It && crate::time::is_italian_holiday(day))
    }

    /// Whether a session lies wholly inside the horizon (others are ignored).
    pub fn session_held(&self, session: &Session) -> bool {
        self.horizon.0 <= session.start && session.end() <= self.horizon.1
    }

    /// The held sessions of a workshop, with their indices in `sessions`.
    pub fn held_sessions(&self, workshop: usize) -> impl Iterator<Item = (usize, &Session)> + '_ {
        self.workshops[workshop].sessions.iter().enumerate().filter(|(_, s)| self.session_held(s))
    }

    /// Local date of a minute (the day of an engagement starting then).
    pub fn local_date(&self, minute: Minute) -> NaiveDate {
        self.clock.local_date(minute)
    }

    /// Slot grid test: the local clock reading is a multiple of `slot_minutes`.
    pub fn on_grid(&self, minute: Minute) -> bool {
        self.clock.clock_minutes(minute) % self.slot_minutes == 0
    }
}
