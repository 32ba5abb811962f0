//! The HTML report: one self-contained page, inline CSS and SVG, no script.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{
    escape_html as esc, explained, fair_shares_of, language_label, mediator_label, modality_name, municipality_name,
    priority_name, reason_text, Lang, ReportOptions,
};
use crate::booking::Explanation;
use crate::error::PonteError;
use crate::evaluate::rules::{for_each_block, WorkItem};
use crate::format::SolutionDoc;
use crate::model::{Modality, Priority, Problem, ReasonCode};
use crate::time::parse_datetime;

mod format_1_1;

const IN_PERSON: &str = "#2f855a";
const PHONE: &str = "#2b6cb0";
const VIDEO: &str = "#805ad5";
const WORKSHOP: &str = "#dd6b20";
const UNSERVED: &str = "#c53030";
const WORK: &str = "#1a202c";

const LABEL_WIDTH: i64 = 120;
const CHART_WIDTH: i64 = 860;
const ROW_HEIGHT: i64 = 24;
const AXIS_HEIGHT: i64 = 20;

const STYLE: &str = "
:root{--ink:#1a202c;--muted:#5a6472;--line:#d8dde4;--bg:#f7f8fa}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1040px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:36px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--ink)}
h3{font-size:15px;margin:20px 0 6px}
h1 small,h2 small,h3 small,th small{font-weight:normal;color:var(--muted);font-size:70%}
p.sub{color:var(--muted);margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.card{flex:1 1 150px;border:1px solid var(--line);border-radius:8px;padding:10px 12px;background:var(--bg)}
.card b{display:block;font-size:24px}
.card span{color:var(--muted);font-size:12px}
.card.bad b{color:#c53030}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.tag{display:inline-block;padding:0 6px;border-radius:10px;font-size:12px;color:#fff}
.bad{color:#c53030}
.ok{color:#2f855a}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;color:var(--muted);margin:4px 0 8px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-2px}
svg{display:block;max-width:100%;height:auto}
svg text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}
.wrap{overflow-x:auto}
td.who{white-space:nowrap}
footer{margin-top:40px;color:var(--muted);font-size:12px}
@media print{main{max-width:none;padding:0}h2{break-after:avoid}svg,table{break-inside:avoid}}
";

/// Writes the HTML report of a plan: one self-contained page (inline CSS
/// and SVG, no script, no external asset) with the summary and cost, a
/// timeline per day, coverage by language and municipality, workshop
/// sessions, unassigned requests with their reasons, and each mediator's
/// load and travel.
///
/// Refuses a plan that does not fit the problem, as
/// [`crate::booking::explain`] does.
pub fn html(problem: &Problem, plan: &SolutionDoc, options: &ReportOptions) -> Result<String, PonteError> {
    let explanation = explained(problem, plan)?;
    let page = Page { p: problem, plan, x: &explanation, o: options, lang: options.lang };
    Ok(page.render())
}

struct Page<'a> {
    p: &'a Problem,
    plan: &'a SolutionDoc,
    x: &'a Explanation,
    o: &'a ReportOptions,
    lang: Lang,
}

/// One block of the timeline.
struct Block {
    mediator: usize,
    date: NaiveDate,
    from: i64,
    to: i64,
    colour: &'static str,
    label: String,
    short: String,
    tooltip: String,
}

impl Page<'_> {
    fn t(&self, it: &'static str, en: &'static str) -> &'static str {
        if self.lang == Lang::It {
            it
        } else {
            en
        }
    }

    /// A heading text: Italian with English in small print, or English.
    fn h(&self, it: &str, en: &str) -> String {
        match self.lang {
            Lang::It => format!("{it} <small lang=\"en\">{en}</small>"),
            Lang::En => en.to_string(),
        }
    }

    fn mediator(&self, id: &str) -> String {
        mediator_label(self.p, id, self.o.anonymize)
    }

    fn day_name(&self, date: NaiveDate) -> String {
        let it = ["lun", "mar", "mer", "gio", "ven", "sab", "dom"];
        let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let d = date.weekday().num_days_from_monday() as usize;
        match self.lang {
            Lang::It => format!("{} {:02}/{:02}", it[d], date.day(), date.month()),
            Lang::En => format!("{} {:02}/{:02}", en[d], date.day(), date.month()),
        }
    }

    fn long_day(&self, date: NaiveDate) -> String {
        let it = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"];
        let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        let d = date.weekday().num_days_from_monday() as usize;
        match self.lang {
            Lang::It => format!("{} {}", it[d], date.format("%d/%m/%Y")),
            Lang::En => format!("{} {}", en[d], date.format("%Y-%m-%d")),
        }
    }

    fn render(&self) -> String {
        let p = self.p;
        let name = p.name().unwrap_or("Ponte");
        let horizon = format!("{} – {}", p.horizon_start().format("%d/%m/%Y"), p.horizon_end().format("%d/%m/%Y"));
        let title =
            self.o.title.clone().unwrap_or_else(|| {
                format!("{} · {name} · {horizon}", self.t("Piano della mediazione", "Mediation plan"))
            });
        let mut out = String::with_capacity(64 * 1024);
        let lang = if self.lang == Lang::It { "it" } else { "en" };
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"Ponte {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
            env!("CARGO_PKG_VERSION"),
            esc(&title)
        );
        let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
        let _ = writeln!(
            out,
            "<p class=\"sub\">{} · {} · {} {}, {} {}, {} {}{}</p>",
            esc(name),
            esc(&horizon),
            p.municipalities().len(),
            self.t("comuni", "municipalities"),
            p.offices().len(),
            self.t("uffici", "offices"),
            p.mediators().len(),
            self.t("mediatori", "mediators"),
            if self.o.anonymize {
                self.t(" · mediatori indicati con pseudonimi", " · mediators shown by pseudonym")
            } else {
                ""
            }
        );
        self.summary(&mut out);
        self.timeline(&mut out);
        self.coverage(&mut out);
        self.workshops(&mut out);
        self.meetings(&mut out);
        self.unassigned(&mut out);
        self.load(&mut out);
        self.fair_shares(&mut out);
        self.series(&mut out);
        let _ = writeln!(
            out,
            "<footer>{} <span class=\"code\">ponte-problem/1</span>, <span class=\"code\">ponte-solution/1</span>. {}</footer>\n</main>\n</body>\n</html>",
            self.t("Generato da Ponte dai documenti", "Generated by Ponte from the documents"),
            self.t(
                "Minuti reali; orari locali del fuso della rete.",
                "Real elapsed minutes; local times in the network's zone."
            )
        );
        out
    }

    fn summary(&self, out: &mut String) {
        let p = self.p;
        let total = p.requests().len();
        let served = self.x.requests.iter().filter(|r| r.assigned).count();
        let minutes: i64 =
            p.requests().iter().zip(&self.x.requests).filter(|(_, e)| e.assigned).map(|(r, _)| r.duration).sum();
        let session_langs: usize = self.plan.sessions.iter().map(|s| self.workshop_languages(&s.workshop)).sum();
        let uncovered: usize = self.plan.sessions.iter().map(|s| s.uncovered.len()).sum();
        let _ = writeln!(out, "<h2 id=\"sintesi\">{}</h2>", self.h("Sintesi", "Summary"));
        let _ = writeln!(out, "<div class=\"cards\">");
        let card = |out: &mut String, class: &str, value: String, label: &str| {
            let _ = writeln!(out, "<div class=\"card {class}\"><b>{value}</b><span>{label}</span></div>");
        };
        card(out, "", format!("{served} / {total}"), self.t("richieste servite", "requests served"));
        card(
            out,
            if total > served { "bad" } else { "" },
            (total - served).to_string(),
            self.t("richieste non servite", "requests unserved"),
        );
        card(
            out,
            "",
            format!("{} h {:02}", minutes / 60, minutes % 60),
            self.t("di mediazione erogata", "of mediation delivered"),
        );
        card(
            out,
            if uncovered > 0 { "bad" } else { "" },
            format!("{} / {session_langs}", session_langs - uncovered),
            self.t("lingue coperte nei laboratori", "workshop languages covered"),
        );
        card(out, "", self.plan.cost.total.to_string(), self.t("costo del piano", "plan cost"));
        let _ = writeln!(out, "</div>");

        // By priority.
        let mut by_priority: BTreeMap<usize, (Priority, usize, usize)> = BTreeMap::new();
        for (r, e) in p.requests().iter().zip(&self.x.requests) {
            let entry = by_priority.entry(r.priority.index()).or_insert((r.priority, 0, 0));
            if e.assigned {
                entry.1 += 1;
            } else {
                entry.2 += 1;
            }
        }
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            self.h("Per priorità", "By priority"),
            self.t("Priorità", "Priority"),
            self.t("Servite", "Served"),
            self.t("Non servite", "Unserved")
        );
        for (priority, s, u) in by_priority.values() {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{s}</td><td class=\"n{}\">{u}</td></tr>",
                priority_name(*priority, self.lang),
                if *u > 0 { " bad" } else { "" }
            );
        }
        let _ = writeln!(out, "</tbody></table>");

        // Cost terms.
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<table><thead><tr><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            self.h("Costo per voce", "Cost by term"),
            self.t("Voce", "Term"),
            self.t("Costo", "Cost")
        );
        for (term, value) in self.plan.cost.terms() {
            let label = crate::evaluate::terms::label(term, matches!(self.lang, Lang::It)).unwrap_or(term);
            let _ = writeln!(
                out,
                "<tr><td>{label} <span class=\"code\">{term}</span></td><td class=\"n\">{value}</td></tr>"
            );
        }
        let _ = writeln!(
            out,
            "<tr><th>{}</th><th class=\"n\">{}</th></tr></tbody></table>",
            self.t("Totale", "Total"),
            self.plan.cost.total
        );
    }

    fn workshop_languages(&self, workshop: &str) -> usize {
        self.p.workshop_index(workshop).map_or(0, |w| self.p.workshops()[w].languages.len())
    }

    fn blocks(&self) -> Vec<Block> {
        let p = self.p;
        let mut blocks = Vec::new();
        for a in &self.plan.assignments {
            let (Some(r), Some(m), Some((date, from))) =
                (p.request_index(&a.request), p.mediator_index(&a.mediator), parse_datetime(&a.start))
            else {
                continue;
            };
            let request = &p.requests()[r];
            let colour = match a.modality {
                Modality::InPerson => IN_PERSON,
                Modality::Phone => PHONE,
                Modality::Video => VIDEO,
            };
            let office = &p.offices()[request.office];
            let to = from + request.duration;
            // A request with roles (format 1.1): one meeting, each role's mediator its own block.
            let role = a.role.map(|k| {
                let others: Vec<String> = self
                    .plan
                    .assignments
                    .iter()
                    .filter(|b| b.request == a.request && b.role != a.role)
                    .map(|b| self.mediator(&b.mediator))
                    .collect();
                format!(
                    " · {} {}/{}, {} {}",
                    self.t("ruolo", "role"),
                    k + 1,
                    request.roles.len(),
                    self.t("con", "with"),
                    others.join(", ")
                )
            });
            blocks.push(Block {
                mediator: m,
                date,
                from,
                to,
                colour,
                label: format!("{} · {}", a.request, a.language),
                short: a.language.clone(),
                tooltip: format!(
                    "{} · {} · {} · {}–{} · {}{}",
                    a.request,
                    language_label(&a.language, self.lang),
                    modality_name(a.modality, self.lang),
                    clock(from),
                    clock(to),
                    office.name.as_deref().unwrap_or(&office.id),
                    role.unwrap_or_default()
                ),
            });
        }
        for staffing in &self.plan.sessions {
            let Some(w) = p.workshop_index(&staffing.workshop) else { continue };
            let workshop = &p.workshops()[w];
            let Some(session) = workshop.sessions.iter().find(|s| s.id == staffing.session) else { continue };
            let date = p.clock().local_date(session.start);
            let from = p.clock().clock_minutes(session.start);
            for sm in &staffing.mediators {
                let Some(m) = p.mediator_index(&sm.mediator) else { continue };
                let langs = sm.languages.join(",");
                blocks.push(Block {
                    mediator: m,
                    date,
                    from,
                    to: from + session.duration,
                    colour: WORKSHOP,
                    label: format!("{}/{} · {langs}", workshop.id, session.id),
                    short: langs.clone(),
                    tooltip: format!(
                        "{} · {} · {}–{} · {}",
                        workshop.title.as_deref().unwrap_or(&workshop.id),
                        session.id,
                        clock(from),
                        clock(from + session.duration),
                        sm.languages.iter().map(|l| language_label(l, self.lang)).collect::<Vec<_>>().join(", ")
                    ),
                });
            }
        }
        blocks
    }

    fn timeline(&self, out: &mut String) {
        let blocks = self.blocks();
        let work = self.work_blocks();
        let _ = writeln!(out, "<h2 id=\"calendario\">{}</h2>", self.h("Calendario per giorno", "Timeline by day"));
        let _ = writeln!(
            out,
            "<div class=\"legend\"><span><i style=\"background:{IN_PERSON}\"></i>{}</span><span><i style=\"background:{PHONE}\"></i>{}</span>\
             <span><i style=\"background:{VIDEO}\"></i>{}</span><span><i style=\"background:{WORKSHOP}\"></i>{}</span>\
             <span>{}</span></div>",
            modality_name(Modality::InPerson, self.lang),
            modality_name(Modality::Phone, self.lang),
            modality_name(Modality::Video, self.lang),
            self.t("laboratorio", "workshop"),
            self.t("etichetta: richiesta · lingua", "label: request · language"),
        );
        if !work.is_empty() {
            let _ = writeln!(
                out,
                "<div class=\"legend\"><span><i style=\"background:{WORK};height:3px\"></i>{}</span></div>",
                self.t(
                    "blocco di lavoro senza pausa (tra due blocchi, una pausa)",
                    "work block without a break (between two blocks, a break)"
                ),
            );
        }
        if blocks.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", self.t("Nessun intervento nel piano.", "Nothing planned."));
            return;
        }
        let lo = blocks.iter().map(|b| b.from).min().unwrap_or(480).min(8 * 60) / 60 * 60;
        let hi = (blocks.iter().map(|b| b.to).max().unwrap_or(1080).max(18 * 60) + 59) / 60 * 60;
        let hi = hi.min(24 * 60).max(lo + 60);
        let scale = CHART_WIDTH as f64 / (hi - lo) as f64;
        let x = |minute: i64| LABEL_WIDTH as f64 + (minute.clamp(lo, hi) - lo) as f64 * scale;
        let mut days: BTreeMap<NaiveDate, Vec<&Block>> = BTreeMap::new();
        for b in &blocks {
            days.entry(b.date).or_default().push(b);
        }
        for (date, list) in days {
            let mut rows: Vec<usize> = list.iter().map(|b| b.mediator).collect();
            rows.sort_unstable();
            rows.dedup();
            let minutes: i64 = list.iter().map(|b| b.to - b.from).sum();
            let _ = writeln!(
                out,
                "<h3>{} <small>{} {}, {} {}</small></h3>",
                esc(&self.long_day(date)),
                list.len(),
                self.t("interventi", "engagements"),
                rows.len(),
                self.t("mediatori", "mediators")
            );
            let width = LABEL_WIDTH + CHART_WIDTH + 24;
            let height = AXIS_HEIGHT + rows.len() as i64 * ROW_HEIGHT + 4;
            let _ = writeln!(
                out,
                "<div class=\"wrap\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{} {}: {} min\">",
                self.t("Calendario", "Timeline"),
                date,
                minutes
            );
            for (i, _) in rows.iter().enumerate() {
                if i % 2 == 1 {
                    let _ = writeln!(
                        out,
                        "<rect x=\"0\" y=\"{}\" width=\"{width}\" height=\"{ROW_HEIGHT}\" fill=\"#f3f5f8\"/>",
                        AXIS_HEIGHT + i as i64 * ROW_HEIGHT
                    );
                }
            }
            let mut hour = lo;
            while hour <= hi {
                let hx = x(hour);
                let _ = writeln!(
                    out,
                    "<line x1=\"{hx:.1}\" y1=\"{}\" x2=\"{hx:.1}\" y2=\"{height}\" stroke=\"#d8dde4\"/><text x=\"{hx:.1}\" y=\"13\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5a6472\">{:02}:00</text>",
                    AXIS_HEIGHT - 4,
                    hour / 60
                );
                hour += 60;
            }
            for (i, m) in rows.iter().enumerate() {
                let y = AXIS_HEIGHT + i as i64 * ROW_HEIGHT;
                let id = &self.p.mediators()[*m].id;
                let _ = writeln!(
                    out,
                    "<text x=\"6\" y=\"{}\" font-size=\"12\" fill=\"#1a202c\">{}</text>",
                    y + 16,
                    esc(&clip(&self.mediator(id), 18))
                );
                for b in list.iter().filter(|b| b.mediator == *m) {
                    let (bx, bw) = (x(b.from), (x(b.to) - x(b.from)).max(2.0));
                    let _ = write!(
                        out,
                        "<g><title>{}</title><rect x=\"{bx:.1}\" y=\"{}\" width=\"{bw:.1}\" height=\"{}\" rx=\"3\" fill=\"{}\" stroke=\"#fff\"/>",
                        esc(&b.tooltip),
                        y + 2,
                        ROW_HEIGHT - 4,
                        b.colour
                    );
                    let fits = ((bw - 6.0) / 5.8).floor().max(0.0) as usize;
                    let text = if b.label.chars().count() <= fits {
                        b.label.clone()
                    } else if b.short.chars().count() <= fits {
                        b.short.clone()
                    } else {
                        String::new()
                    };
                    if !text.is_empty() {
                        let _ = write!(
                            out,
                            "<text x=\"{:.1}\" y=\"{}\" font-size=\"10\" fill=\"#fff\">{}</text>",
                            bx + 3.0,
                            y + 16,
                            esc(&text)
                        );
                    }
                    let _ = writeln!(out, "</g>");
                }
                for &(from, to) in work.get(&(date, *m)).map(Vec::as_slice).unwrap_or_default() {
                    let (bx, bw) = (x(from), (x(to) - x(from)).max(2.0));
                    let _ = writeln!(
                        out,
                        "<g class=\"work\"><title>{} {}–{} ({} min)</title><rect x=\"{bx:.1}\" y=\"{}\" width=\"{bw:.1}\" height=\"2\" fill=\"{WORK}\"/></g>",
                        self.t("blocco di lavoro", "work block"),
                        clock(from),
                        clock(to),
                        to - from,
                        y + ROW_HEIGHT - 2,
                    );
                }
            }
            let _ = writeln!(out, "</svg></div>");
        }
    }

    /// A bar of served (green) and unserved (red) counts.
    fn bar(served: usize, unserved: usize, most: usize) -> String {
        let w = 160.0;
        let scale = if most == 0 { 0.0 } else { w / most as f64 };
        let (a, b) = (served as f64 * scale, unserved as f64 * scale);
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"12\" viewBox=\"0 0 {w} 12\" aria-hidden=\"true\">\
             <rect x=\"0\" y=\"1\" width=\"{a:.1}\" height=\"10\" fill=\"{IN_PERSON}\"/><rect x=\"{a:.1}\" y=\"1\" width=\"{b:.1}\" height=\"10\" fill=\"{UNSERVED}\"/></svg>"
        )
    }

    fn coverage(&self, out: &mut String) {
        let _ = writeln!(out, "<h2 id=\"copertura\">{}</h2>", self.h("Copertura", "Coverage"));
        let mut by_language: BTreeMap<&str, [i64; 4]> = BTreeMap::new();
        let mut by_municipality: BTreeMap<&str, [i64; 4]> = BTreeMap::new();
        for c in &self.x.coverage {
            for entry in
                [by_language.entry(&c.language).or_default(), by_municipality.entry(&c.municipality).or_default()]
            {
                entry[0] += c.served as i64;
                entry[1] += c.unserved as i64;
                entry[2] += c.minutes_served;
                entry[3] += c.minutes_unserved;
            }
        }
        let language_rows: Vec<(String, [i64; 4])> =
            by_language.into_iter().map(|(l, v)| (language_label(l, self.lang), v)).collect();
        let municipality_rows: Vec<(String, [i64; 4])> = by_municipality
            .into_iter()
            .map(|(id, v)| {
                let name = self.p.municipality_index(id).map_or(id, |m| municipality_name(self.p, m));
                (name.to_string(), v)
            })
            .collect();
        for (heading, first, rows) in [
            (self.h("Per lingua", "By language"), self.t("Lingua", "Language"), language_rows),
            (self.h("Per comune", "By municipality"), self.t("Comune", "Municipality"), municipality_rows),
        ] {
            let most = rows.iter().map(|(_, v)| (v[0] + v[1]) as usize).max().unwrap_or(0);
            let _ = writeln!(
                out,
                "<h3>{heading}</h3>\n<table><thead><tr><th>{first}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th></th></tr></thead><tbody>",
                self.t("Servite", "Served"),
                self.t("Non servite", "Unserved"),
                self.t("Minuti erogati", "Minutes delivered"),
                self.t("Minuti non erogati", "Minutes not delivered"),
            );
            for (name, v) in rows {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                    esc(&name),
                    v[0],
                    if v[1] > 0 { " bad" } else { "" },
                    v[1],
                    v[2],
                    v[3],
                    Self::bar(v[0] as usize, v[1] as usize, most)
                );
            }
            let _ = writeln!(out, "</tbody></table>");
        }
    }

    fn workshops(&self, out: &mut String) {
        let p = self.p;
        if p.workshops().is_empty() {
            return;
        }
        let _ = writeln!(out, "<h2 id=\"laboratori\">{}</h2>", self.h("Laboratori", "Workshops"));
        for (w, workshop) in p.workshops().iter().enumerate() {
            let office = &p.offices()[workshop.office];
            let _ = writeln!(
                out,
                "<h3>{} <small>{} · {} · {}: {}</small></h3>",
                esc(workshop.title.as_deref().unwrap_or(&workshop.id)),
                esc(office.name.as_deref().unwrap_or(&office.id)),
                esc(municipality_name(p, office.municipality)),
                self.t("lingue", "languages"),
                esc(&workshop.languages.iter().map(|l| language_label(l, self.lang)).collect::<Vec<_>>().join(", "))
            );
            let _ = writeln!(
                out,
                "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                self.t("Incontro", "Session"),
                self.t("Quando", "When"),
                self.t("Chi copre cosa", "Who covers what"),
                self.t("Lingue scoperte", "Uncovered languages")
            );
            for (_, session) in p.held_sessions(w) {
                let staffing = self.plan.sessions.iter().find(|s| s.workshop == workshop.id && s.session == session.id);
                let who = staffing.map_or_else(String::new, |s| {
                    s.mediators
                        .iter()
                        .map(|m| {
                            format!(
                                "{}: {}",
                                esc(&self.mediator(&m.mediator)),
                                esc(&m
                                    .languages
                                    .iter()
                                    .map(|l| language_label(l, self.lang))
                                    .collect::<Vec<_>>()
                                    .join(", "))
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("<br>")
                });
                let uncovered = staffing.map_or_else(|| workshop.languages.clone(), |s| s.uncovered.clone());
                let uncovered = if uncovered.is_empty() {
                    format!("<span class=\"ok\">{}</span>", self.t("nessuna", "none"))
                } else {
                    format!(
                        "<span class=\"bad\">{}</span>",
                        esc(&uncovered.iter().map(|l| language_label(l, self.lang)).collect::<Vec<_>>().join(", "))
                    )
                };
                let start = p.clock().local(session.start);
                let _ = writeln!(
                    out,
                    "<tr><td class=\"code\">{}</td><td>{} {}–{}</td><td>{}</td><td>{uncovered}</td></tr>",
                    esc(&session.id),
                    esc(&self.day_name(start.date())),
                    clock(p.clock().clock_minutes(session.start)),
                    clock(p.clock().clock_minutes(session.start) + session.duration),
                    if who.is_empty() { "—".to_string() } else { who }
                );
            }
            let _ = writeln!(out, "</tbody></table>");
        }
    }

    fn unassigned(&self, out: &mut String) {
        let p = self.p;
        let _ = writeln!(
            out,
            "<h2 id=\"non-assegnate\">{} <small>({})</small></h2>",
            self.h("Richieste non servite", "Unserved requests"),
            self.plan.unassigned.len()
        );
        if self.plan.unassigned.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"ok\">{}</p>",
                self.t("Tutte le richieste sono servite.", "Every request is served.")
            );
            return;
        }
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for u in &self.plan.unassigned {
            if let Some(r) = u.reasons.first() {
                *counts.entry(r.code.as_str()).or_default() += 1;
            }
        }
        let _ = writeln!(
            out,
            "<p>{}: {}</p>",
            self.t("Motivi", "Reasons"),
            counts.iter().map(|(c, n)| format!("<span class=\"code\">{c}</span> {n}")).collect::<Vec<_>>().join(" · ")
        );
        let _ = writeln!(
            out,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            self.t("Richiesta", "Request"),
            self.t("Ufficio", "Office"),
            self.t("Servizio", "Service"),
            self.t("Priorità", "Priority"),
            self.t("Lingue", "Languages"),
            self.t("Min", "Min"),
            self.t("Finestra", "Window"),
            self.t("Motivo", "Reason"),
        );
        for u in &self.plan.unassigned {
            let request = p.request_index(&u.request).map(|r| &p.requests()[r]);
            let (office, service, priority, languages, duration, window) = match request {
                Some(r) => {
                    let o = &p.offices()[r.office];
                    let (a, b) = r.window();
                    (
                        format!(
                            "{} <small>({})</small>",
                            esc(o.name.as_deref().unwrap_or(&o.id)),
                            esc(municipality_name(p, o.municipality))
                        ),
                        esc(r.service.as_deref().unwrap_or("n/a")),
                        priority_name(r.priority, self.lang).to_string(),
                        esc(&r.languages.join(", ")),
                        r.duration.to_string(),
                        format!(
                            "{} {} – {} {}",
                            esc(&self.day_name(p.clock().local_date(a))),
                            clock(p.clock().clock_minutes(a)),
                            esc(&self.day_name(p.clock().local_date(b))),
                            clock(p.clock().clock_minutes(b))
                        ),
                    )
                }
                None => Default::default(),
            };
            let reasons = u
                .reasons
                .iter()
                .map(|reason| {
                    let text = if self.o.anonymize {
                        reason_text(reason.code, self.lang).to_string()
                    } else {
                        let mut text = reason.message.clone();
                        if !reason.blocking.is_empty() {
                            text.push_str(&format!(" [{}]", reason.blocking.join(", ")));
                        }
                        text
                    };
                    format!("<span class=\"code\">{}</span> {}", reason.code.as_str(), esc(&text))
                })
                .collect::<Vec<_>>()
                .join("<br>");
            let _ = writeln!(
                out,
                "<tr><td class=\"code\">{}</td><td>{office}</td><td>{service}</td><td>{priority}</td><td>{languages}</td><td class=\"n\">{duration}</td><td>{window}</td><td>{reasons}</td></tr>",
                esc(&u.request)
            );
        }
        let _ = writeln!(out, "</tbody></table>");
        let _ = writeln!(
            out,
            "<p><small>{}</small></p>",
            [
                ReasonCode::NoLanguage,
                ReasonCode::NoSkill,
                ReasonCode::NoTime,
                ReasonCode::Capacity,
                ReasonCode::Conflict
            ]
            .iter()
            .map(|c| format!("<span class=\"code\">{}</span>: {}", c.as_str(), reason_text(*c, self.lang)))
            .collect::<Vec<_>>()
            .join(" · ")
        );
    }

    fn load(&self, out: &mut String) {
        let p = self.p;
        let _ = writeln!(
            out,
            "<h2 id=\"carico\">{}</h2>",
            self.h("Carico e viaggi per mediatore", "Load and travel by mediator")
        );
        let days: Vec<NaiveDate> = p.horizon_start().iter_days().take_while(|d| *d <= p.horizon_end()).collect();
        let worked: Vec<NaiveDate> = days
            .iter()
            .copied()
            .filter(|d| self.x.mediators.iter().any(|m| m.minutes_per_day.contains_key(&d.to_string())))
            .collect();
        let _ = write!(
            out,
            "<div class=\"wrap\"><table><thead><tr><th>{}</th><th class=\"n\">{}</th>",
            self.t("Mediatore", "Mediator"),
            self.t("Interventi", "Engagements")
        );
        for d in &worked {
            let _ = write!(out, "<th class=\"n\">{}</th>", esc(&self.day_name(*d)));
        }
        let _ = writeln!(
            out,
            "<th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            self.t("Totale", "Total"),
            self.t("Max sett.", "Weekly max"),
            self.t("Viaggio", "Travel"),
            self.t("A distanza", "Remote")
        );
        for (mediator, load) in p.mediators().iter().zip(&self.x.mediators) {
            let total = load.in_person_minutes + load.remote_minutes;
            let name = if self.o.anonymize {
                esc(&self.mediator(&mediator.id))
            } else {
                format!(
                    "{}{}",
                    esc(&mediator.id),
                    mediator.name.as_deref().map(|n| format!(" <small>{}</small>", esc(n))).unwrap_or_default()
                )
            };
            let _ = write!(out, "<tr><td class=\"who\">{name}</td><td class=\"n\">{}</td>", load.engagements);
            for d in &worked {
                let m = load.minutes_per_day.get(&d.to_string()).copied().unwrap_or(0);
                let _ = write!(out, "<td class=\"n\">{}</td>", if m == 0 { String::new() } else { m.to_string() });
            }
            let _ = writeln!(
                out,
                "<td class=\"n\"><b>{total}</b></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                mediator.max_minutes_per_week.map(|m| m.to_string()).unwrap_or_else(|| "—".to_string()),
                load.travel_minutes,
                load.remote_minutes
            );
        }
        let _ = writeln!(
            out,
            "</tbody></table></div>\n<p><small>{}</small></p>",
            self.t(
                "Minuti impegnati per giorno (richieste e laboratori); viaggio: casa → primo ufficio, tra uffici, ultimo ufficio → casa, nei giorni in presenza.",
                "Engaged minutes per day (requests and workshops); travel: home to first office, between offices, last office to home, on in-person days."
            )
        );
    }
}

/// `HH:MM` of a clock reading in minutes.
fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes.div_euclid(60), minutes.rem_euclid(60))
}

/// At most `n` characters, with an ellipsis when cut.
fn clip(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(n.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}
