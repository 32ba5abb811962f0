//! Rule 7, first part: a locked request must be keepable alone at its
//! previous mediator and start (`LOCKED_IMPOSSIBLE`).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::reader::ProblemReader;
use crate::interval::{covers, overlaps, Minute};
use crate::model::{Holidays, Mediator, Modality, Office, Request, Timing};
use crate::time::is_italian_holiday;

/// A locked request (one role of a request with roles) whose office and
/// previous mediator(s) were all read.
pub(super) struct Locked<'r> {
    pub(super) index: usize,
    pub(super) request: &'r Request,
    /// The role, for a request with roles.
    pub(super) role: Option<usize>,
    pub(super) mediator_index: usize,
    pub(super) mediator: &'r Mediator,
    pub(super) start: Minute,
}

impl Locked<'_> {
    pub(super) fn end(&self) -> Minute {
        self.start + self.request.duration
    }

    pub(super) fn path(&self) -> String {
        format!("requests[{}].locked", self.index)
    }
}

impl ProblemReader<'_> {
    /// The locked requests the rule-7 checks look at, in file order.
    pub(super) fn locked_requests(&self) -> Vec<Locked<'_>> {
        let mut locked = Vec::new();
        for (index, request) in self.requests.iter().enumerate() {
            let Some(request) = request.as_ref().filter(|r| r.locked) else { continue };
            let Some(previous) = request.previous else { continue };
            let office_read = self.offices.get(request.office).is_some_and(Option::is_some);
            let chosen = request.previous_mediators();
            let mediators: Vec<&Mediator> =
                chosen.iter().filter_map(|&m| self.mediators.get(m).and_then(Option::as_ref)).collect();
            if !office_read || mediators.len() != chosen.len() {
                continue;
            }
            // Each role engages its own mediator.
            for (k, (&mediator_index, mediator)) in chosen.iter().zip(mediators).enumerate() {
                let role = request.has_roles().then_some(k);
                locked.push(Locked { index, request, role, mediator_index, mediator, start: previous.start });
            }
        }
        locked
    }

    /// Rule 7: every error about locked requests and fixed engagements.
    pub(super) fn check_locked(&mut self, travel_ok: bool) {
        let locked = self.locked_requests();
        let mut errors = Vec::new();
        for entry in &locked {
            // Capacity 0 once per request, after its roles' reasons.
            let last_role = entry.role.is_none_or(|k| k + 1 == entry.request.roles.len());
            for reason in self.locked_blockers(entry, last_role) {
                let message = format!("locked request '{}' cannot be kept: {reason}", entry.request.id);
                errors.push(("LOCKED_IMPOSSIBLE", entry.path(), message));
            }
        }
        errors.extend(self.locked_conflicts(&locked, travel_ok));
        errors.extend(self.fixed_capacity_errors());
        drop(locked);
        for (code, path, message) in errors {
            self.error(code, path, message);
        }
    }

    /// Why a locked request (one role of it, each message then headed
    /// `role k: `) cannot be kept alone (empty when it can); the office's
    /// capacity 0 when `with_office`.
    fn locked_blockers(&self, entry: &Locked<'_>, with_office: bool) -> Vec<String> {
        let view;
        let request = match entry.role {
            Some(k) => {
                view = entry.request.role_view(k);
                &view
            }
            None => entry.request,
        };
        let mediator = entry.mediator;
        let m = &mediator.id;
        let mut reasons = Vec::new();
        if !request.languages.iter().any(|l| mediator.serves(l, request.min_level)) {
            let languages = request.languages.join(", ");
            reasons.push(format!("mediator '{m}' serves none of {languages} at {} or better", request.min_level));
        }
        if !request.modalities.iter().any(|x| mediator.offers(*x)) {
            let modalities: Vec<&str> = request.modalities.iter().map(|x| x.as_str()).collect();
            reasons.push(format!("mediator '{m}' offers none of {}", modalities.join(", ")));
        }
        let missing: Vec<&str> = request.skills.difference(&mediator.skills).map(String::as_str).collect();
        if !missing.is_empty() {
            reasons.push(format!("mediator '{m}' lacks skills {}", missing.join(", ")));
        }
        if let Some(gender) = request.mediator_gender.as_ref().filter(|g| mediator.gender.as_ref() != Some(g)) {
            reasons.push(format!("mediator '{m}' is not of gender '{gender}'"));
        }
        reasons.extend(self.placement_problems(entry));
        for (limit, label) in [
            (mediator.max_minutes_per_day, "max_minutes_per_day"),
            (mediator.max_minutes_per_week, "max_minutes_per_week"),
        ] {
            if let Some(limit) = limit.filter(|l| request.duration > *l) {
                reasons.push(format!("its {} minutes exceed mediator '{m}' {label} {limit}", request.duration));
            }
        }
        if let (Some(clock), Some(limit)) = (self.clock.as_ref(), mediator.max_minutes_per_week) {
            let (year, week) = clock.iso_week(entry.start);
            let worked = mediator.worked_in((year, week));
            if worked > 0 && request.duration <= limit && limit < request.duration + worked {
                reasons.push(format!(
                    "its {} minutes and the {worked} minutes mediator '{m}' worked before the horizon in week \
                     {year}-W{week:02} exceed max_minutes_per_week {limit}",
                    request.duration
                ));
            }
        }
        if let Some(rule) = mediator.breaks.filter(|b| request.duration > b.after_minutes) {
            reasons.push(format!(
                "its {} minutes exceed mediator '{m}' breaks.after_minutes {} (rule 9)",
                request.duration, rule.after_minutes
            ));
        }
        if let Some(k) = entry.role {
            for reason in &mut reasons {
                reason.insert_str(0, &format!("role {k}: "));
            }
        }
        if let Some(office) = self.offices[request.office].as_ref().filter(|o| with_office && o.capacity == Some(0)) {
            reasons.push(format!("office '{}' has capacity 0", office.id));
        }
        reasons
    }

    /// Rule 2 at the previous start (the grid aside: a start given in the
    /// problem need not lie on it).
    fn placement_problems(&self, entry: &Locked<'_>) -> Vec<String> {
        let (Some(clock), Some((first, last))) = (self.clock.as_ref(), self.horizon) else {
            return Vec::new();
        };
        let fmt = |minute: Minute| clock.describe(minute);
        let (request, start, end) = (entry.request, entry.start, entry.end());
        let mut problems = Vec::new();
        match request.timing {
            Timing::Fixed(fixed) if fixed != start => {
                problems.push(format!("starts at {} but its fixed start is {}", fmt(start), fmt(fixed)));
            }
            Timing::Fixed(_) => {}
            Timing::Window { .. } if !request.windows.is_empty() => {
                if !request.windows.iter().any(|&(low, high)| low <= start && end <= high) {
                    let shown: Vec<String> =
                        request.windows.iter().map(|&(low, high)| format!("{}..{}", fmt(low), fmt(high))).collect();
                    problems.push(format!(
                        "{}-{} lies inside none of its windows {}",
                        fmt(start),
                        fmt(end),
                        shown.join(", ")
                    ));
                }
            }
            Timing::Window { earliest, latest } => {
                if start < earliest {
                    problems.push(format!("starts at {}, before earliest {}", fmt(start), fmt(earliest)));
                }
                if end > latest {
                    problems.push(format!("ends at {}, after latest {}", fmt(end), fmt(latest)));
                }
            }
        }
        let horizon_end = clock.day_start(last.succ_opt().unwrap_or(last));
        if start < 0 || end > horizon_end {
            problems.push(format!("{}-{} is not inside the horizon {first}..{last}", fmt(start), fmt(end)));
        }
        if let Some(office) = self.offices[request.office].as_ref() {
            if !covers(&office.open, start, end) {
                let detail = self.closed_detail(office, start, end);
                problems.push(format!(
                    "office '{}' is not open for the whole of {}-{}{detail}",
                    office.id,
                    fmt(start),
                    fmt(end)
                ));
            }
        }
        let mediator = entry.mediator;
        if !covers(&mediator.available, start, end) {
            let absent = mediator.absences.iter().any(|a| overlaps(*a, (start, end)));
            let detail = if absent { " (absent)" } else { " (outside availability)" };
            problems.push(format!(
                "mediator '{}' is not available for the whole of {}-{}{detail}",
                mediator.id,
                fmt(start),
                fmt(end)
            ));
        }
        problems
    }

    /// Why an office is not open: the closed dates the engagement touches.
    fn closed_detail(&self, office: &Office, start: Minute, end: Minute) -> String {
        let Some(clock) = self.clock.as_ref() else { return String::new() };
        let holidays = self.holidays == Some(Holidays::It);
        let closed = |day: &NaiveDate| {
            office.closed.contains(day) || self.network_closed.contains(day) || (holidays && is_italian_holiday(*day))
        };
        let days: BTreeSet<NaiveDate> = [clock.local_date(start), clock.local_date(start.max(end - 1))].into();
        let hit: Vec<String> = days
            .iter()
            .filter(|d| closed(d))
            .map(|d| {
                if holidays && is_italian_holiday(*d) {
                    format!("{d} is a national holiday")
                } else {
                    format!("{d} is a closed date")
                }
            })
            .collect();
        if hit.is_empty() {
            " (outside its opening hours)".to_string()
        } else {
            format!(" ({})", hit.join(", "))
        }
    }
}

/// Whether the mediator may serve the request only in person, may serve it
/// in person among other modalities, or not in person at all.
pub(super) fn in_person_choice(request: &Request, mediator: &Mediator) -> Option<bool> {
    let usable: Vec<Modality> = request.modalities.iter().copied().filter(|x| mediator.offers(*x)).collect();
    usable.contains(&Modality::InPerson).then(|| usable.iter().all(|x| *x == Modality::InPerson))
}
