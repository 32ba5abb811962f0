//! Rule 7, second part: locked requests that together break rule 3, 4, 5
//! or 9 (`LOCKED_CONFLICT`; for rules 4 and 9 only when no choice of
//! modalities keeps them), and workshop sessions with locked requests over
//! an office's capacity (`FIXED_CAPACITY_EXCEEDED`).

use std::collections::{BTreeMap, HashMap};

use super::locked::{in_person_choice, Locked};
use super::reader::ProblemReader;
use crate::interval::Minute;
use crate::model::{BreakRule, Modality};
use crate::time::Clock;

type Finding = (&'static str, String, String);

/// A work block over `after_minutes`: its first and last entry, its minutes.
type LongBlock = (usize, usize, i64);

impl ProblemReader<'_> {
    /// `LOCKED_CONFLICT`s of each mediator's locked requests.
    pub(super) fn locked_conflicts(&self, locked: &[Locked<'_>], travel_ok: bool) -> Vec<Finding> {
        let Some(clock) = self.clock.as_ref() else { return Vec::new() };
        let mut by_mediator: Vec<(usize, Vec<&Locked<'_>>)> = Vec::new();
        let mut at: HashMap<usize, usize> = HashMap::new();
        for entry in locked {
            match at.get(&entry.mediator_index) {
                Some(&i) => by_mediator[i].1.push(entry),
                None => {
                    at.insert(entry.mediator_index, by_mediator.len());
                    by_mediator.push((entry.mediator_index, vec![entry]));
                }
            }
        }
        let mut findings = Vec::new();
        for (mediator_index, mut entries) in by_mediator {
            entries.sort_by(|a, b| (a.start, a.end(), &a.request.id).cmp(&(b.start, b.end(), &b.request.id)));
            let mediator = entries[0].mediator;
            for (i, first) in entries.iter().enumerate() {
                for second in entries[i + 1..].iter().take_while(|s| s.start < first.end()) {
                    let (a, b, m) = (&first.request.id, &second.request.id, &mediator.id);
                    let message = format!("locked requests '{a}' and '{b}' overlap for mediator '{m}' (rule 3)");
                    findings.push(("LOCKED_CONFLICT", second.path(), message));
                }
            }
            let mut travel_conflicts = false;
            if travel_ok {
                let found = self.locked_travel_conflicts(clock, &entries);
                travel_conflicts = !found.is_empty();
                findings.extend(found);
            }
            let limits = [("day", mediator.max_minutes_per_day), ("week", mediator.max_minutes_per_week)];
            for (label, limit) in limits {
                let Some(limit) = limit else { continue };
                // Minutes worked before the horizon count toward a week's maximum.
                let worked_in = |entry: &Locked<'_>| {
                    if label == "day" {
                        0
                    } else {
                        mediator.worked_in(clock.iso_week(entry.start))
                    }
                };
                let mut groups: Vec<(String, i64, Vec<&Locked<'_>>)> = Vec::new();
                // Longer ones are LOCKED_IMPOSSIBLE alone.
                for entry in entries.iter().filter(|e| e.request.duration + worked_in(e) <= limit) {
                    let key = if label == "day" {
                        clock.local_date(entry.start).to_string()
                    } else {
                        let (year, week) = clock.iso_week(entry.start);
                        format!("{year}-W{week:02}")
                    };
                    match groups.iter_mut().find(|(k, _, _)| *k == key) {
                        Some((_, _, members)) => members.push(entry),
                        None => groups.push((key, worked_in(entry), vec![entry])),
                    }
                }
                for (when, worked, members) in groups {
                    let total: i64 = members.iter().map(|e| e.request.duration).sum();
                    if members.len() > 1 && total + worked > limit {
                        let ids: Vec<String> = members.iter().map(|e| format!("'{}'", e.request.id)).collect();
                        let before = if worked > 0 {
                            format!(" and {worked} minutes worked before the horizon")
                        } else {
                            String::new()
                        };
                        let message = format!(
                            "locked requests {} of mediator '{}' take {total} minutes{before} in {label} {when}, \
                             over max_minutes_per_{label} {limit} (rule 5)",
                            ids.join(", "),
                            mediator.id
                        );
                        findings.push(("LOCKED_CONFLICT", format!("mediators[{mediator_index}]"), message));
                    }
                }
            }
            if let Some(rule) = mediator.breaks {
                // Longer ones are LOCKED_IMPOSSIBLE alone.
                let fitting: Vec<&Locked<'_>> =
                    entries.iter().copied().filter(|e| e.request.duration <= rule.after_minutes).collect();
                let found = self.locked_break_conflicts(clock, mediator_index, &fitting, rule);
                let break_conflicts = !found.is_empty();
                findings.extend(found);
                if travel_ok && !travel_conflicts && !break_conflicts {
                    findings.extend(self.locked_travel_and_break_conflicts(clock, &fitting, rule));
                }
            }
        }
        findings
    }

    /// Rule 9 alone among one mediator's locked requests (sorted by start),
    /// each one's modality still free: per local day, a day where no choice
    /// of modalities keeps every work block within `after_minutes` is a
    /// conflict, shown with the shortest block over it that the search met.
    fn locked_break_conflicts(
        &self,
        clock: &Clock,
        mediator_index: usize,
        entries: &[&Locked<'_>],
        rule: BreakRule,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut from = 0;
        while from < entries.len() {
            let day = clock.local_date(entries[from].start);
            let to = from + entries[from..].iter().take_while(|e| clock.local_date(e.start) == day).count();
            let todays = &entries[from..to];
            from = to;
            let Some((_, Some((first, last, minutes)))) = self.locked_modality_search(clock, todays, rule, false)
            else {
                continue;
            };
            let ids: Vec<String> = todays[first..=last].iter().map(|e| format!("'{}'", e.request.id)).collect();
            let begin = todays[first].start;
            let message = format!(
                "locked requests {} of mediator '{}' on {day}: every choice of modalities leaves a work block \
                 without a break of {} minutes over breaks.after_minutes {}, such as {}-{} of {minutes} minutes (rule 9)",
                ids.join(", "),
                todays[0].mediator.id,
                rule.break_minutes,
                rule.after_minutes,
                clock.describe(begin),
                clock.describe(begin + minutes)
            );
            findings.push(("LOCKED_CONFLICT", format!("mediators[{mediator_index}]"), message));
        }
        findings
    }

    /// Rules 4 and 9 together among one mediator's locked requests, when each
    /// alone can be kept by some choice of modalities (rule 4 links the
    /// days): the first locked request that no choice reaches.
    fn locked_travel_and_break_conflicts(
        &self,
        clock: &Clock,
        entries: &[&Locked<'_>],
        rule: BreakRule,
    ) -> Vec<Finding> {
        let Some((i, _)) = self.locked_modality_search(clock, entries, rule, true) else {
            return Vec::new();
        };
        let entry = entries[i];
        let message = format!(
            "locked request '{}' ({}) of mediator '{}': no choice of modalities for the locked requests keeps both \
             the travel time (rule 4) and a break of {} minutes within every {} minutes of work (rule 9)",
            entry.request.id,
            clock.describe(entry.start),
            entry.mediator.id,
            rule.break_minutes,
            rule.after_minutes
        );
        vec![("LOCKED_CONFLICT", entry.path(), message)]
    }

    /// Whether some choice of modalities for one mediator's locked requests
    /// (sorted by start) keeps rule 9, and rule 4 with `travel_rule`. `None`
    /// when some choice does; else `(i, over)`: entry i is the first that no
    /// choice reaches, `over` the shortest work block over `after_minutes`
    /// met there as `(first entry, last entry, minutes)` (`None` when only
    /// rule 4 stopped it).
    ///
    /// Exact, by a dynamic programme over the entries in start order. A
    /// state is L, the last entry chosen in person (none yet: `None`), with
    /// b, the first entry of L's work block; of the states with the same L
    /// only the latest b is kept (its blocks are never longer). The entries
    /// after L are remote, and each gap after L loses the travel from L to
    /// the next in-person entry of L's day, not yet chosen. So an in-person
    /// choice for entry i walks the gaps from L (from the first entry of i's
    /// day, with no travel, when L is of an earlier day) to i taking
    /// travel(L, i) from each, and a remote choice walks them taking
    /// nothing: no later choice takes less, and when the day ends there
    /// nothing is taken. Rule 4: an in-person choice needs `end_L +
    /// travel(L, i) <= start_i` (overlaps are rule 3's).
    fn locked_modality_search(
        &self,
        clock: &Clock,
        entries: &[&Locked<'_>],
        rule: BreakRule,
        travel_rule: bool,
    ) -> Option<(usize, Option<LongBlock>)> {
        let (after, rest) = (rule.after_minutes, rule.break_minutes);
        let starts: Vec<Minute> = entries.iter().map(|e| e.start).collect();
        let ends: Vec<Minute> = entries.iter().map(|e| e.end()).collect();
        let days: Vec<_> = starts.iter().map(|&s| clock.local_date(s)).collect();
        let mut firsts = vec![0; entries.len()];
        for i in 1..entries.len() {
            firsts[i] = if days[i] == days[i - 1] { firsts[i - 1] } else { i };
        }
        let walk = |anchor: usize, block: usize, last: usize, travel: i64| -> Result<usize, LongBlock> {
            let mut b = block;
            let mut reach = ends[block..=anchor].iter().copied().max().unwrap_or(ends[anchor]);
            if reach - starts[b] > after {
                return Err((b, anchor, reach - starts[b]));
            }
            for k in anchor..last {
                if starts[k + 1] - ends[k] - travel >= rest {
                    (b, reach) = (k + 1, ends[k + 1]);
                } else {
                    reach = reach.max(ends[k + 1]);
                }
                if reach - starts[b] > after {
                    return Err((b, k + 1, reach - starts[b]));
                }
            }
            Ok(b)
        };
        let travel = |a: usize, b: usize| self.office_travel(a, b).unwrap_or(0);
        // (L, b) in the order first reached; L = None before any in-person choice.
        let mut states: Vec<(Option<usize>, Option<usize>)> = vec![(None, None)];
        for (i, entry) in entries.iter().enumerate() {
            let mut choices: Vec<bool> = Vec::new();
            for modality in entry.request.modalities.iter().filter(|x| entry.mediator.offers(**x)) {
                let in_person = *modality == Modality::InPerson;
                if !choices.contains(&in_person) {
                    choices.push(in_person);
                }
            }
            if choices.is_empty() {
                choices.push(false);
            }
            let mut reached: Vec<(Option<usize>, Option<usize>)> = Vec::new();
            let mut overs: Vec<LongBlock> = Vec::new();
            for &(last, block) in &states {
                let today = last.is_some_and(|l| days[l] == days[i]);
                let (anchor, first) = match (today, last, block) {
                    (true, Some(l), Some(b)) => (l, b),
                    _ => (firsts[i], firsts[i]),
                };
                for &in_person in &choices {
                    let mut minutes = 0;
                    if let (true, Some(l)) = (in_person, last) {
                        minutes = travel(entries[l].request.office, entry.request.office);
                        if travel_rule && ends[l] <= entry.start && entry.start < ends[l] + minutes {
                            continue; // rule 4
                        }
                    }
                    let b = match walk(anchor, first, i, if in_person && today { minutes } else { 0 }) {
                        Ok(b) => b,
                        Err(over) => {
                            overs.push(over);
                            continue;
                        }
                    };
                    let (key, value) = if in_person { (Some(i), Some(b)) } else { (last, block) };
                    match reached.iter_mut().find(|(k, _)| *k == key) {
                        // `None` (no block yet) orders before every entry.
                        Some((_, v)) => *v = (*v).max(value),
                        None => reached.push((key, value)),
                    }
                }
            }
            if reached.is_empty() {
                let mut shortest: Option<LongBlock> = None;
                for over in overs {
                    if shortest.is_none_or(|s| (over.2, over.0) < (s.2, s.0)) {
                        shortest = Some(over);
                    }
                }
                return Some((i, shortest));
            }
            states = reached;
        }
        None
    }

    /// Rule 4 among one mediator's locked requests (sorted by start), each
    /// one's modality still free: a request the mediator may also serve
    /// remotely can leave the chain of in-person engagements, one it can
    /// serve only in person cannot. The states are the possible last
    /// in-person engagements so far (`None`: none yet); an in-person-only
    /// request that no state reaches in time is a conflict.
    fn locked_travel_conflicts(&self, clock: &Clock, entries: &[&Locked<'_>]) -> Vec<Finding> {
        let fmt = |minute: Minute| clock.describe(minute);
        let mut findings = Vec::new();
        let mut states: Vec<Option<&Locked<'_>>> = vec![None];
        for &entry in entries {
            let Some(forced) = in_person_choice(entry.request, entry.mediator) else { continue };
            let mut reachable = Vec::new();
            let mut short: Option<(&Locked<'_>, Minute, i64)> = None;
            for &state in &states {
                let Some(before) = state else {
                    reachable.push(state);
                    continue;
                };
                let end = before.end();
                if end > entry.start {
                    reachable.push(state);
                    continue;
                }
                match self.office_travel(before.request.office, entry.request.office) {
                    Some(minutes) if end + minutes > entry.start => {
                        if short.is_none_or(|(_, e, _)| end > e) {
                            short = Some((before, end, minutes));
                        }
                    }
                    _ => reachable.push(state),
                }
            }
            if forced {
                if let (true, Some((before, end, minutes))) = (reachable.is_empty(), short) {
                    let office = |l: &Locked<'_>| {
                        self.offices[l.request.office].as_ref().map_or("?", |o| o.id.as_str()).to_string()
                    };
                    let message = format!(
                        "locked request '{}' at office '{}' ({}) can be served by mediator '{}' only in person, \
                         and no choice of modalities for the other locked requests leaves the travel time: after \
                         locked request '{}' at office '{}' ends {} there are {} minutes, travel needs {minutes} (rule 4)",
                        entry.request.id,
                        office(entry),
                        fmt(entry.start),
                        entry.mediator.id,
                        before.request.id,
                        office(before),
                        fmt(end),
                        entry.start - end
                    );
                    findings.push(("LOCKED_CONFLICT", entry.path(), message));
                }
                states = vec![Some(entry)];
            } else if !reachable.is_empty() {
                states.push(Some(entry));
            }
        }
        findings
    }

    /// `FIXED_CAPACITY_EXCEEDED` for each stretch where an office hosts more
    /// workshop sessions (inside the horizon) and locked requests than its capacity.
    pub(super) fn fixed_capacity_errors(&self) -> Vec<Finding> {
        let (Some(clock), Some((_, last))) = (self.clock.as_ref(), self.horizon) else {
            return Vec::new();
        };
        let horizon_end = clock.day_start(last.succ_opt().unwrap_or(last));
        // What each office hosts whatever the plan: held sessions, then locked requests.
        let mut loads: HashMap<usize, Vec<(Minute, Minute, String)>> = HashMap::new();
        for workshop in self.workshops.iter().flatten() {
            for s in workshop.sessions.iter().filter(|s| 0 <= s.start && s.end() <= horizon_end) {
                let label = format!("session '{}/{}'", workshop.id, s.id);
                loads.entry(workshop.office).or_default().push((s.start, s.end(), label));
            }
        }
        for request in self.requests.iter().flatten().filter(|r| r.locked) {
            if let Some(previous) = request.previous {
                let (start, end) = (previous.start, previous.start + request.duration);
                loads.entry(request.office).or_default().push((start, end, format!("locked request '{}'", request.id)));
            }
        }
        let mut findings = Vec::new();
        for (index, office) in self.offices.iter().enumerate() {
            let Some(office) = office else { continue };
            let Some(capacity) = office.capacity else { continue };
            let Some(load) = loads.get(&index) else { continue };
            for (start, count, labels) in overloads(load, capacity) {
                let message = format!(
                    "office '{}' (capacity {capacity}) hosts {count} fixed engagements at {}: {}",
                    office.id,
                    clock.describe(start),
                    labels.join(", ")
                );
                findings.push(("FIXED_CAPACITY_EXCEEDED", format!("offices[{index}].capacity"), message));
            }
        }
        findings
    }
}

/// Maximal stretches where more than `capacity` engagements run at once:
/// `(start, peak count, labels at the peak)`.
fn overloads(load: &[(Minute, Minute, String)], capacity: u32) -> Vec<(Minute, usize, Vec<String>)> {
    let mut changes: BTreeMap<Minute, Vec<(i8, &str)>> = BTreeMap::new();
    for (start, end, label) in load.iter().filter(|(s, e, _)| s < e) {
        changes.entry(*start).or_default().push((1, label));
        changes.entry(*end).or_default().push((-1, label));
    }
    let capacity = usize::try_from(capacity).unwrap_or(usize::MAX);
    let mut active: Vec<&str> = Vec::new();
    let mut result = Vec::new();
    let mut current: Option<(Minute, usize, Vec<String>)> = None;
    for (time, mut deltas) in changes {
        deltas.sort_unstable();
        for (delta, label) in deltas {
            if delta > 0 {
                active.push(label);
            } else if let Some(at) = active.iter().position(|a| *a == label) {
                active.remove(at);
            }
        }
        if active.len() > capacity {
            let mut peak: Vec<String> = active.iter().map(|a| a.to_string()).collect();
            peak.sort_unstable();
            match current.as_mut() {
                None => current = Some((time, active.len(), peak)),
                Some(c) if active.len() > c.1 => (c.1, c.2) = (active.len(), peak),
                Some(_) => {}
            }
        } else if let Some(c) = current.take() {
            result.push(c);
        }
    }
    result.extend(current);
    result
}
