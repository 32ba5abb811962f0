//! Reports of a plan for people: a self-contained HTML page for planners
//! and managers ([`html`]), and the monitoring summary for the network's
//! funders as a spreadsheet-ready CSV ([`monitoring_csv`],
//! [`monitoring_csv_by_mediator`]).
//!
//! The HTML page has inline CSS and inline SVG only: no script, no font, no
//! image, no link to anything, so it opens offline and can be mailed or
//! archived as it is. It shows the plan's summary and cost, a timeline per
//! day (rows are mediators, blocks coloured by modality and labelled with
//! the request and language, workshop sessions included), coverage by
//! language and by municipality, the workshops' sessions, every unassigned
//! request with its reason, and each mediator's load and travel. Every
//! string that comes from the input is HTML-escaped.
//!
//! With [`ReportOptions::anonymize`] mediators appear only as pseudonyms
//! (`M001`, ... in the problem's order, as in
//! [`crate::booking::pseudonym`]) and the reasons' messages, which name
//! mediators, are replaced by the description of their code.
//!
//! The CSV files follow Italian spreadsheet conventions: `;` between
//! fields, UTF-8 with a byte-order mark, CRLF line ends, a decimal comma,
//! and an Italian header row.

mod csv;
mod html;
#[cfg(test)]
mod tests;

use crate::error::PonteError;
use crate::format::SolutionDoc;
use crate::model::{Modality, Priority, Problem, ReasonCode};

pub use csv::{monitoring_csv, monitoring_csv_by_mediator};
pub use html::html;

/// The language of a report's headings and fixed texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Italian, with the English heading in small print.
    #[default]
    It,
    /// English only.
    En,
}

/// How to write an HTML report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// Replace mediator ids and names with pseudonyms (`M001`, ...) and leave
    /// out the reasons' messages, which name mediators: for publishing.
    pub anonymize: bool,
    /// The page title (default: the network's name and the horizon).
    pub title: Option<String>,
    /// Language of headings and fixed texts.
    pub lang: Lang,
}

/// Escapes text for HTML element content and attribute values.
///
/// ```
/// assert_eq!(ponte::report::escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Minutes as hours with a decimal comma and two decimals (`90` → `1,50`).
pub(crate) fn hours_comma(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    let hundredths = (m * 100 + 30) / 60;
    format!("{sign}{},{:02}", hundredths / 100, hundredths % 100)
}

/// A mediator's name in a report: the id, or its pseudonym.
pub(crate) fn mediator_label(problem: &Problem, id: &str, anonymize: bool) -> String {
    match problem.mediator_index(id) {
        Some(m) if anonymize => crate::booking::pseudonym(m),
        Some(_) => id.to_string(),
        None if anonymize => "M???".to_string(),
        None => id.to_string(),
    }
}

/// Name of a municipality (its name, else its id).
pub(crate) fn municipality_name(problem: &Problem, index: usize) -> &str {
    let m = &problem.municipalities()[index];
    m.name.as_deref().unwrap_or(&m.id)
}

/// Italian or English name of a language tag that mediators commonly serve
/// in Italian municipalities (`None` for other tags).
///
/// ```
/// use ponte::report::{language_name, Lang};
/// assert_eq!(language_name("ar-ma", Lang::It), Some("arabo marocchino"));
/// assert_eq!(language_name("xx", Lang::En), None);
/// ```
pub fn language_name(tag: &str, lang: Lang) -> Option<&'static str> {
    let (it, en) = match tag {
        "ar" => ("arabo", "Arabic"),
        "ar-ma" => ("arabo marocchino", "Moroccan Arabic"),
        "ar-eg" => ("arabo egiziano", "Egyptian Arabic"),
        "ar-tn" => ("arabo tunisino", "Tunisian Arabic"),
        "ar-dz" => ("arabo algerino", "Algerian Arabic"),
        "ar-sd" => ("arabo sudanese", "Sudanese Arabic"),
        "zh" => ("cinese", "Chinese"),
        "es" => ("spagnolo", "Spanish"),
        "uk" => ("ucraino", "Ukrainian"),
        "ru" => ("russo", "Russian"),
        "bn" => ("bengalese", "Bengali"),
        "ro" => ("romeno", "Romanian"),
        "sq" => ("albanese", "Albanian"),
        "ur" => ("urdu", "Urdu"),
        "pa" => ("punjabi", "Punjabi"),
        "hi" => ("hindi", "Hindi"),
        "tl" => ("tagalog", "Tagalog"),
        "si" => ("singalese", "Sinhala"),
        "ta" => ("tamil", "Tamil"),
        "wo" => ("wolof", "Wolof"),
        "fr" => ("francese", "French"),
        "en" => ("inglese", "English"),
        "ti" => ("tigrino", "Tigrinya"),
        "am" => ("amarico", "Amharic"),
        "so" => ("somalo", "Somali"),
        "fa" => ("persiano", "Persian"),
        "ps" => ("pashto", "Pashto"),
        "pt" => ("portoghese", "Portuguese"),
        "it" => ("italiano", "Italian"),
        "tr" => ("turco", "Turkish"),
        "ff" => ("fula", "Fula"),
        "bm" => ("bambara", "Bambara"),
        "ha" => ("hausa", "Hausa"),
        "yo" => ("yoruba", "Yoruba"),
        "ig" => ("igbo", "Igbo"),
        _ => return None,
    };
    Some(if lang == Lang::It { it } else { en })
}

/// `name (tag)` when [`language_name`] knows the tag, else the tag alone.
pub fn language_label(tag: &str, lang: Lang) -> String {
    match language_name(tag, lang) {
        Some(name) => format!("{name} ({tag})"),
        None => tag.to_string(),
    }
}

/// A modality's name.
pub(crate) fn modality_name(modality: Modality, lang: Lang) -> &'static str {
    match (modality, lang) {
        (Modality::InPerson, Lang::It) => "in presenza",
        (Modality::Phone, Lang::It) => "telefono",
        (Modality::Video, Lang::It) => "video",
        (Modality::InPerson, Lang::En) => "in person",
        (Modality::Phone, Lang::En) => "phone",
        (Modality::Video, Lang::En) => "video",
    }
}

/// A priority's name.
pub(crate) fn priority_name(priority: Priority, lang: Lang) -> &'static str {
    match (priority, lang) {
        (Priority::Urgent, Lang::It) => "urgente",
        (Priority::High, Lang::It) => "alta",
        (Priority::Normal, Lang::It) => "normale",
        (Priority::Low, Lang::It) => "bassa",
        (Priority::Urgent, Lang::En) => "urgent",
        (Priority::High, Lang::En) => "high",
        (Priority::Normal, Lang::En) => "normal",
        (Priority::Low, Lang::En) => "low",
    }
}

/// What a reason code means, in plain words (names no mediator).
pub(crate) fn reason_text(code: ReasonCode, lang: Lang) -> &'static str {
    match (code, lang) {
        (ReasonCode::NoLanguage, Lang::It) => "nessun mediatore parla una delle lingue richieste al livello richiesto",
        (ReasonCode::NoSkill, Lang::It) => {
            "c'è chi parla la lingua, ma senza le competenze, il genere o la modalità richiesti"
        }
        (ReasonCode::NoTime, Lang::It) => "nessun mediatore adatto ha un orario possibile nella finestra richiesta",
        (ReasonCode::Capacity, Lang::It) => "l'ufficio è pieno a ogni orario possibile",
        (ReasonCode::Conflict, Lang::It) => "servibile da sola, ma il resto del piano occupa i mediatori adatti",
        (ReasonCode::NoLanguage, Lang::En) => "no mediator speaks any of its languages at the level asked",
        (ReasonCode::NoSkill, Lang::En) => "some speak the language, but without the skills, gender or modality asked",
        (ReasonCode::NoTime, Lang::En) => "no suitable mediator has a possible start in the window",
        (ReasonCode::Capacity, Lang::En) => "the office is full at every possible start",
        (ReasonCode::Conflict, Lang::En) => {
            "it could be served alone; the rest of the plan takes the suitable mediators"
        }
    }
}

/// One mediator's row of the fair-share table (format 1.1 `fair_share`,
/// cost term `fairness`): what they were engaged against what their share
/// of everyone's engaged minutes would be.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FairShare {
    /// Mediator id.
    pub mediator: String,
    /// Their `fair_share`.
    pub share: i64,
    /// Minutes engaged in the plan (requests, each role of a request with
    /// roles, workshop sessions; travel and minutes `worked` before the
    /// horizon excluded), as `fairness` counts them.
    pub engaged_minutes: i64,
    /// `E * share / S`: the participants' engaged minutes E split in
    /// proportion to the shares (S their sum).
    pub proportional_minutes: f64,
    /// `engaged_minutes - proportional_minutes`: positive when the mediator
    /// works more than their share.
    pub deviation_minutes: f64,
}

/// The fair-share table of a plan: one row per mediator with a
/// `fair_share`, in the problem's order (empty when none has one). The
/// `fairness` term is `floor(w * sum(deviation^2) / 3600)` of these rows,
/// computed exactly by the evaluation.
///
/// Refuses a plan that does not fit the problem, as
/// [`crate::booking::explain`] does.
pub fn fair_shares(problem: &Problem, plan: &SolutionDoc) -> Result<Vec<FairShare>, PonteError> {
    let explanation = explained(problem, plan)?;
    Ok(fair_shares_of(problem, &explanation))
}

pub(crate) fn fair_shares_of(problem: &Problem, explanation: &crate::booking::Explanation) -> Vec<FairShare> {
    let rows: Vec<(&str, i64, i64)> = problem
        .mediators()
        .iter()
        .zip(&explanation.mediators)
        .filter_map(|(m, load)| m.fair_share.map(|s| (m.id.as_str(), s, load.in_person_minutes + load.remote_minutes)))
        .collect();
    let total_share: i128 = rows.iter().map(|r| i128::from(r.1)).sum();
    let total_minutes: i128 = rows.iter().map(|r| i128::from(r.2)).sum();
    rows.into_iter()
        .map(|(mediator, share, engaged)| {
            let proportional =
                if total_share == 0 { 0.0 } else { (total_minutes * i128::from(share)) as f64 / total_share as f64 };
            FairShare {
                mediator: mediator.to_string(),
                share,
                engaged_minutes: engaged,
                proportional_minutes: proportional,
                deviation_minutes: engaged as f64 - proportional,
            }
        })
        .collect()
}

/// Checks the plan against the problem the way the booking operations do
/// (every assignment must name a request and mediator of the problem).
pub(crate) fn explained(problem: &Problem, plan: &SolutionDoc) -> Result<crate::booking::Explanation, PonteError> {
    crate::booking::explain(problem, plan)
}
