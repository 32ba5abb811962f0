use super::*;
use crate::solve::{solve, NoControl, SolveOptions};

const SMALL: &str = r#"{
  "format": "ponte-problem/1",
  "network": {"name": "Rete <b>di prova</b> & co", "timezone": "Europe/Rome"},
  "horizon": {"start": "2026-04-27", "end": "2026-04-28"},
  "municipalities": [
    {"id": "rozzano", "name": "Rozzano", "location": {"lat": 45.38, "lon": 9.15}},
    {"id": "opera", "name": "Opera", "location": {"lat": 45.37, "lon": 9.21}}
  ],
  "offices": [
    {"id": "roz-sportello", "name": "Sportello \"stranieri\"", "municipality": "rozzano",
     "opening": [{"days": ["mon", "tue"], "from": "09:00", "to": "13:00"}]},
    {"id": "opera-sociali", "name": "Servizi sociali", "municipality": "opera",
     "opening": [{"days": ["mon", "tue"], "from": "09:00", "to": "17:00"}]}
  ],
  "mediators": [
    {"id": "med-anna-rossi", "name": "Anna Rossi", "home": "opera",
     "languages": [{"code": "uk", "level": "native"}, {"code": "ru", "level": "fluent"}],
     "modalities": ["in_person", "phone"],
     "availability": [{"days": ["mon", "tue"], "from": "09:00", "to": "13:00"}]},
    {"id": "med-omar-b", "name": "Omar B.", "home": "rozzano",
     "languages": [{"code": "ar-ma", "level": "native"}, {"code": "fr", "level": "fluent"}],
     "availability": [{"days": ["mon"], "from": "09:00", "to": "12:00"}]}
  ],
  "requests": [
    {"id": "<script>alert(1)</script>", "office": "roz-sportello", "service": "sportello; \"stranieri\"",
     "languages": ["uk"], "duration_minutes": 60, "earliest": "2026-04-27T09:00", "latest": "2026-04-27T13:00"},
    {"id": "r-2", "office": "opera-sociali", "service": "servizi-sociali", "languages": ["ar"],
     "duration_minutes": 45, "earliest": "2026-04-27T09:00", "latest": "2026-04-27T12:00", "priority": "high"},
    {"id": "r-3", "office": "opera-sociali", "languages": ["zh"], "duration_minutes": 30,
     "earliest": "2026-04-28T09:00", "latest": "2026-04-28T12:00", "priority": "urgent"},
    {"id": "r-4", "office": "roz-sportello", "languages": ["ar-ma"], "duration_minutes": 90,
     "start": "2026-04-28T10:00"}
  ],
  "workshops": [
    {"id": "cucito", "title": "Cucito <creativo>", "office": "roz-sportello", "languages": ["uk", "bn"],
     "sessions": [{"id": "s1", "start": "2026-04-28T11:00", "duration_minutes": 60}]}
  ]
}"#;

fn small() -> (Problem, SolutionDoc) {
    let problem = Problem::from_json_str(SMALL).expect("valid test problem");
    let options = SolveOptions { seed: 1, max_iterations: Some(200), time_limit_ms: None, threads: None };
    let plan = solve(&problem, &options, &mut NoControl).solution;
    (problem, plan)
}

#[test]
fn escapes_every_input_string() {
    let (problem, plan) = small();
    assert!(plan.assignments.iter().any(|a| a.request.starts_with("<script>")), "the script request is served");
    for lang in [Lang::It, Lang::En] {
        let page = html(&problem, &plan, &ReportOptions { lang, ..ReportOptions::default() }).unwrap();
        assert!(!page.contains("<script"), "raw <script> in the report");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<b>di prova</b>"));
        assert!(!page.contains("Cucito <creativo>"));
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.trim_end().ends_with("</html>"));
        for external in ["http://", "https://", "src=", "<link", "url("] {
            let outside = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assert!(!outside.contains(external), "external reference {external}");
        }
    }
    let titled =
        html(&problem, &plan, &ReportOptions { title: Some("<i>x</i>".into()), ..ReportOptions::default() }).unwrap();
    assert!(titled.contains("<title>&lt;i&gt;x&lt;/i&gt;</title>"));
}

#[test]
fn anonymized_report_names_no_mediator() {
    let (problem, plan) = small();
    let page = html(&problem, &plan, &ReportOptions { anonymize: true, ..ReportOptions::default() }).unwrap();
    for m in problem.mediators() {
        assert!(!page.contains(&m.id), "mediator id {} in the anonymized report", m.id);
        assert!(!page.contains(m.name.as_deref().unwrap()), "mediator name in the anonymized report");
    }
    assert!(page.contains("M001"));
    for u in &plan.unassigned {
        for r in &u.reasons {
            assert!(!page.contains(&esc_text(&r.message)) || r.message.is_empty(), "reason message kept");
        }
    }
    let named = html(&problem, &plan, &ReportOptions::default()).unwrap();
    assert!(named.contains("med-anna-rossi"));
}

fn esc_text(text: &str) -> String {
    escape_html(text)
}

#[test]
fn every_unassigned_request_appears_with_its_code() {
    let (problem, plan) = small();
    assert!(!plan.unassigned.is_empty());
    for anonymize in [false, true] {
        let page = html(&problem, &plan, &ReportOptions { anonymize, ..ReportOptions::default() }).unwrap();
        let section = &page[page.find("id=\"non-assegnate\"").unwrap()..];
        for u in &plan.unassigned {
            assert!(section.contains(&format!("<td class=\"code\">{}</td>", escape_html(&u.request))));
            assert!(section.contains(u.reasons[0].code.as_str()));
        }
    }
}

#[test]
fn csv_totals_equal_the_plans() {
    let (problem, plan) = small();
    let csv = monitoring_csv(&problem, &plan).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.ends_with("\r\n"));
    assert!(!csv.replace("\r\n", "").contains('\n'));
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with("Tipo;Comune;Servizio;Lingua;Servite;Non servite;Minuti erogati"));
    // The service with `;` and quotes is quoted.
    assert!(csv.contains("\"sportello; \"\"stranieri\"\"\""));
    assert!(csv.contains(";n/a;"));
    let minutes: i64 =
        plan.assignments.iter().map(|a| problem.requests()[problem.request_index(&a.request).unwrap()].duration).sum();
    let (mut served, mut unserved, mut delivered) = (0usize, 0usize, 0i64);
    for l in &lines[1..] {
        let cells: Vec<&str> = l.split(';').collect();
        if cells[0] == "richiesta" {
            served += cells[cells.len() - 5].parse::<usize>().unwrap();
            unserved += cells[cells.len() - 4].parse::<usize>().unwrap();
            delivered += cells[cells.len() - 3].parse::<i64>().unwrap();
        }
    }
    assert_eq!(served, plan.assignments.len());
    assert_eq!(unserved, plan.unassigned.len());
    assert_eq!(delivered, minutes);
    let total = lines.iter().find(|l| l.starts_with("totale;;richieste;")).unwrap();
    assert_eq!(
        *total,
        format!(
            "totale;;richieste;;{};{};{minutes};{};{}",
            served,
            unserved,
            {
                let all: i64 = problem.requests().iter().map(|r| r.duration).sum();
                all - minutes
            },
            hours_comma(minutes)
        )
    );
    let by_mediator = monitoring_csv_by_mediator(&problem, &plan).unwrap();
    let total = by_mediator.split("\r\n").find(|l| l.starts_with("totale;")).unwrap();
    let cells: Vec<&str> = total.split(';').collect();
    let sessions: i64 = plan
        .sessions
        .iter()
        .map(|s| {
            let w = problem.workshop_index(&s.workshop).unwrap();
            let d = problem.workshops()[w].sessions.iter().find(|x| x.id == s.session).unwrap().duration;
            d * s.mediators.len() as i64
        })
        .sum();
    assert_eq!(cells[4].parse::<i64>().unwrap(), minutes + sessions);
}

#[test]
fn hours_use_a_decimal_comma() {
    assert_eq!(hours_comma(90), "1,50");
    assert_eq!(hours_comma(0), "0,00");
    assert_eq!(hours_comma(20), "0,33");
    assert_eq!(hours_comma(45), "0,75");
}

#[test]
fn a_plan_of_another_problem_is_refused() {
    let (problem, mut plan) = small();
    plan.assignments.push(crate::format::AssignmentDoc {
        request: "nope".into(),
        mediator: "med-omar-b".into(),
        start: "2026-04-27T09:00".into(),
        language: "fr".into(),
        modality: Modality::InPerson,
        role: None,
    });
    assert!(html(&problem, &plan, &ReportOptions::default()).is_err());
    assert!(monitoring_csv(&problem, &plan).is_err());
}

/// `SMALL` with format 1.1's fair shares on both mediators and r-2, r-3 as
/// one series.
fn small_1_1() -> (Problem, SolutionDoc) {
    let text = SMALL
        .replace(r#""home": "opera","#, r#""home": "opera", "fair_share": 2,"#)
        .replace(r#""home": "rozzano","#, r#""home": "rozzano", "fair_share": 1,"#)
        .replace(r#""priority": "high"}"#, r#""priority": "high", "series": "weekly <call>"}"#)
        .replace(r#""priority": "urgent"}"#, r#""priority": "urgent", "series": "weekly <call>"}"#);
    let problem = Problem::from_json_str(&text).expect("valid 1.1 test problem");
    assert!(problem.mediators().iter().all(|m| m.fair_share.is_some()));
    let options = SolveOptions { seed: 1, max_iterations: Some(200), time_limit_ms: None, threads: None };
    let plan = solve(&problem, &options, &mut NoControl).solution;
    (problem, plan)
}

#[test]
fn fair_share_rows_add_up_to_the_fairness_term() {
    let (problem, plan) = small_1_1();
    let rows = fair_shares(&problem, &plan).unwrap();
    assert_eq!(rows.iter().map(|r| r.mediator.as_str()).collect::<Vec<_>>(), ["med-anna-rossi", "med-omar-b"]);
    let engaged: i64 = rows.iter().map(|r| r.engaged_minutes).sum();
    assert!(engaged > 0, "the plan engages someone");
    let explanation = crate::booking::explain(&problem, &plan).unwrap();
    for (row, load) in rows.iter().zip(&explanation.mediators) {
        assert_eq!(row.engaged_minutes, load.in_person_minutes + load.remote_minutes);
    }
    let proportional: f64 = rows.iter().map(|r| r.proportional_minutes).sum();
    assert!((proportional - engaged as f64).abs() < 1e-9, "the proportional minutes split the engaged ones");
    assert!((rows[0].proportional_minutes - 2.0 * rows[1].proportional_minutes).abs() < 1e-9, "shares 2:1");
    // X_i = e_i * S - E * share_i = deviation_i * S, exact integers here.
    let s = 3.0;
    let squares: i64 = rows.iter().map(|r| (r.deviation_minutes * s).round() as i64).map(|x| x * x).sum();
    let fairness = problem.weights().fairness * squares / (3600 * 9);
    assert_eq!(plan.cost.fairness.unwrap_or(0), fairness, "the table's deviations give the plan's fairness term");
}

#[test]
fn report_shows_fair_shares_and_series_only_when_used() {
    let (problem, plan) = small_1_1();
    let page = html(&problem, &plan, &ReportOptions::default()).unwrap();
    assert!(page.contains("id=\"quote\""), "fair-share table");
    assert!(page.contains("id=\"serie\""), "series table");
    assert!(page.contains("weekly &lt;call&gt;"), "the series name, escaped");
    assert!(!page.contains("weekly <call>"));
    for r in ["r-2", "r-3"] {
        assert!(page.contains(&format!("<td class=\"code\">{r}</td>")), "{r} listed in its series");
    }
    let anonymous = html(&problem, &plan, &ReportOptions { anonymize: true, ..ReportOptions::default() }).unwrap();
    assert!(anonymous.contains("id=\"quote\""));
    for m in problem.mediators() {
        assert!(!anonymous.contains(&m.id), "mediator id {} in the anonymized report", m.id);
    }
    let (plain, plain_plan) = small();
    let page = html(&plain, &plain_plan, &ReportOptions::default()).unwrap();
    assert!(!page.contains("id=\"quote\"") && !page.contains("id=\"serie\""), "no 1.1 sections for a 1.0 problem");
    assert!(fair_shares(&plain, &plain_plan).unwrap().is_empty());
}

#[test]
fn timelines_show_work_blocks_with_breaks_between_them() {
    // SMALL with a break rule: 30 minutes between runs of at most 3 hours.
    let text = SMALL.replace(
        r#""timezone": "Europe/Rome"}"#,
        r#""timezone": "Europe/Rome", "breaks": {"after_minutes": 180, "break_minutes": 30}}"#,
    );
    let problem = Problem::from_json_str(&text).expect("valid with breaks");
    let options = SolveOptions { seed: 1, max_iterations: Some(200), time_limit_ms: None, threads: None };
    let plan = solve(&problem, &options, &mut NoControl).solution;
    let page = html(&problem, &plan, &ReportOptions::default()).unwrap();
    let blocks = page.matches("<g class=\"work\">").count();
    assert!(blocks > 0, "work blocks drawn");
    // One block per run of work: never more blocks than engagements.
    let engagements = plan.assignments.len() + plan.sessions.iter().map(|s| s.mediators.len()).sum::<usize>();
    assert!(blocks <= engagements, "{blocks} blocks, {engagements} engagements");
    assert!(page.contains("blocco di lavoro senza pausa"), "legend");
    let (plain, plain_plan) = small();
    let page = html(&plain, &plain_plan, &ReportOptions::default()).unwrap();
    assert!(!page.contains("<g class=\"work\">"), "no break rule, no work blocks");
}

#[test]
fn a_meeting_with_several_mediators_is_one_row_with_every_role() {
    // SMALL with r-2 needing two mediators at once: Ukrainian and Arabic.
    let text = SMALL.replace(
        r#""languages": ["ar"],
     "duration_minutes": 45, "earliest": "2026-04-27T09:00", "latest": "2026-04-27T12:00", "priority": "high"}"#,
        r#""roles": [{"languages": ["uk"]}, {"languages": ["ar"]}],
     "duration_minutes": 45, "earliest": "2026-04-27T09:00", "latest": "2026-04-27T12:00", "priority": "high"}"#,
    );
    let problem = Problem::from_json_str(&text).expect("valid with roles");
    let r2 = problem.request_index("r-2").expect("r-2");
    assert!(problem.requests()[r2].has_roles());
    let options = SolveOptions { seed: 1, max_iterations: Some(300), time_limit_ms: None, threads: None };
    let plan = solve(&problem, &options, &mut NoControl).solution;
    let entries: Vec<_> = plan.assignments.iter().filter(|a| a.request == "r-2").collect();
    assert_eq!(entries.len(), 2, "both roles served: {:?}", plan.unassigned);
    let page = html(&problem, &plan, &ReportOptions::default()).unwrap();
    assert!(page.contains("id=\"incontri\""), "the meetings table");
    for a in &entries {
        assert!(page.contains(&format!("{}: {} (", a.role.unwrap() + 1, a.mediator)), "role of {}", a.mediator);
    }
    assert!(page.contains("ruolo 1/2, con"), "the timeline's blocks name the meeting's other mediator");
    let anonymous = html(&problem, &plan, &ReportOptions { anonymize: true, ..ReportOptions::default() }).unwrap();
    for m in problem.mediators() {
        assert!(!anonymous.contains(&m.id), "mediator id {} in the anonymized report", m.id);
    }
    let (plain, plain_plan) = small();
    assert!(!html(&plain, &plain_plan, &ReportOptions::default()).unwrap().contains("id=\"incontri\""));
}
