//! Offices: municipality, opening hours, closed dates, capacity.

use std::collections::BTreeSet;

use super::reader::{List, ProblemReader};
use crate::json::path::index_path;
use crate::json::StrictReader;
use crate::model::Office;

const REQUIRED: [&str; 3] = ["id", "municipality", "opening"];
const OPTIONAL: [&str; 3] = ["name", "closed", "capacity"];

impl ProblemReader<'_> {
    pub(super) fn read_offices(&mut self) {
        let items = self.list_items(List::Offices);
        self.offices = vec![None; items.len()];
        self.office_towns = vec![String::new(); items.len()];
        for (index, item) in items.iter().enumerate() {
            let path = index_path("offices", index);
            let mark = self.mark();
            let Some(object) = self.object(item, &path, &REQUIRED, &OPTIONAL) else {
                continue;
            };
            let id = self.item_id(object, &path, List::Offices, index);
            let name = object.get("name").and_then(|v| self.string(v, &format!("{path}.name")));
            let town = object
                .get("municipality")
                .and_then(|v| self.reference(v, &format!("{path}.municipality"), List::Municipalities, "municipality"));
            let opening = object.get("opening").and_then(|v| self.read_rules(v, &format!("{path}.opening")));
            let closed = match object.get("closed") {
                Some(v) => self.read_dates(v, &format!("{path}.closed")),
                None => BTreeSet::new(),
            };
            let capacity = object.get("capacity").and_then(|v| self.integer(v, &format!("{path}.capacity"), Some(0)));
            let (Some(id), Some(opening), Some((municipality, town))) = (id, opening, town) else {
                continue;
            };
            if !self.clean_since(mark) {
                continue;
            }
            let open = self.open_intervals(&opening, &closed);
            // More than u32::MAX engagements cannot exist: such a capacity is unlimited in effect.
            let capacity = capacity.map(|c| u32::try_from(c).unwrap_or(u32::MAX));
            self.office_towns[index] = town;
            self.offices[index] =
                Some(Office { id, name: name.map(str::to_string), municipality, opening, closed, capacity, open });
        }
    }
}
