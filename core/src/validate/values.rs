//! Reading single JSON values against the problem format, one error per
//! problem: ids, bounded integers, numbers, booleans, closed vocabularies,
//! dates and times. Objects, strings and arrays are read by the one strict
//! reader, [`crate::json::StrictReader`].

use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::hash::Hash;

use chrono::{Datelike, NaiveDate};

use super::reader::ProblemReader;
use crate::json::path::{json_quote, truncate_chars};
use crate::json::{JsonObject, JsonValue, StrictReader};

/// Longest id, in Unicode code points.
pub const MAX_ID_LENGTH: usize = 64;

/// Largest integer accepted anywhere (2^53 - 1): every JSON reader keeps it
/// exactly (JavaScript included), and minutes, counts and weights this
/// large leave room for any sum without overflow.
pub const MAX_INTEGER: i64 = (1 << 53) - 1;

impl<'a> ProblemReader<'a> {
    /// A non-empty string.
    pub(super) fn nonempty_string<'v>(&mut self, value: &'v JsonValue, path: &str) -> Option<&'v str> {
        let text = self.string(value, path)?;
        if text.is_empty() {
            self.error("BAD_VALUE", path, "must not be empty");
            return None;
        }
        Some(text)
    }

    /// An id: a non-empty string of at most 64 code points.
    pub(super) fn ident<'v>(&mut self, value: &'v JsonValue, path: &str) -> Option<&'v str> {
        let text = self.string(value, path)?;
        if !is_ident(text) {
            let shown = json_quote(text);
            let shown = truncate_chars(&shown, 80);
            self.error(
                "BAD_ID",
                path,
                format!("an id must be a non-empty string of at most {MAX_ID_LENGTH} characters, got {shown}"),
            );
            return None;
        }
        Some(text)
    }

    /// A JSON integer (not `15.0`), at least `minimum` when given.
    pub(super) fn integer(&mut self, value: &JsonValue, path: &str, minimum: Option<i64>) -> Option<i64> {
        let number = match value {
            JsonValue::Integer(i) => *i,
            JsonValue::Float(f) if f.fract() == 0.0 && f.abs() >= 9.2e18 => {
                self.error(
                    "WRONG_TYPE",
                    path,
                    "expected an integer, got number (integers beyond 64 bits are not supported)",
                );
                return None;
            }
            _ => {
                self.wrong_type(value, path, "an integer");
                return None;
            }
        };
        if let Some(minimum) = minimum {
            if number < i128::from(minimum) {
                self.error("BAD_VALUE", path, format!("must be at least {minimum}, got {number}"));
                return None;
            }
        }
        if number.abs() > i128::from(MAX_INTEGER) {
            self.error("BAD_VALUE", path, format!("must be at most {MAX_INTEGER} in absolute value, got {number}"));
            return None;
        }
        i64::try_from(number).ok()
    }

    /// A JSON number (integer or not), in `[low, high]` or `> 0` when asked.
    pub(super) fn number(
        &mut self,
        value: &JsonValue,
        path: &str,
        range: Option<(f64, f64)>,
        positive: bool,
    ) -> Option<f64> {
        let number = match value {
            JsonValue::Integer(i) => *i as f64,
            JsonValue::Float(f) => *f,
            _ => {
                self.wrong_type(value, path, "a number");
                return None;
            }
        };
        let shown = show_number(value);
        if positive && number <= 0.0 {
            self.error("BAD_VALUE", path, format!("must be greater than 0, got {shown}"));
            return None;
        }
        if let Some((low, high)) = range {
            if !(low..=high).contains(&number) {
                self.error("BAD_VALUE", path, format!("must lie in [{low}, {high}], got {shown}"));
                return None;
            }
        }
        Some(number)
    }

    /// `true` or `false`.
    pub(super) fn boolean(&mut self, value: &JsonValue, path: &str) -> Option<bool> {
        match value {
            JsonValue::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(value, path, "true or false");
                None
            }
        }
    }

    /// One string of a closed vocabulary, parsed.
    pub(super) fn choice<T>(
        &mut self,
        value: &JsonValue,
        path: &str,
        choices: &[&str],
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.string(value, path)?;
        let parsed = parse(text);
        if parsed.is_none() {
            self.error("BAD_VALUE", path, format!("unknown {what} '{text}' (one of {})", choices.join(", ")));
        }
        parsed
    }

    /// A date `YYYY-MM-DD`.
    pub(super) fn date_value(&mut self, value: &JsonValue, path: &str) -> Option<NaiveDate> {
        let text = self.string(value, path)?;
        let parsed = parse_date(text);
        if parsed.is_none() {
            self.error("BAD_DATE", path, format!("'{text}' is not a date YYYY-MM-DD"));
        }
        parsed
    }

    /// A clock time `HH:MM` as minutes since midnight (`24:00` only when allowed).
    pub(super) fn clock_value(&mut self, value: &JsonValue, path: &str, allow_2400: bool) -> Option<i64> {
        let text = self.string(value, path)?;
        let parsed = crate::time::parse_clock(text, allow_2400);
        if parsed.is_none() {
            let extra = if text == "24:00" { " (24:00 only as an end)" } else { "" };
            self.error("BAD_TIME", path, format!("'{text}' is not a clock time HH:MM{extra}"));
        }
        parsed
    }

    /// A local date-time `YYYY-MM-DDTHH:MM` as a date and clock minutes.
    pub(super) fn datetime_text(&mut self, value: &JsonValue, path: &str) -> Option<(NaiveDate, i64)> {
        let text = self.string(value, path)?;
        let parsed = crate::time::parse_datetime(text).filter(|(day, _)| day.year() >= 1);
        if parsed.is_none() {
            self.error("BAD_DATETIME", path, format!("'{text}' is not a local date-time YYYY-MM-DDTHH:MM"));
        }
        parsed
    }

    /// `DUPLICATE_VALUE` for each value listed again (`None`s, already
    /// reported, are skipped).
    pub(super) fn distinct<T: Eq + Hash + Display>(&mut self, items: &[(Option<T>, String)], what: &str) {
        let mut seen: HashSet<&T> = HashSet::new();
        for (value, path) in items {
            let Some(value) = value else { continue };
            if !seen.insert(value) {
                self.error("DUPLICATE_VALUE", path.clone(), format!("{what} '{value}' is listed twice"));
            }
        }
    }
}

/// An object's distinct keys in first-written order, each with its last
/// value (as a JSON reader keeps it); linear in the object's size.
pub(super) fn entries(object: &JsonObject) -> Vec<(&str, &JsonValue)> {
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(object.entries.len());
    let mut out: Vec<(&str, &JsonValue)> = Vec::with_capacity(object.entries.len());
    for (key, value) in &object.entries {
        match index.get(key.as_str()) {
            Some(&at) => out[at].1 = value,
            None => {
                index.insert(key, out.len());
                out.push((key, value));
            }
        }
    }
    out
}

/// A non-empty string of at most 64 code points.
pub(super) fn is_ident(text: &str) -> bool {
    !text.is_empty() && text.chars().nth(MAX_ID_LENGTH).is_none()
}

/// `YYYY-MM-DD` with ASCII digits, years 0001 to 9999.
pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    crate::time::parse_date(text).filter(|day| day.year() >= 1)
}

/// A number as the message shows it (integers without a fraction).
fn show_number(value: &JsonValue) -> String {
    match value {
        JsonValue::Integer(i) => i.to_string(),
        JsonValue::Float(f) => format!("{f:?}"),
        other => other.type_name().to_string(),
    }
}
