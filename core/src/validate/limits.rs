//! Size limits on a problem, checked before it is read.
//!
//! A shared web page or a script may hand Ponte anything; these limits keep
//! a hostile or mistaken document from taking the memory or the time of the
//! process. Every limit is configurable ([`Limits`]); a document beyond one
//! gets `TOO_LARGE` errors at the paths concerned, and nothing else is read.
//! The defaults are far above a real network (the shared generator's
//! largest preset has 300 mediators and 6,000 requests over four weeks).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::header::MAX_HORIZON_DAYS;
use crate::error::{InputError, PonteError};
use crate::json::path::{field_path, index_path};
use crate::json::JsonValue;

/// The code of every size-limit error.
pub const TOO_LARGE: &str = "TOO_LARGE";

/// Configurable maximum sizes of a problem document.
///
/// ```
/// use ponte::validate::Limits;
/// let limits = Limits { max_requests: 2, ..Limits::default() };
/// let text = r#"{"format": "ponte-problem/1", "horizon": {"start": "2026-12-07", "end": "2026-12-13"},
///   "municipalities": [], "offices": [], "mediators": [], "requests": [{}, {}, {}]}"#;
/// let error = ponte::Problem::from_json_str_with_limits(text, &limits).unwrap_err();
/// assert_eq!(error.errors()[0].code, "TOO_LARGE");
/// assert_eq!(error.errors()[0].path, "requests");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Bytes of JSON text (UTF-8).
    pub max_input_bytes: usize,
    /// Nesting of arrays and objects (the document itself is depth 1; a
    /// problem needs 6: `mediators[0].availability[0].days`). At most 128, the JSON reader's own limit.
    pub max_depth: usize,
    /// Items of `municipalities`.
    pub max_municipalities: usize,
    /// Items of `offices`.
    pub max_offices: usize,
    /// Items of `mediators`.
    pub max_mediators: usize,
    /// Items of `requests`.
    pub max_requests: usize,
    /// Items of `workshops`.
    pub max_workshops: usize,
    /// Items of any other array, entries of any object (availability rules,
    /// absences, languages, a row of the travel matrix...).
    pub max_list_items: usize,
    /// Characters of any string or object key.
    pub max_string_chars: usize,
    /// Days of the horizon, both ends included. At most
    /// [`MAX_HORIZON_DAYS`], which no configuration lifts.
    pub max_horizon_days: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 256 * 1024 * 1024,
            max_depth: 32,
            max_municipalities: 5_000,
            max_offices: 20_000,
            max_mediators: 10_000,
            max_requests: 200_000,
            max_workshops: 20_000,
            max_list_items: 10_000,
            max_string_chars: 10_000,
            max_horizon_days: MAX_HORIZON_DAYS as usize,
        }
    }
}

/// The top-level lists with a limit of their own.
const ENTITY_LISTS: [&str; 5] = ["municipalities", "offices", "mediators", "requests", "workshops"];

impl Limits {
    /// The names of the limits, as the fields are named (`max_requests`...).
    pub const NAMES: [&'static str; 10] = [
        "max_input_bytes",
        "max_depth",
        "max_municipalities",
        "max_offices",
        "max_mediators",
        "max_requests",
        "max_workshops",
        "max_list_items",
        "max_string_chars",
        "max_horizon_days",
    ];

    /// Sets the limit called `name` (one of [`Limits::NAMES`]).
    ///
    /// # Errors
    /// A message when the name is unknown.
    pub fn set(&mut self, name: &str, value: usize) -> Result<(), String> {
        let slot = match name {
            "max_input_bytes" => &mut self.max_input_bytes,
            "max_depth" => &mut self.max_depth,
            "max_municipalities" => &mut self.max_municipalities,
            "max_offices" => &mut self.max_offices,
            "max_mediators" => &mut self.max_mediators,
            "max_requests" => &mut self.max_requests,
            "max_workshops" => &mut self.max_workshops,
            "max_list_items" => &mut self.max_list_items,
            "max_string_chars" => &mut self.max_string_chars,
            "max_horizon_days" => &mut self.max_horizon_days,
            _ => return Err(format!("unknown limit {name:?}; the limits are {}", Limits::NAMES.join(", "))),
        };
        *slot = value;
        Ok(())
    }

    /// Refuses text longer than [`Limits::max_input_bytes`].
    ///
    /// # Errors
    /// [`PonteError::InvalidProblem`] with one `TOO_LARGE` error at `$`.
    pub fn check_input_bytes(&self, bytes: usize) -> Result<(), PonteError> {
        if bytes > self.max_input_bytes {
            return Err(PonteError::InvalidProblem(vec![InputError::new(
                TOO_LARGE,
                "$",
                format!("the document has {bytes} bytes; at most {} are accepted", self.max_input_bytes),
            )]));
        }
        Ok(())
    }

    /// Every limit the parsed document goes beyond (empty when none): list
    /// lengths, string lengths, nesting and the horizon's length.
    pub fn check(&self, document: &JsonValue) -> Vec<InputError> {
        let mut walk = Walk { limits: self, errors: Vec::new(), at: Vec::new() };
        walk.value(document, 1, None);
        walk.horizon(document);
        walk.errors
    }
}

struct Walk<'a> {
    limits: &'a Limits,
    errors: Vec<InputError>,
    /// Where the walk is: object keys and array indices from the document
    /// down. The path text is written only for an error.
    at: Vec<Step<'a>>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Errors reported per document at most: beyond, one more says so.
const MAX_REPORTED: usize = 100;

impl<'a> Walk<'a> {
    fn error(&mut self, message: String) {
        if self.errors.len() < MAX_REPORTED {
            let path = self.at.iter().fold("$".to_string(), |base, step| match *step {
                Step::Key(key) => field_path(&base, key),
                Step::Index(i) => index_path(&base, i),
            });
            self.errors.push(InputError::new(TOO_LARGE, path, message));
        } else if self.errors.len() == MAX_REPORTED {
            self.errors.push(InputError::new(TOO_LARGE, "$", "more size-limit errors were not reported".to_string()));
        }
    }

    /// `list_limit`: the limit on this value's items when it has its own.
    fn value(&mut self, value: &'a JsonValue, depth: usize, list_limit: Option<(usize, &str)>) {
        let (items, what) = match value {
            JsonValue::String(text) => {
                self.string(text);
                return;
            }
            JsonValue::Array(items) => (items.len(), "items"),
            JsonValue::Object(object) => (object.entries.len(), "entries"),
            _ => return,
        };
        if depth > self.limits.max_depth {
            self.error(format!("nested deeper than {} levels", self.limits.max_depth));
            return;
        }
        let (limit, name) = list_limit.unwrap_or((self.limits.max_list_items, "max_list_items"));
        if items > limit {
            self.error(format!("has {items} {what}; at most {limit} are accepted ({name})"));
            return;
        }
        match value {
            JsonValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.at.push(Step::Index(i));
                    self.value(item, depth + 1, None);
                    self.at.pop();
                }
            }
            JsonValue::Object(object) => {
                for (key, item) in &object.entries {
                    self.at.push(Step::Key(key));
                    self.string(key);
                    let own = if depth == 1 { self.entity_limit(key) } else { None };
                    self.value(item, depth + 1, own);
                    self.at.pop();
                }
            }
            _ => {}
        }
    }

    fn entity_limit(&self, key: &str) -> Option<(usize, &'static str)> {
        let l = self.limits;
        let index = ENTITY_LISTS.iter().position(|name| *name == key)?;
        Some(
            [
                (l.max_municipalities, "max_municipalities"),
                (l.max_offices, "max_offices"),
                (l.max_mediators, "max_mediators"),
                (l.max_requests, "max_requests"),
                (l.max_workshops, "max_workshops"),
            ][index],
        )
    }

    fn string(&mut self, text: &str) {
        // Bytes bound characters from above: count only when it may matter.
        if text.len() > self.limits.max_string_chars {
            let chars = text.chars().count();
            if chars > self.limits.max_string_chars {
                self.error(format!(
                    "a text of {chars} characters; at most {} are accepted",
                    self.limits.max_string_chars
                ));
            }
        }
    }

    /// The horizon's length, when both ends are dates (the reader reports
    /// anything else).
    fn horizon(&mut self, document: &JsonValue) {
        let Some(horizon) = document.as_object().and_then(|o| o.get("horizon")).and_then(JsonValue::as_object) else {
            return;
        };
        let date = |key: &str| {
            horizon.get(key).and_then(JsonValue::as_str).and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
        };
        let (Some(start), Some(end)) = (date("start"), date("end")) else { return };
        let days = (end - start).num_days() + 1;
        // Beyond MAX_HORIZON_DAYS the header's own check reports BAD_HORIZON.
        let limit = self.limits.max_horizon_days as i64;
        if days > limit && days <= MAX_HORIZON_DAYS {
            self.at = vec![Step::Key("horizon")];
            self.error(format!("{start}..{end} is {days} days long; at most {limit} are accepted"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn errors(limits: &Limits, text: &str) -> Vec<(String, String)> {
        limits.check(&parse(text).unwrap()).into_iter().map(|e| (e.code, e.path)).collect()
    }

    #[test]
    fn counts_entity_lists_with_their_own_limits() {
        let limits = Limits { max_mediators: 1, max_list_items: 5, ..Limits::default() };
        let found = errors(&limits, r#"{"mediators": [{}, {}], "requests": [{}, {}]}"#);
        assert_eq!(found, vec![(TOO_LARGE.to_string(), "mediators".to_string())]);
    }

    #[test]
    fn finds_long_strings_deep_nesting_and_long_lists_by_path() {
        let limits = Limits { max_string_chars: 9, max_depth: 3, max_list_items: 3, ..Limits::default() };
        let text =
            r#"{"mediators": [{"name": "abcdefghij", "languages": [1, 2, 3, 4]}], "x": [[[[1]]]], "long key!!": 1}"#;
        let found: Vec<String> = errors(&limits, text).into_iter().map(|(_, path)| path).collect();
        assert_eq!(found, vec!["mediators[0].name", "mediators[0].languages", "x[0][0]", "[\"long key!!\"]"]);
    }

    #[test]
    fn counts_characters_not_bytes() {
        let limits = Limits { max_string_chars: 4, ..Limits::default() };
        assert!(errors(&limits, r#"{"name": "àèìò"}"#).is_empty());
        assert_eq!(errors(&limits, r#"{"name": "àèìòù"}"#).len(), 1);
    }

    #[test]
    fn a_shorter_horizon_limit_is_enforced() {
        let limits = Limits { max_horizon_days: 7, ..Limits::default() };
        let week = r#"{"horizon": {"start": "2026-12-07", "end": "2026-12-13"}}"#;
        let longer = r#"{"horizon": {"start": "2026-12-07", "end": "2026-12-14"}}"#;
        assert!(errors(&limits, week).is_empty());
        assert_eq!(errors(&limits, longer), vec![(TOO_LARGE.to_string(), "horizon".to_string())]);
    }

    #[test]
    fn stops_reporting_after_a_hundred_errors() {
        let limits = Limits { max_string_chars: 1, ..Limits::default() };
        let names: Vec<String> = (0..500).map(|i| format!("{{\"name\": \"n{i}\"}}")).collect();
        let text = format!("{{\"requests\": [{}]}}", names.join(","));
        assert_eq!(errors(&limits, &text).len(), MAX_REPORTED + 1);
    }

    #[test]
    fn names_and_set_agree() {
        let mut limits = Limits::default();
        for (i, name) in Limits::NAMES.iter().enumerate() {
            limits.set(name, i + 1).unwrap();
        }
        let json = serde_json::to_value(&limits).unwrap();
        for (i, name) in Limits::NAMES.iter().enumerate() {
            assert_eq!(json[name], i + 1, "{name}");
        }
        assert!(limits.set("max_colours", 1).unwrap_err().contains("max_requests"));
    }
}
