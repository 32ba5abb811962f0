//! Shared parts of Ponte's fuzz targets: small valid problems decoded from
//! fuzz input, and the checks every returned plan must pass.
//!
//! An input is read in one of two ways:
//! - when it starts with `{`, its leading JSON document is a problem (the
//!   seeds are ponte-gen instances and the bundled examples, mutated by the
//!   fuzzer) and the bytes after it drive the rest (seed, budget,
//!   operations);
//! - otherwise the bytes are decoded ([`arbitrary::Unstructured`]) into the
//!   parameters of a small problem (municipalities, offices, opening hours,
//!   mediators with languages, levels, modalities, availability, absences
//!   and limits, requests with windows or fixed starts, cases, previous
//!   assignments and locks, workshops, weights), which is written as a
//!   `ponte-problem/1` document and validated by Ponte like any file.

use arbitrary::{Result, Unstructured};
use ponte::evaluate::evaluate_doc;
use ponte::format::SolutionDoc;
use ponte::{PonteError, Problem};
use serde_json::{json, Map, Value};

/// Problems read from JSON input larger than this (requests, mediators,
/// horizon days) are skipped, to keep executions fast.
pub const MAX_JSON_REQUESTS: usize = 80;
/// See [`MAX_JSON_REQUESTS`].
pub const MAX_JSON_MEDIATORS: usize = 30;
/// See [`MAX_JSON_REQUESTS`].
pub const MAX_JSON_DAYS: i64 = 14;

const LANGUAGES: [&str; 6] = ["ar", "ar-ma", "zh", "uk", "ru", "fr"];
const LEVELS: [&str; 3] = ["working", "fluent", "native"];
const MODALITIES: [&str; 3] = ["in_person", "phone", "video"];
const PRIORITIES: [&str; 4] = ["urgent", "high", "normal", "low"];
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const MINUTES: [u32; 7] = [0, 0, 15, 30, 45, 10, 50];
const DURATIONS: [i64; 8] = [15, 30, 45, 60, 90, 120, 5, 240];
const WEIGHTS: [i64; 8] = [0, 1, 7, 20, 500, 5_000, 100_000, 1 << 40];

/// First days (all Mondays) of the horizons: an ordinary week with the
/// 8 December holiday, the week of the spring DST change (29 March), the
/// week of the autumn one (25 October), and a week with 25 April on the
/// Saturday. No horizon plus the days after it crosses a month end.
const STARTS: [(u32, u32, u32); 4] = [(2026, 12, 7), (2026, 3, 23), (2026, 10, 19), (2026, 4, 20)];

/// A small calendar: day `d` of the horizon as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy)]
pub struct Calendar {
    year: u32,
    month: u32,
    day: u32,
    /// Days in the horizon (1 to 7).
    pub days: u32,
}

impl Calendar {
    /// The date of day `d` (0-based; may lie after the horizon, up to 8).
    pub fn date(&self, d: u32) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day + d.min(8))
    }

    /// The date `k` days before the horizon (1 to 3; every start lies after the 3rd of its month).
    pub fn before(&self, k: u32) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day - k.clamp(1, 3))
    }

    /// `YYYY-MM-DDTHH:MM` of day `d` at `minute` minutes after midnight
    /// (below 24 hours).
    pub fn at(&self, d: u32, minute: u32) -> String {
        let minute = minute.min(24 * 60 - 1);
        format!("{}T{:02}:{:02}", self.date(d), minute / 60, minute % 60)
    }
}

/// True with probability `num / den`, false once the input is used up (where
/// `Unstructured::ratio` would say true), so that short inputs give plain
/// problems rather than every option at once.
pub fn maybe(u: &mut Unstructured, num: u8, den: u8) -> bool {
    !u.is_empty() && u.ratio(num, den).unwrap_or(false)
}

fn clock(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// A minute of the day: an hour in `hours` and a minute from a short list.
fn time_of_day(u: &mut Unstructured, hours: std::ops::RangeInclusive<u32>) -> Result<u32> {
    Ok(u.int_in_range(hours)? * 60 + *u.choose(&MINUTES)?)
}

/// A non-empty subset of `items`, in an order chosen by the input.
fn subset<'a>(u: &mut Unstructured, items: &[&'a str], max: usize) -> Result<Vec<&'a str>> {
    let n = u.int_in_range(1..=max.min(items.len()))?;
    let mut pool: Vec<&str> = items.to_vec();
    let mut out = Vec::new();
    for _ in 0..n {
        let i = u.choose_index(pool.len())?;
        out.push(pool.remove(i));
    }
    Ok(out)
}

/// A weekly or one-off time rule, `from` before `to` (at most 24:00).
fn rule(u: &mut Unstructured, cal: &Calendar) -> Result<Value> {
    let from = time_of_day(u, 0..=20)?;
    let to = (from + 30 * u.int_in_range(1..=20u32)?).min(24 * 60);
    let mut r = json!({"from": clock(from), "to": clock(to)});
    if maybe(u, 1, 5) {
        r["date"] = json!(cal.date(u.int_in_range(0..=cal.days)?));
    } else {
        r["days"] = json!(subset(u, &DAYS, 7)?);
    }
    Ok(r)
}

fn optional_weights(u: &mut Unstructured) -> Result<Option<Value>> {
    if !maybe(u, 1, 4) {
        return Ok(None);
    }
    let mut w = Map::new();
    let keys = [
        "travel",
        "language_rank",
        "modality_rank",
        "continuity",
        "preferred_mediator",
        "delay",
        "change",
        "fairness",
        "series",
    ];
    for key in keys {
        if maybe(u, 1, 2) {
            w.insert(key.into(), json!(*u.choose(&WEIGHTS)?));
        }
    }
    if maybe(u, 1, 2) {
        let mut un = Map::new();
        for p in PRIORITIES {
            if maybe(u, 1, 2) {
                un.insert(p.into(), json!(*u.choose(&WEIGHTS)?));
            }
        }
        w.insert("unassigned".into(), Value::Object(un));
    }
    Ok(Some(Value::Object(w)))
}

/// A small problem decoded from the input, as a `ponte-problem/1` document.
/// Most are valid; some are not (a lock that cannot be kept, a rule in the
/// spring DST gap), which the validator must refuse without panicking.
/// A break rule (format 1.1): `after_minutes` 30 to 480, `break_minutes` 5
/// to 60, rarely 0 (an input error).
fn break_rule(u: &mut Unstructured) -> Result<Value> {
    let after = if maybe(u, 1, 12) { 0 } else { u.int_in_range(30..=480i64)? };
    Ok(json!({"after_minutes": after, "break_minutes": u.int_in_range(5..=60i64)?}))
}

pub fn small_problem(u: &mut Unstructured) -> Result<Value> {
    let (year, month, day) = *u.choose(&STARTS)?;
    let cal = Calendar { year, month, day, days: u.int_in_range(1..=7)? };
    let towns = u.int_in_range(1..=3usize)?;
    let municipalities: Vec<Value> = (0..towns)
        .map(|t| json!({"id": format!("t{t}"), "location": {"lat": 45.30 + 0.02 * t as f64, "lon": 9.10 + 0.03 * t as f64}}))
        .collect();
    let mut doc = json!({
        "format": "ponte-problem/1",
        "network": {
            "timezone": *u.choose(&["Europe/Rome", "Europe/Rome", "UTC", "America/New_York"])?,
            "slot_minutes": *u.choose(&[15i64, 5, 10, 20, 30, 60])?,
            "holidays": *u.choose(&["IT", "none"])?,
        },
        "horizon": {"start": cal.date(0), "end": cal.date(cal.days - 1)},
        "municipalities": municipalities,
    });
    if maybe(u, 1, 6) {
        doc["network"]["closed"] = json!([cal.date(u.int_in_range(0..=cal.days)?)]);
    }
    // Format 1.1: a break rule for the network (rule 9), rarely 0 (an input error).
    if maybe(u, 1, 4) {
        doc["network"]["breaks"] = break_rule(u)?;
    }
    if maybe(u, 1, 3) {
        let mut travel = json!({"intra_municipality_minutes": u.int_in_range(0..=20i64)?});
        if towns > 1 && maybe(u, 1, 2) {
            travel["minutes"] = json!({"t0": {"t1": u.int_in_range(0..=90i64)?}});
        }
        if maybe(u, 1, 3) {
            travel["speed_kmh"] = json!(*u.choose(&[5.0f64, 30.0, 50.5])?);
            travel["road_factor"] = json!(*u.choose(&[1.0f64, 1.3, 2.25])?);
        }
        doc["travel"] = travel;
    }

    let n_offices = u.int_in_range(1..=3usize)?;
    let mut offices = Vec::new();
    for o in 0..n_offices {
        let mut opening = vec![rule(u, &cal)?];
        if maybe(u, 1, 3) {
            opening.push(rule(u, &cal)?);
        }
        let mut office =
            json!({"id": format!("o{o}"), "municipality": format!("t{}", u.choose_index(towns)?), "opening": opening});
        if maybe(u, 1, 3) {
            office["capacity"] = json!(u.int_in_range(1..=3i64)?);
        }
        if maybe(u, 1, 8) {
            office["closed"] = json!([cal.date(u.int_in_range(0..=cal.days)?)]);
        }
        offices.push(office);
    }
    doc["offices"] = json!(offices);

    let n_mediators = u.int_in_range(1..=4usize)?;
    let mut mediators = Vec::new();
    for i in 0..n_mediators {
        let languages: Vec<Value> = subset(u, &LANGUAGES, 3)?
            .into_iter()
            .map(|code| Ok(json!({"code": code, "level": *u.choose(&LEVELS)?})))
            .collect::<Result<_>>()?;
        let mut availability = vec![rule(u, &cal)?];
        if maybe(u, 1, 3) {
            availability.push(rule(u, &cal)?);
        }
        let mut m = json!({
            "id": format!("m{i}"), "home": format!("t{}", u.choose_index(towns)?),
            "languages": languages, "availability": availability,
        });
        if maybe(u, 2, 3) {
            m["modalities"] = json!(subset(u, &MODALITIES, 3)?);
        }
        if maybe(u, 1, 3) {
            m["gender"] = json!(*u.choose(&["f", "m"])?);
        }
        if maybe(u, 1, 4) {
            m["skills"] = json!(["health"]);
        }
        if maybe(u, 1, 4) {
            let d = u.int_in_range(0..=cal.days)?;
            let from = time_of_day(u, 0..=22)?;
            let to_day = d + u.int_in_range(0..=1)?;
            let to = if to_day == d { (from + 30 * u.int_in_range(1..=8u32)?).min(24 * 60 - 1) } else { 0 };
            m["absences"] = json!([{"from": cal.at(d, from), "to": cal.at(to_day, to)}]);
        }
        if maybe(u, 1, 4) {
            m["max_minutes_per_day"] = json!(u.int_in_range(0..=600i64)?);
        }
        if maybe(u, 1, 5) {
            m["max_minutes_per_week"] = json!(u.int_in_range(0..=1500i64)?);
        }
        // Format 1.1: a share of the hours; minutes worked before the horizon
        // (rarely on its first day, which is an input error).
        if maybe(u, 1, 4) {
            m["fair_share"] = json!(u.int_in_range(1..=40i64)?);
        }
        if maybe(u, 1, 5) {
            let date = if maybe(u, 1, 10) { cal.date(0) } else { cal.before(u.int_in_range(1..=3)?) };
            m["worked"] = json!([{"date": date, "minutes": u.int_in_range(0..=480i64)?}]);
        }
        if maybe(u, 1, 6) {
            m["breaks"] = break_rule(u)?;
        }
        mediators.push(m);
    }
    doc["mediators"] = json!(mediators);

    let n_requests = u.int_in_range(0..=10usize)?;
    let mut requests = Vec::new();
    for i in 0..n_requests {
        let duration = if maybe(u, 1, 6) { u.int_in_range(1..=300i64)? } else { *u.choose(&DURATIONS)? };
        let mut r = json!({
            "id": format!("r{i}"), "office": format!("o{}", u.choose_index(n_offices)?),
            "languages": subset(u, &LANGUAGES, 2)?, "duration_minutes": duration,
        });
        let d = u.int_in_range(0..=cal.days)?;
        let t = time_of_day(u, 6..=19)?;
        if maybe(u, 1, 3) {
            r["start"] = json!(cal.at(d, t));
        } else {
            let span = duration as u32 + 15 * u.int_in_range(0..=60u32)?;
            let end = d * 24 * 60 + t + span;
            let (end_day, end_minute) = (end / (24 * 60), end % (24 * 60));
            if maybe(u, 1, 4) {
                // Format 1.1: the same window on two days.
                let next = (end_day + 1, end_minute);
                r["windows"] = json!([
                    {"earliest": cal.at(d, t), "latest": cal.at(end_day, end_minute)},
                    {"earliest": cal.at(d + 1, t), "latest": cal.at(next.0, next.1)},
                ]);
            } else {
                r["earliest"] = json!(cal.at(d, t));
                r["latest"] = json!(cal.at(end_day, end_minute));
            }
        }
        if maybe(u, 1, 4) {
            r["series"] = json!(format!("series-{}", u.int_in_range(0..=1)?));
        }
        if maybe(u, 1, 2) {
            r["modalities"] = json!(subset(u, &MODALITIES, 3)?);
        }
        if maybe(u, 1, 2) {
            r["priority"] = json!(*u.choose(&PRIORITIES)?);
        }
        if maybe(u, 1, 4) {
            r["min_level"] = json!(*u.choose(&LEVELS)?);
        }
        if maybe(u, 1, 3) {
            r["case"] = json!(format!("case-{}", u.int_in_range(0..=2)?));
        }
        if maybe(u, 1, 4) {
            r["preferred_mediator"] = json!(format!("m{}", u.choose_index(n_mediators)?));
        }
        if maybe(u, 1, 8) {
            r["skills"] = json!(["health"]);
        }
        if maybe(u, 1, 8) {
            r["mediator_gender"] = json!(*u.choose(&["f", "m"])?);
        }
        if maybe(u, 1, 5) {
            let start = cal.at(u.int_in_range(0..=cal.days)?, time_of_day(u, 7..=18)?);
            r["previous"] = json!({"mediator": format!("m{}", u.choose_index(n_mediators)?), "start": start});
            // Rarely: a lock on an arbitrary previous start is mostly impossible (an invalid problem).
            if maybe(u, 1, 10) {
                r["locked"] = json!(true);
            }
        }
        if maybe(u, 1, 5) {
            with_roles(u, &mut r, n_mediators)?;
        }
        requests.push(r);
    }
    doc["requests"] = json!(requests);

    if maybe(u, 1, 3) {
        let sessions: Vec<Value> = (0..u.int_in_range(1..=2)?)
            .map(|s| {
                Ok(json!({"id": format!("s{s}"), "start": cal.at(u.int_in_range(0..=cal.days)?, time_of_day(u, 8..=18)?),
                          "duration_minutes": *u.choose(&[60i64, 90, 120])?}))
            })
            .collect::<Result<_>>()?;
        let mut w = json!({"id": "w0", "office": format!("o{}", u.choose_index(n_offices)?),
                           "languages": subset(u, &LANGUAGES, 2)?, "sessions": sessions});
        if maybe(u, 1, 2) {
            w["priority"] = json!(*u.choose(&PRIORITIES)?);
        }
        if maybe(u, 1, 4) {
            w["min_level"] = json!(*u.choose(&LEVELS)?);
        }
        doc["workshops"] = json!([w]);
    }
    if let Some(w) = optional_weights(u)? {
        doc["weights"] = w;
    }
    Ok(doc)
}

/// Format 1.1: the request needs several mediators at once. Its languages,
/// level, skills and gender move to 2 or 3 roles (rarely 1, or kept on the
/// request: input errors); a `previous` names one mediator per role
/// (sometimes the same twice, or one too few: input errors too).
fn with_roles(u: &mut Unstructured, r: &mut Value, n_mediators: usize) -> Result<()> {
    let count = if maybe(u, 1, 12) { 1 } else { u.int_in_range(2..=3usize)? };
    let mut roles = Vec::with_capacity(count);
    for _ in 0..count {
        let mut role = json!({"languages": subset(u, &LANGUAGES, 2)?});
        if maybe(u, 1, 4) {
            role["min_level"] = json!(*u.choose(&LEVELS)?);
        }
        if maybe(u, 1, 6) {
            role["skills"] = json!(["health"]);
        }
        if maybe(u, 1, 6) {
            role["mediator_gender"] = json!(*u.choose(&["f", "m"])?);
        }
        roles.push(role);
    }
    r["roles"] = json!(roles);
    if let Some(object) = r.as_object_mut() {
        if !maybe(u, 1, 12) {
            for key in ["languages", "min_level", "skills", "mediator_gender"] {
                object.remove(key);
            }
        }
    }
    if let Some(start) = r.get("previous").and_then(|p| p.get("start")).cloned() {
        let first = u.choose_index(n_mediators.max(1))?;
        let mut mediators: Vec<String> = (0..count).map(|k| format!("m{}", (first + k) % n_mediators.max(1))).collect();
        if maybe(u, 1, 8) {
            mediators.pop();
        }
        r["previous"] = json!({"start": start, "mediators": mediators});
    }
    Ok(())
}

/// Splits an input that starts with `{` into its leading JSON document and
/// the bytes after it; `None` when it does not start with one.
pub fn split_json(data: &[u8]) -> Option<(&[u8], &[u8])> {
    if data.first() != Some(&b'{') {
        return None;
    }
    let mut stream = serde_json::Deserializer::from_slice(data).into_iter::<serde::de::IgnoredAny>();
    match stream.next() {
        Some(Ok(_)) => {
            let end = stream.byte_offset();
            Some((&data[..end], &data[end..]))
        }
        _ => None,
    }
}

/// Where the problem of an input came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A JSON document at the start of the input.
    Json,
    /// Decoded from the input's bytes.
    Decoded,
}

/// The problem of an input and the bytes left for the rest, or `None` when
/// the input gives no valid problem of a size the target takes.
pub fn problem_of(data: &[u8]) -> Option<(Problem, Source, &[u8])> {
    if let Some((json, rest)) = split_json(data) {
        let problem = Problem::from_json_bytes(json).ok()?;
        let days = (problem.horizon_end() - problem.horizon_start()).num_days() + 1;
        if problem.requests().len() > MAX_JSON_REQUESTS
            || problem.mediators().len() > MAX_JSON_MEDIATORS
            || days > MAX_JSON_DAYS
        {
            return None;
        }
        return Some((problem, Source::Json, rest));
    }
    let mut u = Unstructured::new(data);
    let doc = small_problem(&mut u).ok()?;
    let used = data.len() - u.len();
    let text = serde_json::to_string(&doc).expect("a generated document is JSON");
    let problem = Problem::from_json_str(&text).ok()?;
    Some((problem, Source::Decoded, &data[used..]))
}

/// Asserts that `plan` passes Ponte's own evaluation for `problem`: no
/// violation at all (feasible, complete, right reasons) and a claimed cost
/// equal to the recomputed one.
pub fn assert_plan_ok(problem: &Problem, plan: &SolutionDoc, what: &str) {
    let evaluation = evaluate_doc(problem, plan);
    assert!(
        evaluation.feasible(),
        "{what}: hard or format violations: {:?}\nproblem: {}\nplan: {}",
        evaluation.violations,
        problem.to_json_string(),
        serde_json::to_string(plan).unwrap_or_default()
    );
    assert_eq!(
        evaluation.claimed_cost(),
        Some(evaluation.cost),
        "{what}: claimed cost differs from the recomputed one\nproblem: {}\nplan: {}",
        problem.to_json_string(),
        serde_json::to_string(plan).unwrap_or_default()
    );
    assert!(
        evaluation.ok(),
        "{what}: violations: {:?}\nproblem: {}\nplan: {}",
        evaluation.violations,
        problem.to_json_string(),
        serde_json::to_string(plan).unwrap_or_default()
    );
}

/// Asserts that a refusal is a typed error: a stable upper-case code and
/// at least one detail.
pub fn assert_typed(error: &PonteError, what: &str) {
    let code = error.code();
    assert!(
        !code.is_empty() && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
        "{what}: refusal without a stable code: {error:?}"
    );
    assert!(!error.errors().is_empty(), "{what}: refusal without details: {error:?}");
}
