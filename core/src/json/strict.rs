//! The one strict reader of JSON values against a format: objects (keys
//! given twice, unknown keys with a "did you mean" hint, missing keys),
//! strings, arrays and integers, each mistake one error with its code, path
//! and message as the independent checker words them. The problem's
//! validator (`validate`) and the solution's reader (`evaluate`) implement
//! [`StrictReader`] by saying where an error goes; everything else is here.

use super::path::{close_match, field_path};
use super::{JsonObject, JsonValue};

/// A reader that records errors; the value readers are provided.
pub(crate) trait StrictReader {
    /// Records one error.
    fn report(&mut self, code: &'static str, path: String, message: String);

    /// The number of errors recorded so far.
    fn reported(&self) -> usize;

    /// A mark to compare with [`StrictReader::clean_since`].
    fn mark(&self) -> usize {
        self.reported()
    }

    /// Whether no error was recorded since `mark`.
    fn clean_since(&self, mark: usize) -> bool {
        self.reported() == mark
    }

    /// `WRONG_TYPE`: expected `expected` (`an object`...), got the value's type.
    fn wrong_type(&mut self, value: &JsonValue, path: &str, expected: &str) {
        let got = value.type_name();
        self.report("WRONG_TYPE", path.to_string(), format!("expected {expected}, got {got}"));
    }

    /// An object with free keys (only keys given twice are errors).
    fn any_object<'v>(&mut self, value: &'v JsonValue, path: &str) -> Option<&'v JsonObject> {
        let Some(object) = value.as_object() else {
            self.wrong_type(value, path, "an object");
            return None;
        };
        for key in object.duplicate_keys() {
            self.report("DUPLICATE_KEY", field_path(path, key), format!("key '{key}' is given more than once"));
        }
        Some(object)
    }

    /// An object whose keys are checked: keys given twice, keys not in
    /// `required` or `optional` (with a "did you mean" hint) and missing
    /// required keys are errors; `None` (an error) when it is no object.
    fn object<'v>(
        &mut self,
        value: &'v JsonValue,
        path: &str,
        required: &[&str],
        optional: &[&str],
    ) -> Option<&'v JsonObject> {
        let object = self.any_object(value, path)?;
        let allowed: Vec<&str> = required.iter().chain(optional).copied().collect();
        for key in object.keys() {
            if !allowed.contains(&key) {
                let hint = close_match(key, &allowed).map(|h| format!(" (did you mean '{h}'?)")).unwrap_or_default();
                self.report("UNKNOWN_FIELD", field_path(path, key), format!("unknown field '{key}'{hint}"));
            }
        }
        for key in required {
            if !object.contains(key) {
                self.report("MISSING_FIELD", field_path(path, key), format!("required field '{key}' is missing"));
            }
        }
        Some(object)
    }

    /// A string.
    fn string<'v>(&mut self, value: &'v JsonValue, path: &str) -> Option<&'v str> {
        let text = value.as_str();
        if text.is_none() {
            self.wrong_type(value, path, "a string");
        }
        text
    }

    /// An array, non-empty when asked.
    fn array<'v>(&mut self, value: &'v JsonValue, path: &str, nonempty: bool) -> Option<&'v [JsonValue]> {
        let Some(items) = value.as_array() else {
            self.wrong_type(value, path, "an array");
            return None;
        };
        if nonempty && items.is_empty() {
            self.report("BAD_VALUE", path.to_string(), "must not be empty".to_string());
            return None;
        }
        Some(items)
    }

    /// A JSON integer as written (not `15.0`), any size that fits in 128 bits.
    fn json_integer(&mut self, value: &JsonValue, path: &str) -> Option<i128> {
        match value {
            JsonValue::Integer(i) => Some(*i),
            _ => {
                self.wrong_type(value, path, "an integer");
                None
            }
        }
    }
}
