//! Rule 9 among one mediator's locked requests, each one's modality still
//! free: a day where no choice of modalities keeps every work block within
//! `after_minutes`, and rules 4 and 9 together.

use super::super::locked::Locked;
use super::super::reader::ProblemReader;
use super::Finding;
use crate::interval::Minute;
use crate::model::{BreakRule, Modality};
use crate::time::Clock;

/// A work block over `after_minutes`: its first and last entry, its minutes.
type LongBlock = (usize, usize, i64);

impl ProblemReader<'_> {
    /// `LOCKED_CONFLICT`s of rule 9 among one mediator's locked requests
    /// (sorted by start); with `travel_too` (rule 4 is checked and found
    /// none alone), also rules 4 and 9 together.
    pub(super) fn locked_break_conflicts(
        &self,
        clock: &Clock,
        mediator_index: usize,
        entries: &[&Locked<'_>],
        travel_too: bool,
    ) -> Vec<Finding> {
        let Some(rule) = entries[0].mediator.breaks else { return Vec::new() };
        // Longer ones are LOCKED_IMPOSSIBLE alone.
        let fitting: Vec<&Locked<'_>> =
            entries.iter().copied().filter(|e| e.request.duration <= rule.after_minutes).collect();
        let mut findings = self.locked_break_days(clock, mediator_index, &fitting, rule);
        if travel_too && findings.is_empty() {
            findings.extend(self.locked_travel_and_break_conflicts(clock, &fitting, rule));
        }
        findings
    }

    /// Rule 9 alone among one mediator's locked requests (sorted by start),
    /// each one's modality still free: per local day, a day where no choice
    /// of modalities keeps every work block within `after_minutes` is a
    /// conflict, shown with the shortest block over it that the search met.
    fn locked_break_days(
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
}
