//! The document's header: `format`, `network` (zone, slot grid, holidays,
//! closed dates) and `horizon`.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::reader::ProblemReader;
use crate::format::PROBLEM_FORMAT;
use crate::json::path::index_path;
use crate::json::JsonValue;
use crate::json::StrictReader;
use crate::model::{BreakRule, Holidays};

/// The slot grids the format allows.
pub const SLOT_CHOICES: [i64; 6] = [5, 10, 15, 20, 30, 60];

/// Longest horizon, in days: ten years and some. A longer one is refused
/// (`BAD_HORIZON`) so that expanding the weekly rules stays quick.
pub const MAX_HORIZON_DAYS: i64 = 3660;

const NETWORK_FIELDS: [&str; 6] = ["name", "timezone", "slot_minutes", "holidays", "closed", "breaks"];

impl ProblemReader<'_> {
    pub(super) fn read_format(&mut self) {
        let Some(value) = self.top("format") else { return };
        if let Some(text) = self.string(value, "format") {
            if text != PROBLEM_FORMAT {
                self.error("UNSUPPORTED_FORMAT", "format", format!("expected '{PROBLEM_FORMAT}', got '{text}'"));
            }
        }
    }

    pub(super) fn read_network(&mut self) {
        let Some(value) = self.top("network") else { return };
        let Some(network) = self.object(value, "network", &[], &NETWORK_FIELDS) else {
            self.network_ok = false;
            return;
        };
        if let Some(name) = network.get("name") {
            self.network_name = self.string(name, "network.name").map(str::to_string);
        }
        if let Some(zone) = network.get("timezone") {
            match self.string(zone, "network.timezone") {
                Some(name) => match name.parse::<Tz>() {
                    Ok(tz) => {
                        self.tz = tz;
                        self.tz_name = name.to_string();
                    }
                    Err(_) => {
                        self.error(
                            "BAD_TIMEZONE",
                            "network.timezone",
                            format!("'{name}' is not an IANA time zone name"),
                        );
                        self.network_ok = false;
                    }
                },
                None => self.network_ok = false,
            }
        }
        if let Some(slot) = network.get("slot_minutes") {
            let mut minutes = self.integer(slot, "network.slot_minutes", None);
            if let Some(m) = minutes.filter(|m| !SLOT_CHOICES.contains(m)) {
                let choices: Vec<String> = SLOT_CHOICES.iter().map(i64::to_string).collect();
                self.error(
                    "BAD_VALUE",
                    "network.slot_minutes",
                    format!("must be one of {}, got {m}", choices.join(", ")),
                );
                minutes = None;
            }
            self.slot_minutes = minutes;
        }
        if let Some(holidays) = network.get("holidays") {
            self.holidays =
                self.choice(holidays, "network.holidays", &["IT", "none"], "holiday calendar", |t| match t {
                    "IT" => Some(Holidays::It),
                    "none" => Some(Holidays::None),
                    _ => None,
                });
        }
        if let Some(closed) = network.get("closed") {
            self.network_closed = self.read_dates(closed, "network.closed");
        }
        if let Some(breaks) = network.get("breaks") {
            self.network_breaks = self.read_breaks(breaks, "network.breaks");
        }
    }

    /// A break rule (1.1) `{"after_minutes": A, "break_minutes": B}`, both
    /// integers > 0 (`BAD_VALUE` at the field below 1); `None` on any error.
    pub(super) fn read_breaks(&mut self, value: &JsonValue, path: &str) -> Option<BreakRule> {
        let mark = self.mark();
        let object = self.object(value, path, &["after_minutes", "break_minutes"], &[])?;
        let after =
            object.get("after_minutes").and_then(|v| self.integer(v, &format!("{path}.after_minutes"), Some(1)));
        let rest = object.get("break_minutes").and_then(|v| self.integer(v, &format!("{path}.break_minutes"), Some(1)));
        if !self.clean_since(mark) {
            return None;
        }
        Some(BreakRule { after_minutes: after?, break_minutes: rest? })
    }

    /// A list of distinct dates; those that parse.
    pub(super) fn read_dates(&mut self, value: &JsonValue, path: &str) -> BTreeSet<NaiveDate> {
        let Some(items) = self.array(value, path, false) else {
            return BTreeSet::new();
        };
        let dates: Vec<(Option<NaiveDate>, String)> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let item_path = index_path(path, i);
                (self.date_value(item, &item_path), item_path)
            })
            .collect();
        self.distinct(&dates, "date");
        dates.into_iter().filter_map(|(d, _)| d).collect()
    }

    pub(super) fn read_horizon(&mut self) {
        let Some(value) = self.top("horizon") else { return };
        let Some(horizon) = self.object(value, "horizon", &["start", "end"], &[]) else {
            return;
        };
        let start = horizon.get("start").and_then(|v| self.date_value(v, "horizon.start"));
        let end = horizon.get("end").and_then(|v| self.date_value(v, "horizon.end"));
        let (Some(start), Some(end)) = (start, end) else {
            return;
        };
        if start > end {
            self.error("BAD_HORIZON", "horizon", format!("start {start} is after end {end}"));
            return;
        }
        let days = (end - start).num_days() + 1;
        if days > MAX_HORIZON_DAYS {
            self.error(
                "BAD_HORIZON",
                "horizon",
                format!("{start}..{end} is {days} days long; a horizon is at most {MAX_HORIZON_DAYS} days"),
            );
            return;
        }
        self.horizon = Some((start, end));
    }
}
