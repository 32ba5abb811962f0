//! Operations planners and widgets use between full solves: free-slot
//! search, booking, cancelling and locking on a plan, re-planning after a
//! change with few moves, explanation, and the public availability
//! snapshot. Every operation takes the problem and a feasible plan (a
//! `ponte-solution/1` document) and refuses with a typed error (code, JSON
//! path, message) what it cannot do.

mod explain;
mod live;
mod ops;
mod plan;
mod repair;
mod replan;
mod slots;
mod snapshot;

pub use explain::{explain, Coverage, Explanation, MediatorLoad, RequestExplanation};
pub use live::LivePlan;
pub use ops::{book, cancel, lock, BookingChoice, BookingOutcome};
pub use repair::{free_slots_with_repair, RepairOption, SlotMove};
pub use replan::{replan, ReplanOutcome, MOVE_PENALTY, REPLAN_ITERATIONS};
pub use slots::{free_slots, SlotOption, SlotQuery, DEFAULT_LIMIT};
pub use snapshot::{
    free_slots_in_snapshot, pseudonym, pseudonyms, snapshot, Pseudonyms, PublicSnapshot, SnapshotBusy,
    SnapshotLanguage, SnapshotMediator, SnapshotMunicipality, SnapshotOffice, SnapshotTravel, SnapshotWeights,
    SNAPSHOT_FORMAT,
};
