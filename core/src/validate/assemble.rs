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
    let document: ProblemDoc = serde_json::from_value(value.to_serde()).map_err(|e| {
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
