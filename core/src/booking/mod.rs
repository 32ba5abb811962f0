//! Operations planners and widgets use between full solves: free-slot
//! search, booking, cancelling and locking on a plan, re-planning after a
//! change with few moves, explanation, and the public availability
//! snapshot. Every operation takes the problem and a feasible plan (a
//! `ponte-solution/1` document) and refuses with a typed error (code, JSON
//! path, message) what it cannot do.
//!
//! Each of those functions reads the plan document again. A service that
//! books on one network for hours keeps a [`LivePlan`] instead: the plan
//! loaded once, free slots and bookings on the loaded state, requests
//! added (validated alone) and removed without reading the rest again, and
//! the document written only when asked (see its documentation for what
//! each operation costs).

mod explain;
mod live;
mod ops;
mod plan;
mod repair;
mod replan;
mod slots;
mod snapshot;

pub use explain::{explain, Coverage, Explanation, MediatorLoad, RequestExplanation};
pub use live::{FrozenPlan, LivePlan};
pub use ops::{book, cancel, lock, BookingChoice, BookingOutcome};
pub use repair::{free_slots_with_repair, RepairOption, SlotMove};
pub use replan::{replan, ReplanOutcome, MOVE_PENALTY, REPLAN_ITERATIONS};
pub use slots::{free_slots, SlotOption, SlotQuery, DEFAULT_LIMIT};
pub use snapshot::{
    free_slots_in_snapshot, pseudonym, pseudonyms, snapshot, Pseudonyms, PublicSnapshot, SnapshotBusy,
    SnapshotLanguage, SnapshotMediator, SnapshotMunicipality, SnapshotOffice, SnapshotTravel, SnapshotWeights,
    SNAPSHOT_FORMAT,
};
