//! Rule 9 (format 1.1): breaks. For each mediator with a break rule and each
//! local day, the day's engagements (by start) form work blocks: between
//! consecutive engagements e1 and e2 the rest is `start_2 - end_1 - t`, t
//! the travel from p, the day's latest in-person engagement up to e1, to q,
//! its earliest one from e2 on (0 without p or q), so the travel between two
//! consecutive in-person engagements is taken from every gap between them.
//! A rest of at least `break_minutes` ends a block; every block lasts at
//! most `after_minutes` (`end_last - start_first`, the latest end should
//! engagements overlap).
//!
//! One walk over a day's engagements ([`for_each_block`]) serves the
//! evaluation, the solver's incremental check, the locked requests' checks
//! of validation and the repair after a removal.

use super::{Engagement as Booked, Feature, Fit, Misfit, RuleId, Schedule};
use crate::evaluate::plan::{Engagement, Plan};
use crate::evaluate::violation::{Findings, Refs};
use crate::interval::Minute;
use crate::model::{BreakRule, Place, Problem, Request};

/// Rule 9.
#[derive(Debug, Clone, Copy, Default)]
pub struct Breaks;

/// An engagement as rule 9 sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Item {
    pub start: Minute,
    pub end: Minute,
    pub office: usize,
    pub in_person: bool,
}

impl From<&Booked> for Item {
    #[inline(always)]
    fn from(e: &Booked) -> Item {
        Item { start: e.start, end: e.end, office: e.office, in_person: e.in_person }
    }
}

impl From<&Engagement> for Item {
    fn from(e: &Engagement) -> Item {
        Item { start: e.start, end: e.end, office: e.office, in_person: e.in_person }
    }
}

/// A work block: items `first..=last` of a day, from `start` to `end` (the
/// latest end among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    pub first: usize,
    pub last: usize,
    pub start: Minute,
    pub end: Minute,
}

impl Block {
    /// Its length, minutes.
    pub(crate) fn minutes(&self) -> i64 {
        self.end - self.start
    }
}

/// The travel minutes rule 9 takes from a gap between in-person
/// engagements at offices `a` and `b` (0 where travel is undefined: rule 4
/// reports that).
#[inline]
fn rest_travel(p: &Problem, a: usize, b: usize) -> i64 {
    if a == b {
        0
    } else {
        p.travel_or_zero(Place::Office(a), Place::Office(b))
    }
}

/// The travel taken from the gap before item `k` (`k >= 1`) of `n` items.
fn gap_travel(p: &Problem, n: usize, item: &impl Fn(usize) -> Item, k: usize) -> i64 {
    let before = (0..k).rev().find(|&i| item(i).in_person);
    let after = (k..n).find(|&i| item(i).in_person);
    match (before, after) {
        (Some(a), Some(b)) => rest_travel(p, item(a).office, item(b).office),
        _ => 0,
    }
}

/// Calls `visit` with each work block of one mediator-day's items `0..n`
/// (`item(i)`, sorted by start), in order, until `visit` returns `false`.
/// Allocation-free: the in-person neighbours of each gap are tracked while
/// walking.
pub(crate) fn for_each_block(
    p: &Problem,
    rule: BreakRule,
    n: usize,
    item: impl Fn(usize) -> Item,
    mut visit: impl FnMut(Block) -> bool,
) {
    if n == 0 {
        return;
    }
    let first = item(0);
    let mut block = Block { first: 0, last: 0, start: first.start, end: first.end };
    let mut previous_end = first.end;
    // p: the latest in-person item before the gap; q: the earliest from its second item on.
    let mut latest: Option<usize> = first.in_person.then_some(0);
    let mut earliest: Option<usize> = None;
    let mut searched = 1; // items before this index have been looked at for `earliest`
    for k in 1..n {
        let current = item(k);
        if earliest.is_none_or(|q| q < k) {
            earliest = None;
            let from = searched.max(k);
            if let Some(q) = (from..n).find(|&i| item(i).in_person) {
                earliest = Some(q);
                searched = q + 1;
            } else {
                searched = n;
            }
        }
        let travel = match (latest, earliest) {
            (Some(a), Some(b)) => rest_travel(p, item(a).office, item(b).office),
            _ => 0,
        };
        if current.start - previous_end - travel >= rule.break_minutes {
            if !visit(block) {
                return;
            }
            block = Block { first: k, last: k, start: current.start, end: current.end };
        } else {
            block.last = k;
            block.end = block.end.max(current.end);
        }
        previous_end = current.end;
        if current.in_person {
            latest = Some(k);
        }
    }
    visit(block);
}

/// The first work block of a mediator-day's items over the rule's
/// `after_minutes`, if any.
pub(crate) fn first_long_block(p: &Problem, rule: BreakRule, n: usize, item: impl Fn(usize) -> Item) -> Option<Block> {
    let mut found = None;
    for_each_block(p, rule, n, item, |block| {
        if block.minutes() > rule.after_minutes {
            found = Some(block);
            false
        } else {
            true
        }
    });
    found
}

/// The index range of mediator engagements `list` (sorted by start) that
/// start on horizon day `day` of `state`.
#[inline]
fn day_range<S: Schedule>(state: &S, list: &[Booked], day: usize) -> (usize, usize) {
    let starts = state.day_starts();
    let (from, to) = (starts[day], starts[day + 1]);
    (list.partition_point(|e| e.start < from), list.partition_point(|e| e.start < to))
}

impl Feature for Breaks {
    const NUMBER: u8 = 9;
    const NAME: &'static str = "breaks";
    const OWN_SCHEDULE: bool = true;

    fn check_schedule(&self, plan: &Plan<'_>, mediator: usize, engagements: &[Engagement], out: &mut Findings) {
        let p = plan.problem();
        let m = &p.mediators()[mediator];
        let Some(rule) = m.breaks else { return };
        let clock = p.clock();
        let mut from = 0;
        while from < engagements.len() {
            let day = p.local_date(engagements[from].start);
            let to = from + engagements[from..].iter().take_while(|e| p.local_date(e.start) == day).count();
            let todays = &engagements[from..to];
            for_each_block(p, rule, todays.len(), |i| Item::from(&todays[i]), |block| {
                if block.minutes() > rule.after_minutes {
                    let labels: Vec<&str> = todays[block.first..=block.last].iter().map(|e| e.label.as_str()).collect();
                    let message = format!(
                        "mediator '{}' on {day} works {}-{}, {} minutes ({}), without a break of {} minutes; breaks.after_minutes is {}",
                        m.id,
                        clock.describe(block.start),
                        clock.describe(block.end),
                        block.minutes(),
                        labels.join(", "),
                        rule.break_minutes,
                        rule.after_minutes
                    );
                    out.hard("BREAK_MISSING", 9, message, None, Refs::mediator(&m.id));
                }
                true
            });
            from = to;
        }
    }

    /// The mediator's day with the new engagement keeps every work block
    /// within `after_minutes`. On a misfit, try again where the new
    /// engagement could leave its block: when it would end a block that
    /// began earlier, a break after the engagement before it; when it would
    /// begin one, so late that the block is short enough.
    #[inline(always)]
    fn fits<S: Schedule>(state: &S, fit: &Fit<'_>) -> Result<(), Misfit> {
        let p = state.problem();
        let Some(rule) = p.mediators()[fit.mediator].breaks else {
            return Ok(());
        };
        Breaks::fits_rule(state, fit, rule)
    }

    fn code(_detail: u8) -> &'static str {
        "BREAK_MISSING"
    }

    fn refusal(p: &Problem, fit: &Fit<'_>, _detail: u8) -> String {
        let m = &p.mediators()[fit.mediator];
        let (after, rest) = m.breaks.map_or((0, 0), |b| (b.after_minutes, b.break_minutes));
        format!("mediator '{}' would work more than {after} minutes without a break of {rest} minutes", m.id)
    }

    fn admits(p: &Problem, request: &Request, m: usize) -> bool {
        p.mediators()[m].within_breaks(request.duration)
    }
}

impl Breaks {
    #[inline(never)]
    fn fits_rule<S: Schedule>(state: &S, fit: &Fit<'_>, rule: BreakRule) -> Result<(), Misfit> {
        let misfit = |retry_from: Minute| Err(Misfit { rule: RuleId::Breaks, detail: 0, retry_from });
        let starts = state.day_starts();
        let day = state.day_of(fit.start);
        if fit.end - fit.start > rule.after_minutes {
            return misfit(starts[starts.len() - 1]);
        }
        let (lo, hi) = day_range(state, fit.list, day);
        let todays = &fit.list[lo..hi];
        // The whole day, with the new engagement, within `after_minutes`: no block can be longer.
        let first = todays.first().map_or(fit.start, |e| e.start.min(fit.start));
        let last = todays.iter().map(|e| e.end).max().unwrap_or(fit.end).max(fit.end);
        if last - first <= rule.after_minutes {
            return Ok(());
        }
        let new = Item { start: fit.start, end: fit.end, office: fit.office, in_person: fit.in_person };
        let at = todays.partition_point(|e| (e.start, e.end) < (fit.start, fit.end));
        let item = |i: usize| match i.cmp(&at) {
            std::cmp::Ordering::Less => Item::from(&todays[i]),
            std::cmp::Ordering::Equal => new,
            std::cmp::Ordering::Greater => Item::from(&todays[i - 1]),
        };
        let n = todays.len() + 1;
        let Some(block) = first_long_block(state.problem(), rule, n, item) else {
            return Ok(());
        };
        let retry = if block.first == at {
            block.end - rule.after_minutes
        } else if block.first < at && at <= block.last {
            let before = item(at - 1);
            before.end + gap_travel(state.problem(), n, &item, at) + rule.break_minutes
        } else {
            fit.start + 1
        };
        misfit(retry.max(fit.start + 1))
    }

    /// The first work block over `after_minutes` of mediator `m`'s
    /// engagements of horizon day `day` in `state`, if any.
    pub(crate) fn long_block<S: Schedule>(state: &S, m: usize, day: usize) -> Option<(usize, usize)> {
        let rule = state.problem().mediators()[m].breaks?;
        let list = state.engagements(m);
        let (lo, hi) = day_range(state, list, day);
        let todays = &list[lo..hi];
        first_long_block(state.problem(), rule, todays.len(), |i| Item::from(&todays[i]))
            .map(|b| (lo + b.first, lo + b.last))
    }
}
