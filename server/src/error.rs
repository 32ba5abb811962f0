//! Errors as the API answers them: `{"error": {"code", "message", "path"?}}`
//! with a fitting HTTP status, never a stack trace.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// An error answer.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code, `UPPER_SNAKE`.
    pub code: String,
    /// Human text (never personal data).
    pub message: String,
    /// JSON path or parameter name, where one applies.
    pub path: Option<String>,
    /// Extra top-level members of the answer (e.g. `alternatives`).
    pub extra: Option<Box<(String, Value)>>,
}

/// A result whose error is an [`ApiError`].
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError { status, code: code.to_string(), message: message.into(), path: None, extra: None }
    }

    /// The same error with a path.
    pub fn at(mut self, path: impl Into<String>) -> ApiError {
        self.path = Some(path.into());
        self
    }

    /// The same error with an extra top-level member.
    pub fn with(mut self, key: &str, value: Value) -> ApiError {
        self.extra = Some(Box::new((key.to_string(), value)));
        self
    }

    /// 400 with a code.
    pub fn bad(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 404 with a code.
    pub fn not_found(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 409 with a code.
    pub fn conflict(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, code, message)
    }

    /// 422 with a code.
    pub fn unprocessable(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// 500: an internal failure, logged without details of the request.
    pub fn internal(what: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %what, "internal error");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error; nothing was changed")
    }

    /// The JSON body of the answer.
    pub fn body(&self) -> Value {
        let mut error = json!({"code": self.code, "message": self.message});
        if let Some(path) = &self.path {
            error["path"] = json!(path);
        }
        let mut body = json!({ "error": error });
        if let Some(extra) = &self.extra {
            body[&extra.0] = extra.1.clone();
        }
        body
    }

    /// A refusal of the core as a 409/422 answer.
    pub fn from_core(e: ponte::PonteError) -> ApiError {
        let first = e.errors().into_iter().next();
        let (code, path, message) = match first {
            Some(x) => (x.code, x.path, x.message),
            None => (e.code().to_string(), String::new(), e.to_string()),
        };
        let status = match e {
            ponte::PonteError::Refused { .. } => StatusCode::CONFLICT,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        let mut err = ApiError::new(status, &code, message);
        if !path.is_empty() {
            err.path = Some(path);
        }
        err
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        crate::metrics::METRICS.database_errors.inc();
        ApiError::internal(format!("database: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        crate::metrics::METRICS.errors.get_or_create(&crate::metrics::CodeLabels { code: self.code.clone() }).inc();
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert("www-authenticate", axum::http::HeaderValue::from_static("Bearer"));
        }
        response
    }
}
