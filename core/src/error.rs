//! Errors: every failure has a stable code, a JSON path and a human message.

use serde::{Deserialize, Serialize};

/// One input error: stable code, JSON path of the offending value, message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InputError {
    /// Stable code, e.g. `UNKNOWN_REFERENCE`.
    pub code: String,
    /// JSON path, e.g. `requests[3].office` (`$` for the whole document).
    pub path: String,
    /// Human-readable message.
    pub message: String,
}

impl InputError {
    /// A new error.
    pub fn new(code: impl Into<String>, path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError { code: code.into(), path: path.into(), message: message.into() }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.path, self.code, self.message)
    }
}

/// Every error Ponte returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PonteError {
    /// The text is not JSON (or not UTF-8); code `INVALID_JSON`.
    #[error("not valid JSON: {message}")]
    InvalidJson {
        /// What the parser said.
        message: String,
    },
    /// The problem breaks the format; every error found; code `INVALID_PROBLEM`.
    #[error("invalid problem: {}", summarize(.0))]
    InvalidProblem(Vec<InputError>),
    /// A solution document breaks the format; code `INVALID_SOLUTION`.
    #[error("invalid solution: {}", summarize(.0))]
    InvalidSolution(Vec<InputError>),
    /// An argument of an API call is wrong; code `INVALID_ARGUMENT`.
    #[error("{path}: {message}")]
    InvalidArgument {
        /// Which argument (a JSON path where it applies).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An operation was refused because it would break a hard rule or
    /// names something that is not there; the code says which.
    #[error("{message}")]
    Refused {
        /// Stable code, e.g. `SLOT_TAKEN`.
        code: String,
        /// JSON path of the offending value, where it applies.
        path: String,
        /// What is wrong.
        message: String,
    },
}

fn summarize(errors: &[InputError]) -> String {
    match errors {
        [] => "no details".to_string(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
    }
}

impl PonteError {
    /// Stable code of the error.
    pub fn code(&self) -> &str {
        match self {
            PonteError::InvalidJson { .. } => "INVALID_JSON",
            PonteError::InvalidProblem(_) => "INVALID_PROBLEM",
            PonteError::InvalidSolution(_) => "INVALID_SOLUTION",
            PonteError::InvalidArgument { .. } => "INVALID_ARGUMENT",
            PonteError::Refused { code, .. } => code,
        }
    }

    /// The detailed errors (input errors, or one entry for the other kinds).
    pub fn errors(&self) -> Vec<InputError> {
        match self {
            PonteError::InvalidProblem(errors) | PonteError::InvalidSolution(errors) => errors.clone(),
            PonteError::InvalidJson { message } => vec![InputError::new("INVALID_JSON", "$", message.clone())],
            PonteError::InvalidArgument { path, message } => {
                vec![InputError::new("INVALID_ARGUMENT", path.clone(), message.clone())]
            }
            PonteError::Refused { code, path, message } => {
                vec![InputError::new(code.clone(), path.clone(), message.clone())]
            }
        }
    }
}
