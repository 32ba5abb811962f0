//! Every spelling of the cost terms agrees with the one list,
//! `ponte::cost_terms::COST_TERMS`: a term added, removed, renamed or
//! reordered anywhere else fails here, naming the place.

use std::path::PathBuf;

use ponte::booking::SnapshotWeights;
use ponte::cost_terms::{COST_KEYS, COST_TERMS, TERM_KEYS};
use ponte::evaluate::ClaimedCost;
use ponte::format::{problem_schema, solution_schema, CostDoc, WeightsDoc};
use ponte::model::Weights;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// An object's keys in written order (serde_json's map sorts them; the
/// crate's strict reader keeps the order).
fn ordered_keys(text: &str) -> Vec<String> {
    let parsed = ponte::json::parse(text).expect("json");
    parsed.as_object().expect("an object").keys().into_iter().map(str::to_string).collect()
}

fn keys_in_order<T: serde::Serialize>(value: &T) -> Vec<String> {
    ordered_keys(&serde_json::to_string(value).expect("json"))
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The property names of a `$defs` entry of a schema, sorted (a schema's
/// properties have no order).
fn schema_properties(schema: &Value, def: &str) -> Vec<String> {
    schema["$defs"][def]["properties"].as_object().expect("properties").keys().cloned().collect()
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut out = strings(list);
    out.sort();
    out
}

#[test]
fn the_solution_cost_is_total_then_the_terms() {
    // The terms of 1.1 are in a cost when the problem has them (Some).
    let every = CostDoc { fairness: Some(0), series: Some(0), ..CostDoc::default() };
    let doc_text = serde_json::to_string(&every).expect("json");
    assert_eq!(ordered_keys(&doc_text), strings(&COST_KEYS), "CostDoc's fields");
    let names: Vec<&str> = every.terms().iter().map(|(k, _)| *k).collect();
    assert_eq!(names, TERM_KEYS, "CostDoc::terms");
    let of_1_0: Vec<&str> = COST_TERMS.iter().filter(|t| !t.optional).map(|t| t.key).collect();
    let names: Vec<&str> = CostDoc::default().terms().iter().map(|(k, _)| *k).collect();
    assert_eq!(names, of_1_0, "a cost without the terms of 1.1");
    let text = serde_json::to_string(&CostDoc::default()).expect("json");
    assert!(COST_TERMS.iter().filter(|t| t.optional).all(|t| !text.contains(t.key)), "left out when absent: {text}");
    assert_eq!(schema_properties(&solution_schema(), "CostDoc"), sorted(&COST_KEYS), "the solution schema's cost");
}

#[test]
fn the_claimed_cost_reads_every_key() {
    let full = CostDoc {
        total: 1,
        unassigned: 2,
        travel: 3,
        language_rank: 4,
        modality_rank: 5,
        continuity: 6,
        preferred_mediator: 7,
        delay: 8,
        change: 9,
        fairness: Some(10),
        series: Some(11),
    };
    let v = |x: i64| Some(i128::from(x));
    let claimed = ClaimedCost {
        total: v(full.total),
        unassigned: v(full.unassigned),
        travel: v(full.travel),
        language_rank: v(full.language_rank),
        modality_rank: v(full.modality_rank),
        continuity: v(full.continuity),
        preferred_mediator: v(full.preferred_mediator),
        delay: v(full.delay),
        change: v(full.change),
        fairness: v(10),
        series: v(11),
    };
    assert_eq!(keys_in_order(&claimed), strings(&COST_KEYS), "ClaimedCost's fields");
    for (i, key) in COST_KEYS.iter().enumerate() {
        assert_eq!(claimed.get(key), Some(i as i128 + 1), "ClaimedCost::get({key})");
    }
    assert_eq!(claimed.to_cost_doc(), Some(full), "ClaimedCost::to_cost_doc");
    let left_out = ClaimedCost { fairness: None, ..claimed };
    assert_eq!(left_out.to_cost_doc(), Some(CostDoc { fairness: None, ..full }), "a term of 1.1 may be left out");
    let short = ClaimedCost { change: None, ..claimed };
    assert_eq!(short.to_cost_doc(), None, "a term of 1.0 may not");
}

#[test]
fn the_weights_have_one_entry_per_term() {
    let doc_text = serde_json::to_string(&WeightsDoc {
        unassigned: Some(Default::default()),
        travel: Some(0),
        language_rank: Some(0),
        modality_rank: Some(0),
        continuity: Some(0),
        preferred_mediator: Some(0),
        delay: Some(0),
        change: Some(0),
        fairness: Some(0),
        series: Some(0),
    })
    .expect("json");
    assert_eq!(ordered_keys(&doc_text), strings(&TERM_KEYS), "WeightsDoc's fields");
    assert_eq!(schema_properties(&problem_schema(), "WeightsDoc"), sorted(&TERM_KEYS), "the problem schema's weights");
    // The model's weights: field names as Debug writes them.
    let debug = format!("{:?}", Weights::default());
    let inner = debug.trim_start_matches("Weights {").trim_end_matches('}');
    let fields: Vec<&str> = inner
        .split(", ")
        .filter_map(|part| part.split_once(':').map(|(k, _)| k.trim()))
        .filter(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    assert_eq!(fields, TERM_KEYS, "model::Weights' fields");
}

#[test]
fn the_snapshot_weights_are_the_terms_that_rank_options_in_order() {
    let weights = SnapshotWeights { travel: 0, language_rank: 0, modality_rank: 0, preferred_mediator: 0, delay: 0 };
    let keys = keys_in_order(&weights);
    let mut rest = TERM_KEYS.iter();
    for key in &keys {
        assert!(rest.any(|t| t == key), "snapshot weight {key} is not a cost term, or out of the list's order");
    }
}

#[test]
fn python_cost_has_total_then_the_terms() {
    let path = repo().join("python").join("ponte").join("_records.py");
    let text = std::fs::read_to_string(&path).expect("read _records.py");
    let body = text.split("class Cost:").nth(1).expect("_records.py defines class Cost");
    let body = body.split("\n    def ").next().unwrap_or(body);
    let fields: Vec<String> = body
        .lines()
        .filter_map(|l| l.strip_prefix("    ").and_then(|l| l.split_once(": int")).map(|(k, _)| k.trim().to_string()))
        .collect();
    assert_eq!(fields, strings(&COST_KEYS), "Python's Cost in {}", path.display());
}

#[test]
fn typescript_cost_term_is_the_list() {
    let path = repo().join("wasm").join("types").join("ponte.d.ts");
    let text = std::fs::read_to_string(&path).expect("read ponte.d.ts");
    let union = text.split("export type CostTerm =").nth(1).expect("ponte.d.ts defines CostTerm");
    let union = union.split(';').next().unwrap_or(union);
    let terms: Vec<String> =
        union.split('|').map(|t| t.trim().trim_matches('"').to_string()).filter(|t| !t.is_empty()).collect();
    assert_eq!(terms, strings(&TERM_KEYS), "TypeScript's CostTerm in {}", path.display());
    let optional: Vec<String> = COST_TERMS.iter().filter(|t| t.optional).map(|t| format!("\"{}\"", t.key)).collect();
    assert!(
        text.contains(&format!("export type OptionalCostTerm = {};", optional.join(" | "))),
        "TypeScript's OptionalCostTerm is the terms of 1.1"
    );
    assert!(
        text.contains(
            "export type Cost = { total: number } & Record<Exclude<CostTerm, OptionalCostTerm>, number> &\n  Partial<Record<OptionalCostTerm, number>>;"
        ),
        "TypeScript's Cost is total plus every CostTerm, those of 1.1 optional"
    );
}

#[test]
fn every_term_has_a_report_label_in_each_language() {
    for key in TERM_KEYS {
        for italian in [true, false] {
            let label = ponte::evaluate::terms::label(key, italian);
            assert!(label.is_some_and(|l| !l.is_empty()), "no label for {key} (italian: {italian})");
        }
        assert_ne!(ponte::evaluate::terms::label(key, true), ponte::evaluate::terms::label(key, false), "{key}");
    }
    assert_eq!(ponte::evaluate::terms::label("no_such_term", true), None);
}
