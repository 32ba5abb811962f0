//! The report's sections of format 1.1: each mediator's work blocks
//! (breaks, rule 9), meetings with several mediators (roles), the
//! fair-share table and the series' occurrences.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{
    clock, esc, fair_shares_of, for_each_block, language_label, modality_name, parse_datetime, Lang, Page, WorkItem,
};
use crate::model::Modality;

impl Page<'_> {
    /// Rule 9's work blocks (format 1.1 breaks) of each mediator with a
    /// break rule, by local date: `(from, to)` in clock minutes (a plan the
    /// report accepts keeps rule 9, so none is over `after_minutes`). A gap
    /// between two blocks is a break.
    pub(super) fn work_blocks(&self) -> BTreeMap<(NaiveDate, usize), Vec<(i64, i64)>> {
        let p = self.p;
        let mut days: BTreeMap<(NaiveDate, usize), Vec<WorkItem>> = BTreeMap::new();
        for a in &self.plan.assignments {
            let (Some(r), Some(m), Some((date, clock))) =
                (p.request_index(&a.request), p.mediator_index(&a.mediator), parse_datetime(&a.start))
            else {
                continue;
            };
            let (Some(_), Some(start)) = (p.mediators()[m].breaks, p.clock().local_minute(date, clock)) else {
                continue;
            };
            let request = &p.requests()[r];
            let in_person = a.modality == Modality::InPerson;
            let item = WorkItem { start, end: start + request.duration, office: request.office, in_person };
            days.entry((date, m)).or_default().push(item);
        }
        for staffing in &self.plan.sessions {
            let Some(w) = p.workshop_index(&staffing.workshop) else { continue };
            let workshop = &p.workshops()[w];
            let Some(session) = workshop.sessions.iter().find(|s| s.id == staffing.session) else { continue };
            for sm in &staffing.mediators {
                let Some(m) = p.mediator_index(&sm.mediator).filter(|&m| p.mediators()[m].breaks.is_some()) else {
                    continue;
                };
                let item = WorkItem {
                    start: session.start,
                    end: session.start + session.duration,
                    office: workshop.office,
                    in_person: true,
                };
                days.entry((p.clock().local_date(session.start), m)).or_default().push(item);
            }
        }
        days.into_iter()
            .map(|((date, m), mut items)| {
                items.sort_by_key(|i| (i.start, i.end));
                let Some(rule) = p.mediators()[m].breaks else { return ((date, m), Vec::new()) };
                let mut blocks = Vec::new();
                for_each_block(
                    p,
                    rule,
                    items.len(),
                    |k| items[k],
                    |b| {
                        let from = p.clock().clock_minutes(b.start);
                        blocks.push((from, from + b.minutes()));
                        true
                    },
                );
                ((date, m), blocks)
            })
            .collect()
    }

    /// Format 1.1 requests with roles: each meeting once, with its roles'
    /// mediators (only when the problem has such requests).
    pub(super) fn meetings(&self, out: &mut String) {
        let p = self.p;
        let meetings: Vec<usize> = (0..p.requests().len()).filter(|&r| p.requests()[r].has_roles()).collect();
        if meetings.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "<h2 id=\"incontri\">{}</h2>",
            self.h("Incontri con più mediatori", "Meetings with several mediators")
        );
        let _ = writeln!(
            out,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            self.t("Richiesta", "Request"),
            self.t("Quando", "When"),
            self.t("Dove", "Where"),
            self.t("Ruoli", "Roles")
        );
        for r in meetings {
            let request = &p.requests()[r];
            let office = &p.offices()[request.office];
            let mut entries: Vec<_> = self.plan.assignments.iter().filter(|a| a.request == request.id).collect();
            entries.sort_by_key(|a| a.role);
            let when = match entries.first().and_then(|a| parse_datetime(&a.start)) {
                Some((date, from)) => {
                    format!("{} {}–{}", esc(&self.day_name(date)), clock(from), clock(from + request.duration))
                }
                None => format!("<span class=\"bad\">{}</span>", self.t("non servita", "unserved")),
            };
            let roles: Vec<String> = request
                .roles
                .iter()
                .enumerate()
                .map(|(k, role)| match entries.iter().find(|a| a.role == Some(k)) {
                    Some(a) => format!(
                        "{}: {} ({}, {})",
                        k + 1,
                        esc(&self.mediator(&a.mediator)),
                        esc(&language_label(&a.language, self.lang)),
                        modality_name(a.modality, self.lang)
                    ),
                    None => format!(
                        "{}: {}",
                        k + 1,
                        esc(&role
                            .languages
                            .iter()
                            .map(|l| language_label(l, self.lang))
                            .collect::<Vec<_>>()
                            .join(", "))
                    ),
                })
                .collect();
            let _ = writeln!(
                out,
                "<tr><td class=\"code\">{}</td><td>{when}</td><td>{}</td><td>{}</td></tr>",
                esc(&request.id),
                esc(office.name.as_deref().unwrap_or(&office.id)),
                roles.join("<br>")
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }

    /// Format 1.1 `fair_share`: each participant's engaged hours against
    /// their proportional share (only when some mediator has a share).
    pub(super) fn fair_shares(&self, out: &mut String) {
        let rows = fair_shares_of(self.p, self.x);
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(out, "<h2 id=\"quote\">{}</h2>", self.h("Quote di ore", "Fair shares of hours"));
        let _ = writeln!(
            out,
            "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            self.t("Mediatore", "Mediator"),
            self.t("Quota", "Share"),
            self.t("Ore impegnate", "Hours engaged"),
            self.t("Ore in proporzione", "Proportional hours"),
            self.t("Scarto (ore)", "Deviation (hours)")
        );
        let hours = |minutes: f64| {
            let text = format!("{:.2}", minutes / 60.0);
            if self.lang == Lang::It {
                text.replace('.', ",")
            } else {
                text
            }
        };
        for row in &rows {
            let deviation = row.deviation_minutes;
            let class = if deviation.abs() >= 60.0 { " bad" } else { "" };
            let _ = writeln!(
                out,
                "<tr><td class=\"who\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n{class}\">{}{}</td></tr>",
                esc(&self.mediator(&row.mediator)),
                row.share,
                hours(row.engaged_minutes as f64),
                hours(row.proportional_minutes),
                if deviation > 0.0 { "+" } else { "" },
                hours(deviation)
            );
        }
        let _ = writeln!(
            out,
            "</tbody></table>\n<p><small>{}</small></p>",
            self.t(
                "Ore in proporzione: le ore impegnate di chi ha una quota, divise in proporzione alle quote. Il costo fairness cresce con il quadrato degli scarti (viaggi e ore già lavorate esclusi).",
                "Proportional hours: the engaged hours of those with a share, split in proportion to the shares. The fairness cost grows with the square of the deviations (travel and hours already worked excluded)."
            )
        );
    }

    /// Format 1.1 `series`: each recurring appointment's occurrences in
    /// order, with the clock time that changed marked (only when some
    /// request has a series).
    pub(super) fn series(&self, out: &mut String) {
        let p = self.p;
        let mut series: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (r, request) in p.requests().iter().enumerate() {
            if let Some(name) = request.series.as_deref() {
                series.entry(name).or_default().push(r);
            }
        }
        if series.is_empty() {
            return;
        }
        let _ = writeln!(out, "<h2 id=\"serie\">{}</h2>", self.h("Appuntamenti ricorrenti", "Recurring appointments"));
        let _ = writeln!(
            out,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            self.t("Serie", "Series"),
            self.t("Richiesta", "Request"),
            self.t("Quando", "When"),
            self.t("Mediatore", "Mediator")
        );
        for (name, requests) in &series {
            let mut occurrences: Vec<(Option<(NaiveDate, i64)>, usize)> =
                requests.iter().map(|&r| (self.x.requests[r].start.as_deref().and_then(parse_datetime), r)).collect();
            occurrences.sort_by_key(|(start, r)| (start.is_none(), *start, *r));
            let mut last_clock = None;
            for (k, (start, r)) in occurrences.iter().enumerate() {
                let explanation = &self.x.requests[*r];
                let when = match start {
                    Some((date, minutes)) => {
                        let moved = last_clock.is_some_and(|c| c != *minutes);
                        last_clock = Some(*minutes);
                        let text = format!("{} {}", esc(&self.day_name(*date)), clock(*minutes));
                        if moved {
                            format!("<span class=\"bad\">{text} ({})</span>", self.t("altro orario", "time changed"))
                        } else {
                            text
                        }
                    }
                    None => format!("<span class=\"bad\">{}</span>", self.t("non servita", "unserved")),
                };
                let who = explanation.mediator.as_deref().map(|m| esc(&self.mediator(m))).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<tr><td class=\"code\">{}</td><td class=\"code\">{}</td><td>{when}</td><td class=\"who\">{who}</td></tr>",
                    if k == 0 { esc(name) } else { String::new() },
                    esc(&p.requests()[*r].id)
                );
            }
        }
        let _ = writeln!(out, "</tbody></table>");
    }
}
