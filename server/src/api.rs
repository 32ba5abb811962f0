//! The HTTP API (see server/README.md): public routes for residents and
//! the widget, planner routes behind a Bearer token, the widget's files.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, FromRequestParts, MatchedPath, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ponte::format::ProblemDoc;
use ponte::model::Modality;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::{ApiError, ApiResult};
use crate::model::{parse_local, SlotAsk};
use crate::service::{App, Personal};

/// Settings of the HTTP layer.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Public POSTs per second and client (0: no limit).
    pub rate_per_second: u32,
    /// Burst of public POSTs per client.
    pub rate_burst: u32,
    /// Largest public body in bytes.
    pub body_limit: usize,
    /// Largest planner body in bytes (a whole problem).
    pub planner_body_limit: usize,
    /// Origins allowed by CORS.
    pub cors_origins: Vec<String>,
    /// Widget files from disk instead of the embedded ones.
    pub widget_dir: Option<std::path::PathBuf>,
    /// Serve `/metrics` on this router (false: on a separate listener, see [`ops_router`]).
    pub metrics_on_main: bool,
}

/// What the handlers share.
#[derive(Clone)]
pub struct Shared {
    /// The service.
    pub app: Arc<App>,
    limiter: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    widget_dir: Option<Arc<std::path::PathBuf>>,
}

/// The path's parameters, or the typed JSON error: a path whose
/// percent-encoded bytes are not UTF-8 (`/v1/bookings/%c0%ae`) is 400
/// `BAD_PATH`, never the framework's plain-text answer. The message names
/// no value of the path (it may hold a booking code).
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(ApiError::bad(
                "BAD_PATH",
                "the request path is not valid: a percent-encoded part of it is not UTF-8 text",
            )),
        }
    }
}

/// A request body, size-limited, as bytes.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Bytes::from_request(req, state).await {
            Ok(b) => Ok(RawBody(b)),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "BODY_TOO_LARGE", "the request body is too large"))
            }
            Err(_) => Err(ApiError::bad("BAD_BODY", "the request body could not be read")),
        }
    }
}

/// Parses a JSON body strictly (unknown fields refused), with typed errors.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> ApiResult<T> {
    serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        let quoted = text.split('`').nth(1).map(str::to_string);
        match e.classify() {
            serde_json::error::Category::Syntax
            | serde_json::error::Category::Eof
            | serde_json::error::Category::Io => ApiError::bad("BAD_JSON", "the body is not valid JSON"),
            serde_json::error::Category::Data => {
                if text.starts_with("unknown field") {
                    let mut err = ApiError::bad("UNKNOWN_FIELD", "unknown field");
                    err.path = quoted;
                    err
                } else if text.starts_with("missing field") {
                    let mut err = ApiError::unprocessable("MISSING_FIELD", "a required field is missing");
                    err.path = quoted;
                    err
                } else {
                    let message = text.split(" at line").next().unwrap_or("bad value").to_string();
                    ApiError::unprocessable("INVALID_FIELD", message)
                }
            }
        }
    })
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string()).filter(|t| !t.is_empty())
}

fn idempotency(headers: &HeaderMap, body: &[u8]) -> ApiResult<Option<(String, String)>> {
    let Some(v) = headers.get("idempotency-key") else { return Ok(None) };
    let key = v.to_str().ok().filter(|k| !k.is_empty() && k.len() <= 200).ok_or_else(|| {
        ApiError::bad("BAD_IDEMPOTENCY_KEY", "Idempotency-Key must be 1 to 200 visible characters")
            .at("Idempotency-Key")
    })?;
    Ok(Some((key.to_string(), crate::sha256_hex(body))))
}

fn created(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

// ---------------------------------------------------------------- public

async fn availability(State(s): State<Shared>, Path(net): Path<String>, headers: HeaderMap) -> ApiResult<Response> {
    let loaded = s.app.current(&net).await?;
    let snap = loaded.snapshot()?;
    let (etag, body) = (&snap.0, &snap.1);
    let etag_value = HeaderValue::from_str(etag).map_err(ApiError::internal)?;
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split(',').any(|t| t.trim() == etag || t.trim() == "*" || t.trim().trim_start_matches("W/") == etag)
    }) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response());
    }
    Ok((
        StatusCode::OK,
        [
            (header::ETAG, etag_value),
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body.clone(),
    )
        .into_response())
}

async fn offices(State(s): State<Shared>, Path(net): Path<String>) -> ApiResult<Json<Value>> {
    let loaded = s.app.current(&net).await?;
    Ok(Json(loaded.offices()))
}

fn modality_of(text: &str, path: &str) -> ApiResult<Modality> {
    Modality::parse(text)
        .ok_or_else(|| ApiError::bad("BAD_QUERY", "modality must be in_person, phone or video").at(path.to_string()))
}

fn check_language(tag: &str, path: &str, status: StatusCode, code: &str) -> ApiResult<()> {
    if ponte::model::is_language_tag(tag) {
        Ok(())
    } else {
        Err(ApiError::new(status, code, "not a lower-case BCP 47 language tag").at(path.to_string()))
    }
}

async fn slots(
    State(s): State<Shared>,
    Path(net): Path<String>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let Query(q) = query.map_err(|_| ApiError::bad("BAD_QUERY", "the query string cannot be read"))?;
    let need = |k: &str| -> ApiResult<String> {
        q.get(k)
            .cloned()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::bad("BAD_QUERY", format!("'{k}' is required")).at(k))
    };
    for k in q.keys() {
        if !["office", "language", "duration", "from", "to", "modality"].contains(&k.as_str()) {
            return Err(ApiError::bad("BAD_QUERY", format!("unknown parameter '{k}'")).at(k.clone()));
        }
    }
    let office = need("office")?;
    let language = need("language")?;
    check_language(&language, "language", StatusCode::BAD_REQUEST, "BAD_QUERY")?;
    let duration: i64 = need("duration")?
        .parse()
        .ok()
        .filter(|d| (1..=1440).contains(d))
        .ok_or_else(|| ApiError::bad("BAD_QUERY", "duration must be minutes from 1 to 1440").at("duration"))?;
    let from = need("from")?;
    let to = need("to")?;
    let (Some(f), Some(t)) = (parse_local(&from), parse_local(&to)) else {
        let which = if parse_local(&from).is_none() { "from" } else { "to" };
        return Err(ApiError::bad("BAD_QUERY", "dates are local YYYY-MM-DDTHH:MM").at(which));
    };
    if t <= f || (t - f).num_days() > 62 {
        return Err(ApiError::bad("BAD_QUERY", "'to' must be after 'from', at most 62 days later").at("to"));
    }
    let modality = q.get("modality").map(|m| modality_of(m, "modality")).transpose()?;
    let loaded = s.app.current(&net).await?;
    let ask = SlotAsk { office, language, duration, modality };
    loaded.check_ask(&ask, "office")?;
    let slots = loaded.slots(&ask, &from, &to)?;
    Ok(Json(json!({"version": loaded.version, "timezone": loaded.timezone(), "slots": slots})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HoldBody {
    office: String,
    language: String,
    duration_minutes: i64,
    start: String,
    #[serde(default)]
    modality: Option<Modality>,
}

async fn hold(
    State(s): State<Shared>,
    Path(net): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Response> {
    let b: HoldBody = parse_json(&body)?;
    let key = idempotency(&headers, &body)?;
    if b.office.is_empty() || b.office.len() > 64 {
        return Err(ApiError::unprocessable("INVALID_FIELD", "office must be an office id").at("office"));
    }
    check_language(&b.language, "language", StatusCode::UNPROCESSABLE_ENTITY, "INVALID_FIELD")?;
    if !(1..=1440).contains(&b.duration_minutes) {
        return Err(
            ApiError::unprocessable("INVALID_FIELD", "duration_minutes must be from 1 to 1440").at("duration_minutes")
        );
    }
    if parse_local(&b.start).is_none() {
        return Err(ApiError::unprocessable("BAD_DATETIME", "start is a local date-time YYYY-MM-DDTHH:MM").at("start"));
    }
    let ask = SlotAsk { office: b.office, language: b.language, duration: b.duration_minutes, modality: b.modality };
    let (status, body) = s.app.hold(&net, ask, b.start, key).await?;
    Ok(created(status, body))
}

async fn release(State(s): State<Shared>, Path(hold): Path<String>) -> ApiResult<StatusCode> {
    if hold.len() > 64 {
        return Err(ApiError::not_found("UNKNOWN_HOLD", "no such hold"));
    }
    s.app.release(&hold).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmBody {
    name: String,
    contact: String,
    #[serde(default)]
    topic: Option<String>,
    #[serde(default)]
    details: Option<String>,
    #[serde(default)]
    locale: Option<String>,
}

/// The UI languages of the widget.
pub const LOCALES: [&str; 11] = ["it", "en", "ar", "ur", "zh", "ro", "sq", "uk", "ti", "fr", "es"];

fn plain_text(v: &str, max: usize, field: &str, required: bool) -> ApiResult<String> {
    let t = v.trim();
    let n = t.chars().count();
    if (required && n == 0) || n > max || t.chars().any(|c| c.is_control()) {
        let what = if required { format!("1 to {max} characters") } else { format!("at most {max} characters") };
        return Err(
            ApiError::unprocessable("INVALID_FIELD", format!("{field}: {what}, no control characters")).at(field)
        );
    }
    Ok(t.to_string())
}

/// Whether `v` looks like an e-mail address or a phone number.
pub fn valid_contact(v: &str) -> bool {
    if v.len() > 254 || v.chars().any(|c| c.is_whitespace() && c != ' ') {
        return false;
    }
    if let Some((local, domain)) = v.split_once('@') {
        return !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !v.contains(' ');
    }
    let digits = v.chars().filter(|c| c.is_ascii_digit()).count();
    (6..=20).contains(&digits) && v.chars().all(|c| c.is_ascii_digit() || " +-()./".contains(c))
}

async fn confirm(
    State(s): State<Shared>,
    Path(hold): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Response> {
    let b: ConfirmBody = parse_json(&body)?;
    let key = idempotency(&headers, &body)?;
    let name = plain_text(&b.name, 200, "name", true)?;
    let contact = b.contact.trim().to_string();
    if !valid_contact(&contact) {
        return Err(ApiError::unprocessable("INVALID_FIELD", "contact must be an e-mail address or a phone number")
            .at("contact"));
    }
    let topic = b.topic.as_deref().map(|t| plain_text(t, 200, "topic", false)).transpose()?;
    let details = b.details.as_deref().map(|t| plain_text(t, 200, "details", false)).transpose()?;
    if let Some(l) = &b.locale {
        if !LOCALES.contains(&l.as_str()) {
            return Err(
                ApiError::unprocessable("INVALID_FIELD", "locale must be one of the widget's languages").at("locale")
            );
        }
    }
    if hold.len() > 64 {
        return Err(ApiError::not_found("UNKNOWN_HOLD", "no such hold"));
    }
    let personal = Personal { name, contact, topic, details, locale: b.locale };
    let (status, body) = s.app.confirm(&hold, personal, key).await?;
    Ok(created(status, body))
}

async fn booking(State(s): State<Shared>, Path(code): Path<String>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    Ok(Json(s.app.booking(&code, bearer(&headers).as_deref()).await?))
}

async fn cancel(State(s): State<Shared>, Path(code): Path<String>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    Ok(Json(s.app.cancel(&code, bearer(&headers).as_deref()).await?))
}

// ---------------------------------------------------------------- planner

async fn planner(s: &Shared, net: &str, headers: &HeaderMap) -> ApiResult<String> {
    let token = bearer(headers)
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "give a planner token as Bearer"))?;
    if !crate::service::valid_network_id(net) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "this token is not a planner token of this network",
        ));
    }
    match s.app.token_role(net, &token).await?.as_deref() {
        Some("planner") => Ok(format!("planner:{}", &crate::sha256_hex(token.as_bytes())[..8])),
        _ => {
            Err(ApiError::new(StatusCode::FORBIDDEN, "FORBIDDEN", "this token is not a planner token of this network"))
        }
    }
}

async fn planner_problem(State(s): State<Shared>, Path(net): Path<String>, headers: HeaderMap) -> ApiResult<Response> {
    planner(&s, &net, &headers).await?;
    let loaded = s.app.current(&net).await?;
    let tag = crate::service::base_tag(&loaded.base_doc)?;
    let body = Json(serde_json::to_value(loaded.problem.document()).map_err(ApiError::internal)?);
    Ok(([(header::ETAG, HeaderValue::from_str(&tag).map_err(ApiError::internal)?)], body).into_response())
}

async fn planner_plan(State(s): State<Shared>, Path(net): Path<String>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    planner(&s, &net, &headers).await?;
    let loaded = s.app.current(&net).await?;
    let mut v = serde_json::to_value(loaded.plan()).map_err(ApiError::internal)?;
    v["version"] = json!(loaded.version);
    Ok(Json(v))
}

async fn planner_replace(
    State(s): State<Shared>,
    Path(net): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Json<Value>> {
    let actor = planner(&s, &net, &headers).await?;
    let doc: ProblemDoc = parse_json(&body)?;
    let expected = match headers.get(header::IF_MATCH) {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| {
            ApiError::bad("BAD_IF_MATCH", "If-Match is the ETag of GET .../planner/problem").at("If-Match")
        })?),
    };
    Ok(Json(s.app.replan(&net, &actor, Some(doc), None, expected).await?))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReplanBody {
    #[serde(default)]
    iterations: Option<u64>,
}

async fn planner_replan(
    State(s): State<Shared>,
    Path(net): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Json<Value>> {
    let actor = planner(&s, &net, &headers).await?;
    let b: ReplanBody = if body.is_empty() { ReplanBody::default() } else { parse_json(&body)? };
    let iterations = b.iterations.map(|i| i.min(100_000));
    Ok(Json(s.app.replan(&net, &actor, None, iterations, None).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LockBody {
    request: String,
}

async fn planner_lock(
    State(s): State<Shared>,
    Path(net): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Json<Value>> {
    let actor = planner(&s, &net, &headers).await?;
    let b: LockBody = parse_json(&body)?;
    Ok(Json(s.app.lock(&net, &actor, &b.request).await?))
}

async fn planner_bookings(
    State(s): State<Shared>,
    Path(net): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    planner(&s, &net, &headers).await?;
    s.app.current(&net).await?;
    Ok(Json(s.app.bookings(&net).await?))
}

async fn planner_audit(State(s): State<Shared>, Path(net): Path<String>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    planner(&s, &net, &headers).await?;
    s.app.current(&net).await?;
    Ok(Json(s.app.audit_log(&net, 1000).await?))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SolveBody {
    #[serde(default)]
    time_limit_ms: Option<u64>,
    #[serde(default)]
    seed: Option<u64>,
}

async fn planner_solve(
    State(s): State<Shared>,
    Path(net): Path<String>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Response> {
    let actor = planner(&s, &net, &headers).await?;
    let b: SolveBody = if body.is_empty() { SolveBody::default() } else { parse_json(&body)? };
    let job = crate::jobs::start(
        s.app.clone(),
        &net,
        &actor,
        b.time_limit_ms.unwrap_or(5_000).min(600_000),
        b.seed.unwrap_or(1),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(serde_json::to_value(job).map_err(ApiError::internal)?)).into_response())
}

async fn planner_job(
    State(s): State<Shared>,
    Path((net, job)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    planner(&s, &net, &headers).await?;
    let jobs = s.app.jobs.lock().expect("jobs");
    let j =
        jobs.get(&job).filter(|j| j.network == net).ok_or_else(|| ApiError::not_found("UNKNOWN_JOB", "no such job"))?;
    Ok(Json(serde_json::to_value(j).map_err(ApiError::internal)?))
}

// ---------------------------------------------------------------- layers

async fn rate_limit(State(s): State<Shared>, req: Request, next: Next) -> Response {
    if req.method() == Method::POST || req.method() == Method::DELETE {
        if let Some(limiter) = &s.limiter {
            let ip = req
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
                .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
            if limiter.check_key(&ip).is_err() {
                crate::metrics::METRICS.rate_limited.inc();
                return ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "RATE_LIMITED",
                    "too many requests; try again shortly",
                )
                .into_response();
            }
        }
    }
    next.run(req).await
}

/// Logs method, route template, status and latency; never bodies, query strings or ids.
async fn log(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "-".into());
    let response = next.run(req).await;
    let labels = crate::metrics::RouteLabels {
        method: method.as_str().to_string(),
        route: route.clone(),
        status: response.status().as_u16(),
    };
    crate::metrics::METRICS.requests.get_or_create(&labels).observe(started.elapsed().as_secs_f64());
    tracing::info!(
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

async fn not_found() -> ApiError {
    ApiError::not_found("NOT_FOUND", "no such resource")
}

async fn method_not_allowed(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if response.status() == StatusCode::METHOD_NOT_ALLOWED {
        return ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "method not allowed")
            .into_response();
    }
    response
}

/// The whole router.
pub fn router(app: Arc<App>, http: &HttpConfig) -> Router {
    let limiter = NonZeroU32::new(http.rate_per_second).map(|rate| {
        let burst = NonZeroU32::new(http.rate_burst.max(1)).unwrap_or(rate);
        Arc::new(RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)))
    });
    let shared = Shared { app, limiter, widget_dir: http.widget_dir.clone().map(Arc::new) };
    let public = Router::new()
        .route("/v1/networks/{net}/availability", get(availability))
        .route("/v1/networks/{net}/offices", get(offices))
        .route("/v1/networks/{net}/slots", get(slots))
        .route("/v1/networks/{net}/holds", post(hold))
        .route("/v1/holds/{hold}", delete(release))
        .route("/v1/holds/{hold}/confirm", post(confirm))
        .route("/v1/bookings/{code}", get(booking).delete(cancel))
        .layer(middleware::from_fn_with_state(shared.clone(), rate_limit))
        .layer(DefaultBodyLimit::max(http.body_limit));
    let planner = Router::new()
        .route("/v1/networks/{net}/planner/problem", get(planner_problem).put(planner_replace))
        .route("/v1/networks/{net}/planner/plan", get(planner_plan))
        .route("/v1/networks/{net}/planner/replan", post(planner_replan))
        .route("/v1/networks/{net}/planner/lock", post(planner_lock))
        .route("/v1/networks/{net}/planner/bookings", get(planner_bookings))
        .route("/v1/networks/{net}/planner/audit", get(planner_audit))
        .route("/v1/networks/{net}/planner/solve", post(planner_solve))
        .route("/v1/networks/{net}/planner/solve/{job}", get(planner_job))
        .layer(DefaultBodyLimit::max(http.planner_body_limit));
    let files = crate::files::routes();
    let mut ops = crate::ops::health_routes();
    if http.metrics_on_main {
        ops = ops.merge(crate::ops::metrics_routes());
    }
    let mut router = public
        .merge(planner)
        .merge(ops)
        .merge(files)
        .fallback(not_found)
        .layer(middleware::from_fn(method_not_allowed))
        .layer(middleware::from_fn(log))
        .with_state(shared);
    if !http.cors_origins.is_empty() {
        let origins: Vec<HeaderValue> =
            http.cors_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::PUT])
                .allow_headers([
                    header::CONTENT_TYPE,
                    header::AUTHORIZATION,
                    header::IF_NONE_MATCH,
                    header::IF_MATCH,
                    header::HeaderName::from_static("idempotency-key"),
                ])
                .expose_headers([header::ETAG])
                .max_age(std::time::Duration::from_secs(600)),
        );
    }
    router
}

/// The router of a separate operations listener (`--metrics-listen`):
/// `/metrics`, `/healthz` and `/readyz` only.
pub fn ops_router(app: Arc<App>) -> Router {
    let shared = Shared { app, limiter: None, widget_dir: None };
    crate::ops::health_routes()
        .merge(crate::ops::metrics_routes())
        .fallback(not_found)
        .layer(middleware::from_fn(method_not_allowed))
        .with_state(shared)
}

impl Shared {
    /// The widget folder on disk, if configured.
    pub fn widget_dir(&self) -> Option<&std::path::Path> {
        self.widget_dir.as_deref().map(|p| p.as_path())
    }
}
