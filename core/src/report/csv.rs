//! The monitoring summary for funders, as CSV for Italian spreadsheets.

use std::collections::BTreeMap;

use super::{explained, hours_comma, municipality_name};
use crate::error::PonteError;
use crate::format::SolutionDoc;
use crate::model::Problem;

const BOM: &str = "\u{feff}";
const EOL: &str = "\r\n";

/// One CSV field: quoted when it holds `;`, `"` or a line break, and
/// prefixed with `'` when a spreadsheet would read it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn line(out: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.push_str(&cells.join(";"));
    out.push_str(EOL);
}

#[derive(Default)]
struct Tally {
    served: usize,
    unserved: usize,
    minutes_served: i64,
    minutes_unserved: i64,
}

impl Tally {
    fn add(&mut self, served: bool, minutes: i64) {
        if served {
            self.served += 1;
            self.minutes_served += minutes;
        } else {
            self.unserved += 1;
            self.minutes_unserved += minutes;
        }
    }

    fn cells(&self) -> [String; 5] {
        [
            self.served.to_string(),
            self.unserved.to_string(),
            self.minutes_served.to_string(),
            self.minutes_unserved.to_string(),
            hours_comma(self.minutes_served),
        ]
    }
}

/// The network's monitoring summary: per municipality, service (`n/a`
/// when a request names none) and language, the requests served and
/// unserved and the minutes of mediation delivered and not delivered; then
/// one row per workshop language (sessions covered and not), and a total
/// row per kind. The language is the one used, or for an unserved request
/// its most preferred one. Italian conventions: `;`, UTF-8 with BOM, CRLF,
/// decimal comma (hours).
///
/// Columns: `Tipo;Comune;Servizio;Lingua;Servite;Non servite;Minuti
/// erogati;Minuti non erogati;Ore erogate`. `Tipo` is `richiesta`
/// (appointments), `laboratorio` (workshop languages per session) or
/// `totale`.
///
/// Refuses a plan that does not fit the problem, as
/// [`crate::booking::explain`] does.
pub fn monitoring_csv(problem: &Problem, plan: &SolutionDoc) -> Result<String, PonteError> {
    let explanation = explained(problem, plan)?;
    let used: BTreeMap<&str, &str> =
        plan.assignments.iter().map(|a| (a.request.as_str(), a.language.as_str())).collect();
    let mut rows: BTreeMap<(String, String, String), Tally> = BTreeMap::new();
    let mut total = Tally::default();
    for (request, explained) in problem.requests().iter().zip(&explanation.requests) {
        let municipality = municipality_name(problem, problem.offices()[request.office].municipality).to_string();
        let service = request.service.clone().unwrap_or_else(|| "n/a".to_string());
        // A request with roles: its role 0's language.
        let first = request.languages.first().or_else(|| request.roles.first().and_then(|role| role.languages.first()));
        let language =
            used.get(request.id.as_str()).map_or_else(|| first.cloned().unwrap_or_default(), |l| (*l).to_string());
        rows.entry((municipality, service, language)).or_default().add(explained.assigned, request.duration);
        total.add(explained.assigned, request.duration);
    }
    let mut workshops: BTreeMap<(String, String, String), Tally> = BTreeMap::new();
    let mut workshop_total = Tally::default();
    for staffing in &plan.sessions {
        let Some(w) = problem.workshop_index(&staffing.workshop) else { continue };
        let workshop = &problem.workshops()[w];
        let Some(session) = workshop.sessions.iter().find(|s| s.id == staffing.session) else { continue };
        let municipality = municipality_name(problem, problem.offices()[workshop.office].municipality).to_string();
        let title = format!("laboratorio: {}", workshop.title.as_deref().unwrap_or(&workshop.id));
        for language in &workshop.languages {
            let covered = !staffing.uncovered.contains(language);
            workshops
                .entry((municipality.clone(), title.clone(), language.clone()))
                .or_default()
                .add(covered, session.duration);
            workshop_total.add(covered, session.duration);
        }
    }
    let mut out = String::from(BOM);
    line(
        &mut out,
        &[
            "Tipo",
            "Comune",
            "Servizio",
            "Lingua",
            "Servite",
            "Non servite",
            "Minuti erogati",
            "Minuti non erogati",
            "Ore erogate",
        ]
        .map(String::from),
    );
    for (kind, rows) in [("richiesta", &rows), ("laboratorio", &workshops)] {
        for ((municipality, service, language), tally) in rows {
            let mut cells = vec![kind.to_string(), municipality.clone(), service.clone(), language.clone()];
            cells.extend(tally.cells());
            line(&mut out, &cells);
        }
    }
    for (label, tally) in [("richieste", &total), ("laboratori", &workshop_total)] {
        let mut cells = vec!["totale".to_string(), String::new(), label.to_string(), String::new()];
        cells.extend(tally.cells());
        line(&mut out, &cells);
    }
    Ok(out)
}

/// The monitoring summary per mediator: engagements, engaged minutes (in
/// person and remote), travel minutes, days worked and hours, with a total
/// row. Mediators are named by id (never by personal name). Same
/// conventions as [`monitoring_csv`].
///
/// Columns: `Mediatore;Comune di residenza;Interventi;Giorni;Minuti
/// impegnati;di cui in presenza;di cui a distanza;Minuti di viaggio;Ore
/// impegnate`.
pub fn monitoring_csv_by_mediator(problem: &Problem, plan: &SolutionDoc) -> Result<String, PonteError> {
    let explanation = explained(problem, plan)?;
    let mut out = String::from(BOM);
    line(
        &mut out,
        &[
            "Mediatore",
            "Comune di residenza",
            "Interventi",
            "Giorni",
            "Minuti impegnati",
            "di cui in presenza",
            "di cui a distanza",
            "Minuti di viaggio",
            "Ore impegnate",
        ]
        .map(String::from),
    );
    let mut sums = [0i64; 6];
    for (mediator, load) in problem.mediators().iter().zip(&explanation.mediators) {
        let engaged = load.in_person_minutes + load.remote_minutes;
        let days = load.minutes_per_day.len() as i64;
        let values =
            [load.engagements as i64, days, engaged, load.in_person_minutes, load.remote_minutes, load.travel_minutes];
        for (s, v) in sums.iter_mut().zip(values) {
            *s += v;
        }
        let mut cells = vec![mediator.id.clone(), municipality_name(problem, mediator.home).to_string()];
        cells.extend(values.iter().map(i64::to_string));
        cells.push(hours_comma(engaged));
        line(&mut out, &cells);
    }
    let mut cells = vec!["totale".to_string(), String::new()];
    cells.extend(sums.iter().map(i64::to_string));
    cells.push(hours_comma(sums[2]));
    line(&mut out, &cells);
    Ok(out)
}
