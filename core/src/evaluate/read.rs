//! Lenient solution reading, as the checker's `_SolutionReader` does it:
//! every malformed entry becomes a `format` violation and is left out of
//! the plan; well-formed entries are resolved to indices.

use crate::format::SOLUTION_FORMAT;
use crate::interval::Minute;
use crate::json::{index_path, JsonValue, StrictReader};
use crate::model::{Modality, Problem, ReasonCode};

use super::violation::{Findings, Refs, ViolationKind};

/// One well-formed assignment entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Request index.
    pub request: usize,
    /// Mediator index.
    pub mediator: usize,
    /// Start.
    pub start: Minute,
    /// The language as written (any string).
    pub language: String,
    /// The modality as written (any string).
    pub modality_text: String,
    /// The modality, when the text names one.
    pub modality: Option<Modality>,
    /// JSON path of the entry, e.g. `assignments[3]`.
    pub path: String,
    /// The role (its index), for a request with roles.
    pub role: Option<usize>,
}

impl Assignment {
    /// Whether the engagement is in person (the modality written is `in_person`).
    pub fn in_person(&self) -> bool {
        self.modality == Some(Modality::InPerson)
    }
}

/// One well-formed staffing entry of a session inside the horizon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staffing {
    /// Workshop index.
    pub workshop: usize,
    /// Session index within the workshop's `sessions`.
    pub session: usize,
    /// Mediators present (index) with the languages they are listed for.
    pub mediators: Vec<(usize, Vec<String>)>,
    /// The `uncovered` list as written.
    pub uncovered: Vec<String>,
    /// JSON path of the entry, e.g. `sessions[0]`.
    pub path: String,
}

impl Staffing {
    /// Whether a workshop language is covered by a listed mediator
    /// (listed languages that are not the workshop's cover nothing).
    pub fn covers(&self, language: &str) -> bool {
        self.mediators.iter().any(|(_, langs)| langs.iter().any(|l| l == language))
    }
}

/// One well-formed unassigned entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnassignedEntry {
    /// Request index.
    pub request: usize,
    /// The reason codes given, in order.
    pub codes: Vec<ReasonCode>,
    /// JSON path of the entry.
    pub path: String,
}

macro_rules! claimed_cost {
    ($($term:ident : $unit:literal $([$flag:ident])?),* $(,)?) => {
        /// The claimed cost, term by term, as written (a term is `None` when
        /// missing or not an integer). One field per cost term, from the one
        /// list ([`crate::cost_terms`]).
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
        pub struct ClaimedCost {
            /// `total`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub total: Option<i128>,
            $(
                #[doc = concat!("`", stringify!($term), "`.")]
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $term: Option<i128>,
            )*
        }

        impl ClaimedCost {
            fn slot(&mut self, key: &str) -> Option<&mut Option<i128>> {
                match key {
                    "total" => Some(&mut self.total),
                    $(k if k == stringify!($term) => Some(&mut self.$term),)*
                    _ => None,
                }
            }

            /// As a [`crate::format::CostDoc`], when every term of 1.0 is
            /// given and every term given fits in 64 bits.
            pub fn to_cost_doc(&self) -> Option<crate::format::CostDoc> {
                use crate::format::CostSlot;
                let v = |x: Option<i128>| x.map(|x| i64::try_from(x).ok());
                Some(crate::format::CostDoc {
                    total: v(self.total).flatten()?,
                    $($term: CostSlot::claimed(v(self.$term))?,)*
                })
            }
        }
    };
}
crate::cost_terms::with_cost_terms!(claimed_cost);

pub use crate::cost_terms::COST_KEYS;

impl ClaimedCost {
    /// The claimed value of a key of [`COST_KEYS`].
    pub fn get(&self, key: &str) -> Option<i128> {
        let mut copy = *self;
        copy.slot(key).and_then(|v| *v)
    }

    /// Whether no term was read.
    pub fn is_empty(&self) -> bool {
        COST_KEYS.iter().all(|k| self.get(k).is_none())
    }
}

/// What the reader takes from a solution document.
#[derive(Debug, Clone, Default)]
pub struct ParsedSolution {
    /// Well-formed assignments, in document order.
    pub assignments: Vec<Assignment>,
    /// Well-formed staffings of sessions inside the horizon, in document order.
    pub staffings: Vec<Staffing>,
    /// Well-formed unassigned entries, in document order.
    pub unassigned: Vec<UnassignedEntry>,
    /// The claimed cost.
    pub claimed: ClaimedCost,
    /// Every entry naming a known request (well-formed or not): request and path.
    pub request_mentions: Vec<(usize, String)>,
    /// Every assignment entry naming a known role of a request with roles
    /// (well-formed or not): request, role and path.
    pub role_mentions: Vec<(usize, usize, String)>,
    /// Every entry naming a session inside the horizon: (workshop, session) and path.
    pub session_mentions: Vec<((usize, usize), String)>,
    /// Every entry naming a session not wholly inside the horizon.
    pub ignored_session_mentions: Vec<((usize, usize), String)>,
}

pub use crate::json::field_path;

const ASSIGNMENT_FIELDS: [&str; 5] = ["request", "mediator", "start", "language", "modality"];
const STAFFING_FIELDS: [&str; 4] = ["workshop", "session", "mediators", "uncovered"];
const TOP_FIELDS: [&str; 5] = ["format", "assignments", "sessions", "unassigned", "cost"];

/// Reads a solution document leniently; format findings go to `out`.
pub fn read_solution(problem: &Problem, data: &JsonValue, out: &mut Findings) -> ParsedSolution {
    let mut reader = Reader { problem, out, parsed: ParsedSolution::default() };
    reader.read(data);
    reader.parsed
}

struct Reader<'a> {
    problem: &'a Problem,
    out: &'a mut Findings,
    parsed: ParsedSolution,
}

static EMPTY: JsonValue = JsonValue::Array(Vec::new());

impl StrictReader for Reader<'_> {
    fn report(&mut self, code: &'static str, path: String, message: String) {
        self.out.add(code, ViolationKind::Format, message, Some(path), Refs::none());
    }

    fn reported(&self) -> usize {
        self.out.len()
    }
}

impl<'a> Reader<'a> {
    fn error(&mut self, code: &'static str, path: String, message: String) {
        self.report(code, path, message);
    }

    /// A string naming a known id (`lookup`); UNKNOWN_REFERENCE otherwise.
    fn known(
        &mut self,
        value: &JsonValue,
        path: &str,
        lookup: impl Fn(&str) -> Option<usize>,
        what: &str,
    ) -> Option<usize> {
        let text = self.string(value, path)?;
        match lookup(text) {
            Some(index) => Some(index),
            None => {
                self.error("UNKNOWN_REFERENCE", path.to_string(), format!("no {what} '{text}'"));
                None
            }
        }
    }

    fn read(&mut self, data: &JsonValue) {
        let Some(top) = self.object(data, "$", &TOP_FIELDS, &[]) else {
            return;
        };
        if let Some(format) = top.get("format") {
            if let Some(text) = self.string(format, "format") {
                if text != SOLUTION_FORMAT {
                    self.error(
                        "UNSUPPORTED_FORMAT",
                        "format".to_string(),
                        format!("expected '{SOLUTION_FORMAT}', got '{text}'"),
                    );
                }
            }
        }
        let items = self.array(top.get("assignments").unwrap_or(&EMPTY), "assignments", false).unwrap_or(&[]);
        for (i, item) in items.iter().enumerate() {
            self.read_assignment(item, &index_path("assignments", i));
        }
        let items = self.array(top.get("sessions").unwrap_or(&EMPTY), "sessions", false).unwrap_or(&[]);
        for (i, item) in items.iter().enumerate() {
            self.read_staffing(item, &index_path("sessions", i));
        }
        let items = self.array(top.get("unassigned").unwrap_or(&EMPTY), "unassigned", false).unwrap_or(&[]);
        for (i, item) in items.iter().enumerate() {
            self.read_unassigned(item, &index_path("unassigned", i));
        }
        if let Some(cost) = top.get("cost") {
            self.read_cost(cost);
        }
    }

    fn read_start(&mut self, value: &JsonValue, path: &str) -> Option<Minute> {
        let text = self.string(value, path)?;
        let Some((day, clock)) = parse_datetime(text) else {
            self.error("BAD_DATETIME", path.to_string(), format!("'{text}' is not a local date-time YYYY-MM-DDTHH:MM"));
            return None;
        };
        match self.problem.clock().local_minute(day, clock) {
            Some(minute) => Some(minute),
            None => {
                self.error(
                    "DST_GAP",
                    path.to_string(),
                    format!("local time {text} does not exist in {} (DST gap)", self.problem.timezone()),
                );
                None
            }
        }
    }

    fn read_assignment(&mut self, item: &JsonValue, path: &str) {
        let mark = self.mark();
        let Some(object) = self.object(item, path, &ASSIGNMENT_FIELDS, &["role"]) else {
            return;
        };
        let problem = self.problem;
        let request = object
            .get("request")
            .and_then(|v| self.known(v, &format!("{path}.request"), |id| problem.request_index(id), "request"));
        if let Some(r) = request {
            self.parsed.request_mentions.push((r, path.to_string()));
        }
        let role = request.and_then(|r| self.read_role(object, path, r));
        let mediator = object
            .get("mediator")
            .and_then(|v| self.known(v, &format!("{path}.mediator"), |id| problem.mediator_index(id), "mediator"));
        let start = object.get("start").and_then(|v| self.read_start(v, &format!("{path}.start")));
        let language = object.get("language").and_then(|v| self.string(v, &format!("{path}.language")));
        let modality = object.get("modality").and_then(|v| self.string(v, &format!("{path}.modality")));
        if self.clean_since(mark) {
            if let (Some(request), Some(mediator), Some(start), Some(language), Some(modality)) =
                (request, mediator, start, language, modality)
            {
                self.parsed.assignments.push(Assignment {
                    request,
                    mediator,
                    start,
                    language: language.to_string(),
                    modality_text: modality.to_string(),
                    modality: Modality::parse(modality),
                    path: path.to_string(),
                    role,
                });
            }
        }
    }

    /// An assignment's `role`: required for a request with roles (an index
    /// into its `roles`), refused for any other request.
    fn read_role(&mut self, object: &crate::json::JsonObject, path: &str, r: usize) -> Option<usize> {
        let request = &self.problem.requests()[r];
        let count = request.roles.len();
        let role_path = format!("{path}.role");
        let Some(value) = object.get("role") else {
            if count > 0 {
                let message = format!("request '{}' has roles: say which one (0 to {})", request.id, count - 1);
                self.error("MISSING_FIELD", role_path, message);
            }
            return None;
        };
        if count == 0 {
            self.error("UNEXPECTED_ROLE", role_path, format!("request '{}' has no roles", request.id));
            return None;
        }
        let number = self.json_integer(value, &role_path)?;
        if number < 0 {
            self.error("BAD_VALUE", role_path, format!("must be at least 0, got {number}"));
            return None;
        }
        let role = usize::try_from(number).ok().filter(|&k| k < count);
        let Some(role) = role else {
            let message = format!("request '{}' has no role {number} (roles 0 to {})", request.id, count - 1);
            self.error("UNKNOWN_REFERENCE", role_path, message);
            return None;
        };
        self.parsed.role_mentions.push((r, role, path.to_string()));
        Some(role)
    }

    fn read_staffing(&mut self, item: &JsonValue, path: &str) {
        let mark = self.mark();
        let Some(object) = self.object(item, path, &STAFFING_FIELDS, &[]) else {
            return;
        };
        let problem = self.problem;
        let workshop = object
            .get("workshop")
            .and_then(|v| self.known(v, &format!("{path}.workshop"), |id| problem.workshop_index(id), "workshop"));
        let session_id = object.get("session").and_then(|v| self.string(v, &format!("{path}.session")));
        let mut held = true;
        let mut session = None;
        if let (Some(w), Some(sid)) = (workshop, session_id) {
            let workshop = &problem.workshops()[w];
            match workshop.sessions.iter().position(|s| s.id == sid) {
                None => self.error(
                    "UNKNOWN_REFERENCE",
                    format!("{path}.session"),
                    format!("workshop '{}' has no session '{sid}'", workshop.id),
                ),
                Some(s) if !problem.session_held(&workshop.sessions[s]) => {
                    held = false;
                    self.parsed.ignored_session_mentions.push(((w, s), path.to_string()));
                }
                Some(s) => {
                    session = Some(s);
                    self.parsed.session_mentions.push(((w, s), path.to_string()));
                }
            }
        }
        let mut mediators: Vec<(usize, Vec<String>)> = Vec::new();
        let mut seen: Vec<(usize, String)> = Vec::new();
        let list_path = format!("{path}.mediators");
        let entries = self.array(object.get("mediators").unwrap_or(&EMPTY), &list_path, false).unwrap_or(&[]);
        for (i, entry) in entries.iter().enumerate() {
            let entry_path = index_path(&list_path, i);
            let Some(entry) = self.object(entry, &entry_path, &["mediator", "languages"], &[]) else {
                continue;
            };
            let mediator = entry.get("mediator").and_then(|v| {
                self.known(v, &format!("{entry_path}.mediator"), |id| problem.mediator_index(id), "mediator")
            });
            let langs = self.string_list(
                entry.get("languages").unwrap_or(&EMPTY),
                &format!("{entry_path}.languages"),
                "language",
            );
            if let Some(m) = mediator {
                if let Some((_, first)) = seen.iter().find(|(x, _)| *x == m) {
                    let message =
                        format!("mediator '{}' is listed twice (first at {first})", problem.mediators()[m].id);
                    self.error("DUPLICATE_SESSION_MEDIATOR", format!("{entry_path}.mediator"), message);
                    continue;
                }
            }
            if let (Some(m), Some(langs)) = (mediator, langs) {
                seen.push((m, entry_path));
                mediators.push((m, langs));
            }
        }
        let uncovered =
            self.string_list(object.get("uncovered").unwrap_or(&EMPTY), &format!("{path}.uncovered"), "language");
        if self.clean_since(mark) && held {
            if let (Some(workshop), Some(session), Some(uncovered)) = (workshop, session, uncovered) {
                self.parsed.staffings.push(Staffing {
                    workshop,
                    session,
                    mediators,
                    uncovered,
                    path: path.to_string(),
                });
            }
        }
    }

    fn string_list(&mut self, value: &JsonValue, path: &str, what: &str) -> Option<Vec<String>> {
        let items = self.array(value, path, false)?;
        let mark = self.mark();
        let mut values: Vec<Option<&str>> = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let text = self.string(item, &index_path(path, i));
            values.push(text);
        }
        for (i, text) in values.iter().enumerate() {
            if let Some(text) = text {
                if values[..i].contains(&Some(*text)) {
                    self.error("DUPLICATE_VALUE", index_path(path, i), format!("{what} '{text}' is listed twice"));
                }
            }
        }
        if self.clean_since(mark) {
            Some(values.into_iter().flatten().map(str::to_string).collect())
        } else {
            None
        }
    }

    fn read_unassigned(&mut self, item: &JsonValue, path: &str) {
        let mark = self.mark();
        let Some(object) = self.object(item, path, &["request", "reasons"], &[]) else {
            return;
        };
        let problem = self.problem;
        let request = object
            .get("request")
            .and_then(|v| self.known(v, &format!("{path}.request"), |id| problem.request_index(id), "request"));
        if let Some(r) = request {
            self.parsed.request_mentions.push((r, path.to_string()));
        }
        let mut codes = Vec::new();
        let reasons_path = format!("{path}.reasons");
        let reasons = self.array(object.get("reasons").unwrap_or(&EMPTY), &reasons_path, true).unwrap_or(&[]);
        for (i, reason) in reasons.iter().enumerate() {
            let reason_path = index_path(&reasons_path, i);
            let Some(reason) = self.object(reason, &reason_path, &["code", "message"], &["blocking"]) else {
                continue;
            };
            if let Some(blocking) = reason.get("blocking") {
                self.read_blocking(blocking, &format!("{reason_path}.blocking"));
            }
            if let Some(code) = reason.get("code") {
                let code_path = format!("{reason_path}.code");
                if let Some(text) = self.string(code, &code_path) {
                    match ReasonCode::parse(text) {
                        Some(code) => codes.push(code),
                        None => {
                            let all: Vec<&str> = ReasonCode::ALL.iter().map(|c| c.as_str()).collect();
                            let message = format!("unknown reason code '{text}' (one of {})", all.join(", "));
                            self.error("BAD_REASON_CODE", code_path, message);
                        }
                    }
                }
            }
            if let Some(message) = reason.get("message") {
                self.string(message, &format!("{reason_path}.message"));
            }
        }
        if let Some(request) = request {
            if self.clean_since(mark) {
                self.parsed.unassigned.push(UnassignedEntry { request, codes, path: path.to_string() });
            }
        }
    }

    /// A reason's optional `blocking`: distinct request ids and workshop
    /// sessions, written `workshop/session` or as a bare session id that
    /// some workshop has.
    fn read_blocking(&mut self, value: &JsonValue, path: &str) {
        let items = self.string_list(value, path, "id").unwrap_or_default();
        for (i, text) in items.iter().enumerate() {
            if self.problem.request_index(text).is_some() || self.session_reference(text) {
                continue;
            }
            self.error(
                "UNKNOWN_REFERENCE",
                index_path(path, i),
                format!("no request or workshop session '{text}' (write a session as 'workshop/session')"),
            );
        }
    }

    fn session_reference(&self, text: &str) -> bool {
        let workshops = self.problem.workshops();
        if let Some((workshop, session)) = text.split_once('/') {
            if let Some(w) = self.problem.workshop_index(workshop) {
                if workshops[w].sessions.iter().any(|s| s.id == session) {
                    return true;
                }
            }
        }
        workshops.iter().any(|w| w.sessions.iter().any(|s| s.id == text))
    }

    fn read_cost(&mut self, value: &JsonValue) {
        let (optional, required): (Vec<&str>, Vec<&str>) =
            COST_KEYS.iter().partition(|k| crate::cost_terms::is_optional(k));
        let Some(object) = self.object(value, "cost", &required, &optional) else {
            return;
        };
        for key in COST_KEYS {
            if let Some(v) = object.get(key) {
                if let Some(number) = self.json_integer(v, &format!("cost.{key}")) {
                    if let Some(slot) = self.parsed.claimed.slot(key) {
                        *slot = Some(number);
                    }
                }
            }
        }
    }
}

/// `YYYY-MM-DDTHH:MM` with ASCII digits and a year from 1 (as the checker's
/// dates allow); the date and clock minutes.
fn parse_datetime(text: &str) -> Option<(chrono::NaiveDate, i64)> {
    use chrono::Datelike;
    let (day, clock) = crate::time::parse_datetime(text)?;
    (day.year() >= 1).then_some((day, clock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_matches_of_solution_fields_follow_difflib() {
        use crate::json::close_match;
        assert_eq!(close_match("mediatr", &ASSIGNMENT_FIELDS), Some("mediator"));
        assert_eq!(close_match("zzz", &ASSIGNMENT_FIELDS), None);
        assert_eq!(close_match("langauge", &ASSIGNMENT_FIELDS), Some("language"));
    }
}
