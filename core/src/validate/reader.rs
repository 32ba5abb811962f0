//! The reader's state and its driver: the sections in the checker's order,
//! then the semantic checks on whatever was read cleanly.
//!
//! Cascades follow the checker: an item with any error is left out of the
//! model (its later checks are skipped), but its well-formed id still
//! resolves references, so one mistake gives one error, not a chain.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::error::InputError;
use crate::json::{JsonObject, JsonValue, StrictReader};
use crate::model::{BreakRule, Holidays, Mediator, Municipality, Office, Request, TravelSettings, Weights, Workshop};
use crate::time::Clock;

/// Index of a reference whose list is itself broken (missing or not an
/// array): the reference is not checked and names no item.
pub(super) const UNRESOLVED: usize = usize::MAX;

/// Default zone when `network.timezone` is absent.
pub(super) const DEFAULT_TIMEZONE: &str = "Europe/Rome";

/// The five lists whose items have ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum List {
    Municipalities,
    Offices,
    Mediators,
    Requests,
    Workshops,
}

impl List {
    pub(super) const ALL: [List; 5] =
        [List::Municipalities, List::Offices, List::Mediators, List::Requests, List::Workshops];

    pub(super) fn name(self) -> &'static str {
        match self {
            List::Municipalities => "municipalities",
            List::Offices => "offices",
            List::Mediators => "mediators",
            List::Requests => "requests",
            List::Workshops => "workshops",
        }
    }
}

/// Everything read so far. Entities are kept by their index in the file's
/// list (`None` where the item had an error), so references are indices.
pub(super) struct ProblemReader<'a> {
    pub(super) data: &'a JsonObject,
    pub(super) errors: Vec<InputError>,
    pub(super) tz: Tz,
    pub(super) tz_name: String,
    pub(super) network_ok: bool,
    pub(super) network_name: Option<String>,
    pub(super) slot_minutes: Option<i64>,
    pub(super) holidays: Option<Holidays>,
    pub(super) network_closed: BTreeSet<NaiveDate>,
    /// `network.breaks` (1.1), when given and valid.
    pub(super) network_breaks: Option<BreakRule>,
    pub(super) horizon: Option<(NaiveDate, NaiveDate)>,
    pub(super) clock: Option<Clock>,
    /// Per list: id -> index of the first item with that id.
    pub(super) ids: HashMap<List, HashMap<String, usize>>,
    /// Per list: present and an array (only then are references checked).
    pub(super) list_ok: HashMap<List, bool>,
    pub(super) municipalities: Vec<Option<Municipality>>,
    /// `None` when `travel` has an error.
    pub(super) travel: Option<TravelSettings>,
    /// Travel matrix by municipality ids, both directions.
    pub(super) matrix: HashMap<(String, String), i64>,
    /// Matrix entries in the order read: `(from, to, minutes)`.
    pub(super) matrix_entries: Vec<(String, String, i64)>,
    pub(super) offices: Vec<Option<Office>>,
    /// Municipality id of each office, as written.
    pub(super) office_towns: Vec<String>,
    pub(super) mediators: Vec<Option<Mediator>>,
    /// Home municipality id of each mediator, as written.
    pub(super) mediator_homes: Vec<String>,
    pub(super) requests: Vec<Option<Request>>,
    pub(super) workshops: Vec<Option<Workshop>>,
    /// `None` when `weights` has an error.
    pub(super) weights: Option<Weights>,
}

impl<'a> ProblemReader<'a> {
    fn new(data: &'a JsonObject) -> ProblemReader<'a> {
        ProblemReader {
            data,
            errors: Vec::new(),
            tz: Tz::Europe__Rome,
            tz_name: DEFAULT_TIMEZONE.to_string(),
            network_ok: true,
            network_name: None,
            slot_minutes: Some(15),
            holidays: Some(Holidays::None),
            network_closed: BTreeSet::new(),
            network_breaks: None,
            horizon: None,
            clock: None,
            ids: HashMap::new(),
            list_ok: HashMap::new(),
            municipalities: Vec::new(),
            travel: None,
            matrix: HashMap::new(),
            matrix_entries: Vec::new(),
            offices: Vec::new(),
            office_towns: Vec::new(),
            mediators: Vec::new(),
            mediator_homes: Vec::new(),
            requests: Vec::new(),
            workshops: Vec::new(),
            weights: None,
        }
    }

    /// Records an error.
    pub(super) fn error(&mut self, code: &str, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(InputError::new(code, path, message));
    }

    /// A top-level field.
    pub(super) fn top(&self, key: &str) -> Option<&'a JsonValue> {
        self.data.get(key)
    }

    /// Whether time can be modelled and the semantic checks can run.
    pub(super) fn modelled(&self) -> bool {
        self.clock.is_some() && self.horizon.is_some() && self.slot_minutes.is_some() && self.holidays.is_some()
    }
}

impl StrictReader for ProblemReader<'_> {
    fn report(&mut self, code: &'static str, path: String, message: String) {
        self.error(code, path, message);
    }

    fn reported(&self) -> usize {
        self.errors.len()
    }
}

const TOP_REQUIRED: [&str; 6] = ["format", "horizon", "municipalities", "offices", "mediators", "requests"];
const TOP_OPTIONAL: [&str; 4] = ["network", "travel", "workshops", "weights"];

/// Reads a whole document: every error is in the returned reader's
/// `errors`; when there is none, its state assembles the model.
pub(super) fn read_document(value: &JsonValue) -> ProblemReader<'_> {
    let mut reader = read_header(value);
    if std::ptr::eq(reader.data, &EMPTY) {
        return reader;
    }
    if reader.network_ok {
        if let Some((start, end)) = reader.horizon {
            reader.clock = Some(Clock::new(reader.tz, start, end));
        }
    }
    reader.collect_ids();
    reader.read_municipalities();
    reader.read_travel();
    reader.read_offices();
    reader.read_mediators();
    reader.read_requests();
    reader.read_workshops();
    reader.read_weights();
    if reader.modelled() {
        let mut travel_ok = reader.travel.is_some();
        if travel_ok {
            let mark = reader.mark();
            reader.check_locations();
            travel_ok = reader.clean_since(mark);
        }
        reader.check_locked(travel_ok);
    }
    reader
}

/// The top-level object, `format`, `network` and `horizon` (without the clock).
pub(super) fn read_header(value: &JsonValue) -> ProblemReader<'_> {
    let mut reader = ProblemReader::new(&EMPTY);
    let Some(data) = reader.object(value, "$", &TOP_REQUIRED, &TOP_OPTIONAL) else {
        return reader;
    };
    reader.data = data;
    reader.read_format();
    reader.read_network();
    reader.read_horizon();
    reader
}

static EMPTY: JsonObject = JsonObject { entries: Vec::new() };
