//! Workshops and their sessions.

use std::collections::HashMap;

use super::mediators::level_names;
use super::reader::{List, ProblemReader};
use super::requests::priority_names;
use crate::json::path::index_path;
use crate::json::JsonValue;
use crate::json::StrictReader;
use crate::model::{Level, Priority, Session, Workshop};

const REQUIRED: [&str; 4] = ["id", "office", "languages", "sessions"];
const OPTIONAL: [&str; 3] = ["title", "priority", "min_level"];

impl ProblemReader<'_> {
    pub(super) fn read_workshops(&mut self) {
        if self.top("workshops").is_none() {
            return;
        }
        let items = self.list_items(List::Workshops);
        self.workshops = vec![None; items.len()];
        for (index, item) in items.iter().enumerate() {
            let path = index_path("workshops", index);
            let mark = self.mark();
            let Some(object) = self.object(item, &path, &REQUIRED, &OPTIONAL) else {
                continue;
            };
            let field = |key: &str| format!("{path}.{key}");
            let id = self.item_id(object, &path, List::Workshops, index);
            let title = object.get("title").and_then(|v| self.string(v, &field("title")));
            let office =
                object.get("office").and_then(|v| self.reference(v, &field("office"), List::Offices, "office"));
            let priority = match object.get("priority") {
                Some(v) => self.choice(v, &field("priority"), &priority_names(), "priority", Priority::parse),
                None => Some(Priority::Normal),
            };
            let languages = object.get("languages").and_then(|v| self.language_tags(v, &field("languages")));
            let min_level = match object.get("min_level") {
                Some(v) => self.choice(v, &field("min_level"), &level_names(), "level", Level::parse),
                None => Some(Level::Working),
            };
            let sessions = object.get("sessions").and_then(|v| self.sessions(v, &field("sessions")));
            if !self.clean_since(mark) {
                continue;
            }
            let (Some(id), Some((office, _)), Some(priority), Some(languages), Some(min_level), Some(sessions)) =
                (id, office, priority, languages, min_level, sessions)
            else {
                continue;
            };
            let title = title.map(str::to_string);
            self.workshops[index] = Some(Workshop { id, title, office, priority, languages, min_level, sessions });
        }
    }

    /// A non-empty list of sessions with ids unique in the workshop.
    fn sessions(&mut self, value: &JsonValue, path: &str) -> Option<Vec<Session>> {
        let items = self.array(value, path, true)?;
        let mark = self.mark();
        let mut sessions = Vec::new();
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = index_path(path, i);
            let Some(object) = self.object(item, &item_path, &["id", "start", "duration_minutes"], &[]) else {
                continue;
            };
            let id_path = format!("{item_path}.id");
            let mut id = object.get("id").and_then(|v| self.ident(v, &id_path));
            if let Some(text) = id {
                if let Some(first) = seen.get(text) {
                    let message = format!("duplicate session id '{text}' (first at {first})");
                    self.error("DUPLICATE_ID", id_path, message);
                    id = None;
                } else {
                    seen.insert(text, item_path.clone());
                }
            }
            let start = object.get("start").and_then(|v| self.local_minute(v, &format!("{item_path}.start")));
            let duration = object
                .get("duration_minutes")
                .and_then(|v| self.integer(v, &format!("{item_path}.duration_minutes"), Some(1)));
            if let (Some(id), Some(start), Some(duration)) = (id, start, duration) {
                sessions.push(Session { id: id.to_string(), start, duration });
            }
        }
        (self.clean_since(mark) && self.clock.is_some()).then_some(sessions)
    }
}
