//! Mediators: home, languages with levels, modalities, skills, gender,
//! availability, absences and the daily and weekly maxima.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};

use super::lists::is_language_tag;
use super::reader::{List, ProblemReader};
use crate::interval::{merge, subtract, Interval};
use crate::json::path::index_path;
use crate::json::JsonValue;
use crate::json::StrictReader;
use crate::model::{Level, Mediator, MediatorLanguage, Modality};

const REQUIRED: [&str; 4] = ["id", "home", "languages", "availability"];
const OPTIONAL: [&str; 10] = [
    "name",
    "modalities",
    "skills",
    "gender",
    "absences",
    "max_minutes_per_day",
    "max_minutes_per_week",
    "fair_share",
    "worked",
    "breaks",
];

/// The names of the levels, in order.
pub(super) fn level_names() -> Vec<&'static str> {
    Level::ALL.iter().map(|l| l.as_str()).collect()
}

impl ProblemReader<'_> {
    pub(super) fn read_mediators(&mut self) {
        let items = self.list_items(List::Mediators);
        self.mediators = vec![None; items.len()];
        self.mediator_homes = vec![String::new(); items.len()];
        for (index, item) in items.iter().enumerate() {
            let path = index_path("mediators", index);
            let mark = self.mark();
            let Some(object) = self.object(item, &path, &REQUIRED, &OPTIONAL) else {
                continue;
            };
            let field = |key: &str| format!("{path}.{key}");
            let id = self.item_id(object, &path, List::Mediators, index);
            let name = object.get("name").and_then(|v| self.string(v, &field("name")));
            let home = object
                .get("home")
                .and_then(|v| self.reference(v, &field("home"), List::Municipalities, "municipality"));
            let languages = object.get("languages").and_then(|v| self.mediator_languages(v, &field("languages")));
            let modalities = match object.get("modalities") {
                Some(v) => self.modalities(v, &field("modalities")),
                None => Some(vec![Modality::InPerson]),
            };
            let skills = match object.get("skills") {
                Some(v) => self.skills(v, &field("skills")),
                None => Some(BTreeSet::new()),
            };
            let gender = object.get("gender").and_then(|v| self.string(v, &field("gender")));
            let availability = object.get("availability").and_then(|v| self.read_rules(v, &field("availability")));
            let absences = match object.get("absences") {
                Some(v) => self.absences(v, &field("absences")),
                None => Some(Vec::new()),
            };
            let max_day =
                object.get("max_minutes_per_day").map(|v| self.integer(v, &field("max_minutes_per_day"), Some(0)));
            let max_week =
                object.get("max_minutes_per_week").map(|v| self.integer(v, &field("max_minutes_per_week"), Some(0)));
            let fair_share = object.get("fair_share").map(|v| self.integer(v, &field("fair_share"), Some(1)));
            let breaks = match object.get("breaks") {
                Some(v) => self.read_breaks(v, &field("breaks")).map(Some),
                None => Some(None),
            };
            let worked = match object.get("worked") {
                Some(v) => self.worked(v, &field("worked")),
                None => Some(Vec::new()),
            };
            if !self.clean_since(mark) {
                continue;
            }
            let (
                Some(id),
                Some((home, town)),
                Some(languages),
                Some(modalities),
                Some(skills),
                Some(availability),
                Some(absences),
                Some(worked),
                Some(breaks),
            ) = (id, home, languages, modalities, skills, availability, absences, worked, breaks)
            else {
                continue;
            };
            let available = subtract(&self.occurrences(&availability), &absences);
            self.mediator_homes[index] = town;
            self.mediators[index] = Some(Mediator {
                id,
                name: name.map(str::to_string),
                home,
                languages,
                modalities,
                skills,
                gender: gender.map(str::to_string),
                availability,
                absences,
                max_minutes_per_day: max_day.flatten(),
                max_minutes_per_week: max_week.flatten(),
                fair_share: fair_share.flatten(),
                worked,
                breaks: breaks.or(self.network_breaks),
                available,
            });
        }
    }

    /// A non-empty list of `{"code", "level"}` with distinct codes.
    fn mediator_languages(&mut self, value: &JsonValue, path: &str) -> Option<Vec<MediatorLanguage>> {
        let items = self.array(value, path, true)?;
        let mark = self.mark();
        let mut languages = Vec::new();
        let mut codes: Vec<(Option<&str>, String)> = Vec::new();
        let levels = level_names();
        for (i, item) in items.iter().enumerate() {
            let item_path = index_path(path, i);
            let Some(object) = self.object(item, &item_path, &["code", "level"], &[]) else {
                continue;
            };
            let code_path = format!("{item_path}.code");
            let mut code = object.get("code").and_then(|v| self.string(v, &code_path));
            if let Some(text) = code.filter(|c| !is_language_tag(c)) {
                self.error("BAD_LANGUAGE_TAG", code_path.clone(), format!("'{text}' is not a lower-case BCP 47 tag"));
                code = None;
            }
            let level = object
                .get("level")
                .and_then(|v| self.choice(v, &format!("{item_path}.level"), &levels, "level", Level::parse));
            if let (Some(code), Some(level)) = (code, level) {
                languages.push(MediatorLanguage { code: code.to_string(), level });
            }
            codes.push((code, code_path));
        }
        self.distinct(&codes, "language");
        self.clean_since(mark).then_some(languages)
    }

    /// `worked` (1.1): `{"date", "minutes"}` entries, dates distinct and
    /// before the horizon; the minutes summed per ISO week that the horizon
    /// overlaps, in week order (other dates change nothing).
    fn worked(&mut self, value: &JsonValue, path: &str) -> Option<Vec<((i32, u32), i64)>> {
        let items = self.array(value, path, false)?;
        let mark = self.mark();
        let mut dates: Vec<(Option<NaiveDate>, String)> = Vec::new();
        let mut entries = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = index_path(path, i);
            let Some(object) = self.object(item, &item_path, &["date", "minutes"], &[]) else {
                continue;
            };
            let date_path = format!("{item_path}.date");
            let day = object.get("date").and_then(|v| self.date_value(v, &date_path));
            let minutes = object.get("minutes").and_then(|v| self.integer(v, &format!("{item_path}.minutes"), Some(0)));
            dates.push((day, date_path.clone()));
            if let (Some(day), Some((start, _))) = (day, self.horizon) {
                if day >= start {
                    let message = format!("{day} is not before the horizon's start {start}");
                    self.error("WORKED_NOT_BEFORE_HORIZON", date_path, message);
                    continue;
                }
            }
            if let (Some(day), Some(minutes)) = (day, minutes) {
                entries.push((day, minutes));
            }
        }
        self.distinct(&dates, "date");
        let (start, end) = self.horizon?;
        if !self.clean_since(mark) {
            return None;
        }
        let week = |d: NaiveDate| (d.iso_week().year(), d.iso_week().week());
        let (first, last) = (week(start), week(end));
        let mut by_week: Vec<((i32, u32), i64)> = Vec::new();
        for (day, minutes) in entries {
            let w = week(day);
            if w < first || w > last {
                continue;
            }
            match by_week.iter_mut().find(|(x, _)| *x == w) {
                Some((_, total)) => *total += minutes,
                None => by_week.push((w, minutes)),
            }
        }
        by_week.sort_unstable();
        Some(by_week)
    }

    /// Absences `{"from", "to"}`, each non-empty; merged.
    fn absences(&mut self, value: &JsonValue, path: &str) -> Option<Vec<Interval>> {
        let items = self.array(value, path, false)?;
        let mark = self.mark();
        let mut absences = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = index_path(path, i);
            let Some(object) = self.object(item, &item_path, &["from", "to"], &[]) else {
                continue;
            };
            let from = object.get("from").and_then(|v| self.local_minute(v, &format!("{item_path}.from")));
            let to = object.get("to").and_then(|v| self.local_minute(v, &format!("{item_path}.to")));
            if let (Some(from), Some(to)) = (from, to) {
                if from >= to {
                    let text = |key: &str| object.get(key).and_then(JsonValue::as_str).unwrap_or_default().to_string();
                    let message = format!("'from' {} is not before 'to' {}", text("from"), text("to"));
                    self.error("EMPTY_INTERVAL", item_path, message);
                } else {
                    absences.push((from, to));
                }
            }
        }
        self.clean_since(mark).then(|| merge(absences))
    }
}
