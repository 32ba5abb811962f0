//! Every input error code of the format, each from one small change to a
//! valid problem (the checker's `base-problem.json`), with its JSON path;
//! and text that is not JSON gives `INVALID_JSON`, never a panic.
//!
//! Set `PONTE_DUMP_CASES=DIR` to write each case's document there, so the
//! independent checker can be run on the same files.

use ponte::validate::validate_str;
use ponte::{InputError, PonteError, Problem};
use serde_json::{json, Value};

const BASE: &str = include_str!("data/base-problem.json");

fn base() -> Value {
    serde_json::from_str(BASE).expect("base problem is JSON")
}

/// `doc[path...] = value`, with path segments as `"key"` or `"3"`.
fn set(doc: &mut Value, path: &str, value: Value) {
    *at(doc, path) = value;
}

fn at<'a>(doc: &'a mut Value, path: &str) -> &'a mut Value {
    path.split('.').fold(doc, |v, key| match key.parse::<usize>() {
        Ok(i) => &mut v[i],
        Err(_) => &mut v[key],
    })
}

fn remove(doc: &mut Value, path: &str) {
    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
    let parent = if parent.is_empty() { doc } else { at(doc, parent) };
    parent.as_object_mut().expect("an object").remove(key);
}

type Change = fn(&mut Value);

/// `(code, path, change)`: the change must give an error with that code at that path.
const CASES: &[(&str, &str, Change)] = &[
    ("WRONG_TYPE", "requests[0].duration_minutes", |d| set(d, "requests.0.duration_minutes", json!("60"))),
    ("WRONG_TYPE", "offices[1].capacity", |d| set(d, "offices.1.capacity", json!(1.0))),
    ("WRONG_TYPE", "municipalities", |d| set(d, "municipalities", json!({}))),
    ("UNKNOWN_FIELD", "requests[0].duration", |d| set(d, "requests.0.duration", json!(60))),
    ("UNKNOWN_FIELD", "[\"odd key\"]", |d| set(d, "odd key", json!(1))),
    ("MISSING_FIELD", "offices[0].opening", |d| remove(d, "offices.0.opening")),
    ("MISSING_FIELD", "horizon", |d| remove(d, "horizon")),
    ("BAD_VALUE", "network.slot_minutes", |d| set(d, "network.slot_minutes", json!(7))),
    ("BAD_VALUE", "requests[1].duration_minutes", |d| set(d, "requests.1.duration_minutes", json!(0))),
    ("BAD_VALUE", "municipalities[0].location.lat", |d| set(d, "municipalities.0.location.lat", json!(91))),
    ("BAD_VALUE", "travel.speed_kmh", |d| set(d, "travel.speed_kmh", json!(0))),
    ("BAD_VALUE", "mediators[0].modalities", |d| set(d, "mediators.0.modalities", json!([]))),
    ("BAD_VALUE", "requests[0].priority", |d| set(d, "requests.0.priority", json!("critical"))),
    ("BAD_VALUE", "offices[1].capacity", |d| set(d, "offices.1.capacity", json!(9_007_199_254_740_992u64))),
    ("BAD_ID", "mediators[2].id", |d| set(d, "mediators.2.id", json!("m".repeat(65)))),
    ("BAD_ID", "offices[2].id", |d| set(d, "offices.2.id", json!(""))),
    ("UNSUPPORTED_FORMAT", "format", |d| set(d, "format", json!("ponte-problem/2"))),
    ("BAD_TIMEZONE", "network.timezone", |d| set(d, "network.timezone", json!("Europe/Roma"))),
    ("BAD_HORIZON", "horizon", |d| set(d, "horizon.start", json!("2026-12-14"))),
    ("BAD_HORIZON", "horizon", |d| set(d, "horizon.end", json!("2099-12-13"))),
    ("BAD_DATE", "network.closed[0]", |d| set(d, "network.closed.0", json!("2026-12-32"))),
    ("BAD_DATE", "horizon.start", |d| set(d, "horizon.start", json!("0000-12-07"))),
    ("BAD_TIME", "offices[0].opening[0].from", |d| set(d, "offices.0.opening.0.from", json!("9:00"))),
    ("BAD_TIME", "offices[0].opening[0].from", |d| set(d, "offices.0.opening.0.from", json!("24:00"))),
    ("BAD_DATETIME", "requests[1].earliest", |d| set(d, "requests.1.earliest", json!("2026-12-07 14:00"))),
    ("DST_GAP", "requests[2].start", |d| set(d, "requests.2.start", json!("2026-03-29T02:30"))),
    ("DST_GAP", "mediators[2].availability[0].from", |d| {
        set(d, "horizon", json!({"start": "2026-03-23", "end": "2026-03-29"}));
        set(d, "mediators.2.availability.0", json!({"days": ["sun"], "from": "02:15", "to": "05:00"}));
    }),
    ("BAD_RULE", "offices[0].opening[0]", |d| set(d, "offices.0.opening.0.date", json!("2026-12-07"))),
    ("BAD_RULE", "offices[0].opening[0]", |d| remove(d, "offices.0.opening.0.days")),
    ("EMPTY_INTERVAL", "offices[0].opening[0]", |d| set(d, "offices.0.opening.0.to", json!("09:00"))),
    ("EMPTY_INTERVAL", "mediators[0].absences[0]", |d| set(d, "mediators.0.absences.0.to", json!("2026-12-09T00:00"))),
    ("DUPLICATE_VALUE", "requests[0].languages[1]", |d| set(d, "requests.0.languages", json!(["ti", "ti"]))),
    ("DUPLICATE_VALUE", "mediators[1].languages[2].code", |d| set(d, "mediators.1.languages.2.code", json!("ur"))),
    ("DUPLICATE_VALUE", "offices[0].opening[0].days[1]", |d| set(d, "offices.0.opening.0.days", json!(["mon", "mon"]))),
    ("DUPLICATE_ID", "requests[1].id", |d| set(d, "requests.1.id", json!("r-001"))),
    ("DUPLICATE_ID", "workshops[0].sessions[1].id", |d| set(d, "workshops.0.sessions.1.id", json!("s1"))),
    ("UNKNOWN_REFERENCE", "requests[0].office", |d| set(d, "requests.0.office", json!("rozano-sportello"))),
    ("UNKNOWN_REFERENCE", "travel.minutes.ghost", |d| set(d, "travel.minutes.ghost", json!({"opera": 3}))),
    ("UNKNOWN_REFERENCE", "requests[0].previous.mediator", |d| set(d, "requests.0.previous.mediator", json!("m-x"))),
    ("BAD_LANGUAGE_TAG", "mediators[0].languages[0].code", |d| set(d, "mediators.0.languages.0.code", json!("AR"))),
    ("BAD_LANGUAGE_TAG", "workshops[0].languages[2]", |d| set(d, "workshops.0.languages.2", json!("es-"))),
    ("TRAVEL_SELF", "travel.minutes.rozzano.rozzano", |d| set(d, "travel.minutes.rozzano.rozzano", json!(1))),
    ("TRAVEL_ASYMMETRIC", "travel.minutes.rozzano.opera", |d| set(d, "travel.minutes.opera", json!({"rozzano": 15}))),
    ("START_AND_WINDOW", "requests[2]", |d| set(d, "requests.2.earliest", json!("2026-12-07T09:00"))),
    ("INCOMPLETE_WINDOW", "requests[1].latest", |d| remove(d, "requests.1.latest")),
    ("INCOMPLETE_WINDOW", "requests[2].start", |d| remove(d, "requests.2.start")),
    ("WINDOW_TOO_SHORT", "requests[1].latest", |d| set(d, "requests.1.latest", json!("2026-12-07T15:00"))),
    ("LOCKED_WITHOUT_PREVIOUS", "requests[1].locked", |d| set(d, "requests.1.locked", json!(true))),
    ("MISSING_LOCATION", "municipalities[3]", |d| {
        remove(d, "travel.minutes.basiglio");
        set(d, "mediators.2.modalities", json!(["in_person", "phone"]));
    }),
    ("LOCKED_IMPOSSIBLE", "requests[5].locked", |d| set(d, "requests.5.previous.start", json!("2026-12-10T07:00"))),
    ("LOCKED_IMPOSSIBLE", "requests[5].locked", |d| set(d, "mediators.1.max_minutes_per_day", json!(20))),
    ("LOCKED_CONFLICT", "requests[6].locked", |d| {
        let mut twin = d["requests"][5].clone();
        twin["id"] = json!("r-007");
        twin["previous"]["start"] = json!("2026-12-10T09:15");
        d["requests"].as_array_mut().expect("requests").push(twin);
    }),
    ("LOCKED_CONFLICT", "mediators[1]", |d| {
        set(d, "mediators.1.max_minutes_per_day", json!(45));
        let mut twin = d["requests"][5].clone();
        twin["id"] = json!("r-007");
        twin["previous"]["start"] = json!("2026-12-10T11:00");
        d["requests"].as_array_mut().expect("requests").push(twin);
    }),
    ("LOCKED_CONFLICT", "requests[7].locked", |d| {
        // In person only, Rozzano at 09:00-09:30 then Milano at 09:35: 5 minutes, travel needs more.
        let mut first = d["requests"][5].clone();
        first["id"] = json!("r-007");
        first["office"] = json!("rozzano-sportello");
        first["modalities"] = json!(["in_person"]);
        first["earliest"] = json!("2026-12-07T09:00");
        first["latest"] = json!("2026-12-07T12:00");
        first["previous"] = json!({"mediator": "m-bilal", "start": "2026-12-07T09:00"});
        let mut second = first.clone();
        second["id"] = json!("r-008");
        second["office"] = json!("milano-centro");
        second["previous"]["start"] = json!("2026-12-07T09:35");
        d["requests"].as_array_mut().expect("requests").extend([first, second]);
    }),
    ("FIXED_CAPACITY_EXCEEDED", "offices[1].capacity", |d| {
        let session = json!({"id": "s3", "start": "2026-12-09T15:00", "duration_minutes": 60});
        d["workshops"][0]["sessions"].as_array_mut().expect("sessions").push(session);
    }),
];

fn errors_of(doc: &Value) -> Vec<InputError> {
    validate_str(&serde_json::to_string_pretty(doc).expect("serializable"))
}

#[test]
fn the_base_problem_is_valid() {
    let problem = Problem::from_json_str(BASE).expect("valid");
    assert_eq!(problem.requests().len(), 6);
    assert_eq!(problem.mediators().len(), 3);
    assert!(validate_str(BASE).is_empty());
}

#[test]
fn every_error_code_has_its_path() {
    let dump = std::env::var_os("PONTE_DUMP_CASES").map(std::path::PathBuf::from);
    let mut failures = Vec::new();
    for (i, (code, path, change)) in CASES.iter().enumerate() {
        let mut doc = base();
        change(&mut doc);
        if let Some(dir) = &dump {
            std::fs::create_dir_all(dir).expect("dump dir");
            let text = serde_json::to_string_pretty(&doc).expect("serializable");
            std::fs::write(dir.join(format!("case{i:02}.json")), text).expect("write case");
        }
        let errors = errors_of(&doc);
        if !errors.iter().any(|e| e.code == *code && e.path == *path) {
            failures.push(format!("case {i}: expected {code} at {path}, got {errors:?}"));
        }
        if errors.iter().any(|e| e.message.is_empty()) {
            failures.push(format!("case {i}: an empty message in {errors:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_code_of_the_format_is_covered() {
    let codes = [
        "WRONG_TYPE",
        "DUPLICATE_KEY",
        "UNKNOWN_FIELD",
        "MISSING_FIELD",
        "BAD_VALUE",
        "BAD_ID",
        "UNSUPPORTED_FORMAT",
        "BAD_TIMEZONE",
        "BAD_HORIZON",
        "BAD_DATE",
        "BAD_TIME",
        "BAD_DATETIME",
        "DST_GAP",
        "BAD_RULE",
        "EMPTY_INTERVAL",
        "DUPLICATE_VALUE",
        "DUPLICATE_ID",
        "UNKNOWN_REFERENCE",
        "BAD_LANGUAGE_TAG",
        "TRAVEL_SELF",
        "TRAVEL_ASYMMETRIC",
        "START_AND_WINDOW",
        "INCOMPLETE_WINDOW",
        "WINDOW_TOO_SHORT",
        "LOCKED_WITHOUT_PREVIOUS",
        "MISSING_LOCATION",
        "LOCKED_IMPOSSIBLE",
        "LOCKED_CONFLICT",
        "FIXED_CAPACITY_EXCEEDED",
    ];
    for code in codes {
        let in_table = CASES.iter().any(|(c, _, _)| *c == code) || code == "DUPLICATE_KEY";
        assert!(in_table, "no case for {code}");
    }
}

#[test]
fn a_repeated_key_is_an_error_at_its_path() {
    let text = BASE.replacen("\"id\": \"r-002\"", "\"id\": \"r-002\", \"id\": \"r-002\"", 1);
    let errors = validate_str(&text);
    assert_eq!(pairs(&errors), vec![("DUPLICATE_KEY".to_string(), "requests[1].id".to_string())]);
}

#[test]
fn an_unknown_field_suggests_the_right_name() {
    let mut doc = base();
    set(&mut doc, "requests.0.duration", json!(60));
    let errors = errors_of(&doc);
    let unknown = errors.iter().find(|e| e.code == "UNKNOWN_FIELD").expect("unknown field");
    assert_eq!(unknown.message, "unknown field 'duration' (did you mean 'duration_minutes'?)");
}

#[test]
fn one_mistake_gives_one_error() {
    // A bad municipality id is one error, and its office is still checked
    // (it refers to a registered id); a bad office does not make its
    // requests' references fail.
    let mut doc = base();
    set(&mut doc, "offices.0.capacity", json!(-1));
    assert_eq!(pairs(&errors_of(&doc)), vec![("BAD_VALUE".to_string(), "offices[0].capacity".to_string())]);
    let mut doc = base();
    set(&mut doc, "horizon.start", json!("2026-12-99"));
    // No clock: nothing that needs time is reported besides the date itself.
    assert_eq!(pairs(&errors_of(&doc)), vec![("BAD_DATE".to_string(), "horizon.start".to_string())]);
}

#[test]
fn all_errors_are_collected_at_once() {
    let text = r#"{
      "format": "ponte-problem/1",
      "network": {"timezone": "Europe/Roma", "slot_minutes": 7, "holidays": "FR"},
      "horizon": {"start": "2026-12-07", "end": "2026-12-13"},
      "municipalities": [{"id": "a"}, {"id": "a"}],
      "offices": [{"id": "o", "municipality": "zz", "opening": [{"days": ["mon"], "from": "12:00", "to": "09:00"}], "capacity": -1}],
      "mediators": [{"id": "m", "home": "a", "languages": [{"code": "AR", "level": "expert"}],
                     "availability": [{"days": ["mon"], "from": "09:00", "to": "25:00"}]}],
      "requests": [{"id": "r", "office": "o", "languages": ["ar"], "duration_minutes": 0,
                    "earliest": "2026-12-07T09:00", "locked": true, "colour": "red"}]
    }"#;
    let mut found = pairs(&validate_str(text));
    found.sort();
    let mut expected: Vec<(String, String)> = [
        ("BAD_TIMEZONE", "network.timezone"),
        ("BAD_VALUE", "network.slot_minutes"),
        ("BAD_VALUE", "network.holidays"),
        ("DUPLICATE_ID", "municipalities[1].id"),
        ("UNKNOWN_REFERENCE", "offices[0].municipality"),
        ("EMPTY_INTERVAL", "offices[0].opening[0]"),
        ("BAD_VALUE", "offices[0].capacity"),
        ("BAD_LANGUAGE_TAG", "mediators[0].languages[0].code"),
        ("BAD_VALUE", "mediators[0].languages[0].level"),
        ("BAD_TIME", "mediators[0].availability[0].to"),
        ("UNKNOWN_FIELD", "requests[0].colour"),
        ("BAD_VALUE", "requests[0].duration_minutes"),
        ("INCOMPLETE_WINDOW", "requests[0].latest"),
        ("LOCKED_WITHOUT_PREVIOUS", "requests[0].locked"),
    ]
    .iter()
    .map(|(c, p)| (c.to_string(), p.to_string()))
    .collect();
    expected.sort();
    assert_eq!(found, expected);
}

fn pairs(errors: &[InputError]) -> Vec<(String, String)> {
    errors.iter().map(|e| (e.code.clone(), e.path.clone())).collect()
}

#[test]
fn truncated_json_is_invalid_json_never_a_panic() {
    for end in 0..BASE.len() {
        if !BASE.is_char_boundary(end) || BASE[..end].trim_end() == BASE.trim_end() {
            continue;
        }
        match Problem::from_json_str(&BASE[..end]) {
            Err(PonteError::InvalidJson { .. }) => {}
            Err(other) => panic!("prefix of {end} bytes: {other:?}"),
            Ok(_) => panic!("prefix of {end} bytes is valid"),
        }
        assert_eq!(validate_str(&BASE[..end])[0].code, "INVALID_JSON");
    }
}

#[test]
fn corrupted_bytes_never_panic() {
    // A small deterministic generator (xorshift) flips, drops and repeats bytes.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let bytes = BASE.as_bytes();
    for _ in 0..400 {
        let mut corrupted = bytes.to_vec();
        for _ in 0..(next() % 4 + 1) {
            let at = (next() % corrupted.len() as u64) as usize;
            match next() % 3 {
                0 => corrupted[at] = (next() % 256) as u8,
                1 => {
                    corrupted.remove(at);
                }
                _ => corrupted.insert(at, corrupted[at]),
            }
        }
        let result = Problem::from_json_bytes(&corrupted);
        if let Err(error) = result {
            assert!(!error.errors().is_empty());
        }
    }
    for text in ["", "null", "[]", "1e400", "\"\u{0}\"", "{\"format\": 1e999}", "\u{feff}{}"] {
        let errors = validate_str(text);
        assert!(!errors.is_empty(), "{text:?}");
    }
    let deep = "[".repeat(100_000);
    assert_eq!(validate_str(&deep)[0].code, "INVALID_JSON");
    assert_eq!(Problem::from_json_bytes(b"\xff\xfe{}").unwrap_err().code(), "INVALID_JSON");
}

#[test]
fn top_level_shapes_are_refused_with_paths() {
    assert_eq!(pairs(&validate_str("[]")), vec![("WRONG_TYPE".to_string(), "$".to_string())]);
    let found = pairs(&validate_str("{}"));
    for key in ["format", "horizon", "municipalities", "offices", "mediators", "requests"] {
        assert!(found.contains(&("MISSING_FIELD".to_string(), key.to_string())), "{key}: {found:?}");
    }
}

#[test]
fn extreme_dates_and_long_horizons_are_handled() {
    let cases = [
        ("2026-01-01", "2035-12-31", true),
        ("9999-12-25", "9999-12-31", true),
        ("0001-01-01", "0001-01-07", true),
        ("2026-01-01", "2040-12-31", false),
    ];
    for (start, end, valid) in cases {
        let mut doc = base();
        set(&mut doc, "horizon", json!({"start": start, "end": end}));
        set(&mut doc, "requests.5.locked", json!(false)); // its previous start lies in 2026
        let started = std::time::Instant::now();
        let result = Problem::from_json_str(&doc.to_string());
        assert_eq!(result.is_ok(), valid, "{start}..{end}: {result:?}");
        assert!(started.elapsed().as_secs() < 20, "{start}..{end} took {:?}", started.elapsed());
        if let Ok(problem) = result {
            assert!(problem.horizon().1 > 0);
            assert!(problem.offices().iter().all(|o| !o.open.is_empty()), "{start}..{end}");
        }
    }
    // Times at the ends of the calendar are read, not a panic.
    let mut doc = base();
    set(&mut doc, "requests.2.start", json!("9999-12-31T23:59"));
    set(&mut doc, "mediators.0.absences.0", json!({"from": "0001-01-01T00:00", "to": "9999-12-31T23:59"}));
    assert!(Problem::from_json_str(&doc.to_string()).is_ok());
}

/// Three locked requests of one mediator (format 1.1, rule 9): rule 4
/// alone is kept with r1 by phone, rule 9 alone with r1 in person (a
/// remote r1 leaves the travel from office oa to ob in both gaps, so no
/// break), both together by no choice. The checker reports exactly this
/// error; a longer `after_minutes` makes the problem valid.
#[test]
fn locked_requests_keeping_travel_or_breaks_but_not_both() {
    let mut doc: Value = serde_json::from_str(LOCKED_TRAVEL_AND_BREAKS).expect("JSON");
    let errors = validate_str(&doc.to_string());
    let found: Vec<(&str, &str, &str)> =
        errors.iter().map(|e| (e.code.as_str(), e.path.as_str(), e.message.as_str())).collect();
    assert_eq!(
        found,
        [(
            "LOCKED_CONFLICT",
            "requests[2].locked",
            "locked request 'r2' (2026-12-07T11:20) of mediator 'm': no choice of modalities for the locked \
             requests keeps both the travel time (rule 4) and a break of 30 minutes within every 120 minutes of \
             work (rule 9)"
        )]
    );
    set(&mut doc, "network.breaks.after_minutes", json!(170));
    assert_eq!(validate_str(&doc.to_string()), Vec::<InputError>::new());
    // One locked request longer than after_minutes cannot be kept alone.
    set(&mut doc, "network.breaks.after_minutes", json!(45));
    let errors = validate_str(&doc.to_string());
    let impossible: Vec<&str> =
        errors.iter().filter(|e| e.code == "LOCKED_IMPOSSIBLE").map(|e| e.path.as_str()).collect();
    assert_eq!(impossible, ["requests[0].locked"]);
}

const LOCKED_TRAVEL_AND_BREAKS: &str = r#"{"format": "ponte-problem/1",
 "network": {"breaks": {"after_minutes": 120, "break_minutes": 30}},
 "horizon": {"start": "2026-12-07", "end": "2026-12-07"},
 "municipalities": [{"id": "a"}, {"id": "b"}],
 "travel": {"minutes": {"a": {"b": 30}}},
 "offices": [
   {"id": "oa", "municipality": "a", "opening": [{"days": ["mon"], "from": "08:00", "to": "18:00"}]},
   {"id": "ob", "municipality": "b", "opening": [{"days": ["mon"], "from": "08:00", "to": "18:00"}]}],
 "mediators": [{"id": "m", "home": "a", "languages": [{"code": "ar", "level": "native"}],
   "modalities": ["in_person", "phone"],
   "availability": [{"days": ["mon"], "from": "08:00", "to": "18:00"}]}],
 "requests": [
   {"id": "r0", "office": "oa", "languages": ["ar"], "duration_minutes": 60, "start": "2026-12-07T09:00",
    "previous": {"mediator": "m", "start": "2026-12-07T09:00"}, "locked": true},
   {"id": "r1", "office": "ob", "languages": ["ar"], "duration_minutes": 30, "start": "2026-12-07T10:10",
    "modalities": ["in_person", "phone"],
    "previous": {"mediator": "m", "start": "2026-12-07T10:10"}, "locked": true},
   {"id": "r2", "office": "ob", "languages": ["ar"], "duration_minutes": 30, "start": "2026-12-07T11:20",
    "previous": {"mediator": "m", "start": "2026-12-07T11:20"}, "locked": true}]}"#;
