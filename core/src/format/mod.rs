//! The JSON formats: serde data-transfer types of `ponte-problem/1`,
//! `ponte-solution/1` and the public snapshot `ponte-availability/1`, which
//! also generate the committed JSON Schemas.

mod problem;
mod schema;
pub mod snapshot;
mod solution;

pub use problem::{
    AbsenceDoc, BreaksDoc, DayDoc, HolidaysDoc, HorizonDoc, LocationDoc, MediatorDoc, MediatorLanguageDoc,
    MunicipalityDoc, NetworkDoc, OfficeDoc, OrderedMap, PreviousDoc, ProblemDoc, RequestDoc, RoleDoc, SessionDoc,
    TimeRuleDoc, TravelDoc, UnassignedWeightsDoc, WeightsDoc, WindowDoc, WorkedDoc, WorkshopDoc, PROBLEM_FORMAT,
};
pub use schema::{problem_schema, snapshot_schema, solution_schema};
pub use solution::{
    AssignmentDoc, CostDoc, CostSlot, ReasonDoc, SessionMediatorDoc, SessionStaffingDoc, SolutionDoc, UnassignedDoc,
    SOLUTION_FORMAT,
};
