//! JSON Schemas of the three documents, generated from the data-transfer
//! types (draft 2020-12). The committed copies live in `schema/` at the
//! repository root; a test regenerates them and fails when they differ.
//!
//! The format never accepts `null` (an optional field is left out instead),
//! so the `null` that schemars allows for every `Option` is taken out.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::Value;

use super::snapshot::{PublicSnapshot, SNAPSHOT_FORMAT};
use super::{ProblemDoc, SolutionDoc, PROBLEM_FORMAT, SOLUTION_FORMAT};

/// The JSON Schema of `ponte-problem/1`.
///
/// ```
/// let schema = ponte::format::problem_schema();
/// assert_eq!(schema["title"], "ponte-problem/1");
/// ```
pub fn problem_schema() -> Value {
    schema_of::<ProblemDoc>(PROBLEM_FORMAT)
}

/// The JSON Schema of `ponte-solution/1`.
pub fn solution_schema() -> Value {
    schema_of::<SolutionDoc>(SOLUTION_FORMAT)
}

/// The JSON Schema of `ponte-availability/1`, the public snapshot.
pub fn snapshot_schema() -> Value {
    schema_of::<PublicSnapshot>(SNAPSHOT_FORMAT)
}

fn schema_of<T: JsonSchema>(format: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    remove_null(&mut schema);
    if let Value::Object(root) = &mut schema {
        root.insert("title".into(), Value::String(format.to_string()));
        if let Some(Value::Object(properties)) = root.get_mut("properties") {
            if let Some(Value::Object(field)) = properties.get_mut("format") {
                field.insert("const".into(), Value::String(format.to_string()));
            }
        }
    }
    schema
}

/// Removes `null` from every `type` list and every `anyOf` alternative.
fn remove_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            let any_of = map.get_mut("anyOf").and_then(Value::as_array_mut).map(|alternatives| {
                alternatives.retain(|a| a.get("type").and_then(Value::as_str) != Some("null"));
                alternatives.len() == 1
            });
            if any_of == Some(true) {
                if let Some(Value::Array(mut alternatives)) = map.remove("anyOf") {
                    if let Some(Value::Object(inner)) = alternatives.pop() {
                        for (k, v) in inner {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            for v in map.values_mut() {
                remove_null(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(remove_null),
        _ => {}
    }
}
