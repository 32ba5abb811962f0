//! Conformance of problem validation with the independent checker.
//!
//! `ponte-gen` builds instances (sizes xs, s and m, several seeds, starts
//! across the spring and autumn DST changes, a 20-minute slot grid, many
//! replanned and locked requests); each must be valid for Ponte and for
//! `ponte-check --validate --json`. Each is then mutated in many ways the
//! generator never makes (required fields dropped, wrong types, bad ids and
//! references, repeated ids, keys and values, bad dates and times, local
//! times in the DST gap, unknown fields, broken rules and windows, travel
//! matrix errors, missing locations, locked requests that cannot be kept
//! or that conflict, fixed engagements over capacity...), the mutants are
//! written to a scratch folder and read by the checker's module in one
//! batch process, and Ponte must report exactly the same set of (code,
//! path) for every one.
//!
//! `documented_differences_from_the_checker` runs the few inputs where
//! Ponte deliberately reads differently (see the validator's report) and
//! asserts Ponte's side, printing the checker's.
//!
//! Skipped, with a notice, when the shared tools are not beside the
//! repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ponte::validate::validate_str;
use ponte::Problem;
use ponte_suite::{scratch_dir, shared_tools, SharedTools};
use serde_json::{json, Value};

/// (size, seed, extra generator arguments, mutants made from it).
const INSTANCES: &[(&str, u64, &[&str], usize)] = &[
    ("xs", 1, &[], 60),
    ("xs", 2, &["--replan", "0.4"], 60),
    ("xs", 3, &["--start", "2026-03-23"], 50),
    ("xs", 4, &["--start", "2026-10-19", "--replan", "0.3"], 50),
    ("s", 1, &[], 40),
    ("s", 2, &["--slot-minutes", "20", "--replan", "0.3"], 40),
    ("s", 3, &["--start", "2026-03-23", "--slot-minutes", "20"], 30),
    ("s", 4, &["--start", "2026-10-19"], 30),
    ("m", 1, &[], 12),
    ("m", 2, &["--start", "2026-03-23", "--replan", "0.2"], 12),
    // 1.1 features, one at a time, then all together.
    ("xs", 5, &["--fair-shares"], 60),
    ("s", 5, &["--fair-shares", "--replan", "0.2"], 40),
    ("xs", 6, &["--start", "2026-04-29", "--worked", "--replan", "0.4"], 60),
    ("s", 6, &["--start", "2026-04-30", "--worked", "--fair-shares", "--replan", "0.3"], 40),
    ("xs", 7, &["--series", "0.4", "--replan", "0.3"], 60),
    ("xs", 8, &["--windows", "0.6", "--replan", "0.4"], 60),
    ("s", 8, &["--windows", "0.4", "--start", "2026-03-23"], 40),
    ("xs", 9, &["--breaks", "--replan", "0.4"], 120),
    ("s", 9, &["--breaks", "--worked", "--replan", "0.3"], 50),
    ("xs", 9, &["--roles", "0.3", "--replan", "0.4"], 90),
    ("s", 9, &["--roles", "0.1", "--replan", "0.3", "--windows", "0.2"], 40),
    ("s", 8, &["--breaks", "--roles", "0.1", "--fair-shares", "--series", "0.1", "--worked", "--windows", "0.2"], 40),
];

use ponte_suite::SplitMix as Rng;

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

type Route = Vec<Seg>;

fn all_paths(value: &Value, prefix: &mut Route, out: &mut Vec<Route>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(Seg::Key(k.clone()));
                out.push(prefix.clone());
                all_paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(Seg::Index(i));
                out.push(prefix.clone());
                all_paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn paths_of(value: &Value) -> Vec<Route> {
    let mut out = Vec::new();
    all_paths(value, &mut Vec::new(), &mut out);
    out
}

fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.as_object_mut()?.get_mut(k),
        Seg::Index(i) => v.as_array_mut()?.get_mut(*i),
    })
}

fn remove_at(value: &mut Value, path: &[Seg]) {
    let Some((last, parent)) = path.split_last() else { return };
    match (get_mut(value, parent), last) {
        (Some(Value::Object(map)), Seg::Key(k)) => {
            map.remove(k);
        }
        (Some(Value::Array(items)), Seg::Index(i)) if *i < items.len() => {
            items.remove(*i);
        }
        _ => {}
    }
}

/// Objects of a top-level list.
fn items<'a>(doc: &'a mut Value, list: &str) -> Vec<&'a mut Value> {
    match doc.get_mut(list) {
        Some(Value::Array(items)) => items.iter_mut().filter(|v| v.is_object()).collect(),
        _ => Vec::new(),
    }
}

fn ids(doc: &Value, list: &str) -> Vec<String> {
    doc.get(list)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(|i| i.get("id")?.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

const KINDS: usize = 30;

/// Applies mutation `kind`; a text-level change (a repeated key) is returned as `true`.
fn mutate(doc: &mut Value, kind: usize, rng: &mut Rng) -> bool {
    let wrong =
        [json!(null), json!(1), json!(-3), json!(1.5), json!("x"), json!(""), json!([]), json!({}), json!(true)];
    let day0 = doc.pointer("/horizon/start").and_then(Value::as_str).unwrap_or("2026-12-07").to_string();
    match kind {
        // A field or item dropped anywhere.
        0 | 1 => {
            let paths = paths_of(doc);
            if let Some(p) = rng.pick(&paths) {
                remove_at(doc, p);
            }
        }
        // A value of the wrong type anywhere.
        2 | 3 => {
            let paths = paths_of(doc);
            if let Some(p) = rng.pick(&paths).cloned() {
                if let Some(v) = get_mut(doc, &p) {
                    *v = rng.pick(&wrong).cloned().unwrap_or_default();
                }
            }
        }
        // An item repeated: a duplicate id.
        4 => {
            let list =
                *rng.pick(&["municipalities", "offices", "mediators", "requests", "workshops"]).unwrap_or(&"offices");
            if let Some(Value::Array(list)) = doc.get_mut(list) {
                if let Some(item) = rng.pick(list).cloned() {
                    list.push(item);
                }
            }
        }
        // A string replaced by a bad or surprising one.
        5 => {
            let texts = [
                "",
                "x",
                "2026-13-01",
                "25:00",
                "24:00",
                "9:00",
                "2026-02-30T10:00",
                "AR",
                "ar-",
                "monday",
                "IT",
                "none",
                "video",
                "urgent",
                "native",
                "2026-12-07",
                "12:00",
                "0000-01-01",
                "2026-12-07T09:00",
            ];
            let long = "x".repeat(65);
            let ids_only = rng.chance(0.25);
            let paths: Vec<Route> = paths_of(doc)
                .into_iter()
                .filter(|p| get_mut(doc, p).is_some_and(|v| v.is_string()))
                .filter(|p| !ids_only || p.last() == Some(&Seg::Key("id".to_string())))
                .collect();
            if let Some(p) = rng.pick(&paths).cloned() {
                let text = if ids_only || rng.chance(0.1) {
                    [long.as_str(), "", "r-001"][rng.below(3)]
                } else {
                    rng.pick(&texts).copied().unwrap_or("")
                };
                *get_mut(doc, &p).expect("path") = json!(text);
            }
        }
        // An unknown field (typos of real ones, odd keys).
        6 => {
            let paths: Vec<Route> = std::iter::once(Vec::new())
                .chain(paths_of(doc))
                .filter(|p| get_mut(doc, p).is_some_and(|v| v.is_object()))
                .collect();
            let keys = [
                "colour",
                "nmae",
                "idd",
                "languages",
                "opning",
                "capacty",
                "a b",
                "x\"y",
                "lockd",
                "durations",
                "start",
            ];
            if let Some(p) = rng.pick(&paths).cloned() {
                let key = rng.pick(&keys).copied().unwrap_or("colour");
                if let Some(Value::Object(map)) = get_mut(doc, &p) {
                    map.insert(key.to_string(), json!(1));
                }
            }
        }
        // A reference to nothing (or to an id of another list).
        7 => {
            let paths: Vec<Route> = paths_of(doc)
                .into_iter()
                .filter(|p| {
                    matches!(p.last(), Some(Seg::Key(k)) if ["office", "municipality", "home", "mediator", "preferred_mediator"].contains(&k.as_str()))
                        && get_mut(doc, p).is_some_and(|v| v.is_string())
                })
                .collect();
            if let Some(p) = rng.pick(&paths).cloned() {
                let other = ids(doc, "municipalities").first().cloned().unwrap_or_default();
                *get_mut(doc, &p).expect("path") = json!(if rng.chance(0.5) { "nowhere".to_string() } else { other });
            }
        }
        // Requests locked, some to a new previous assignment.
        8 | 9 => {
            let mediators = ids(doc, "mediators");
            let n = rng.below(6) + 1;
            let mut requests = items(doc, "requests");
            for _ in 0..n {
                let len = requests.len();
                let Some(r) = requests.get_mut(rng.below(len)) else { break };
                if r.get("previous").is_none() || rng.chance(0.3) {
                    let start =
                        r.get("start").or_else(|| r.get("earliest")).cloned().unwrap_or(json!("2026-12-07T09:00"));
                    if let Some(m) = rng.pick(&mediators) {
                        r["previous"] = json!({"mediator": m, "start": start});
                    }
                }
                r["locked"] = json!(true);
            }
        }
        // Small capacities and a session repeated.
        10 => {
            for o in items(doc, "offices") {
                if rng.chance(0.3) {
                    o["capacity"] = json!([0, 1, 1, 2][rng.below(4)]);
                }
            }
            if let Some(Value::Array(sessions)) = doc.pointer_mut("/workshops/0/sessions") {
                if let Some(first) = sessions.first().cloned() {
                    let mut twin = first;
                    twin["id"] = json!("twin");
                    sessions.push(twin);
                }
            }
        }
        // Local date-times: malformed, or in a DST gap, or the autumn repeat.
        11 | 12 => {
            let gaps =
                ["2026-03-29T02:30", "2026-03-29T02:00", "2026-10-25T02:30", "2026-03-08T02:30", "2026-03-29T03:00"];
            let bad =
                ["2026-12-07T25:00", "2026-12-07 09:00", "2026-12-07T09:00:00", "2027-01-01T00:00", "2026-12-13T23:59"];
            let paths: Vec<Route> = paths_of(doc)
                .into_iter()
                .filter(|p| {
                    get_mut(doc, p)
                        .and_then(|v| v.as_str().map(|s| s.len() == 16 && &s[10..11] == "T"))
                        .unwrap_or(false)
                })
                .collect();
            for _ in 0..3 {
                if let Some(p) = rng.pick(&paths).cloned() {
                    let text = if kind == 11 { rng.pick(&gaps) } else { rng.pick(&bad) }.copied().unwrap_or("");
                    *get_mut(doc, &p).expect("path") = json!(text);
                }
            }
        }
        // Travel matrix: to itself, asymmetric, unknown municipality.
        13 => {
            let towns = ids(doc, "municipalities");
            if towns.len() >= 2 {
                let (a, b) = (towns[rng.below(towns.len())].clone(), towns[rng.below(towns.len())].clone());
                if !doc.get("travel").is_some_and(Value::is_object) {
                    doc["travel"] = json!({});
                }
                let minutes = doc["travel"].as_object_mut().expect("travel").entry("minutes").or_insert(json!({}));
                if let Value::Object(rows) = minutes {
                    let row = rows.entry(a.clone()).or_insert(json!({}));
                    row[b.as_str()] = json!(5);
                    let back = rows.entry(b.clone()).or_insert(json!({}));
                    back[a.as_str()] = json!([5, 7][rng.below(2)]);
                    if rng.chance(0.3) {
                        rows.insert("ghost".to_string(), json!({ a: 3 }));
                    }
                }
            }
        }
        // Another zone (or none that exists).
        14 => {
            let zones = [
                "America/New_York",
                "Europe/Roma",
                "UTC",
                "Europe/London",
                "Asia/Kolkata",
                "europe/rome",
                "Australia/Lord_Howe",
            ];
            if !doc.get("network").is_some_and(Value::is_object) {
                doc["network"] = json!({});
            }
            doc["network"]["timezone"] = json!(rng.pick(&zones).copied().unwrap_or("UTC"));
        }
        // Horizon: reversed, across a DST change, incomplete.
        15 => {
            let horizons = [
                json!({"start": "2026-12-13", "end": "2026-12-07"}),
                json!({"start": "2026-03-28", "end": "2026-03-30"}),
                json!({"start": "2026-10-24", "end": "2026-10-26"}),
                json!({"start": "2026-12-07"}),
                json!({"start": day0.clone(), "end": day0.clone(), "x": 1}),
            ];
            doc["horizon"] = rng.pick(&horizons).cloned().unwrap_or_default();
        }
        // Integers: negative, zero, written with a fraction, off the slot choices.
        16 => {
            let paths: Vec<Route> =
                paths_of(doc).into_iter().filter(|p| get_mut(doc, p).is_some_and(|v| v.is_i64())).collect();
            if let Some(p) = rng.pick(&paths).cloned() {
                *get_mut(doc, &p).expect("path") =
                    [json!(-1), json!(0), json!(15.0), json!(7), json!(9_007_199_254_740_991i64)][rng.below(5)].clone();
            }
        }
        // Windows: too short, both start and window, half a window, nothing.
        17 => {
            let case = rng.below(5);
            let mut requests = items(doc, "requests");
            let len = requests.len();
            if let Some(r) = requests.get_mut(rng.below(len)) {
                let r = r.as_object_mut().expect("object");
                match case {
                    0 => {
                        r.remove("start");
                        r.insert("earliest".into(), json!(format!("{day0}T09:00")));
                        r.insert("latest".into(), json!(format!("{day0}T09:30")));
                        r.insert("duration_minutes".into(), json!(60));
                    }
                    1 => {
                        r.insert("start".into(), json!(format!("{day0}T09:00")));
                        r.insert("earliest".into(), json!(format!("{day0}T09:00")));
                    }
                    2 => {
                        r.remove("earliest");
                        r.remove("start");
                    }
                    3 => {
                        r.remove("latest");
                        r.remove("start");
                    }
                    _ => {
                        for key in ["start", "earliest", "latest"] {
                            r.remove(key);
                        }
                    }
                }
            }
        }
        // Previous starts moved (off the grid, closed, outside the window) and locked.
        18 => {
            let starts = [
                format!("{day0}T09:07"),
                format!("{day0}T20:00"),
                "2026-12-31T09:00".to_string(),
                "2026-03-29T02:15".to_string(),
            ];
            for r in
                items(doc, "requests").into_iter().filter(|r| r.get("previous").is_some_and(Value::is_object)).take(4)
            {
                if rng.chance(0.7) {
                    r["previous"]["start"] = json!(rng.pick(&starts).cloned().unwrap_or_default());
                }
                r["locked"] = json!(true);
            }
        }
        // Closed dates repeated and malformed; rules broken.
        19 => {
            if !doc.get("network").is_some_and(Value::is_object) {
                doc["network"] = json!({});
            }
            doc["network"]["closed"] = json!(["2026-12-08", "2026-12-08", "2026-02-30", 5]);
        }
        20 => {
            let rules = [
                json!({"days": ["mon", "mon"], "from": "09:00", "to": "08:00"}),
                json!({"days": [], "date": "2026-12-07", "from": "09:00", "to": "10:00"}),
                json!({"from": "09:00", "to": "10:00"}),
                json!({"days": ["sun"], "from": "02:00", "to": "03:30"}),
                json!({"date": "2026-03-29", "from": "02:30", "to": "24:00"}),
                json!({"days": ["xyz"], "from": "24:00", "to": "24:00"}),
                json!({"days": [], "from": "09:00", "to": "10:00"}),
            ];
            let list = if rng.chance(0.5) { "offices" } else { "mediators" };
            let key = if list == "offices" { "opening" } else { "availability" };
            let mut owners = items(doc, list);
            let len = owners.len();
            if let Some(Value::Array(rule_list)) = owners.get_mut(rng.below(len)).and_then(|o| o.get_mut(key)) {
                rule_list.push(rng.pick(&rules).cloned().unwrap_or_default());
            }
        }
        // Mediator languages: bad tag, bad level, repeated code, not an object.
        21 => {
            let mut mediators = items(doc, "mediators");
            let len = mediators.len();
            if let Some(Value::Array(langs)) = mediators.get_mut(rng.below(len)).and_then(|m| m.get_mut("languages")) {
                let first = langs.first().and_then(|l| l.get("code")).cloned().unwrap_or(json!("ar"));
                let extra = [
                    json!({"code": "AR", "level": "native"}),
                    json!({"code": first, "level": "expert"}),
                    json!("ar"),
                    json!({"code": "zh-hant"}),
                ];
                langs.push(rng.pick(&extra).cloned().unwrap_or_default());
            }
        }
        // A list emptied.
        22 => {
            let paths: Vec<Route> =
                paths_of(doc).into_iter().filter(|p| get_mut(doc, p).is_some_and(|v| v.is_array())).collect();
            if let Some(p) = rng.pick(&paths).cloned() {
                *get_mut(doc, &p).expect("path") = json!([]);
            }
        }
        // Sessions and weights broken.
        23 => {
            if let Some(w) = doc.pointer_mut("/workshops/0") {
                w["sessions"] = json!([{"id": "s", "start": format!("{day0}T10:00"), "duration_minutes": 60},
                                       {"id": "s", "start": "2026-03-29T02:30", "duration_minutes": 0}]);
            } else {
                let weights = [
                    json!({"unassigned": {"urgent": 5, "medium": 3}, "travel": -1}),
                    json!({"delay": 1.5}),
                    json!({"unassigned": 3}),
                    json!([]),
                    json!({"chnage": 1}),
                    json!({"fairness": -2}),
                    json!({"fairness": 20, "travel": 3}),
                ];
                doc["weights"] = rng.pick(&weights).cloned().unwrap_or_default();
            }
        }
        // Locked requests of one mediator, close together: overlaps, travel, daily and weekly maxima.
        24 | 25 => lock_together(doc, rng, &day0),
        // Minutes worked before the horizon (1.1): a mediator with locked
        // requests close to the weekly maximum, or a worked date that is wrong.
        27 => {
            let before = shift_date(&day0, -(1 + rng.below(3) as i64));
            let locked: Vec<String> = doc["requests"]
                .as_array()
                .map(|rs| {
                    rs.iter()
                        .filter(|r| r.get("locked") == Some(&json!(true)))
                        .filter_map(|r| r.pointer("/previous/mediator")?.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let chosen = rng.pick(&locked).cloned();
            let mut mediators = items(doc, "mediators");
            let len = mediators.len();
            let at = chosen
                .and_then(|id| mediators.iter().position(|m| m.get("id") == Some(&json!(id))))
                .unwrap_or_else(|| rng.below(len));
            if let Some(m) = mediators.get_mut(at) {
                m["max_minutes_per_week"] = json!([120, 240, 600][rng.below(3)]);
                m["worked"] = match rng.below(5) {
                    0 => json!([{"date": day0, "minutes": 60}]),
                    1 => json!([{"date": before, "minutes": 30}, {"date": before, "minutes": 30}]),
                    2 => json!([{"date": before, "minutes": -5}]),
                    _ => json!([{"date": before, "minutes": 60 * rng.below(9)}]),
                };
            }
        }
        // A request's several windows (1.1) broken: with a window or a start
        // besides, empty, overlapping, too short.
        28 => {
            let mut requests = items(doc, "requests");
            let with: Vec<usize> = (0..requests.len()).filter(|&i| requests[i].get("windows").is_some()).collect();
            let Some(&at) = rng.pick(&with) else { return false };
            let r = &mut requests[at];
            let first = r["windows"][0].clone();
            match rng.below(5) {
                0 => r["earliest"] = first["earliest"].clone(),
                1 => r["start"] = first["earliest"].clone(),
                2 => r["windows"] = json!([]),
                3 => r["windows"].as_array_mut().unwrap().push(first),
                _ => r["windows"][0]["latest"] = first["earliest"].clone(),
            }
        }
        // A request with roles (1.1) broken, or locked: per-role fields on
        // the request, too few roles, previous mediators miscounted or
        // repeated, `mediator` for `mediators` (and the other way round).
        // (Other instances draw the last kind below, as before roles.)
        29 if items(doc, "requests").iter().any(|r| r.get("roles").is_some()) => mutate_roles(doc, rng),
        // A mediator's share of hours (1.1) out of range, of the wrong type, or fine.
        26 => {
            let mut mediators = items(doc, "mediators");
            let len = mediators.len();
            if let Some(m) = mediators.get_mut(rng.below(len)) {
                let shares = [json!(0), json!(-4), json!(1.5), json!("20"), json!(38), json!(1)];
                m["fair_share"] = rng.pick(&shares).cloned().unwrap_or_default();
            }
        }
        // Break rules (1.1): the network's or a mediator's, wrong or fine; or
        // locked requests close together under a tight rule (LOCKED_IMPOSSIBLE
        // over after_minutes, LOCKED_CONFLICT for rule 9 alone and with rule 4).
        30 => {
            let rules = [
                json!({"after_minutes": 360, "break_minutes": 30}),
                json!({"after_minutes": 0, "break_minutes": 30}),
                json!({"after_minutes": 120, "break_minutes": -1}),
                json!({"after_minutes": 1.5, "break_minutes": 30}),
                json!({"after_minutes": 60}),
                json!({"after_minutes": 240, "break_minutes": 15, "pause": 5}),
                json!("360/30"),
                json!({"after_minutes": 90, "break_minutes": 30}),
            ];
            match rng.below(4) {
                0 => doc["network"]["breaks"] = rng.pick(&rules).cloned().unwrap_or_default(),
                1 => {
                    let rule = rng.pick(&rules).cloned().unwrap_or_default();
                    let mut mediators = items(doc, "mediators");
                    let len = mediators.len();
                    if let Some(m) = mediators.get_mut(rng.below(len)) {
                        m["breaks"] = rule;
                    }
                }
                2 => {
                    lock_together(doc, rng, &day0);
                    lock_travel_and_breaks(doc, rng, &day0);
                    let after = [90, 120, 150, 180][rng.below(4)];
                    let rest = [15, 30, 45][rng.below(3)];
                    doc["network"]["breaks"] = json!({"after_minutes": after, "break_minutes": rest});
                }
                _ => {
                    lock_together(doc, rng, &day0);
                    let after = [30, 45, 60, 90, 120, 150][rng.below(6)];
                    let rest = [15, 30, 45][rng.below(3)];
                    doc["network"]["breaks"] = json!({"after_minutes": after, "break_minutes": rest});
                }
            }
        }
        // Locations removed (and maybe the matrix); the format; locked without previous; a repeated key.
        _ => match rng.below(4) {
            0 => {
                let n = rng.below(3) + 1;
                let mut towns = items(doc, "municipalities");
                for _ in 0..n {
                    let len = towns.len();
                    if let Some(Value::Object(m)) = towns.get_mut(rng.below(len)).map(|m| &mut **m) {
                        m.remove("location");
                    }
                }
                if rng.chance(0.5) {
                    if let Some(Value::Object(t)) = doc.get_mut("travel") {
                        t.remove("minutes");
                    }
                }
            }
            1 => doc["format"] = [json!("ponte-problem/2"), json!("ponte-solution/1"), json!(1)][rng.below(3)].clone(),
            2 => {
                let mut requests = items(doc, "requests");
                let len = requests.len();
                if let Some(Value::Object(r)) = requests.get_mut(rng.below(len)).map(|r| &mut **r) {
                    r.insert("locked".into(), json!(true));
                    r.remove("previous");
                }
            }
            _ => return true,
        },
    }
    false
}

/// Several requests locked to one mediator, always available, at offices
/// open all day, one after the other with little or no time between.
fn lock_together(doc: &mut Value, rng: &mut Rng, day0: &str) {
    let offices = ids(doc, "offices");
    let count = items(doc, "mediators").len();
    let index = rng.below(count);
    let Some(m) = items(doc, "mediators").into_iter().nth(index) else { return };
    let id = m.get("id").cloned().unwrap_or(json!("m"));
    m["availability"] =
        json!([{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "from": "00:00", "to": "24:00"}]);
    if let Value::Object(map) = m {
        map.remove("absences");
    }
    m["modalities"] = if rng.chance(0.5) { json!(["in_person"]) } else { json!(["in_person", "phone", "video"]) };
    if rng.chance(0.5) {
        m["max_minutes_per_day"] = json!([60, 90, 120][rng.below(3)]);
    }
    if rng.chance(0.3) {
        m["max_minutes_per_week"] = json!([90, 150][rng.below(2)]);
    }
    let language = m.pointer("/languages/0/code").cloned().unwrap_or(json!("ar"));
    let capacity = rng.chance(0.3);
    for o in items(doc, "offices") {
        o["opening"] =
            json!([{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "from": "06:00", "to": "22:00"}]);
        if capacity {
            o["capacity"] = json!([1, 2][rng.below(2)]);
        }
    }
    let mut requests = items(doc, "requests");
    let n = (rng.below(4) + 2).min(requests.len());
    let mut minute = 8 * 60;
    for _ in 0..n {
        let len = requests.len();
        let Some(Value::Object(r)) = requests.get_mut(rng.below(len)).map(|r| &mut **r) else { continue };
        for key in ["start", "skills", "mediator_gender"] {
            r.remove(key);
        }
        r.insert("min_level".into(), json!("working"));
        r.insert("languages".into(), json!([language.clone()]));
        if let Some(office) = rng.pick(&offices) {
            r.insert("office".into(), json!(office));
        }
        r.insert("duration_minutes".into(), json!([30, 45, 60][rng.below(3)]));
        r.insert("earliest".into(), json!(format!("{day0}T06:00")));
        r.insert("latest".into(), json!(format!("{day0}T22:00")));
        r.insert(
            "modalities".into(),
            [json!(["in_person"]), json!(["in_person", "phone"]), json!(["phone"])][rng.below(3)].clone(),
        );
        minute += [0, 30, 60, 75, 90][rng.below(5)];
        let start = format!("{day0}T{:02}:{:02}", minute / 60, minute % 60);
        r.insert("previous".into(), json!({"mediator": id.clone(), "start": start}));
        r.insert("locked".into(), json!(true));
    }
}

/// After [`lock_together`], three of its locked requests in the pattern
/// where rules 4 and 9 pull apart (format 1.1): one only in person at an
/// office of one municipality, one in person or by phone at an office of
/// another soon after, one only in person there later. In person the second
/// leaves no time to travel (rule 4); by phone the travel between the other
/// two counts in both gaps (rule 9). Gaps, durations and the rule at random.
fn lock_travel_and_breaks(doc: &mut Value, rng: &mut Rng, day0: &str) {
    let towns: Vec<(String, String)> = items(doc, "offices")
        .iter()
        .filter_map(|o| Some((o.get("id")?.as_str()?.to_string(), o.get("municipality")?.as_str()?.to_string())))
        .collect();
    let Some((a, town)) = rng.pick(&towns).cloned() else { return };
    let others: Vec<&(String, String)> = towns.iter().filter(|(_, t)| *t != town).collect();
    let Some(b) = rng.pick(&others).map(|x| x.0.clone()) else { return };
    let mut chain: Vec<&mut Value> = items(doc, "requests")
        .into_iter()
        .filter(|r| r.get("locked") == Some(&json!(true)) && r.get("earliest") == Some(&json!(format!("{day0}T06:00"))))
        .collect();
    if chain.len() < 3 {
        return;
    }
    let Some(id) = chain[0].pointer("/previous/mediator").cloned() else { return };
    let first_end = 9 * 60 + 60;
    let second = first_end + [0, 5, 10, 15, 20, 30][rng.below(6)];
    let third = second + 30 + [15, 30, 45, 60, 90][rng.below(5)];
    let plan = [
        (a.as_str(), json!(["in_person"]), 9 * 60, 60),
        (b.as_str(), json!(["in_person", "phone"]), second, 30),
        (b.as_str(), json!(["in_person"]), third, 30),
    ];
    for r in chain.iter_mut().skip(3) {
        r["locked"] = json!(false); // only the pattern stays locked
    }
    for (r, (office, modalities, start, minutes)) in chain.iter_mut().zip(plan) {
        r["office"] = json!(office);
        r["modalities"] = modalities;
        r["duration_minutes"] = json!(minutes);
        r["previous"] = json!({"mediator": id, "start": format!("{day0}T{:02}:{:02}", start / 60, start % 60)});
    }
    for m in items(doc, "mediators") {
        if m.get("id") == Some(&id) {
            m["modalities"] = json!(["in_person", "phone", "video"]);
        }
    }
}

/// Repeats the first `"id": ` key found after a random point of the text.
fn repeat_a_key(text: &str, rng: &mut Rng) -> String {
    let from = rng.below(text.len());
    let Some(found) = text[from..].find("\"id\":").map(|i| i + from) else { return text.to_string() };
    format!("{}\"id\": \"dup\", {}", &text[..found], &text[found..])
}

type Pairs = BTreeSet<(String, String)>;

fn ponte_pairs(bytes: &[u8]) -> Pairs {
    match Problem::from_json_bytes(bytes) {
        Ok(_) => Pairs::new(),
        Err(error) => error.errors().into_iter().map(|e| (e.code, e.path)).collect(),
    }
}

/// Reads every file with the checker's module in one process: per file its
/// (code, path) pairs, or `Err` with the exception it raised.
fn checker_pairs(tools: &SharedTools, files: &[PathBuf]) -> Vec<Result<Pairs, String>> {
    const SCRIPT: &str = r#"
import json, sys
sys.path.insert(0, sys.argv[1])
import ponte_spec as ps
for path in open(sys.argv[2], encoding="utf-8").read().splitlines():
    try:
        loaded = ps.load_problem_file(path)
        print(json.dumps({"errors": [[e.code, e.path] for e in loaded.errors]}))
    except Exception as exc:
        print(json.dumps({"crash": f"{type(exc).__name__}: {exc}"}))
"#;
    let tools_dir = tools.checker.parent().expect("tools dir");
    let list = files.first().and_then(|f| f.parent()).expect("a file").join("files.txt");
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    std::fs::write(&list, names.join("\n")).expect("write list");
    let out = Command::new("python3").arg("-c").arg(SCRIPT).arg(tools_dir).arg(&list).output().expect("run python3");
    assert!(out.status.success(), "checker batch failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let results: Vec<Result<Pairs, String>> = text
        .lines()
        .map(|line| {
            let report: Value = serde_json::from_str(line).expect("a JSON line");
            match report.get("crash").and_then(Value::as_str) {
                Some(crash) => Err(crash.to_string()),
                None => Ok(report["errors"]
                    .as_array()
                    .expect("errors")
                    .iter()
                    .map(|e| (e[0].as_str().unwrap_or("").to_string(), e[1].as_str().unwrap_or("").to_string()))
                    .collect()),
            }
        })
        .collect();
    assert_eq!(results.len(), files.len(), "one report per file");
    results
}

#[test]
fn generated_instances_and_their_mutants_match_the_checker() {
    let Some(tools) = shared_tools("validation conformance") else { return };
    let clock = Instant::now();
    let dir = scratch_dir("validation-conformance");
    // Generate and check the instances three at a time (each is a Python process or two).
    let bases: Vec<(String, Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = INSTANCES
            .chunks(3)
            .map(|chunk| {
                let (tools, dir) = (&tools, &dir);
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|&(size, seed, extra, _)| instance(tools, dir, size, seed, extra))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("instance thread")).collect()
    });
    let mut rng = Rng(0x005e_ed0f_9091);
    let mut files = Vec::new();
    for ((name, base), &(_, _, _, mutants)) in bases.iter().zip(INSTANCES) {
        for i in 0..mutants {
            let mut doc = base.clone();
            let mut repeat_key = false;
            for _ in 0..[1, 1, 1, 2, 3][rng.below(5)] {
                // Instances with roles get their own mutation half of the time.
                let kind = if name.contains("roles") && rng.chance(0.5) { 29 } else { rng.below(KINDS) };
                repeat_key |= mutate(&mut doc, kind, &mut rng);
            }
            // Break rules (kind 30) on the instances with breaks, which come last (the
            // other instances' mutants stay as they were).
            if name.contains("breaks") && rng.chance(0.6) {
                repeat_key |= mutate(&mut doc, 30, &mut rng);
            }
            let mut text = serde_json::to_string_pretty(&doc).expect("JSON");
            if repeat_key {
                text = repeat_a_key(&text, &mut rng);
            }
            let file = dir.join(format!("{name}-mutant{i:03}.json"));
            std::fs::write(&file, text).expect("write mutant");
            files.push(file);
        }
    }
    let generated = clock.elapsed();
    let expected = checker_pairs(&tools, &files);
    let mut mismatches = Vec::new();
    let mut crashes = Vec::new();
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let mut paths: BTreeSet<String> = BTreeSet::new();
    // Rule 7's errors about rule 9 (1.1), by code and whether rule 4 is in them.
    let mut rule9: BTreeMap<String, usize> = BTreeMap::new();
    for (file, expected) in files.iter().zip(expected) {
        let bytes = std::fs::read(file).expect("read mutant");
        let found = ponte_pairs(&bytes);
        if let Err(error) = Problem::from_json_bytes(&bytes) {
            for e in error.errors().into_iter().filter(|e| e.message.contains("(rule 9)")) {
                *rule9.entry(format!("{} {}", e.code, e.message.contains("(rule 4)"))).or_default() += 1;
            }
        }
        for (code, path) in &found {
            *codes.entry(code.clone()).or_default() += 1;
            paths.insert(path.clone());
        }
        match expected {
            Ok(expected) if expected == found => {}
            Ok(expected) => mismatches.push(describe(file, &expected, &found)),
            Err(crash) => crashes.push(format!("{}: {crash}", file.display())),
        }
    }
    eprintln!(
        "validation conformance: {} mutants of {} instances ({:.1?} to generate, {:.1?} in all); codes seen: {codes:?}",
        files.len(),
        INSTANCES.len(),
        generated,
        clock.elapsed()
    );
    eprintln!("rule 7's errors about breaks (code, with rule 4): {rule9:?}");
    for crash in &crashes {
        eprintln!("NOTE the checker crashed (not compared): {crash}");
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} mutants differ:\n{}",
        mismatches.len(),
        files.len(),
        mismatches.join("\n")
    );
    assert!(codes.len() >= 27, "too few error codes exercised: {codes:?}");
    // The input errors of the 1.1 fields Ponte reads (fair_share, worked, series, windows, breaks).
    for code in
        ["WORKED_NOT_BEFORE_HORIZON", "WINDOW_AND_WINDOWS", "WINDOWS_OVERLAP", "WINDOW_TOO_SHORT", "START_AND_WINDOW"]
    {
        assert!(codes.contains_key(code), "no mutant produced {code}; seen: {codes:?}");
    }
    for kind in ["LOCKED_IMPOSSIBLE false", "LOCKED_CONFLICT false", "LOCKED_CONFLICT true"] {
        assert!(rule9.contains_key(kind), "no mutant produced {kind} about rule 9; seen: {rule9:?}");
    }
    for code in ["NOT_WITH_ROLES", "ROLE_COUNT_MISMATCH", "LOCKED_IMPOSSIBLE"] {
        assert!(codes.contains_key(code), "no mutant produced {code}; seen: {codes:?}");
    }
    for fragment in [
        ".fair_share",
        ".worked[",
        ".series",
        ".windows",
        "network.breaks.",
        "].breaks",
        ".roles",
        ".previous.mediators[",
    ] {
        assert!(paths.iter().any(|p| p.contains(fragment)), "no error at a path with {fragment}");
    }
}

/// Mutation 29: a request with roles broken in one of the ways of section 6, or locked.
fn mutate_roles(doc: &mut Value, rng: &mut Rng) {
    let mediators = ids(doc, "mediators");
    let mut requests = items(doc, "requests");
    let with: Vec<usize> = (0..requests.len()).filter(|&i| requests[i].get("roles").is_some()).collect();
    let without: Vec<usize> = (0..requests.len()).filter(|&i| requests[i].get("roles").is_none()).collect();
    let pick_mediator = |rng: &mut Rng| rng.pick(&mediators).cloned().unwrap_or_default();
    let Some(&at) = rng.pick(&with) else { return };
    let r = &mut requests[at];
    let roles = r["roles"].as_array().map_or(0, Vec::len);
    let start = r.get("start").or_else(|| r.get("earliest")).cloned().unwrap_or(json!("2026-12-07T09:00"));
    match rng.below(10) {
        0 => {
            let key = ["languages", "min_level", "skills", "mediator_gender"][rng.below(4)];
            r[key] = [json!(["ar"]), json!("fluent"), json!(["health"]), json!("f")][rng.below(4)].clone();
        }
        1 => {
            r.as_object_mut().expect("object").remove("roles");
        }
        2 => r["roles"] = [json!([]), json!([{"languages": ["ar"]}])][rng.below(2)].clone(),
        3 => {
            let count = (roles + 2).saturating_sub(1 + rng.below(3));
            let mut list: Vec<String> = (0..count).map(|_| pick_mediator(rng)).collect();
            list.dedup();
            r["previous"] = json!({"start": start, "mediators": list});
        }
        4 => {
            let m = pick_mediator(rng);
            r["previous"] = json!({"start": start, "mediators": vec![m; roles]});
        }
        5 => r["previous"] = json!({"start": start, "mediator": pick_mediator(rng)}),
        6 if roles > 0 => {
            let role = rng.below(roles);
            r["roles"][role] = [
                json!({"languages": []}),
                json!({"languages": ["ar"], "min_level": "expert"}),
                json!({"languages": ["ar"], "langauge": "x"}),
                json!({"skills": ["x"]}),
                json!("ar"),
            ][rng.below(5)]
            .clone();
        }
        7 => {
            if let Some(&other) = rng.pick(&without) {
                let r = &mut requests[other];
                r["previous"] = json!({"start": start, "mediators": [pick_mediator(rng), pick_mediator(rng)]});
            }
        }
        _ => {
            // Locked at mediators drawn at random (often not keepable), or at the planted ones.
            let mut list: Vec<String> = Vec::new();
            while list.len() < roles && list.len() < mediators.len() {
                let m = pick_mediator(rng);
                if !list.contains(&m) {
                    list.push(m);
                }
            }
            if r.get("previous").is_none() || rng.chance(0.5) {
                r["previous"] = json!({"start": start, "mediators": list});
            }
            r["locked"] = json!(true);
        }
    }
}

/// Generates one instance, which Ponte and `ponte-check --validate --json` must both accept.
fn instance(tools: &SharedTools, dir: &Path, size: &str, seed: u64, extra: &[&str]) -> (String, Value) {
    let text = tools.generate(size, seed, extra);
    let name = format!("{size}-{seed}{}", extra.join("").replace("--", "-"));
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, &text).expect("write instance");
    let errors = validate_str(&text);
    assert!(errors.is_empty(), "{name}: Ponte refuses a generated instance: {errors:?}");
    let (code, report) = tools.validate(&path);
    assert_eq!(code, 0, "{name}: ponte-check refuses a generated instance: {report}");
    assert_eq!(report["valid"], json!(true));
    (name, serde_json::from_str(&text).expect("JSON"))
}

fn describe(file: &Path, expected: &Pairs, found: &Pairs) -> String {
    let only_checker: Vec<_> = expected.difference(found).collect();
    let only_ponte: Vec<_> = found.difference(expected).collect();
    format!("{}: checker only {only_checker:?}, Ponte only {only_ponte:?}", file.display())
}

/// The inputs Ponte deliberately reads differently from the checker: Ponte's
/// side is asserted; the checker's is printed (a change there is a notice).
#[test]
fn documented_differences_from_the_checker() {
    let Some(tools) = shared_tools("validation differences") else { return };
    let dir = scratch_dir("validation-differences");
    let base = || -> Value {
        json!({
            "format": "ponte-problem/1",
            "horizon": {"start": "2026-12-07", "end": "2026-12-13"},
            "municipalities": [{"id": "a", "location": {"lat": 45.0, "lon": 9.0}}],
            "offices": [{"id": "o", "municipality": "a", "opening": [{"days": ["mon"], "from": "09:00", "to": "12:00"}]}],
            "mediators": [],
            "requests": []
        })
    };
    let with = |change: &dyn Fn(&mut Value)| {
        let mut doc = base();
        change(&mut doc);
        serde_json::to_string_pretty(&doc).expect("JSON")
    };
    type Case<'a> = (&'a str, String, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (
            "integers above 2^53 - 1",
            with(&|d| d["offices"][0]["capacity"] = json!(9_007_199_254_740_992u64)),
            vec![("BAD_VALUE", "offices[0].capacity")],
        ),
        (
            "integers beyond 64 bits",
            with(&|d| d["offices"][0]["capacity"] = json!(0))
                .replace("\"capacity\": 0", "\"capacity\": 100000000000000000000"),
            vec![("WRONG_TYPE", "offices[0].capacity")],
        ),
        (
            "a horizon longer than MAX_HORIZON_DAYS",
            with(&|d| d["horizon"]["end"] = json!("2037-12-13")),
            vec![("BAD_HORIZON", "horizon")],
        ),
        (
            "the 'Factory' zone",
            with(&|d| d["network"] = json!({"timezone": "Factory"})),
            vec![("BAD_TIMEZONE", "network.timezone")],
        ),
        (
            "non-ASCII digits in a date",
            with(&|d| d["offices"][0]["closed"] = json!(["２０２６-１２-０８"])),
            vec![("BAD_DATE", "offices[0].closed[0]")],
        ),
        (
            "a DST gap after 2099 (chrono-tz's table ends there)",
            with(&|d| d["offices"][0]["opening"] = json!([{"date": "2100-03-28", "from": "02:30", "to": "04:00"}])),
            vec![],
        ),
        (
            "a local time in year 1 east of Greenwich",
            with(&|d| d["offices"][0]["opening"] = json!([{"date": "0001-01-01", "from": "00:00", "to": "04:00"}])),
            vec![],
        ),
        ("a horizon in year 1", with(&|d| d["horizon"] = json!({"start": "0001-01-01", "end": "0001-01-07"})), vec![]),
        ("a number beyond f64", with(&|_| {}).replace("45.0", "1e400"), vec![("INVALID_JSON", "$")]),
        ("a byte-order mark", format!("\u{feff}{}", with(&|_| {})), vec![]),
    ];
    for (what, text, ponte) in cases {
        let file = dir.join(format!("{}.json", what.replace(' ', "-").replace(['\'', '(', ')', '^', '\''], "")));
        std::fs::write(&file, &text).expect("write case");
        let found = ponte_pairs(text.as_bytes());
        let expected: Pairs = ponte.iter().map(|(c, p)| (c.to_string(), p.to_string())).collect();
        assert_eq!(found, expected, "{what}");
        let (code, report) = tools.validate(&file);
        let theirs: Vec<(String, String)> = report["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| (e["code"].as_str().unwrap_or("").into(), e["path"].as_str().unwrap_or("").into()))
                    .collect()
            })
            .unwrap_or_default();
        let theirs_set: Pairs = theirs.iter().cloned().collect();
        let note = match code {
            0 | 2 if theirs_set == found => " (now the same)",
            0 | 2 => "",
            _ => " (the checker crashed)",
        };
        eprintln!("{what}: Ponte {found:?}; checker (exit {code}) {theirs:?}{note}");
    }
}

/// `YYYY-MM-DD` moved by `days` (the date itself when it does not parse).
fn shift_date(date: &str, days: i64) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(days)))
        .map_or_else(|| date.to_string(), |d| d.to_string())
}
