//! Operations: `GET /healthz` (the process answers), `GET /readyz` (the
//! database answers and every network's plan loads), `GET /metrics`
//! (OpenMetrics text). Outside the rate limits; no personal data.

use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::api::Shared;
use crate::error::{ApiError, ApiResult};

/// How long readiness waits for the database.
const READY_TIMEOUT: Duration = Duration::from_secs(5);

async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

fn not_ready(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
}

async fn readyz(State(s): State<Shared>) -> ApiResult<Json<Value>> {
    let app = &s.app;
    let ids: Vec<(String,)> = tokio::time::timeout(
        READY_TIMEOUT,
        sqlx::query_as("SELECT id FROM networks ORDER BY id").fetch_all(&app.db.pool),
    )
    .await
    .map_err(|_| not_ready("DATABASE_UNAVAILABLE", "the database did not answer in time"))?
    .map_err(|e| {
        crate::metrics::METRICS.database_errors.inc();
        tracing::warn!(error = %e, "readiness: database");
        not_ready("DATABASE_UNAVAILABLE", "the database does not answer")
    })?;
    if ids.is_empty() {
        return Err(not_ready("NO_NETWORK", "no network is imported yet (ponte-server import)"));
    }
    let mut networks = Vec::with_capacity(ids.len());
    for (id,) in ids {
        match tokio::time::timeout(READY_TIMEOUT, app.current(&id)).await {
            Ok(Ok(loaded)) => networks.push(json!({"id": id, "version": loaded.version})),
            Ok(Err(e)) => {
                return Err(
                    not_ready("NETWORK_NOT_LOADED", format!("network '{id}' does not load: {}", e.code)).at(id.clone())
                )
            }
            Err(_) => return Err(not_ready("NETWORK_NOT_LOADED", format!("network '{id}' did not load in time"))),
        }
    }
    Ok(Json(json!({"status": "ready", "networks": networks})))
}

async fn metrics() -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
        )],
        crate::metrics::METRICS.encode(),
    )
        .into_response()
}

/// Loads every network's plan once at start (readiness and `ponte_plan_version` from the first request on).
pub async fn warm(app: &crate::service::App) {
    let ids: Vec<(String,)> = match sqlx::query_as("SELECT id FROM networks").fetch_all(&app.db.pool).await {
        Ok(ids) => ids,
        Err(e) => {
            crate::metrics::METRICS.database_errors.inc();
            tracing::warn!(error = %e, "cannot list the networks");
            return;
        }
    };
    for (id,) in ids {
        if let Err(e) = app.current(&id).await {
            tracing::warn!(network = %id, code = %e.code, "network does not load");
        }
    }
}

/// `/healthz` and `/readyz`.
pub fn health_routes() -> Router<Shared> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

/// `/metrics`.
pub fn metrics_routes() -> Router<Shared> {
    Router::new().route("/metrics", get(metrics))
}
