//! The committed JSON Schemas in `schema/` are the ones the data-transfer
//! types generate. `PONTE_UPDATE_SCHEMA=1 cargo test -p ponte --test
//! validate_schema` rewrites them after a change to the format types.

use std::path::PathBuf;

use ponte::format::{problem_schema, snapshot_schema, solution_schema, ProblemDoc};
use serde_json::Value;

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("schema")
}

fn check(name: &str, schema: &Value) {
    let path = schema_dir().join(name);
    let text = serde_json::to_string_pretty(schema).expect("schema is JSON") + "\n";
    if std::env::var_os("PONTE_UPDATE_SCHEMA").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(schema_dir()).expect("create schema/");
        std::fs::write(&path, &text).expect("write schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} differs from the schema the format types generate; rerun with PONTE_UPDATE_SCHEMA=1 and commit it",
        path.display()
    );
}

#[test]
fn committed_problem_schema_is_up_to_date() {
    check("ponte-problem-1.schema.json", &problem_schema());
}

#[test]
fn committed_solution_schema_is_up_to_date() {
    check("ponte-solution-1.schema.json", &solution_schema());
}

#[test]
fn committed_snapshot_schema_is_up_to_date() {
    check("ponte-availability-1.schema.json", &snapshot_schema());
}

#[test]
fn problem_schema_describes_the_format() {
    let schema = problem_schema();
    assert_eq!(schema["properties"]["format"]["const"], "ponte-problem/1");
    assert_eq!(schema["additionalProperties"], false);
    let required: Vec<&str> = schema["required"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(required, ["format", "horizon", "municipalities", "offices", "mediators", "requests"]);
    // The format never accepts null: optional fields are left out instead.
    let text = serde_json::to_string(&schema).unwrap();
    assert!(!text.contains("\"null\""), "{text}");
    assert_eq!(schema["$defs"]["RequestDoc"]["properties"]["duration_minutes"]["minimum"], 1);
}

#[test]
fn example_documents_deserialize_into_the_types() {
    let text = include_str!("data/base-problem.json");
    let doc: ProblemDoc = serde_json::from_str(text).expect("base problem fits ProblemDoc");
    assert_eq!(doc.requests.len(), 6);
    assert!(serde_json::from_str::<ProblemDoc>(r#"{"format": "x", "colour": 1}"#).is_err());
}
