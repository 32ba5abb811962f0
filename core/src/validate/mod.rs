//! Validation: from JSON text to a [`Problem`], or every input error.
//!
//! The reader walks the strict JSON tree ([`crate::json`]: repeated keys
//! kept, integers apart from other numbers) section by section, as the
//! independent checker `ponte-check` does, and collects every error with
//! the checker's code and JSON path. An item with an error is left out of
//! what later checks look at, so one mistake does not cascade; the
//! semantic checks (travel locations, rule 7 on locked requests and fixed
//! engagements) run on whatever was read cleanly. A document without
//! errors becomes the expanded model.
//!
//! Where Ponte deliberately reads differently from the checker (the
//! top-level test `validation_conformance` runs each case):
//! - integers above [`MAX_INTEGER`] (2^53 - 1) are `BAD_VALUE`, integers
//!   beyond 64 bits `WRONG_TYPE`: the checker takes any size;
//! - a horizon longer than [`MAX_HORIZON_DAYS`] is `BAD_HORIZON`;
//! - dates and times take ASCII digits only (the checker's `\d` also takes
//!   other Unicode digits), and local times in year 1 or 9999 are read
//!   (the checker cannot convert some of them to UTC);
//! - zone names are chrono-tz's (no `Factory`), whose tables have no DST
//!   change from 2100 on;
//! - JSON itself is read by [`crate::json`] (numbers beyond `f64`, lone
//!   surrogates and nesting deeper than 128 are `INVALID_JSON`; a
//!   byte-order mark is accepted).
//!
//! Before reading, a document is held to configurable size [`Limits`]
//! (input bytes, nesting, list and string lengths, entity counts, horizon);
//! beyond them it gets `TOO_LARGE` errors alone.
//!
//! ```
//! let text = r#"{"format": "ponte-problem/1", "horizon": {"start": "2026-12-07", "end": "2026-12-13"},
//!   "municipalities": [], "offices": [], "mediators": [], "requests": [], "colour": 1}"#;
//! let errors = ponte::validate::validate_str(text);
//! assert_eq!(errors[0].code, "UNKNOWN_FIELD");
//! assert_eq!(errors[0].path, "colour");
//! ```

mod assemble;
mod conflicts;
mod header;
mod ids;
mod incremental;
mod limits;
mod lists;
mod locations;
mod locked;
mod mediators;
mod offices;
mod places;
mod reader;
mod requests;
mod rules;
mod values;
mod weights;
mod workshops;

pub use header::{MAX_HORIZON_DAYS, SLOT_CHOICES};
pub(crate) use incremental::read_requests;
pub use limits::{Limits, TOO_LARGE};
pub use values::{MAX_ID_LENGTH, MAX_INTEGER};

use crate::error::{InputError, PonteError};
use crate::format::ProblemDoc;
use crate::json::JsonValue;
use crate::model::Problem;

/// Every input error of a problem given as JSON text; empty when it is
/// valid. Text that is not JSON gives one `INVALID_JSON` error at `$`.
pub fn validate_str(text: &str) -> Vec<InputError> {
    validate_str_with_limits(text, &Limits::default())
}

/// As [`validate_str`], with other size limits.
pub fn validate_str_with_limits(text: &str, limits: &Limits) -> Vec<InputError> {
    match Problem::from_json_str_with_limits(text, limits) {
        Ok(_) => Vec::new(),
        Err(error) => error.errors(),
    }
}

/// Every input error of a parsed problem; empty when it is valid.
pub fn validate_value(value: &JsonValue) -> Vec<InputError> {
    match Problem::from_json_value(value) {
        Ok(_) => Vec::new(),
        Err(error) => error.errors(),
    }
}

impl Problem {
    /// Reads and validates a problem from JSON text, within the default
    /// [`Limits`].
    ///
    /// # Errors
    /// [`PonteError::InvalidJson`] when the text is not JSON,
    /// [`PonteError::InvalidProblem`] with every input error otherwise.
    pub fn from_json_str(text: &str) -> Result<Problem, PonteError> {
        Problem::from_json_str_with_limits(text, &Limits::default())
    }

    /// Reads and validates a problem from JSON text within `limits`: text
    /// or a document beyond them gives only `TOO_LARGE` errors.
    ///
    /// # Errors
    /// As [`Problem::from_json_str`].
    pub fn from_json_str_with_limits(text: &str, limits: &Limits) -> Result<Problem, PonteError> {
        limits.check_input_bytes(text.len())?;
        Problem::from_json_value_with_limits(&crate::json::parse(text)?, limits)
    }

    /// Reads and validates a problem from UTF-8 JSON bytes, within the
    /// default [`Limits`].
    ///
    /// # Errors
    /// As [`Problem::from_json_str`]; bytes that are not UTF-8 are `InvalidJson`.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Problem, PonteError> {
        Problem::from_json_bytes_with_limits(bytes, &Limits::default())
    }

    /// As [`Problem::from_json_bytes`], within `limits`.
    ///
    /// # Errors
    /// As [`Problem::from_json_bytes`].
    pub fn from_json_bytes_with_limits(bytes: &[u8], limits: &Limits) -> Result<Problem, PonteError> {
        limits.check_input_bytes(bytes.len())?;
        Problem::from_json_value_with_limits(&crate::json::parse_bytes(bytes)?, limits)
    }

    /// Validates a parsed JSON document, within the default [`Limits`].
    ///
    /// # Errors
    /// [`PonteError::InvalidProblem`] with every input error.
    pub fn from_json_value(value: &JsonValue) -> Result<Problem, PonteError> {
        Problem::from_json_value_with_limits(value, &Limits::default())
    }

    /// Validates a parsed JSON document within `limits`.
    ///
    /// # Errors
    /// [`PonteError::InvalidProblem`] with every input error, or with the
    /// `TOO_LARGE` errors alone when the document is beyond a limit.
    pub fn from_json_value_with_limits(value: &JsonValue, limits: &Limits) -> Result<Problem, PonteError> {
        let too_large = limits.check(value);
        if !too_large.is_empty() {
            return Err(PonteError::InvalidProblem(too_large));
        }
        let reader = reader::read_document(value);
        if !reader.errors.is_empty() {
            return Err(PonteError::InvalidProblem(reader.errors));
        }
        assemble::assemble(value, reader).map_err(|e| PonteError::InvalidProblem(vec![e]))
    }

    /// Validates a document built in code (it is written as JSON first, so
    /// the errors are the same as for the file).
    ///
    /// # Errors
    /// [`PonteError::InvalidProblem`] with every input error.
    pub fn from_doc(doc: &ProblemDoc) -> Result<Problem, PonteError> {
        // Written as text (not a `serde_json::Value`), so the matrix keeps its order.
        let text = serde_json::to_string(doc).map_err(|e| PonteError::InvalidArgument {
            path: "$".to_string(),
            message: format!("the document cannot be written as JSON: {e}"),
        })?;
        Problem::from_json_str(&text)
    }

    /// The problem's document as pretty JSON: what was read, nothing lost.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(self.document()).unwrap_or_default()
    }
}

/// The JSON path of `key` inside the object at `base`, as errors write it
/// (`requests[3].office`, `travel.minutes["san donato"]`).
pub fn field_path(base: &str, key: &str) -> String {
    crate::json::field_path(base, key)
}
