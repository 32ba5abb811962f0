//! The solution as schedules, as the checker's `_Plan` builds it: one
//! assignment per request (the first well-formed one), one staffing per
//! session, the engagements of each mediator in `(start, end, label)`
//! order, and what each office hosts.

use crate::interval::Minute;
use crate::model::Problem;

use super::read::{Assignment, ParsedSolution, Staffing};

/// What an engagement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EngagementOf {
    /// An assigned request (index).
    Request(usize),
    /// A workshop session: workshop index and session index.
    Session(usize, usize),
}

impl EngagementOf {
    /// The checker's label: `request 'id'` or `session 'workshop/session'`.
    pub fn label(self, problem: &Problem) -> String {
        match self {
            EngagementOf::Request(r) => format!("request '{}'", problem.requests()[r].id),
            EngagementOf::Session(w, s) => {
                let workshop = &problem.workshops()[w];
                format!("session '{}/{}'", workshop.id, workshop.sessions[s].id)
            }
        }
    }
}

/// A mediator engaged at an office for `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engagement {
    /// Mediator index.
    pub mediator: usize,
    /// Start.
    pub start: Minute,
    /// End.
    pub end: Minute,
    /// Office index (the request's office or the workshop's).
    pub office: usize,
    /// In person (sessions always are; requests when the modality written is `in_person`).
    pub in_person: bool,
    /// What it is.
    pub of: EngagementOf,
    /// `request 'id'` or `session 'workshop/session'` (the order's tie-breaker).
    pub label: String,
}

impl Engagement {
    /// Engaged minutes.
    pub fn duration(&self) -> i64 {
        self.end - self.start
    }
}

/// The solution as schedules.
#[derive(Debug)]
pub struct Plan<'a> {
    problem: &'a Problem,
    parsed: &'a ParsedSolution,
    /// Per request, the index in `parsed.assignments` of its first well-formed assignment.
    assigned: Vec<Option<usize>>,
    /// Indices in `parsed.assignments` of the assignments in the plan, in document order.
    assigned_order: Vec<usize>,
    /// Per workshop, per session: the index in `parsed.staffings` of its first staffing.
    staffed: Vec<Vec<Option<usize>>>,
    /// Indices in `parsed.staffings` of the staffings in the plan, in document order.
    staffed_order: Vec<usize>,
    /// Mediators with engagements, in the order their first engagement was added, with their engagements sorted.
    schedules: Vec<(usize, Vec<Engagement>)>,
    /// Per office: `(start, end, what)` of every assigned request and held session.
    loads: Vec<Vec<(Minute, Minute, EngagementOf)>>,
}

impl<'a> Plan<'a> {
    /// Builds the plan of a parsed solution.
    pub fn new(problem: &'a Problem, parsed: &'a ParsedSolution) -> Plan<'a> {
        let mut assigned = vec![None; problem.requests().len()];
        let mut assigned_order = Vec::new();
        for (i, a) in parsed.assignments.iter().enumerate() {
            if assigned[a.request].is_none() {
                assigned[a.request] = Some(i);
                assigned_order.push(i);
            }
        }
        let mut staffed: Vec<Vec<Option<usize>>> =
            problem.workshops().iter().map(|w| vec![None; w.sessions.len()]).collect();
        let mut staffed_order = Vec::new();
        for (i, s) in parsed.staffings.iter().enumerate() {
            if staffed[s.workshop][s.session].is_none() {
                staffed[s.workshop][s.session] = Some(i);
                staffed_order.push(i);
            }
        }

        let mut slot_of = vec![usize::MAX; problem.mediators().len()];
        let mut schedules: Vec<(usize, Vec<Engagement>)> = Vec::new();
        let mut add = |e: Engagement| {
            if slot_of[e.mediator] == usize::MAX {
                slot_of[e.mediator] = schedules.len();
                schedules.push((e.mediator, Vec::new()));
            }
            schedules[slot_of[e.mediator]].1.push(e);
        };
        for &i in &assigned_order {
            let a = &parsed.assignments[i];
            let request = &problem.requests()[a.request];
            let of = EngagementOf::Request(a.request);
            add(Engagement {
                mediator: a.mediator,
                start: a.start,
                end: a.start + request.duration,
                office: request.office,
                in_person: a.in_person(),
                of,
                label: of.label(problem),
            });
        }
        for &i in &staffed_order {
            let staffing = &parsed.staffings[i];
            let workshop = &problem.workshops()[staffing.workshop];
            let session = &workshop.sessions[staffing.session];
            let of = EngagementOf::Session(staffing.workshop, staffing.session);
            let label = of.label(problem);
            for (mediator, _) in &staffing.mediators {
                add(Engagement {
                    mediator: *mediator,
                    start: session.start,
                    end: session.end(),
                    office: workshop.office,
                    in_person: true,
                    of,
                    label: label.clone(),
                });
            }
        }
        for (_, engagements) in &mut schedules {
            engagements.sort_by(|x, y| (x.start, x.end, &x.label).cmp(&(y.start, y.end, &y.label)));
        }

        let mut loads = vec![Vec::new(); problem.offices().len()];
        for &i in &assigned_order {
            let a = &parsed.assignments[i];
            let request = &problem.requests()[a.request];
            loads[request.office].push((a.start, a.start + request.duration, EngagementOf::Request(a.request)));
        }
        for (w, workshop) in problem.workshops().iter().enumerate() {
            for (s, session) in problem.held_sessions(w) {
                loads[workshop.office].push((session.start, session.end(), EngagementOf::Session(w, s)));
            }
        }
        Plan { problem, parsed, assigned, assigned_order, staffed, staffed_order, schedules, loads }
    }

    /// The problem.
    pub fn problem(&self) -> &'a Problem {
        self.problem
    }

    /// The parsed solution.
    pub fn parsed(&self) -> &'a ParsedSolution {
        self.parsed
    }

    /// The assignment of a request in the plan (its first well-formed one).
    pub fn assignment(&self, request: usize) -> Option<&'a Assignment> {
        self.assigned[request].map(|i| &self.parsed.assignments[i])
    }

    /// The assignments in the plan, one per assigned request, in document order.
    pub fn assignments(&self) -> impl Iterator<Item = &'a Assignment> + '_ {
        self.assigned_order.iter().map(|&i| &self.parsed.assignments[i])
    }

    /// The staffing of a held session in the plan (its first well-formed one).
    pub fn staffing(&self, workshop: usize, session: usize) -> Option<&'a Staffing> {
        self.staffed[workshop][session].map(|i| &self.parsed.staffings[i])
    }

    /// The staffings in the plan, one per session, in document order.
    pub fn staffings(&self) -> impl Iterator<Item = &'a Staffing> + '_ {
        self.staffed_order.iter().map(|&i| &self.parsed.staffings[i])
    }

    /// Each mediator with engagements and their engagements in `(start, end, label)` order.
    pub fn schedules(&self) -> &[(usize, Vec<Engagement>)] {
        &self.schedules
    }

    /// What an office hosts: every assigned request (any modality) and every
    /// held session (staffed or not), each once.
    pub fn office_load(&self, office: usize) -> &[(Minute, Minute, EngagementOf)] {
        &self.loads[office]
    }
}
