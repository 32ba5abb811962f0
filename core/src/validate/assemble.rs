//! From a document without errors to the [`Problem`] model.

use super::reader::{List, ProblemReader};
use crate::error::InputError;
use crate::format::ProblemDoc;
use crate::json::JsonValue;
use crate::model::{Holidays, Problem, ProblemParts};

/// The model of a document whose reading found no error; an internal
/// error (never expected) when some part is unexpectedly missing.
pub(super) fn assemble(value: &JsonValue, mut reader: ProblemReader<'_>) -> Result<Problem, InputError> {
    let internal = |what: &str| InputError::new("BAD_VALUE", "$", format!("internal error: {what} was not read"));
    let mut text = String::new();
    write_json(value, &mut text);
    let document: ProblemDoc = serde_json::from_str(&text).map_err(|e| {
        InputError::new("BAD_VALUE", "$", format!("internal error: the document does not deserialize: {e}"))
    })?;
    let clock = reader.clock.take().ok_or_else(|| internal("the clock"))?;
    let (horizon_start, horizon_end) = reader.horizon.ok_or_else(|| internal("the horizon"))?;
    let municipalities: Option<Vec<_>> = std::mem::take(&mut reader.municipalities).into_iter().collect();
    let offices: Option<Vec<_>> = std::mem::take(&mut reader.offices).into_iter().collect();
    let mediators: Option<Vec<_>> = std::mem::take(&mut reader.mediators).into_iter().collect();
    let requests: Option<Vec<_>> = std::mem::take(&mut reader.requests).into_iter().collect();
    let workshops: Option<Vec<_>> = std::mem::take(&mut reader.workshops).into_iter().collect();
    let mut travel_matrix = Vec::with_capacity(reader.matrix_entries.len());
    for (a, b, minutes) in &reader.matrix_entries {
        let a = reader.index_of(List::Municipalities, a).ok_or_else(|| internal("a matrix municipality"))?;
        let b = reader.index_of(List::Municipalities, b).ok_or_else(|| internal("a matrix municipality"))?;
        travel_matrix.push(((a, b), *minutes));
    }
    let parts = ProblemParts {
        document,
        name: reader.network_name.take(),
        timezone: reader.tz_name.clone(),
        clock,
        slot_minutes: reader.slot_minutes.ok_or_else(|| internal("network.slot_minutes"))?,
        holidays: reader.holidays.unwrap_or(Holidays::None),
        network_closed: std::mem::take(&mut reader.network_closed),
        horizon_start,
        horizon_end,
        municipalities: municipalities.ok_or_else(|| internal("a municipality"))?,
        travel: reader.travel.take().unwrap_or_else(super::places::default_travel),
        travel_matrix,
        offices: offices.ok_or_else(|| internal("an office"))?,
        mediators: mediators.ok_or_else(|| internal("a mediator"))?,
        requests: requests.ok_or_else(|| internal("a request"))?,
        workshops: workshops.ok_or_else(|| internal("a workshop"))?,
        weights: reader.weights.unwrap_or_default(),
    };
    Ok(Problem::assemble(parts))
}

/// Writes a (valid, hence shallow) document as JSON text, keys in the order
/// written, so that the kept document keeps the travel matrix's order.
fn write_json(value: &JsonValue, out: &mut String) {
    match value {
        JsonValue::Null => out.push_str("null"),
        JsonValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        JsonValue::Integer(i) => out.push_str(&i.to_string()),
        JsonValue::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(number) => out.push_str(&number.to_string()),
            None => out.push_str("null"),
        },
        JsonValue::String(s) => out.push_str(&quote(s)),
        JsonValue::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        JsonValue::Object(object) => {
            out.push('{');
            for (i, (key, item)) in object.entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&quote(key));
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
