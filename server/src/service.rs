//! The booking service's operations: each change runs in one database
//! transaction that first locks the network's row (bumping its plan
//! version), re-checks against the latest version through the core, writes,
//! and commits before the answer; the in-memory plan is replaced only after
//! the commit.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use ponte::format::{AssignmentDoc, ProblemDoc, RequestDoc, SolutionDoc};
use ponte::Problem;
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};
use tokio::sync::OwnedMutexGuard;

use crate::batch::OpKind;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::model::{Live, Loaded, Slot, SlotAsk, BOOKING_PREFIX};
use crate::{now, sha256_hex};

/// The field of a stored answer that holds its booking code (never sent).
const STORED_CODE: &str = "_booking_code";

/// Settings of a running service.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long a hold lasts, in seconds.
    pub hold_seconds: i64,
    /// Days after the appointment that personal data is kept.
    pub retention_days: i64,
    /// The secret that hold ids and cancel tokens are derived from.
    pub secret: std::sync::Arc<crate::secret::Secret>,
}

/// A resident's personal data for a booking.
#[derive(Debug, Clone)]
pub struct Personal {
    /// Name.
    pub name: String,
    /// E-mail or phone.
    pub contact: String,
    /// Topic.
    pub topic: Option<String>,
    /// Details.
    pub details: Option<String>,
    /// UI language.
    pub locale: Option<String>,
}

/// A solve job's state.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Job {
    /// Job id.
    pub id: String,
    /// Network.
    pub network: String,
    /// running, done, stale, failed.
    pub status: String,
    /// Iterations so far.
    pub iterations: u64,
    /// Best cost so far.
    pub best_cost: Option<i64>,
    /// Plan version it started from.
    pub from_version: i64,
    /// Version after applying the result.
    pub version: Option<i64>,
    /// Failure message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The shared state of the service.
pub struct App {
    /// The database.
    pub db: Db,
    /// Settings.
    pub config: Config,
    cache: Mutex<HashMap<String, Arc<Loaded>>>,
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Solve jobs.
    pub jobs: Mutex<HashMap<String, Job>>,
    /// Each network's writer (group commit of residents' changes).
    pub(crate) writers: Mutex<HashMap<String, tokio::sync::mpsc::Sender<crate::batch::Op>>>,
}

/// An open write transaction on one network.
pub struct Write {
    _guard: OwnedMutexGuard<()>,
    /// The transaction.
    pub tx: Transaction<'static, Any>,
    /// Network id.
    pub net: String,
    /// Version before.
    pub before: i64,
    /// Version after (already written; rolled back with the transaction).
    pub after: i64,
    /// The plan at `before`, net of the holds that just expired.
    pub loaded: Arc<Loaded>,
    /// How many holds just expired (their release is a change to commit).
    pub expired: usize,
}

pub(crate) fn internal_core(e: ponte::PonteError) -> ApiError {
    ApiError::internal(format!("core refused a stored plan: {} {}", e.code(), e))
}

fn parse_doc<T: serde::de::DeserializeOwned>(text: &str) -> ApiResult<T> {
    serde_json::from_str(text).map_err(|e| ApiError::internal(format!("stored document: {e}")))
}

/// The entity tag of a planner's problem (the base, without the bookings):
/// `GET .../planner/problem` sends it as `ETag`, `PUT` takes it as `If-Match`.
pub fn base_tag(doc: &ProblemDoc) -> ApiResult<String> {
    let text = serde_json::to_string(doc).map_err(ApiError::internal)?;
    Ok(format!("\"base-{}\"", &sha256_hex(text.as_bytes())[..32]))
}

/// Whether a network id is acceptable.
pub fn valid_network_id(net: &str) -> bool {
    !net.is_empty()
        && net.len() <= 64
        && net.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A new booking code: 10 characters, 50 random bits.
pub fn new_code() -> String {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("OS randomness");
    bytes.iter().map(|b| CODE_ALPHABET[(*b as usize) % 32] as char).collect()
}

pub(crate) fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}

impl App {
    /// A new service state.
    pub fn new(db: Db, config: Config) -> App {
        App {
            db,
            config,
            cache: Mutex::new(HashMap::new()),
            locks: Mutex::new(HashMap::new()),
            jobs: Mutex::new(HashMap::new()),
            writers: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn net_lock(&self, net: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().expect("locks");
        locks.entry(net.to_string()).or_default().clone()
    }

    fn cached(&self, net: &str, version: i64) -> Option<Arc<Loaded>> {
        self.cache.lock().expect("cache").get(net).filter(|l| l.version == version).cloned()
    }

    pub(crate) fn store(&self, net: &str, loaded: Arc<Loaded>) {
        crate::metrics::METRICS.plan_version.get_or_create(&crate::metrics::net(net)).set(loaded.version);
        let old = self.cache.lock().expect("cache").insert(net.to_string(), loaded);
        if let Some(old) = old {
            drop_later(old);
        }
    }

    /// Reads a network's base and live reservations (inside a transaction).
    async fn load_from(conn: &mut AnyConnection, net: &str, version: i64) -> ApiResult<Option<Loaded>> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT base_problem, base_plan FROM network_bases WHERE network = $1")
                .bind(net)
                .fetch_optional(&mut *conn)
                .await?;
        let Some((problem, plan)) = row else { return Ok(None) };
        let base_doc: ProblemDoc = parse_doc(&problem)?;
        let base_plan: SolutionDoc = parse_doc(&plan)?;
        let live = Self::live_rows(conn, net).await?;
        Loaded::build(version, Arc::new(base_doc), Arc::new(base_plan), live).map(Some).map_err(internal_core)
    }

    /// The live holds and bookings of a network, in the order the plan has them.
    async fn live_rows(conn: &mut AnyConnection, net: &str) -> ApiResult<Vec<Live>> {
        let rows: Vec<AnyRow> = sqlx::query(
            "SELECT id, status, request, assignment FROM reservations \
             WHERE network = $1 AND (status = 'confirmed' OR (status = 'held' AND expires_at > $2)) ORDER BY seq, id",
        )
        .bind(net)
        .bind(now())
        .fetch_all(&mut *conn)
        .await?;
        let mut live = Vec::with_capacity(rows.len());
        for row in rows {
            let status: String = row.try_get("status")?;
            let assignment: String = row.try_get("assignment")?;
            live.push(Live {
                code: row.try_get("id")?,
                confirmed: status == "confirmed",
                request: parse_doc(&row.try_get::<String, _>("request")?)?,
                assignment: if assignment.is_empty() { None } else { Some(parse_doc(&assignment)?) },
            });
        }
        Ok(live)
    }

    /// The network at `version`, from the version this instance holds when
    /// only residents' changes (holds, releases, confirmations,
    /// cancellations, expiries) were made since, by another instance: those
    /// are applied to the plan kept loaded (the audit log says what kind of
    /// change each version was; the reservations say what is live now).
    /// Else, or when a change cannot be applied so, from the documents.
    async fn load_at(&self, conn: &mut AnyConnection, net: &str, version: i64) -> ApiResult<Option<Loaded>> {
        let held = self.cache.lock().expect("cache").get(net).cloned();
        if let Some(held) = held.filter(|h| h.version < version && version - h.version <= CATCH_UP_VERSIONS) {
            let entries: Vec<(String, Option<i64>)> = sqlx::query_as(
                "SELECT action, version_after FROM audit_log WHERE network = $1 ORDER BY id DESC LIMIT $2",
            )
            .bind(net)
            .bind(CATCH_UP_ENTRIES)
            .fetch_all(&mut *conn)
            .await?;
            let since: Vec<&(String, Option<i64>)> =
                entries.iter().take_while(|(_, after)| after.is_some_and(|a| a > held.version)).collect();
            let reached = entries.len() > since.len();
            let mut versions: Vec<i64> = since.iter().filter_map(|(_, a)| *a).collect();
            versions.sort_unstable();
            versions.dedup();
            let every = versions.len() as i64 == version - held.version && versions.last() == Some(&version);
            let residents = since.iter().all(|(action, _)| RESIDENT_ACTIONS.contains(&action.as_str()));
            if reached && every && residents {
                let live = Self::live_rows(conn, net).await?;
                if let Some(new) = held.caught_up(version, live) {
                    crate::metrics::METRICS.catch_ups.get_or_create(&crate::metrics::net(net)).inc();
                    return Ok(Some(new));
                }
                tracing::debug!(network = net, "catch-up refused by the plan: loading from the documents");
            } else {
                tracing::debug!(network = net, reached, every, residents, "no catch-up: loading from the documents");
            }
        }
        Self::load_from(conn, net, version).await
    }

    /// The current plan of a network (reloaded when another instance changed it).
    pub async fn current(&self, net: &str) -> ApiResult<Arc<Loaded>> {
        if !valid_network_id(net) {
            return Err(ApiError::not_found("UNKNOWN_NETWORK", "no such network"));
        }
        let version: Option<(i64,)> = sqlx::query_as("SELECT version FROM networks WHERE id = $1")
            .bind(net)
            .fetch_optional(&self.db.pool)
            .await?;
        let Some((version,)) = version else {
            return Err(ApiError::not_found("UNKNOWN_NETWORK", format!("no network '{net}'")));
        };
        if let Some(l) = self.cached(net, version) {
            return Ok(l);
        }
        let lock = self.net_lock(net);
        let _guard = lock.lock().await;
        let mut tx = self.db.pool.begin().await?;
        if self.db.backend == crate::db::Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(&mut *tx).await?;
        }
        let (version,): (i64,) =
            sqlx::query_as("SELECT version FROM networks WHERE id = $1").bind(net).fetch_one(&mut *tx).await?;
        if let Some(l) = self.cached(net, version) {
            return Ok(l);
        }
        let loaded = self
            .load_at(&mut tx, net, version)
            .await?
            .ok_or_else(|| ApiError::not_found("UNKNOWN_NETWORK", format!("no network '{net}'")))?;
        tx.commit().await?;
        let loaded = Arc::new(loaded);
        self.store(net, loaded.clone());
        Ok(loaded)
    }

    /// Opens a write transaction on `net`: locks its row, bumps the version,
    /// releases expired holds.
    pub async fn begin_write(&self, net: &str, actor: &str) -> ApiResult<Write> {
        if !valid_network_id(net) {
            return Err(ApiError::not_found("UNKNOWN_NETWORK", "no such network"));
        }
        let guard = self.net_lock(net).lock_owned().await;
        let mut tx = self.db.pool.begin().await?;
        let t = now();
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE networks SET version = version + 1, updated_at = $2 WHERE id = $1 RETURNING version",
        )
        .bind(net)
        .bind(t)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((after,)) = row else {
            return Err(ApiError::not_found("UNKNOWN_NETWORK", format!("no network '{net}'")));
        };
        let before = after - 1;
        let mut loaded = match self.cached(net, before) {
            Some(l) => l,
            None => Arc::new(
                self.load_at(&mut tx, net, before)
                    .await?
                    .ok_or_else(|| ApiError::not_found("UNKNOWN_NETWORK", "no such network"))?,
            ),
        };
        let expired: Vec<(String,)> = sqlx::query_as(
            "UPDATE reservations SET status = 'expired', updated_at = $3 \
             WHERE network = $1 AND status = 'held' AND expires_at <= $2 RETURNING id",
        )
        .bind(net)
        .bind(t)
        .bind(t)
        .fetch_all(&mut *tx)
        .await?;
        if !expired.is_empty() {
            for (code,) in &expired {
                audit(&mut tx, net, "system", "hold_expired", Some(code), before, after).await?;
            }
            let _ = actor;
            let gone: Vec<&String> = expired.iter().map(|(c,)| c).collect();
            if loaded.live.iter().any(|l| gone.contains(&&l.code)) {
                loaded = Arc::new(loaded.without(before, &gone).map_err(internal_core)?);
            }
        }
        let expired = expired.len();
        Ok(Write { _guard: guard, tx, net: net.to_string(), before, after, loaded, expired })
    }

    /// Commits and installs the new plan.
    pub async fn commit(&self, w: Write, new: Loaded) -> ApiResult<()> {
        let Write { _guard, tx, net, expired, .. } = w;
        tx.commit().await?;
        crate::metrics::METRICS.expiries.get_or_create(&crate::metrics::net(&net)).inc_by(expired as u64);
        self.store(&net, Arc::new(new));
        Ok(())
    }

    /// Commits a transaction that only released expired holds.
    pub async fn commit_unchanged(&self, w: Write) -> ApiResult<()> {
        let new = w.loaded.relabel(w.after, w.loaded.live.clone());
        self.commit(w, new).await
    }

    /// The first answer to a request with the same `Idempotency-Key`, if
    /// any: its capability (a hold id, a cancel token) derived again from
    /// the booking code stored in its place (see [`crate::secret`]).
    pub(crate) async fn idempotent(
        &self,
        tx: &mut Transaction<'static, Any>,
        scope: &str,
        key: Option<&(String, String)>,
    ) -> ApiResult<Option<(StatusCode, Value)>> {
        let Some((key, hash)) = key else { return Ok(None) };
        let row: Option<(String, i64, String)> =
            sqlx::query_as("SELECT body_hash, status, response FROM idempotency WHERE scope = $1 AND key = $2")
                .bind(scope)
                .bind(key)
                .fetch_optional(&mut **tx)
                .await?;
        match row {
            None => Ok(None),
            Some((h, status, response)) if &h == hash => {
                let mut body: Value = serde_json::from_str(&response).unwrap_or(Value::Null);
                let code = body.as_object_mut().and_then(|o| o.remove(STORED_CODE));
                if let Some(code) = code.as_ref().and_then(Value::as_str) {
                    let secret = &self.config.secret;
                    if scope.starts_with("hold:") {
                        body["hold"] = json!(secret.hold_id(code));
                    } else if scope.starts_with("confirm:") {
                        body["cancel_token"] = json!(secret.cancel_token(code));
                    }
                }
                Ok(Some((StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK), body)))
            }
            Some(_) => Err(ApiError::unprocessable(
                "IDEMPOTENCY_KEY_REUSED",
                "this Idempotency-Key was used with another request body",
            )
            .at("Idempotency-Key")),
        }
    }

    /// Keeps the answer for replays, without its capability (`hold`,
    /// `cancel_token`): the booking `code` is stored in its place.
    pub(crate) async fn remember(
        tx: &mut Transaction<'static, Any>,
        scope: &str,
        key: Option<&(String, String)>,
        status: StatusCode,
        body: &Value,
        code: Option<&str>,
    ) -> ApiResult<()> {
        if let Some((key, hash)) = key {
            let mut stored = body.clone();
            if let Some(o) = stored.as_object_mut() {
                o.remove("hold");
                o.remove("cancel_token");
                if let Some(code) = code {
                    o.insert(STORED_CODE.to_string(), json!(code));
                }
            }
            sqlx::query(
                "INSERT INTO idempotency (scope, key, body_hash, status, response, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(scope)
            .bind(key)
            .bind(hash)
            .bind(status.as_u16() as i64)
            .bind(stored.to_string())
            .bind(now())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Holds a slot: 201 with the hold, or 409 SLOT_TAKEN with alternatives.
    pub async fn hold(
        self: &Arc<Self>,
        net: &str,
        ask: SlotAsk,
        start: String,
        key: Option<(String, String)>,
    ) -> ApiResult<(StatusCode, Value)> {
        // Only existing networks get a writer; refusals that need no write are answered here.
        let loaded = self.current(net).await?;
        crate::batch::hold_allowed(&loaded, &ask, &start, now())?;
        self.submit(net, OpKind::Hold { ask, start }, key).await
    }

    /// Releases a hold (the resident went back).
    pub async fn release(self: &Arc<Self>, hold_id: &str) -> ApiResult<()> {
        let net = self
            .reservation_network("hold_id", &sha256_hex(hold_id.as_bytes()))
            .await?
            .ok_or_else(|| ApiError::not_found("UNKNOWN_HOLD", "no such hold"))?;
        self.submit(&net, OpKind::Release { hold_id: hold_id.to_string() }, None).await.map(|_| ())
    }

    /// Confirms a hold into a booking.
    pub async fn confirm(
        self: &Arc<Self>,
        hold_id: &str,
        personal: Personal,
        key: Option<(String, String)>,
    ) -> ApiResult<(StatusCode, Value)> {
        let net = self
            .reservation_network("hold_id", &sha256_hex(hold_id.as_bytes()))
            .await?
            .ok_or_else(|| ApiError::not_found("UNKNOWN_HOLD", "no such hold"))?;
        self.submit(&net, OpKind::Confirm { hold_id: hold_id.to_string(), personal }, key).await
    }

    pub(crate) async fn reservation_network(&self, column: &str, value: &str) -> ApiResult<Option<String>> {
        let sql = format!("SELECT network FROM reservations WHERE {column} = $1");
        let row: Option<(String,)> = sqlx::query_as(&sql).bind(value).fetch_optional(&self.db.pool).await?;
        Ok(row.map(|r| r.0))
    }

    /// The booking `code` if `token` is its cancel token.
    async fn authorized_booking(&self, code: &str, token: Option<&str>) -> ApiResult<AnyRow> {
        let token = token.ok_or_else(|| {
            ApiError::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "give the cancel token as Bearer")
        })?;
        let unknown = || ApiError::not_found("UNKNOWN_BOOKING", "no booking with this code and token");
        if code.len() > 32 {
            return Err(unknown());
        }
        let row: Option<AnyRow> = sqlx::query(
            "SELECT r.id, r.network, r.status, r.request, r.assignment, r.cancel_hash, r.appointment_start, \
             p.name, p.contact, p.topic, p.details, p.locale \
             FROM reservations r LEFT JOIN personal_data p ON p.booking = r.id WHERE r.id = $1",
        )
        .bind(code)
        .fetch_optional(&self.db.pool)
        .await?;
        let row = row.ok_or_else(unknown)?;
        let hash: Option<String> = row.try_get("cancel_hash")?;
        if hash.as_deref() != Some(sha256_hex(token.as_bytes()).as_str()) {
            return Err(unknown());
        }
        Ok(row)
    }

    /// A booking for its holder.
    pub async fn booking(&self, code: &str, token: Option<&str>) -> ApiResult<Value> {
        let row = self.authorized_booking(code, token).await?;
        let net: String = row.try_get("network")?;
        let loaded = self.current(&net).await?;
        booking_json(&row, true, loaded.timezone())
    }

    /// Cancels a booking for its holder.
    pub async fn cancel(self: &Arc<Self>, code: &str, token: Option<&str>) -> ApiResult<Value> {
        let row = self.authorized_booking(code, token).await?;
        let net: String = row.try_get("network")?;
        self.submit(&net, OpKind::Cancel { code: code.to_string() }, None).await.map(|(_, v)| v)
    }

    /// Releases expired holds of every network and purges personal data past retention.
    pub async fn sweep(&self) -> ApiResult<()> {
        self.sweep_at(now()).await
    }

    /// [`App::sweep`] as if it were `t` (unix seconds) for the retention.
    pub async fn sweep_at(&self, t: i64) -> ApiResult<()> {
        let nets: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT network FROM reservations WHERE status = 'held' AND expires_at <= $1")
                .bind(now())
                .fetch_all(&self.db.pool)
                .await?;
        for (net,) in nets {
            let w = self.begin_write(&net, "system").await?;
            self.commit_unchanged(w).await?;
        }
        let nets: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT r.network FROM personal_data p JOIN reservations r ON r.id = p.booking WHERE p.purge_after <= $1",
        )
        .bind(t)
        .fetch_all(&self.db.pool)
        .await?;
        for (net,) in nets {
            let mut tx = self.db.pool.begin().await?;
            let done = sqlx::query(
                "DELETE FROM personal_data WHERE purge_after <= $1 AND booking IN (SELECT id FROM reservations WHERE network = $2)",
            )
            .bind(t)
            .bind(&net)
            .execute(&mut *tx)
            .await?;
            let (v,): (i64,) =
                sqlx::query_as("SELECT version FROM networks WHERE id = $1").bind(&net).fetch_one(&mut *tx).await?;
            let what = format!("{} records", done.rows_affected());
            audit(&mut tx, &net, "system", "purge_personal_data", Some(&what), v, v).await?;
            tx.commit().await?;
        }
        sqlx::query("DELETE FROM idempotency WHERE created_at < $1").bind(t - 86_400).execute(&self.db.pool).await?;
        Ok(())
    }

    /// Replaces the base problem (or keeps it) and re-plans with few moves.
    pub async fn replan(
        &self,
        net: &str,
        actor: &str,
        new_base: Option<ProblemDoc>,
        iterations: Option<u64>,
        expected_base: Option<&str>,
    ) -> ApiResult<Value> {
        let mut w = self.begin_write(net, actor).await?;
        if let Some(tag) = expected_base {
            // A planner's read-modify-write: refused when another change of the planner's problem came first.
            if base_tag(&w.loaded.base_doc)? != tag.trim_start_matches("W/") {
                return Err(ApiError::new(
                    StatusCode::PRECONDITION_FAILED,
                    "BASE_CHANGED",
                    "the planner's problem changed since it was read (If-Match); read it again",
                )
                .at("If-Match"));
            }
        }
        let base = match &new_base {
            Some(doc) => {
                if let Some((i, _)) = doc.requests.iter().enumerate().find(|(_, r)| r.id.starts_with(BOOKING_PREFIX)) {
                    return Err(ApiError::unprocessable(
                        "RESERVED_ID",
                        format!("request ids starting with '{BOOKING_PREFIX}' are the service's bookings"),
                    )
                    .at(format!("requests[{i}].id")));
                }
                Problem::from_doc(doc).map_err(problem_error)?;
                doc.clone()
            }
            None => (*w.loaded.base_doc).clone(),
        };
        let mut merged = base.clone();
        merged.requests.extend(w.loaded.live.iter().map(|l| l.request.clone()));
        let problem = Problem::from_doc(&merged).map_err(problem_error)?;
        let options = ponte::solve::SolveOptions {
            seed: 1,
            max_iterations: Some(iterations.unwrap_or(ponte::booking::REPLAN_ITERATIONS)),
            time_limit_ms: None,
            threads: None,
        };
        let outcome = ponte::booking::replan(&problem, w.loaded.plan(), &options, &mut ponte::solve::NoControl);
        let (new, summary) = self.apply_plan(&mut w, base, outcome.solution, actor, "replan").await?;
        let body = json!({
            "version": w.after,
            "kept": outcome.kept,
            "moved": outcome.moved.len(),
            "dropped": outcome.dropped.len(),
            "added": outcome.added.len(),
            "unassigned": summary,
        });
        self.commit(w, new).await?;
        Ok(body)
    }

    /// Stores a new base and plan (the plan covers base and live requests).
    pub(crate) async fn apply_plan(
        &self,
        w: &mut Write,
        base: ProblemDoc,
        plan: SolutionDoc,
        actor: &str,
        action: &str,
    ) -> ApiResult<(Loaded, usize)> {
        let mut base_plan = plan.clone();
        base_plan.assignments.retain(|a| !a.request.starts_with(BOOKING_PREFIX));
        base_plan.unassigned.retain(|a| !a.request.starts_with(BOOKING_PREFIX));
        let mut live = w.loaded.live.clone();
        // A confirmed booking is never dropped by a planner's change: the
        // change is refused, naming the bookings (codes only), and the
        // planner re-plans differently or has the bookings cancelled first.
        // A hold may lose its slot (its confirmation then answers SLOT_TAKEN).
        let dropped: Vec<&str> = live
            .iter()
            .filter(|l| l.confirmed && l.assignment.is_some())
            .filter(|l| !plan.assignments.iter().any(|a| a.request == l.request.id))
            .map(|l| l.code.as_str())
            .collect();
        if !dropped.is_empty() {
            return Err(ApiError::conflict(
                "BOOKINGS_WOULD_BE_DROPPED",
                format!(
                    "this change leaves {} confirmed booking(s) without a mediator; nothing was changed",
                    dropped.len()
                ),
            )
            .with("bookings", json!(dropped)));
        }
        let t = now();
        for l in &mut live {
            let a = plan.assignments.iter().find(|a| a.request == l.request.id).cloned();
            if a != l.assignment {
                l.assignment = a;
                let text = match &l.assignment {
                    Some(a) => serde_json::to_string(a).map_err(ApiError::internal)?,
                    None => String::new(),
                };
                sqlx::query("UPDATE reservations SET assignment = $2, request = $3, updated_at = $4 WHERE id = $1")
                    .bind(&l.code)
                    .bind(text)
                    .bind(serde_json::to_string(&l.request).map_err(ApiError::internal)?)
                    .bind(t)
                    .execute(&mut *w.tx)
                    .await?;
            }
        }
        sqlx::query("UPDATE network_bases SET base_problem = $2, base_plan = $3 WHERE network = $1")
            .bind(&w.net)
            .bind(serde_json::to_string(&base).map_err(ApiError::internal)?)
            .bind(serde_json::to_string(&base_plan).map_err(ApiError::internal)?)
            .execute(&mut *w.tx)
            .await?;
        let net = w.net.clone();
        audit(&mut w.tx, &net, actor, action, None, w.before, w.after).await?;
        let new = Loaded::build(w.after, Arc::new(base), Arc::new(base_plan), live).map_err(internal_core)?;
        let unassigned = new.plan().unassigned.len();
        Ok((new, unassigned))
    }

    /// Locks a request where the plan has it.
    pub async fn lock(&self, net: &str, actor: &str, request: &str) -> ApiResult<Value> {
        let mut w = self.begin_write(net, actor).await?;
        let (doc, outcome) = ponte::booking::lock(&w.loaded.problem, w.loaded.plan(), request)
            .map_err(|e| ApiError::from_core(e).at("request"))?;
        let locked =
            doc.requests.iter().find(|r| r.id == request).cloned().ok_or_else(|| ApiError::internal("lock"))?;
        let mut base = (*w.loaded.base_doc).clone();
        if request.starts_with(BOOKING_PREFIX) {
            let mut live = w.loaded.live.clone();
            for l in &mut live {
                if l.request.id == request {
                    l.request = locked.clone();
                    sqlx::query("UPDATE reservations SET request = $2 WHERE id = $1")
                        .bind(&l.code)
                        .bind(serde_json::to_string(&l.request).map_err(ApiError::internal)?)
                        .execute(&mut *w.tx)
                        .await?;
                }
            }
            let net_id = w.net.clone();
            audit(&mut w.tx, &net_id, actor, "lock", Some(request), w.before, w.after).await?;
            let new = Loaded::build(w.after, w.loaded.base_doc.clone(), w.loaded.base_plan.clone(), live)
                .map_err(internal_core)?;
            self.commit(w, new).await?;
        } else {
            for r in &mut base.requests {
                if r.id == request {
                    *r = locked.clone();
                }
            }
            let (new, _) = self.apply_plan(&mut w, base, outcome.solution.clone(), actor, "lock").await?;
            self.commit(w, new).await?;
        }
        Ok(json!({"request": request, "locked": true, "cost_delta": outcome.cost_delta}))
    }

    /// Every booking of a network with its personal data (planners only).
    pub async fn bookings(&self, net: &str) -> ApiResult<Value> {
        let rows: Vec<AnyRow> = sqlx::query(
            "SELECT r.id, r.network, r.status, r.request, r.assignment, r.appointment_start, \
             p.name, p.contact, p.topic, p.details, p.locale \
             FROM reservations r LEFT JOIN personal_data p ON p.booking = r.id \
             WHERE r.network = $1 AND r.status IN ('confirmed', 'cancelled') ORDER BY r.seq, r.id",
        )
        .bind(net)
        .fetch_all(&self.db.pool)
        .await?;
        let loaded = self.current(net).await?;
        let list: ApiResult<Vec<Value>> = rows.iter().map(|r| booking_json(r, true, loaded.timezone())).collect();
        Ok(json!({ "bookings": list? }))
    }

    /// The audit log of a network (no personal data in it).
    pub async fn audit_log(&self, net: &str, limit: i64) -> ApiResult<Value> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, actor, action, subject, version_before, version_after FROM audit_log \
             WHERE network = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(net)
        .bind(limit)
        .fetch_all(&self.db.pool)
        .await?;
        let entries: Vec<Value> = rows
            .into_iter()
            .map(|(id, at, actor, action, subject, b, a)| {
                json!({"id": id, "at": rfc3339(at), "actor": actor, "action": action, "subject": subject,
                       "version_before": b, "version_after": a})
            })
            .collect();
        Ok(json!({ "entries": entries }))
    }

    /// The role of a planner token for `net`.
    pub async fn token_role(&self, net: &str, token: &str) -> ApiResult<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT role FROM tokens WHERE hash = $1 AND network = $2")
            .bind(sha256_hex(token.as_bytes()))
            .bind(net)
            .fetch_optional(&self.db.pool)
            .await?;
        Ok(row.map(|r| r.0))
    }
}

/// A row of the audit log: id, at, actor, action, subject, versions before and after.
type AuditRow = (i64, i64, String, String, Option<String>, Option<i64>, Option<i64>);

fn problem_error(e: ponte::PonteError) -> ApiError {
    let errors: Vec<Value> =
        e.errors().iter().map(|x| json!({"code": x.code, "path": x.path, "message": x.message})).collect();
    ApiError::from_core(e).with("errors", json!(errors))
}

/// The slot of a booking.
pub fn slot_of(request: &RequestDoc, a: &AssignmentDoc, timezone: &str) -> Slot {
    Slot {
        office: request.office.clone(),
        language: a.language.clone(),
        modality: a.modality,
        duration_minutes: request.duration_minutes,
        start: a.start.clone(),
        end: crate::model::end_of(timezone, &a.start, request.duration_minutes).unwrap_or_default(),
    }
}

fn booking_json(row: &AnyRow, personal: bool, timezone: &str) -> ApiResult<Value> {
    let request: RequestDoc = parse_doc(&row.try_get::<String, _>("request")?)?;
    let assignment: String = row.try_get("assignment")?;
    let start = request.start.clone().unwrap_or_default();
    let mut v = json!({
        "booking": row.try_get::<String, _>("id")?,
        "status": row.try_get::<String, _>("status")?,
        "office": request.office,
        "language": request.languages.first(),
        "modality": request.modalities.as_ref().and_then(|m| m.first()),
        "duration_minutes": request.duration_minutes,
        "start": start,
        "end": crate::model::end_of(timezone, &start, request.duration_minutes),
        "assigned": !assignment.is_empty(),
    });
    if personal {
        let name: Option<String> = row.try_get("name")?;
        v["name"] = json!(name);
        v["contact"] = json!(row.try_get::<Option<String>, _>("contact")?);
        v["topic"] = json!(row.try_get::<Option<String>, _>("topic")?);
        v["details"] = json!(row.try_get::<Option<String>, _>("details")?);
        v["locale"] = json!(row.try_get::<Option<String>, _>("locale")?);
        v["personal_data_purged"] = json!(name.is_none());
    }
    Ok(v)
}

/// Appends to the audit log.
pub async fn audit(
    tx: &mut Transaction<'static, Any>,
    net: &str,
    actor: &str,
    action: &str,
    subject: Option<&str>,
    before: i64,
    after: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (network, at, actor, action, subject, version_before, version_after) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(net)
    .bind(now())
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(before)
    .bind(after)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Drops a replaced version on a thread of its own when no reader holds it
/// any more: freeing a large network's problem and plan (milliseconds on
/// thousands of requests) is then not part of any answer's latency.
fn drop_later(old: Arc<Loaded>) {
    static DROPPER: std::sync::OnceLock<Option<std::sync::mpsc::Sender<Arc<Loaded>>>> = std::sync::OnceLock::new();
    let sender = DROPPER.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Arc<Loaded>>();
        let spawned = std::thread::Builder::new().name("ponte-drop".into()).spawn(move || {
            for old in rx {
                drop(old);
            }
        });
        spawned.ok().map(|_| tx)
    });
    if let Some(sender) = sender {
        // On a send error the value comes back and is dropped here.
        let _ = sender.send(old);
    }
}

/// The audit actions of residents' changes (and of expiries): a version made
/// only by these is caught up with from the reservations.
const RESIDENT_ACTIONS: [&str; 5] = ["hold", "hold_released", "confirm", "cancel", "hold_expired"];

/// At most this many versions behind are caught up with; further, or when
/// the last audit entries do not reach the version held, the network is
/// loaded from the documents.
const CATCH_UP_VERSIONS: i64 = 64;

/// The audit entries read to catch up.
const CATCH_UP_ENTRIES: i64 = 1024;
