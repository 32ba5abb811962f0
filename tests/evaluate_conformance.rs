//! Conformance of plan evaluation with the independent checker.
//!
//! `ponte-gen` builds instances (sizes xs, s and m, several seeds, two of
//! them across a DST change) with their planted feasible plans
//! (`--witness`). Some instances get variants the generator never makes: a
//! workshop session outside the horizon and remote-only mediators living in
//! a municipality without location. From each planted plan the test derives
//! random solutions, feasible and not (wrong languages, modalities, skills,
//! genders, starts off the grid or outside the window, opening,
//! availability or horizon, overlaps, short travel, daily and weekly limits,
//! office capacity, locked requests moved, sessions staffed by unavailable
//! or remote-only mediators, wrong `uncovered` lists, repeated and missing
//! entries, wrong reasons, wrong claimed costs, malformed entries and
//! repeated keys...), writes them to a scratch folder, checks them all with
//! `ponte-check`'s module in two batch processes, and asserts that Ponte
//! reports the same violations (code, kind, rule, path, referenced ids and
//! message) and exactly the same recomputed and claimed cost.
//!
//! Skipped, with a notice, when the shared tools are not beside the
//! repository.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ponte::evaluate::{Evaluation, Evaluator, Violation};
use ponte::model::{Modality, ReasonCode, Timing};
use ponte::Problem;
use ponte_suite::{scratch_dir, shared_tools, SharedTools};
use serde_json::{json, Value};

/// Random solutions derived from each instance's planted plan.
const SOLUTIONS_PER_INSTANCE: usize = 120;

/// (size, seed, extra generator arguments, apply the variants).
const INSTANCES: &[(&str, u64, &[&str], bool)] = &[
    ("xs", 1, &[], true),
    ("xs", 2, &[], false),
    ("xs", 3, &["--replan", "0.3"], true),
    ("s", 1, &[], true),
    ("s", 2, &["--replan", "0.3"], false),
    ("s", 3, &["--start", "2026-03-23"], true),
    ("s", 4, &["--start", "2026-10-19", "--slot-minutes", "20"], false),
    ("m", 1, &[], true),
    ("m", 2, &["--replan", "0.2"], false),
    // 1.1 features, one at a time, then all together.
    ("s", 5, &["--fair-shares"], true),
    ("m", 3, &["--fair-shares", "--replan", "0.2"], false),
    ("s", 6, &["--start", "2026-04-29", "--worked", "--replan", "0.3"], true),
    ("m", 4, &["--start", "2026-04-30", "--worked", "--fair-shares"], false),
    ("s", 7, &["--series", "0.3", "--replan", "0.2"], true),
    ("m", 5, &["--start", "2026-04-29", "--series", "0.2", "--fair-shares", "--worked"], false),
    ("s", 8, &["--windows", "0.5", "--replan", "0.2"], true),
    ("m", 6, &["--start", "2026-04-29", "--windows", "0.3", "--series", "0.2", "--fair-shares", "--worked"], false),
    ("s", 9, &["--breaks", "--replan", "0.3"], true),
    ("m", 7, &["--start", "2026-03-23", "--breaks", "--worked", "--fair-shares", "--windows", "0.2"], false),
    ("s", 10, &["--roles", "0.1", "--replan", "0.3"], true),
    ("m", 9, &["--roles", "0.1", "--windows", "0.2", "--series", "0.2", "--fair-shares", "--replan", "0.2"], false),
    (
        "m",
        8,
        &["--breaks", "--roles", "0.1", "--fair-shares", "--series", "0.1", "--worked", "--windows", "0.2"],
        false,
    ),
];

use ponte_suite::SplitMix as Rng;

struct Instance {
    name: String,
    problem_path: PathBuf,
    problem: Problem,
    witness: Value,
}

fn generate(tools: &SharedTools, dir: &Path) -> Vec<(String, PathBuf, PathBuf, bool)> {
    let mut children = Vec::new();
    for &(size, seed, extra, variants) in INSTANCES {
        let name = format!("{size}-{seed}");
        let problem = dir.join(format!("{name}.problem.json"));
        let witness = dir.join(format!("{name}.witness.json"));
        let child = Command::new("python3")
            .arg(&tools.generator)
            .args(["--size", size, "--seed", &seed.to_string()])
            .args(extra)
            .arg("-o")
            .arg(&problem)
            .arg("--witness")
            .arg(&witness)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run ponte-gen");
        children.push((name, problem, witness, variants, child));
    }
    children
        .into_iter()
        .map(|(name, problem, witness, variants, child)| {
            let out = child.wait_with_output().expect("wait for ponte-gen");
            assert!(out.status.success(), "ponte-gen {name} failed: {}", String::from_utf8_lossy(&out.stderr));
            (name, problem, witness, variants)
        })
        .collect()
}

/// Variants the generator never makes: a session after the horizon and one
/// across its end (both ignored), and the remote-only mediators moved to a
/// municipality without location (travel from there is undefined).
fn add_variants(problem: &mut Value) {
    let end = problem["horizon"]["end"].as_str().unwrap().to_string();
    let after = next_day(&end);
    if let Some(workshop) = problem["workshops"].as_array_mut().and_then(|w| w.first_mut()) {
        let sessions = workshop["sessions"].as_array_mut().unwrap();
        sessions.push(json!({"id": "after", "start": format!("{after}T10:00"), "duration_minutes": 120}));
        sessions.push(json!({"id": "across", "start": format!("{end}T23:00"), "duration_minutes": 120}));
    }
    problem["municipalities"].as_array_mut().unwrap().push(json!({"id": "fuori-rete", "name": "Fuori rete"}));
    for mediator in problem["mediators"].as_array_mut().unwrap() {
        let remote = mediator["modalities"].as_array().is_some_and(|m| !m.iter().any(|x| x == "in_person"));
        if remote {
            mediator["home"] = json!("fuori-rete");
        }
    }
}

/// Mediators who worked before the horizon (1.1) get the weekly maximum
/// that the planted plan just keeps: in the horizon's first ISO week its
/// minutes of theirs plus those they worked that week, or more when another
/// week of the plan takes more. The planted plan stays feasible; one more
/// engagement in the first week is often over the maximum only with the
/// minutes worked.
fn tighten_weekly_maxima(problem: &mut Value, witness: &Value) {
    use chrono::Datelike;
    let week = |text: &str| chrono::NaiveDate::parse_from_str(&text[..10], "%Y-%m-%d").unwrap().iso_week();
    let first = week(problem["horizon"]["start"].as_str().unwrap());
    let durations: BTreeMap<String, i64> = problem["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r["duration_minutes"].as_i64().unwrap()))
        .collect();
    // Minutes per (mediator, week of the plan).
    let mut engaged: BTreeMap<(String, chrono::IsoWeek), i64> = BTreeMap::new();
    for a in witness["assignments"].as_array().unwrap() {
        let key = (a["mediator"].as_str().unwrap().to_string(), week(a["start"].as_str().unwrap()));
        *engaged.entry(key).or_default() += durations[a["request"].as_str().unwrap()];
    }
    for session in witness["sessions"].as_array().unwrap() {
        let workshop = problem["workshops"].as_array().unwrap().iter().find(|w| w["id"] == session["workshop"]);
        let Some(s) =
            workshop.and_then(|w| w["sessions"].as_array().unwrap().iter().find(|s| s["id"] == session["session"]))
        else {
            continue;
        };
        for m in session["mediators"].as_array().unwrap() {
            let key = (m["mediator"].as_str().unwrap().to_string(), week(s["start"].as_str().unwrap()));
            *engaged.entry(key).or_default() += s["duration_minutes"].as_i64().unwrap();
        }
    }
    for mediator in problem["mediators"].as_array_mut().unwrap() {
        let Some(worked) = mediator.get("worked").and_then(Value::as_array) else { continue };
        let id = mediator["id"].as_str().unwrap().to_string();
        let before: i64 = worked
            .iter()
            .filter(|w| week(w["date"].as_str().unwrap()) == first)
            .map(|w| w["minutes"].as_i64().unwrap())
            .sum();
        let weeks = engaged.iter().filter(|((m, _), _)| *m == id);
        let most = weeks.map(|((_, w), minutes)| if *w == first { minutes + before } else { *minutes }).max();
        mediator["max_minutes_per_week"] = json!(most.unwrap_or(0).max(before));
    }
}

fn next_day(date: &str) -> String {
    let d = chrono_like_next(date);
    d.to_string()
}

/// `YYYY-MM-DD` plus one day (Gregorian), without a date library.
fn chrono_like_next(date: &str) -> String {
    let (y, m, d): (i32, u32, u32) =
        (date[0..4].parse().unwrap(), date[5..7].parse().unwrap(), date[8..10].parse().unwrap());
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(m - 1) as usize];
    let (y, m, d) = if d < days {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    };
    format!("{y:04}-{m:02}-{d:02}")
}

fn load_instances(tools: &SharedTools, dir: &Path) -> Vec<Instance> {
    generate(tools, dir)
        .into_iter()
        .map(|(name, problem_path, witness_path, variants)| {
            let mut text = std::fs::read_to_string(&problem_path).unwrap();
            if variants {
                let mut value: Value = serde_json::from_str(&text).unwrap();
                add_variants(&mut value);
                text = serde_json::to_string_pretty(&value).unwrap();
                std::fs::write(&problem_path, &text).unwrap();
            }
            let witness: Value = serde_json::from_str(&std::fs::read_to_string(witness_path).unwrap()).unwrap();
            if text.contains("\"worked\"") {
                let mut value: Value = serde_json::from_str(&text).unwrap();
                tighten_weekly_maxima(&mut value, &witness);
                text = serde_json::to_string_pretty(&value).unwrap();
                std::fs::write(&problem_path, &text).unwrap();
            }
            let problem = Problem::from_json_str(&text)
                .unwrap_or_else(|e| panic!("Ponte refuses {}: {:?}", problem_path.display(), e.errors()));
            Instance { name, problem_path, problem, witness }
        })
        .collect()
}

/// Builds random solutions of one instance from its planted plan.
struct Mutator<'a> {
    p: &'a Problem,
    evaluator: &'a Evaluator<'a>,
    rng: Rng,
}

impl<'a> Mutator<'a> {
    fn fmt(&self, minute: i64) -> String {
        self.p.clock().format(minute)
    }

    fn minute(&self, text: &str) -> Option<i64> {
        let (day, clock) = ponte::time::parse_datetime(text)?;
        self.p.clock().local_minute(day, clock)
    }

    fn mediator_id(&mut self) -> String {
        let m = self.rng.below(self.p.mediators().len());
        self.p.mediators()[m].id.clone()
    }

    fn reason_of(&self, request: &str) -> ReasonCode {
        let r = self.p.request_index(request).unwrap();
        self.evaluator.reasons().code(r).code
    }

    fn unassigned_entry(&mut self, request: &str) -> Value {
        let code =
            if self.rng.percent(85) { self.reason_of(request) } else { *self.rng.pick(ReasonCode::ALL).unwrap() };
        json!({"request": request, "reasons": [{"code": code.as_str(), "message": "not served"}]})
    }

    /// Applies mutation `kind` (0-34; 26-29 make entries malformed, so
    /// they come last; 34 is for break rules); returns its name.
    fn mutate(&mut self, sol: &mut Value, kind: usize) -> &'static str {
        let n_assign = sol["assignments"].as_array().map_or(0, Vec::len);
        let ai = self.rng.below(n_assign);
        let p = self.p;
        match kind {
            0 => {
                // Another language: one of the request's, a mediator's, or none served.
                if n_assign == 0 {
                    return "none";
                }
                let a = &mut sol["assignments"][ai];
                let r = p.request_index(a["request"].as_str().unwrap()).unwrap();
                let mut choices: Vec<String> = p.requests()[r].languages.clone();
                choices.push("xx".into());
                let m = self.rng.below(p.mediators().len());
                choices.extend(p.mediators()[m].languages.iter().map(|l| l.code.clone()));
                a["language"] = json!(self.rng.pick(&choices).unwrap());
                "language"
            }
            1 | 2 => {
                // Another mediator, any; or one who worked before the horizon (1.1).
                if n_assign == 0 {
                    return "none";
                }
                let worked: Vec<&str> =
                    p.mediators().iter().filter(|m| !m.worked.is_empty()).map(|m| m.id.as_str()).collect();
                if !worked.is_empty() && self.rng.percent(60) {
                    let id = worked[self.rng.below(worked.len())];
                    sol["assignments"][ai]["mediator"] = json!(id);
                    return "mediator-who-worked";
                }
                let id = self.mediator_id();
                sol["assignments"][ai]["mediator"] = json!(id);
                "mediator"
            }
            3 => {
                if n_assign == 0 {
                    return "none";
                }
                let choices = ["in_person", "phone", "video", "in_person", "car"];
                sol["assignments"][ai]["modality"] = json!(self.rng.pick(&choices).unwrap());
                "modality"
            }
            4 => {
                // A mediator speaking the language but lacking skills or of another gender.
                let picks: Vec<(usize, usize)> = sol["assignments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .enumerate()
                    .filter_map(|(i, a)| {
                        let r = &p.requests()[p.request_index(a["request"].as_str()?)?];
                        if r.skills.is_empty() && r.mediator_gender.is_none() {
                            return None;
                        }
                        let m = p
                            .mediators()
                            .iter()
                            .position(|m| p.speaks_for(r, m) && (!p.has_skills(r, m) || !p.gender_ok(r, m)))?;
                        Some((i, m))
                    })
                    .collect();
                let Some(&(i, m)) = self.rng.pick(&picks) else { return "none" };
                sol["assignments"][i]["mediator"] = json!(p.mediators()[m].id);
                "skills-gender"
            }
            5 => {
                // Off the grid.
                if n_assign == 0 {
                    return "none";
                }
                let a = &mut sol["assignments"][ai];
                let Some(start) = self.minute(a["start"].as_str().unwrap()) else { return "none" };
                let shift = self.rng.range(1, p.slot_minutes() - 1);
                a["start"] = json!(self.fmt(start + shift));
                "off-grid"
            }
            6 | 7 => {
                // Moved by whole slots: window, opening, availability, overlaps, travel;
                // often an occurrence of a series (1.1), whose clock time then changes.
                if n_assign == 0 {
                    return "none";
                }
                let in_series: Vec<usize> = (0..n_assign)
                    .filter(|&i| {
                        let id = sol["assignments"][i]["request"].as_str().unwrap_or_default();
                        p.request_index(id).is_some_and(|r| p.requests()[r].series.is_some())
                    })
                    .collect();
                let ai = if !in_series.is_empty() && self.rng.percent(70) {
                    in_series[self.rng.below(in_series.len())]
                } else {
                    ai
                };
                let a = &mut sol["assignments"][ai];
                let Some(start) = self.minute(a["start"].as_str().unwrap()) else { return "none" };
                let slots = self.rng.range(-24, 24);
                a["start"] = json!(self.fmt(start + slots * p.slot_minutes()));
                "shift"
            }
            8 => {
                // Outside the horizon.
                if n_assign == 0 {
                    return "none";
                }
                let day = if self.rng.percent(50) {
                    let before = p.horizon_start().pred_opt().unwrap();
                    before.to_string()
                } else {
                    next_day(&p.horizon_end().to_string())
                };
                sol["assignments"][ai]["start"] = json!(format!("{day}T09:00"));
                "horizon"
            }
            9 => {
                // Two engagements of one mediator at the same time (or close).
                if n_assign < 2 {
                    return "none";
                }
                let bi = self.rng.below(n_assign);
                let (m, s) = {
                    let a = &sol["assignments"][ai];
                    (a["mediator"].clone(), a["start"].as_str().unwrap().to_string())
                };
                let Some(start) = self.minute(&s) else { return "none" };
                let offset = self.rng.range(0, 4) * p.slot_minutes();
                let b = &mut sol["assignments"][bi];
                b["mediator"] = m;
                b["start"] = json!(self.fmt(start + offset));
                "overlap"
            }
            10 => {
                // Back to back at another office, in person: travel.
                if n_assign < 2 {
                    return "none";
                }
                let bi = self.rng.below(n_assign);
                let (m, end) = {
                    let a = &sol["assignments"][ai];
                    let r = p.request_index(a["request"].as_str().unwrap()).unwrap();
                    let Some(start) = self.minute(a["start"].as_str().unwrap()) else { return "none" };
                    (a["mediator"].clone(), start + p.requests()[r].duration)
                };
                let gap = self.rng.range(0, 2) * p.slot_minutes();
                sol["assignments"][ai]["modality"] = json!("in_person");
                let b = &mut sol["assignments"][bi];
                b["mediator"] = m;
                b["start"] = json!(self.fmt(end + gap));
                b["modality"] = json!("in_person");
                "travel"
            }
            11 => {
                // Many engagements for a mediator with maxima: daily and weekly limits.
                let limited: Vec<usize> = (0..p.mediators().len())
                    .filter(|&m| {
                        p.mediators()[m].max_minutes_per_day.is_some()
                            || p.mediators()[m].max_minutes_per_week.is_some()
                    })
                    .collect();
                let Some(&m) = self.rng.pick(&limited) else { return "none" };
                let count = self.rng.range(3, 10) as usize;
                for _ in 0..count.min(n_assign) {
                    let i = self.rng.below(n_assign);
                    sol["assignments"][i]["mediator"] = json!(p.mediators()[m].id);
                }
                "limits"
            }
            12 => {
                // Several requests of an office with a capacity at one time.
                let capped: Vec<usize> =
                    (0..p.offices().len()).filter(|&o| p.offices()[o].capacity.is_some()).collect();
                let Some(&o) = self.rng.pick(&capped) else { return "none" };
                let at: Vec<usize> = sol["assignments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| {
                        p.request_index(a["request"].as_str().unwrap()).is_some_and(|r| p.requests()[r].office == o)
                    })
                    .map(|(i, _)| i)
                    .collect();
                if at.len() < 2 {
                    return "none";
                }
                let start = sol["assignments"][at[0]]["start"].clone();
                for &i in at.iter().skip(1).take(4) {
                    sol["assignments"][i]["start"] = start.clone();
                }
                "capacity"
            }
            13 => {
                // A locked request moved, given to another mediator or left out.
                let locked: Vec<usize> = sol["assignments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| {
                        p.request_index(a["request"].as_str().unwrap()).is_some_and(|r| p.requests()[r].locked)
                    })
                    .map(|(i, _)| i)
                    .collect();
                let Some(&i) = self.rng.pick(&locked) else { return "none" };
                match self.rng.below(3) {
                    0 => {
                        let Some(start) = self.minute(sol["assignments"][i]["start"].as_str().unwrap()) else {
                            return "none";
                        };
                        sol["assignments"][i]["start"] = json!(self.fmt(start + p.slot_minutes()));
                    }
                    1 => {
                        let id = self.mediator_id();
                        sol["assignments"][i]["mediator"] = json!(id);
                    }
                    _ => {
                        let a = sol["assignments"].as_array_mut().unwrap().remove(i);
                        let entry = self.unassigned_entry(a["request"].as_str().unwrap());
                        sol["unassigned"].as_array_mut().unwrap().push(entry);
                    }
                }
                "locked"
            }
            14 | 15 => {
                // A mediator added to a session, uncovered kept right (mostly).
                let n = sol["sessions"].as_array().map_or(0, Vec::len);
                if n == 0 {
                    return "none";
                }
                let si = self.rng.below(n);
                let w = p.workshop_index(sol["sessions"][si]["workshop"].as_str().unwrap()).unwrap();
                let workshop = &p.workshops()[w];
                let m = if self.rng.percent(30) {
                    // remote-only or absent mediators make rule-8 violations
                    let remote: Vec<usize> =
                        (0..p.mediators().len()).filter(|&m| !p.mediators()[m].offers(Modality::InPerson)).collect();
                    self.rng.pick(&remote).copied().unwrap_or(0)
                } else {
                    let speakers: Vec<usize> = (0..p.mediators().len())
                        .filter(|&m| workshop.languages.iter().any(|l| p.mediators()[m].serves(l, workshop.min_level)))
                        .collect();
                    self.rng.pick(&speakers).copied().unwrap_or_else(|| self.rng.below(p.mediators().len()))
                };
                let mut langs: Vec<String> =
                    workshop.languages.iter().filter(|_| self.rng.percent(60)).cloned().collect();
                if self.rng.percent(10) {
                    langs.push("xx".into());
                }
                let staffing = &mut sol["sessions"][si];
                let mediators = staffing["mediators"].as_array_mut().unwrap();
                if mediators.iter().any(|x| x["mediator"] == json!(p.mediators()[m].id)) {
                    return "none";
                }
                mediators.push(json!({"mediator": p.mediators()[m].id, "languages": langs}));
                let covered: Vec<String> = mediators
                    .iter()
                    .flat_map(|x| x["languages"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()))
                    .collect();
                let uncovered: Vec<&String> = workshop.languages.iter().filter(|l| !covered.contains(l)).collect();
                if self.rng.percent(85) {
                    staffing["uncovered"] = json!(uncovered);
                }
                "session-mediator"
            }
            16 => {
                // A wrong uncovered list.
                let n = sol["sessions"].as_array().map_or(0, Vec::len);
                if n == 0 {
                    return "none";
                }
                let si = self.rng.below(n);
                let list = sol["sessions"][si]["uncovered"].as_array_mut().unwrap();
                if list.is_empty() || self.rng.percent(30) {
                    list.push(json!("xx"));
                } else {
                    list.remove(0);
                }
                "uncovered"
            }
            17 => {
                // A session left out, listed twice, or an ignored one listed.
                let n = sol["sessions"].as_array().map_or(0, Vec::len);
                if n == 0 {
                    return "none";
                }
                let si = self.rng.below(n);
                match self.rng.below(3) {
                    0 => {
                        sol["sessions"].as_array_mut().unwrap().remove(si);
                    }
                    1 => {
                        let copy = sol["sessions"][si].clone();
                        sol["sessions"].as_array_mut().unwrap().push(copy);
                    }
                    _ => {
                        let w = sol["sessions"][si]["workshop"].clone();
                        let session = if self.rng.percent(50) { "after" } else { "across" };
                        let entry = json!({"workshop": w, "session": session, "mediators": [], "uncovered": []});
                        sol["sessions"].as_array_mut().unwrap().push(entry);
                    }
                }
                "sessions"
            }
            18 => {
                // A request listed twice.
                if n_assign == 0 {
                    return "none";
                }
                let copy = sol["assignments"][ai].clone();
                let id = copy["request"].as_str().unwrap().to_string();
                if self.rng.percent(50) {
                    sol["assignments"].as_array_mut().unwrap().push(copy);
                } else {
                    let entry = self.unassigned_entry(&id);
                    sol["unassigned"].as_array_mut().unwrap().push(entry);
                }
                "duplicate"
            }
            19 => {
                // A request left out.
                let n_un = sol["unassigned"].as_array().map_or(0, Vec::len);
                if n_un > 0 && self.rng.percent(40) {
                    let i = self.rng.below(n_un);
                    sol["unassigned"].as_array_mut().unwrap().remove(i);
                } else if n_assign > 0 {
                    sol["assignments"].as_array_mut().unwrap().remove(ai);
                }
                "missing"
            }
            20 | 21 => {
                // Random requests unassigned, with reasons.
                let count = self.rng.range(1, 6) as usize;
                for _ in 0..count {
                    let n = sol["assignments"].as_array().unwrap().len();
                    if n == 0 {
                        break;
                    }
                    let i = self.rng.below(n);
                    let a = sol["assignments"].as_array_mut().unwrap().remove(i);
                    let entry = self.unassigned_entry(a["request"].as_str().unwrap());
                    sol["unassigned"].as_array_mut().unwrap().push(entry);
                }
                "unassign"
            }
            22 => {
                // Wrong or several reasons.
                let n_un = sol["unassigned"].as_array().map_or(0, Vec::len);
                if n_un == 0 {
                    return "none";
                }
                let i = self.rng.below(n_un);
                let code = self.rng.pick(ReasonCode::ALL).unwrap().as_str();
                let reasons = sol["unassigned"][i]["reasons"].as_array_mut().unwrap();
                if self.rng.percent(50) {
                    reasons[0]["code"] = json!(code);
                } else {
                    reasons.push(json!({"code": code, "message": "also"}));
                }
                "reason"
            }
            23 | 24 => {
                // An unassigned request assigned at its reason's witness (or anywhere).
                let n_un = sol["unassigned"].as_array().map_or(0, Vec::len);
                if n_un == 0 {
                    return "none";
                }
                let i = self.rng.below(n_un);
                let id = sol["unassigned"][i]["request"].as_str().unwrap().to_string();
                let r = p.request_index(&id).unwrap();
                let request = &p.requests()[r];
                let verdict = self.evaluator.reasons().code(r);
                let (m, start) = match verdict.witness {
                    Some(w) => w,
                    None => {
                        let start = match request.timing {
                            Timing::Fixed(s) => s,
                            Timing::Window { earliest, .. } => earliest,
                        };
                        (self.rng.below(p.mediators().len()), start)
                    }
                };
                let mediator = &p.mediators()[m];
                let language = p
                    .usable_languages(request, mediator)
                    .next()
                    .map_or_else(|| request.languages[0].clone(), |l| request.languages[l].clone());
                let modality = p
                    .usable_modalities(request, mediator)
                    .next()
                    .map_or(request.modalities[0], |x| request.modalities[x]);
                sol["unassigned"].as_array_mut().unwrap().remove(i);
                let entry = json!({"request": id, "mediator": mediator.id, "start": self.fmt(start),
                                   "language": language, "modality": modality.as_str()});
                sol["assignments"].as_array_mut().unwrap().push(entry);
                "assign"
            }
            25 => {
                // A fixed-start request moved.
                let fixed: Vec<usize> = sol["assignments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| {
                        p.request_index(a["request"].as_str().unwrap())
                            .is_some_and(|r| p.requests()[r].fixed_start().is_some())
                    })
                    .map(|(i, _)| i)
                    .collect();
                let Some(&i) = self.rng.pick(&fixed) else { return "none" };
                let Some(start) = self.minute(sol["assignments"][i]["start"].as_str().unwrap()) else { return "none" };
                sol["assignments"][i]["start"] = json!(self.fmt(start + p.slot_minutes()));
                "fixed"
            }
            26 => {
                // A malformed assignment field.
                if n_assign == 0 {
                    return "none";
                }
                let a = sol["assignments"][ai].as_object_mut().unwrap();
                match self.rng.below(9) {
                    0 => a.insert("start".into(), json!(900)),
                    1 => a.insert("start".into(), json!("2026-13-01T09:00")),
                    2 => a.insert("start".into(), json!("2026-03-29T02:30")), // a DST gap in Europe/Rome
                    3 => a.insert("starts".into(), json!("x")),
                    4 => a.remove("language"),
                    5 => a.insert("request".into(), json!("r-nope")),
                    6 => a.insert("mediator".into(), json!(null)),
                    7 => a.insert("modality".into(), json!(["phone"])),
                    _ => a.insert("start".into(), json!("2026-10-25T02:30")), // the autumn repeat
                };
                "format-assignment"
            }
            27 => {
                // A malformed session entry.
                let n = sol["sessions"].as_array().map_or(0, Vec::len);
                if n == 0 {
                    return "none";
                }
                let si = self.rng.below(n);
                let s = &mut sol["sessions"][si];
                match self.rng.below(6) {
                    0 => s["session"] = json!("s-nope"),
                    1 => s["uncovered"] = json!(["ar", "ar"]),
                    2 => {
                        let m = self.mediator_id();
                        let list = s["mediators"].as_array_mut().unwrap();
                        list.push(json!({"mediator": m, "languages": []}));
                        list.push(json!({"mediator": m, "languages": []}));
                    }
                    3 => s["mediators"] = json!({}),
                    4 => s["workshop"] = json!("w-nope"),
                    _ => s["mediators"].as_array_mut().unwrap().push(json!({"mediator": "m-nope", "languages": [1]})),
                }
                "format-session"
            }
            28 => {
                // A malformed unassigned entry or reason.
                let n_un = sol["unassigned"].as_array().map_or(0, Vec::len);
                if n_un == 0 {
                    return "none";
                }
                let i = self.rng.below(n_un);
                let u = &mut sol["unassigned"][i];
                match self.rng.below(7) {
                    0 => u["reasons"] = json!([]),
                    1 => u["reasons"][0]["code"] = json!("BUSY"),
                    2 => u["reasons"][0]["blocking"] = json!(["r-nope"]),
                    3 => {
                        let other = p.requests()[self.rng.below(p.requests().len())].id.clone();
                        let session = p
                            .workshops()
                            .first()
                            .map(|w| format!("{}/{}", w.id, w.sessions[0].id))
                            .unwrap_or_else(|| other.clone());
                        u["reasons"][0]["blocking"] = json!([other, session]);
                    }
                    4 => {
                        u.as_object_mut().unwrap().remove("reasons");
                    }
                    5 => u["reasons"][0]["message"] = json!(7),
                    _ => u["reasons"][0]["blocking"] = json!(["s1", "s1"]),
                }
                "format-unassigned"
            }
            29 => {
                // A malformed document.
                match self.rng.below(6) {
                    0 => sol["format"] = json!("ponte-solution/2"),
                    1 => sol["extra"] = json!(true),
                    2 => sol["assignments"] = json!("none"),
                    3 => {
                        sol.as_object_mut().unwrap().remove("sessions");
                    }
                    4 => sol["unassigned"] = json!(null),
                    _ => {
                        sol["assignments"].as_array_mut().unwrap().push(json!(42));
                    }
                }
                "format-document"
            }
            30 => {
                // A remote-only mediator in person (travel from a home without location).
                let remote: Vec<usize> =
                    (0..p.mediators().len()).filter(|&m| !p.mediators()[m].offers(Modality::InPerson)).collect();
                let Some(&m) = self.rng.pick(&remote) else { return "none" };
                if n_assign == 0 {
                    return "none";
                }
                sol["assignments"][ai]["mediator"] = json!(p.mediators()[m].id);
                sol["assignments"][ai]["modality"] = json!("in_person");
                "remote-in-person"
            }
            31 => {
                // A mediator at a session who is also engaged elsewhere then.
                let n = sol["sessions"].as_array().map_or(0, Vec::len);
                if n == 0 || n_assign == 0 {
                    return "none";
                }
                let si = self.rng.below(n);
                let m = sol["assignments"][ai]["mediator"].clone();
                let mediators = sol["sessions"][si]["mediators"].as_array_mut().unwrap();
                if mediators.iter().any(|x| x["mediator"] == m) {
                    return "none";
                }
                mediators.push(json!({"mediator": m, "languages": []}));
                "session-busy"
            }
            35 => self.mutate_roles(sol),
            32 => {
                // A shuffled plan (lists are in any order).
                for key in ["assignments", "unassigned", "sessions"] {
                    if let Some(list) = sol[key].as_array_mut() {
                        for i in (1..list.len()).rev() {
                            let j = self.rng.below(i + 1);
                            list.swap(i, j);
                        }
                    }
                }
                "shuffle"
            }
            34 => {
                // A long day (rule 9, 1.1): a mediator with a break rule takes their
                // engagements of one day and a few others, one after the other with
                // short gaps (some in person, some remote in between).
                if n_assign < 2 {
                    return "none";
                }
                let m = sol["assignments"][ai]["mediator"].as_str().unwrap_or_default().to_string();
                let Some(mi) = p.mediator_index(&m) else { return "none" };
                if p.mediators()[mi].breaks.is_none() {
                    return "none";
                }
                let Some(first) = self.minute(sol["assignments"][ai]["start"].as_str().unwrap()) else {
                    return "none";
                };
                let day = p.local_date(first);
                let mut chosen: Vec<usize> = (0..n_assign)
                    .filter(|&i| {
                        let a = &sol["assignments"][i];
                        a["mediator"] == json!(m)
                            && a["start"].as_str().and_then(|t| self.minute(t)).is_some_and(|t| p.local_date(t) == day)
                    })
                    .collect();
                for _ in 0..self.rng.range(2, 7) {
                    chosen.push(self.rng.below(n_assign));
                }
                chosen.sort_unstable();
                chosen.dedup();
                let mut at = first - first % p.slot_minutes();
                for i in chosen {
                    let a = &mut sol["assignments"][i];
                    let Some(r) = a["request"].as_str().and_then(|id| p.request_index(id)) else { continue };
                    a["mediator"] = json!(m);
                    a["start"] = json!(self.fmt(at));
                    if self.rng.percent(35) {
                        a["modality"] = json!(["in_person", "phone", "video"][self.rng.below(3)]);
                    }
                    at += p.requests()[r].duration + self.rng.range(0, 3) * p.slot_minutes();
                }
                "long-day"
            }
            _ => {
                // A window request anywhere in its window on the grid (delay), another language of the request.
                if n_assign == 0 {
                    return "none";
                }
                let r = p.request_index(sol["assignments"][ai]["request"].as_str().unwrap()).unwrap();
                let request = &p.requests()[r];
                if let Timing::Window { earliest, latest } = request.timing {
                    let slots = (latest - request.duration - earliest) / p.slot_minutes();
                    let start = earliest + self.rng.range(0, slots.max(0)) * p.slot_minutes();
                    // Every role's entry of a request with roles moves with it.
                    for a in sol["assignments"].as_array_mut().unwrap() {
                        if a["request"] == json!(request.id) {
                            a["start"] = json!(self.fmt(start));
                        }
                    }
                }
                let languages = match sol["assignments"][ai]["role"].as_u64() {
                    Some(k) => &request.roles[k as usize].languages,
                    None => &request.languages,
                };
                let l = self.rng.below(languages.len());
                sol["assignments"][ai]["language"] = json!(languages[l]);
                "window"
            }
        }
    }

    /// Mutation 34: a request with roles (1.1) partly assigned, two roles
    /// with one mediator, a role listed twice, a malformed `role`, the
    /// meeting moved, the roles' mediators swapped, or the request both
    /// assigned and unassigned.
    fn mutate_roles(&mut self, sol: &mut Value) -> &'static str {
        let p = self.p;
        let list = sol["assignments"].as_array().cloned().unwrap_or_default();
        let with: Vec<&str> =
            list.iter().filter(|a| a.get("role").is_some()).filter_map(|a| a["request"].as_str()).collect();
        let Some(&id) = self.rng.pick(&with) else { return "none" };
        let id = id.to_string();
        let at: Vec<usize> = (0..list.len()).filter(|&i| list[i]["request"] == json!(id)).collect();
        let entries = sol["assignments"].as_array_mut().unwrap();
        let i = at[self.rng.below(at.len())];
        match self.rng.below(8) {
            0 => {
                entries.remove(i);
                "role-missing"
            }
            1 if at.len() > 1 => {
                let other = at.iter().copied().find(|&j| j != i).unwrap();
                entries[i]["mediator"] = entries[other]["mediator"].clone();
                "role-same-mediator"
            }
            2 => {
                let copy = entries[i].clone();
                entries.push(copy);
                "role-twice"
            }
            3 => {
                let bad = [json!(null), json!(-1), json!(7), json!("0"), json!(1.5)];
                match self.rng.below(bad.len() + 1) {
                    0 => {
                        entries[i].as_object_mut().unwrap().remove("role");
                    }
                    k => entries[i]["role"] = bad[k - 1].clone(),
                }
                "role-malformed"
            }
            4 => {
                let Some(start) = self.minute(entries[i]["start"].as_str().unwrap()) else { return "none" };
                let slots = self.rng.range(-8, 8);
                let moved = json!(self.fmt(start + slots * p.slot_minutes()));
                if self.rng.percent(50) {
                    entries[i]["start"] = moved;
                    return "role-start";
                }
                for &j in &at {
                    entries[j]["start"] = moved.clone();
                }
                "meeting-moved"
            }
            5 if at.len() > 1 => {
                let (a, b) = (at[0], at[1]);
                let m = entries[a]["mediator"].clone();
                entries[a]["mediator"] = entries[b]["mediator"].clone();
                entries[b]["mediator"] = m;
                "roles-swapped"
            }
            6 => {
                // A role added to an entry of a request without roles.
                let plain: Vec<usize> = (0..entries.len()).filter(|&j| entries[j].get("role").is_none()).collect();
                let Some(&j) = self.rng.pick(&plain) else { return "none" };
                entries[j]["role"] = json!(0);
                "unexpected-role"
            }
            _ => {
                if self.rng.percent(50) {
                    for &j in at.iter().rev().skip(1) {
                        entries.remove(j);
                    }
                }
                let entry = self.unassigned_entry(&id);
                let Some(unassigned) = sol["unassigned"].as_array_mut() else { return "none" };
                unassigned.push(entry);
                "roles-unassigned"
            }
        }
    }

    /// One random solution: 0-3 mutations, the claimed cost set to Ponte's
    /// recomputation (sometimes left wrong or malformed), as text (sometimes
    /// with a repeated key).
    fn solution(&mut self, witness: &Value) -> (String, Vec<&'static str>) {
        let mut sol = witness.clone();
        let mut applied = Vec::new();
        for _ in 0..self.rng.below(4) {
            let kind = [self.rng.below(26), 30 + self.rng.below(4)][usize::from(self.rng.percent(15))];
            applied.push(self.mutate(&mut sol, kind));
        }
        if self.p.mediators().iter().any(|m| m.breaks.is_some()) && self.rng.percent(40) {
            applied.push(self.mutate(&mut sol, 34));
        }
        if self.rng.percent(30) {
            let kind = 26 + self.rng.below(4);
            applied.push(self.mutate(&mut sol, kind));
        }
        if self.p.requests().iter().any(|r| r.has_roles()) && self.rng.percent(40) {
            applied.push(self.mutate(&mut sol, 35));
        }
        let text = serde_json::to_string(&sol).unwrap();
        let value = ponte::json::parse(&text).unwrap();
        let evaluation = self.evaluator.evaluate(&value);
        if sol.get("cost").is_some_and(Value::is_object) {
            sol["cost"] = serde_json::to_value(evaluation.cost).unwrap();
            for term in ["fairness", "series"] {
                if sol["cost"].get(term).is_some() && self.rng.percent(10) {
                    // A term of 1.1 left out: right when it is 0, a mismatch otherwise.
                    applied.push("term-of-1.1-left-out");
                    sol["cost"].as_object_mut().unwrap().remove(term);
                }
            }
            if self.rng.percent(12) {
                applied.push("cost");
                let keys = ponte::evaluate::COST_KEYS;
                let key = keys[self.rng.below(keys.len())];
                match self.rng.below(5) {
                    0 => sol["cost"][key] = json!(1.5),
                    1 => {
                        sol["cost"].as_object_mut().unwrap().remove(key);
                    }
                    2 => sol["cost"]["bonus"] = json!(0),
                    _ => {
                        let v = sol["cost"][key].as_i64().unwrap_or(0);
                        sol["cost"][key] = json!(v + self.rng.range(1, 500));
                    }
                }
            }
        }
        let mut text = serde_json::to_string(&sol).unwrap();
        if self.rng.percent(4) {
            // A repeated key, which only a strict reader sees.
            applied.push("duplicate-key");
            let key = ["\"request\":", "\"start\":", "\"total\":", "\"format\":"][self.rng.below(4)];
            if let Some(at) = text.find(key) {
                text.insert_str(at, &format!("{key}\"x\","));
            }
        }
        (text, applied)
    }
}

/// Checks `(problem, solution)` pairs in one checker process with the
/// suite's batch driver (`tests/support/check_many.py`), listing them in
/// `list` (so that batches can run side by side).
fn check_batch(tools: &SharedTools, list: &Path, pairs: &[(PathBuf, PathBuf)]) -> Vec<Value> {
    let text: String = pairs.iter().map(|(p, s)| format!("{}\t{}\n", p.display(), s.display())).collect();
    std::fs::write(list, text).unwrap();
    let script = ponte_suite::repo_root().join("tests").join("support").join("check_many.py");
    let tools_dir = tools.checker.parent().unwrap();
    let out = Command::new("python3").arg(script).arg(tools_dir).arg(list).output().expect("run check_many.py");
    assert!(out.status.success(), "check_many.py failed: {}", String::from_utf8_lossy(&out.stderr));
    let reports: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(reports.len(), pairs.len(), "one report per pair");
    reports
}

/// A violation as a comparable row: code, kind, rule, path, refs, message.
fn row_of_report(v: &Value) -> String {
    let s = |k: &str| v.get(k).map_or("-".to_string(), |x| x.as_str().map_or(x.to_string(), str::to_string));
    format!(
        "{} | {} | rule {} | path {} | req {} med {} ws {} ses {} off {} | {}",
        s("code"),
        s("kind"),
        s("rule"),
        s("path"),
        s("request"),
        s("mediator"),
        s("workshop"),
        s("session"),
        s("office"),
        s("message")
    )
}

fn row_of_violation(v: &Violation) -> String {
    row_of_report(&serde_json::to_value(v).unwrap())
}

fn rows(values: impl Iterator<Item = String>) -> BTreeMap<String, usize> {
    let mut map = BTreeMap::new();
    for row in values {
        *map.entry(row).or_insert(0) += 1;
    }
    map
}

fn compare(evaluation: &Evaluation, report: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(violations) = report["violations"].as_array() else {
        return vec![format!("the checker gave no report: {report}")];
    };
    let theirs = rows(violations.iter().map(row_of_report));
    let ours = rows(evaluation.violations.iter().map(row_of_violation));
    for (row, n) in &theirs {
        let m = ours.get(row).copied().unwrap_or(0);
        if m != *n {
            problems.push(format!("checker {n}x, ponte {m}x: {row}"));
        }
    }
    for (row, m) in &ours {
        if !theirs.contains_key(row) {
            problems.push(format!("checker 0x, ponte {m}x: {row}"));
        }
    }
    let recomputed = serde_json::to_value(evaluation.cost).unwrap();
    if recomputed != report["cost"]["recomputed"] {
        problems.push(format!("recomputed cost: checker {}, ponte {recomputed}", report["cost"]["recomputed"]));
    }
    let claimed = serde_json::to_value(evaluation.claimed).unwrap();
    if claimed != report["cost"]["claimed"] {
        problems.push(format!("claimed cost: checker {}, ponte {claimed}", report["cost"]["claimed"]));
    }
    for flag in ["ok", "feasible", "complete", "reasons_ok", "cost_matches"] {
        let ours = serde_json::to_value(evaluation).unwrap()[flag].clone();
        if ours != report[flag] {
            problems.push(format!("{flag}: checker {}, ponte {ours}", report[flag]));
        }
    }
    problems
}

#[test]
fn evaluation_agrees_with_the_independent_checker_on_random_solutions() {
    let Some(tools) = shared_tools("evaluate_conformance") else {
        return;
    };
    let started = Instant::now();
    let dir = scratch_dir("evaluate-conformance");
    let instances = load_instances(&tools, &dir);
    eprintln!("generated {} instances in {:.1} s", instances.len(), started.elapsed().as_secs_f64());

    let mut cases: Vec<(usize, PathBuf, Evaluation, Vec<&'static str>)> = Vec::new();
    let mut ponte_seconds = 0.0;
    for (k, instance) in instances.iter().enumerate() {
        let evaluator = Evaluator::new(&instance.problem);
        let mut mutator = Mutator { p: &instance.problem, evaluator: &evaluator, rng: Rng(0x5EED + k as u64) };
        for i in 0..=SOLUTIONS_PER_INSTANCE {
            let (text, applied) = if i == 0 {
                (serde_json::to_string_pretty(&instance.witness).unwrap(), vec!["witness"])
            } else {
                mutator.solution(&instance.witness)
            };
            let path = dir.join(format!("{}.solution-{i:03}.json", instance.name));
            std::fs::write(&path, &text).unwrap();
            let t = Instant::now();
            let value = ponte::json::parse(&text).expect("the test writes JSON");
            let evaluation = evaluator.evaluate(&value);
            ponte_seconds += t.elapsed().as_secs_f64();
            if i == 0 {
                assert!(evaluation.ok(), "the planted plan of {} fails: {:#?}", instance.name, evaluation.violations);
            }
            cases.push((k, path, evaluation, applied));
        }
    }
    eprintln!("built and evaluated {} solutions ({:.2} s evaluating)", cases.len(), ponte_seconds);

    // Two checker processes, one per core.
    let pairs: Vec<(PathBuf, PathBuf)> =
        cases.iter().map(|(k, path, _, _)| (instances[*k].problem_path.clone(), path.clone())).collect();
    let half = pairs.len() / 2;
    let reports: Vec<Value> = std::thread::scope(|scope| {
        let first = scope.spawn(|| check_batch(&tools, &dir.join("batch-1.tsv"), &pairs[..half]));
        let second = check_batch(&tools, &dir.join("batch-2.tsv"), &pairs[half..]);
        let mut reports = first.join().expect("checker batch");
        reports.extend(second);
        reports
    });
    eprintln!("checked with ponte-check in {:.1} s total", started.elapsed().as_secs_f64());

    let mut failures = Vec::new();
    let mut seen_codes: BTreeMap<String, usize> = BTreeMap::new();
    let (mut feasible, mut infeasible) = (0, 0);
    // Terms of 1.1: plans where each is not 0, and where a mismatch of it was found.
    let (mut fairness, mut fairness_mismatch) = (0, 0);
    let (mut series, mut series_mismatch) = (0, 0);
    // Weekly limits broken only with the minutes worked before the horizon (1.1).
    let mut worked_limit = 0;
    // Starts inside none of a request's several windows (1.1).
    let mut outside_windows = 0;
    // Work blocks over a break rule's after_minutes (1.1, rule 9).
    let mut breaks_missing = 0;
    for ((_, path, evaluation, applied), report) in cases.iter().zip(&reports) {
        for v in &evaluation.violations {
            *seen_codes.entry(v.code.to_string()).or_default() += 1;
            fairness_mismatch += usize::from(v.path.as_deref() == Some("cost.fairness"));
            series_mismatch += usize::from(v.path.as_deref() == Some("cost.series"));
            worked_limit += usize::from(v.code == "WEEKLY_LIMIT" && v.message.contains("before the horizon"));
            outside_windows += usize::from(v.code == "OUTSIDE_WINDOW" && v.message.contains("none of its windows"));
            breaks_missing += usize::from(v.code == "BREAK_MISSING");
        }
        fairness += usize::from(evaluation.cost.fairness.is_some_and(|f| f > 0));
        series += usize::from(evaluation.cost.series.is_some_and(|f| f > 0));
        if evaluation.feasible() {
            feasible += 1;
        } else {
            infeasible += 1;
        }
        let problems = compare(evaluation, report);
        if !problems.is_empty() {
            failures.push(format!("{} (mutations {applied:?}):\n  {}", path.display(), problems.join("\n  ")));
        }
    }
    eprintln!("{} solutions compared: {feasible} feasible, {infeasible} infeasible", cases.len());
    eprintln!("violation codes seen: {seen_codes:?}");
    eprintln!("fairness not 0 in {fairness} plans, mismatched in {fairness_mismatch}");
    eprintln!("series not 0 in {series} plans, mismatched in {series_mismatch}");
    eprintln!("weekly limits broken with minutes worked before the horizon: {worked_limit}");
    eprintln!("starts inside none of several windows: {outside_windows}");
    eprintln!("work blocks without a break (rule 9): {breaks_missing}");
    assert!(
        failures.is_empty(),
        "{} of {} solutions disagree with the checker; first ones:\n{}",
        failures.len(),
        cases.len(),
        failures.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
    assert!(cases.len() >= 1000, "at least 1000 solutions compared");
    assert!(
        fairness >= 50 && fairness_mismatch >= 5,
        "fairness seen ({fairness}) and mismatched ({fairness_mismatch})"
    );
    assert!(series >= 15 && series_mismatch >= 5, "series seen ({series}) and mismatched ({series_mismatch})");
    assert!(outside_windows >= 5, "starts inside none of several windows seen {outside_windows} times");
    assert!(breaks_missing >= 20, "work blocks without a break seen {breaks_missing} times");
    assert!(worked_limit >= 3, "weekly limits with minutes worked seen {worked_limit} times");
    assert!(feasible >= 50 && infeasible >= 500, "both feasible ({feasible}) and infeasible ({infeasible}) plans");
    for code in [
        "LANGUAGE_NOT_REQUESTED",
        "LANGUAGE_NOT_SERVED",
        "MODALITY_NOT_REQUESTED",
        "MODALITY_NOT_OFFERED",
        "MISSING_SKILL",
        "GENDER_MISMATCH",
        "WRONG_FIXED_START",
        "OUTSIDE_WINDOW",
        "OUTSIDE_HORIZON",
        "OFFICE_CLOSED",
        "MEDIATOR_UNAVAILABLE",
        "OFF_GRID",
        "OVERLAP",
        "TRAVEL_TIME",
        "TRAVEL_UNDEFINED",
        "DAILY_LIMIT",
        "WEEKLY_LIMIT",
        "CAPACITY_EXCEEDED",
        "LOCKED_NOT_KEPT",
        "SESSION_NOT_IN_PERSON",
        "SESSION_LANGUAGE_NOT_IN_WORKSHOP",
        "SESSION_LANGUAGE_NOT_SERVED",
        "SESSION_UNAVAILABLE",
        "MISSING_REQUEST",
        "DUPLICATE_REQUEST",
        "MISSING_SESSION",
        "DUPLICATE_SESSION",
        "SESSION_OUTSIDE_HORIZON",
        "WRONG_UNCOVERED",
        "WRONG_REASON",
        "COST_MISMATCH",
        "WRONG_TYPE",
        "DUPLICATE_KEY",
        "UNKNOWN_FIELD",
        "MISSING_FIELD",
        "UNKNOWN_REFERENCE",
        "BAD_DATETIME",
        "DST_GAP",
        "BAD_REASON_CODE",
        "BAD_VALUE",
        "DUPLICATE_VALUE",
        "DUPLICATE_SESSION_MEDIATOR",
        "UNSUPPORTED_FORMAT",
        // Roles (1.1).
        "ROLES_INCOMPLETE",
        "ROLE_START_DIFFERS",
        "ROLE_SAME_MEDIATOR",
        "DUPLICATE_ROLE",
        "UNEXPECTED_ROLE",
    ] {
        assert!(seen_codes.contains_key(code), "no random solution produced {code}; seen: {seen_codes:?}");
    }
}

/// The spec's 1.1 example (all six features) without its team meeting
/// (`roles`, rule 10, which Ponte does not read yet), under its own break
/// rules and under tighter ones (the network's and m-tesfay's, down to
/// 45 minutes, shorter than the hour of r-102): Ponte's evaluation of the
/// example plan (less the meeting's entries) reports exactly what the
/// checker does, violations, reasons and cost, and the tightest rule does
/// break the plan.
#[test]
fn the_spec_example_of_1_1_without_its_team_meeting_agrees_with_the_checker_under_break_rules() {
    let Some(tools) = shared_tools("the_spec_example_of_1_1_without_its_team_meeting") else { return };
    let examples = tools.checker.parent().unwrap().parent().unwrap().join("spec").join("examples");
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(examples.join(name)).expect("example")).expect("json")
    };
    let (mut problem, mut solution) = (read("example-1.1-problem.json"), read("example-1.1-solution.json"));
    let team: Vec<String> = problem["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("roles").is_some())
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!team.is_empty(), "the example has a request with roles");
    problem["requests"].as_array_mut().unwrap().retain(|r| r.get("roles").is_none());
    solution["assignments"].as_array_mut().unwrap().retain(|a| !team.iter().any(|t| a["request"] == json!(t)));
    assert!(problem["network"].get("breaks").is_some(), "the example uses breaks");
    let dir = scratch_dir("spec-example-1-1");
    let mut cases = Vec::new();
    for (k, rule) in [None, Some((90, 30)), Some((60, 15)), Some((45, 15))].into_iter().enumerate() {
        let mut variant = problem.clone();
        if let Some((after, rest)) = rule {
            let rule = json!({"after_minutes": after, "break_minutes": rest});
            variant["network"]["breaks"] = rule.clone();
            for m in variant["mediators"].as_array_mut().unwrap() {
                if m.get("breaks").is_some() {
                    m["breaks"] = json!({"after_minutes": after - 30, "break_minutes": rest});
                }
            }
        }
        let text = serde_json::to_string_pretty(&variant).unwrap();
        let parsed = Problem::from_json_str(&text).unwrap_or_else(|e| panic!("variant {k}: {:?}", e.errors()));
        let (p, s) = (dir.join(format!("{k}.problem.json")), dir.join(format!("{k}.solution.json")));
        std::fs::write(&p, &text).unwrap();
        std::fs::write(&s, serde_json::to_string_pretty(&solution).unwrap()).unwrap();
        let evaluation = Evaluator::new(&parsed).evaluate(&ponte::json::parse(&solution.to_string()).unwrap());
        cases.push((p, s, evaluation));
    }
    let pairs: Vec<(PathBuf, PathBuf)> = cases.iter().map(|(p, s, _)| (p.clone(), s.clone())).collect();
    let mut broken = 0;
    for ((p, _, evaluation), report) in cases.iter().zip(tools.check_many(&pairs)) {
        let problems = compare(evaluation, &report);
        assert!(problems.is_empty(), "{}:\n  {}", p.display(), problems.join("\n  "));
        broken += evaluation.violations.iter().filter(|v| v.code == "BREAK_MISSING").count();
    }
    assert!(broken > 0, "the tightest rules break the example plan");
}

/// Rule 9's travel in every gap, by hand: r1 in person at office x
/// 09:00-10:00, r2 by phone 10:40-11:10, r3 in person at x 11:10-11:40, r4
/// in person at office y (60 minutes from x) 13:30-14:30, breaks of 30
/// minutes after at most 120. The full plan keeps the rule; without r3 the
/// gap r1-r2 takes the travel from x to y (a phone call in between does not
/// turn it into rest) and 09:00-11:10 is too long; with r2 in person too
/// (at x) the gap takes nothing again. Ponte reports what the checker does.
#[test]
fn travel_taken_from_every_gap_as_the_checker_sees_it() {
    let Some(tools) = shared_tools("travel_taken_from_every_gap_as_the_checker_sees_it") else { return };
    // The day of the comment above (shared with the solver and booking tests), r2 also in person.
    let mut problem: Value = serde_json::from_str(include_str!("../core/tests/data/merging-blocks.json")).unwrap();
    problem["requests"][1]["modalities"] = json!(["phone", "in_person"]);
    let parsed = Problem::from_json_str(&problem.to_string()).expect("valid");
    let entry = |id: &str, start: &str, modality: &str| json!({"request": id, "mediator": "m", "start": format!("2026-12-07T{start}"), "language": "ar", "modality": modality});
    let plan = |entries: Vec<Value>, left: &[&str]| {
        let unassigned: Vec<Value> = left
            .iter()
            .map(|r| json!({"request": r, "reasons": [{"code": "CONFLICT", "message": "left out"}]}))
            .collect();
        json!({"format": "ponte-solution/1", "assignments": entries, "sessions": [], "unassigned": unassigned,
               "cost": {"total": 0, "unassigned": 0, "travel": 0, "language_rank": 0, "modality_rank": 0,
                        "continuity": 0, "preferred_mediator": 0, "delay": 0, "change": 0}})
    };
    let (r1, r3, r4) =
        (entry("r1", "09:00", "in_person"), entry("r3", "11:10", "in_person"), entry("r4", "13:30", "in_person"));
    let plans = [
        plan(vec![r1.clone(), entry("r2", "10:40", "phone"), r3, r4.clone()], &[]),
        plan(vec![r1.clone(), entry("r2", "10:40", "phone"), r4.clone()], &["r3"]),
        plan(vec![r1, entry("r2", "10:40", "in_person"), r4], &["r3"]),
    ];
    let dir = scratch_dir("breaks-by-hand");
    let problem_path = dir.join("problem.json");
    std::fs::write(&problem_path, problem.to_string()).unwrap();
    let evaluator = Evaluator::new(&parsed);
    let mut pairs = Vec::new();
    let mut evaluations = Vec::new();
    for (k, plan) in plans.iter().enumerate() {
        let path = dir.join(format!("plan-{k}.json"));
        std::fs::write(&path, plan.to_string()).unwrap();
        pairs.push((problem_path.clone(), path));
        evaluations.push(evaluator.evaluate(&ponte::json::parse(&plan.to_string()).unwrap()));
    }
    for ((evaluation, report), (_, path)) in evaluations.iter().zip(tools.check_many(&pairs)).zip(&pairs) {
        let problems = compare(evaluation, &report);
        assert!(problems.is_empty(), "{}:\n  {}", path.display(), problems.join("\n  "));
    }
    let missing: Vec<usize> =
        evaluations.iter().map(|e| e.violations.iter().filter(|v| v.code == "BREAK_MISSING").count()).collect();
    assert_eq!(missing, [0, 1, 0]);
}
