//! Requests: office, languages, duration, a fixed start or a window,
//! modalities, priority, skills, gender, case, preferences and the
//! previous (possibly locked) assignment; from 1.1 the roles of a request
//! that needs several mediators at once.

use std::collections::BTreeSet;

use super::mediators::level_names;
use super::reader::{List, ProblemReader};
use crate::interval::Minute;
use crate::json::path::{field_path, index_path};
use crate::json::StrictReader;
use crate::json::{JsonObject, JsonValue};
use crate::model::{Level, Modality, Previous, Priority, Request, Role, Timing};

const REQUIRED: [&str; 3] = ["id", "office", "duration_minutes"];
const OPTIONAL: [&str; 17] = [
    "service",
    "languages",
    "min_level",
    "start",
    "earliest",
    "latest",
    "modalities",
    "priority",
    "skills",
    "mediator_gender",
    "case",
    "preferred_mediator",
    "previous",
    "locked",
    "series",
    "windows",
    "roles",
];

/// What a request with roles gives per role, not for the whole request.
const PER_ROLE: [&str; 4] = ["languages", "min_level", "skills", "mediator_gender"];

/// The names of the priorities, in order.
pub(super) fn priority_names() -> Vec<&'static str> {
    Priority::ALL.iter().map(|p| p.as_str()).collect()
}

impl ProblemReader<'_> {
    pub(super) fn read_requests(&mut self) {
        let items = self.list_items(List::Requests);
        self.requests = vec![None; items.len()];
        for (index, item) in items.iter().enumerate() {
            let path = index_path("requests", index);
            let mark = self.mark();
            let Some(object) = self.object(item, &path, &REQUIRED, &OPTIONAL) else {
                continue;
            };
            let field = |key: &str| format!("{path}.{key}");
            let id = self.item_id(object, &path, List::Requests, index);
            let with_roles = object.contains("roles");
            if with_roles {
                for key in PER_ROLE.into_iter().filter(|key| object.contains(key)) {
                    let message = format!("a request with roles gives '{key}' per role, not for the whole request");
                    self.error("NOT_WITH_ROLES", field(key), message);
                }
            } else if !object.contains("languages") {
                self.error("MISSING_FIELD", field("languages"), "required field 'languages' is missing");
            }
            let roles = match object.get("roles") {
                Some(v) => self.roles(v, &field("roles")),
                None => Some(Vec::new()),
            };
            let office =
                object.get("office").and_then(|v| self.reference(v, &field("office"), List::Offices, "office"));
            let service = object.get("service").and_then(|v| self.string(v, &field("service")));
            let languages = match object.get("languages") {
                Some(v) => self.language_tags(v, &field("languages")),
                None => Some(Vec::new()),
            };
            let min_level = match object.get("min_level") {
                Some(v) => self.choice(v, &field("min_level"), &level_names(), "level", Level::parse),
                None => Some(Level::Working),
            };
            let duration =
                object.get("duration_minutes").and_then(|v| self.integer(v, &field("duration_minutes"), Some(1)));
            let timing = self.request_timing(object, &path, duration);
            let modalities = match object.get("modalities") {
                Some(v) => self.modalities(v, &field("modalities")),
                None => Some(vec![Modality::InPerson]),
            };
            let priority = match object.get("priority") {
                Some(v) => self.choice(v, &field("priority"), &priority_names(), "priority", Priority::parse),
                None => Some(Priority::Normal),
            };
            let skills = match object.get("skills") {
                Some(v) => self.skills(v, &field("skills")),
                None => Some(BTreeSet::new()),
            };
            let gender = object.get("mediator_gender").and_then(|v| self.string(v, &field("mediator_gender")));
            let case = object.get("case").and_then(|v| self.nonempty_string(v, &field("case")));
            let series = object.get("series").and_then(|v| self.nonempty_string(v, &field("series")));
            let preferred = object
                .get("preferred_mediator")
                .and_then(|v| self.reference(v, &field("preferred_mediator"), List::Mediators, "mediator"));
            // With roles, their number when they were read (0 otherwise).
            let role_count = with_roles.then(|| roles.as_ref().map_or(0, Vec::len));
            let previous = object.get("previous").and_then(|v| self.previous(v, &field("previous"), role_count));
            let locked = match object.get("locked") {
                Some(v) => self.boolean(v, &field("locked")),
                None => Some(false),
            };
            if locked == Some(true) && !object.contains("previous") {
                self.error("LOCKED_WITHOUT_PREVIOUS", field("locked"), "a locked request needs 'previous'");
            }
            if !self.clean_since(mark) || self.clock.is_none() {
                continue;
            }
            let (
                Some(id),
                Some((office, _)),
                Some(languages),
                Some(min_level),
                Some(duration),
                Some((timing, windows)),
            ) = (id, office, languages, min_level, duration, timing)
            else {
                continue;
            };
            let (Some(modalities), Some(priority), Some(skills), Some(locked), Some(mut roles)) =
                (modalities, priority, skills, locked, roles)
            else {
                continue;
            };
            let previous = previous.map(|(previous, mediators)| {
                for (role, mediator) in roles.iter_mut().zip(mediators) {
                    role.previous = Some(mediator);
                }
                previous
            });
            self.requests[index] = Some(Request {
                id,
                office,
                service: service.map(str::to_string),
                languages,
                min_level,
                duration,
                timing,
                modalities,
                priority,
                skills,
                mediator_gender: gender.map(str::to_string),
                case: case.map(str::to_string),
                preferred_mediator: preferred.map(|(index, _)| index),
                previous,
                locked,
                series: series.map(str::to_string),
                windows,
                roles,
            });
        }
    }

    /// `previous`: a known mediator and an existing local start; for a
    /// request with roles (`roles`: their number, 0 when they were not
    /// read) `mediators`, one per role in role order, all different, instead
    /// of `mediator`. With the mediators of the roles (empty without roles).
    fn previous(&mut self, value: &JsonValue, path: &str, roles: Option<usize>) -> Option<(Previous, Vec<usize>)> {
        let mark = self.mark();
        let who = if roles.is_some() { "mediators" } else { "mediator" };
        let object = self.object(value, path, &[who, "start"], &[])?;
        let start = object.get("start").and_then(|v| self.local_minute(v, &format!("{path}.start")));
        let Some(roles) = roles else {
            let mediator = object
                .get("mediator")
                .and_then(|v| self.reference(v, &format!("{path}.mediator"), List::Mediators, "mediator"));
            let (Some((mediator, _)), Some(start)) = (mediator, start) else {
                return None;
            };
            return self.clean_since(mark).then_some((Previous { mediator, start }, Vec::new()));
        };
        let mediators =
            object.get("mediators").and_then(|v| self.previous_mediators(v, &format!("{path}.mediators"), roles));
        let (Some(mediators), Some(start)) = (mediators, start) else {
            return None;
        };
        let first = *mediators.first()?;
        self.clean_since(mark).then_some((Previous { mediator: first, start }, mediators))
    }

    /// `previous.mediators` of a request with `roles` roles (0 when they
    /// were not read): known, distinct, one per role.
    fn previous_mediators(&mut self, value: &JsonValue, path: &str, roles: usize) -> Option<Vec<usize>> {
        let items = self.array(value, path, false)?;
        let mark = self.mark();
        let mut names: Vec<(Option<String>, String)> = Vec::with_capacity(items.len());
        let mut indices = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_path = index_path(path, i);
            let found = self.reference(item, &item_path, List::Mediators, "mediator");
            indices.extend(found.as_ref().map(|(index, _)| *index));
            names.push((found.map(|(_, text)| text), item_path));
        }
        self.distinct(&names, "mediator");
        if roles > 0 && items.len() != roles {
            let message = format!("{} mediators for {roles} roles (one per role, in role order)", items.len());
            self.error("ROLE_COUNT_MISMATCH", path, message);
        }
        self.clean_since(mark).then_some(indices)
    }

    /// `roles` (1.1): at least two, each with its languages and optionally
    /// its level, skills and wanted gender.
    fn roles(&mut self, value: &JsonValue, path: &str) -> Option<Vec<Role>> {
        let items = self.array(value, path, false)?;
        let mark = self.mark();
        if items.len() < 2 {
            let message = format!("a request with roles needs at least 2 roles, got {}", items.len());
            self.error("BAD_VALUE", path, message);
        }
        let mut roles = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let role_path = index_path(path, i);
            let Some(object) = self.object(item, &role_path, &["languages"], &PER_ROLE[1..]) else {
                continue;
            };
            let field = |key: &str| format!("{role_path}.{key}");
            let languages = object.get("languages").and_then(|v| self.language_tags(v, &field("languages")));
            let min_level = match object.get("min_level") {
                Some(v) => self.choice(v, &field("min_level"), &level_names(), "level", Level::parse),
                None => Some(Level::Working),
            };
            let skills = match object.get("skills") {
                Some(v) => self.skills(v, &field("skills")),
                None => Some(BTreeSet::new()),
            };
            let gender = object.get("mediator_gender").and_then(|v| self.string(v, &field("mediator_gender")));
            if let (Some(languages), Some(min_level), Some(skills)) = (languages, min_level, skills) {
                let mediator_gender = gender.map(str::to_string);
                roles.push(Role { languages, min_level, skills, mediator_gender, previous: None });
            }
        }
        self.clean_since(mark).then_some(roles)
    }

    /// Exactly one of `start`, both `earliest` and `latest` with room for
    /// the duration, and `windows` (1.1); with the windows, sorted (empty
    /// without them).
    fn request_timing(
        &mut self,
        item: &JsonObject,
        path: &str,
        duration: Option<i64>,
    ) -> Option<(Timing, Vec<(Minute, Minute)>)> {
        let (has_start, has_earliest, has_latest) =
            (item.contains("start"), item.contains("earliest"), item.contains("latest"));
        let has_windows = item.contains("windows");
        if has_start && (has_earliest || has_latest) {
            self.error("START_AND_WINDOW", path, "give either 'start' or 'earliest' and 'latest', not both");
        } else if has_start && has_windows {
            self.error("START_AND_WINDOW", path, "give either 'start' or 'windows', not both");
        } else if has_windows && (has_earliest || has_latest) {
            self.error("WINDOW_AND_WINDOWS", path, "give either 'earliest' and 'latest' or 'windows', not both");
        } else if !(has_start || has_windows || has_earliest && has_latest) {
            let (missing, message) = match (has_earliest, has_latest) {
                (true, _) => ("latest", "'latest' is missing: a window needs both ends"),
                (_, true) => ("earliest", "'earliest' is missing: a window needs both ends"),
                _ => ("start", "a request needs 'start', both 'earliest' and 'latest', or 'windows'"),
            };
            self.error("INCOMPLETE_WINDOW", field_path(path, missing), message);
        }
        let mut minute = |key: &str| -> Option<Minute> {
            let value = item.get(key)?;
            self.local_minute(value, &format!("{path}.{key}"))
        };
        let start = minute("start");
        let earliest = minute("earliest");
        let latest = minute("latest");
        if let (Some(earliest), Some(latest), Some(duration)) = (earliest, latest, duration) {
            if earliest + duration > latest {
                let text = |key: &str| item.get(key).and_then(JsonValue::as_str).unwrap_or_default().to_string();
                let message = format!(
                    "the window {}..{} is {} minutes, shorter than duration_minutes {duration}",
                    text("earliest"),
                    text("latest"),
                    latest - earliest
                );
                self.error("WINDOW_TOO_SHORT", format!("{path}.latest"), message);
            }
        }
        let windows = match item.get("windows") {
            Some(value) => self.windows(value, &format!("{path}.windows"), duration)?,
            None => Vec::new(),
        };
        match (start, earliest, latest, windows.first(), windows.last()) {
            (Some(start), None, None, None, _) => Some((Timing::Fixed(start), windows)),
            (None, Some(earliest), Some(latest), None, _) => Some((Timing::Window { earliest, latest }, windows)),
            (None, None, None, Some(&(earliest, _)), Some(&(_, latest))) => {
                Some((Timing::Window { earliest, latest }, windows))
            }
            _ => None,
        }
    }

    /// `windows` (1.1): a non-empty list of `{"earliest", "latest"}`, each
    /// holding the duration, none overlapping another (half-open: touching
    /// windows do not overlap); sorted by `earliest`.
    fn windows(&mut self, value: &JsonValue, path: &str, duration: Option<i64>) -> Option<Vec<(Minute, Minute)>> {
        let items = self.array(value, path, true)?;
        let mark = self.mark();
        let mut windows: Vec<(Minute, Minute, String)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let window_path = index_path(path, i);
            let Some(object) = self.object(item, &window_path, &["earliest", "latest"], &[]) else {
                continue;
            };
            let low = object.get("earliest").and_then(|v| self.local_minute(v, &format!("{window_path}.earliest")));
            let high = object.get("latest").and_then(|v| self.local_minute(v, &format!("{window_path}.latest")));
            let (Some(low), Some(high)) = (low, high) else { continue };
            if let Some(duration) = duration.filter(|d| low + d > high) {
                let text = |key: &str| object.get(key).and_then(JsonValue::as_str).unwrap_or_default().to_string();
                let message = format!(
                    "the window {}..{} is {} minutes, shorter than duration_minutes {duration}",
                    text("earliest"),
                    text("latest"),
                    high - low
                );
                self.error("WINDOW_TOO_SHORT", format!("{window_path}.latest"), message);
                continue;
            }
            windows.push((low, high, window_path));
        }
        windows.sort();
        // The latest end so far, and its window.
        let mut reach: Option<(Minute, String)> = None;
        for (low, high, window_path) in &windows {
            if let Some((_, at)) = reach.as_ref().filter(|(end, _)| low < end) {
                let message = format!("this window starts before the window at {at} ends");
                self.error("WINDOWS_OVERLAP", window_path.clone(), message);
            }
            if reach.as_ref().is_none_or(|(end, _)| high > end) {
                reach = Some((*high, window_path.clone()));
            }
        }
        self.clean_since(mark).then(|| windows.into_iter().map(|(low, high, _)| (low, high)).collect())
    }
}
