//! The solution as schedules, as the checker's `_Plan` builds it: one
//! assignment per request (the first well-formed one; for a request with
//! roles, the first well-formed one of each role), one staffing per
//! session, the engagements of each mediator in `(start, end, label)`
//! order, and what each office hosts.

use crate::interval::Minute;
use crate::model::Problem;

use super::read::{Assignment, ParsedSolution, Staffing};

/// What an engagement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EngagementOf {
    /// An assigned request (index); at an office, also a request with roles (one meeting).
    Request(usize),
    /// One role's entry of a request with roles: request and role index.
    Role(usize, usize),
    /// A workshop session: workshop index and session index.
    Session(usize, usize),
}

impl EngagementOf {
    /// The checker's label: `request 'id'` or `session 'workshop/session'`.
    pub fn label(self, problem: &Problem) -> String {
        match self {
            EngagementOf::Request(r) => format!("request '{}'", problem.requests()[r].id),
            EngagementOf::Role(r, k) => format!("request '{}' role {k}", problem.requests()[r].id),
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
    /// Indices in `parsed.assignments` of the assignments in the plan, in
    /// document order (requests without roles).
    assigned_order: Vec<usize>,
    /// Per request with roles, per role: the index in `parsed.assignments`
    /// of its first well-formed entry (empty for a request without roles).
    role_entries: Vec<Vec<Option<usize>>>,
    /// The requests with role entries in the plan, in the order their first entry was read.
    role_order: Vec<usize>,
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
        let mut role_entries: Vec<Vec<Option<usize>>> =
            problem.requests().iter().map(|r| vec![None; r.roles.len()]).collect();
        let mut role_order = Vec::new();
        for (i, a) in parsed.assignments.iter().enumerate() {
            match a.role {
                None if assigned[a.request].is_none() => {
                    assigned[a.request] = Some(i);
                    assigned_order.push(i);
                }
                None => {}
                Some(k) => {
                    let entries = &mut role_entries[a.request];
                    if entries.iter().all(Option::is_none) {
                        role_order.push(a.request);
                    }
                    if entries[k].is_none() {
                        entries[k] = Some(i);
                    }
                }
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
        // A request's entry (one mediator, or one role of a request with roles).
        let entry = |a: &Assignment, of: EngagementOf| {
            let request = &problem.requests()[a.request];
            Engagement {
                mediator: a.mediator,
                start: a.start,
                end: a.start + request.duration,
                office: request.office,
                in_person: a.in_person(),
                of,
                label: of.label(problem),
            }
        };
        for &i in &assigned_order {
            let a = &parsed.assignments[i];
            add(entry(a, EngagementOf::Request(a.request)));
        }
        for &r in &role_order {
            for (k, i) in role_entries[r].iter().enumerate() {
                let Some(a) = i.map(|i| &parsed.assignments[i]) else { continue };
                add(entry(a, EngagementOf::Role(r, k)));
            }
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
        // A request with roles is one meeting: once per start.
        for &r in &role_order {
            let request = &problem.requests()[r];
            let mut starts: Vec<Minute> =
                role_entries[r].iter().flatten().map(|&i| parsed.assignments[i].start).collect();
            starts.sort_unstable();
            starts.dedup();
            for start in starts {
                loads[request.office].push((start, start + request.duration, EngagementOf::Request(r)));
            }
        }
        for (w, workshop) in problem.workshops().iter().enumerate() {
            for (s, session) in problem.held_sessions(w) {
                loads[workshop.office].push((session.start, session.end(), EngagementOf::Session(w, s)));
            }
        }
        Plan {
            problem,
            parsed,
            assigned,
            assigned_order,
            role_entries,
            role_order,
            staffed,
            staffed_order,
            schedules,
            loads,
        }
    }

    /// The problem.
    pub fn problem(&self) -> &'a Problem {
        self.problem
    }

    /// The parsed solution.
    pub fn parsed(&self) -> &'a ParsedSolution {
        self.parsed
    }

    /// The assignment of a request in the plan (its first well-formed one);
    /// for a request with roles, role 0's entry when every role has one
    /// (the request counts as assigned only then).
    pub fn assignment(&self, request: usize) -> Option<&'a Assignment> {
        if self.role_entries[request].is_empty() {
            self.assigned[request].map(|i| &self.parsed.assignments[i])
        } else {
            self.served(request).map(|entries| entries[0])
        }
    }

    /// How a request is served when it is wholly assigned: its assignment,
    /// or one entry per role in role order for a request with roles.
    pub fn served(&self, request: usize) -> Option<Vec<&'a Assignment>> {
        if self.role_entries[request].is_empty() {
            return self.assigned[request].map(|i| vec![&self.parsed.assignments[i]]);
        }
        self.role_entries[request].iter().map(|i| i.map(|i| &self.parsed.assignments[i])).collect()
    }

    /// The entries of request `request`'s roles in the plan, by role.
    pub fn role_entries(&self, request: usize) -> impl Iterator<Item = (usize, &'a Assignment)> + '_ {
        self.role_entries[request].iter().enumerate().filter_map(|(k, i)| i.map(|i| (k, &self.parsed.assignments[i])))
    }

    /// Whether some assignment entry of the request is in the plan.
    pub fn mentioned(&self, request: usize) -> bool {
        self.assigned[request].is_some() || self.role_entries[request].iter().any(Option::is_some)
    }

    /// The assignment entries in the plan: one per request without roles,
    /// in document order, then one per role of the requests with roles.
    pub fn assignments(&self) -> impl Iterator<Item = &'a Assignment> + '_ {
        let roles = self.role_order.iter().flat_map(|&r| self.role_entries[r].iter().flatten());
        self.assigned_order.iter().chain(roles).map(|&i| &self.parsed.assignments[i])
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
