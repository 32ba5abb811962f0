//! Municipalities and travel: locations, haversine settings and the
//! symmetric travel matrix.

use super::reader::{List, ProblemReader};
use super::values::entries;
use crate::json::path::{field_path, index_path};
use crate::json::JsonValue;
use crate::json::StrictReader;
use crate::model::{Municipality, TravelSettings};

/// Default speed for haversine travel.
pub(super) const DEFAULT_SPEED_KMH: f64 = 30.0;
/// Default road factor for haversine travel.
pub(super) const DEFAULT_ROAD_FACTOR: f64 = 1.3;
/// Default minutes between two places of one municipality.
pub(super) const DEFAULT_INTRA_MINUTES: i64 = 5;

/// The travel settings of a document without `travel`.
pub(super) fn default_travel() -> TravelSettings {
    TravelSettings {
        speed_kmh: DEFAULT_SPEED_KMH,
        road_factor: DEFAULT_ROAD_FACTOR,
        intra_municipality_minutes: DEFAULT_INTRA_MINUTES,
    }
}

impl<'a> ProblemReader<'a> {
    /// The items of a top-level list; `WRONG_TYPE` when it is no array.
    /// A missing required list is also `WRONG_TYPE` beside its
    /// `MISSING_FIELD`, as the checker reports it.
    pub(super) fn list_items(&mut self, list: List) -> &'a [JsonValue] {
        match self.top(list.name()) {
            Some(value) => self.array(value, list.name(), false).unwrap_or_default(),
            None => {
                self.error("WRONG_TYPE", list.name(), "expected an array, got nothing (the list is missing)");
                &[]
            }
        }
    }

    pub(super) fn read_municipalities(&mut self) {
        let items = self.list_items(List::Municipalities);
        self.municipalities = vec![None; items.len()];
        for (index, item) in items.iter().enumerate() {
            let path = index_path("municipalities", index);
            let mark = self.mark();
            let Some(object) = self.object(item, &path, &["id"], &["name", "location"]) else {
                continue;
            };
            let id = self.item_id(object, &path, List::Municipalities, index);
            let name = object.get("name").and_then(|v| self.string(v, &format!("{path}.name")));
            let mut location = None;
            if let Some(value) = object.get("location") {
                let location_path = format!("{path}.location");
                if let Some(place) = self.object(value, &location_path, &["lat", "lon"], &[]) {
                    let lat = place
                        .get("lat")
                        .and_then(|v| self.number(v, &format!("{location_path}.lat"), Some((-90.0, 90.0)), false));
                    let lon = place
                        .get("lon")
                        .and_then(|v| self.number(v, &format!("{location_path}.lon"), Some((-180.0, 180.0)), false));
                    location = lat.zip(lon);
                }
            }
            if let Some(id) = id.filter(|_| self.clean_since(mark)) {
                self.municipalities[index] = Some(Municipality { id, name: name.map(str::to_string), location });
            }
        }
    }

    pub(super) fn read_travel(&mut self) {
        let Some(value) = self.top("travel") else {
            self.travel = Some(default_travel());
            return;
        };
        let mark = self.mark();
        let fields = ["speed_kmh", "road_factor", "intra_municipality_minutes", "minutes"];
        let Some(travel) = self.object(value, "travel", &[], &fields) else {
            return;
        };
        let speed = match travel.get("speed_kmh") {
            Some(v) => self.number(v, "travel.speed_kmh", None, true),
            None => Some(DEFAULT_SPEED_KMH),
        };
        let factor = match travel.get("road_factor") {
            Some(v) => self.number(v, "travel.road_factor", None, true),
            None => Some(DEFAULT_ROAD_FACTOR),
        };
        let intra = match travel.get("intra_municipality_minutes") {
            Some(v) => self.integer(v, "travel.intra_municipality_minutes", Some(0)),
            None => Some(DEFAULT_INTRA_MINUTES),
        };
        if let Some(matrix) = travel.get("minutes") {
            self.read_matrix(matrix);
        }
        if let (Some(speed_kmh), Some(road_factor), Some(intra_municipality_minutes)) = (speed, factor, intra) {
            if self.clean_since(mark) {
                self.travel = Some(TravelSettings { speed_kmh, road_factor, intra_municipality_minutes });
            }
        }
    }

    /// `travel.minutes[A][B]`: known municipalities, integers >= 0, never A
    /// to itself, and equal both ways when both are given.
    fn read_matrix(&mut self, value: &JsonValue) {
        let Some(rows) = self.any_object(value, "travel.minutes") else {
            return;
        };
        let what = "municipality";
        for (a, row) in entries(rows) {
            let row_path = field_path("travel.minutes", a);
            let a_ok = self.reference_text(a, &row_path, List::Municipalities, what).is_some();
            let Some(row) = self.any_object(row, &row_path) else {
                continue;
            };
            for (b, minutes) in entries(row) {
                let cell = field_path(&row_path, b);
                let b_ok = self.reference_text(b, &cell, List::Municipalities, what).is_some();
                let minutes = self.integer(minutes, &cell, Some(0));
                let Some(minutes) = minutes.filter(|_| a_ok && b_ok) else {
                    continue;
                };
                if a == b {
                    let message = format!("'{a}' to itself is given by intra_municipality_minutes, not by the matrix");
                    self.error("TRAVEL_SELF", cell, message);
                    continue;
                }
                let reverse = (b.to_string(), a.to_string());
                if let Some(&other) = self.matrix.get(&reverse) {
                    if other != minutes {
                        let first = field_path(&field_path("travel.minutes", b), a);
                        let message = format!(
                            "{a}->{b} is {minutes} but {b}->{a} is {other} at {first}; the matrix is symmetric"
                        );
                        self.error("TRAVEL_ASYMMETRIC", cell, message);
                        continue;
                    }
                }
                self.matrix.insert((a.to_string(), b.to_string()), minutes);
                self.matrix.insert(reverse, minutes);
                self.matrix_entries.push((a.to_string(), b.to_string(), minutes));
            }
        }
    }
}
