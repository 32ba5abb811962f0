//! Rule 1: the language (requested, served at `min_level`), the modality
//! (requested, offered), the skills and the wanted gender.

use super::{json_ascii, Feature};
use crate::evaluate::plan::Plan;
use crate::evaluate::read::Assignment;
use crate::evaluate::violation::{Findings, Refs};
use crate::interval::Minute;
use crate::model::{Modality, Problem, Request};

/// Rule 1.
#[derive(Debug, Clone, Copy, Default)]
pub struct Suitability;

impl Feature for Suitability {
    const NUMBER: u8 = 1;
    const NAME: &'static str = "language, modality, skills and gender";

    fn check_assignment(&self, plan: &Plan<'_>, a: &Assignment, out: &mut Findings) {
        let p = plan.problem();
        // A role's entry is checked against the role (its languages, level, skills and gender).
        let (request, mediator) = match a.role {
            Some(k) => (&p.role_views(a.request)[k], &p.mediators()[a.mediator]),
            None => (&p.requests()[a.request], &p.mediators()[a.mediator]),
        };
        let (role, whose) = match a.role {
            Some(k) => (format!(" role {k}"), "the role's"),
            None => (String::new(), "the request's"),
        };
        let head = format!("request '{}'{role} with mediator '{}'", request.id, mediator.id);
        let refs = || Refs::assignment(&request.id, &mediator.id);
        let path = Some(a.path.as_str());
        if !request.languages.contains(&a.language) {
            let message = format!(
                "{head}: language '{}' is not one of {whose} languages {}",
                a.language,
                request.languages.join(", ")
            );
            out.hard("LANGUAGE_NOT_REQUESTED", 1, message, path, refs());
        } else if !mediator.serves(&a.language, request.min_level) {
            let have = match mediator.best_level(&a.language) {
                Some(level) => format!("only at {level}"),
                None => "not at all".to_string(),
            };
            let message = format!(
                "{head}: the mediator serves '{}' {have}, {} or better is needed",
                a.language, request.min_level
            );
            out.hard("LANGUAGE_NOT_SERVED", 1, message, path, refs());
        }
        match a.modality.filter(|m| request.modalities.contains(m)) {
            None => {
                let listed: Vec<&str> = request.modalities.iter().map(|m| m.as_str()).collect();
                let message = format!("{head}: modality '{}' is not one of {}", a.modality_text, listed.join(", "));
                out.hard("MODALITY_NOT_REQUESTED", 1, message, path, refs());
            }
            Some(modality) if !mediator.offers(modality) => {
                let message = format!("{head}: the mediator does not offer '{modality}'");
                out.hard("MODALITY_NOT_OFFERED", 1, message, path, refs());
            }
            Some(_) => {}
        }
        if !p.has_skills(request, mediator) {
            let missing: Vec<&str> = request.skills.difference(&mediator.skills).map(String::as_str).collect();
            let message = format!("{head}: the mediator lacks skills {}", missing.join(", "));
            out.hard("MISSING_SKILL", 1, message, path, refs());
        }
        if !p.gender_ok(request, mediator) {
            let gender = mediator.gender.as_deref().map_or_else(|| "null".to_string(), json_ascii);
            let wanted = request.mediator_gender.as_deref().unwrap_or_default();
            let message = format!("{head}: mediator gender {gender} is not the wanted '{wanted}'");
            out.hard("GENDER_MISMATCH", 1, message, path, refs());
        }
    }

    /// Booking: the language and modality chosen, the skills, the gender.
    fn placement_problem(
        p: &Problem,
        request: &Request,
        m: usize,
        _start: Minute,
        language: &str,
        modality: Modality,
    ) -> Option<(&'static str, String)> {
        let mediator = &p.mediators()[m];
        if !request.languages.iter().any(|l| l == language) || !mediator.serves(language, request.min_level) {
            return Some(("LANGUAGE_NOT_SERVED", format!("mediator '{}' does not serve '{language}' at {} or better, or it is not one of the request's languages", mediator.id, request.min_level)));
        }
        if !request.modalities.contains(&modality) || !mediator.offers(modality) {
            return Some((
                "MODALITY_NOT_OFFERED",
                format!("'{modality}' is not both accepted by the request and offered by mediator '{}'", mediator.id),
            ));
        }
        if !p.has_skills(request, mediator) {
            return Some(("MISSING_SKILL", format!("mediator '{}' lacks a required skill", mediator.id)));
        }
        if !p.gender_ok(request, mediator) {
            return Some(("GENDER_MISMATCH", format!("mediator '{}' is not of the wanted gender", mediator.id)));
        }
        None
    }

    fn admits(p: &Problem, request: &Request, m: usize) -> bool {
        p.suitable(request, &p.mediators()[m])
    }
}
