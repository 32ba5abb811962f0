//! Core entry points that have not landed yet (validation).
//!
//! Each function here has the signature the core will offer and is replaced
//! by a direct call when the core's lands; nothing else in the binding
//! needs to change. Until then they parse the JSON strictly (so `InvalidJson`
//! works) and refuse with `NOT_AVAILABLE`.

use ponte::{InputError, PonteError, Problem};

fn not_available(what: &str) -> PonteError {
    PonteError::Refused {
        code: "NOT_AVAILABLE".to_owned(),
        path: "$".to_owned(),
        message: format!("{what} is not available in this build of the core yet"),
    }
}

/// `ponte::Problem::from_json_str`.
pub fn problem_from_json_str(text: &str) -> Result<Problem, PonteError> {
    ponte::json::parse(text)?;
    Err(not_available("problem validation"))
}

/// `ponte::validate::validate_str`: every input error (empty when valid).
pub fn validate_str(text: &str) -> Vec<InputError> {
    match problem_from_json_str(text) {
        Ok(_) => Vec::new(),
        Err(err) => err.errors(),
    }
}
