//! Group commit of residents' changes: each network has one writer task
//! that takes the holds, confirmations, releases and cancellations waiting
//! for it, applies them one after the other to the network's plan kept
//! loaded in the core (`ponte::booking::LivePlan`: free slots and bookings
//! on the loaded state, the new holds' requests validated alone) inside ONE
//! database transaction, commits once, and only then answers each of them.
//! One commit (one fsync) serves the whole batch, which is what makes
//! hundreds of bookings per second possible on SQLite; the checks are the
//! same as one by one, in arrival order. The loaded plan is taken from the
//! version the batch starts from and handed to the version it makes; when
//! the transaction fails it is dropped (the next batch loads the plan from
//! the documents again), so a failed batch leaves nothing in memory.

use std::sync::Arc;

use axum::http::StatusCode;
use ponte::booking::{BookingChoice, LivePlan};
use ponte::format::RequestDoc;
use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};

use crate::error::{ApiError, ApiResult};
use crate::model::{end_of, ics, place_on, unix_of, Live, Loaded, Slot, SlotAsk, BOOKING_PREFIX};
use crate::service::{audit, internal_core, new_code, rfc3339, slot_of, App, Personal, Write};
use crate::{now, sha256_hex};

/// Largest batch.
const MAX_BATCH: usize = 128;

/// A resident's change.
pub enum OpKind {
    /// Hold a slot.
    Hold {
        /// What.
        ask: SlotAsk,
        /// When.
        start: String,
    },
    /// Release a hold.
    Release {
        /// Hold id.
        hold_id: String,
    },
    /// Confirm a hold.
    Confirm {
        /// Hold id.
        hold_id: String,
        /// The resident's data.
        personal: Personal,
    },
    /// Cancel a booking (its token already checked).
    Cancel {
        /// Booking code.
        code: String,
    },
}

/// A change waiting for its writer.
pub struct Op {
    kind: OpKind,
    key: Option<(String, String)>,
    reply: oneshot::Sender<ApiResult<(StatusCode, Value)>>,
}

type Answer = ApiResult<(StatusCode, Value)>;

/// The plan as the batch changes it.
struct Batch {
    /// The problem and plan, kept loaded (taken from the version the batch
    /// starts from, handed to the version it makes).
    plan: LivePlan,
    live: Vec<Live>,
    /// Whether a removal could not be made on the loaded plan (it breaks
    /// rule 9 there): the new version is then rebuilt from the documents,
    /// which repairs it.
    rebuild: bool,
    /// Refused holds: (op index, ask, start), answered with alternatives after the commit.
    taken: Vec<(usize, SlotAsk, String)>,
    /// Whether anything was written.
    changed: bool,
    /// Whether the plan changed (a confirmation leaves it as it is).
    moved: bool,
}

impl Batch {
    /// Removes a hold's or booking's request from the plan (see `rebuild`).
    fn remove(&mut self, code: &str) -> ApiResult<()> {
        let id = format!("{BOOKING_PREFIX}{code}");
        if self.plan.problem().request_index(&id).is_none() {
            return Ok(());
        }
        match self.plan.remove_request(&id) {
            Ok(()) => {
                self.moved = true;
                Ok(())
            }
            Err(ponte::PonteError::Refused { code, .. })
                if code == "BREAK_MISSING" || code == "ROLES_NOT_SUPPORTED" =>
            {
                self.rebuild = true;
                Ok(())
            }
            Err(e) => Err(internal_core(e)),
        }
    }
}

impl App {
    /// Sends a change to the network's writer and waits for its answer (after the commit).
    pub(crate) async fn submit(
        self: &Arc<Self>,
        net: &str,
        kind: OpKind,
        key: Option<(String, String)>,
    ) -> ApiResult<(StatusCode, Value)> {
        let sender = {
            let mut writers = self.writers.lock().expect("writers");
            writers
                .entry(net.to_string())
                .or_insert_with(|| {
                    let (tx, rx) = mpsc::channel(4096);
                    tokio::spawn(writer(self.clone(), net.to_string(), rx));
                    tx
                })
                .clone()
        };
        let (reply, answer) = oneshot::channel();
        sender.send(Op { kind, key, reply }).await.map_err(|_| ApiError::internal("writer stopped"))?;
        answer.await.map_err(|_| ApiError::internal("writer dropped a change"))?
    }
}

async fn writer(app: Arc<App>, net: String, mut rx: mpsc::Receiver<Op>) {
    while let Some(first) = rx.recv().await {
        let mut ops = vec![first];
        while ops.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(op) => ops.push(op),
                Err(_) => break,
            }
        }
        let (kinds, replies): (Vec<_>, Vec<_>) = ops.into_iter().map(|op| ((op.kind, op.key), op.reply)).unzip();
        let answers = match run(&app, &net, kinds).await {
            Ok(answers) => answers,
            Err(e) => (0..replies.len()).map(|_| Err(e.clone())).collect(),
        };
        for (reply, answer) in replies.into_iter().zip(answers) {
            let _ = reply.send(answer);
        }
    }
}

/// Applies a batch in one transaction; the answers in order (an `Err` of the
/// whole: nothing was written).
async fn run(app: &App, net: &str, ops: Vec<(OpKind, Option<(String, String)>)>) -> ApiResult<Vec<Answer>> {
    let mut w = app.begin_write(net, "resident").await?;
    let t = now();
    let kinds: Vec<&'static str> = ops
        .iter()
        .map(|(kind, _)| match kind {
            OpKind::Hold { .. } => "hold",
            OpKind::Release { .. } => "release",
            OpKind::Confirm { .. } => "confirm",
            OpKind::Cancel { .. } => "cancel",
        })
        .collect();
    // Holds with no place in the plan as it is are refused at once; the
    // others' requests join the problem first (validated, the new ones alone).
    let plan = w.loaded.take_live().map_err(internal_core)?;
    let mut codes: Vec<Option<(String, Option<BookingChoice>)>> = Vec::with_capacity(ops.len());
    let mut refused: Vec<usize> = Vec::new();
    let mut requests: Vec<RequestDoc> = Vec::new();
    for (i, (kind, key)) in ops.iter().enumerate() {
        let code = match kind {
            OpKind::Hold { ask, start } if key.is_none() && hold_allowed(&w.loaded, ask, start, t).is_ok() => {
                match place_on(&plan, ask, start) {
                    Ok(Some((choice, _))) => {
                        let code = new_code();
                        requests.push(Loaded::hold_request(&code, ask, start));
                        Some((code, Some(choice)))
                    }
                    _ => {
                        refused.push(i);
                        None
                    }
                }
            }
            OpKind::Hold { ask, start } if hold_allowed(&w.loaded, ask, start, t).is_ok() => {
                let code = new_code();
                requests.push(Loaded::hold_request(&code, ask, start));
                Some((code, None))
            }
            _ => None,
        };
        codes.push(code);
    }
    let mut b = Batch {
        plan,
        live: w.loaded.live.clone(),
        rebuild: false,
        taken: Vec::new(),
        changed: w.expired > 0,
        moved: false,
    };
    if !requests.is_empty() {
        b.plan.add_requests(&requests).map_err(internal_core)?;
    }
    let mut answers: Vec<Answer> = Vec::with_capacity(ops.len());
    for (i, ((kind, key), code)) in ops.into_iter().zip(codes).enumerate() {
        let answer = match kind {
            OpKind::Hold { ask, start } if refused.contains(&i) => {
                b.taken.push((i, ask, start));
                Err(ApiError::conflict("SLOT_TAKEN", "this slot is no longer free"))
            }
            OpKind::Hold { ask, start } => hold(app, &mut w, &mut b, i, ask, start, code, key.as_ref()).await,
            OpKind::Release { hold_id } => release(&mut w, &mut b, &hold_id).await,
            OpKind::Confirm { hold_id, personal } => {
                confirm(app, &mut w, &mut b, &hold_id, personal, key.as_ref()).await
            }
            OpKind::Cancel { code } => cancel(&mut w, &mut b, &code).await,
        };
        if let Err(e) = &answer {
            if e.status.is_server_error() {
                return Err(e.clone());
            }
        }
        answers.push(answer);
    }
    if !b.changed {
        // Only refusals: roll back (the version stays), answer from the plan
        // as it is (the refused holds' requests left it again).
        let current = w.loaded.clone();
        drop(w);
        if !b.rebuild {
            current.put_live(b.plan);
        }
        for (i, ask, start) in b.taken {
            answers[i] = Err(ApiError::conflict("SLOT_TAKEN", "this slot is no longer free")
                .with("alternatives", json!(current.alternatives(&ask, &start))));
        }
        count(net, &kinds, &answers);
        return Ok(answers);
    }
    let (base_doc, base_plan) = (w.loaded.base_doc.clone(), w.loaded.base_plan.clone());
    let new = if b.rebuild {
        Loaded::build(w.after, base_doc, base_plan, b.live).map_err(internal_core)?
    } else if !b.moved {
        // Confirmations only (and holds refused): the same plan and document.
        w.loaded.same_plan(w.after, b.live, b.plan)
    } else {
        Loaded::from_live(w.after, base_doc, base_plan, b.live, b.plan)
    };
    let new = Arc::new(new);
    let Write { tx, expired, .. } = w;
    tx.commit().await?;
    crate::metrics::METRICS.expiries.get_or_create(&crate::metrics::net(net)).inc_by(expired as u64);
    app.store(net, new.clone());
    for (i, ask, start) in b.taken {
        answers[i] = Err(ApiError::conflict("SLOT_TAKEN", "this slot is no longer free")
            .with("alternatives", json!(new.alternatives(&ask, &start))));
    }
    count(net, &kinds, &answers);
    Ok(answers)
}

/// Counts a committed batch's answers in the metrics.
fn count(net: &str, kinds: &[&'static str], answers: &[Answer]) {
    let m = &crate::metrics::METRICS;
    let labels = crate::metrics::net(net);
    for (kind, answer) in kinds.iter().zip(answers) {
        match answer {
            Ok((status, _)) if *status == StatusCode::CREATED && *kind == "hold" => {
                m.holds.get_or_create(&labels).inc()
            }
            Ok((status, _)) if *status == StatusCode::CREATED && *kind == "confirm" => {
                m.confirmations.get_or_create(&labels).inc()
            }
            Ok(_) if *kind == "cancel" => m.cancellations.get_or_create(&labels).inc(),
            Ok(_) if *kind == "release" => m.releases.get_or_create(&labels).inc(),
            Err(e) if e.code == "SLOT_TAKEN" => m.conflicts.get_or_create(&labels).inc(),
            _ => 0,
        };
    }
}

pub(crate) fn hold_allowed(loaded: &Loaded, ask: &SlotAsk, start: &str, t: i64) -> ApiResult<()> {
    loaded.check_ask(ask, "office")?;
    if unix_of(loaded.timezone(), start).is_none_or(|s| s <= t) {
        return Err(ApiError::unprocessable("SLOT_IN_PAST", "this start is in the past").at("start"));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn hold(
    app: &App,
    w: &mut Write,
    b: &mut Batch,
    index: usize,
    ask: SlotAsk,
    start: String,
    code: Option<(String, Option<BookingChoice>)>,
    key: Option<&(String, String)>,
) -> Answer {
    let net = w.net.clone();
    let scope = format!("hold:{net}");
    if let Some(replay) = app.idempotent(&mut w.tx, &scope, key).await? {
        if let Some((code, _)) = &code {
            b.remove(code)?;
        }
        return Ok(replay);
    }
    let Some((code, first_choice)) = code else {
        hold_allowed(&w.loaded, &ask, &start, now())?;
        return Err(ApiError::internal("hold without a request"));
    };
    let request_id = format!("{BOOKING_PREFIX}{code}");
    // The place found before the batch, if the batch's earlier holds left it free; else search again.
    let slot_of_choice = |choice: &BookingChoice| Slot {
        office: ask.office.clone(),
        language: choice.language.clone().unwrap_or_else(|| ask.language.clone()),
        modality: choice.modality.unwrap_or(ponte::model::Modality::InPerson),
        duration_minutes: ask.duration,
        start: start.clone(),
        end: end_of(w.loaded.timezone(), &start, ask.duration).unwrap_or_default(),
    };
    let mut slot =
        first_choice.and_then(|choice| b.plan.book(&request_id, &choice).ok().map(|_| slot_of_choice(&choice)));
    if slot.is_none() {
        let placed = place_on(&b.plan, &ask, &start)?;
        slot = placed.and_then(|(choice, slot)| b.plan.book(&request_id, &choice).ok().map(|_| slot));
    }
    let Some(slot) = slot else {
        b.remove(&code)?;
        b.taken.push((index, ask, start));
        return Err(ApiError::conflict("SLOT_TAKEN", "this slot is no longer free"));
    };
    let assignment = b.plan.assignment(&request_id).ok_or_else(|| ApiError::internal("hold not placed"))?;
    let request = (b.plan.problem().request_index(&request_id))
        .and_then(|r| b.plan.problem().document().requests.get(r).cloned())
        .ok_or_else(|| ApiError::internal("request"))?;
    let tz = w.loaded.timezone().to_string();
    let t = now();
    let expires = t + app.config.hold_seconds;
    let hold_id = app.config.secret.hold_id(&code);
    sqlx::query(
        "INSERT INTO reservations (id, network, hold_id, status, request, assignment, seq, expires_at, \
         appointment_start, appointment_end, cancel_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, 'held', $4, $5, $6, $7, $8, $9, NULL, $10, $11)",
    )
    .bind(&code)
    .bind(&net)
    .bind(sha256_hex(hold_id.as_bytes()))
    .bind(serde_json::to_string(&request).map_err(ApiError::internal)?)
    .bind(serde_json::to_string(&assignment).map_err(ApiError::internal)?)
    .bind(w.after * 1000 + b.live.len() as i64)
    .bind(expires)
    .bind(unix_of(&tz, &slot.start).unwrap_or(t))
    .bind(unix_of(&tz, &slot.end).unwrap_or(t))
    .bind(t)
    .bind(t)
    .execute(&mut *w.tx)
    .await?;
    audit(&mut w.tx, &net, "resident", "hold", Some(&code), w.before, w.after).await?;
    let body = json!({
        "hold": hold_id,
        "expires_at": rfc3339(expires),
        "expires_in_seconds": app.config.hold_seconds,
        "slot": slot,
    });
    App::remember(&mut w.tx, &scope, key, StatusCode::CREATED, &body, Some(&code)).await?;
    b.changed = true;
    b.moved = true;
    b.live.push(Live { code, confirmed: false, request, assignment: Some(assignment) });
    Ok((StatusCode::CREATED, body))
}

async fn release(w: &mut Write, b: &mut Batch, hold_id: &str) -> Answer {
    let unknown = || ApiError::not_found("UNKNOWN_HOLD", "no such hold");
    let row: Option<(String, String)> = sqlx::query_as("SELECT id, status FROM reservations WHERE hold_id = $1")
        .bind(sha256_hex(hold_id.as_bytes()))
        .fetch_optional(&mut *w.tx)
        .await?;
    let Some((code, status)) = row else { return Err(unknown()) };
    match status.as_str() {
        "held" => {}
        "confirmed" | "cancelled" => return Err(ApiError::conflict("HOLD_USED", "this hold was confirmed")),
        _ => return Err(unknown()),
    }
    sqlx::query("UPDATE reservations SET status = 'released', updated_at = $2 WHERE id = $1")
        .bind(&code)
        .bind(now())
        .execute(&mut *w.tx)
        .await?;
    let net = w.net.clone();
    audit(&mut w.tx, &net, "resident", "hold_released", Some(&code), w.before, w.after).await?;
    b.live.retain(|l| l.code != code);
    b.remove(&code)?;
    b.changed = true;
    Ok((StatusCode::NO_CONTENT, Value::Null))
}

async fn confirm(
    app: &App,
    w: &mut Write,
    b: &mut Batch,
    hold_id: &str,
    personal: Personal,
    key: Option<&(String, String)>,
) -> Answer {
    let unknown = || ApiError::not_found("UNKNOWN_HOLD", "no such hold");
    let scope = format!("confirm:{}", sha256_hex(hold_id.as_bytes()));
    if let Some(replay) = app.idempotent(&mut w.tx, &scope, key).await? {
        return Ok(replay);
    }
    let row: Option<(String, String, i64)> =
        sqlx::query_as("SELECT id, status, appointment_end FROM reservations WHERE hold_id = $1")
            .bind(sha256_hex(hold_id.as_bytes()))
            .fetch_optional(&mut *w.tx)
            .await?;
    let Some((code, status, end_unix)) = row else { return Err(unknown()) };
    match status.as_str() {
        "held" => {}
        "expired" => {
            return Err(ApiError::new(StatusCode::GONE, "HOLD_EXPIRED", "the hold expired; choose the slot again"))
        }
        "released" => return Err(unknown()),
        _ => return Err(ApiError::conflict("HOLD_USED", "this hold was already confirmed")),
    }
    let request_id = format!("{BOOKING_PREFIX}{code}");
    let live = b.live.iter().find(|l| l.code == code).cloned();
    let assignment = b.plan.assignment(&request_id);
    let (Some(live), Some(assignment)) = (live, assignment) else {
        // A planner's change left the held slot unassigned.
        return Err(ApiError::conflict("SLOT_TAKEN", "the held slot is no longer available"));
    };
    let token = app.config.secret.cancel_token(&code);
    let t = now();
    sqlx::query("UPDATE reservations SET status = 'confirmed', cancel_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(&code)
        .bind(sha256_hex(token.as_bytes()))
        .bind(t)
        .execute(&mut *w.tx)
        .await?;
    sqlx::query(
        "INSERT INTO personal_data (booking, name, contact, topic, details, locale, purge_after) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&code)
    .bind(&personal.name)
    .bind(&personal.contact)
    .bind(&personal.topic)
    .bind(&personal.details)
    .bind(&personal.locale)
    .bind(end_unix + app.config.retention_days * 86_400)
    .execute(&mut *w.tx)
    .await?;
    let net = w.net.clone();
    audit(&mut w.tx, &net, "resident", "confirm", Some(&code), w.before, w.after).await?;
    let slot = slot_of(&live.request, &assignment, w.loaded.timezone());
    let office_name = w.loaded.office_name(&slot.office);
    let mut body = json!({
        "booking": code,
        "code": code,
        "cancel_token": token,
        "status": "confirmed",
        "start": slot.start,
        "end": slot.end,
        "office": slot.office,
        "language": slot.language,
        "modality": slot.modality,
        "duration_minutes": slot.duration_minutes,
        "ics": ics(&code, w.loaded.timezone(), &slot, office_name.as_deref(), t),
    });
    if let Some(name) = office_name {
        body["office_name"] = json!(name);
    }
    App::remember(&mut w.tx, &scope, key, StatusCode::CREATED, &body, Some(&code)).await?;
    for l in &mut b.live {
        if l.code == code {
            l.confirmed = true;
        }
    }
    b.changed = true;
    Ok((StatusCode::CREATED, body))
}

async fn cancel(w: &mut Write, b: &mut Batch, code: &str) -> Answer {
    let (status, start): (String, i64) =
        sqlx::query_as("SELECT status, appointment_start FROM reservations WHERE id = $1")
            .bind(code)
            .fetch_one(&mut *w.tx)
            .await?;
    if status == "cancelled" {
        return Err(ApiError::conflict("ALREADY_CANCELLED", "this booking is already cancelled"));
    }
    if status != "confirmed" {
        return Err(ApiError::not_found("UNKNOWN_BOOKING", "no booking with this code and token"));
    }
    if start <= now() {
        return Err(ApiError::conflict("TOO_LATE", "the appointment has already started"));
    }
    sqlx::query("UPDATE reservations SET status = 'cancelled', updated_at = $2 WHERE id = $1")
        .bind(code)
        .bind(now())
        .execute(&mut *w.tx)
        .await?;
    let net = w.net.clone();
    audit(&mut w.tx, &net, "resident", "cancel", Some(code), w.before, w.after).await?;
    b.live.retain(|l| l.code != code);
    b.remove(code)?;
    b.changed = true;
    Ok((StatusCode::OK, json!({"booking": code, "status": "cancelled"})))
}
