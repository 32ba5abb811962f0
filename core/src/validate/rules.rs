//! Time values: local date-times (which must exist: not in the spring DST
//! gap) and the weekly or one-off rules of opening hours and availability.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::reader::ProblemReader;
use crate::interval::{merge, subtract, Interval, Minute};
use crate::json::path::index_path;
use crate::json::{JsonValue, StrictReader};
use crate::model::Holidays;
use crate::time::{
    date_range, format_clock, italian_holidays, occurrences, RuleDays, TimeRule, DAY_NAMES, MINUTES_PER_DAY,
};

impl ProblemReader<'_> {
    /// A local date-time as a minute; `None` when invalid, or when time
    /// cannot be modelled (bad zone or horizon; then no gap is reported).
    pub(super) fn local_minute(&mut self, value: &JsonValue, path: &str) -> Option<Minute> {
        let (day, clock) = self.datetime_text(value, path)?;
        let minute = self.clock.as_ref()?.local_minute(day, clock);
        if minute.is_none() {
            let text = value.as_str().unwrap_or_default();
            let zone = &self.tz_name;
            let message = format!("local time {text} does not exist in {zone} (spring DST gap)");
            self.error("DST_GAP", path, message);
        }
        minute
    }

    /// A rule `{"days" | "date", "from", "to"}`; `None` on any error in it.
    pub(super) fn read_rule(&mut self, value: &JsonValue, path: &str) -> Option<TimeRule> {
        let mark = self.mark();
        let rule = self.object(value, path, &["from", "to"], &["days", "date"])?;
        let mut days = None;
        match (rule.get("days"), rule.get("date")) {
            (Some(_), Some(_)) | (None, None) => {
                self.error("BAD_RULE", path, "a rule needs exactly one of 'days' (weekly) and 'date' (one-off)");
            }
            (Some(list), None) => {
                let days_path = format!("{path}.days");
                if let Some(items) = self.array(list, &days_path, true) {
                    let names: Vec<(Option<usize>, String)> = items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| {
                            let item_path = index_path(&days_path, i);
                            let day = self.choice(item, &item_path, &DAY_NAMES, "day", |t| {
                                DAY_NAMES.iter().position(|d| *d == t)
                            });
                            (day, item_path)
                        })
                        .collect();
                    self.distinct(
                        &names.iter().map(|(d, p)| (d.map(|i| DAY_NAMES[i]), p.clone())).collect::<Vec<_>>(),
                        "day",
                    );
                    let mask = names.iter().filter_map(|(d, _)| *d).fold(0u8, |mask, i| mask | (1 << i));
                    days = Some(RuleDays::Weekly(mask));
                }
            }
            (None, Some(date)) => days = self.date_value(date, &format!("{path}.date")).map(RuleDays::On),
        }
        let from = rule.get("from").and_then(|v| self.clock_value(v, &format!("{path}.from"), false));
        let to = rule.get("to").and_then(|v| self.clock_value(v, &format!("{path}.to"), true));
        if let (Some(from), Some(to)) = (from, to) {
            if from >= to {
                let message = format!("'from' {} is not before 'to' {}", format_clock(from), format_clock(to));
                self.error("EMPTY_INTERVAL", path, message);
            }
        }
        if !self.clean_since(mark) {
            return None;
        }
        let rule = TimeRule { days: days?, from: from?, to: to? };
        self.check_rule_gap(&rule, path);
        self.clean_since(mark).then_some(rule)
    }

    /// `DST_GAP` for a rule time that does not exist on a day the rule
    /// applies: the horizon's days for a weekly rule, its date for a one-off.
    fn check_rule_gap(&mut self, rule: &TimeRule, path: &str) {
        let (Some(clock), Some((first, last))) = (self.clock.as_ref(), self.horizon) else {
            return;
        };
        let days: Vec<NaiveDate> = match rule.days {
            RuleDays::On(day) => vec![day],
            RuleDays::Weekly(_) => date_range(first, last).filter(|d| rule.applies_on(*d)).collect(),
        };
        let mut gaps = Vec::new();
        for (key, minutes) in [("from", rule.from), ("to", rule.to)] {
            if minutes >= MINUTES_PER_DAY {
                continue;
            }
            if let Some(day) = days.iter().find(|d| clock.local_minute(**d, minutes).is_none()) {
                gaps.push((key, minutes, *day));
            }
        }
        for (key, minutes, day) in gaps {
            let message =
                format!("{} does not exist on {day} in {} (spring DST gap)", format_clock(minutes), self.tz_name);
            self.error("DST_GAP", format!("{path}.{key}"), message);
        }
    }

    /// A list of rules; `None` when it or any rule has an error.
    pub(super) fn read_rules(&mut self, value: &JsonValue, path: &str) -> Option<Vec<TimeRule>> {
        let items = self.array(value, path, false)?;
        let rules: Vec<Option<TimeRule>> =
            items.iter().enumerate().map(|(i, item)| self.read_rule(item, &index_path(path, i))).collect();
        rules.into_iter().collect()
    }

    /// The union of the rules' occurrences inside the horizon.
    pub(super) fn occurrences(&self, rules: &[TimeRule]) -> Vec<Interval> {
        match (self.clock.as_ref(), self.horizon) {
            (Some(clock), Some((first, last))) => occurrences(rules, clock, first, last),
            _ => Vec::new(),
        }
    }

    /// Occurrences of an office's opening minus the days it is closed
    /// (its own dates, the network's, the holidays) inside the horizon.
    pub(super) fn open_intervals(&self, opening: &[TimeRule], closed: &BTreeSet<NaiveDate>) -> Vec<Interval> {
        let (Some(clock), Some((first, last)), Some(holidays)) = (self.clock.as_ref(), self.horizon, self.holidays)
        else {
            return Vec::new();
        };
        let mut shut: BTreeSet<NaiveDate> = closed.union(&self.network_closed).copied().collect();
        if holidays == Holidays::It {
            for year in chrono::Datelike::year(&first)..=chrono::Datelike::year(&last) {
                shut.extend(italian_holidays(year));
            }
        }
        let cut = merge(shut.range(first..=last).map(|day| clock.day_bounds(*day)));
        subtract(&self.occurrences(opening), &cut)
    }
}
